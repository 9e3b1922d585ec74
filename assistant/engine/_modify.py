"""The arithmetic of a contract modification (25-12, 25-13): per-PO progress, the separate
contract test, the prospective pool, the cumulative catch-up, and the state after.

See `assistant.engine.modification` for the conventions; this module is its engine room.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import (
    asc,
    fmt_money,
    fmt_number,
)
from assistant.engine._modify_findings import _Writer
from assistant.engine._modify_summary import summarise
from assistant.engine._modify_types import (
    DISTINCT,
    MODIFICATION,
    PRICE_CHANGE,
    PROSPECTIVE,
    SEPARATE_CONTRACT,
    ZERO,
    AddedItem,
    Credit,
    _first_start,
    _Item,
    _last_end,
    _next_ids,
    _Po,
    _Unit,
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
from assistant.engine.rounding import allocate_cents
from assistant.schemas import (
    ContractState,
    FeeKind,
    FlagKind,
    Modification,
    ModificationType,
    ObligationChange,
    ObligationState,
    PriceLine,
    ProgressMeasure,
    Segment,
    Severity,
    Timing,
)


class _Accounting(_Writer):
    """One modification of one contract state, computed once by `run()`."""

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

    def _monthly(self, amount: Decimal, start: date | None, end: date | None) -> Decimal | None:
        if start is None or end is None or end < start or not amount:
            return None
        months = months_exact(start, end)
        return cents_exact(Fraction(amount) / months) if months else None

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
            changes.append(
                ObligationChange(
                    po_id=po_id,
                    name=ob.name,
                    treatment="separate_contract",
                    recognised_to_date=ZERO,
                    allocated_after=share,
                    remaining_after=share,
                    remaining_start=start,
                    remaining_end=end,
                    monthly_after=self._monthly(share, start, end),
                )
            )
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

    def _item_period(self, item: AddedItem) -> tuple[date, date]:
        recurring = [x for x in item.lines if x.period_months is not None]
        if recurring:
            return min(x.start for x in recurring), max(x.end for x in recurring)
        if item.start is not None:
            return item.start, item.end or item.start
        if item.kind in (FeeKind.LICENCE, FeeKind.HARDWARE):
            return self.d, self.d
        return self.d, max(self.new_end or self.d, self.d)

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
            changes[po_id] = ObligationChange(
                po_id=po_id,
                name=obligations[po_id].name,
                treatment="prospective",
                recognised_to_date=ZERO,
                allocated_after=share,
                remaining_after=share,
                remaining_start=start,
                remaining_end=end,
                monthly_after=self._monthly(share, start, end),
            )
        return pool

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
