"""Ingest: real PDFs round-trip to a Document; every bad input is one clear DocumentLoadError.

Every PDF is generated here (reportlab, pypdf), so the tests need no data files.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from assistant.errors import DocumentLoadError
from assistant.ingest import load_pdf, normalise_page_text, parse_pdf
from assistant.schemas.document import PAGE_SEPARATOR
from assistant.settings import IngestLimits

SECRET = "Customer shall pay the Fees"
"""Contract text that must never show up in an error message."""

CONTRACT = [
    [
        "MASTER SERVICES AGREEMENT",
        "This Agreement is made between Acme Inc. and Beta LLC.",
        "1. Definitions.",
        '1.1 "Services" means the hosted services.',
        "2. Fees and Payment.",
        f"2.1 Fees. {SECRET} in Exhibit A.",
        "2.2 Invoices. Provider invoices annually:",
        "(a) in advance; and",
        "(b) in US dollars.",
    ],
    [
        "3. Term. This Agreement lasts three years and renews",
        "for successive one-year terms unless a party objects.",
        "4. Governing Law. New York law governs.",
        "Page 2 of 3",
    ],
    [
        "EXHIBIT A",
        "FEES",
        "1. Subscription. USD 120,000 per year.",
        "2. Support. Included.",
    ],
]


def pdf_bytes(pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    for lines in pages:
        y = 720
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def load_error(path: Path, limits: IngestLimits | None = None) -> str:
    with pytest.raises(DocumentLoadError) as caught:
        load_pdf(path, limits or IngestLimits())
    message = str(caught.value)
    assert "\n" not in message, "one line"
    assert message.startswith(f"{path.name}: "), "names the file first"
    assert str(path.parent) not in message, "never the full path"
    assert SECRET not in message and "Acme" not in message, "never contract text"
    assert caught.value.source == path.name
    return message


# --- a real contract round-trips ---------------------------------------------------------


def test_multi_page_contract_round_trips(tmp_path: Path) -> None:
    data = pdf_bytes(CONTRACT)
    document = load_pdf(write(tmp_path, "msa.pdf", data), IngestLimits())

    assert document.source_name == "msa.pdf"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.page_count == 3 and [p.number for p in document.pages] == [1, 2, 3]
    rebuilt = PAGE_SEPARATOR.join(document.page_text(n) for n in (1, 2, 3))
    assert rebuilt == document.text
    assert "\r" not in document.text
    for number, lines in enumerate(CONTRACT, start=1):
        assert document.page_text(number).split("\n")[: len(lines)] == lines

    assert [c.id for c in document.clauses] == [
        "Preamble",
        "1",
        "1.1",
        "2",
        "2.1",
        "2.2",
        "2.2(a)",
        "2.2(b)",
        "3",
        "4",
        "Exhibit A",
        "Exhibit A/1",
        "Exhibit A/2",
    ]
    for clause in document.clauses:
        text = document.text[clause.char_start : clause.char_end]
        assert text == document.clause_text(clause) and text.strip()
        assert document.page_at(clause.char_start) == clause.page_start
    assert document.clause("2.1").heading == "Fees"
    assert document.clause_text(document.clause("2.1")).startswith(f"2.1 Fees. {SECRET}")
    assert document.clause("3").page_start == 2 and document.clause("3").page_end == 2
    exhibit = document.clause("Exhibit A")
    assert exhibit.page_start == 3 and exhibit.heading == "FEES"
    assert document.find("successive one-year terms", "3") is not None


def test_parse_pdf_takes_bytes_and_a_name(tmp_path: Path) -> None:
    data = pdf_bytes(CONTRACT[:1])
    document = parse_pdf(data, "upload.pdf", IngestLimits())
    assert document.source_name == "upload.pdf"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.clause("2.2(b)") is not None


def test_empty_user_password_opens(tmp_path: Path) -> None:
    # Encrypted only against editing: readers open it without asking, and so do we.
    path = write(tmp_path, "locked-for-editing.pdf", encrypted(pdf_bytes(CONTRACT), ""))
    document = load_pdf(path, IngestLimits())
    assert document.page_count == 3 and document.clause("Exhibit A/2") is not None


def test_pdfium_hyphen_markers_and_line_ends_are_normalised() -> None:
    raw = "NON\ufffeINFRINGEMENT\r\nknow\x02how\rend"
    assert normalise_page_text(raw) == "NON-INFRINGEMENT\nknow-how\nend"
    assert normalise_page_text("  keeps\u00a0spacing  ") == "  keeps\u00a0spacing  "


# --- bad input: one DocumentLoadError each -----------------------------------------------


def test_not_a_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.pdf", f"{SECRET} - not really a PDF".encode())
    assert "is not a PDF file" in load_error(path)


def test_empty_file(tmp_path: Path) -> None:
    assert "is empty" in load_error(write(tmp_path, "empty.pdf", b""))


def test_truncated(tmp_path: Path) -> None:
    data = pdf_bytes(CONTRACT)
    path = write(tmp_path, "cut.pdf", data[: len(data) // 2])
    assert "is truncated or damaged" in load_error(path)


def test_corrupt(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
    assert "is damaged or not a valid PDF" in load_error(write(tmp_path, "corrupt.pdf", data))


def test_password_protected(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.pdf", encrypted(pdf_bytes(CONTRACT), "user-secret"))
    assert "is encrypted with a password" in load_error(path)


def test_scanned_image_only(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    for _ in range(2):
        pdf.rect(72, 400, 300, 200, fill=1)
        pdf.line(72, 380, 500, 380)
        pdf.showPage()
    pdf.save()
    message = load_error(write(tmp_path, "scan.pdf", buffer.getvalue()))
    assert "has no text layer; it looks scanned (OCR is not supported yet)" in message


def test_almost_no_text_counts_as_scanned(tmp_path: Path) -> None:
    path = write(tmp_path, "stamp.pdf", pdf_bytes([["p. 1"], ["p. 2"], ["p. 3"]]))
    assert "has no text layer" in load_error(path)


def test_zero_pages(tmp_path: Path) -> None:
    out = io.BytesIO()
    PdfWriter().write(out)
    assert "has no pages" in load_error(write(tmp_path, "blank.pdf", out.getvalue()))


def test_too_many_pages(tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", pdf_bytes(CONTRACT))
    message = load_error(path, IngestLimits(max_pages=2))
    assert "has 3 pages, more than the limit of 2 (REVREC_MAX_PAGES)" in message


def test_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "huge.pdf", pdf_bytes(CONTRACT) + b"\n" * 4096)

    def must_not_read(self: Path) -> bytes:
        raise AssertionError("read the whole file before checking its size")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    message = load_error(path, IngestLimits(max_file_mb=0.001))
    assert "MB, larger than the limit of 0.001 MB (REVREC_MAX_FILE_MB)" in message


def test_too_large_bytes(tmp_path: Path) -> None:
    with pytest.raises(DocumentLoadError, match=r"^upload\.pdf: is .* larger than the limit"):
        parse_pdf(b"%PDF-" + b"0" * 2048, "upload.pdf", IngestLimits(max_file_mb=0.001))


def test_file_not_found(tmp_path: Path) -> None:
    assert load_error(tmp_path / "missing.pdf").endswith("missing.pdf: file not found")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "contracts.pdf"
    folder.mkdir()
    assert "is a folder, not a PDF file" in load_error(folder)


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "private.pdf", pdf_bytes(CONTRACT))

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    # chmod cannot take read access from root (CI containers), so simulate the OS refusing.
    monkeypatch.setattr(Path, "read_bytes", denied)
    assert "cannot be read (permission denied)" in load_error(path)
