"""`revrec schedule`, `revrec ssp` and `revrec export netsuite` end to end."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.cli import main
from assistant.schemas import SspTable

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "schedule"
CONTRACTS = ["b_committed_spend_tiers", "f_tfc_auto_renewal", "m_api_msa_original"]


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.review import run_batch
    from assistant.settings import load_settings

    out = tmp_path_factory.mktemp("review")
    pdfs = [REPO / "eval_set" / "pdf" / f"{name}.pdf" for name in CONTRACTS]
    settings = load_settings(extractor="rules", ssp_file=REPO / "eval_set" / "ssp.toml")
    assert not run_batch(pdfs, out, settings, progress=False).failed
    return out


def test_schedule_writes_every_output(review_dir, tmp_path, capsys):
    usage = tmp_path / "usage.csv"
    # Both usage files in one: the canonical rows for f and m, then b's Orb-style export is
    # given separately below; here only the canonical one.
    usage.write_bytes((DATA / "usage_f_m.csv").read_bytes())
    out = tmp_path / "schedules"
    code = main(
        [
            "schedule",
            str(review_dir),
            "--usage",
            str(usage),
            "--billings",
            str(DATA / "billings_m.csv"),
            "--rpo-date",
            "2026-12-31",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert {p.name for p in out.iterdir()} == {
        "waterfall.csv",
        "rollforward.csv",
        "rpo.csv",
        "schedules.xlsx",
        "notes.md",
    }
    # b 1,200,000 + f 37,500 + 2,800 calls + m 270,000 + 15,000 tokens.
    assert "3 contracts scheduled; revenue over their lives: USD 1525300.00" in printed.out
    rows = list(csv.DictReader(io.StringIO((out / "waterfall.csv").read_text())))
    assert {r["contract"] for r in rows} == set(CONTRACTS)
    rpo = list(csv.DictReader(io.StringIO((out / "rpo.csv").read_text())))
    b = next(r for r in rpo if r["contract"] == "b_committed_spend_tiers")
    # b: Apr-Dec 2026 recognised evenly without usage data: 9 x 50,000; 750,000 remains.
    assert b["rpo"] == "750000.00"
    assert b["next_12_months"] == "600000.00" and b["months_13_to_24"] == "150000.00"
    assert load_workbook(out / "schedules.xlsx").sheetnames[0] == "Waterfall"
    # The console never shows contract text (customer names, clause wording).
    for name in ("Larkspur", "Bluefin", "Harborview"):
        assert name not in printed.out + printed.err


def test_schedule_with_an_orb_export(review_dir, tmp_path, capsys):
    code = main(
        [
            "schedule",
            str(review_dir),
            "--usage",
            str(DATA / "b_usage_orb.csv"),
            "--rpo-date",
            "2026-09-30",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0, capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "waterfall.csv").read_text())))
    july = next(r for r in rows if r["contract"].startswith("b_") and r["period"] == "2026-07")
    assert july["revenue"] == "147000.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--usage", "{bad}"], "bad.csv row 3: quantity '-4' is negative"),
        (["--billings", "{bad}"], "bad.csv: missing column amount"),
        (["--rpo-date", "2026-12-15"], "RPO date 2026-12-15 is not a month end"),
        (["--rpo-date", "31/12/2026"], "--rpo-date '31/12/2026' is not a date"),
        (["--inputs", "{missing}"], "not a folder of <contract>.toml inputs"),
    ],
)
def test_schedule_bad_input_is_one_line(review_dir, tmp_path, capsys, args, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "contract,period,metric,quantity\n"
        "f_tfc_auto_renewal,2026-08,API calls,5\n"
        "f_tfc_auto_renewal,2026-09,API calls,-4\n"
    )
    args = [a.format(bad=bad, missing=tmp_path / "nope") for a in args]
    code = main(["schedule", str(review_dir), *args, "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("revrec: error: ")
    assert message in err
    assert not (tmp_path / "o").exists()


def test_schedule_of_a_folder_without_reviews(tmp_path, capsys):
    assert main(["schedule", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "no <contract>/analysis.json found" in capsys.readouterr().err


def test_ssp_command(tmp_path, tmp_path_factory, capsys, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path_factory.getbasetemp() / "mpl"))
    assert main(["ssp", str(DATA / "ssp_history.csv"), "--out", str(tmp_path)]) == 0
    assert "4 products: 2 with an observable SSP" in capsys.readouterr().out
    table = SspTable.model_validate(tomllib.loads((tmp_path / "ssp.toml").read_text()))
    assert len(table.entries) == 2
    assert (tmp_path / "ssp_chart.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "ssp_analysis.csv").read_text().startswith("product,kind,measure")
    assert main(["ssp", str(DATA / "ssp_history.csv"), "--out", str(tmp_path), "--band", "0"]) == 2
    assert "--band 0 must be above 0" in capsys.readouterr().err


def test_export_netsuite(review_dir, tmp_path, capsys):
    out = tmp_path / "netsuite.csv"
    assert main(["export", "netsuite", str(review_dir), "--out", str(out)]) == 0
    assert "revenue elements in 3 arrangements" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["Arrangement External ID"] for r in rows} == set(CONTRACTS)
