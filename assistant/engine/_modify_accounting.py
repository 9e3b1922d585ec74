"""The arithmetic of a contract modification (25-12, 25-13): `_Accounting.run()` decides
between no change, a separate contract (25-12, here) and 25-13 (`_modify_section13.py`).

See `assistant.engine.modification` for the conventions; this module is its engine room.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from assistant.engine._modify_section13 import _Section13
from assistant.engine._modify_state import _new_obligation
from assistant.engine._modify_types import (
    MODIFICATION,
    SEPARATE_CONTRACT,
    AddedItem,
    _Item,
    _next_ids,
    _Po,
)
from assistant.engine._timeline import (
    ONE_DAY,
    cents_exact,
    value_between,
)
from assistant.engine.rounding import allocate_cents
from assistant.schemas import (
    Modification,
    ModificationType,
    Segment,
)


class _Accounting(_Section13):
    """One modification of one contract state, computed once by `run()`."""

    # ------------------------------------------------------------------ run

    def run(self) -> Modification:
        pos = [self._po(ob) for ob in self.before.obligations]
        by_id = {p.ob.po_id: p for p in pos}
        ids = _next_ids([p.ob.po_id for p in pos], len(self.change.added))
        items: list[_Item] = []
        for added, new_id in zip(self.change.added, ids, strict=True):
            price = (
                Fraction(added.price)
                if added.price is not None
                else value_between(added.lines, date.min)
            )
            override = self.inputs.remaining_ssp.get(added.po_id or new_id)
            if added.ssp is not None or override is not None:
                ssp_value: Decimal | None = added.ssp if added.ssp is not None else override
                basis = "stated SSP"
            else:
                ssp_value, basis = self._ssp_of(added.kind, price, added.quantity)
            reflects = self._reflects(price, ssp_value)
            items.append(_Item(added, price, ssp_value, basis, reflects, added.po_id or new_id))
        credits = self.change.credits
        any_existing = any(p.existing_change for p in pos) or bool(credits)
        extensions = [p for p in pos if p.extension != 0 and not p.existing_change]
        if not items and not any_existing and not any(p.extension or p.end_changed for p in pos):
            return self._no_change(pos)
        if not any_existing:
            ext_items = []
            for p in extensions:
                price = p.extension
                ssp_value, basis = self._ssp_of(p.ob.kind, price, None)
                override = self.inputs.remaining_ssp.get(p.ob.po_id)
                if override is not None:
                    ssp_value, basis = override, "stated SSP"
                ext_items.append(
                    _Item(
                        AddedItem(
                            kind=p.ob.kind,
                            description=f"{p.ob.name} for the extension period",
                            distinct=p.ob.distinct_periods,
                        ),
                        price,
                        ssp_value,
                        basis,
                        self._reflects(price, ssp_value),
                        p.ob.po_id,
                        extension_of=p.ob.po_id,
                    )
                )
            candidates = items + ext_items
            self._separate_test(candidates)
            if candidates and all(i.item.distinct and i.reflects is True for i in candidates):
                return self._separate(pos, items, ext_items)
        else:
            self._separate_test([], reason_changed=True)
        return self._section_13(pos, by_id, items)

    def _no_change(self, pos: list[_Po]) -> Modification:
        self.find(
            "contract_modification",
            ModificationType.NO_CHANGE.value,
            "The amendment changes neither the goods or services promised nor their price "
            "(its terms restate or clarify the agreement), so it is not a contract "
            "modification to account for under 25-10: the original accounting continues.",
            MODIFICATION,
            amendment=self.a_cites("date", "scope"),
        )
        return self._result(
            ModificationType.NO_CHANGE, self.before, [self._unchanged(p) for p in pos]
        )

    def _separate(self, pos: list[_Po], items: list[_Item], ext_items: list[_Item]) -> Modification:
        everything = items + ext_items
        total = cents_exact(sum((i.price for i in everything), Fraction(0)))
        weights = [i.ssp or Decimal(0) for i in everything]
        shares = (
            allocate_cents(total, weights)
            if any(weights)
            else allocate_cents(total, [Decimal(1)] * len(everything))
        )
        used = [p.ob.po_id for p in pos]
        ext_ids = _next_ids(used + [i.po_id for i in items], len(ext_items))
        obligations = list(self.before.obligations)
        lines = list(self.lines_after)
        changes = [self._unchanged(p) for p in pos]
        by_id = {p.ob.po_id: p for p in pos}
        for n, (i, share) in enumerate(zip(everything, shares, strict=True)):
            if i.extension_of is not None and self.old_end is not None:
                base = by_id[i.extension_of].ob
                po_id = ext_ids[n - len(items)]
                start = self.old_end + ONE_DAY
                end = self.new_end or start
                old_end = self.old_end
                lines = [
                    x.model_copy(update={"po_id": po_id})
                    if x.po_id == base.po_id and x.start > old_end
                    else x
                    for x in lines
                ]
                ob = base.model_copy(
                    update={
                        "po_id": po_id,
                        "name": f"{base.name} (extension)",
                        "allocated": share,
                        "segments": [Segment(start=start, end=end, amount=share)],
                    }
                )
            else:
                po_id = i.po_id
                start, end = self._item_period(i.item)
                lines.extend(x.model_copy(update={"po_id": po_id}) for x in i.item.lines)
                ob = _new_obligation(i.item, po_id, share, start, end)
            obligations.append(ob)
            changes.append(self._added(po_id, ob.name, "separate_contract", share, start, end))
        after = self._state(obligations, lines)
        described = "; ".join(f"{i.item.description} ({self.money(i.price)})" for i in everything)
        self.find(
            "contract_modification",
            ModificationType.SEPARATE_CONTRACT.value,
            f"The amendment adds distinct goods or services at prices that reflect their "
            f"standalone selling prices ({described}), so it is accounted for as a separate "
            f"contract (25-12): the original contract's transaction price, allocation and "
            f"recognition are unchanged, and the new contract's transaction price of "
            f"{self.money(total)} is allocated to the added goods or services by relative SSP "
            "and recognised as they are transferred.",
            [*MODIFICATION, *SEPARATE_CONTRACT],
            amendment=self.a_cites("date", "scope"),
            original=self.o_cites("scope"),
            amount=total,
        )
        return self._result(ModificationType.SEPARATE_CONTRACT, after, changes, new_price=total)
