"""The parsed contract: pages and clauses with offsets into one document text."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated

from pydantic import ConfigDict, Field

from assistant.schemas._base import Strict
from assistant.schemas.textnorm import NormalisedText

PAGE_SEPARATOR = "\n\n"
"""Placed between page texts in `Document.text`; page offsets account for it."""


class ClauseKind(StrEnum):
    PREAMBLE = "preamble"
    ARTICLE = "article"
    SECTION = "section"
    HEADING = "heading"
    EXHIBIT = "exhibit"
    SCHEDULE = "schedule"
    ORDER_FORM = "order_form"
    PARAGRAPH = "paragraph"


class Page(Strict):
    number: Annotated[int, Field(ge=1)]
    """1-based page number, as a reader counts pages."""
    char_start: Annotated[int, Field(ge=0)]
    """Offset of the page's first character in `Document.text`."""
    char_end: Annotated[int, Field(ge=0)]
    """Offset one past the page's last character in `Document.text`."""


class Clause(Strict):
    id: str
    """Stable id: `4.2`, `4.2(a)`, `Article V`, `Exhibit A/2`, `Order Form/3`, `P12`."""
    heading: str | None = None
    kind: ClauseKind
    level: Annotated[int, Field(ge=0)] = 0
    parent_id: str | None = None
    page_start: Annotated[int, Field(ge=1)]
    page_end: Annotated[int, Field(ge=1)]
    char_start: Annotated[int, Field(ge=0)]
    char_end: Annotated[int, Field(ge=0)]

    def label(self) -> str:
        """How a memo names the clause: `§4.2 Fees`, `Exhibit A/2`."""
        prefix = f"§{self.id}" if self.id[:1].isdigit() else self.id
        return f"{prefix} {self.heading}" if self.heading else prefix


class Document(Strict):
    """A contract as text, pages and clauses. Offsets index into `text`."""

    model_config = ConfigDict(extra="forbid", frozen=False)

    source_name: str
    """The file name the contract came from (never a full path: paths can be confidential)."""
    sha256: str
    page_count: Annotated[int, Field(ge=0)]
    text: str
    pages: list[Page]
    clauses: list[Clause]

    def page_text(self, number: int) -> str:
        page = self.pages[number - 1]
        return self.text[page.char_start : page.char_end]

    def clause_text(self, clause: Clause) -> str:
        return self.text[clause.char_start : clause.char_end]

    def clause(self, clause_id: str) -> Clause | None:
        return self._clauses_by_id.get(clause_id)

    def page_at(self, offset: int) -> int:
        """Page number holding the character at `offset`."""
        for page in self.pages:
            if offset < page.char_end:
                return page.number
        return self.pages[-1].number if self.pages else 1

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost clause holding the character at `offset`."""
        best: Clause | None = None
        for clause in self.clauses:
            if clause.char_start <= offset < clause.char_end and (
                best is None
                or clause.char_end - clause.char_start <= best.char_end - best.char_start
            ):
                best = clause
        return best

    def find(self, quote: str, clause_id: str | None = None) -> tuple[int, int] | None:
        """Offsets of `quote` (whitespace-normalised) in the document or within one clause."""
        if clause_id is None:
            return self._normalised.find(quote)
        clause = self.clause(clause_id)
        if clause is None:
            return None
        return self._normalised.find(quote, clause.char_start, clause.char_end)

    @cached_property
    def _normalised(self) -> NormalisedText:
        return NormalisedText(self.text)

    @cached_property
    def _clauses_by_id(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}
