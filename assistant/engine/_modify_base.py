"""The vocabulary of the modification arithmetic, and the memo sentences it writes.

Public inputs (`ContractChange`, `AddedItem`, `Credit`, `ModificationInputs`) are re-exported
by `assistant.engine.modification`; the arithmetic itself is in `_modify.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import (
    asc,
    asc_range,
    fmt_money,
    fmt_months,
    fmt_number,
)
from assistant.engine._timeline import (
    cents_exact,
    to_decimal,
)
from assistant.schemas import (
    Citation,
    ContractState,
    FeeKind,
    Flag,
    FlagKind,
    Modification,
    ModificationFinding,
    ModificationType,
    ObligationChange,
    ObligationState,
    PriceLine,
    Segment,
    Severity,
    SspTable,
)

MODIFICATION = asc("25-10", "25-11")
SEPARATE_CONTRACT = asc("25-12")
PROSPECTIVE = asc("25-13")
DISTINCT = asc_range("25-19", "25-22")
SERIES = asc("25-14", "25-15")
PRICE_CHANGE = asc("32-42", "32-43", "32-45")
TOLERANCE = Decimal("0.15")
"""Largest relative difference between a price and the SSP that still 'reflects' the SSP."""
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ProgressOverride:
    """The reviewer's measure of progress for one PO (e.g. costs incurred / total costs)."""

    before: Fraction
    """Share satisfied at the modification date under the contract before the change."""
    after: Fraction | None = None
    """Share satisfied at that date under the modified contract (catch-up only); None: the
    same work measured against the modified whole, i.e. time elapsed over the new period."""


@dataclass(frozen=True)
class ModificationInputs:
    progress: Mapping[str, ProgressOverride] = field(default_factory=dict)
    remaining_ssp: Mapping[str, Decimal] = field(default_factory=dict)
    """SSP of the goods or services still to transfer, by PO id (existing or added)."""
    ssp_tolerance: Decimal = TOLERANCE


@dataclass(frozen=True)
class AddedItem:
    """Goods or services the modification adds, and their price."""

    kind: FeeKind
    description: str
    lines: tuple[PriceLine, ...] = ()
    """Fixed price lines (their `po_id` is replaced by the item's)."""
    price: Decimal | None = None
    """Fixed price when not given by `lines`."""
    variable: bool = False
    """Usage-based fees are charged (as they occur)."""
    ssp: Decimal | None = None
    """SSP of the added goods or services, when known outside the SSP table."""
    quantity: Decimal | None = None
    distinct: bool = True
    joins: str | None = None
    """Existing PO the item becomes part of when the change is not a separate contract."""
    po_id: str | None = None
    """Id for the item when it becomes a PO of its own (default: the next free `POn`)."""
    start: date | None = None
    end: date | None = None
    """Recognition period when there are no recurring lines (default: from the modification
    date to the end of the (modified) term; licences and hardware: on the modification date)."""


@dataclass(frozen=True)
class Credit:
    """A credit or price concession the modification grants."""

    amount: Decimal
    description: str
    transferred: bool = False
    """For goods or services already transferred (e.g. defects): revenue is reduced at the
    modification date (Example 5, Case B). Otherwise it reduces the modification's price."""
    po_id: str | None = None


@dataclass(frozen=True)
class ContractChange:
    modification_date: date
    lines_after: tuple[PriceLine, ...] | None = None
    """The existing POs' price lines after the change (None: unchanged)."""
    new_end: date | None = None
    lump_sums: Mapping[str, Decimal] = field(default_factory=dict)
    """Changes in consideration by PO id not expressed as price lines (e.g. a bonus now
    included in the transaction price, a fixed price increase)."""
    added: tuple[AddedItem, ...] = ()
    credits: tuple[Credit, ...] = ()
    variable_changes: tuple[str, ...] = ()
    """POs whose usage-based prices change (variable consideration of future periods)."""
    amendment_cites: Mapping[str, tuple[Citation, ...]] = field(default_factory=dict)
    """Citations into the amendment by subject: `date`, `scope`, `credits`."""
    original_cites: Mapping[str, tuple[Citation, ...]] = field(default_factory=dict)
    """Citations into the original agreement by subject: `scope`, `term`."""
    notes: tuple[str, ...] = ()
    """Sentences for the memo from reading the amendment (how its terms were mapped)."""


# --------------------------------------------------------------------------- working state


@dataclass
class _Po:
    ob: ObligationState
    recognised: list[Segment]
    r: Decimal
    p_before: Fraction
    delta: Fraction
    existing_change: bool
    extension: Fraction
    remaining_stated: Fraction
    end_after: date
    start: date | None
    overridden: bool
    end_changed: bool = False

    @property
    def satisfied(self) -> bool:
        return self.p_before == 1

    @property
    def affected(self) -> bool:
        return self.delta != 0 or self.existing_change or self.extension != 0 or self.end_changed


