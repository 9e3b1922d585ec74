"""The review page's parts without Streamlit: edits, exports, highlights, sign-in, escaping."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from pdfs import SAMPLE_CONTRACT, make_pdf
from pydantic import SecretStr

from assistant.errors import DocumentLoadError, RevrecError
from assistant.ingest import load_pdf
from assistant.review import make_extractor, review_document
from assistant.schemas import ReviewRecord
from assistant.settings import IngestLimits, load_settings
from assistant.ui.auth import Reviewer, auth_mode, clean_name, oidc_reviewer, password_ok
from assistant.ui.escape import plain
from assistant.ui.exports import page_memo, to_docx, to_html
from assistant.ui.highlight import raw_index_map, render_page
from assistant.ui.pipeline import check_upload
from assistant.ui.session import ContractReview, ReviewBlockedError
from assistant.ui.store import MemoryStore, PageStore, judgment_id
from assistant.ui.terms import (
    EditError,
    apply_decisions,
    editable_fields,
    find_field,
    get_term,
    parse_value,
    rows,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "eval_set" / "pdf" / "f_tfc_auto_renewal.pdf"


@pytest.fixture(scope="module")
def reviewed() -> tuple[object, ReviewRecord]:
    settings = load_settings(extractor="rules")
    document = load_pdf(SAMPLE, settings.ingest_limits())
    record = review_document(
        document,
        make_extractor(settings),
        settings.ssp_table(),
        contract="f",
        settings_fingerprint="x",
    )
    return document, record


@pytest.fixture
def review(reviewed: tuple[object, ReviewRecord]) -> ContractReview:
    _, record = reviewed
    return ContractReview(record, load_settings().ssp_table())


@pytest.fixture
def store(review: ContractReview) -> PageStore:
    page_store = PageStore(MemoryStore())
    page_store.save(review.extracted, "Ada")
    return page_store


def field(review: ContractReview, path: str, name: str):  # type: ignore[no-untyped-def]
    term = get_term(review.extracted.terms, path)
    assert term is not None
    found = find_field(path, term, name)
    assert found is not None
    return found


# -- edits --


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("number", "12,500.50", "12500.50"),
        ("date", "2026-08-01", "2026-08-01"),
        ("duration", "18 Months", "18 months"),
        ("duration", "1 year", "1 year"),
        ("yes_no", "No", "False"),
        ("integer", "45", "45"),
    ],
)
def test_typed_values_parse(review: ContractReview, kind: str, text: str, expected: str) -> None:
    sample = {
        "number": ("terms.fee_lines[0]", "amount"),
        "date": ("terms.effective_date", ""),
        "duration": ("terms.initial_term", ""),
        "yes_no": ("terms.renewal", "automatic"),
        "integer": ("terms.payment_terms", "net_days"),
    }[kind]
    f = field(review, *sample)
    assert f.kind == kind
    assert str(parse_value(f, text)) == expected


@pytest.mark.parametrize("text", ["twelve", "2026-13-01", "12 fortnights", "maybe"])
def test_bad_values_are_one_line_errors(review: ContractReview, text: str) -> None:
    for path, name in [
        ("terms.fee_lines[0]", "amount"),
        ("terms.effective_date", ""),
        ("terms.initial_term", ""),
        ("terms.renewal", "automatic"),
    ]:
        f = field(review, path, name)
        with pytest.raises(EditError) as err:
            parse_value(f, text)
        assert "\n" not in err.value.message and text not in err.value.message


def test_out_of_range_value_refused_by_the_model(review: ContractReview, store: PageStore) -> None:
    with pytest.raises(EditError, match="net days"):
        review.edit(store, "Ada", field(review, "terms.payment_terms", "net_days"), "-3")
    assert review.overrides == {} and store.audit(review.sha256) == []


def test_edit_keeps_citations_and_is_deterministic(
    review: ContractReview, store: PageStore
) -> None:
    review.edit(store, "Ada", field(review, "terms.fee_lines[0]", "amount"), "15000")
    review.edit(store, "Ada", field(review, "terms.initial_term", ""), "36 months")
    record = review.record()
    assert record.terms.fee_lines[0].value.amount == 15000
    assert str(record.terms.initial_term.value) == "36 months"
    assert record.terms.fee_lines[0].citations == review.extracted.terms.fee_lines[0].citations
    assert record.reviewed_at == review.extracted.reviewed_at  # no clock in the result
    replay = apply_decisions(review.extracted.terms, dict(review.decisions), dict(review.overrides))
    assert replay == record.terms
    assert page_memo(review) == page_memo(
        ContractReview(
            review.extracted,
            review.ssp,
            decisions=dict(review.decisions),
            overrides=dict(review.overrides),
        )
    )
    entries = store.audit(review.sha256)
    assert [(e.action, e.field) for e in entries] == [
        ("edit", "terms.fee_lines[0]"),
        ("edit", "terms.initial_term"),
    ]
    assert (
        entries[0].old_value["amount"] == "12500.00" and entries[0].new_value["amount"] == "15000"
    )
    assert entries[0].extractor == "rules"


def test_accept_drops_an_edit_and_reject_removes_the_term(
    review: ContractReview, store: PageStore
) -> None:
    path = "terms.fee_lines[0]"
    review.edit(store, "Ada", field(review, path, "amount"), "1")
    review.decide(store, "Ada", path, "accepted")  # the extracted value stands
    assert review.record().terms.fee_lines[0] == review.extracted.terms.fee_lines[0]
    review.decide(store, "Ada", "terms.governing_law", "rejected")
    assert review.record().terms.governing_law is None
    table = {
        r.path: r.status for r in rows(review.extracted.terms, review.decisions, review.overrides)
    }
    assert table[path] == "accepted" and table["terms.governing_law"] == "rejected"


def test_every_term_offers_an_edit(review: ContractReview) -> None:
    for row in rows(review.extracted.terms, {}, {}):
        assert editable_fields(row.path, row.term), row.path


# -- judgments and sign-off --


def test_mark_reviewed_waits_for_open_judgments(review: ContractReview, store: PageStore) -> None:
    flags = review.open_judgments()
    assert flags
    with pytest.raises(ReviewBlockedError, match="open judgment"):
        review.mark(store, "Ada", "reviewed")
    with pytest.raises(RevrecError, match="few words"):
        review.acknowledge(store, "Ada", flags[0], "   ")
    collectibility = next(f for f in flags if f.kind.value == "collectibility")
    review.answer(store, "Ada", judgment_id(collectibility), {"collectibility_confirmed": True})
    assert review.inputs is not None and review.inputs.collectibility_confirmed
    assert collectibility not in review.open_judgments()  # the engine applies the answer
    for flag in review.open_judgments():
        review.acknowledge(store, "Ada", flag, "considered")
    review.mark(store, "Ada", "reviewed")
    assert review.status == "reviewed"
    memo = page_memo(review)
    assert "| Status | reviewed by Ada" in memo and "Acknowledged judgment" in memo
    # A later change reopens the memo, on the page and in the store.
    review.decide(store, "Ada", "terms.title", "accepted")
    assert review.status == "draft" and store.status(review.sha256) == "draft"


def test_bad_reviewer_inputs_file_is_one_line(review: ContractReview, store: PageStore) -> None:
    with pytest.raises(RevrecError, match="reviewer inputs file"):
        review.answer_with_file(store, "Ada", "collectibility_confirmed = 'perhaps'")
    review.answer_with_file(store, "Ada", "collectibility_confirmed = true\n")
    assert review.inputs is not None and review.inputs.collectibility_confirmed


def test_restore_from_the_store(review: ContractReview, store: PageStore) -> None:
    review.edit(store, "Ada", field(review, "terms.fee_lines[0]", "amount"), "14000")
    review.decide(store, "Ada", "terms.governing_law", "rejected")
    state = store.load(review.sha256)
    restored = ContractReview.restore(review.extracted, state, review.ssp)
    assert restored.record() == review.record()
    # A stored value that no longer fits the extraction is left out, not fatal.
    state.terms_overrides["terms.fee_lines[9]"] = {"kind": "usage"}
    state.terms_overrides["terms.initial_term"] = "not a duration"
    again = ContractReview.restore(review.extracted, state, review.ssp)
    assert set(again.overrides) == {"terms.fee_lines[0]"}


# -- exports --


def hostile_record(tmp_path: Path) -> ReviewRecord:
    pages = [
        SAMPLE_CONTRACT[0].replace(
            "a platform fee of", "a platform fee <script>alert(1)</script> [x](javascript:x) of"
        ),
        SAMPLE_CONTRACT[1],
    ]
    settings = load_settings(extractor="rules")
    document = load_pdf(make_pdf(tmp_path / "h.pdf", pages), settings.ingest_limits())
    return review_document(
        document,
        make_extractor(settings),
        settings.ssp_table(),
        contract="h",
        settings_fingerprint="x",
    )


def test_html_export_escapes_contract_text(tmp_path: Path) -> None:
    record = hostile_record(tmp_path)
    html = to_html(page_memo(ContractReview(record, load_settings().ssp_table())), "<b>title</b>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html and "<a " not in html and "<img" not in html
    assert "<title>&lt;b&gt;title&lt;/b&gt;</title>" in html
    assert "<table>" in html and "<h1>" in html


def test_word_export_has_headings_tables_and_citations(tmp_path: Path) -> None:
    record = hostile_record(tmp_path)
    memo = page_memo(ContractReview(record, load_settings().ssp_table()))
    document = docx.Document(io.BytesIO(to_docx(memo)))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0].startswith("ASC 606 technical accounting memo")
    assert "3. Key contract terms" in headings and "R. Reviewer decisions" in headings
    assert len(document.tables) >= 3
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("(§2.1" in c and "p. 1)" in c for c in cells), "citations survive in table cells"
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(cells)
    assert "<script>alert(1)</script>" in text  # literal text in Word, never markup
    assert "&lt;" not in text


# -- highlights --


def test_highlight_covers_the_quote(reviewed: tuple[object, ReviewRecord]) -> None:
    document, record = reviewed
    citation = record.terms.fee_lines[0].citations[0]
    shown = render_page(SAMPLE.read_bytes(), document, citation.page, citation)  # type: ignore[arg-type]
    assert shown.found and shown.image.size == (918, 1188)
    left, top, right, bottom = shown.boxes[0]
    assert 0 < left < right < 918 and 0 < top < bottom < 1188
    # The painted box is yellow where the quote is: much less blue than red on average.
    from PIL import ImageStat

    r, _g, b = ImageStat.Stat(shown.image.crop((left, top, right, bottom))).mean
    assert r - b > 40
    elsewhere = render_page(SAMPLE.read_bytes(), document, 1, citation)  # type: ignore[arg-type]
    assert not elsewhere.found


def test_raw_index_map_follows_ingest_normalisation() -> None:
    raw = "ab\r\ncd\x00e\rf"
    assert raw_index_map(raw) == [0, 1, 2, 4, 5, 7, 8, 9]  # a b \n c d e \n f


# -- uploads, sign-in, escaping, store --


def test_upload_checks_before_reading() -> None:
    limits = IngestLimits(max_file_mb=1)
    with pytest.raises(DocumentLoadError, match=r"only \.pdf"):
        check_upload("notes.txt", 10, limits)
    with pytest.raises(DocumentLoadError, match="larger than the limit of 1 MB"):
        check_upload("../../etc/x.pdf", 2 * 1024 * 1024, limits)
    with pytest.raises(DocumentLoadError) as err:
        check_upload("<img src=x>.pdf", 2 * 1024 * 1024, limits)
    assert "<" not in err.value.message
    check_upload("contract.PDF", 10, limits)


def test_sign_in_modes() -> None:
    assert auth_mode({"auth": {}}, SecretStr("x")) == "oidc"
    assert auth_mode({}, SecretStr("x")) == "password"
    assert auth_mode(None, SecretStr("")) == "local" == auth_mode(None, None)
    assert password_ok("s3cret", SecretStr("s3cret")) and not password_ok(
        "s3cre", SecretStr("s3cret")
    )
    assert clean_name("  Ada \n Lovelace ") == "Ada Lovelace" and len(clean_name("x" * 500)) == 80
    assert oidc_reviewer({"is_logged_in": False}) is None
    user = {"is_logged_in": True, "email": "ada@example.com", "name": "Ada"}
    assert oidc_reviewer(user) == Reviewer("ada@example.com", "oidc")


def test_plain_escapes_every_markdown_character() -> None:
    assert plain("<b>x</b> [a](b) :red[x] $y$ *z*") == (
        "\\<b\\>x\\<\\/b\\> \\[a\\]\\(b\\) \\:red\\[x\\] \\$y\\$ \\*z\\*"
    )
    assert plain("a\nb", limit=2) == "a…"


def test_page_store_falls_back_to_memory_without_the_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "assistant.store", None)  # as if not installed
    store = PageStore.open(None, tmp_path)
    assert not store.persistent and isinstance(store.backend, MemoryStore)
