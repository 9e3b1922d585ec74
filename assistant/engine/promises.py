"""The promises behind the fee lines: how each kind of fee becomes a performance obligation,
and the conclusion that says why (25-14 to 25-22).

Each PO conclusion walks the two distinct criteria of 25-19: capable of being distinct
(25-20: the customer can benefit from it alone or with readily available resources) and
distinct in the context of the contract (25-21: no significant integration, no significant
modification or customisation, not highly interdependent), then the series test (25-15)
where periods of service are substantially the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.engine._common import (
    CAPABLE_OF_BEING_DISTINCT,
    DISTINCT,
    DISTINCT_IN_CONTEXT,
    LICENCES,
    NOT_DISTINCT,
    SERIES,
    SETUP_FEES,
    citations_of,
    conclude,
    flag,
    per_reviewer,
    quoted,
)
from assistant.engine._inputs import Inputs
from assistant.schemas import (
    CombinedPromises,
    Conclusion,
    ContractTerms,
    DistinctFactor,
    FeeKind,
    FeeLine,
    FlagKind,
    LicenceGrant,
    LicenceKind,
    PerformanceObligation,
    ProgressMeasure,
    Severity,
    Term,
    TierMode,
    Timing,
    TimingInput,
)

PLATFORM_KINDS = (FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.RESERVED_CAPACITY)
USAGE_KINDS = (
    FeeKind.USAGE,
    FeeKind.COMMITTED_SPEND,
    FeeKind.MINIMUM_COMMITMENT,
    FeeKind.PREPAID_CREDITS,
)
COMMITMENT_KINDS = (FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT)
_SERVICE_KINDS = (*PLATFORM_KINDS, *USAGE_KINDS, FeeKind.SUPPORT, FeeKind.PROFESSIONAL_SERVICES)

_FACTOR_TEXT = {
    DistinctFactor.SIGNIFICANT_INTEGRATION: (
        "the entity provides a significant service of integrating them into a combined output "
        "the customer contracted for (25-21(a))"
    ),
    DistinctFactor.SIGNIFICANT_MODIFICATION: (
        "one of them significantly modifies or customises another (25-21(b))"
    ),
    DistinctFactor.HIGHLY_INTERDEPENDENT: (
        "they are highly interdependent: each significantly affects the other (25-21(c))"
    ),
}


@dataclass
class Draft:
    """A PO being built: the fee lines that call for it and how it is satisfied."""

    first: int
    kind: FeeKind
    name: str
    timing: Timing
    measure: ProgressMeasure
    series: bool = False
    stand_ready: bool = False
    lines: list[int] = field(default_factory=list)
    setup_lines: list[int] = field(default_factory=list)
    licence: Term[LicenceGrant] | None = None
    licence_kind: LicenceKind | None = None
    licence_from_reviewer: str | None = None
    """The reviewer's reason, when the licence nature came from the inputs."""
    combined: CombinedPromises | None = None
    timing_input: TimingInput | None = None


def new_draft(
    index: int,
    line: FeeLine,
    licence: tuple[LicenceKind, Term[LicenceGrant] | None, str | None] | None,
    *,
    several_support: bool = False,
) -> Draft:
    kind = line.kind
    over, point = Timing.OVER_TIME, Timing.POINT_IN_TIME
    elapsed = ProgressMeasure.TIME_ELAPSED
    if kind in PLATFORM_KINDS:
        return Draft(index, kind, "Platform access", over, elapsed, series=True, stand_ready=True)
    if kind in USAGE_KINDS:
        return Draft(index, kind, "Usage-based services", over, ProgressMeasure.USAGE, series=True)
    if kind is FeeKind.PROFESSIONAL_SERVICES:
        return Draft(index, kind, "Professional services", over, ProgressMeasure.INPUT_HOURS)
    if kind is FeeKind.SUPPORT:
        name = f"Support: {short(line)}" if several_support else "Support"
        return Draft(index, kind, name, over, elapsed, series=True, stand_ready=True)
    if kind is FeeKind.LICENCE:
        nature, grant, reason = licence or (LicenceKind.UNKNOWN, None, None)
        if nature is LicenceKind.SYMBOLIC:
            draft = Draft(index, kind, f"Licence: {short(line)}", over, elapsed)
        else:
            draft = Draft(
                index, kind, f"Licence: {short(line)}", point, ProgressMeasure.POINT_IN_TIME
            )
        draft.licence, draft.licence_kind, draft.licence_from_reviewer = grant, nature, reason
        return draft
    if kind is FeeKind.HARDWARE:
        return Draft(index, kind, f"Hardware: {short(line)}", point, ProgressMeasure.POINT_IN_TIME)
    return Draft(index, kind, short(line), over, elapsed)


