"""`revrec eval` on a tiny eval folder: reports written, baselines compared, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evaluation.report import EvalReport
from tests.pdfs import make_pdf

NIMBUS = [
    """API SERVICES AGREEMENT
This API Services Agreement is entered into as of March 1, 2026
by and between Nimbus Compute, Inc. ("Provider") and Larkspur Analytics LLC ("Customer").
1. Fees
1.1 Platform Fee. Customer shall pay a platform fee of USD 5,000.00 per month.
1.2 Payment. Invoices are due within thirty (30) days of the invoice date.
2. Term
2.1 Term. This Agreement continues for twelve (12) months from March 1, 2026.
3. Governing Law
This Agreement is governed by the laws of the State of New York."""
]
ORCHID = [
    """HOSTING AGREEMENT
This Hosting Agreement is made as of June 1, 2026
between Orchid Hosting Ltd. ("Provider") and Pebble Retail Corp. ("Customer").
1. Fees
1.1 Hosting Fee. Customer shall pay a hosting fee of USD 24,000.00 per year.
1.2 Payment. Invoices are due within forty-five (45) days of the invoice date.
2. Term
2.1 Term. This Agreement continues for twenty-four (24) months from June 1, 2026.
3. Governing Law
This Agreement is governed by the laws of the State of Delaware."""
]


def _labels(pdf: str, customer: str, provider: str, law: str, clause: str) -> dict[str, object]:
    return {
        "contract": pdf,
        "pattern": "tiny test contract",
        "terms": {
            "customer": customer,
            "provider": provider,
            "governing_law": law,
            "currency": "USD",
            "clauses": {"governing_law": clause},
        },
        "engine": {"performance_obligations": [], "transaction_price": "0"},
    }


@pytest.fixture
def eval_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "evals"
    (folder / "pdf").mkdir(parents=True)
    (folder / "labels").mkdir()
    make_pdf(folder / "pdf" / "nimbus.pdf", NIMBUS)
    make_pdf(folder / "pdf" / "orchid.pdf", ORCHID)
    nimbus = _labels(
        "nimbus.pdf", "Larkspur Analytics LLC", "Nimbus Compute, Inc.", "New York", "3"
    )
    orchid = _labels("orchid.pdf", "Pebble Retail Corp.", "Orchid Hosting Ltd.", "Delaware", "3")
    (folder / "labels" / "nimbus.json").write_text(json.dumps(nimbus))
    (folder / "labels" / "orchid.json").write_text(json.dumps(orchid))
    return folder


def _run(args: list[str], out: Path) -> tuple[int, EvalReport]:
    code = main(
        [
            "eval",
            *args,
            "--no-progress",
            "--json",
            str(out / "eval.json"),
            "--markdown",
            str(out / "eval.md"),
        ]
    )
    return code, EvalReport.model_validate_json((out / "eval.json").read_bytes())


def test_eval_writes_json_and_markdown(eval_dir: Path, tmp_path: Path, capsys) -> None:
    code, report = _run([str(eval_dir)], tmp_path)
    assert code == 0
    assert report.extractor == "rules"
    assert [c.contract for c in report.contracts] == ["nimbus", "orchid"]
    assert not report.failed
    m = report.metrics
    assert m["terms.governing_law.precision"] == 1.0 and m["terms.governing_law.recall"] == 1.0
    assert m["terms.currency.f1"] == 1.0
    assert m["citations.verbatim"] == 1.0
    assert m["citations.fields_at_labelled_clause"] == 1.0
    assert m["memo.fully_cited"] == 1.0
    assert m["terms.fee_lines.recall"] is None  # no fee line labelled: nothing to find
    markdown = (tmp_path / "eval.md").read_text()
    assert markdown.startswith("# revrec eval: `rules`")
    assert "| terms.governing_law | 100.0% | 100.0% | 100.0% | 2 | 0 | 0 |" in markdown
    printed = capsys.readouterr().out
    assert "2 contracts scored with rules" in printed and "terms.all.f1" in printed


def test_baseline_regressions_fail_the_run(eval_dir: Path, tmp_path: Path, capsys) -> None:
    base_dir = tmp_path / "base"
    base_dir.mkdir()
    assert _run([str(eval_dir)], base_dir)[0] == 0
    baseline = base_dir / "eval.json"

    code, _ = _run([str(eval_dir), "--baseline", str(baseline)], tmp_path)
    assert code == 0
    assert "no regression beyond 0.02" in capsys.readouterr().out

    # The labels now name another jurisdiction: governing law falls from 1.0 to 0.5.
    labels = json.loads((eval_dir / "labels" / "orchid.json").read_text())
    labels["terms"]["governing_law"] = "Texas"
    (eval_dir / "labels" / "orchid.json").write_text(json.dumps(labels))
    code, _ = _run([str(eval_dir), "--baseline", str(baseline)], tmp_path)
    assert code == 1
    printed = capsys.readouterr().out
    assert "REGRESSION terms.governing_law.precision: 1.000 -> 0.500" in printed
    assert (
        "| terms.governing_law.recall | 1.000 | 0.500 | -0.500 |"
        in (tmp_path / "eval.md").read_text()
    )

    code, _ = _run([str(eval_dir), "--baseline", str(baseline), "--tolerance", "0.6"], tmp_path)
    assert code == 0


def test_a_contract_that_cannot_be_read_fails_the_run(eval_dir: Path, tmp_path: Path, capsys):
    (eval_dir / "pdf" / "orchid.pdf").write_bytes(b"%PDF-1.7 truncated")
    code, report = _run([str(eval_dir)], tmp_path)
    assert code == 1
    assert [c.contract for c in report.failed] == ["orchid"]
    assert report.metrics["terms.governing_law.recall"] == 1.0  # the other contract still counts
    assert "failed   orchid: orchid.pdf:" in capsys.readouterr().out


def test_llm_without_an_endpoint_is_skipped(eval_dir: Path, tmp_path: Path, capsys) -> None:
    code = main(["eval", str(eval_dir), "--extractor", "llm", "--json", str(tmp_path / "x.json")])
    assert code == 0
    assert "LLM run skipped" in capsys.readouterr().out
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cuad", "somewhere", "evals"], "either an eval folder or --cuad"),
        (["--limit", "3"], "apply to --cuad only"),
        (["--cuad", "somewhere", "--baseline", "b.json"], "apply to the eval set"),
        (["--tolerance", "2"], "between 0 and 1"),
        (["no-such-folder"], "no such eval folder"),
    ],
)
def test_usage_errors(args: list[str], message: str, capsys) -> None:
    assert main(["eval", *args]) == 2
    assert message in capsys.readouterr().err


def test_a_bad_baseline_is_a_usage_error(eval_dir: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"report": "something else"}')
    assert main(["eval", str(eval_dir), "--baseline", str(bad)]) == 2
    assert "not a revrec eval report" in capsys.readouterr().err


def test_committed_baseline_is_a_valid_report(repo_root: Path) -> None:
    """eval_set/baseline/rules.json loads as a report and covers every labelled contract
    it was made from (regenerate it with `make eval-baseline`)."""
    report = EvalReport.model_validate_json(
        (repo_root / "eval_set" / "baseline" / "rules.json").read_bytes()
    )
    assert report.extractor == "rules" and not report.failed
    assert len(report.contracts) >= 8


def test_eval_set_does_not_regress(repo_root: Path, tmp_path: Path, capsys) -> None:
    """The offline extractor and the engine on the committed eval set, against the committed
    baseline. A deliberate change that lowers a metric: regenerate with `make eval-baseline`
    and say why in the commit."""
    code = main(
        [
            "eval",
            str(repo_root / "eval_set"),
            "--extractor",
            "rules",
            "--baseline",
            str(repo_root / "eval_set" / "baseline" / "rules.json"),
            "--json",
            str(tmp_path / "eval.json"),
            "--markdown",
            str(tmp_path / "eval.md"),
            "--no-progress",
        ]
    )
    printed = capsys.readouterr().out
    hint = "misses: make eval, then eval_reports/eval.md; if intended: make eval-baseline"
    assert code == 0, f"{printed}\n{hint}"
