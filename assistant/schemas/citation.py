"""A citation is a type, not a string: clause id, page and a verbatim quote.

When a `Document` is passed as validation context (`{"document": doc}`), a quote that does
not occur in the cited clause (whitespace-normalised) fails validation, and so does a page
the quote is not on. This is what makes instructor re-ask a model that paraphrased.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, ValidationInfo, model_validator

from assistant.errors import CitationError
from assistant.schemas._base import Strict
from assistant.schemas.document import Document

MAX_QUOTE_CHARS = 2000


class Citation(Strict):
    clause_id: str
    """Id of the clause the quote comes from, e.g. `4.2` or `Exhibit A/2`."""
    page: Annotated[int, Field(ge=1)]
    """Page on which the quote starts."""
    quote: Annotated[str, Field(min_length=1, max_length=MAX_QUOTE_CHARS)]
    """Verbatim text from the clause (whitespace may differ)."""

    @model_validator(mode="after")
    def _verify_against_document(self, info: ValidationInfo) -> Citation:
        document = _document_from(info.context)
        if document is not None:
            verify_citation(self, document)
        return self

    def label(self, document: Document | None = None) -> str:
        """`(§4.2 Fees, p. 3)`; the heading only when the document is at hand."""
        clause = document.clause(self.clause_id) if document else None
        name = (
            clause.label()
            if clause
            else (f"§{self.clause_id}" if self.clause_id[:1].isdigit() else self.clause_id)
        )
        return f"({name}, p. {self.page})"


def _document_from(context: Any) -> Document | None:
    if isinstance(context, dict):
        doc = context.get("document")
        if isinstance(doc, Document):
            return doc
    return None


def verify_citation(citation: Citation, document: Document) -> None:
    """Raise `CitationError` unless the quote occurs in the cited clause on the cited pages."""
    clause = document.clause(citation.clause_id)
    if clause is None:
        raise CitationError(f"clause {citation.clause_id!r} does not exist in the document")
    span = document.find(citation.quote, citation.clause_id)
    if span is None:
        if document.find(citation.quote) is not None:
            raise CitationError(
                f"the quote occurs in the document but not in clause {citation.clause_id!r}"
            )
        raise CitationError("the quote does not occur verbatim in the document")
    start_page = document.page_at(span[0])
    end_page = document.page_at(span[1] - 1)
    if not start_page <= citation.page <= end_page:
        raise CitationError(f"the quote is on page {start_page}, not page {citation.page}")


def cite(document: Document, start: int, end: int) -> Citation:
    """Build a citation for `document.text[start:end]`, trimmed, in its innermost clause."""
    raw = document.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    start += lead
    end = start + len(raw.strip())
    clause = document.clause_at(start)
    if clause is None:
        raise ValueError("offset outside every clause")
    end = min(end, clause.char_end)
    quote = document.text[start:end].strip()
    if len(quote) > MAX_QUOTE_CHARS:
        quote = quote[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]
    return Citation.model_validate(
        {"clause_id": clause.id, "page": document.page_at(start), "quote": quote},
        context={"document": document},
    )
