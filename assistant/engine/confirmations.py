"""The reviewer's confirmations of the 25-1 criteria the contract cannot settle.

Collectibility (25-1(e)) and commercial substance (25-1(d)) depend on facts about the
customer and the deal, not on the contract text, so Step 1 leaves them for the reviewer to
confirm. When the reviewer's inputs confirm (or deny) them, this module replaces Step 1's
conclusions on those two topics with the reviewer's answer; everything else in Step 1 is
left as Step 1 concluded it.
"""

from __future__ import annotations

from assistant.engine._common import (
    COLLECTIBILITY,
    COMMERCIAL_SUBSTANCE,
    conclude,
    flag,
    per_reviewer,
)
from assistant.engine._inputs import Inputs
from assistant.schemas import Conclusion, CriterionStatus, FlagKind, Severity, Step1Contract

_TEXT = {
    "collectibility": (
        "e",
        COLLECTIBILITY,
        FlagKind.COLLECTIBILITY,
        "it is probable that the entity will collect the consideration to which it will be "
        "entitled: the customer has the ability and intention to pay when amounts are due "
        "(25-1(e))",
    ),
    "commercial_substance": (
        "d",
        COMMERCIAL_SUBSTANCE,
        FlagKind.COMMERCIAL_SUBSTANCE,
        "the contract has commercial substance: the risk, timing or amount of the entity's "
        "future cash flows is expected to change as a result of it (25-1(d))",
    ),
}


def apply_confirmations(step1: Step1Contract, view: Inputs) -> Step1Contract:
    answers = {
        "collectibility": (view.raw.collectibility_confirmed, view.raw.collectibility_evidence),
        "commercial_substance": (view.raw.commercial_substance_confirmed, ""),
    }
    if all(value is None for value, _ in answers.values()):
        return step1
    criteria = dict(step1.criteria)
    conclusions: list[Conclusion] = []
    for c in step1.conclusions:
        value, evidence = answers.get(c.topic, (None, ""))
        if value is None:
            conclusions.append(c)
            continue
        letter, paragraphs, kind, text = _TEXT[c.topic]
        source = per_reviewer(evidence)
        if value:
            criteria[letter] = CriterionStatus.MET
            rationale = f"The reviewer has confirmed that {text}{source}."
            conclusions.append(
                conclude(
                    c.topic,
                    CriterionStatus.MET,
                    rationale,
                    paragraphs,
                    c.citations,
                    reviewer_input=True,
                )
            )
            continue
        criteria[letter] = CriterionStatus.NOT_MET
        message = (
            f"The reviewer has concluded that it is not the case that {text}{source}. Until the "
            "criterion is met, there is no contract for the purposes of ASC 606: consideration "
            "received is a liability and revenue is recognised only as 25-7 allows."
        )
        f = flag(kind, Severity.JUDGMENT, message, (*paragraphs, "606-10-25-7"), c.citations)
        conclusions.append(
            conclude(
                c.topic,
                CriterionStatus.NOT_MET,
                message,
                (*paragraphs, "606-10-25-7"),
                c.citations,
                [f],
                reviewer_input=True,
            )
        )
    return step1.model_copy(update={"criteria": criteria, "conclusions": conclusions})