@dataclass
class _Item:
    """One added or extended unit of account in the separate-contract test and allocation."""

    item: AddedItem
    price: Fraction
    ssp: Decimal | None
    basis: str
    reflects: bool | None
    po_id: str
    extension_of: str | None = None


@dataclass
class _Unit:
    kind: FeeKind
    stated: Fraction
    po: _Po | None = None
    item: _Item | None = None


def _first_start(ob: ObligationState) -> date | None:
    return min((s.start for s in ob.segments), default=None)


def _last_end(ob: ObligationState) -> date | None:
    return max((s.end for s in ob.segments), default=None)


def _next_ids(existing: Sequence[str], n: int) -> list[str]:
    taken = {i for i in existing}
    numbers = [int(i[2:]) for i in existing if i.startswith("PO") and i[2:].isdigit()]
    k = max(numbers, default=0)
    out: list[str] = []
    while len(out) < n:
        k += 1
        if f"PO{k}" not in taken:
            out.append(f"PO{k}")
    return out


class _Writer:
    """State shared by the accounting, and the memo sentences it writes."""

    def __init__(
        self,
        before: ContractState,
        change: ContractChange,
        ssp: SspTable,
        inputs: ModificationInputs,
    ) -> None:
        self.before = before
        self.change = change
        self.ssp = ssp
        self.inputs = inputs
        self.d = change.modification_date
        self.cur = before.currency
        self.old_end = before.term_end
        self.new_end = change.new_end or before.term_end
        self.lines_after = (
            list(change.lines_after) if change.lines_after is not None else before.price_lines
        )
        self.flags: list[Flag] = []
        self.findings: list[ModificationFinding] = []
        self._pool_notes: list[str] = []

    # ------------------------------------------------------------------ helpers

    def money(self, amount: Decimal | Fraction) -> str:
        value = amount if isinstance(amount, Decimal) else cents_exact(amount)
        return fmt_money(value, self.cur)

    def a_cites(self, *keys: str) -> list[Citation]:
        return _unique(c for k in keys for c in self.change.amendment_cites.get(k, ()))

    def o_cites(self, *keys: str) -> list[Citation]:
        return _unique(c for k in keys for c in self.change.original_cites.get(k, ()))

    def flag(self, kind: FlagKind, severity: Severity, message: str, paragraphs, cites=()) -> Flag:
        f = Flag(
            kind=kind,
            severity=severity,
            message=" ".join(message.split()),
            asc=list(paragraphs),
            citations=list(cites),
        )
        self.flags.append(f)
        return f

    def find(
        self,
        topic: str,
        outcome: str,
        rationale: str,
        paragraphs: Sequence[str],
        *,
        amendment: Sequence[Citation] = (),
        original: Sequence[Citation] = (),
        flags: Sequence[Flag] = (),
        amount: Decimal | None = None,
    ) -> None:
        self.findings.append(
            ModificationFinding(
                topic=topic,
                outcome=outcome,
                rationale=" ".join(rationale.split()),
                asc=list(dict.fromkeys(paragraphs)),
                amendment_citations=list(amendment),
                original_citations=list(original),
                flags=list(flags),
                amount=amount,
            )
        )

    # ------------------------------------------------------------------ 25-12 test

    def _separate_test(self, items: list[_Item], reason_changed: bool = False) -> None:
        scope = self.a_cites("scope")
        if reason_changed:
            self.find(
                "separate_contract_test",
                "not_met",
                "The amendment changes the price (or scope) of goods or services the original "
                "agreement already promised, so it does not only add distinct goods or "
                "services at their standalone selling prices: it is not a separate contract "
                "(25-12), and the remaining goods and services are assessed under 25-13.",
                SEPARATE_CONTRACT,
                amendment=scope,
                original=self.o_cites("scope"),
            )
            return
        parts = []
        missing = []
        for i in items:
            price = self.money(i.price)
            if not i.item.distinct:
                parts.append(
                    f"{i.item.description} ({price}) is not distinct from the goods or "
                    "services already promised (25-19 to 25-22)"
                )
                continue
            if i.ssp is None:
                parts.append(
                    f"{i.item.description} ({price}) is distinct, but its standalone selling "
                    f"price is not known ({i.basis})"
                )
                missing.append(i)
                continue
            diff = (i.price - Fraction(i.ssp)) / Fraction(i.ssp) * 100 if i.ssp else Fraction(0)
            verdict = "reflects" if i.reflects else "does not reflect"
            parts.append(
                f"{i.item.description}: price {price} against SSP {self.money(i.ssp)} "
                f"({i.basis}), {fmt_number(to_decimal(diff, 2))}% from it: the price "
                f"{verdict} the SSP (tolerance {fmt_number(self.inputs.ssp_tolerance * 100)}%)"
            )
        met = bool(items) and all(i.item.distinct and i.reflects for i in items)
        rationale = (
            "The amendment adds goods or services without changing the price of those already "
            "promised. 25-12 treats it as a separate contract only if the added goods or "
            "services are distinct and the price increase reflects their standalone selling "
            "prices (adjusted as the circumstances of the contract warrant): "
            + "; ".join(parts)
            + "."
        )
        flags = []
        if missing:
            alternative = self.money(sum((i.price for i in missing), Fraction(0)))
            flags.append(
                self.flag(
                    FlagKind.MISSING_SSP,
                    Severity.JUDGMENT,
                    "The standalone selling price of goods or services the amendment adds is "
                    f"not known ({', '.join(i.item.description for i in missing)}). If their "
                    f"price ({alternative}) reflects their SSP, the amendment is a separate "
                    "contract (25-12) and the original's accounting is unchanged; revrec "
                    "applies 25-13 until the reviewer supplies the SSP.",
                    SEPARATE_CONTRACT,
                    scope,
                )
            )
        self.find(
            "separate_contract_test",
            "met" if met else "not_met",
            rationale,
            [*SEPARATE_CONTRACT, *DISTINCT],
            amendment=scope,
            original=self.o_cites("scope"),
            flags=flags,
        )

    # ------------------------------------------------------------------ findings

    def _distinct_finding(self, remaining: list[_Po], b_pos: list[_Po]) -> None:
        if not remaining:
            return
        parts = []
        for p in remaining:
            if p.ob.distinct_periods:
                parts.append(
                    f"{p.ob.po_id} {p.ob.name}: the remaining periods (or units) are distinct "
                    "from those already transferred (a series, 25-14(b) and 25-15), so 25-13(a) "
                    "applies"
                )
            elif p in b_pos:
                parts.append(
                    f"{p.ob.po_id} {p.ob.name}: a single performance obligation partially "
                    "satisfied at the modification date, its remaining part not distinct, so "
                    "25-13(b) applies"
                )
        if not parts:
            return
        self.find(
            "remaining_goods_distinct",
            "assessed",
            "; ".join(parts) + ".",
            [*PROSPECTIVE, *SERIES, *DISTINCT],
            amendment=self.a_cites("scope"),
            original=self.o_cites("scope"),
        )

    def _accounting_finding(
        self,
        kind: ModificationType,
        pool: Decimal | None,
        catch_up: Decimal,
        immediate: dict[str, Decimal],
        changes: list[ObligationChange],
    ) -> None:
        sentences = []
        prospective = [c for c in changes if c.treatment == "prospective"]
        if pool is not None:
            unrec = sum(
                (
                    c.allocated_before - c.recognised_to_date
                    for c in prospective
                    if c.allocated_before is not None
                ),
                ZERO,
            )
            parts = ", ".join(
                f"{c.po_id} {self.money(c.remaining_after)}"
                + (f" ({self.money(c.monthly_after)} a month)" if c.monthly_after else "")
                for c in prospective
            )
            sentences.append(
                "25-13(a): the modification is accounted for as if it terminated the existing "
                "contract and created a new one. The consideration for the remaining goods and "
                f"services is the unrecognised consideration of the remaining distinct POs "
                f"({self.money(unrec)}) plus the consideration the modification promises, "
                f"{self.money(pool)} in all, allocated by relative SSP"
                + (f" ({'; '.join(self._pool_notes)})" if len(prospective) > 1 else "")
                + f" and recognised from {_long(self.d)}: {parts}."
            )
        for c in changes:
            if c.treatment == "catch_up":
                sentences.append(
                    f"25-13(b): {c.po_id} {c.name} is part of the existing contract. Its "
                    f"transaction price changes from {self.money(c.allocated_before or ZERO)} to "
                    f"{self.money(c.allocated_after)}; progress at {_long(self.d)} is "
                    f"{fmt_number(_pct(c.progress_after))}% under the modified contract, so "
                    f"{self.money(c.allocated_after - c.remaining_after)} should have been "
                    f"recognised against {self.money(c.recognised_to_date)} recognised: a "
                    f"cumulative catch-up of {self.money(c.catch_up)} is recognised at the "
                    "modification date."
                )
        if self.change.variable_changes:
            pos = ", ".join(self.change.variable_changes)
            sentences.append(
                f"The usage-based prices of {pos} change from {_long(self.d)}: usage fees are "
                "variable consideration allocated to the period in which the usage occurs "
                "(32-39 to 32-41), so the new prices apply to usage from that date and earlier "
                "periods are not restated."
            )
        if immediate:
            total = sum(immediate.values(), ZERO)
            sentences.append(
                f"A change of {self.money(total)} relates to goods or services already "
                "transferred and is recognised at the modification date (Example 5, Case B)."
            )
        self.find(
            "contract_modification",
            kind.value,
            " ".join(sentences),
            [*MODIFICATION, *PROSPECTIVE],
            amendment=self.a_cites("date", "scope", "credits"),
            original=self.o_cites("scope", "term"),
            amount=pool if pool is not None else catch_up,
        )
        for credit in self.change.credits:
            self.flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.JUDGMENT,
                f"The amendment grants a credit of {self.money(credit.amount)} "
                f"({credit.description}). "
                + (
                    "It is treated as a concession for goods or services already transferred "
                    "and reduces revenue at the modification date. "
                    if credit.transferred
                    else "It is treated as reducing the price of the remaining goods and services. "
                )
                + "If it compensates for goods or services already transferred (e.g. defects), "
                "it reduces revenue at once (Example 5, Case B); otherwise it is part of the "
                "remaining consideration. The reviewer confirms.",
                [*PROSPECTIVE, *PRICE_CHANGE],
                self.a_cites("credits"),
            )


