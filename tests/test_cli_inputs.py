"""`revrec review --inputs DIR`: the reviewer's facts outside the contract reach the engine,
change the fingerprint, and a bad file fails only its contract, in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assistant.cli import main
from assistant.review import read_summary


def _setup(tmp_path: Path, repo_root: Path) -> tuple[Path, Path, Path]:
    deals = tmp_path / "deals"
    deals.mkdir()
    for stem in ("f_tfc_auto_renewal", "a_payg_api_terms"):
        shutil.copy(repo_root / "eval_set" / "pdf" / f"{stem}.pdf", deals)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    return deals, inputs, tmp_path / "out"


def _run(deals: Path, inputs: Path, out: Path) -> dict[str, dict[str, str]]:
    main(["review", str(deals), "--out", str(out), "--inputs", str(inputs), "--no-progress"])
    return {row["contract"]: row for row in read_summary(out / "summary.csv")}


def test_inputs_reach_the_engine_and_rerun_only_what_changed(tmp_path: Path, repo_root: Path):
    deals, inputs, out = _setup(tmp_path, repo_root)
    rows = _run(deals, inputs, out)
    assert "collectibility" in rows["f_tfc_auto_renewal"]["flag_kinds"]

    (inputs / "f_tfc_auto_renewal.toml").write_text(
        "collectibility_confirmed = true\ncommercial_substance_confirmed = true\n"
    )
    rows = _run(deals, inputs, out)
    assert rows["f_tfc_auto_renewal"]["status"] == "done"  # inputs changed: reviewed again
    assert rows["a_payg_api_terms"]["status"] == "skipped"  # untouched contract
    assert "collectibility" not in rows["f_tfc_auto_renewal"]["flag_kinds"].split(";")
    record = json.loads((out / "f_tfc_auto_renewal" / "analysis.json").read_text())
    step1 = {c["topic"]: c for c in record["analysis"]["step1"]["conclusions"]}
    assert step1["collectibility"]["reviewer_input"] is True
    assert "per reviewer input" in step1["collectibility"]["rationale"]

    assert _run(deals, inputs, out)["f_tfc_auto_renewal"]["status"] == "skipped"


def test_a_bad_inputs_file_fails_its_contract_only(tmp_path: Path, repo_root: Path):
    deals, inputs, out = _setup(tmp_path, repo_root)
    (inputs / "f_tfc_auto_renewal.toml").write_text("collectibility_confirmed = 'perhaps'\n")
    rows = _run(deals, inputs, out)
    bad = rows["f_tfc_auto_renewal"]
    assert bad["status"] == "failed"
    assert bad["error"].startswith("reviewer inputs f_tfc_auto_renewal.toml: ")
    assert "\n" not in bad["error"]
    assert rows["a_payg_api_terms"]["status"] == "done"


def test_missing_inputs_folder_is_a_usage_error(tmp_path: Path, repo_root: Path, capsys):
    deals, _, out = _setup(tmp_path, repo_root)
    code = main(["review", str(deals), "--out", str(out), "--inputs", str(tmp_path / "nope")])
    assert code == 2
    assert "reviewer inputs: no such folder" in capsys.readouterr().err