def combined_draft(terms: ContractTerms, lines: list[int], bundle: CombinedPromises) -> Draft:
    """One PO for promises the reviewer found not distinct in context (25-22)."""
    fees = [terms.fee_lines[i].value for i in lines]
    kind = fees[0].kind
    name = bundle.name or "Combined: " + " + ".join(short(f) for f in fees)
    services = any(f.kind in _SERVICE_KINDS for f in fees)
    measure = (
        ProgressMeasure.INPUT_HOURS
        if any(f.kind is FeeKind.PROFESSIONAL_SERVICES for f in fees) or not services
        else ProgressMeasure.TIME_ELAPSED
    )
    timing = Timing.OVER_TIME if services else Timing.POINT_IN_TIME
    if timing is Timing.POINT_IN_TIME:
        measure = ProgressMeasure.POINT_IN_TIME
    return Draft(lines[0], kind, name, timing, measure, lines=list(lines), combined=bundle)


def short(line: FeeLine) -> str:
    text = " ".join(line.description.split())
    return text or line.kind.value.replace("_", " ")


def right_to_invoice(lines: list[FeeLine]) -> bool:
    """Only per-unit usage prices (no fixed fee, commitment or prepayment, no retroactive tiers)."""
    return all(
        line.kind is FeeKind.USAGE
        and line.amount is None
        and (line.unit_price is not None or bool(line.tiers))
        and line.tier_mode is not TierMode.RETROACTIVE
        for line in lines
    )


def lines_text(terms: ContractTerms, indexes: list[int]) -> str:
    return ", ".join(quoted(terms.fee_lines[i].value.description) for i in indexes)


# --------------------------------------------------------------------------- conclusions

_CAPABLE = "Capable of being distinct: {what}."
_IN_CONTEXT = (
    "Distinct in the context of the contract: {what}, so the promise is separately "
    "identifiable from the other promises"
)


