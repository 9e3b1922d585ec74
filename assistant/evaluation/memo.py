"""The memo's citation rule: every figure (money, date, duration, percentage) sits on a line
that carries a citation, and every citation resolves to a quote revrec extracted.

Shared by `tests/test_memo.py` and the eval (`memo.*` metrics), so both apply one rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from assistant.render_filters import citation_label
from assistant.schemas import Citation, ReviewRecord

CITATION = re.compile(
    r"\((?:§|Preamble|Exhibit|Schedule|Order Form|Annex|Appendix|Article|P\d|\([^()]*\))"
    r"(?:[^()]|\([^()]*\))*?, p\. \d+\)"  # ids may hold parentheses: `Order Form/4(a)`
)
"""A citation label as the memo prints it: `(§4.2 Fees, p. 3)`, `(Order Form/4(a), p. 4)`,
`((2)(B), p. 1)`."""

FIGURE = re.compile(
    r"(?:(?!ASC)[A-Z]{3} [\d,]+(?:\.\d+)?"  # money
    r"|\b\d{1,2}, \d{4}\b"  # dates
    r"|\b\d+(?:\.\d+)? (?:day|week|month|year)s?\b"  # durations
    r"|\d+(?:\.\d+)?%)"  # percentages
)
"""Figures that need a source: money, dates, durations, percentages."""

_GUIDANCE = "## 4. Guidance applied"
_ANALYSIS = "## 5. Analysis"


def figure_body(memo: str) -> str:
    """The part of the memo whose figures must be cited: not the provenance footer (revrec's
    own facts) and not the guidance section (ASC paragraph numbers, not contract facts)."""
    body = memo.split("\n---\n")[0]
    if _GUIDANCE in body and _ANALYSIS in body:
        body = body.split(_GUIDANCE)[0] + body.split(_ANALYSIS, 1)[1]
    return body


def all_citations(obj: object) -> list[Citation]:
    """Every `Citation` inside a model, list or dict, in order (repeats kept)."""
    found: list[Citation] = []
    if isinstance(obj, Citation):
        found.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            found.extend(all_citations(v))
    elif isinstance(obj, list | tuple):
        for v in obj:
            found.extend(all_citations(v))
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            found.extend(all_citations(getattr(obj, name)))
    return found


def known_labels(record: ReviewRecord) -> set[str]:
    """The labels of every citation the record holds: what a memo citation may resolve to."""
    clause_index = {c.id: c for c in record.clauses}
    return {citation_label(c, clause_index) for c in all_citations(record)}


@dataclass(frozen=True)
class MemoCheck:
    labels: int
    """Citation labels printed in the memo."""
    unresolved: list[str]
    """Labels that match no citation of the record."""
    figure_lines: int
    """Lines of the memo body holding a figure."""
    uncited: list[str]
    """Figure lines with no citation, or only citations that do not resolve."""

    @property
    def ok(self) -> bool:
        return not self.unresolved and not self.uncited


def check_memo(memo: str, record: ReviewRecord) -> MemoCheck:
    known = known_labels(record)
    labels = CITATION.findall(memo)
    unresolved = [label for label in labels if label not in known]
    lines = [line for line in figure_body(memo).splitlines() if FIGURE.search(line)]
    uncited = [
        line for line in lines if not any(label in known for label in CITATION.findall(line))
    ]
    return MemoCheck(len(labels), unresolved, len(lines), uncited)
