"""Licences of intellectual property: functional or symbolic (55-54 to 55-65).

A functional licence (software, a recording: the IP has standalone functionality) is a
right to use the IP as it exists when granted, satisfied at a point in time; a symbolic
licence (a brand, a team name: the customer's benefit depends on the entity's continuing
activities) is a right to access the IP, satisfied over time (55-58 to 55-62). The contract
rarely says which: the reviewer's input decides, else revrec treats an unknown licence as
functional and flags it.
"""

from __future__ import annotations

from assistant.engine._common import LICENCES, citations_of, conclude, flag, per_reviewer
from assistant.engine._inputs import Inputs
from assistant.engine.promises import Draft
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    FeeKind,
    FlagKind,
    LicenceGrant,
    LicenceKind,
    PerformanceObligation,
    Severity,
    Term,
)

Nature = tuple[LicenceKind, Term[LicenceGrant] | None, str | None]


def licence_natures(terms: ContractTerms, view: Inputs) -> dict[int, Nature]:
    """Pair licence fee lines with licence grants: one grant for all, or one each in order.

    A reviewer input for a line replaces the grant's nature (and records the reason).
    """
    lines = [i for i, f in enumerate(terms.fee_lines) if f.value.kind is FeeKind.LICENCE]
    grants = terms.licence_grants
    out: dict[int, Nature] = {}
    for n, i in enumerate(lines):
        if len(grants) == len(lines):
            grant: Term[LicenceGrant] | None = grants[n]
        elif len(grants) == 1:
            grant = grants[0]
        else:
            grant = None
        decided = view.licence_nature(i)
        if decided is not None:
            out[i] = (decided.nature, grant, decided.reason)
        else:
            out[i] = (grant.value.kind if grant else LicenceKind.UNKNOWN, grant, None)
    return out


def licence_conclusion(po: PerformanceObligation, draft: Draft, view: Inputs) -> Conclusion:
    nature = draft.licence_kind or LicenceKind.UNKNOWN
    cites = citations_of(draft.licence) or po.citations
    reviewed = draft.licence_from_reviewer is not None
    source = per_reviewer(draft.licence_from_reviewer or "") if reviewed else ""
    if nature is LicenceKind.SYMBOLIC:
        rationale = (
            f"{po.id} is a licence of symbolic intellectual property{source}: the IP has no "
            "significant standalone functionality and the customer's benefit depends on the "
            "entity's continuing activities that support or maintain it, so the licence is a "
            "right to access the IP, satisfied over time."
        )
        return conclude(
            "licence_nature", nature, rationale, LICENCES, cites, reviewer_input=reviewed
        )
    if nature is LicenceKind.FUNCTIONAL:
        rationale = (
            f"{po.id} is a licence of functional intellectual property{source} (the IP has "
            "significant standalone functionality that the entity's later activities do not "
            "change): a right to use the IP as it exists when granted, satisfied at the point "
            "in time the customer can use and benefit from it."
        )
        return conclude(
            "licence_nature", nature, rationale, LICENCES, cites, reviewer_input=reviewed
        )
    message = (
        f"The contract does not show whether the IP licensed in {po.id} is functional or "
        "symbolic; revrec treats it as functional (right to use, point in time). The reviewer "
        "confirms the nature of the IP, because a symbolic licence is recognised over time."
    )
    f = flag(FlagKind.LICENCE_NATURE, Severity.JUDGMENT, message, LICENCES, cites)
    return conclude("licence_nature", nature, message, LICENCES, cites, [f])
