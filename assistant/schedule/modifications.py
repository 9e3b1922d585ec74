"""Amendments in the schedules: the modified contract replaces the original (25-10 to 25-13).

An amendment reviewed against its original (`revrec review --amends`, or a deal folder) has a
`modification` whose `after` state lists, per PO, the segments the fixed consideration is
recognised over for the whole life of the modified contract: what the original recognised
before the modification date, any cumulative catch-up on that date, and the rest. For a
modification accounted for as a termination and new contract (25-13(a)), a catch-up (25-13(b))
or both (25-13(c)), the latest amendment's schedule takes its fixed revenue from those
segments, and the original (and earlier amendments) keep only their own usage revenue and
invoices, so nothing is counted twice. A separate contract (25-12) is scheduled on its own
next to the original; an amendment that changes nothing, or whose accounting could not be
determined, schedules no fixed revenue.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from assistant.schemas import ProgressMeasure, ReviewRecord, Timing
from assistant.schemas.modification import ModificationType

from ._months import ZERO, money_text, months_between
from ._patterns import point_in_time, ratable
from .models import ContractSchedule, Pattern, PoSchedule

REPLACING = {
    ModificationType.TERMINATION_AND_NEW_CONTRACT,
    ModificationType.CUMULATIVE_CATCH_UP,
    ModificationType.PROSPECTIVE_AND_CATCH_UP,
}


def superseded(records: Sequence[ReviewRecord]) -> dict[str, str]:
    """Contract -> the amendment that now carries its fixed revenue (the latest in its chain)."""
    by_source = {r.source_name: r.contract for r in records}
    links = [(r, r.modification) for r in records if r.modification is not None]
    earlier = {source for _, link in links for source in link.earlier_amendments}
    out: dict[str, str] = {}
    for record, link in links:
        if record.source_name in earlier or link.modification.type not in REPLACING:
            continue
        out[link.original.contract] = record.contract
        for source in link.earlier_amendments:
            if source in by_source:
                out[by_source[source]] = record.contract
    return out


def apply_modification(schedule: ContractSchedule, record: ReviewRecord) -> None:
    """Lay the amendment's fixed revenue from the modified contract's segments (in place)."""
    link = record.modification
    if link is None:
        return
    mod = link.modification
    if mod.type is ModificationType.SEPARATE_CONTRACT:
        schedule.notes.append(
            f"Amendment to {link.original.contract} accounted for as a separate contract "
            "(25-12): scheduled from its own analysis, beside the original."
        )
        return
    if mod.type not in REPLACING:
        _clear_fixed(schedule)
        schedule.notes.append(
            f"Amendment to {link.original.contract}: "
            + (
                "it changes neither scope nor price (25-10), so it adds no fixed revenue."
                if mod.type is ModificationType.NO_CHANGE
                else "its accounting could not be determined (see its memo): no fixed revenue "
                "is scheduled for it until the reviewer completes the modification."
            )
        )
        return
    after = mod.after
    existing = {po.po_id: po for po in schedule.pos}
    pos: list[PoSchedule] = []
    for ob in after.obligations:
        po = existing.pop(ob.po_id, None) or PoSchedule(
            po_id=ob.po_id, name=ob.name, kind=ob.kind, pattern=Pattern.RATABLE, allocated=ZERO
        )
        po.fixed = {}
        for seg in ob.segments:
            if seg.start >= seg.end:
                layout = point_in_time(seg.amount, seg.start)
            else:
                layout = ratable(seg.amount, seg.start, seg.end)
            for month, amount in layout.items():
                po.fixed[month] = po.fixed.get(month, ZERO) + amount
        po.allocated = sum((s.amount for s in ob.segments), ZERO)
        if po.allocated != ob.allocated:
            po.notes.append(
                f"{ob.po_id}: the modification's segments sum to {money_text(po.allocated)}, "
                f"not its allocated {money_text(ob.allocated)}: the segments are scheduled."
            )
        if ob.segments:
            po.start = min(s.start for s in ob.segments)
            po.end = max(s.end for s in ob.segments)
        if ob.timing is Timing.POINT_IN_TIME and po.allocated:
            po.pattern = Pattern.POINT_IN_TIME
        elif not po.allocated and ob.variable:
            po.pattern = Pattern.USAGE
        elif ob.measure is ProgressMeasure.TIME_ELAPSED or po.allocated:
            po.pattern = Pattern.RATABLE
        pos.append(po)
    for po in existing.values():  # POs of the amendment's own analysis the state does not keep
        po.fixed, po.allocated = {}, ZERO
        pos.append(po)
    schedule.pos = pos
    schedule.transaction_price = sum((po.allocated for po in pos), ZERO)
    schedule.term_start = after.term_start or schedule.term_start
    schedule.term_end = after.term_end or schedule.term_end
    schedule.term_months = after.term_months or schedule.term_months
    _refresh_months(schedule)
    catch_up = f", a cumulative catch-up of {money_text(mod.catch_up)}" if mod.catch_up else ""
    when = mod.modification_date.isoformat() if mod.modification_date else "its date"
    schedule.notes.append(
        f"Contract modification ({mod.type.value}, 25-13) of {link.original.contract} from "
        f"{when}: fixed revenue follows the modified contract over its whole life (what the "
        f"original recognised before{catch_up}, then the rest) and replaces the original's."
    )


def supersede(schedule: ContractSchedule, by: str) -> None:
    """The original of a modified contract keeps its usage revenue and invoices only."""
    _clear_fixed(schedule)
    schedule.notes.append(
        f"Modified by {by}: this contract's fixed revenue is scheduled there over the "
        "modified contract's life; its usage revenue and invoices stay here. Tag invoices "
        f"after the modification to {by} (contract column)."
    )


def _clear_fixed(schedule: ContractSchedule) -> None:
    for po in schedule.pos:
        po.fixed, po.allocated = {}, ZERO
    schedule.transaction_price = Decimal("0.00")


def _refresh_months(schedule: ContractSchedule) -> None:
    months = {m for po in schedule.pos for m in (*po.fixed, *po.variable, *po.billings)}
    if schedule.term_start and schedule.term_end:
        months.update(months_between(schedule.term_start, schedule.term_end))
    if months:
        schedule.months = months_between(min(months), max(months))
