"""Ingest: a PDF -> `Document` (pdfium's text layer, then clause segmentation).

Every way a file can be unusable is a `DocumentLoadError` whose one-line message names the
file and says what is wrong; the message never quotes the contract. `parse_timeout_seconds`
is enforced by the batch worker around this call: pdfium cannot be interrupted in-process.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from assistant.errors import DocumentLoadError
from assistant.schemas.document import Document
from assistant.segment import build_document
from assistant.settings import IngestLimits

MIN_CHARS_PER_PAGE = 20
"""Below this many non-blank characters per page on average, the PDF is taken as scanned."""

_HEADER_WINDOW = 1024
"""Readers accept `%PDF-` anywhere in the first KiB (some files carry a preamble)."""
_TRAILER_WINDOW = 2048
"""A complete PDF ends with `%%EOF` within its last KiB; allow some trailing padding."""

_EMPTY_PAGE_TREE = re.compile(rb"/Count\s+0\b")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b")
"""Visible only when objects are not compressed; used to explain a refusal, never to accept."""

# pdfium marks a hyphen it joined across a line break with \x02 (get_text_bounded) or
# \ufffe (get_text_range). In contracts nearly all are compound words (NON-INFRINGEMENT,
# know-how: 558 of 625 markers in CUAD also occur hyphenated elsewhere), so the printed
# hyphen is kept.
_TEXT_FIXES = str.maketrans({"\ufffe": "-", "\x02": "-", "\x00": None})


def load_pdf(path: Path, limits: IngestLimits) -> Document:
    """Read and parse the PDF at `path`; its size is checked before it is read."""
    name = path.name
    try:
        if path.is_dir():
            raise DocumentLoadError(name, "is a folder, not a PDF file")
        size = path.stat().st_size
        _check_size(name, size, limits)
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentLoadError(name, "file not found") from None
    except PermissionError:
        raise DocumentLoadError(name, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise DocumentLoadError(name, f"cannot be read ({exc.strerror or 'I/O error'})") from None
    return parse_pdf(data, name, limits)


def parse_pdf(data: bytes, source_name: str, limits: IngestLimits) -> Document:
    """Parse PDF bytes; `source_name` is the file name shown in errors and in the document."""
    _check_size(source_name, len(data), limits)
    if not data:
        raise DocumentLoadError(source_name, "is empty (0 bytes)")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise DocumentLoadError(source_name, "is not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise DocumentLoadError(
            source_name, "is truncated or damaged (no end-of-file marker); get a complete copy"
        )
    pages = _extract_pages(data, source_name, limits)
    visible = sum(len("".join(text.split())) for text in pages)
    if visible < MIN_CHARS_PER_PAGE * len(pages):
        raise DocumentLoadError(
            source_name, "has no text layer; it looks scanned (OCR is not supported yet)"
        )
    return build_document(pages, source_name, hashlib.sha256(data).hexdigest())


def _check_size(name: str, size: int, limits: IngestLimits) -> None:
    if size > limits.max_file_mb * 1024 * 1024:
        raise DocumentLoadError(
            name,
            f"is {size / 1024 / 1024:.1f} MB, larger than the limit of {limits.max_file_mb:g} MB"
            " (REVREC_MAX_FILE_MB)",
        )


def _extract_pages(data: bytes, name: str, limits: IngestLimits) -> list[str]:
    # password=None makes pdfium try the empty user password, so a PDF that is encrypted
    # only against editing or printing opens normally.
    try:
        pdf = pdfium.PdfDocument(data, password=None)
    except pdfium.PdfiumError as exc:
        raise DocumentLoadError(name, _open_failure(exc, data)) from None
    with pdf:
        count = len(pdf)
        if count == 0:
            raise DocumentLoadError(name, "has no pages")
        if count > limits.max_pages:
            raise DocumentLoadError(
                name,
                f"has {count} pages, more than the limit of {limits.max_pages} (REVREC_MAX_PAGES)",
            )
        return [_page_text(pdf, index, name) for index in range(count)]


def _page_text(pdf: pdfium.PdfDocument, index: int, name: str) -> str:
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        raise DocumentLoadError(name, f"page {index + 1} is damaged and cannot be read") from None
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        raise DocumentLoadError(name, f"page {index + 1} has an unreadable text layer") from None
    finally:
        page.close()
    return normalise_page_text(raw)


def normalise_page_text(raw: str) -> str:
    """pdfium's text with `\\r\\n` -> `\\n` and its hyphen markers as `-`; otherwise verbatim."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_FIXES)


def _open_failure(exc: pdfium.PdfiumError, data: bytes) -> str:
    # pdfium's error code is process-wide and is not reset by every failure path (an empty
    # page tree fails without setting it), so a code is trusted only when the bytes agree.
    code = getattr(exc, "err_code", None)
    encrypted = b"/Encrypt" in data
    if code == pdfium_c.FPDF_ERR_PASSWORD and encrypted:
        return "is encrypted with a password; save an unprotected copy and try again"
    if code == pdfium_c.FPDF_ERR_SECURITY and encrypted:
        return "uses an unsupported encryption scheme; save an unprotected copy and try again"
    if _EMPTY_PAGE_TREE.search(data) and not _PAGE_OBJECT.search(data):
        return "has no pages"
    return "is damaged or not a valid PDF (pdfium could not open it)"
