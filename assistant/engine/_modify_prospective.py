"""25-13(a): termination and new contract, prospectively: the unrecognised consideration of
the POs whose remaining goods or services are distinct, plus what the modification promises,
allocated to the remaining goods and services by relative SSP.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import (
    asc,
)
from assistant.engine._modify_state import _Bookkeeping, _new_obligation
from assistant.engine._modify_types import (
    PRICE_CHANGE,
    PROSPECTIVE,
    ZERO,
    Credit,
    _Item,
    _Po,
    _Unit,
)
from assistant.engine._timeline import (
    cents_exact,
    to_decimal,
)
from assistant.engine.rounding import allocate_cents
from assistant.schemas import (
    FlagKind,
    ObligationChange,
    ObligationState,
    Segment,
    Severity,
)


class _Prospective(_Bookkeeping):
    """The prospective pool of 25-13(a)."""

    def _prospective(
        self,
        distinct_pos: list[_Po],
        a_items: list[_Item],
        credits: list[Credit],
        changes: dict[str, ObligationChange],
        obligations: dict[str, ObligationState],
    ) -> Decimal:
        exact = sum((Fraction(p.ob.allocated - p.r) + p.delta for p in distinct_pos), Fraction(0))
        exact += sum((i.price for i in a_items), Fraction(0))
        exact -= sum((Fraction(c.amount) for c in credits), Fraction(0))
        pool = cents_exact(exact)
        # Units of allocation: each remaining distinct PO, and each added item that does not
        # join one (an added item joining a PO adds to that PO's remaining goods or services).
        units: dict[str, _Unit] = {}
        for p in distinct_pos:
            units[p.ob.po_id] = _Unit(p.ob.kind, p.remaining_stated, po=p)
        for i in a_items:
            unit = units.get(i.po_id)
            if unit is not None:
                unit.stated += i.price
            else:
                units[i.po_id] = _Unit(i.item.kind, i.price, item=i)
        weights: list[Decimal] = []
        notes: list[str] = []
        unverified: list[str] = []
        for po_id, unit in units.items():
            override = self.inputs.remaining_ssp.get(po_id)
            if override is not None:
                weights.append(override)
                notes.append(f"{po_id} {self.money(override)} (stated SSP)")
                continue
            if unit.item is not None and unit.item.ssp is not None:
                weights.append(unit.item.ssp)
                notes.append(f"{po_id} {self.money(unit.item.ssp)} ({unit.item.basis})")
                continue
            value, basis = self._ssp_of(unit.kind, unit.stated, None)
            if value is None:
                value = cents_exact(unit.stated)
                basis = "stated price, SSP not known"
                unverified.append(po_id)
            weights.append(max(value, ZERO))
            notes.append(f"{po_id} {self.money(value)} ({basis})")
        positive = [w for w in weights if w > 0]
        if not positive:
            weights = [Decimal(1)] * len(weights)
        shares = allocate_cents(pool, weights) if units else []
        if unverified and len(positive) > 1:
            self.flag(
                FlagKind.MISSING_SSP,
                Severity.JUDGMENT,
                "The remaining consideration is allocated by relative standalone selling price "
                f"(25-13(a), 32-31), but the SSP of {', '.join(unverified)} is not in the SSP "
                "table: its stated remaining price is used. The reviewer supplies the SSP.",
                [*PROSPECTIVE, *asc("32-31")],
                self.a_cites("scope"),
            )
        if pool < 0:
            self.flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.JUDGMENT,
                f"The remaining consideration is negative ({self.money(pool)}): the amendment "
                "reduces the price below what has been recognised. The reviewer considers "
                "whether part of the reduction is a price concession for services already "
                "transferred, recognised at once (32-42 to 32-45).",
                [*PROSPECTIVE, *PRICE_CHANGE],
                self.a_cites("scope"),
            )
        self._pool_notes = notes
        for (po_id, unit), share in zip(units.items(), shares, strict=True):
            po = unit.po
            if po is not None:
                start, end = self.d, po.end_after
                segs = [*po.recognised, Segment(start=start, end=end, amount=share)]
                obligations[po_id] = po.ob.model_copy(
                    update={"allocated": po.r + share, "segments": segs}
                )
                changes[po_id] = ObligationChange(
                    po_id=po_id,
                    name=po.ob.name,
                    treatment="prospective",
                    allocated_before=po.ob.allocated,
                    recognised_to_date=po.r,
                    allocated_after=po.r + share,
                    remaining_after=share,
                    remaining_start=start,
                    remaining_end=end,
                    monthly_after=self._monthly(share, start, end),
                    progress_before=to_decimal(po.p_before),
                )
                continue
            assert unit.item is not None
            start, end = self._item_period(unit.item.item)
            obligations[po_id] = _new_obligation(unit.item.item, po_id, share, start, end)
            changes[po_id] = self._added(
                po_id, obligations[po_id].name, "prospective", share, start, end
            )
        return pool
