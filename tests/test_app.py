"""The review page, flow by flow, through Streamlit's AppTest (no browser, no network).

Each test signs in (a local reviewer, unless it tests sign-in), uploads or batches real PDFs
and drives the widgets as a reviewer would; the state it checks is the page's own.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pdfs import SAMPLE_CONTRACT, make_pdf
from streamlit.testing.v1 import AppTest

from assistant.engine import analyse
from assistant.ui.auth import Reviewer
from assistant.ui.exports import page_memo, to_html
from assistant.ui.session import ContractReview
from assistant.ui.store import judgment_id
from assistant.ui.terms import apply_decisions

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "eval_set" / "pdf" / "f_tfc_auto_renewal.pdf"
TIMEOUT = 60


@pytest.fixture
def out_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "out"
    monkeypatch.setenv("REVREC_OUT_DIR", str(out))
    monkeypatch.setenv("REVREC_EXTRACTOR", "rules")
    return out


def page(*, signed_in: bool = True) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    if signed_in:
        at.session_state["reviewer"] = Reviewer("Ada Lovelace", "local")
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: Path | tuple[str, bytes]) -> AppTest:
    payload = [
        (f.name, f.read_bytes(), "application/pdf")
        if isinstance(f, Path)
        else (*f, "application/pdf")
        for f in files
    ]
    at.file_uploader(key="uploads").set_value(payload)
    at.run()
    assert not at.exception, at.exception
    return at


def current(at: AppTest) -> ContractReview:
    reviews = at.session_state["reviews"]
    return reviews[at.session_state["current"]]


def key(at: AppTest) -> str:
    return current(at).sha256[:12]


def edit(at: AppTest, path: str, field: str, value: str) -> AppTest:
    k = key(at)
    at.selectbox(key=f"term_{k}").select(path).run()
    at.selectbox(key=f"field_{k}_{path}").select(field).run()
    at.text_input(key=f"value_{k}_{path}_{field}").input(value)
    at.button(key=f"apply_{k}").click().run()
    assert not at.exception, at.exception
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def frame(at: AppTest, column: str):
    """The table (portfolio, terms, audit log) that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


# -- sign-in --


def test_local_sign_in_needs_a_name(out_dir: Path) -> None:
    at = page(signed_in=False)
    assert not at.file_uploader
    at.button[0].click().run()  # the form's submit button, no name typed
    assert any("Enter your name" in e for e in errors(at))
    at.text_input(key="sign_in_name").input("  Ada   Lovelace ")
    at.button[0].click().run()
    assert at.session_state["reviewer"] == Reviewer("Ada Lovelace", "local")
    assert at.file_uploader(key="uploads")


