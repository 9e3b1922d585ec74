"""25-13 PO by PO: which POs are accounted for prospectively (a), which by a cumulative
catch-up (b), both (c), and credits for goods or services already transferred.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import (
    asc,
)
from assistant.engine._modify_prospective import _Prospective
from assistant.engine._modify_types import (
    DISTINCT,
    PROSPECTIVE,
    ZERO,
    _Item,
    _Po,
)
from assistant.engine._timeline import (
    ONE_DAY,
    cents_exact,
    months_exact,
    to_decimal,
)
from assistant.schemas import (
    FeeKind,
    FlagKind,
    Modification,
    ModificationType,
    ObligationChange,
    ObligationState,
    ProgressMeasure,
    Segment,
    Severity,
)


class _Section13(_Prospective):
    """25-13(a) to (c): the modification is not a separate contract."""

    # ------------------------------------------------------------------ 25-13

    def _section_13(
        self, pos: list[_Po], by_id: dict[str, _Po], items: list[_Item]
    ) -> Modification:
        remaining = [p for p in pos if not p.satisfied]
        distinct_pos = [p for p in remaining if p.ob.distinct_periods]
        joined_b: dict[str, list[_Item]] = {}
        a_items: list[_Item] = []
        for i in items:
            target = by_id.get(i.item.joins) if i.item.joins else None
            if target is not None and not target.ob.distinct_periods and not target.satisfied:
                joined_b.setdefault(target.ob.po_id, []).append(i)
            elif target is not None and not target.satisfied:
                a_items.append(_Item(i.item, i.price, i.ssp, i.basis, i.reflects, target.ob.po_id))
            else:
                a_items.append(i)
        credits_future = [c for c in self.change.credits if not c.transferred]
        credits_past = [c for c in self.change.credits if c.transferred]
        a_affected = (
            any(p.affected for p in distinct_pos)
            or bool(a_items)
            or bool(credits_future and distinct_pos)
        )
        b_pos = [
            p
            for p in remaining
            if not p.ob.distinct_periods and (p.affected or p.ob.po_id in joined_b)
        ]
        immediate: dict[str, Decimal] = {}
        for p in pos:
            if p.satisfied and p.delta:
                immediate[p.ob.po_id] = immediate.get(p.ob.po_id, ZERO) + cents_exact(p.delta)
        for credit in credits_past:
            owner = credit.po_id or next((x.ob.po_id for x in pos if x.r > 0), pos[0].ob.po_id)
            immediate[owner] = immediate.get(owner, ZERO) - credit.amount
        if credits_future and not distinct_pos and b_pos:
            lump = sum((credit.amount for credit in credits_future), ZERO)
            joined_b.setdefault(b_pos[0].ob.po_id, [])
            b_pos[0].delta -= Fraction(lump)
        changes: dict[str, ObligationChange] = {}
        obligations: dict[str, ObligationState] = {p.ob.po_id: p.ob for p in pos}
        pool: Decimal | None = None
        if a_affected and (distinct_pos or a_items):
            pool = self._prospective(distinct_pos, a_items, credits_future, changes, obligations)
        catch_up_total = ZERO
        for p in b_pos:
            catch_up_total += self._catch_up(p, joined_b.get(p.ob.po_id, []), changes, obligations)
        for po_id, amount in immediate.items():
            self._immediate(by_id[po_id], amount, changes, obligations)
        for p in pos:
            changes.setdefault(p.ob.po_id, self._unchanged(p))
        order = [p.ob.po_id for p in pos] + [i.po_id for i in a_items if i.po_id not in by_id]
        ordered_changes = [changes[k] for k in dict.fromkeys(order) if k in changes]
        ordered_obs = [obligations[k] for k in dict.fromkeys(order) if k in obligations]
        lines = [x for x in self.lines_after] + [
            x.model_copy(update={"po_id": i.po_id}) for i in a_items for x in i.item.lines
        ]
        for po_id, joined in joined_b.items():
            lines += [x.model_copy(update={"po_id": po_id}) for i in joined for x in i.item.lines]
        after = self._state(ordered_obs, lines)
        kind = (
            ModificationType.PROSPECTIVE_AND_CATCH_UP
            if pool is not None and b_pos
            else ModificationType.TERMINATION_AND_NEW_CONTRACT
            if pool is not None
            else ModificationType.CUMULATIVE_CATCH_UP
            if b_pos or immediate
            else ModificationType.TERMINATION_AND_NEW_CONTRACT
        )
        self._distinct_finding(remaining, b_pos)
        self._accounting_finding(kind, pool, catch_up_total, immediate, ordered_changes)
        return self._result(
            kind,
            after,
            ordered_changes,
            pool=pool,
            catch_up=catch_up_total,
            immediate=sum(immediate.values(), ZERO),
        )

    def _catch_up(
        self,
        p: _Po,
        joined: list[_Item],
        changes: dict[str, ObligationChange],
        obligations: dict[str, ObligationState],
    ) -> Decimal:
        ob = p.ob
        new_price = ob.allocated + cents_exact(
            p.delta + sum((i.price for i in joined), Fraction(0))
        )
        override = self.inputs.progress.get(ob.po_id)
        if override is not None and override.after is not None:
            p_after = override.after
        elif override is not None:
            p_after = p.p_before  # the reviewer's measure, unchanged by the price change
        else:
            start = p.start or self.d
            total = months_exact(start, p.end_after)
            done = months_exact(start, self.d - ONE_DAY) if self.d > start else Fraction(0)
            p_after = min(Fraction(1), done / total) if total else Fraction(0)
        restated = cents_exact(Fraction(new_price) * p_after)
        catch_up = restated - p.r
        remaining = new_price - restated
        segs = [*p.recognised]
        if catch_up:
            segs.append(Segment(start=self.d, end=self.d, amount=catch_up))
        segs.append(Segment(start=self.d, end=p.end_after, amount=remaining))
        obligations[ob.po_id] = ob.model_copy(update={"allocated": new_price, "segments": segs})
        changes[ob.po_id] = ObligationChange(
            po_id=ob.po_id,
            name=ob.name,
            treatment="catch_up",
            allocated_before=ob.allocated,
            recognised_to_date=p.r,
            catch_up=catch_up,
            allocated_after=new_price,
            remaining_after=remaining,
            remaining_start=self.d,
            remaining_end=p.end_after,
            monthly_after=self._monthly(remaining, self.d, p.end_after),
            progress_before=to_decimal(p.p_before),
            progress_after=to_decimal(p_after),
        )
        if not p.overridden and ob.measure is not ProgressMeasure.TIME_ELAPSED:
            self.flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.MISSING,
                f"{ob.po_id} {ob.name} is measured by {ob.measure.value.replace('_', ' ')}, but "
                "its progress at the modification date is not known to revrec: time elapsed "
                "is used for the catch-up. The reviewer supplies the actual progress (e.g. "
                "hours or costs to date over the revised total) and recomputes it.",
                [*PROSPECTIVE, *asc("25-31", "25-33")],
                self.a_cites("scope"),
            )
        if ob.kind in (FeeKind.PROFESSIONAL_SERVICES, FeeKind.OTHER):
            self.flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.JUDGMENT,
                f"{ob.po_id} {ob.name} is treated as a single performance obligation partially "
                "satisfied, so the change is a cumulative catch-up (25-13(b)). If its remaining "
                "services are distinct from those delivered (e.g. separate deliverables or a "
                "series of distinct hours), 25-13(a) applies instead.",
                [*PROSPECTIVE, *DISTINCT],
                self.a_cites("scope"),
            )
        return catch_up

    def _immediate(
        self,
        p: _Po,
        amount: Decimal,
        changes: dict[str, ObligationChange],
        obligations: dict[str, ObligationState],
    ) -> None:
        ob = obligations[p.ob.po_id]
        prior = changes.get(p.ob.po_id) or self._unchanged(p)
        obligations[p.ob.po_id] = ob.model_copy(
            update={
                "allocated": ob.allocated + amount,
                "segments": [*ob.segments, Segment(start=self.d, end=self.d, amount=amount)],
            }
        )
        changes[p.ob.po_id] = prior.model_copy(
            update={
                "immediate": prior.immediate + amount,
                "allocated_after": prior.allocated_after + amount,
                "treatment": prior.treatment if prior.treatment != "satisfied" else "adjusted",
            }
        )
