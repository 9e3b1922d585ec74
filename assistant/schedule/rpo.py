"""Remaining performance obligations at a month end (ASC 606-10-50-13 to 50-15).

RPO is the allocated transaction price not yet recognised. Usage-based fees are variable
consideration outside the transaction price (recognised under the right-to-invoice expedient,
55-18, or allocated to distinct periods of a series, 32-40), so they are never in RPO; that
is the 50-14(b) / 50-14A expedient and each such PO says so. Contracts with an original
expected duration of one year or less are excluded under 50-14(a) (an election, on by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ._csv import ScheduleInputError
from ._months import ZERO, month_end, month_index, month_of
from .models import ContractSchedule, Pattern, RpoLine

SHORT_CONTRACT = "606-10-50-14(a): original expected duration of one year or less"
VARIABLE = (
    "606-10-50-14(b) and 50-14A: usage-based fees are recognised as invoiced (55-18) or "
    "allocated to the period of use (32-40); not in RPO"
)


def check_month_end(as_of: date) -> date:
    if month_end(as_of) != as_of:
        raise ScheduleInputError(
            f"RPO date {as_of.isoformat()} is not a month end; give the last day of a month"
        )
    return as_of


def rpo_at(
    schedules: Sequence[ContractSchedule], as_of: date, *, short_contract_expedient: bool = True
) -> list[RpoLine]:
    check_month_end(as_of)
    current = month_of(as_of)
    lines: list[RpoLine] = []
    for schedule in schedules:
        if not schedule.scheduled:
            continue
        short = schedule.term_months is not None and schedule.term_months <= 12
        for po in schedule.pos:
            future = {m: v for m, v in po.fixed.items() if m > current and v}
            remaining = po.allocated - sum((v for m, v in po.fixed.items() if m <= current), ZERO)
            if not remaining and po.pattern is not Pattern.USAGE:
                continue
            if po.pattern is Pattern.USAGE and (schedule.term_end or as_of) < as_of:
                continue
            buckets = [ZERO, ZERO, ZERO]
            for month, value in future.items():
                ahead = month_index(month, current)
                buckets[0 if ahead <= 12 else 1 if ahead <= 24 else 2] += value
            expedient, excluded = "", ZERO
            if po.pattern is Pattern.USAGE and not remaining:
                expedient = VARIABLE
            elif short and short_contract_expedient:
                expedient, excluded, buckets = SHORT_CONTRACT, remaining, [ZERO, ZERO, ZERO]
            lines.append(
                RpoLine(
                    contract=schedule.contract,
                    performance_obligation=po.po_id,
                    currency=schedule.currency,
                    as_of=as_of,
                    remaining=remaining,
                    rpo=remaining - excluded,
                    next_12_months=buckets[0],
                    months_13_to_24=buckets[1],
                    thereafter=buckets[2],
                    excluded=excluded,
                    expedient=expedient,
                )
            )
    return lines
