"""Step 2: identify the performance obligations (ASC 606-10-25-14 to 25-22, 55-30 to 55-65).

Fee lines map to POs by kind, each PO created at the first fee line that calls for it:
platform-type fees form one stand-ready series, usage-type fees one usage series,
professional services one distinct PO, support one stand-ready series, each licence,
hardware item and unclassified fee its own PO. Set-up fees are not distinct and join the
service they prepare for (55-50 to 55-53).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.engine._common import (
    DISTINCT,
    LICENCES,
    MATERIAL_RIGHT,
    NOT_DISTINCT,
    PRINCIPAL_AGENT,
    SERIES,
    SETUP_FEES,
    WARRANTIES,
    citations_of,
    conclude,
    flag,
    quoted,
)
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    DiscountKind,
    FeeKind,
    FeeLine,
    FlagKind,
    LicenceGrant,
    LicenceKind,
    OptionKind,
    PerformanceObligation,
    ProgressMeasure,
    Severity,
    Step2Obligations,
    Term,
    TierMode,
    Timing,
    WarrantyKind,
)

PLATFORM_KINDS = (FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.RESERVED_CAPACITY)
USAGE_KINDS = (
    FeeKind.USAGE,
    FeeKind.COMMITTED_SPEND,
    FeeKind.MINIMUM_COMMITMENT,
    FeeKind.PREPAID_CREDITS,
)
COMMITMENT_KINDS = (FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT)
_SETUP_HOST_KINDS = (FeeKind.SUPPORT, FeeKind.PROFESSIONAL_SERVICES, FeeKind.OTHER)


@dataclass
class _Draft:
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


def identify_obligations(terms: ContractTerms) -> Step2Obligations:
    """POs in order of first appearance in `terms.fee_lines`, with their conclusions."""
    fees = terms.fee_lines
    drafts = _group(terms)
    setup = [i for i, f in enumerate(fees) if f.value.kind is FeeKind.SETUP]
    host = _setup_host(drafts)
    if setup and host is not None:
        host.setup_lines.extend(setup)
        if host.measure is ProgressMeasure.RIGHT_TO_INVOICE:
            host.measure = ProgressMeasure.USAGE  # an up-front fee is not invoiced as used
    elif setup:
        drafts.append(
            _Draft(
                setup[0],
                FeeKind.SETUP,
                "Set-up services",
                Timing.OVER_TIME,
                ProgressMeasure.TIME_ELAPSED,
                lines=list(setup),
            )
        )
    drafts.sort(key=lambda d: d.first)

    pos: list[PerformanceObligation] = []
    conclusions: list[Conclusion] = []
    for n, draft in enumerate(drafts, start=1):
        po = PerformanceObligation(
            id=f"PO{n}",
            name=draft.name,
            kind=draft.kind,
            fee_lines=sorted(draft.lines + draft.setup_lines),
            series=draft.series,
            stand_ready=draft.stand_ready,
            timing=draft.timing,
            measure=draft.measure,
            citations=citations_of(
                [fees[i] for i in sorted(draft.lines + draft.setup_lines)], draft.licence
            ),
        )
        pos.append(po)
        conclusions.append(_po_conclusion(po, draft, terms))
        if draft.licence_kind is not None:
            conclusions.append(_licence_conclusion(po, draft))
        if draft.setup_lines:
            conclusions.append(_setup_conclusion(po, draft, terms))
    if setup and terms.renewal is not None:
        conclusions.append(_setup_renewal(terms, setup))
    conclusions.extend(_principal_agent(terms))
    conclusions.extend(_warranties(terms))
    conclusions.extend(_options(terms))
    return Step2Obligations(performance_obligations=pos, conclusions=conclusions)


# --------------------------------------------------------------------------- grouping


def _group(terms: ContractTerms) -> list[_Draft]:
    fees = terms.fee_lines
    licence_kinds = _licence_natures(terms)
    by_key: dict[str, _Draft] = {}
    drafts: list[_Draft] = []
    for i, term in enumerate(fees):
        kind = term.value.kind
        if kind is FeeKind.SETUP:
            continue
        key = _key(i, kind)
        draft = by_key.get(key)
        if draft is None:
            draft = _new_draft(i, term.value, licence_kinds.get(i))
            by_key[key] = draft
            drafts.append(draft)
        draft.lines.append(i)
    usage = by_key.get("usage")
    if usage is not None and _right_to_invoice([fees[i].value for i in usage.lines]):
        usage.measure = ProgressMeasure.RIGHT_TO_INVOICE
    return drafts


def _key(index: int, kind: FeeKind) -> str:
    if kind in PLATFORM_KINDS:
        return "platform"
    if kind in USAGE_KINDS:
        return "usage"
    if kind in (FeeKind.PROFESSIONAL_SERVICES, FeeKind.SUPPORT):
        return kind.value
    return f"{kind.value}:{index}"


def _new_draft(
    index: int, line: FeeLine, licence: tuple[LicenceKind, Term[LicenceGrant] | None] | None
) -> _Draft:
    kind = line.kind
    over, point = Timing.OVER_TIME, Timing.POINT_IN_TIME
    elapsed = ProgressMeasure.TIME_ELAPSED
    if kind in PLATFORM_KINDS:
        return _Draft(index, kind, "Platform access", over, elapsed, series=True, stand_ready=True)
    if kind in USAGE_KINDS:
        return _Draft(index, kind, "Usage-based services", over, ProgressMeasure.USAGE, series=True)
    if kind is FeeKind.PROFESSIONAL_SERVICES:
        return _Draft(index, kind, "Professional services", over, ProgressMeasure.INPUT_HOURS)
    if kind is FeeKind.SUPPORT:
        return _Draft(index, kind, "Support", over, elapsed, series=True, stand_ready=True)
    if kind is FeeKind.LICENCE:
        nature, grant = licence or (LicenceKind.UNKNOWN, None)
        if nature is LicenceKind.SYMBOLIC:
            draft = _Draft(index, kind, f"Licence: {_short(line)}", over, elapsed)
        else:
            draft = _Draft(
                index, kind, f"Licence: {_short(line)}", point, ProgressMeasure.POINT_IN_TIME
            )
        draft.licence, draft.licence_kind = grant, nature
        return draft
    if kind is FeeKind.HARDWARE:
        return _Draft(
            index, kind, f"Hardware: {_short(line)}", point, ProgressMeasure.POINT_IN_TIME
        )
    return _Draft(index, kind, _short(line), over, elapsed)


def _short(line: FeeLine) -> str:
    text = " ".join(line.description.split())
    return text or line.kind.value.replace("_", " ")


def _right_to_invoice(lines: list[FeeLine]) -> bool:
    """Only per-unit usage prices (no fixed fee, commitment or prepayment, no retroactive tiers)."""
    return all(
        line.kind is FeeKind.USAGE
        and line.amount is None
        and (line.unit_price is not None or bool(line.tiers))
        and line.tier_mode is not TierMode.RETROACTIVE
        for line in lines
    )


def _setup_host(drafts: list[_Draft]) -> _Draft | None:
    """Platform access, else usage, else the first over-time service PO."""
    for wanted in (PLATFORM_KINDS, USAGE_KINDS):
        for d in drafts:
            if d.kind in wanted:
                return d
    return next(
        (d for d in drafts if d.kind in _SETUP_HOST_KINDS and d.timing is Timing.OVER_TIME), None
    )


def _licence_natures(
    terms: ContractTerms,
) -> dict[int, tuple[LicenceKind, Term[LicenceGrant] | None]]:
    """Pair licence fee lines with licence grants: one grant for all, or one each in order."""
    lines = [i for i, f in enumerate(terms.fee_lines) if f.value.kind is FeeKind.LICENCE]
    grants = terms.licence_grants
    out: dict[int, tuple[LicenceKind, Term[LicenceGrant] | None]] = {}
    for n, i in enumerate(lines):
        if len(grants) == len(lines):
            grant: Term[LicenceGrant] | None = grants[n]
        elif len(grants) == 1:
            grant = grants[0]
        else:
            grant = None
        out[i] = (grant.value.kind if grant else LicenceKind.UNKNOWN, grant)
    return out


# --------------------------------------------------------------------------- conclusions


def _lines_text(terms: ContractTerms, indexes: list[int]) -> str:
    return ", ".join(quoted(terms.fee_lines[i].value.description) for i in indexes)


def _po_conclusion(po: PerformanceObligation, draft: _Draft, terms: ContractTerms) -> Conclusion:
    fees = _lines_text(terms, draft.lines)
    label = f"{po.id} {po.name}"
    cites = citations_of([terms.fee_lines[i] for i in draft.lines])
    kind = draft.kind
    if kind in PLATFORM_KINDS:
        rationale = (
            f"{label}: the entity stands ready to provide access to the platform for the whole "
            f"term ({fees}). Each period of access is distinct, substantially the same and "
            "satisfied over time with the same measure of progress, so the periods form a series "
            "accounted for as a single performance obligation."
        )
        return conclude("performance_obligation", "series", rationale, SERIES, cites)
    if kind in USAGE_KINDS:
        rationale = (
            f"{label}: the services the customer uses ({fees}) are delivered as distinct "
            "increments (each unit or period of processing) that are substantially the same and "
            "transfer over time in the same pattern, so they form a single series performance "
            "obligation; commitments and prepaid credits are consideration for this series, not "
            "separate promises."
        )
        return conclude("performance_obligation", "series", rationale, SERIES, cites)
    if kind is FeeKind.SUPPORT:
        rationale = (
            f"{label}: the entity stands ready to provide support over the term ({fees}); the "
            "periods of support are distinct, substantially the same and satisfied over time, "
            "so they form a series and a single performance obligation, distinct from the other "
            "promises because the customer benefits from the rest of the contract without it."
        )
        return conclude("performance_obligation", "series", rationale, (*SERIES, *DISTINCT), cites)
    if kind is FeeKind.PROFESSIONAL_SERVICES:
        rationale = (
            f"{label}: the services ({fees}) are capable of being distinct, since the customer "
            "can benefit from them with resources readily available to it, and are distinct in "
            "the context of the contract because they neither significantly modify nor integrate "
            "with the other promises; they are a separate performance obligation. The reviewer "
            "reconsiders this if the services significantly customise the platform (25-21)."
        )
        return conclude("performance_obligation", "distinct", rationale, DISTINCT, cites)
    if kind is FeeKind.LICENCE:
        rationale = (
            f"{label}: the licence ({fees}) is capable of being distinct and separately "
            "identifiable from the other promises, so it is a separate performance obligation."
        )
        return conclude(
            "performance_obligation", "distinct", rationale, (*DISTINCT, *LICENCES[:1]), cites
        )
    if kind is FeeKind.HARDWARE:
        rationale = (
            f"{label}: the hardware ({fees}) is a distinct good the customer can use on its own "
            "or with readily available resources, so it is a separate performance obligation."
        )
        return conclude("performance_obligation", "distinct", rationale, DISTINCT, cites)
    if kind is FeeKind.SETUP:
        message = (
            f"{label}: the set-up fee ({fees}) is not attached to any ongoing service in the "
            "contract, so revrec treats it as its own performance obligation recognised over the "
            "contract term; the reviewer confirms whether the set-up activities transfer a good "
            "or service to the customer (then recognised as they are performed) or are an "
            "advance payment for future services (55-50 to 55-53)."
        )
        f = flag(
            FlagKind.PERFORMANCE_OBLIGATION,
            Severity.JUDGMENT,
            message,
            (*DISTINCT, *SETUP_FEES),
            cites,
        )
        return conclude(
            "performance_obligation",
            "separate_setup",
            message,
            (*DISTINCT, *SETUP_FEES),
            cites,
            [f],
        )
    message = (
        f"{label}: the fee ({fees}) does not match a known kind of promise; revrec treats it as "
        "a separate performance obligation satisfied over time. The reviewer determines whether "
        "it is distinct, combined with another promise, and how it transfers to the customer."
    )
    f = flag(FlagKind.PERFORMANCE_OBLIGATION, Severity.JUDGMENT, message, DISTINCT, cites)
    return conclude("performance_obligation", "reviewer_to_confirm", message, DISTINCT, cites, [f])


def _licence_conclusion(po: PerformanceObligation, draft: _Draft) -> Conclusion:
    nature = draft.licence_kind or LicenceKind.UNKNOWN
    cites = citations_of(draft.licence) or po.citations
    if nature is LicenceKind.SYMBOLIC:
        rationale = (
            f"{po.id} is a licence of symbolic intellectual property: the customer's benefit "
            "depends on the entity's continuing activities, so the licence is a right to access "
            "the IP, satisfied over time."
        )
        return conclude("licence_nature", nature, rationale, LICENCES, cites)
    if nature is LicenceKind.FUNCTIONAL:
        rationale = (
            f"{po.id} is a licence of functional intellectual property (the IP has standalone "
            "functionality): a right to use the IP as it exists when granted, satisfied at the "
            "point in time the customer can use it."
        )
        return conclude("licence_nature", nature, rationale, LICENCES, cites)
    message = (
        f"The contract does not show whether the IP licensed in {po.id} is functional or "
        "symbolic; revrec treats it as functional (right to use, point in time). The reviewer "
        "confirms the nature of the IP, because a symbolic licence is recognised over time."
    )
    f = flag(FlagKind.LICENCE_NATURE, Severity.JUDGMENT, message, LICENCES, cites)
    return conclude("licence_nature", nature, message, LICENCES, cites, [f])


def _setup_conclusion(po: PerformanceObligation, draft: _Draft, terms: ContractTerms) -> Conclusion:
    fees = _lines_text(terms, draft.setup_lines)
    rationale = (
        f"The set-up fee ({fees}) pays for activities that do not transfer a good or service to "
        f"the customer on their own; it is an advance payment for {po.id} {po.name}, included "
        "in that performance obligation's consideration and recognised over its service period."
    )
    cites = citations_of([terms.fee_lines[i] for i in draft.setup_lines])
    return conclude("setup_fee", "not_distinct", rationale, (*SETUP_FEES, *NOT_DISTINCT), cites)


def _setup_renewal(terms: ContractTerms, setup: list[int]) -> Conclusion:
    fees = _lines_text(terms, setup)
    message = (
        f"The contract can be renewed and the set-up fee ({fees}) is charged once. If renewing "
        "without paying the fee again gives the customer a material right, the fee is "
        "recognised over the period the customer is expected to benefit (including expected "
        "renewals) rather than the contract term; the reviewer assesses the material right."
    )
    cites = citations_of([terms.fee_lines[i] for i in setup], terms.renewal)
    paragraphs = (*SETUP_FEES, *MATERIAL_RIGHT)
    f = flag(FlagKind.MATERIAL_RIGHT, Severity.JUDGMENT, message, paragraphs, cites)
    return conclude("setup_fee_renewal", "reviewer_to_confirm", message, paragraphs, cites, [f])


def _principal_agent(terms: ContractTerms) -> list[Conclusion]:
    out = []
    for term in terms.fee_lines:
        if not term.value.third_party:
            continue
        message = (
            f"The fee {quoted(term.value.description)} resells a third party's model or "
            "service. The entity is principal (revenue gross) only if it controls the service "
            "before it transfers to the customer, considering primary responsibility, inventory "
            "risk and discretion over price; otherwise it is an agent and revenue is its net fee. "
            "revrec presents the fee gross until the reviewer decides."
        )
        cites = citations_of(term)
        f = flag(FlagKind.PRINCIPAL_AGENT, Severity.JUDGMENT, message, PRINCIPAL_AGENT, cites)
        out.append(
            conclude("principal_agent", "reviewer_to_confirm", message, PRINCIPAL_AGENT, cites, [f])
        )
    return out


def _warranties(terms: ContractTerms) -> list[Conclusion]:
    out = []
    for term in terms.warranties:
        w = term.value
        cites = citations_of(term)
        if w.kind is WarrantyKind.ASSURANCE:
            rationale = (
                f"The warranty {quoted(w.description)} assures that the services comply with "
                "agreed specifications; an assurance-type warranty is not a performance "
                "obligation and is accounted for under ASC 460 if costs are expected."
            )
            out.append(conclude("warranty", "assurance_type", rationale, WARRANTIES, cites))
            continue
        if w.kind is WarrantyKind.SERVICE:
            message = (
                f"The warranty {quoted(w.description)} provides a service beyond assurance "
                "that the services meet specifications; a service-type warranty is a separate "
                "performance obligation to which part of the price is allocated. revrec has not "
                "created one: the reviewer decides and estimates its SSP."
            )
            outcome = "service_type"
        else:
            message = (
                f"The warranty {quoted(w.description)} could not be classified as assurance- or "
                "service-type; if it provides a service beyond assurance it is a separate "
                "performance obligation. The reviewer classifies it."
            )
            outcome = "reviewer_to_confirm"
        f = flag(FlagKind.SERVICE_WARRANTY, Severity.JUDGMENT, message, WARRANTIES, cites)
        out.append(conclude("warranty", outcome, message, WARRANTIES, cites, [f]))
    return out


def _options(terms: ContractTerms) -> list[Conclusion]:
    out = []
    for term in terms.customer_options:
        o = term.value
        cites = citations_of(term)
        if o.kind is OptionKind.ADDITIONAL_PURCHASE:
            rationale = (
                f"The option {quoted(o.description)} lets the customer buy more at the stated "
                "prices, with no discount incremental to those available without this contract; "
                "it is a marketing offer, not a material right, and is accounted for when "
                "exercised."
            )
            out.append(
                conclude("customer_option", "no_material_right", rationale, MATERIAL_RIGHT, cites)
            )
            continue
        detail = {
            OptionKind.RENEWAL_PRICE_CAP: "caps the price of renewals",
            OptionKind.DISCOUNTED_ADDITIONAL_PURCHASE: "gives a discount on future purchases",
        }.get(o.kind, "gives the customer an option for further goods or services")
        message = (
            f"The option {quoted(o.description)} {detail}. If that discount is incremental to "
            "the range of discounts given to this class of customer, the option is a material "
            "right: a separate performance obligation to which part of the price is allocated "
            "and recognised when the option is exercised or expires. The reviewer compares the "
            "option price with SSP."
        )
        f = flag(FlagKind.MATERIAL_RIGHT, Severity.JUDGMENT, message, MATERIAL_RIGHT, cites)
        out.append(
            conclude(
                "customer_option", "possible_material_right", message, MATERIAL_RIGHT, cites, [f]
            )
        )
    for discount in terms.discounts:
        d = discount.value
        if d.kind not in (DiscountKind.FREE_CREDITS, DiscountKind.BONUS_CREDITS):
            continue
        cites = citations_of(discount)
        message = (
            f"The contract grants {d.kind.value.replace('_', ' ')} ({quoted(d.description)}). "
            "Credits the customer obtains only because of this contract are either a discount "
            "on the services in the contract or, if usable for future purchases at a discount "
            "the customer would not otherwise get, a material right; the reviewer assesses which."
        )
        f = flag(FlagKind.MATERIAL_RIGHT, Severity.JUDGMENT, message, MATERIAL_RIGHT, cites)
        out.append(
            conclude(
                "bonus_credits", "possible_material_right", message, MATERIAL_RIGHT, cites, [f]
            )
        )
    return out
