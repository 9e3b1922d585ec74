"""Citation metrics: are the quotes verbatim, and do they point at the labelled clause?

`citations.verbatim` checks every distinct citation of the review record against the parsed
document; the two clause metrics compare, for each field the labels give a clause for, the
clause ids of the citations backing the extracted value (see docs/evaluation.md).
"""

from __future__ import annotations

from typing import Any

from assistant.errors import CitationError
from assistant.evaluation import values
from assistant.evaluation.memo import all_citations
from assistant.evaluation.scoring import ContractScore, Miss, score_share
from assistant.schemas import (
    Citation,
    ContractLabels,
    Document,
    PartyRole,
    ReviewRecord,
    TerminationParty,
    TerminationTrigger,
    verify_citation,
)

_FIELD_SOURCES = {
    "initial_term_months": "initial_term",
    "auto_renewal": "renewal",
    "renewal_term_months": "renewal",
    "renewal_notice_days": "renewal",
    "payment_net_days": "payment_terms",
}


def field_citations(record: ReviewRecord, name: str, labels: ContractLabels) -> list[Citation]:
    """The citations backing the extracted value of a label field (empty when no value)."""
    t = record.terms
    terms: list[Any]
    if name == "customer_termination_for_convenience":
        terms = [
            r
            for r in t.termination_rights
            if r.value.trigger is TerminationTrigger.CONVENIENCE
            and r.value.party in (TerminationParty.CUSTOMER, TerminationParty.EITHER)
        ]
    elif name in ("customer", "provider"):
        party = t.party(PartyRole(name))
        terms = [party] if party else []
    elif name == "variable_kinds":
        wanted = set(labels.terms.variable_kinds)
        terms = [v for v in t.variable_items if not wanted or v.value.kind in wanted]
    elif name == "fee_lines":
        terms = list(t.fee_lines)
    else:
        term = getattr(t, _FIELD_SOURCES.get(name, name), None)
        terms = [term] if term is not None and hasattr(term, "citations") else []
    return [c for term in terms for c in term.citations]


def score_citations(
    score: ContractScore, record: ReviewRecord, labels: ContractLabels, document: Document
) -> None:
    distinct = {(c.clause_id, c.page, c.quote): c for c in all_citations(record)}
    bad = []
    for c in distinct.values():
        try:
            verify_citation(c, document)
        except CitationError as exc:
            bad.append(f"{c.clause_id} p.{c.page}: {exc}")
    score.add(
        "citations.verbatim",
        score_share(len(distinct) - len(bad), len(distinct)),
        "verbatim",
        "; ".join(bad),
    )

    pairs: list[tuple[str, str, list[Citation]]] = [
        (name, clause_id, field_citations(record, name, labels))
        for name, clause_id in labels.terms.clauses.items()
    ]
    # Each labelled fee line names its own clause; pair it with the extracted line it matched.
    unmatched = list(record.terms.fee_lines)
    for i, fee in enumerate(labels.terms.fee_lines):
        key = values.fee_key(fee.kind.value, fee.amount, fee.unit_price)
        hit = next(
            (
                f
                for f in unmatched
                if values.fee_key(f.value.kind.value, f.value.amount, f.value.unit_price) == key
            ),
            None,
        )
        if hit is not None:
            unmatched.remove(hit)
            if fee.clause_id:
                pairs.append((f"fee_lines[{i}]", fee.clause_id, list(hit.citations)))
    for name, clause_id, cites in pairs:
        if not cites:
            continue  # no value extracted: already a recall miss under terms.*
        at = sum(c.clause_id == clause_id for c in cites)
        where = ", ".join(sorted({c.clause_id for c in cites}))
        expected = f"{name} at {clause_id}"
        # One miss line per field: the field-level one, else the citation-level one.
        score.count("citations.at_labelled_clause", score_share(at, len(cites)))
        score.add(
            "citations.fields_at_labelled_clause", score_share(int(at > 0), 1), expected, where
        )
        if 0 < at < len(cites):
            score.misses.append(Miss("citations.at_labelled_clause", expected, where))