def test_team_password_sign_in(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVREC_TEAM_PASSWORD", "correct horse")
    at = page(signed_in=False)
    at.text_input(key="sign_in_name").input("Grace")
    at.text_input(key="sign_in_password").input("wrong")
    at.button[0].click().run()
    assert "Wrong team password." in errors(at)
    assert not at.file_uploader
    at.text_input(key="sign_in_password").input("correct horse")
    at.button[0].click().run()
    assert at.session_state["reviewer"] == Reviewer("Grace", "password")
    assert at.file_uploader(key="uploads")


def test_oidc_configured_asks_for_login(out_dir: Path) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "revrec",
        "client_secret": "s",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception
    assert at.button(key="login").label == "Sign in"
    assert not at.file_uploader  # nothing confidential before sign-in


# -- upload, progress, extractor choice --


def test_upload_reviews_with_progress_and_writes_outputs(out_dir: Path) -> None:
    at = upload(page(), SAMPLE)
    assert at.header[0].value == "f\\_tfc\\_auto\\_renewal"
    assert [s.label for s in at.status] == ["f_tfc_auto_renewal: reviewed"]
    assert at.get("progress")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Status"] == "draft"
    assert metrics["Transaction price"].startswith("USD ")
    assert (out_dir / "f_tfc_auto_renewal" / "memo.md").is_file()
    assert (out_dir / "f_tfc_auto_renewal" / "analysis.json").is_file()
    assert at.get("image"), "the document view shows the cited page"
    labels = [b.label for b in at.download_button]
    assert labels == ["Markdown", "Word", "HTML"]


def test_offline_notice_and_model_choice_without_endpoint(out_dir: Path) -> None:
    at = page()
    notice = " ".join(i.value for i in at.sidebar.info)
    assert "Offline extractor in use" in notice
    at.sidebar.radio(key="extractor").set_value("llm").run()
    assert not at.exception
    assert any("needs a model endpoint" in e.value for e in at.sidebar.error)
    assert at.file_uploader(key="uploads").disabled
    assert at.sidebar.text_input(key="model").value == "gpt-4.1-mini"


# -- terms: edit, accept, reject --


def test_edit_reruns_engine_and_memo_deterministically(out_dir: Path) -> None:
    at = upload(page(), SAMPLE)
    before = current(at).record().analysis.step3.total
    edit(at, "terms.fee_lines[0]", "amount", "15000.00")
    review = current(at)
    assert review.decisions["terms.fee_lines[0]"] == "edited"
    record = review.record()
    assert record.terms.fee_lines[0].value.amount == 15000
    # The citation of the extracted fee line is kept.
    assert record.terms.fee_lines[0].citations == review.extracted.terms.fee_lines[0].citations
    assert record.analysis.step3.total != before
    # The same as running the engine on the edited terms directly ...
    terms = apply_decisions(review.extracted.terms, review.decisions, review.overrides)
    assert record.analysis == analyse(terms, review.ssp)
    metrics = {m.label: m.value for m in at.metric}
    assert (
        metrics["Transaction price"].replace(",", "").endswith(f"{record.analysis.step3.total:.2f}")
    )
    # ... and the memo is byte for byte the same from a fresh state with the same edits.
    again = ContractReview(
        review.extracted,
        review.ssp,
        decisions=dict(review.decisions),
        overrides=dict(review.overrides),
    )
    assert page_memo(again) == page_memo(review)
    assert "reviewer-edited" in page_memo(review)
    table = frame(at, "Term").set_index("Term")
    assert table.loc["Fee 1", "Status"] == "edited"
    assert table.loc["Fee 1", "Value"].startswith("kind: platform; amount: 15000.00;")
    audit = frame(at, "Action")
    acts = audit[audit["Action"] != "reviewed"]  # "reviewed": the machine review was stored
    assert list(acts["Action"]) == ["edit"] and list(acts["Who"]) == ["Ada Lovelace"]


def test_invalid_edit_is_one_line_and_changes_nothing(out_dir: Path) -> None:
    at = upload(page(), SAMPLE)
    edit(at, "terms.fee_lines[0]", "amount", "twelve thousand")
    assert errors(at) == ["amount: expected a number such as 12500.00"]
    assert current(at).overrides == {}


def test_accept_and_reject(out_dir: Path) -> None:
    at = upload(page(), SAMPLE)
    k = key(at)
    at.selectbox(key=f"term_{k}").select("terms.governing_law").run()
    at.button(key=f"accept_{k}").click().run()
    at.selectbox(key=f"term_{k}").select("terms.fee_lines[1]").run()
    at.button(key=f"reject_{k}").click().run()
    review = current(at)
    assert review.decisions == {
        "terms.governing_law": "accepted",
        "terms.fee_lines[1]": "rejected",
    }
    assert len(review.record().terms.fee_lines) == len(review.extracted.terms.fee_lines) - 1
    statuses = dict(zip(*frame(at, "Term")[["Term", "Status"]].T.values, strict=True))
    assert statuses["Governing law"] == "accepted" and statuses["Fee 2"] == "rejected"


# -- judgments and sign-off --


def test_open_judgments_block_mark_reviewed(out_dir: Path) -> None:
    at = upload(page(), SAMPLE)
    k = key(at)
    assert at.button(key=f"reviewed_{k}").disabled
    review = current(at)
    open_ids = [judgment_id(f) for f in review.open_judgments()]
    assert open_ids
    # An acknowledgement needs a note.
    first = open_ids[0]
    at.button(key=f"ack_{k}_{first}").click().run()
    assert any("say in a few words" in e for e in errors(at))
    collectibility = next((i for i in open_ids if i.startswith("collectibility-")), None)
    if collectibility:
        at.button(key=f"answer_{k}_{collectibility}").click().run()
    for flag in current(at).open_judgments():
        fid = judgment_id(flag)
        at.text_input(key=f"note_{k}_{fid}").input("Considered; immaterial for this customer.")
        at.button(key=f"ack_{k}_{fid}").click().run()
    assert not current(at).open_judgments()
    assert not at.button(key=f"reviewed_{k}").disabled
    at.button(key=f"reviewed_{k}").click().run()
    review = current(at)
    assert review.status == "reviewed" and review.reviewed_by == "Ada Lovelace"
    memo = page_memo(review)
    assert "| Status | reviewed by Ada Lovelace" in memo and "Status: **reviewed**" in memo
    actions = list(frame(at, "Action")["Action"])
    assert actions[-1] == "status" and "acknowledge" in actions
    # An edit after sign-off reopens the memo as a draft.
    edit(at, "terms.fee_lines[0]", "amount", "13000")
    assert current(at).status == "draft"


# -- batch --


def test_batch_folder_into_portfolio(out_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "contracts"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    shutil.copy(REPO / "eval_set" / "pdf" / "a_payg_api_terms.pdf", folder / "a_payg.pdf")
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    at = page()
    at.text_input(key="folder").input(str(folder)).run()
    at.button(key="review_folder").click().run()
    assert not at.exception, at.exception
    table = frame(at, "Contract")
    assert set(table["Status"]) == {"draft", "failed"}
    assert sorted(table["Contract"]) == ["a_payg", "broken", "f_tfc_auto_renewal"]
    assert "not a PDF" in table.set_index("Contract").loc["broken", "Error"]
    assert (out_dir / "summary.csv").is_file()
    # Any reviewed contract opens from the portfolio, with its document view.
    shas = at.selectbox(key="open_contract").options
    assert len(shas) == 2
    for option in at.selectbox(key="open_contract").options:
        at.selectbox(key="open_contract").set_value(
            next(
                s
                for s in at.session_state["reviews"]
                if option.startswith(at.session_state["reviews"][s].extracted.contract)
            )
        ).run()
        assert not at.exception
        assert at.header[0].value.replace("\\", "") == option.split(" (")[0]
        assert at.get("image")


# -- hostile input and limits --


def test_hostile_contract_text_is_escaped(out_dir: Path, tmp_path: Path) -> None:
    pages = [
        SAMPLE_CONTRACT[0]
        .replace("Larkspur Analytics LLC", "Larkspur <b>Analytics</b> LLC")
        .replace(
            "a platform fee of", "a platform fee <script>alert(1)</script> [x](javascript:x) of"
        ),
        SAMPLE_CONTRACT[1],
    ]
    pdf = make_pdf(tmp_path / "<img src=x onerror=alert(1)>.pdf", pages)
    at = upload(page(), pdf)
    review = current(at)
    assert review.extracted.contract == "img-src-x-onerror-alert-1"
    html_out = "".join(h.proto.body for h in at.get("html"))
    assert "<script" not in html_out and "<b>" not in html_out
    assert "&lt;script&gt;" in html_out
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert any("\\<script\\>" in t for t in texts)
    # Every markup character from the contract reaches Streamlit's Markdown escaped.
    assert not any(re.search(r"(?<!\\)[<>\[\]]", t) for t in texts)
    exported = to_html(page_memo(review), review.extracted.contract)
    assert "<script" not in exported and 'href="javascript' not in exported


def test_upload_type_and_size_limits(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVREC_MAX_FILE_MB", "0.005")
    at = page()
    assert at.file_uploader(key="uploads").allowed_type == [".pdf"]
    upload(at, SAMPLE, ("fake.pdf", b"<html>no</html>"))
    table = frame(at, "Contract").set_index("Contract")
    assert "larger than the limit of 0.005 MB" in table.loc["f_tfc_auto_renewal", "Error"]
    assert "not a PDF file" in table.loc["fake", "Error"]
    assert "reviews" not in at.session_state or not at.session_state["reviews"]


def test_reopening_restores_the_review(out_dir: Path) -> None:
    at = upload(page(), SAMPLE)
    edit(at, "terms.fee_lines[0]", "amount", "14000")
    memo = page_memo(current(at))
    later = upload(page(), SAMPLE)  # a new session, the same store
    review = current(later)
    assert review.overrides == current(at).overrides
    assert page_memo(review) == memo
