"""Step 2: identify the performance obligations (ASC 606-10-25-14 to 25-22, 55-30 to 55-65).

Fee lines map to POs by kind, each PO created at the first fee line that calls for it:
platform-type fees form one stand-ready series, usage-type fees one usage series,
professional services one distinct PO, each support line a stand-ready series, each licence,
hardware item and unclassified fee its own PO. Set-up fees are not distinct and join the
service they prepare for (55-50 to 55-53). The reviewer may combine promises that are not
distinct in context, and confirm material rights, which become POs of their own.

The judgments around the POs live in their own modules: `licences`, `material_rights`,
`principal_agent` and `warranties`; the PO conclusions themselves in `promises`.
"""

from __future__ import annotations

from assistant.engine._common import (
    DISTINCT,
    LICENCES,
    MATERIAL_RIGHT,
    PRINCIPAL_AGENT,
    WARRANTIES,
    citations_of,
    conclude,
    renewal_option,
)
from assistant.engine._inputs import Inputs
from assistant.engine.licences import licence_conclusion, licence_natures
from assistant.engine.material_rights import (
    confirmed_rights,
    option_conclusions,
    setup_conclusion,
    setup_renewal_conclusion,
)
from assistant.engine.principal_agent import principal_agent_conclusions
from assistant.engine.promises import (
    COMMITMENT_KINDS,
    PLATFORM_KINDS,
    USAGE_KINDS,
    Draft,
    combined_draft,
    new_draft,
    po_conclusion,
    right_to_invoice,
)
from assistant.engine.warranties import warranty_conclusions
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    FeeKind,
    OverTimeCriterion,
    PerformanceObligation,
    ProgressMeasure,
    ReviewerInputs,
    Step2Obligations,
    Timing,
)

__all__ = ["COMMITMENT_KINDS", "PLATFORM_KINDS", "USAGE_KINDS", "identify_obligations"]

_OTHER_PARAGRAPHS = (*MATERIAL_RIGHT, *WARRANTIES, *PRINCIPAL_AGENT, *LICENCES)
_SETUP_HOST_KINDS = (FeeKind.SUPPORT, FeeKind.PROFESSIONAL_SERVICES, FeeKind.OTHER)
_NOTHING_ELSE = (
    "Not applicable because the contract contains no customer options, bonus credits, "
    "warranties, licences of intellectual property or resold third-party services: no "
    "material-right, warranty, licence-nature or principal-versus-agent assessment is needed."
)


def identify_obligations(
    terms: ContractTerms, inputs: ReviewerInputs | Inputs | None = None
) -> Step2Obligations:
    """POs in order of first appearance in `terms.fee_lines`, with their conclusions."""
    view = Inputs.of(inputs)
    fees = terms.fee_lines
    drafts = _group(terms, view)
    setup = [
        i for i, f in enumerate(fees) if f.value.kind is FeeKind.SETUP and not _bundled(i, view)
    ]
    host = _setup_host(drafts)
    if setup and host is not None:
        host.setup_lines.extend(setup)
        if host.measure is ProgressMeasure.RIGHT_TO_INVOICE:
            host.measure = ProgressMeasure.USAGE  # an up-front fee is not invoiced as used
    elif setup:
        over, elapsed = Timing.OVER_TIME, ProgressMeasure.TIME_ELAPSED
        drafts.append(Draft(setup[0], FeeKind.SETUP, "Set-up services", over, elapsed, lines=setup))
    drafts.sort(key=lambda d: d.first)
    for draft in drafts:
        _apply_timing(draft, view)

    pos: list[PerformanceObligation] = []
    conclusions: list[Conclusion] = []
    for n, draft in enumerate(drafts, start=1):
        lines = sorted(draft.lines + draft.setup_lines)
        po = PerformanceObligation(
            id=f"PO{n}",
            name=draft.name,
            kind=draft.kind,
            fee_lines=lines,
            series=draft.series,
            stand_ready=draft.stand_ready,
            timing=draft.timing,
            measure=draft.measure,
            citations=citations_of([fees[i] for i in lines], draft.licence),
        )
        pos.append(po)
        conclusions.append(po_conclusion(po, draft, terms, view))
        if draft.licence_kind is not None:
            conclusions.append(licence_conclusion(po, draft, view))
        if draft.setup_lines:
            conclusions.append(setup_conclusion(po, draft.setup_lines, terms))
    for right in confirmed_rights(terms, view):
        po = PerformanceObligation(
            id=f"PO{len(pos) + 1}",
            name=right.name,
            kind=FeeKind.OTHER,
            fee_lines=[],
            timing=Timing.POINT_IN_TIME,
            measure=ProgressMeasure.POINT_IN_TIME,
            citations=right.citations,
            material_right=True,
        )
        pos.append(po)
    if setup and renewal_option(terms) is not None:
        conclusions.append(setup_renewal_conclusion(terms, setup, view))
    others = principal_agent_conclusions(terms, view)
    others += warranty_conclusions(terms)
    others += option_conclusions(terms, view, pos)
    conclusions += others
    if not others and not any(d.licence_kind is not None for d in drafts):
        conclusions.append(
            conclude("other_promises", "not_applicable", _NOTHING_ELSE, _OTHER_PARAGRAPHS)
        )
    if not pos:
        conclusions.insert(0, _no_obligations(terms))
    return Step2Obligations(performance_obligations=pos, conclusions=conclusions)


