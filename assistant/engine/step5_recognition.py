"""Step 5: recognise revenue when (or as) each PO is satisfied (ASC 606-10-25-23 to 25-37).

The timing of each PO (25-27 criteria, 25-30 indicators) is concluded in `timing`; here the
measure of progress (time elapsed, usage, right to invoice under 55-18, input hours), the
sales- or usage-based royalty exception for licences (55-65), and the schedule: one
`RecognitionLine` per PO carrying the amount allocated to it, so the lines of a contract sum
to its transaction price. A set-up fee that gives a material right to renew is recognised
over the longer period of expected benefit (55-51), as its own line.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    BREAKAGE,
    INPUT_METHOD,
    MEASURE_OF_PROGRESS,
    OUTPUT_METHOD,
    RIGHT_TO_INVOICE,
    ROYALTIES,
    SETUP_FEES,
    ZERO,
    asc,
    cents,
    citations_of,
    conclude,
    fmt_money,
    fmt_months,
    fmt_term,
    per_reviewer,
    renewal_option,
    term_end,
)
from assistant.engine._inputs import Inputs
from assistant.engine.rounding import allocate_cents
from assistant.engine.timing import timing_conclusion
from assistant.schemas import (
    AllocationLine,
    BreakageBasis,
    Conclusion,
    ContractTerms,
    FeeKind,
    PerformanceObligation,
    ProgressMeasure,
    RecognitionLine,
    ReviewerInputs,
    Step1Contract,
    Step2Obligations,
    Step4Allocation,
    Step5Recognition,
    Timing,
)

_MEASURES = {
    ProgressMeasure.TIME_ELAPSED: "time elapsed (straight-line), because the entity's effort "
    "is spread evenly over the period it stands ready",
    ProgressMeasure.USAGE: "the customer's usage, which depicts the transfer of the service; "
    "committed or prepaid amounts are recognised as the service is used",
    ProgressMeasure.RIGHT_TO_INVOICE: "the amount the entity has a right to invoice, because "
    "the per-unit prices correspond directly to the value of performance to date (practical "
    "expedient, 55-18)",
    ProgressMeasure.INPUT_HOURS: "an input method (hours or costs incurred relative to the total "
    "expected), because effort is expended as the work is performed",
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
    terms: ContractTerms | None = None,
    inputs: ReviewerInputs | Inputs | None = None,
) -> Step5Recognition:
    view = Inputs.of(inputs)
    allocation = {line.po_id: line for line in step4.lines}
    lines: list[RecognitionLine] = []
    conclusions: list[Conclusion] = []
    for po in step2.performance_obligations:
        alloc = allocation.get(po.id)
        decided = view.timing(po.fee_lines) if po.fee_lines else None
        lines += _lines(po, alloc, step1, terms, view)
        conclusions.append(timing_conclusion(po, decided))
        if po.timing is Timing.OVER_TIME:
            conclusions.append(_measure(po, alloc, step1, currency, terms, view))
        conclusions += _royalties(po, alloc, terms)
    if not step2.performance_obligations:
        rationale = (
            "Not applicable because no performance obligation was identified in Step 2: there is "
            "nothing to recognise until the reviewer confirms the promises in the contract."
        )
        conclusions.append(conclude("timing", "not_applicable", rationale, asc("25-23")))
    return Step5Recognition(lines=lines, conclusions=conclusions)


def _fixed(alloc: AllocationLine | None) -> Decimal | None:
    """The fixed amount to schedule: None when the PO carries only usage-based fees."""
    if alloc is None or (alloc.variable_allocated_directly and alloc.allocated == 0):
        return None
    return alloc.allocated


def _setup_extension(
    po: PerformanceObligation, terms: ContractTerms | None, view: Inputs
) -> tuple[list[int], Decimal] | None:
    """The PO's set-up lines and months of benefit, when a material right extends them."""
    if terms is None or renewal_option(terms) is None:
        return None
    decided = view.material_right(setup=True)
    if decided is None or not decided.material or decided.benefit_months is None:
        return None
    setup = [i for i in po.fee_lines if terms.fee_lines[i].value.kind is FeeKind.SETUP]
    return (setup, decided.benefit_months) if setup else None


def _lines(
    po: PerformanceObligation,
    alloc: AllocationLine | None,
    step1: Step1Contract,
    terms: ContractTerms | None,
    view: Inputs,
) -> list[RecognitionLine]:
    amount = _fixed(alloc)
    start, end, months = step1.term_start, step1.term_end, step1.contract_term_months
    if po.material_right:
        return [RecognitionLine(po_id=po.id, timing=po.timing, measure=po.measure, amount=amount)]
    if po.timing is Timing.POINT_IN_TIME:
        line = RecognitionLine(
            po_id=po.id, timing=po.timing, measure=po.measure, start=start, end=start, amount=amount
        )
        return [line]
    extension = _setup_extension(po, terms, view)
    if extension is not None and amount is not None and terms is not None:
        setup, benefit = extension
        setup_stated = sum((terms.fee_lines[i].value.amount or ZERO for i in setup), ZERO)
        other_stated = sum(
            (terms.fee_lines[i].value.amount or ZERO for i in po.fee_lines if i not in setup), ZERO
        )
        if setup_stated > 0 and other_stated >= 0:
            main, upfront = allocate_cents(amount, [other_stated, setup_stated])
            return [
                _line(po, main, start, end, months),
                _line(po, upfront, start, term_end(start, benefit) if start else None, benefit),
            ]
    if po.measure is ProgressMeasure.INPUT_HOURS:
        end = None  # the work ends when the hours are worked, which the contract does not fix
    return [_line(po, amount, start, end, months)]


