"""`revrec review` on folders: failures isolated, outputs valid, batches resumable."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import jsonschema
import pytest

from assistant.cli import main
from assistant.outputs import SUMMARY_COLUMNS
from assistant.review import read_summary
from tests.pdfs import SAMPLE_CONTRACT, make_pdf


@pytest.fixture
def deals(tmp_path: Path) -> Path:
    folder = tmp_path / "deals"
    (folder / "nested").mkdir(parents=True)
    make_pdf(folder / "Nimbus Larkspur.pdf", SAMPLE_CONTRACT)
    make_pdf(folder / "nested" / "second deal.pdf", SAMPLE_CONTRACT[::-1])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage, truncated")
    (folder / "notes.txt").write_text("not a contract")
    return folder


def _summary(out: Path) -> dict[str, dict[str, str]]:
    return {row["contract"]: row for row in read_summary(out / "summary.csv")}


def test_folder_with_one_broken_file(deals: Path, tmp_path: Path, capsys, repo_root: Path):
    out = tmp_path / "out"
    code = main(["review", str(deals), "--out", str(out), "--no-progress"])
    assert code == 1, "a failed contract makes the exit code non-zero"
    rows = _summary(out)
    assert set(rows) == {"Nimbus-Larkspur", "second-deal", "broken"}
    assert list(next(iter(rows.values())).keys()) == SUMMARY_COLUMNS
    broken = rows["broken"]
    assert broken["status"] == "failed"
    assert broken["error"].startswith("broken.pdf: ")
    assert "\n" not in broken["error"]
    good = rows["Nimbus-Larkspur"]
    assert good["status"] == "done"
    assert good["extractor"] == "rules"
    assert good["customer"] == "Larkspur Analytics LLC"
    assert good["currency"] == "USD"
    assert int(good["performance_obligations"]) >= 1
    assert "collectibility" in good["flag_kinds"].split(";")
    assert int(good["flags"]) >= 1
    schema = json.loads((repo_root / "schemas" / "review_record.schema.json").read_text())
    for name in ("Nimbus-Larkspur", "second-deal"):
        record = json.loads((out / name / "analysis.json").read_text())
        jsonschema.validate(record, schema)
        assert len(record["sha256"]) == 64
        assert (out / name / "memo.md").read_text().startswith("# ASC 606")
    assert not (out / "broken").exists()
    printed = capsys.readouterr().out
    assert "failed   broken.pdf:" in printed
    assert "1 failed" in printed


def test_rerun_skips_up_to_date_and_resumes_an_interrupted_batch(deals: Path, tmp_path: Path):
    out = tmp_path / "out"
    main(["review", str(deals), "--out", str(out), "--no-progress"])
    first = (out / "Nimbus-Larkspur" / "analysis.json").read_text()
    # An interrupted run: the second contract's analysis.json never got written.
    (out / "second-deal" / "analysis.json").unlink()
    (out / "second-deal" / ".analysis.json.x.tmp").write_text("half written")
    main(["review", str(deals), "--out", str(out), "--no-progress"])
    rows = _summary(out)
    assert rows["Nimbus-Larkspur"]["status"] == "skipped"
    assert rows["second-deal"]["status"] == "done"
    assert rows["broken"]["status"] == "failed"
    assert (out / "Nimbus-Larkspur" / "analysis.json").read_text() == first
    # A skipped row still reports the figures of the earlier review.
    assert rows["Nimbus-Larkspur"]["customer"] == "Larkspur Analytics LLC"

    main(["review", str(deals), "--out", str(out), "--no-progress", "--force"])
    assert _summary(out)["Nimbus-Larkspur"]["status"] == "done"


def test_changed_settings_invalidate_earlier_results(deals: Path, tmp_path: Path, repo_root: Path):
    out = tmp_path / "out"
    main(["review", str(deals / "nested"), "--out", str(out), "--no-progress"])
    main(
        [
            "review",
            str(deals / "nested"),
            "--out",
            str(out),
            "--no-progress",
            "--ssp",
            str(repo_root / "eval_set" / "ssp.toml"),
        ]
    )
    assert _summary(out)["second-deal"]["status"] == "done"


def _hang_or_crash(path, limits):
    name = os.path.basename(path)
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    from assistant.ingest import load_pdf as real
    from assistant.settings import IngestLimits

    return real(Path(path), IngestLimits(**limits))


def test_hanging_or_crashing_parser_does_not_stop_the_batch(
    deals: Path, tmp_path: Path, monkeypatch
):
    make_pdf(deals / "hang.pdf", SAMPLE_CONTRACT)
    make_pdf(deals / "crash.pdf", SAMPLE_CONTRACT)
    monkeypatch.setattr("assistant.review._parse_worker", _hang_or_crash)
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(
        ["review", str(deals), "--out", str(out), "--no-progress", "--timeout", "2", "--jobs", "2"]
    )
    assert time.monotonic() - started < 30
    assert code == 1
    rows = _summary(out)
    assert "time limit" in rows["hang"]["error"]
    assert "crashed" in rows["crash"]["error"]
    assert rows["Nimbus-Larkspur"]["status"] == "done"


def test_bad_settings_and_paths_are_one_line_errors(tmp_path: Path, capsys):
    assert main(["review", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["review", str(tmp_path), "--out", str(tmp_path / "o"), "--jobs", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "jobs" in err
    bad = tmp_path / "ssp.toml"
    bad.write_text("entries = [ {kind = 'platform'} ]")
    assert main(["review", str(tmp_path), "--out", str(tmp_path / "o"), "--ssp", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("revrec: error: SSP table ssp.toml") and err.count("\n") == 1


def test_explicit_non_pdf_file_fails_cleanly(tmp_path: Path):
    notes = tmp_path / "notes.pdf"
    notes.write_text("hello, not a pdf")
    out = tmp_path / "out"
    assert main(["review", str(notes), "--out", str(out), "--no-progress"]) == 1
    assert "not a PDF" in _summary(out)["notes"]["error"]