# --------------------------------------------------------------------------- grouping


def _bundled(index: int, view: Inputs) -> bool:
    return any(index in c.fee_lines for c in view.raw.combined_promises)


def _group(terms: ContractTerms, view: Inputs) -> list[Draft]:
    fees = terms.fee_lines
    natures = licence_natures(terms, view)
    by_key: dict[str, Draft] = {}
    drafts: list[Draft] = []
    for bundle in view.raw.combined_promises:
        lines = sorted({i for i in bundle.fee_lines if i < len(fees)})
        if len(lines) >= 2:
            drafts.append(combined_draft(terms, lines, bundle))
    support_lines = sum(1 for f in fees if f.value.kind is FeeKind.SUPPORT)
    for i, term in enumerate(fees):
        kind = term.value.kind
        if kind is FeeKind.SETUP or _bundled(i, view):
            continue
        key = _key(i, kind)
        draft = by_key.get(key)
        if draft is None:
            draft = new_draft(i, term.value, natures.get(i), several_support=support_lines > 1)
            by_key[key] = draft
            drafts.append(draft)
        draft.lines.append(i)
    usage = by_key.get("usage")
    if usage is not None and right_to_invoice([fees[i].value for i in usage.lines]):
        usage.measure = ProgressMeasure.RIGHT_TO_INVOICE
    return _royalties_join_their_licence(drafts, terms)


def _royalties_join_their_licence(drafts: list[Draft], terms: ContractTerms) -> list[Draft]:
    """A royalty line (per-unit, no amount) under the same grant as a priced licence line is
    consideration for that licence, not another licence (Example 61)."""
    out: list[Draft] = []
    for draft in drafts:
        line = terms.fee_lines[draft.first].value
        royalty = (
            draft.kind is FeeKind.LICENCE
            and draft.combined is None
            and line.amount is None
            and (line.unit_price is not None or bool(line.tiers))
        )
        host = next(
            (
                d
                for d in out
                if royalty
                and d.kind is FeeKind.LICENCE
                and d.combined is None
                and d.licence is not None
                and d.licence is draft.licence
            ),
            None,
        )
        if host is None:
            out.append(draft)
        else:
            host.lines.extend(draft.lines)
    return out


def _key(index: int, kind: FeeKind) -> str:
    if kind in PLATFORM_KINDS:
        return "platform"
    if kind in USAGE_KINDS:
        return "usage"
    if kind is FeeKind.PROFESSIONAL_SERVICES:
        return kind.value
    # Each support line is its own stand-ready promise (Example 11: updates and technical
    # support are distinct from each other).
    return f"{kind.value}:{index}"


def _setup_host(drafts: list[Draft]) -> Draft | None:
    """Platform access, else usage, else the first over-time service PO."""
    for wanted in (PLATFORM_KINDS, USAGE_KINDS):
        for d in drafts:
            if d.kind in wanted and not d.combined:
                return d
    return next(
        (
            d
            for d in drafts
            if d.kind in _SETUP_HOST_KINDS and d.timing is Timing.OVER_TIME and not d.combined
        ),
        None,
    )


def _apply_timing(draft: Draft, view: Inputs) -> None:
    """The reviewer's 25-27 conclusion for a PO replaces the kind's default timing."""
    decided = view.timing(draft.lines + draft.setup_lines)
    if decided is None:
        return
    draft.timing_input = decided
    if decided.criterion is OverTimeCriterion.POINT_IN_TIME:
        draft.timing, draft.measure = Timing.POINT_IN_TIME, ProgressMeasure.POINT_IN_TIME
        draft.series = draft.stand_ready = False
        return
    if draft.timing is Timing.POINT_IN_TIME:
        draft.measure = ProgressMeasure.INPUT_HOURS
    draft.timing = Timing.OVER_TIME


def _no_obligations(terms: ContractTerms) -> Conclusion:
    rationale = (
        "Not applicable because no fee lines were found: the contract as extracted promises "
        "no priced good or service, so no performance obligation is identified. The reviewer "
        "checks the extraction against the contract."
    )
    return conclude(
        "performance_obligation",
        "not_applicable",
        rationale,
        DISTINCT,
        citations_of(terms.licence_grants),
    )
