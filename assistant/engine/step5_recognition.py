"""Step 5: recognise revenue when (or as) each PO is satisfied (ASC 606-10-25-23 to 25-37).

Every PO here is either satisfied over time under 25-27(a) (the customer simultaneously
receives and consumes the benefit), with the PO's measure of progress, or at a point in
time (25-30). Time-elapsed POs get a straight-line schedule over the accounting term.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    INPUT_METHOD,
    LICENCES,
    MEASURE_OF_PROGRESS,
    OUTPUT_METHOD,
    OVER_TIME,
    POINT_IN_TIME,
    RIGHT_TO_INVOICE,
    ZERO,
    asc,
    cents,
    conclude,
    fmt_money,
    fmt_term,
)
from assistant.schemas import (
    AllocationLine,
    Conclusion,
    FeeKind,
    PerformanceObligation,
    ProgressMeasure,
    RecognitionLine,
    Step1Contract,
    Step2Obligations,
    Step4Allocation,
    Step5Recognition,
    Timing,
)

_WHY_OVER_TIME = {
    FeeKind.PROFESSIONAL_SERVICES: "the customer receives and consumes the benefit of the "
    "services as the entity performs them",
    FeeKind.SUPPORT: "the customer receives and consumes the benefit of the entity standing "
    "ready to support it throughout the term",
}
_DEFAULT_WHY = (
    "the customer simultaneously receives and consumes the benefit of the service as the "
    "entity performs"
)
_MEASURES = {
    ProgressMeasure.TIME_ELAPSED: "time elapsed (straight-line), because the entity's effort "
    "is spread evenly over the period it stands ready",
    ProgressMeasure.USAGE: "the customer's usage, which depicts the transfer of the service; "
    "committed or prepaid amounts are recognised as the service is used",
    ProgressMeasure.RIGHT_TO_INVOICE: "the amount the entity has a right to invoice, because "
    "the per-unit prices correspond directly to the value of performance to date (practical "
    "expedient)",
    ProgressMeasure.INPUT_HOURS: "hours worked relative to total expected hours (an input "
    "method), because effort is expended as the services are performed",
}


_MEASURE_PARAGRAPHS = {
    ProgressMeasure.TIME_ELAPSED: OUTPUT_METHOD,
    ProgressMeasure.USAGE: OUTPUT_METHOD,
    ProgressMeasure.RIGHT_TO_INVOICE: RIGHT_TO_INVOICE,
    ProgressMeasure.INPUT_HOURS: INPUT_METHOD,
}


def recognise_revenue(
    step1: Step1Contract,
    step2: Step2Obligations,
    step4: Step4Allocation,
    currency: str | None = None,
) -> Step5Recognition:
    allocation = {line.po_id: line for line in step4.lines}
    lines: list[RecognitionLine] = []
    conclusions: list[Conclusion] = []
    for po in step2.performance_obligations:
        alloc = allocation.get(po.id)
        lines.append(_line(po, alloc, step1))
        conclusions.extend(_conclusions(po, alloc, step1, currency))
    return Step5Recognition(lines=lines, conclusions=conclusions)


def _fixed(alloc: AllocationLine | None) -> Decimal | None:
    """The fixed amount to schedule: None when the PO carries only usage-based fees."""
    if alloc is None or (alloc.variable_allocated_directly and alloc.allocated == 0):
        return None
    return alloc.allocated


def _line(
    po: PerformanceObligation, alloc: AllocationLine | None, step1: Step1Contract
) -> RecognitionLine:
    amount = _fixed(alloc)
    start, end, months = step1.term_start, step1.term_end, step1.contract_term_months
    if po.timing is Timing.POINT_IN_TIME:
        return RecognitionLine(
            po_id=po.id, timing=po.timing, measure=po.measure, start=start, end=start, amount=amount
        )
    monthly = None
    if po.measure is ProgressMeasure.TIME_ELAPSED and amount is not None and months:
        monthly = cents(amount / months)
    if po.measure is ProgressMeasure.INPUT_HOURS:
        end = None  # the services end when the hours are worked, which the contract does not fix
    return RecognitionLine(
        po_id=po.id,
        timing=po.timing,
        measure=po.measure,
        start=start,
        end=end,
        amount=amount,
        monthly_amount=monthly,
    )


def _conclusions(
    po: PerformanceObligation,
    alloc: AllocationLine | None,
    step1: Step1Contract,
    currency: str | None,
) -> list[Conclusion]:
    label = f"{po.id} {po.name}"
    if po.timing is Timing.POINT_IN_TIME:
        if po.kind is FeeKind.LICENCE:
            what = (
                "a right to use functional intellectual property as it exists when granted, so "
                "control transfers when the customer can first use and benefit from the licence "
                "(not before the licence period begins)"
            )
        else:
            what = "a good the customer controls once it is delivered"
        rationale = (
            f"{label} is satisfied at a point in time: it is {what}. None of the 25-27 criteria "
            "for recognition over time is met, so revenue is recognised when control transfers, "
            "judged by the 25-30 indicators (right to payment, legal title, physical possession, "
            "risks and rewards, acceptance)."
        )
        paragraphs = (*POINT_IN_TIME, *LICENCES) if po.kind is FeeKind.LICENCE else POINT_IN_TIME
        timing = conclude("timing", po.timing, rationale, paragraphs, po.citations)
        return [timing]

    if po.kind is FeeKind.LICENCE:
        rationale = (
            f"{label} is a right to access symbolic intellectual property, which the customer "
            "benefits from as the entity performs throughout the licence period, so it is "
            "satisfied over time."
        )
        timing = conclude("timing", po.timing, rationale, (*OVER_TIME, *LICENCES), po.citations)
    else:
        why = _WHY_OVER_TIME.get(po.kind, _DEFAULT_WHY)
        rationale = f"{label} is satisfied over time under criterion 25-27(a): {why}."
        timing = conclude("timing", po.timing, rationale, OVER_TIME, po.citations)

    measure_text = _MEASURES.get(po.measure, po.measure.value.replace("_", " "))
    rationale = f"Progress on {label} is measured by {measure_text}."
    paragraphs = (*MEASURE_OF_PROGRESS, *_MEASURE_PARAGRAPHS.get(po.measure, ()))
    fixed = _fixed(alloc)
    months = step1.contract_term_months
    if po.measure is ProgressMeasure.TIME_ELAPSED and fixed is not None:
        if months:
            monthly = cents(fixed / months)
            rationale += (
                f" The {fmt_money(fixed, currency)} allocated is recognised evenly over the "
                f"{fmt_term(months)} contract term ({fmt_money(monthly, currency)} a month)."
            )
        else:
            rationale += " The contract term is unknown, so no schedule can be set yet."
    elif fixed is not None and fixed > ZERO and po.measure is ProgressMeasure.USAGE:
        rationale += (
            f" The {fmt_money(fixed, currency)} of fixed consideration allocated (committed, "
            "prepaid or set-up amounts) is recognised as the service is used; usage above it "
            "as it occurs."
        )
    elif fixed is None:
        rationale += " Usage-based fees are recognised in the period the usage occurs."
    if po.kind is FeeKind.SETUP:
        paragraphs = (*paragraphs, *asc("55-51"))
    measure = conclude("measure_of_progress", po.measure, rationale, paragraphs, po.citations)
    return [timing, measure]
