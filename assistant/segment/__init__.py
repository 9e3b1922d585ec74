"""Clause segmentation: page texts -> a `Document` whose clauses partition the text.

Clauses are a flat, ordered list: each runs from its start to the next clause's start, and
together they cover every non-blank character. Hierarchy lives only in `parent_id`/`level`.

Clause starts are decided on whole lines, in linear passes:

1. Attachment headings (`EXHIBIT A`, `Schedule 1`, `Annex II`, `Order Form`) split the text
   into namespaces; numbering starts afresh in each.
2. Inside a namespace a numbered line (`ARTICLE V`, `Section 4.2`, `4.2`, `(a)`, `iv.`) starts
   a clause only when its number continues a plausible sequence: the next number at some
   level, a first child, or a first `1`. That rejects page numbers, amounts, dates, wrapped
   cross-references and most tables. A numbered run packed into a few lines (a table of
   contents) is dropped when the numbering starts over.
3. All-caps headings (`FEES AND PAYMENT`) start clauses; a clause still longer than
   `MAX_CLAUSE_CHARS` is split at paragraph breaks, which only ever follow a sentence end.

Ids (docs/ingest.md): numbers keep their written form (`4.2`, `1.01`; `Section 4.2` -> `4.2`);
articles become roman (`ARTICLE 5` -> `Article V`); list items hang off their parent
(`4.2(a)(iv)`); attachments prefix what is inside them (`Exhibit A/2`); headings and
paragraphs are `P1`, `P2`, ... in document order; text before the first clause is `Preamble`;
an id seen before gets `#2`, `#3`.

The steps live in `_lines` (lines, running headers), `_markers` (what opens a line),
`_numbering` (step 2), `_headings` (steps 1 and 3) and `_assembly` (ids and `Clause`s).
"""

from __future__ import annotations

from assistant.schemas.document import PAGE_SEPARATOR, Document, Page
from assistant.segment._assembly import segment
from assistant.segment._headings import MAX_CLAUSE_CHARS
from assistant.segment._markers import roman_value, to_roman

__all__ = ["MAX_CLAUSE_CHARS", "build_document", "roman_value", "segment", "to_roman"]


def build_document(page_texts: list[str], source_name: str, sha256: str) -> Document:
    """A `Document` from the text of each page, in order, with its clauses."""
    pages: list[Page] = []
    offset = 0
    for number, page_text in enumerate(page_texts, start=1):
        pages.append(Page(number=number, char_start=offset, char_end=offset + len(page_text)))
        offset += len(page_text) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(page_texts)
    return Document(
        source_name=source_name,
        sha256=sha256,
        page_count=len(pages),
        text=text,
        pages=pages,
        clauses=segment(text, [p.char_start for p in pages]),
    )
