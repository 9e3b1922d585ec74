"""`revrec review` records every contract in the review store the page reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.review import file_sha256, read_summary
from assistant.schemas import ReviewRecord
from assistant.store import ReviewStore, StoreError
from tests.pdfs import SAMPLE_CONTRACT, make_pdf
from tests.test_store import _postgres_admin, store_url  # noqa: F401


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    folder = tmp_path / "deals"
    folder.mkdir()
    make_pdf(folder / "Nimbus Larkspur.pdf", SAMPLE_CONTRACT)
    return folder / "Nimbus Larkspur.pdf"


def test_review_records_each_contract_once(contract: Path, tmp_path: Path, store_url: str):  # noqa: F811
    out = tmp_path / "out"
    args = [
        "review", str(contract), "--out", str(out), "--extractor", "rules", "--no-progress",
        "--db", store_url,
    ]  # fmt: skip
    assert main(args) == 0
    sha = file_sha256(contract)
    with ReviewStore.open(store_url) as store:
        state = store.load_review(sha)
        assert state is not None
        assert (state.contract, state.source_name, state.status) == (
            "Nimbus-Larkspur", "Nimbus Larkspur.pdf", "draft",
        )  # fmt: skip
        assert state.summary.customer == "Larkspur Analytics LLC"
        (entry,) = store.audit_log(sha)
        assert (entry.action, entry.source, entry.extractor) == ("reviewed", "cli", "rules")
        written = (out / "Nimbus-Larkspur" / "analysis.json").read_bytes()
        assert store.load_record(state.record_id) == ReviewRecord.model_validate_json(written)

    # A rerun skips the contract and logs nothing new; --force with the same result neither.
    assert main(args) == 0
    assert main([*args, "--force"]) == 0
    with ReviewStore.open(store_url) as store:
        assert len(store.audit_log(sha)) == 1


def test_default_store_is_beside_the_outputs(contract: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["review", str(contract), "--out", str(out), "--extractor", "rules"]) == 0
    assert f"reviews in sqlite:///{out.resolve()}/revrec.db" in capsys.readouterr().out
    with ReviewStore.open(None, out_dir=out) as store:
        assert [r.contract for r in store.list_reviews()] == ["Nimbus-Larkspur"]


def test_a_store_failure_fails_that_contract_in_one_line(
    contract: Path, tmp_path: Path, monkeypatch, capsys
):
    def refuse(self, record, **_kw):
        raise StoreError("review store sqlite:///x: database is locked")

    monkeypatch.setattr(ReviewStore, "save_review", refuse)
    out = tmp_path / "out"
    assert main(["review", str(contract), "--out", str(out), "--extractor", "rules"]) == 1
    printed = capsys.readouterr().out
    assert (
        "failed   Nimbus Larkspur.pdf: outputs written, not recorded: review store sqlite:///x: "
        "database is locked"
    ) in printed
    assert (out / "Nimbus-Larkspur" / "memo.md").is_file()
    (row,) = read_summary(out / "summary.csv")
    assert row["status"] == "failed"


def test_an_unopenable_store_is_a_usage_error(contract: Path, tmp_path: Path, capsys):
    code = main(["review", str(contract), "--out", str(tmp_path / "o"), "--db", "mysql://x/y"])
    assert code == 2
    assert "revrec: error: the review store runs on SQLite or PostgreSQL" in capsys.readouterr().err
