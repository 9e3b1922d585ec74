"""Combination of contracts (ASC 606-10-25-9), for contracts reviewed together in one batch.

Two contracts with the same customer entered into at or near the same time are combined
and accounted for as one contract if (a) they are negotiated as a package with a single
commercial objective, (b) the consideration in one depends on the price or performance of
the other, or (c) their goods or services (or some of them) are a single performance
obligation. Whether any criterion holds depends on how the deals were negotiated, which the
documents rarely show: the engine finds the candidates and flags them for the reviewer,
naming the other contracts and the three criteria; it never combines on its own.

Conventions (docs/modifications.md):
- *Same customer*: the customer names match once case, punctuation and corporate suffixes
  (Inc., LLC, Ltd, GmbH, ...) are ignored.
- *At or near the same time*: the dates the contracts were entered into (agreement date,
  else effective date) are at most `WINDOW_DAYS` (30) days apart. A contract whose date was
  not found is a candidate too, and the flag says the date is unknown.

Pure: the batch passes in each contract's name and terms; nothing is read or written here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.engine._common import asc, citations_of, collect_flags, conclude, flag
from assistant.schemas import (
    Analysis,
    Conclusion,
    ContractTerms,
    FlagKind,
    PartyRole,
    Severity,
    Term,
)

WINDOW_DAYS = 30
"""Contracts entered into at most this many days apart are 'at or near the same time'."""
TOPIC = "contract_combination"
COMBINATION = asc("25-9")

_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co",
        "company", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "lp", "llp", "pty",
        "pte", "kk", "oy", "ab", "as", "spa", "srl", "the",
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class BatchContract:
    """One contract of a batch: its output name, file name and extracted terms."""

    name: str
    source_name: str
    terms: ContractTerms


def customer_key(name: str) -> str:
    """`Larkspur Analytics, LLC` and `LARKSPUR ANALYTICS LLC` -> `larkspur analytics`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _NON_WORD.sub(" ", ascii_name.lower().replace(".", "")).split()
    kept = [w for w in words if w not in _SUFFIXES]
    return " ".join(kept or words)


def entered_on(terms: ContractTerms) -> Term[date] | None:
    """When the contract was entered into: the agreement date, else the effective date."""
    return terms.agreement_date or terms.effective_date


def combination_conclusions(
    contracts: Sequence[BatchContract], window_days: int = WINDOW_DAYS
) -> dict[str, Conclusion]:
    """For each contract with same-customer neighbours in the batch, a Step 1 conclusion
    `contract_combination` carrying a judgment flag; contracts without any are absent."""
    keyed: list[tuple[BatchContract, str]] = []
    for c in contracts:
        customer = c.terms.party(PartyRole.CUSTOMER)
        if customer is not None and customer_key(customer.value.name):
            keyed.append((c, customer_key(customer.value.name)))
    out: dict[str, Conclusion] = {}
    for contract, key in keyed:
        others = [
            other
            for other, other_key in keyed
            if other is not contract
            and other_key == key
            and _near(contract.terms, other.terms, window_days)
        ]
        if others:
            out[contract.name] = _conclusion(contract, others, window_days)
    return out


def _near(a: ContractTerms, b: ContractTerms, window_days: int) -> bool:
    da, db = entered_on(a), entered_on(b)
    if da is None or db is None:
        return True  # unknown: the reviewer checks
    return abs((da.value - db.value).days) <= window_days


def _describe(contract: BatchContract, other: BatchContract) -> str:
    mine, theirs = entered_on(contract.terms), entered_on(other.terms)
    if theirs is None:
        when = "date not found"
    else:
        when = f"entered into {_long(theirs.value)}"
        if mine is not None:
            gap = abs((mine.value - theirs.value).days)
            when += ", the same day" if gap == 0 else f", {gap} day{'s' if gap != 1 else ''} apart"
    return f"'{other.name}' ({other.source_name}; {when})"


def _conclusion(
    contract: BatchContract, others: list[BatchContract], window_days: int
) -> Conclusion:
    customer = contract.terms.party(PartyRole.CUSTOMER)
    assert customer is not None
    mine = entered_on(contract.terms)
    own_date = f"entered into {_long(mine.value)}" if mine else "whose date was not found"
    listing = "; ".join(_describe(contract, o) for o in others)
    plural = len(others) > 1
    message = (
        f"This contract ({own_date}) and {len(others)} other contract{'s' if plural else ''} "
        f"with the same customer, {customer.value.name}, reviewed in this batch "
        f"{'were' if plural else 'was'} entered into at or near the same time (within "
        f"{window_days} days, or the date is unknown): {listing}. Under 25-9 they are combined "
        "and accounted for as a single contract if any of these holds: (a) they were "
        "negotiated as a package with a single commercial objective; (b) the consideration "
        "to be paid in one depends on the price or performance of the other; (c) the goods "
        "or services promised in them (or some of them) are a single performance obligation. "
        "The reviewer assesses the three criteria from the negotiation history; revrec "
        "analyses each contract on its own until then."
    )
    cites = citations_of(customer, mine)
    judgment = flag(FlagKind.CONTRACT_COMBINATION, Severity.JUDGMENT, message, COMBINATION, cites)
    return conclude(TOPIC, "reviewer_to_assess", message, COMBINATION, cites, [judgment])


def _long(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def with_combination(analysis: Analysis, conclusion: Conclusion | None) -> Analysis:
    """The analysis with its Step 1 combination conclusion replaced by `conclusion` (None
    removes it), flags and summary recomputed. Idempotent, so a resumed batch can apply it
    to an analysis it wrote before."""
    kept = [c for c in analysis.step1.conclusions if c.topic != TOPIC]
    if conclusion is not None:
        kept.append(conclusion)
    step1 = analysis.step1.model_copy(update={"conclusions": kept})
    return refresh(analysis.model_copy(update={"step1": step1}))


def refresh(analysis: Analysis) -> Analysis:
    """Recompute `flags` and `summary` after conclusions were added to a finished analysis
    (batch-level findings: contract combination, a contract modification)."""
    from assistant.engine import _summary  # the package's own summary, so the wording agrees

    flags = collect_flags(analysis.conclusions())
    summary = _summary(analysis.step1, analysis.step2, analysis.step3, flags)
    return analysis.model_copy(update={"flags": flags, "summary": summary})
