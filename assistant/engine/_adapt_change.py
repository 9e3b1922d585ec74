"""From an amendment's extracted terms to the modification arithmetic's `ContractChange`.

- `classify_modification(before, amendment, ssp)`: the amendment's price changes become new
  price lines from the modification date (or their own `effective_from`) to the amended end
  of the term; an extension carries unchanged recurring fees to the new end; added fees
  become added goods or services (joining the existing PO of their kind when the change is
  not a separate contract); credits reduce the modification's price.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from assistant.engine._adapt_findings import (
    _GROUPS,
    _amendment_cites,
    _approval_findings,
    _original_cites,
    _same_group,
    _undetermined,
    _with_findings,
)
from assistant.engine._common import add_months
from assistant.engine._modify_accounting import _Accounting
from assistant.engine._modify_types import (
    AddedItem,
    ContractChange,
    Credit,
    ModificationInputs,
    _long,
)
from assistant.engine._timeline import clip_line
from assistant.schemas import (
    AmendmentTerms,
    Citation,
    ContractState,
    ContractTerms,
    FeeKind,
    FeeLine,
    Modification,
    PriceChange,
    PriceLine,
    Severity,
    SspTable,
    Term,
)

ONE_DAY = timedelta(days=1)

_NAMES = {
    FeeKind.PLATFORM: "Platform access",
    FeeKind.SUBSCRIPTION: "Platform access",
    FeeKind.RESERVED_CAPACITY: "Reserved capacity",
    FeeKind.USAGE: "Usage-based services",
    FeeKind.COMMITTED_SPEND: "Committed spend",
    FeeKind.MINIMUM_COMMITMENT: "Minimum commitment",
    FeeKind.PREPAID_CREDITS: "Prepaid credits",
    FeeKind.SETUP: "Set-up services",
    FeeKind.PROFESSIONAL_SERVICES: "Professional services",
    FeeKind.LICENCE: "Licence",
    FeeKind.SUPPORT: "Support",
    FeeKind.HARDWARE: "Hardware",
}
"""Names of added goods or services, as Step 2 names its performance obligations."""


# --------------------------------------------------------------------------- classification


def classify_modification(
    before: ContractState,
    amendment: AmendmentTerms,
    ssp: SspTable,
    *,
    original_terms: ContractTerms | None = None,
    amendment_contract: ContractTerms | None = None,
    inputs: ModificationInputs | None = None,
) -> Modification:
    """Classify and account for an amendment of the contract in state `before`."""
    a_cites = _amendment_cites(amendment)
    o_cites = _original_cites(amendment, original_terms)
    preliminary = _approval_findings(amendment, original_terms, amendment_contract, a_cites)
    if amendment.effective_date is None:
        return _undetermined(
            before,
            preliminary,
            "The amendment's effective date (the modification date) was not found, so what "
            "was recognised before the modification cannot be measured; the reviewer supplies it.",
            a_cites,
        )
    d = amendment.effective_date.value
    if before.term_start is None or before.term_end is None:
        return _undetermined(
            before,
            preliminary,
            "The original agreement's accounting contract term is unknown, so the modification "
            "cannot be measured against it; the reviewer supplies the term.",
            a_cites,
        )
    if d > before.term_end:
        return _undetermined(
            before,
            preliminary,
            f"The amendment takes effect on {_long(d)}, after the original's accounting "
            f"contract term ended on {_long(before.term_end)} (e.g. a month-to-month contract "
            "whose later periods are options): the original has no remaining promises at that "
            "date, and the amended prices apply to periods the customer commits to later. The "
            "reviewer confirms the periods then in force and accounts for the amended terms "
            "from the modification date.",
            a_cites,
            severity=Severity.JUDGMENT,
        )
    new_end = _new_end(before.term_end, amendment)
    lines, leftover, variable = _lines_after(before, amendment, d, new_end)
    notes = [
        f"The amendment's {c.value.kind.value.replace('_', ' ')} price has no matching fee in "
        "the original agreement; it is treated as an added fee."
        for c in leftover
    ]
    added = [
        _added(line.value, line.citations, before, d, new_end) for line in amendment.added_fee_lines
    ]
    added += [_added(_as_fee(c.value), c.citations, before, d, new_end) for c in leftover]
    credits = tuple(
        Credit(amount=c.value.amount, description=c.value.description)
        for c in amendment.credits
        if c.value.amount is not None
    )
    change = ContractChange(
        modification_date=d,
        lines_after=tuple(lines),
        new_end=new_end if new_end != before.term_end else None,
        added=tuple(added),
        credits=credits,
        variable_changes=tuple(variable),
        amendment_cites=a_cites,
        original_cites=o_cites,
        notes=tuple(notes),
    )
    mod = _Accounting(before, change, ssp, inputs or ModificationInputs()).run()
    return _with_findings(mod, preliminary)


def _new_end(old_end: date, amendment: AmendmentTerms) -> date:
    if amendment.term_change is None:
        return old_end
    change = amendment.term_change.value
    if change.new_end is not None:
        return change.new_end
    if change.extension is not None:
        ext = change.extension
        if ext.unit.value in ("months", "years") and ext.in_months() == int(ext.in_months()):
            return add_months(old_end + ONE_DAY, int(ext.in_months())) - ONE_DAY
        return old_end + timedelta(days=int(ext.in_days()))
    return old_end


def _lines_after(
    before: ContractState, amendment: AmendmentTerms, d: date, new_end: date
) -> tuple[list[PriceLine], list[Term[PriceChange]], list[str]]:
    old_end = before.term_end
    assert old_end is not None
    fixed = [c for c in amendment.price_changes if c.value.amount is not None]
    unit_only = [c for c in amendment.price_changes if c.value.amount is None]
    variable = [
        o.po_id
        for o in before.obligations
        if any(_same_group(o.kind, c.value.kind) for c in unit_only)
    ]
    used: set[int] = set()
    out: list[PriceLine] = []
    for line in before.price_lines:
        targets = [
            (i, c.value)
            for i, c in enumerate(fixed)
            if _same_group(c.value.kind, line.kind)
            and (line.period_months is None) == (c.value.period is None)
        ]
        if line.period_months is None:
            if targets and line.start >= d:
                used.update(i for i, _ in targets)
                out.append(line.model_copy(update={"amount": targets[-1][1].amount}))
            else:
                out.append(line)
            continue
        if line.end < d:
            out.append(line)
            continue
        end_target = new_end if line.end == old_end else line.end
        if not targets:
            out.append(
                line
                if end_target == line.end
                else line.model_copy(update={"end": end_target, "months": None})
            )
            continue
        used.update(i for i, _ in targets)
        if line.start < d:
            clipped = clip_line(line, d - ONE_DAY)
            if clipped is not None:
                out.append(clipped)
        cursor = max(line.start, d)
        ordered = sorted(targets, key=lambda t: t[1].effective_from or d)
        for n, (_, change) in enumerate(ordered):
            start = max(change.effective_from or d, d)
            if start > cursor:
                out.append(
                    line.model_copy(
                        update={"start": cursor, "end": start - ONE_DAY, "months": None}
                    )
                )
            following = ordered[n + 1][1].effective_from if n + 1 < len(ordered) else None
            stop = change.effective_to or (following - ONE_DAY if following else end_target)
            assert change.amount is not None and change.period is not None
            out.append(
                PriceLine(
                    po_id=line.po_id,
                    kind=line.kind,
                    description=change.description,
                    amount=change.amount,
                    period_months=change.period.in_months(),
                    start=start,
                    end=stop,
                )
            )
            cursor = stop + ONE_DAY
        if cursor <= end_target:
            out.append(line.model_copy(update={"start": cursor, "end": end_target, "months": None}))
    leftover = [c for i, c in enumerate(fixed) if i not in used]
    return out, leftover, variable


def _as_fee(change: PriceChange) -> FeeLine:
    return FeeLine(
        kind=change.kind,
        description=change.description,
        amount=change.amount,
        period=change.period,
        unit=change.unit,
        unit_price=change.unit_price,
    )


def _added(
    fee: FeeLine, citations: Sequence[Citation], before: ContractState, d: date, end: date
) -> AddedItem:
    period = fee.commitment_period or fee.period
    lines: tuple[PriceLine, ...] = ()
    price = None
    if fee.amount is not None and period is not None and period.in_months() > 0:
        lines = (
            PriceLine(
                po_id="new",
                kind=fee.kind,
                description=fee.description,
                amount=fee.amount,
                period_months=period.in_months(),
                start=d,
                end=max(end, d),
            ),
        )
    elif fee.amount is not None:
        lines = (
            PriceLine(
                po_id="new",
                kind=fee.kind,
                description=fee.description,
                amount=fee.amount,
                start=d,
                end=d,
            ),
        )
    elif fee.unit_price is not None and fee.quantity is not None and fee.kind is not FeeKind.USAGE:
        price = fee.unit_price * fee.quantity
    joins = next(
        (
            o.po_id
            for o in before.obligations
            if _same_group(o.kind, fee.kind)
            or (fee.kind is FeeKind.SETUP and o.kind in _GROUPS[0] | _GROUPS[1])
        ),
        None,
    )
    return AddedItem(
        kind=fee.kind,
        description=f"{_NAMES.get(fee.kind, 'Other services')} (amendment)",
        lines=lines,
        price=price,
        variable=fee.unit_price is not None or bool(fee.tiers),
        quantity=fee.quantity,
        distinct=fee.kind is not FeeKind.SETUP,
        joins=joins,
    )
