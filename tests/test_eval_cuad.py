"""`revrec eval --cuad` on a tiny CUAD-layout folder written here (no CUAD text is copied):
the JSON report's exact shape, known scores, limits, failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evaluation.cuad import REVENUE_CATEGORIES, UNSUPPORTED
from tests.pdfs import make_pdf

RENEWAL = (
    "This Agreement shall automatically renew for successive one (1) year terms unless either\n"
    "party gives written notice of non-renewal at least sixty (60) days before the end of the term."
)
TERM = "This Agreement shall continue for a period of two (2) years from the Effective Date."
TFC = (
    "Distributor may terminate this Agreement for convenience upon thirty (30) days written notice."
)
OHIO = "This Agreement shall be governed by the laws of the State of Ohio."
TEXAS = "This Agreement is governed by the laws of the State of Texas."
MINIMUM = "Buyer shall purchase a minimum of 10,000 units in each calendar year."

DISTRIBUTION = [
    f"""DISTRIBUTION AGREEMENT
This Distribution Agreement is entered into as of January 15, 2024 (the "Effective Date")
by and between Quillfeather Tools, Inc. ("Supplier") and Marlow Trading LLC ("Distributor").
1. Term
1.1 {TERM}
1.2 {RENEWAL}
2. Termination
2.1 {TFC}
3. Governing Law
3.1 {OHIO}"""
]
SUPPLY = [
    f"""SUPPLY AGREEMENT
