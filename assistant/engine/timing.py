"""When a performance obligation is satisfied: over time (25-27) or at a point in time (25-30).

Each PO's timing conclusion walks the three 25-27 criteria in order and says which one is
met: (a) the customer simultaneously receives and consumes the benefit, (b) the work creates
or enhances an asset the customer controls, (c) the asset has no alternative use and the
entity has an enforceable right to payment for performance to date. If none is met, control
transfers at a point in time, judged by the 25-30 indicators. The kind of promise sets the
default; the reviewer's timing input overrides it.
"""

from __future__ import annotations

from assistant.engine._common import (
    LICENCES,
    OVER_TIME,
    OVER_TIME_CRITERIA,
    POINT_IN_TIME,
    conclude,
    per_reviewer,
)
from assistant.schemas import (
    Conclusion,
    FeeKind,
    OverTimeCriterion,
    PerformanceObligation,
    Timing,
    TimingInput,
)

_A = "(a) the customer simultaneously receives and consumes the benefit as the entity performs"
_B = "(b) the entity's performance creates or enhances an asset the customer controls"
_C = (
    "(c) the performance creates an asset with no alternative use to the entity and the entity "
    "has an enforceable right to payment for performance completed to date"
)
_INDICATORS = (
    "the 25-30 indicators: a present right to payment, legal title, physical possession, the "
    "significant risks and rewards of ownership, and customer acceptance"
)
_WHY_A = {
    FeeKind.PROFESSIONAL_SERVICES: "the customer receives and consumes the benefit of the "
    "services as the entity performs them (another entity would not need to re-perform the work "
    "completed to date)",
    FeeKind.SUPPORT: "the customer receives and consumes the benefit of the entity standing "
    "ready to support it throughout the term",
}
_DEFAULT_WHY = (
    "the customer simultaneously receives and consumes the benefit of the service as the "
    "entity performs (each day of access or processing is consumed as it is provided)"
)


def criterion_for(po: PerformanceObligation, decided: TimingInput | None) -> OverTimeCriterion:
    if decided is not None:
        return decided.criterion
    if po.timing is Timing.POINT_IN_TIME:
        return OverTimeCriterion.POINT_IN_TIME
    return OverTimeCriterion.A


def timing_conclusion(po: PerformanceObligation, decided: TimingInput | None) -> Conclusion:
    label = f"{po.id} {po.name}"
    criterion = criterion_for(po, decided)
    source = per_reviewer(decided.reason) if decided is not None else ""
    reviewer = decided is not None
    if po.material_right:
        rationale = (
            f"{label} is a material right: the customer has paid in advance for an option, so "
            "the amount allocated to it is recognised at the point in time the option is "
            "exercised (as the additional goods or services transfer) or expires. It is not "
            "satisfied over time: none of the 25-27 criteria applies to an unexercised option."
        )
        return conclude(
            "timing", Timing.POINT_IN_TIME, rationale, POINT_IN_TIME, po.citations, amount=None
        )
    if criterion is OverTimeCriterion.POINT_IN_TIME:
        if po.kind is FeeKind.LICENCE and not reviewer:
            what = (
                "a right to use functional intellectual property as it exists when granted, so "
                "control transfers when the customer can first use and benefit from the licence "
                "(not before the licence period begins)"
            )
        elif reviewer:
            what = f"a promise the reviewer has concluded transfers at a point in time{source}"
        else:
            what = "a good the customer controls once it is delivered"
        rationale = (
            f"{label} is satisfied at a point in time: it is {what}. None of the 25-27 criteria "
            f"is met: not {_A}, since the benefit is obtained once control passes; not {_B}; and "
            f"not {_C}. Revenue is recognised when control transfers, judged by {_INDICATORS}."
        )
        paragraphs: tuple[str, ...] = (*OVER_TIME_CRITERIA, *POINT_IN_TIME)
        if po.kind is FeeKind.LICENCE:
            paragraphs = (*paragraphs, *LICENCES)
        return conclude(
            "timing",
            Timing.POINT_IN_TIME,
            rationale,
            paragraphs,
            po.citations,
            reviewer_input=reviewer,
        )
    if criterion is OverTimeCriterion.A:
        if po.kind is FeeKind.LICENCE and not reviewer:
            why = (
                "a right to access symbolic intellectual property: the customer benefits from "
                "the entity's activities that support the IP throughout the licence period"
            )
            paragraphs = (*OVER_TIME, *LICENCES)
        else:
            why = _WHY_A.get(po.kind, _DEFAULT_WHY) + source
            paragraphs = OVER_TIME
        rationale = (
            f"{label} is satisfied over time under criterion 25-27{_A[:3]}: {why}. Criteria (b) "
            "and (c) need not be assessed once (a) is met."
        )
    elif criterion is OverTimeCriterion.B:
        rationale = (
            f"{label} is satisfied over time under criterion 25-27{_B}{source}. Criterion (a) is "
            "not met (the customer does not consume the benefit as the work is performed; "
            "another entity would need to re-perform it), and (c) need not be assessed."
        )
        paragraphs = OVER_TIME
    else:
        rationale = (
            f"{label} is satisfied over time under criterion 25-27{_C}{source}. Criteria (a) and "
            "(b) are not met: the customer neither consumes the benefit as the entity performs "
            "nor controls the asset as it is created."
        )
        paragraphs = OVER_TIME
    return conclude(
        "timing", Timing.OVER_TIME, rationale, paragraphs, po.citations, reviewer_input=reviewer
    )