def po_conclusion(
    po: PerformanceObligation, draft: Draft, terms: ContractTerms, view: Inputs
) -> Conclusion:
    fees = lines_text(terms, draft.lines)
    label = f"{po.id} {po.name}"
    cites = citations_of([terms.fee_lines[i] for i in draft.lines])
    kind = draft.kind
    others = len(terms.fee_lines) > len(draft.lines) + len(draft.setup_lines)
    alone = (
        "it is not integrated with, does not modify and does not depend on the other promises"
        if others
        else "it is the only promise in the contract"
    )
    if draft.combined is not None:
        return _combined(po, draft, fees, cites)
    if kind in PLATFORM_KINDS:
        rationale = (
            f"{label}: the entity stands ready to provide access to the platform for the whole "
            f"term ({fees}). {_CAPABLE.format(what='customers buy access on its own')} "
            f"{_IN_CONTEXT.format(what=alone)}. Each period of access is a distinct service, "
            "substantially the same as the others and satisfied over time with the same "
            "measure of progress (time elapsed), so the periods form a series accounted for as "
            "a single stand-ready performance obligation."
        )
        return conclude("performance_obligation", "series", rationale, (*SERIES, *DISTINCT), cites)
    if kind in USAGE_KINDS:
        rationale = (
            f"{label}: the services the customer uses ({fees}) are delivered as distinct "
            "increments (each unit or period of processing), each capable of being distinct and "
            "distinct in context, that are substantially the same and transfer over time in the "
            "same pattern, so they form a single series performance obligation (the periods in "
            "which usage occurs are the distinct services); commitments and prepaid credits are "
            "consideration for this series, not separate promises."
        )
        return conclude("performance_obligation", "series", rationale, (*SERIES, *DISTINCT), cites)
    if kind is FeeKind.SUPPORT:
        rationale = (
            f"{label}: the entity stands ready to provide support over the term ({fees}). "
            f"{_CAPABLE.format(what='support is sold separately and used with the product')} "
            f"{_IN_CONTEXT.format(what=alone)}. The periods of support are substantially the "
            "same and satisfied over time, so they form a series and a single stand-ready "
            "performance obligation."
        )
        return conclude("performance_obligation", "series", rationale, (*SERIES, *DISTINCT), cites)
    if kind is FeeKind.PROFESSIONAL_SERVICES:
        rationale = (
            f"{label}: the services ({fees}) are capable of being distinct, since the customer "
            "can benefit from them with resources readily available to it (others provide "
            "similar services), and are distinct in the context of the contract because they "
            "neither significantly modify nor integrate with the other promises; they are a "
            "separate performance obligation. The reviewer reconsiders this if the services "
            "significantly customise the platform (25-21(b)); a reviewer input combining the "
            "promises then makes them one performance obligation."
        )
        return conclude("performance_obligation", "distinct", rationale, DISTINCT, cites)
    if kind is FeeKind.LICENCE:
        rationale = (
            f"{label}: the licence ({fees}) is capable of being distinct (the customer can use "
            "the intellectual property on its own or with readily available resources) and "
            f"distinct in the context of the contract ({alone}), so it is a separate "
            "performance obligation."
        )
        return conclude(
            "performance_obligation", "distinct", rationale, (*DISTINCT, *LICENCES[:1]), cites
        )
    if kind is FeeKind.HARDWARE:
        rationale = (
            f"{label}: the good ({fees}) is capable of being distinct (the customer can use it "
            "on its own or with readily available resources) and distinct in the context of the "
            f"contract ({alone}), so it is a separate performance obligation."
        )
        return conclude("performance_obligation", "distinct", rationale, DISTINCT, cites)
    if kind is FeeKind.SETUP:
        return _lone_setup(label, fees, cites)
    decided = draft.timing_input
    if decided is not None:
        rationale = (
            f"{label}: the fee ({fees}) does not match a known kind of promise; it is treated "
            "as a distinct performance obligation whose pattern of transfer the reviewer has "
            f"determined{per_reviewer(decided.reason)}."
        )
        return conclude(
            "performance_obligation", "distinct", rationale, DISTINCT, cites, reviewer_input=True
        )
    message = (
        f"{label}: the fee ({fees}) does not match a known kind of promise; revrec treats it as "
        "a separate performance obligation satisfied over time. The reviewer determines whether "
        "it is distinct, combined with another promise, and how it transfers to the customer."
    )
    f = flag(FlagKind.PERFORMANCE_OBLIGATION, Severity.JUDGMENT, message, DISTINCT, cites)
    return conclude("performance_obligation", "reviewer_to_confirm", message, DISTINCT, cites, [f])


def _combined(po: PerformanceObligation, draft: Draft, fees: str, cites: list) -> Conclusion:
    bundle = draft.combined
    assert bundle is not None
    rationale = (
        f"{po.id} {po.name}: the promises ({fees}) may each be capable of being distinct, but "
        f"they are not distinct in the context of the contract because "
        f"{_FACTOR_TEXT[bundle.factor]}{per_reviewer(bundle.reason)}. They are combined into "
        "a single performance obligation."
    )
    return conclude(
        "performance_obligation",
        "combined",
        rationale,
        (*CAPABLE_OF_BEING_DISTINCT, *DISTINCT_IN_CONTEXT, *NOT_DISTINCT),
        cites,
        reviewer_input=True,
    )


def _lone_setup(label: str, fees: str, cites: list) -> Conclusion:
    message = (
        f"{label}: the set-up fee ({fees}) is not attached to any ongoing service in the "
        "contract, so revrec treats it as its own performance obligation recognised over the "
        "contract term; the reviewer confirms whether the set-up activities transfer a good "
        "or service to the customer (then recognised as they are performed) or are an "
        "advance payment for future services (55-50 to 55-53)."
    )
    paragraphs = (*DISTINCT, *SETUP_FEES)
    f = flag(FlagKind.PERFORMANCE_OBLIGATION, Severity.JUDGMENT, message, paragraphs, cites)
    return conclude("performance_obligation", "separate_setup", message, paragraphs, cites, [f])