This Supply Agreement is made as of May 2, 2023 between Harrowgate Mills Ltd. ("Seller")
and Ostrander Foods Corp. ("Buyer").
1. Purchase Commitment
1.1 {MINIMUM}
2. Governing Law
2.1 {TEXAS}"""
]


def _label(spans: list[str], answer: str = "") -> dict[str, object]:
    return {"spans": spans, "answer": answer}


ROWS = [
    {
        "id": "cuad-001",
        "pdf": "pdf/cuad-001.pdf",
        "source_filename": "distribution.pdf",
        "contract_type": "Distributor",
        "labels": {
            "Parties": _label(["Quillfeather Tools, Inc.", "Marlow Trading LLC"]),
            "Agreement Date": _label(["January 15, 2024"], "1/15/2024"),
            "Effective Date": _label(["January 15, 2024"], "1/15/2024"),
            # The experts' expiry is the day before the second anniversary: the extractor's
            # start-plus-term answer (1/15/2026) is counted wrong.
            "Expiration Date": _label([TERM], "1/14/2026"),
            "Renewal Term": _label([RENEWAL], "successive 1 year"),
            "Notice Period to Terminate Renewal": _label([RENEWAL], "60 days"),
            "Termination for Convenience": _label([TFC], "Yes"),
            "Volume Restriction": _label(["Distributor shall not buy more than 5 units."], "Yes"),
            "Governing Law": _label([OHIO], "Ohio"),
        },
    },
    {
        "id": "cuad-002",
        "pdf": "pdf/cuad-002.pdf",
        "source_filename": "supply.pdf",
        "contract_type": "Supply",
        "labels": {
            "Parties": _label(["Harrowgate Mills Ltd.", "Ostrander Foods Corp."]),
            "Agreement Date": _label(["May 2, 2023"], "5/2/2023"),
            "Minimum Commitment": _label([MINIMUM], "Yes"),
            "Warranty Duration": _label(["Seller warrants the goods for twelve months."], "Yes"),
            "Governing Law": _label([TEXAS], "Texas"),
        },
    },
]


@pytest.fixture
def fake_cuad(tmp_path: Path) -> Path:
    folder = tmp_path / "cuad"
    (folder / "pdf").mkdir(parents=True)
    make_pdf(folder / "pdf" / "cuad-001.pdf", DISTRIBUTION)
    make_pdf(folder / "pdf" / "cuad-002.pdf", SUPPLY)
    (folder / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    return folder


def _run(folder: Path, out: Path, *extra: str) -> tuple[int, dict]:
    code = main(
        [
            "eval",
            "--cuad",
            str(folder),
            "--jobs",
            "1",
            "--json",
            str(out / "cuad.json"),
            "--markdown",
            str(out / "cuad.md"),
            "--no-progress",
            *extra,
        ]
    )
    return code, json.loads((out / "cuad.json").read_text())


def test_cuad_report_has_the_documented_shape_and_known_scores(fake_cuad: Path, tmp_path: Path):
    code, report = _run(fake_cuad, tmp_path)
    assert code == 0
    assert set(report) == {"categories", "contracts", "extractor"}
    assert report["contracts"] == 2 and report["extractor"] == "rules"
    cats = report["categories"]
    assert list(cats) == list(REVENUE_CATEGORIES)
    for cat in cats.values():
        assert set(cat) == {"precision", "recall", "f1", "answer_accuracy", "support"}

    def prf(name: str) -> tuple[object, ...]:
        c = cats[name]
        return (c["precision"], c["recall"], c["f1"], c["support"])

    assert prf("Governing Law") == (1.0, 1.0, 1.0, 2)
    assert prf("Termination for Convenience") == (1.0, 1.0, 1.0, 1)
    assert prf("Minimum Commitment") == (1.0, 1.0, 1.0, 1)
    assert prf("Renewal Term") == (1.0, 1.0, 1.0, 1)
    # Parties: four quotes (two names, two defined terms); the names match the labels.
    assert cats["Parties"]["recall"] == 1.0 and cats["Parties"]["precision"] == 0.5
    # Labelled but not found: recall 0, and no precision since nothing was predicted.
    assert prf("Warranty Duration") == (None, 0.0, None, 1)
    # Unsupported: null, with the labelled spans still counted as support.
    assert prf("Volume Restriction") == (None, None, None, 1)
    assert all(cats[c]["precision"] is None for c in UNSUPPORTED)
    # Answers: dates, renewal term (12 months) and notice (60 days).
    assert cats["Agreement Date"]["answer_accuracy"] == 1.0
    assert cats["Effective Date"]["answer_accuracy"] == 1.0
    assert cats["Expiration Date"]["answer_accuracy"] == 0.0
    assert cats["Renewal Term"]["answer_accuracy"] == 1.0
    assert cats["Notice Period to Terminate Renewal"]["answer_accuracy"] == 1.0
    assert cats["Governing Law"]["answer_accuracy"] is None
    markdown = (tmp_path / "cuad.md").read_text()
    assert "| Volume Restriction | n/a | n/a | n/a | 1 | - | no field" in markdown
    assert "2 contracts extracted, 0 failed" in markdown


def test_limit(fake_cuad: Path, tmp_path: Path) -> None:
    code, report = _run(fake_cuad, tmp_path, "--limit", "1")
    assert code == 0 and report["contracts"] == 1
    assert report["categories"]["Governing Law"]["support"] == 1


def test_a_contract_that_fails_counts_as_predicting_nothing(fake_cuad: Path, tmp_path: Path):
    (fake_cuad / "pdf" / "cuad-002.pdf").write_bytes(b"%PDF-1.7 truncated")
    code, report = _run(fake_cuad, tmp_path)
    assert code == 0 and report["contracts"] == 2
    law = report["categories"]["Governing Law"]
    assert (law["precision"], law["recall"], law["support"]) == (1.0, 0.5, 2)
    assert "- failed: cuad-002: DocumentLoadError" in (tmp_path / "cuad.md").read_text()


def test_not_a_cuad_folder(tmp_path: Path, capsys) -> None:
    assert main(["eval", "--cuad", str(tmp_path), "--no-progress"]) == 2
    assert "not a CUAD folder" in capsys.readouterr().err
    (tmp_path / "labels.jsonl").write_text('{"id": "x"}\n')
    assert main(["eval", "--cuad", str(tmp_path), "--no-progress"]) == 2
    assert "line 1: not a CUAD label row" in capsys.readouterr().err


@pytest.mark.cuad
def test_real_cuad_sample(cuad_dir: Path, tmp_path: Path) -> None:
    code, report = _run(cuad_dir, tmp_path, "--limit", "3")
    assert code == 0 and report["contracts"] == 3
    lines = (cuad_dir / "labels.jsonl").read_text().splitlines()
    names = {name for line in lines if line for name in json.loads(line)["labels"]}
    assert set(report["categories"]) <= names  # category names exactly as in labels.jsonl
