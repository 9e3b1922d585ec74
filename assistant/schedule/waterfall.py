"""The revenue waterfall of one contract: `ReviewRecord` (+ usage, + reviewer inputs) ->
`ContractSchedule`, month by month for every performance obligation.

The allocated transaction price of each PO (step 4) is laid into months by the PO's pattern
(see `Pattern` and docs/schedules.md), so the fixed revenue over the life of the contract
always equals the transaction price to the cent. Usage beyond it (pay-as-you-go, overage) is
variable consideration recognised in the month the usage occurs and reported separately.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from assistant.schemas import (
    BreakageBasis,
    Duration,
    FeeKind,
    FeeLine,
    PerformanceObligation,
    ProgressMeasure,
    ReviewerInputs,
    ReviewRecord,
    Shortfall,
    TierMode,
    Timing,
)
from assistant.schemas.analysis import ConsiderationKind

from ._months import (
    ZERO,
    end_after_months,
    money_text,
    month_weights,
    months_between,
    period_label,
    round_cents,
    split_cents,
)
from ._patterns import Block, Drawdown, drawdown, point_in_time, ratable
from .models import ContractSchedule, Pattern, PoSchedule
from .usage import UsageRecord, by_fee_line, priced, usage_value

COMMITMENTS = {FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT}
USAGE_MEASURES = {ProgressMeasure.USAGE, ProgressMeasure.RIGHT_TO_INVOICE}


def _whole_months(duration: Duration | None) -> int | None:
    if duration is None:
        return None
    months = duration.in_months()
    return max(1, math.ceil(months)) if months > 0 else None


def build_schedule(
    record: ReviewRecord,
    *,
    usage: Sequence[UsageRecord] = (),
    inputs: ReviewerInputs | None = None,
) -> ContractSchedule:
    """Monthly revenue per PO for one reviewed contract. `usage` holds this contract's rows
    of the usage file (none: patterns fall back to commitments, credits and time)."""
    analysis = record.analysis
    step1 = analysis.step1
    party = next((p for p in record.terms.parties if p.value.role.value == "customer"), None)
    schedule = ContractSchedule(
        contract=record.contract,
        customer=party.value.name if party else None,
        currency=analysis.step3.currency,
        transaction_price=analysis.step3.total,
        term_start=step1.term_start,
        term_end=step1.term_end,
        term_months=step1.contract_term_months,
        month_to_month=step1.month_to_month,
    )
    starts = [r.start for r in analysis.step5.lines if r.start is not None]
    start = step1.term_start or (min(starts) if starts else None)
    if start is None:
        schedule.scheduled = False
        schedule.notes.append(
            "Not scheduled: the analysis has no start date (effective date or term start); "
            "complete the terms and review again."
        )
        return schedule
    end = step1.term_end
    if end is None and step1.contract_term_months:
        end = end_after_months(start, math.ceil(step1.contract_term_months))
    if end is None:
        ends = [r.end for r in analysis.step5.lines if r.end is not None]
        end = max(ends) if ends else start
        schedule.notes.append(
            "The analysis states no term end: the schedule ends with the last recognition "
            f"date ({end.isoformat()})."
        )
    schedule.term_start, schedule.term_end = start, max(end, start)
    builder = _Builder(record, start, max(end, start), usage, inputs or ReviewerInputs())
    schedule.pos = [builder.po(po) for po in analysis.step2.performance_obligations]
    schedule.notes.extend(builder.notes)
    months = {m for po in schedule.pos for m in (*po.fixed, *po.variable)}
    months.update(months_between(start, schedule.term_end))
    schedule.months = months_between(min(months), max(months))
    return schedule


class _Builder:
    def __init__(
        self,
        record: ReviewRecord,
        start: date,
        end: date,
        usage: Sequence[UsageRecord],
        inputs: ReviewerInputs,
    ) -> None:
        self.record = record
        self.analysis = record.analysis
        self.start, self.end = start, end
        self.lines: list[FeeLine] = [t.value for t in record.terms.fee_lines]
        self.usage = by_fee_line(usage)
        self.has_usage = bool(usage)
        self.last_actual = max((u.month for u in usage), default=None)
        self.inputs = inputs
        self.notes: list[str] = []
        owned = {i for po in self.analysis.step2.performance_obligations for i in po.fee_lines}
        stray = sorted(set(self.usage) - owned)
        if stray:
            self.notes.append(
                f"Usage on fee lines {', '.join(map(str, stray))} belongs to no performance "
                "obligation and is left out."
            )
        if self.last_actual is not None:
            self.notes.append(
                f"Usage data runs to {period_label(self.last_actual)}; later months use the "
                "contract's commitments and credits as expected use."
            )

    def po(self, po: PerformanceObligation) -> PoSchedule:
        rec = next((r for r in self.analysis.step5.lines if r.po_id == po.id), None)
        alloc = next((a for a in self.analysis.step4.lines if a.po_id == po.id), None)
        allocated = alloc.allocated if alloc else (rec.amount if rec and rec.amount else ZERO)
        allocated = round_cents(allocated)
        start = rec.start if rec and rec.start else self.start
        end = rec.end if rec and rec.end else self.end
        end = max(end, start)
        out = PoSchedule(
            po_id=po.id,
            name=po.name,
            kind=po.kind,
            pattern=Pattern.RATABLE,
            start=start,
            end=end,
            allocated=allocated,
            sales_amount=sum(
                (
                    c.amount
                    for c in self.analysis.step3.components
                    if c.po_id == po.id and c.kind is ConsiderationKind.FIXED and c.amount
                ),
                ZERO,
            ),
            ssp=alloc.ssp if alloc else None,
            ssp_basis=alloc.ssp_basis.value if alloc else None,
        )
        streams = self._streams(po, allocated)
        variable_lines = [i for i in po.fee_lines if i in self.usage and self._valid(i)]
        for stream, amount in streams.items():
            if stream in ("credits", "commitment", "hours") and amount:
                variable_lines = self._drawdown(po, out, stream, amount, variable_lines)
            elif stream == "setup" and amount:
                _add(out.fixed, ratable(amount, start, end))
                out.notes.append(
                    f"{po.id}: set-up fee of {money_text(amount)} is not a distinct service "
                    "(55-50 to 55-53): recognised over the service period."
                )
            elif amount or stream == "main":
                self._main(po, out, amount, start, end)
        if variable_lines:
            self._variable(out, variable_lines)
        if allocated:
            return out
        if variable_lines or po.measure in USAGE_MEASURES or po.timing is Timing.POINT_IN_TIME:
            out.pattern = Pattern.USAGE
            if not variable_lines:
                out.notes.append(
                    f"{po.id}: usage-based fees are variable consideration recognised as the "
                    "usage occurs (32-40, 55-18, 55-65); "
                    + (
                        "the usage data has none for this PO."
                        if self.has_usage
                        else "no usage data for this contract, so none is scheduled."
                    )
                )
        else:
            out.notes.append(f"{po.id}: no consideration is allocated to it: nothing to schedule.")
        return out

    def _valid(self, index: int) -> bool:
        return 0 <= index < len(self.lines) and priced(self.lines[index])

    def _streams(self, po: PerformanceObligation, allocated: Decimal) -> dict[str, Decimal]:
        weights: dict[str, Decimal] = {}
        for c in self.analysis.step3.components:
            if c.po_id != po.id or c.kind is not ConsiderationKind.FIXED or not c.amount:
                continue
            if c.fee_line is None or not 0 <= c.fee_line < len(self.lines):
                continue
            stream = self._stream_of(po, self.lines[c.fee_line])
            weights[stream] = weights.get(stream, ZERO) + c.amount
        if not weights or sum(weights.values()) <= 0:
            return {"main": allocated}
        names = list(weights)
        return dict(zip(names, split_cents(allocated, [weights[n] for n in names]), strict=True))

    def _stream_of(self, po: PerformanceObligation, line: FeeLine) -> str:
        if po.timing is Timing.POINT_IN_TIME or po.measure is ProgressMeasure.TIME_ELAPSED:
            return "main"
        if po.measure is ProgressMeasure.INPUT_HOURS or line.kind is FeeKind.PROFESSIONAL_SERVICES:
            return "hours"
        if line.kind is FeeKind.SETUP:
            return "setup"
        if po.measure in USAGE_MEASURES and line.kind in COMMITMENTS:
            return "commitment"
        if po.measure in USAGE_MEASURES and line.kind is FeeKind.PREPAID_CREDITS:
            return "credits"
        return "main"

    def _main(
        self, po: PerformanceObligation, out: PoSchedule, amount: Decimal, start: date, end: date
    ) -> None:
        if po.timing is Timing.POINT_IN_TIME:
            out.pattern = Pattern.POINT_IN_TIME
            _add(out.fixed, point_in_time(amount, start))
            if amount:
                out.notes.append(
                    f"{po.id}: recognised at a point in time, when control transfers "
                    f"({start.isoformat()}, 25-30)."
                )
            return
        _add(out.fixed, ratable(amount, start, end))
        if not amount:
            return
        why = {
            ProgressMeasure.TIME_ELAPSED: "time elapsed (stand-ready obligation)",
            ProgressMeasure.INPUT_HOURS: "time, as a placeholder for hours delivered",
        }.get(po.measure, "time, for fixed consideration without a commitment or credits")
        out.notes.append(
            f"{po.id}: {money_text(amount)} recognised ratably by {why} from "
            f"{start.isoformat()} to {end.isoformat()}; part months by days."
        )

    def _drawdown(
        self,
        po: PerformanceObligation,
        out: PoSchedule,
        stream: str,
        amount: Decimal,
        variable_lines: list[int],
    ) -> list[int]:
        kinds = {
            "credits": {FeeKind.PREPAID_CREDITS},
            "commitment": COMMITMENTS,
            "hours": {FeeKind.PROFESSIONAL_SERVICES},
        }[stream]
        own = [i for i in po.fee_lines if 0 <= i < len(self.lines) and self.lines[i].kind in kinds]
        assert out.start is not None and out.end is not None
        start, end = out.start, out.end
        if stream == "hours":
            out.pattern = Pattern.HOURS
            face = sum((self.lines[i].quantity or ZERO for i in own), ZERO)
            blocks = [Block(month_weights(start, end), face)] if face > 0 else []
            consumption = _sum_months(self.usage.get(i, {}) for i in own)
            price = next((self.lines[i].unit_price for i in own if self.lines[i].unit_price), None)
            rest = [i for i in variable_lines if i not in own]
        else:
            out.pattern = Pattern.PREPAID_CREDITS if stream == "credits" else Pattern.COMMITMENT
            blocks = self._blocks(stream, own, start, end, out)
            consumption = self._usage_value(variable_lines)
            price = Decimal(1)
            rest = []
        if not blocks or (not self.has_usage and stream == "hours"):
            self._main(po, out, amount, start, end)
            if stream == "hours":
                out.notes.append(
                    f"{po.id}: no hours data: spread evenly as a placeholder; give hours "
                    "delivered in the usage file (metric `hour`) to measure progress (25-36)."
                )
                return rest
            out.notes.append(f"{po.id}: no face value stated for the {stream}: spread evenly.")
            return variable_lines
        breakage = self._breakage(po, stream, own, sum((b.face for b in blocks), ZERO), out)
        last = self.last_actual if self.has_usage else None
        result = drawdown(
            amount, blocks, consumption, last, breakage=breakage, overage_price=price or ZERO
        )
        _add(out.fixed, result.fixed)
        _add(out.variable, {m: v for m, v in result.variable.items() if v})
        self._drawdown_notes(po, out, stream, own, result)
        return rest

    def _blocks(
        self, stream: str, own: list[int], start: date, end: date, out: PoSchedule
    ) -> list[Block]:
        with_amount = [i for i in own if self.lines[i].amount]
        face = sum((self.lines[i].amount or ZERO for i in with_amount), ZERO)
        if face <= 0:
            return []
        first = self.lines[with_amount[0]]
        if stream == "credits":
            life = _whole_months(first.credit_expiry)
            stop = end if life is None else min(end, end_after_months(start, life))
            if stop < end:
                out.notes.append(
                    f"{out.po_id}: credits expire after {life} months, on {stop.isoformat()}."
                )
            return [Block(month_weights(start, stop), face)]
        period = _whole_months(first.commitment_period or first.period)
        months = months_between(start, end)
        period = period or len(months)
        weights = month_weights(start, end)
        blocks: list[Block] = []
        for i in range(0, len(months), period):
            chunk = {m: weights[m] for m in months[i : i + period]}
            blocks.append(Block(chunk, face * Decimal(len(chunk)) / Decimal(period)))
        return blocks

    def _usage_value(self, indexes: Sequence[int]) -> dict[date, Decimal]:
        total: dict[date, Decimal] = {}
        for i in indexes:
            for month, value in self._line_value(i).items():
                total[month] = total.get(month, Decimal(0)) + value
        return total

    def _line_value(self, index: int) -> dict[date, Decimal]:
        line = self.lines[index]
        tier_months = _whole_months(line.commitment_period or line.period)
        if tier_months is None:
            po = next(
                (p for p in self.analysis.step2.performance_obligations if index in p.fee_lines),
                None,
            )
            periods = [
                self.lines[i].commitment_period or self.lines[i].period
                for i in (po.fee_lines if po else [])
                if 0 <= i < len(self.lines) and self.lines[i].kind in COMMITMENTS
            ]
            tier_months = _whole_months(next((p for p in periods if p), None)) or 1
        return usage_value(line, self.usage.get(index, {}), self.start, tier_months)

    def _variable(self, out: PoSchedule, indexes: list[int]) -> None:
        exact = self._usage_value(indexes)
        running, booked = Decimal(0), ZERO
        for month in sorted(exact):
            running += exact[month]
            total = round_cents(running)
            out.variable[month] = out.variable.get(month, ZERO) + total - booked
            booked = total
        out.notes.append(
            f"{out.po_id}: usage on fee lines {', '.join(map(str, indexes))} priced at the "
            f"contract's rates: {money_text(booked)} of variable revenue in the month it occurs "
            "(32-40, 55-18)."
        )
        if any(self.lines[i].tier_mode is TierMode.RETROACTIVE for i in indexes):
            out.notes.append(
                f"{out.po_id}: retroactive tiers priced on cumulative units of the tier period; "
                "the month that crosses a threshold reprices earlier units (cumulative catch-up, "
                "Example 24). A reviewer forecast of the period's volume would move it earlier."
            )

    def _breakage(
        self, po: PerformanceObligation, stream: str, own: list[int], face: Decimal, out: PoSchedule
    ) -> Decimal:
        given = next((b for b in self.inputs.breakage if b.fee_line in own), None)
        if given is not None and given.basis is BreakageBasis.HISTORY:
            out.notes.append(
                f"{po.id}: expected breakage {given.expected_unused_percent.normalize():f}% "
                "(reviewer input, from history): recognised in proportion to the customer's use "
                "(55-48)."
            )
            return given.expected_unused_percent / 100
        if given is not None:
            out.notes.append(
                f"{po.id}: no predictive history for breakage (reviewer input): unused amounts "
                "are recognised when use becomes remote, at the end of the period (55-48)."
            )
            return Decimal(0)
        recorded = self._recorded_breakage(stream, own)
        if recorded is not None:
            # The analysis carries the reviewer's expected amount but not its basis (history
            # or none), and only history allows breakage in proportion to use: the cautious
            # reading is "when use becomes remote", with the way to the other stated.
            out.notes.append(
                f"{po.id}: the analysis records expected breakage of {money_text(recorded)} "
                "(reviewer input) without its basis: unused amounts are recognised when use "
                "becomes remote, at the end of the period; give the same reviewer inputs with "
                "--inputs to recognise breakage in proportion to use where the basis is "
                "history (55-48)."
            )
            return Decimal(0)
        if stream == "credits":
            out.notes.append(
                f"{po.id}: no breakage estimate in the analysis or reviewer inputs: none is "
                "assumed; unused credits are recognised when they expire (55-48, use remote)."
            )
        return Decimal(0)

    def _recorded_breakage(self, stream: str, own: list[int]) -> Decimal | None:
        """Expected unused amount the engine recorded for these fee lines (reviewer input):
        the conclusion on prepaid credits, or any conclusion whose topic names breakage."""
        if stream != "credits":
            return None
        cites = [c for i in own for c in self.record.terms.fee_lines[i].citations]
        for c in self.analysis.conclusions():
            named = c.topic == "prepaid_credits" or "breakage" in c.topic
            ours = not c.citations or any(x in cites for x in c.citations)
            if named and ours and c.reviewer_input and c.amount is not None and c.amount > 0:
                return c.amount
        return None

    def _drawdown_notes(
        self, po: PerformanceObligation, out: PoSchedule, stream: str, own: list[int], r: Drawdown
    ) -> None:
        what = {"credits": "credits", "commitment": "commitment", "hours": "hours"}[stream]
        if not self.has_usage:
            out.notes.append(
                f"{po.id}: no usage data: use of the {what} is assumed even over each period, "
                "a proxy until actual usage is loaded."
            )
        elif r.forecast_months:
            out.notes.append(
                f"{po.id}: {r.forecast_months} months after the usage data carry the rest of "
                f"each period's {what} evenly (expected use)."
            )
        shortfall = next((self.lines[i].shortfall for i in own if self.lines[i].shortfall), None)
        for month, amount in r.unused:
            if amount <= 0:
                continue
            if stream == "commitment":
                how = (
                    "invoiced as a true-up"
                    if shortfall is Shortfall.INVOICED
                    else "forfeited by the customer"
                    if shortfall is Shortfall.FORFEITED
                    else "terms of the shortfall to be confirmed"
                )
                text = f"unused commitment ({how})"
            else:
                text = f"unused {what} at the end of their period"
            out.notes.append(
                f"{po.id}: {money_text(amount)} of {text} recognised in {period_label(month)}."
            )


def _add(target: dict[date, Decimal], amounts: dict[date, Decimal]) -> None:
    for month, amount in amounts.items():
        target[month] = target.get(month, ZERO) + amount


def _sum_months(series: Iterable[Mapping[date, Decimal]]) -> dict[date, Decimal]:
    total: dict[date, Decimal] = {}
    for months in series:
        for month, value in months.items():
            total[month] = total.get(month, Decimal(0)) + value
    return total