def _line(
    po: PerformanceObligation,
    amount: Decimal | None,
    start,
    end,
    months: Decimal | None,
) -> RecognitionLine:
    monthly = None
    if po.measure is ProgressMeasure.TIME_ELAPSED and amount is not None and months:
        monthly = cents(amount / months)
    return RecognitionLine(
        po_id=po.id,
        timing=po.timing,
        measure=po.measure,
        start=start,
        end=end,
        amount=amount,
        monthly_amount=monthly,
    )


def _measure(
    po: PerformanceObligation,
    alloc: AllocationLine | None,
    step1: Step1Contract,
    currency: str | None,
    terms: ContractTerms | None,
    view: Inputs,
) -> Conclusion:
    label = f"{po.id} {po.name}"
    measure_text = _MEASURES.get(po.measure, po.measure.value.replace("_", " "))
    rationale = f"Progress on {label} is measured by {measure_text}."
    paragraphs = (*MEASURE_OF_PROGRESS, *_MEASURE_PARAGRAPHS.get(po.measure, ()))
    fixed = _fixed(alloc)
    months = step1.contract_term_months
    reviewer = False
    if po.measure is ProgressMeasure.TIME_ELAPSED and fixed is not None:
        if months:
            monthly = cents(fixed / months)
            rationale += (
                f" The {fmt_money(fixed, currency)} allocated is recognised evenly over the "
                f"{fmt_term(months)} contract term ({fmt_money(monthly, currency)} a month)."
            )
        else:
            rationale += " The contract term is unknown, so no schedule can be set yet."
        extension = _setup_extension(po, terms, view)
        if extension is not None:
            rationale += (
                f" The part allocated for the set-up fee is recognised over the "
                f"{fmt_months(extension[1])} of expected benefit instead, because the fee gives "
                "a material right to renew (55-51)."
            )
            paragraphs = (*paragraphs, *SETUP_FEES)
            reviewer = True
    elif fixed is not None and fixed > ZERO and po.measure is ProgressMeasure.USAGE:
        rationale += (
            f" The {fmt_money(fixed, currency)} of fixed consideration allocated (committed, "
            "prepaid or set-up amounts) is recognised as the service is used; usage above it "
            "as it occurs."
        )
        breakage = _breakage(po, terms, view)
        if breakage:
            rationale += breakage
            paragraphs = (*paragraphs, *BREAKAGE)
            reviewer = True
    elif fixed is None:
        rationale += " Usage-based fees are recognised in the period the usage occurs."
    if po.measure is ProgressMeasure.RIGHT_TO_INVOICE:
        rationale += (
            " Every fee of this obligation is a per-unit price with no fixed, committed or "
            "up-front amount and no retroactive tier, so the amount invoiceable each period "
            "corresponds directly to the value transferred (55-18)."
        )
    if po.kind is FeeKind.SETUP:
        paragraphs = (*paragraphs, *asc("55-51"))
    return conclude(
        "measure_of_progress",
        po.measure,
        rationale,
        paragraphs,
        po.citations,
        reviewer_input=reviewer,
    )


def _breakage(po: PerformanceObligation, terms: ContractTerms | None, view: Inputs) -> str:
    if terms is None:
        return ""
    for i in po.fee_lines:
        estimate = view.breakage(i)
        if estimate is None:
            continue
        if estimate.basis is BreakageBasis.HISTORY:
            return (
                " Expected breakage of "
                f"{estimate.expected_unused_percent.normalize():f}% is recognised in proportion to "
                f"the credits used{per_reviewer(estimate.evidence)}."
            )
        return (
            " Expected breakage is recognised only when further use becomes remote (no "
            f"predictive history){per_reviewer(estimate.evidence)}."
        )
    return ""


def _royalties(
    po: PerformanceObligation, alloc: AllocationLine | None, terms: ContractTerms | None
) -> list[Conclusion]:
    """55-65: a sales- or usage-based royalty promised for a licence of IP."""
    if po.kind is not FeeKind.LICENCE or terms is None:
        return []
    per_unit = [
        terms.fee_lines[i]
        for i in po.fee_lines
        if terms.fee_lines[i].value.kind is FeeKind.LICENCE
        and (terms.fee_lines[i].value.unit_price is not None or terms.fee_lines[i].value.tiers)
        and terms.fee_lines[i].value.amount is None
    ]
    if not per_unit:
        return []
    satisfied = (
        "the licence is transferred at a point in time, so each royalty is recognised when the "
        "customer's subsequent sale or usage occurs"
        if po.timing is Timing.POINT_IN_TIME
        else "the licence is satisfied over time, and the royalties are recognised as the "
        "sales or usage occur, which also depicts progress on the licence"
    )
    rationale = (
        f"The consideration for {po.id} {po.name} includes a sales- or usage-based royalty on a "
        "licence of intellectual property. Under the royalty exception it is not estimated: "
        "revenue is recognised at the later of the subsequent sale or usage and the "
        f"satisfaction of the obligation to which the royalty is allocated (55-65); {satisfied}."
    )
    if alloc is not None and not alloc.variable_allocated_directly:
        rationale += (
            " Royalties allocated to other obligations follow the same rule and are recognised "
            "only once those obligations are satisfied."
        )
    return [
        conclude(
            "royalties",
            "recognised_as_sales_or_usage_occur",
            rationale,
            ROYALTIES,
            citations_of(per_unit),
        )
    ]
