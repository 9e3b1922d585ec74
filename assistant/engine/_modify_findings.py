"""The memo sentences the modification arithmetic writes: the state it shares (`_Writer`),
the separate contract test (25-12), the distinct test (25-19 to 25-22) and the finding on
how the modification is accounted for (25-13).

The arithmetic itself is in `_modify_accounting.py` and the modules it builds on; the inputs
and working state in `_modify_types.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import (
    fmt_money,
    fmt_number,
)
from assistant.engine._modify_types import (
    DISTINCT,
    MODIFICATION,
    PRICE_CHANGE,
    PROSPECTIVE,
    SEPARATE_CONTRACT,
    SERIES,
    ZERO,
    ContractChange,
    ModificationInputs,
    _Item,
    _long,
    _pct,
    _Po,
    _unique,
)
from assistant.engine._timeline import (
    cents_exact,
    to_decimal,
)
from assistant.schemas import (
    Citation,
    ContractState,
    Flag,
    FlagKind,
    ModificationFinding,
    ModificationType,
    ObligationChange,
    Severity,
    SspTable,
)


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