def _unique(citations: Iterable[Citation]) -> list[Citation]:
    seen: dict[tuple[str, int, str], Citation] = {}
    for c in citations:
        seen.setdefault((c.clause_id, c.page, c.quote), c)
    return list(seen.values())


def _long(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _pct(value: Decimal | None) -> Decimal:
    return ((value or Decimal(0)) * 100).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------- summary


_LABEL = {
    ModificationType.SEPARATE_CONTRACT: "a separate contract (ASC 606-10-25-12)",
    ModificationType.TERMINATION_AND_NEW_CONTRACT: (
        "a termination of the existing contract and the creation of a new contract, "
        "prospectively (ASC 606-10-25-13(a))"
    ),
    ModificationType.CUMULATIVE_CATCH_UP: (
        "part of the existing contract, with a cumulative catch-up (ASC 606-10-25-13(b))"
    ),
    ModificationType.PROSPECTIVE_AND_CATCH_UP: (
        "prospectively for the distinct remaining goods and services and with a cumulative "
        "catch-up for the rest (ASC 606-10-25-13(a) to (c))"
    ),
    ModificationType.NO_CHANGE: "no change in scope or price (ASC 606-10-25-10)",
    ModificationType.UNDETERMINED: "undetermined: facts the analysis needs are missing",
}


def label(kind: ModificationType) -> str:
    return _LABEL[kind]


def summarise(mod: Modification) -> str:
    cur = mod.before.currency
    when = f" effective {_long(mod.modification_date)}" if mod.modification_date else ""
    text = f"The amendment{when} is accounted for as {label(mod.type)}."
    if mod.type in (ModificationType.NO_CHANGE, ModificationType.UNDETERMINED):
        return text
    if mod.type is ModificationType.SEPARATE_CONTRACT:
        return (
            f"{text} The original contract's transaction price of fixed consideration "
            f"({fmt_money(mod.before.transaction_price, cur)}) and its recognition are "
            "unchanged; the new contract's transaction price is "
            f"{fmt_money(mod.new_contract_price or Decimal(0), cur)}, recognised as the added "
            "goods or services are transferred."
        )
    text += (
        f" The transaction price of fixed consideration changes from "
        f"{fmt_money(mod.before.transaction_price, cur)} to "
        f"{fmt_money(mod.after.transaction_price, cur)}"
    )
    if (
        mod.before.term_months is not None
        and mod.after.term_months is not None
        and mod.after.term_end != mod.before.term_end
    ):
        text += (
            f", and the term from {fmt_months(mod.before.term_months)} to "
            f"{fmt_months(mod.after.term_months)}"
        )
    text += "."
    if mod.new_contract_price is not None:
        text += (
            f" The new contract's transaction price is {fmt_money(mod.new_contract_price, cur)}."
        )
    if mod.remaining_consideration is not None:
        text += (
            f" Remaining consideration of {fmt_money(mod.remaining_consideration, cur)} is "
            "recognised from the modification date."
        )
    if mod.catch_up:
        text += f" A cumulative catch-up of {fmt_money(mod.catch_up, cur)} is recognised at once."
    if mod.immediate_adjustment:
        text += (
            f" An adjustment of {fmt_money(mod.immediate_adjustment, cur)} for goods or "
            "services already transferred is recognised at once."
        )
    judgments = sum(1 for f in mod.flags if f.severity is Severity.JUDGMENT)
    if judgments:
        plural = judgments != 1
        text += (
            f" {judgments} judgment{'s' if plural else ''} on the modification "
            f"{'are' if plural else 'is'} open."
        )
    return text
