"""From an analysed contract and an amendment's extracted terms to the modification arithmetic.

- `initial_state(terms, analysis)`: the contract as the arithmetic sees it. Fixed price lines
  come from Step 3 (a fee with a period is recurring over the accounting term, anything else
  a one-off on the term start); each PO's allocation (Step 4) is recognised over its Step 5
  period (point-in-time POs on their date).
- `classify_modification(before, amendment, ssp)`: the amendment's price changes become new
  price lines from the modification date (or their own `effective_from`) to the amended end
  of the term; an extension carries unchanged recurring fees to the new end; added fees
  become added goods or services (joining the existing PO of their kind when the change is
  not a separate contract); credits reduce the modification's price.
- `with_modification(analysis, modification)`: the amendment's own analysis with a Step 1
  conclusion `contract_modification` and the modification's flags and summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from assistant.engine._common import add_months, cents, collect_flags
from assistant.engine._modify_accounting import _Accounting
from assistant.engine._modify_types import (
    MODIFICATION,
    AddedItem,
    ContractChange,
    Credit,
    ModificationInputs,
    _long,
)
from assistant.engine._timeline import clip_line
from assistant.engine.combination import customer_key
from assistant.schemas import (
    AmendmentTerms,
    Analysis,
    Citation,
    ContractState,
    ContractTerms,
    FeeKind,
    FeeLine,
    Flag,
    FlagKind,
    Modification,
    ModificationFinding,
    ModificationType,
    ObligationState,
    PartyRole,
    PriceChange,
    PriceLine,
    Segment,
    Severity,
    SspTable,
    Term,
    Timing,
)

ONE_DAY = timedelta(days=1)
_GROUPS = (
    {FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.RESERVED_CAPACITY},
    {FeeKind.USAGE, FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT, FeeKind.PREPAID_CREDITS},
)


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


def _same_group(a: FeeKind, b: FeeKind) -> bool:
    return a is b or any(a in g and b in g for g in _GROUPS)


# --------------------------------------------------------------------------- state


def initial_state(terms: ContractTerms, analysis: Analysis) -> ContractState:
    """The analysed contract as a `ContractState` (before any modification)."""
    step1 = analysis.step1
    start, end, months = step1.term_start, step1.term_end, step1.contract_term_months
    allocated = {line.po_id: line for line in analysis.step4.lines}
    recognised = {line.po_id: line for line in analysis.step5.lines}
    obligations: list[ObligationState] = []
    for po in analysis.step2.performance_obligations:
        alloc = allocated.get(po.id)
        amount = alloc.allocated if alloc else Decimal("0.00")
        rec = recognised.get(po.id)
        segments: list[Segment] = []
        if rec is not None and rec.start is not None and amount:
            seg_end = rec.start if po.timing is Timing.POINT_IN_TIME else (rec.end or rec.start)
            segments.append(Segment(start=rec.start, end=seg_end, amount=amount))
        obligations.append(
            ObligationState(
                po_id=po.id,
                name=po.name,
                kind=po.kind,
                timing=po.timing,
                measure=po.measure,
                distinct_periods=po.series or po.stand_ready or po.timing is Timing.POINT_IN_TIME,
                allocated=amount,
                segments=segments,
                variable=bool(alloc and alloc.variable_allocated_directly),
            )
        )
    lines: list[PriceLine] = []
    if start is not None and end is not None:
        for comp in analysis.step3.components:
            if comp.amount is None or comp.kind.value != "fixed" or comp.po_id is None:
                continue
            fee = (
                terms.fee_lines[comp.fee_line].value
                if comp.fee_line is not None and comp.fee_line < len(terms.fee_lines)
                else None
            )
            period = (fee.commitment_period or fee.period) if fee else None
            recurring = (
                fee is not None
                and fee.amount is not None
                and period is not None
                and period.in_months() > 0
                and months is not None
                and cents(fee.amount * months / period.in_months()) == comp.amount
            )
            if recurring and fee is not None and fee.amount is not None and period is not None:
                lines.append(
                    PriceLine(
                        po_id=comp.po_id,
                        kind=fee.kind,
                        description=fee.description,
                        amount=fee.amount,
                        period_months=period.in_months(),
                        start=start,
                        end=end,
                        months=months,
                    )
                )
            else:
                lines.append(
                    PriceLine(
                        po_id=comp.po_id,
                        kind=fee.kind if fee else FeeKind.OTHER,
                        description=fee.description if fee else comp.description,
                        amount=comp.amount,
                        start=start,
                        end=start,
                    )
                )
    return ContractState(
        currency=analysis.step3.currency,
        term_start=start,
        term_end=end,
        term_months=months,
        transaction_price=sum((o.allocated for o in obligations), Decimal("0.00")),
        obligations=obligations,
        price_lines=lines,
    )


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


# --------------------------------------------------------------------------- citations


def _cites(terms: Sequence[Term | None]) -> tuple[Citation, ...]:
    seen: dict[tuple[str, int, str], Citation] = {}
    for t in terms:
        if t is None:
            continue
        for c in t.citations:
            seen.setdefault((c.clause_id, c.page, c.quote), c)
    return tuple(seen.values())


def _amendment_cites(amendment: AmendmentTerms) -> dict[str, tuple[Citation, ...]]:
    return {
        "date": _cites([amendment.effective_date]),
        "scope": _cites(
            [*amendment.price_changes, *amendment.added_fee_lines, amendment.term_change]
        ),
        "credits": _cites(list(amendment.credits)),
        "reference": _cites([amendment.original_reference]),
    }


def _original_cites(
    amendment: AmendmentTerms, original: ContractTerms | None
) -> dict[str, tuple[Citation, ...]]:
    if original is None:
        return {}
    kinds = [c.value.kind for c in amendment.price_changes] + [
        f.value.kind for f in amendment.added_fee_lines
    ]
    fees = [f for f in original.fee_lines if any(_same_group(f.value.kind, k) for k in kinds)]
    term = [original.initial_term, original.expiration_date] if amendment.term_change else []
    return {
        "scope": _cites([*fees, *term]),
        "term": _cites(term),
        "reference": _cites([original.agreement_date or original.effective_date, original.title]),
    }


# --------------------------------------------------------------------------- findings


def _approval_findings(
    amendment: AmendmentTerms,
    original: ContractTerms | None,
    contract: ContractTerms | None,
    a_cites: dict[str, tuple[Citation, ...]],
) -> list[ModificationFinding]:
    findings: list[ModificationFinding] = []
    flags: list[Flag] = []
    cites = list(a_cites.get("date", ()))
    rationale = (
        "The amendment is a written agreement that changes the scope or price of the "
        "original agreement. A contract modification exists once the parties approve it and "
        "it creates or changes enforceable rights and obligations (25-10, 25-11): revrec reads "
        "the amendment as executed; the reviewer confirms both parties signed it."
    )
    mine = contract.party(PartyRole.CUSTOMER) if contract else None
    theirs = original.party(PartyRole.CUSTOMER) if original else None
    if mine and theirs and customer_key(mine.value.name) != customer_key(theirs.value.name):
        flags.append(
            _flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.JUDGMENT,
                f"The amendment names the customer {mine.value.name}, the original agreement "
                f"{theirs.value.name}: the reviewer confirms the amendment modifies this "
                "contract (an assignment or a different contract changes the analysis).",
                mine.citations,
            )
        )
    findings.append(
        ModificationFinding(
            topic="modification_approval",
            outcome="reviewer_to_confirm",
            rationale=rationale,
            asc=list(MODIFICATION),
            amendment_citations=cites,
            flags=flags,
        )
    )
    ref = amendment.original_reference
    if ref is not None and original is not None:
        stated = original.agreement_date or original.effective_date
        dated = ref.value.dated
        title = ref.value.title or "the agreement"
        if dated is not None and stated is not None and dated != stated.value:
            mismatch = _flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.JUDGMENT,
                f"The amendment amends {title} dated {_long(dated)}, but the original reviewed "
                f"with it is dated {_long(stated.value)}: the reviewer confirms it is the "
                "agreement being amended.",
                ref.citations,
            )
            outcome, extra = "mismatch", [mismatch]
        else:
            outcome, extra = "matches", []
        when = f" dated {_long(dated)}" if dated else ""
        findings.append(
            ModificationFinding(
                topic="original_agreement",
                outcome=outcome,
                rationale=f"The amendment states that it amends the {title}{when}.",
                asc=list(MODIFICATION),
                amendment_citations=list(ref.citations),
                original_citations=[
                    c
                    for t in (original.agreement_date, original.effective_date)
                    if t
                    for c in t.citations
                ][:2],
                flags=extra,
            )
        )
    return findings


def _flag(kind: FlagKind, severity: Severity, message: str, cites: Sequence[Citation]) -> Flag:
    return Flag(
        kind=kind,
        severity=severity,
        message=" ".join(message.split()),
        asc=list(MODIFICATION),
        citations=list(cites),
    )


def _with_findings(mod: Modification, preliminary: list[ModificationFinding]) -> Modification:
    from assistant.engine._modify_summary import summarise

    findings = [*preliminary, *mod.findings]
    flags = [f for x in preliminary for f in x.flags] + list(mod.flags)
    unique = list({(f.kind, f.message): f for f in flags}.values())
    updated = mod.model_copy(update={"findings": findings, "flags": unique})
    return updated.model_copy(update={"summary": summarise(updated)})


def _undetermined(
    before: ContractState,
    preliminary: list[ModificationFinding],
    message: str,
    a_cites: dict[str, tuple[Citation, ...]],
    severity: Severity = Severity.MISSING,
) -> Modification:
    kind = FlagKind.MISSING_TERM if severity is Severity.MISSING else FlagKind.CONTRACT_MODIFICATION
    f = _flag(kind, severity, message, a_cites.get("date", ()) or a_cites.get("scope", ()))
    finding = ModificationFinding(
        topic="contract_modification",
        outcome=ModificationType.UNDETERMINED.value,
        rationale=message,
        asc=list(MODIFICATION),
        amendment_citations=list(a_cites.get("date", ())),
        flags=[f],
    )
    mod = Modification(
        type=ModificationType.UNDETERMINED,
        before=before,
        after=before,
        findings=[finding],
        flags=[f],
    )
    return _with_findings(mod, preliminary)


# --------------------------------------------------------------------------- the analysis


def with_modification(analysis: Analysis, mod: Modification) -> Analysis:
    """The amendment's own analysis, with the modification as a Step 1 conclusion, its flags
    among the open questions, and its summary as the memo's conclusion."""
    from assistant.engine._common import conclude
    from assistant.engine.combination import refresh

    main = next((f for f in mod.findings if f.topic == "contract_modification"), mod.findings[-1])
    paragraphs = ["606-10-25-10", "606-10-25-11", "606-10-25-12", "606-10-25-13"]
    conclusion = conclude(
        "contract_modification",
        mod.type.value,
        mod.summary,
        paragraphs,
        main.amendment_citations,
        mod.flags,
    )
    kept = [c for c in analysis.step1.conclusions if c.topic != "contract_modification"]
    step1 = analysis.step1.model_copy(update={"conclusions": [*kept, conclusion]})
    refreshed = refresh(analysis.model_copy(update={"step1": step1}))
    flags = collect_flags(refreshed.conclusions())
    judgments = sum(1 for f in flags if f.severity is Severity.JUDGMENT)
    missing = sum(1 for f in flags if f.severity is Severity.MISSING)
    tail = f" {judgments} judgment{'s' if judgments != 1 else ''}"
    if missing:
        tail += f" and {missing} missing term{'s' if missing != 1 else ''}"
    tail += f" {'are' if judgments + missing != 1 else 'is'} open for the reviewer (section 6)."
    summary = mod.summary + tail
    return refreshed.model_copy(update={"summary": summary})
