"""The document view: a PDF page rendered to an image with a citation's quote highlighted.

The quote is located the way citations are verified (`Document.find`, whitespace- and
typography-insensitive, within the cited clause), so the offsets are into the page text
that ingest read from pdfium. Those offsets are mapped back to pdfium's character indices
(ingest only folded `\\r\\n` and dropped NULs), and pdfium gives the rectangles of those
characters on the page, which are painted over the rendered page with PIL.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from assistant.ingest import normalise_page_text
from assistant.schemas import Citation, Document

HIGHLIGHT = (255, 214, 0, 96)
OUTLINE = (214, 120, 0, 255)
SCALE = 1.5
"""Pixels per PDF point: 1.5 renders a Letter page at 918 x 1188."""


@dataclass(frozen=True)
class Highlight:
    """A rendered page with the quote painted; `boxes` are in image pixels."""

    image: Image.Image
    page: int
    boxes: list[tuple[float, float, float, float]]

    @property
    def found(self) -> bool:
        return bool(self.boxes)


def quote_span(document: Document, citation: Citation, page: int) -> tuple[int, int] | None:
    """The quote's offsets within `page`'s text (the part of it on that page), or None."""
    span = document.find(citation.quote, citation.clause_id) or document.find(citation.quote)
    if span is None or not 1 <= page <= len(document.pages):
        return None
    bounds = document.pages[page - 1]
    start, end = max(span[0], bounds.char_start), min(span[1], bounds.char_end)
    if start >= end:
        return None
    return start - bounds.char_start, end - bounds.char_start


def render_page(
    pdf: bytes, document: Document, page: int, citation: Citation | None = None
) -> Highlight:
    """Page `page` (1-based) as an RGB image, with `citation`'s quote highlighted if given."""
    with _open(pdf) as doc:
        pdf_page = doc[page - 1]
        try:
            _width, height = pdf_page.get_size()
            image = pdf_page.render(scale=SCALE).to_pil().convert("RGBA")
            boxes: list[tuple[float, float, float, float]] = []
            span = quote_span(document, citation, page) if citation else None
            if span is not None:
                boxes = _boxes(pdf_page, span, height)
        finally:
            pdf_page.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for box in boxes:
            draw.rectangle(box, fill=HIGHLIGHT, outline=OUTLINE, width=1)
        image = Image.alpha_composite(image, overlay)
    return Highlight(image=image.convert("RGB"), page=page, boxes=boxes)


def _boxes(
    page: pdfium.PdfPage, span: tuple[int, int], height: float
) -> list[tuple[float, float, float, float]]:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        index = raw_index_map(raw)
        start, end = span
        if end > len(index):
            return []
        first, last = index[start], index[end - 1]
        boxes = []
        for i in range(textpage.count_rects(first, last - first + 1)):
            left, bottom, right, top = textpage.get_rect(i)
            boxes.append(
                (
                    left * SCALE - 1,
                    (height - top) * SCALE - 1,
                    right * SCALE + 1,
                    (height - bottom) * SCALE + 1,
                )
            )
        return boxes
    finally:
        textpage.close()


def raw_index_map(raw: str) -> list[int]:
    """For each character of `normalise_page_text(raw)`, its index in pdfium's `raw` text."""
    out: list[int] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\r":
            out.append(i)
            i += 2 if raw[i + 1 : i + 2] == "\n" else 1
            continue
        if ch != "\x00":
            out.append(i)
        i += 1
    if len(out) != len(normalise_page_text(raw)):  # ingest changed; fail safe, no highlight
        return []
    return out


class _open:
    """`PdfDocument` as a context manager that always closes (pdfium holds native memory)."""

    def __init__(self, data: bytes) -> None:
        self.doc = pdfium.PdfDocument(data)

    def __enter__(self) -> pdfium.PdfDocument:
        return self.doc

    def __exit__(self, *exc: object) -> None:
        self.doc.close()
