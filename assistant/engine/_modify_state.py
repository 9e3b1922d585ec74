"""The bookkeeping of a contract modification: each PO's progress and recognised amount at
the modification date, SSPs, unchanged POs, and the state and result after the change.

See `assistant.engine.modification` for the conventions; the 25-12 and 25-13 arithmetic
builds on this in `_modify_accounting.py`, `_modify_section13.py`, `_modify_prospective.py`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import (
    fmt_money,
    fmt_number,
)
from assistant.engine._modify_findings import _Writer
from assistant.engine._modify_summary import summarise
from assistant.engine._modify_types import (
    MODIFICATION,
    ZERO,
    AddedItem,
    _first_start,
    _last_end,
    _Po,
)
from assistant.engine._timeline import (
    ONE_DAY,
    cents_exact,
    months_exact,
    progress,
    recognised_segments,
    to_decimal,
    value_between,
)
from assistant.schemas import (
    ContractState,
    FeeKind,
    Modification,
    ModificationType,
    ObligationChange,
    ObligationState,
    PriceLine,
    ProgressMeasure,
    Segment,
    Timing,
)


class _Bookkeeping(_Writer):
    """Per-PO facts and the result shared by the 25-12 and 25-13 arithmetic."""

    # ------------------------------------------------------------------ per PO

    def _po(self, ob: ObligationState) -> _Po:
        lines_b = [x for x in self.before.price_lines if x.po_id == ob.po_id]
        lines_a = [x for x in self.lines_after if x.po_id == ob.po_id]
        override = self.inputs.progress.get(ob.po_id)
        start = _first_start(ob)
        if override is not None:
            r = cents_exact(Fraction(ob.allocated) * override.before)
            p_before = override.before
            seg_start = start or self.d
            recognised = (
                [Segment(start=seg_start, end=max(seg_start, self.d - ONE_DAY), amount=r)]
                if r
                else []
            )
        else:
            recognised = recognised_segments(ob.segments, self.d)
            r = sum((s.amount for s in recognised), ZERO)
            p_before = progress(ob.segments, self.d) if ob.segments else Fraction(0)
        lump = Fraction(self.change.lump_sums.get(ob.po_id, ZERO))
        delta = value_between(lines_a, date.min) - value_between(lines_b, date.min) + lump
        existing_change = bool(lump) or ob.po_id in self.change.variable_changes
        extension = Fraction(0)
        if self.old_end is not None:
            within_b = value_between(lines_b, self.d, self.old_end)
            within_a = value_between(lines_a, self.d, self.old_end)
            existing_change = existing_change or within_a != within_b
            past_b = value_between(lines_b, date.min, self.d - ONE_DAY)
            past_a = value_between(lines_a, date.min, self.d - ONE_DAY)
            existing_change = existing_change or past_a != past_b
            after_end = self.old_end + ONE_DAY
            extension = value_between(lines_a, after_end) - value_between(lines_b, after_end)
        if lines_a:
            remaining_stated = value_between(lines_a, self.d)
        else:
            remaining_stated = Fraction(ob.allocated - r) + delta
        recurring_ends = [x.end for x in lines_a if x.period_months is not None]
        end_after = max(recurring_ends, default=None) or _last_end(ob) or self.new_end or self.d
        end_changed = False
        if (
            ob.timing is Timing.OVER_TIME
            and self.new_end is not None
            and self.old_end is not None
            and end_after == self.old_end
            and self.new_end != self.old_end
        ):
            end_after = self.new_end  # the service continues over the amended term
            end_changed = True
        return _Po(
            ob=ob,
            recognised=recognised,
            r=r,
            p_before=p_before,
            delta=delta,
            existing_change=existing_change,
            extension=extension,
            remaining_stated=remaining_stated,
            end_after=end_after,
            start=start,
            overridden=override is not None,
            end_changed=end_changed,
        )

    # ------------------------------------------------------------------ SSP

    def _ssp_of(
        self, kind: FeeKind, price: Fraction, quantity: Decimal | None
    ) -> tuple[Decimal | None, str]:
        entry = self.ssp.entry(kind)
        if entry is None:
            return None, "no SSP table entry"
        if entry.price_ratio is not None:
            value = cents_exact(Fraction(entry.price_ratio) * price)
            return value, (
                f"{entry.basis.value.replace('_', ' ')}: {fmt_number(entry.price_ratio)} x the "
                f"stated price"
            )
        if entry.unit_rate is not None and quantity is not None:
            value = cents_exact(Fraction(entry.unit_rate) * Fraction(quantity))
            return value, (
                f"{entry.basis.value.replace('_', ' ')}: {fmt_number(quantity)} x "
                f"{fmt_money(entry.unit_rate, self.cur)}"
            )
        return None, "unit rate without a quantity"

    def _reflects(self, price: Fraction, ssp: Decimal | None) -> bool | None:
        if ssp is None:
            return None
        if ssp == 0:
            return price == 0
        diff = abs(price - Fraction(ssp)) / Fraction(ssp)
        return diff <= Fraction(self.inputs.ssp_tolerance)

    # ------------------------------------------------------------------ outcomes

    def _unchanged(self, p: _Po) -> ObligationChange:
        ob = p.ob
        remaining = ob.allocated - p.r
        return ObligationChange(
            po_id=ob.po_id,
            name=ob.name,
            treatment="satisfied" if p.satisfied else "unchanged",
            allocated_before=ob.allocated,
            recognised_to_date=p.r,
            allocated_after=ob.allocated,
            remaining_after=remaining,
            remaining_start=self.d if remaining else None,
            remaining_end=_last_end(ob) if remaining else None,
            monthly_after=self._monthly(remaining, self.d, _last_end(ob)),
            progress_before=to_decimal(p.p_before),
        )

    def _added(
        self, po_id: str, name: str, treatment: str, share: Decimal, start: date, end: date
    ) -> ObligationChange:
        """A performance obligation the modification adds: nothing recognised yet."""
        return ObligationChange(
            po_id=po_id,
            name=name,
            treatment=treatment,
            recognised_to_date=ZERO,
            allocated_after=share,
            remaining_after=share,
            remaining_start=start,
            remaining_end=end,
            monthly_after=self._monthly(share, start, end),
        )

    def _monthly(self, amount: Decimal, start: date | None, end: date | None) -> Decimal | None:
        if start is None or end is None or end < start or not amount:
            return None
        months = months_exact(start, end)
        return cents_exact(Fraction(amount) / months) if months else None

    def _item_period(self, item: AddedItem) -> tuple[date, date]:
        recurring = [x for x in item.lines if x.period_months is not None]
        if recurring:
            return min(x.start for x in recurring), max(x.end for x in recurring)
        if item.start is not None:
            return item.start, item.end or item.start
        if item.kind in (FeeKind.LICENCE, FeeKind.HARDWARE):
            return self.d, self.d
        return self.d, max(self.new_end or self.d, self.d)

    # ------------------------------------------------------------------ result

    def _state(self, obligations: list[ObligationState], lines: list[PriceLine]) -> ContractState:
        end = self.new_end
        months = None
        if self.before.term_start is not None and end is not None:
            exact = months_exact(self.before.term_start, end)
            months = Decimal(exact.numerator) if exact.denominator == 1 else to_decimal(exact, 2)
        return ContractState(
            currency=self.cur,
            term_start=self.before.term_start,
            term_end=end,
            term_months=months if months is not None else self.before.term_months,
            transaction_price=sum((o.allocated for o in obligations), ZERO),
            obligations=obligations,
            price_lines=lines,
        )

    def _result(
        self,
        kind: ModificationType,
        after: ContractState,
        changes: list[ObligationChange],
        *,
        new_price: Decimal | None = None,
        pool: Decimal | None = None,
        catch_up: Decimal = ZERO,
        immediate: Decimal = ZERO,
    ) -> Modification:
        for note in self.change.notes:
            self.find(
                "amendment_reading",
                "read",
                note,
                MODIFICATION,
                amendment=self.a_cites("scope"),
            )
        flags = list({(f.kind, f.message): f for f in self.flags}.values())
        delta = after.transaction_price - self.before.transaction_price
        mod = Modification(
            type=kind,
            modification_date=self.d,
            before=self.before,
            after=after,
            changes=changes,
            modification_consideration=delta,
            remaining_consideration=pool,
            catch_up=catch_up,
            immediate_adjustment=immediate,
            new_contract_price=new_price,
            findings=self.findings,
            flags=flags,
        )
        return mod.model_copy(update={"summary": summarise(mod)})


def _new_obligation(
    item: AddedItem, po_id: str, allocated: Decimal, start: date, end: date
) -> ObligationState:
    point = item.kind in (FeeKind.LICENCE, FeeKind.HARDWARE) and start == end
    usage = item.kind in (
        FeeKind.USAGE,
        FeeKind.COMMITTED_SPEND,
        FeeKind.MINIMUM_COMMITMENT,
        FeeKind.PREPAID_CREDITS,
    )
    return ObligationState(
        po_id=po_id,
        name=item.description,
        kind=item.kind,
        timing=Timing.POINT_IN_TIME if point else Timing.OVER_TIME,
        measure=(
            ProgressMeasure.POINT_IN_TIME
            if point
            else ProgressMeasure.USAGE
            if usage
            else ProgressMeasure.INPUT_HOURS
            if item.kind is FeeKind.PROFESSIONAL_SERVICES
            else ProgressMeasure.TIME_ELAPSED
        ),
        distinct_periods=item.kind is not FeeKind.PROFESSIONAL_SERVICES,
        allocated=allocated,
        segments=[Segment(start=start, end=end, amount=allocated)] if allocated else [],
        variable=item.variable,
    )
