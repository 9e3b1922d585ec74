"""`revrec eval`: what the command does, so that `assistant/cli.py` only parses arguments.

Exit codes: 0 done (also when an LLM run is skipped for want of an endpoint); 1 a metric
fell beyond the tolerance against `--baseline`, or a contract failed; 2 bad input.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import RevrecError
from assistant.evaluation.regression import DEFAULT_TOLERANCE, compare, load_report
from assistant.evaluation.regression import markdown as regression_markdown
from assistant.evaluation.report import markdown as report_markdown
from assistant.evaluation.report import report_json
from assistant.settings import Settings

EXIT_OK, EXIT_FAILED = 0, 1
DEFAULT_EVAL_DIR = Path("eval_set")
REPORTS_DIR = Path("eval_reports")
HEADLINE = (
    "terms.all.f1",
    "citations.verbatim",
    "citations.at_labelled_clause",
    "engine.transaction_price",
    "engine.allocation.f1",
    "engine.flags_required",
    "memo.figures_cited",
)

Echo = Callable[[str], None]


@dataclass(frozen=True)
class EvalOptions:
    eval_dir: Path | None = None
    cuad_dir: Path | None = None
    extractor: str | None = None
    baseline: Path | None = None
    tolerance: float | None = None
    json_path: Path | None = None
    markdown_path: Path | None = None
    limit: int | None = None
    jobs: int | None = None
    progress: bool = True


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `revrec eval`; their names are the fields of `EvalOptions`."""
    parser.add_argument(
        "eval_dir",
        nargs="?",
        type=Path,
        default=None,
        metavar="DIR",
        help="labelled contracts: labels/*.json naming pdf/*.pdf (default: eval_set)",
    )
    parser.add_argument(
        "--cuad",
        type=Path,
        default=None,
        metavar="DIR",
        dest="cuad_dir",
        help="run the CUAD benchmark on a folder laid out like ../shared/cuad instead",
    )
    parser.add_argument("--extractor", choices=["auto", "rules", "llm"], default=None)
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="REPORT",
        help="an earlier JSON report: list regressions, exit 1 if any metric fell",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=None,
        metavar="X",
        help="largest absolute fall allowed against --baseline (default 0.02)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="PATH",
        dest="json_path",
        help="JSON report (default: eval_reports/eval.json or cuad.json)",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        default=None,
        metavar="PATH",
        dest="markdown_path",
        help="Markdown report (default: eval_reports/eval.md or cuad.md)",
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="--cuad: first N")
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="--cuad: default 2")
    parser.add_argument("--no-progress", action="store_true")


def _check(options: EvalOptions) -> None:
    if options.cuad_dir is not None:
        if options.eval_dir is not None:
            raise RevrecError("give either an eval folder or --cuad DIR, not both")
        if options.baseline is not None or options.tolerance is not None:
            raise RevrecError("--baseline and --tolerance apply to the eval set, not --cuad")
    elif options.limit is not None or options.jobs is not None:
        raise RevrecError("--limit and --jobs apply to --cuad only")
    if options.tolerance is not None and not 0 <= options.tolerance < 1:
        raise RevrecError("--tolerance is an absolute fall between 0 and 1, e.g. 0.02")
    if options.jobs is not None and not 1 <= options.jobs <= 64:
        raise RevrecError("--jobs must be between 1 and 64")
    if options.limit is not None and options.limit < 1:
        raise RevrecError("--limit must be at least 1")


def _skipped_llm(settings: Settings, echo: Echo) -> bool:
    if settings.extractor == "llm" and not settings.llm.configured:
        echo(
            "revrec eval: LLM run skipped: no model endpoint is configured (set OPENAI_API_KEY, "
            "REVREC_LLM_BASE_URL or AZURE_OPENAI_ENDPOINT; see docs/llm.md). Nothing was scored."
        )
        return True
    return False


def _write(path: Path, text: str) -> None:
    from assistant.outputs import write_atomic

    if path.exists() and not path.is_file():  # /dev/null, a pipe: no atomic rename there
        path.write_text(text, encoding="utf-8")
        return
    write_atomic(path, text)


def run_command(options: EvalOptions, echo: Echo = print) -> int:
    from assistant.settings import load_settings

    _check(options)
    settings = load_settings(extractor=options.extractor)
    if _skipped_llm(settings, echo):
        return EXIT_OK
    if options.cuad_dir is not None:
        return _cuad(options, settings, echo)
    return _eval_set(options, settings, echo)


def _eval_set(options: EvalOptions, settings: Settings, echo: Echo) -> int:
    from assistant.evaluation.eval_set import run_eval
    from assistant.review import make_extractor
    from assistant.settings import load_ssp_table

    eval_dir = options.eval_dir or DEFAULT_EVAL_DIR
    if not eval_dir.is_dir():
        raise RevrecError(f"no such eval folder: {eval_dir}")
    baseline = load_report(options.baseline) if options.baseline else None  # fail fast
    ssp_file = eval_dir / "ssp.toml"
    ssp = load_ssp_table(ssp_file) if ssp_file.is_file() else settings.ssp_table()
    report = run_eval(eval_dir, make_extractor(settings), ssp, progress=options.progress)

    comparison = None
    if baseline is not None:
        tolerance = DEFAULT_TOLERANCE if options.tolerance is None else options.tolerance
        comparison = compare(baseline, report, tolerance)
    json_path = options.json_path or REPORTS_DIR / "eval.json"
    md_path = options.markdown_path or REPORTS_DIR / "eval.md"
    _write(json_path, report_json(report))
    _write(md_path, report_markdown(report, regression_markdown(comparison) if comparison else ""))

    echo(f"{len(report.contracts)} contracts scored with {report.extractor}:")
    for name in HEADLINE:
        value = report.metrics.get(name)
        echo(f"  {name:32} {'n/a' if value is None else f'{value:.3f}'}")
    for failed in report.failed:
        echo(f"failed   {failed.contract}: {failed.error}")
    if comparison is not None:
        for ch in comparison.regressions:
            now = "undefined" if ch.current is None else f"{ch.current:.3f}"
            echo(f"REGRESSION {ch.metric}: {ch.baseline:.3f} -> {now}")
        if not comparison.regressed:
            echo(f"no regression beyond {comparison.tolerance:g} against {options.baseline}")
    echo(f"reports: {json_path} and {md_path}")
    regressed = comparison is not None and comparison.regressed
    return EXIT_FAILED if regressed or report.failed else EXIT_OK


def _cuad(options: EvalOptions, settings: Settings, echo: Echo) -> int:
    from assistant.evaluation.cuad_run import markdown, run_cuad
    from assistant.evaluation.eval_set import extractor_label
    from assistant.review import make_extractor

    assert options.cuad_dir is not None
    if not options.cuad_dir.is_dir():
        raise RevrecError(f"no such CUAD folder: {options.cuad_dir}")
    choice = "llm" if settings.extractor != "rules" and settings.llm.configured else "rules"
    jobs = options.jobs or 2
    run = run_cuad(
        options.cuad_dir,
        extractor=choice,
        extractor_label=extractor_label(make_extractor(settings)),
        limit=options.limit,
        jobs=jobs,
        timeout=600.0 if choice == "llm" else 120.0,
        progress=options.progress,
    )
    json_path = options.json_path or REPORTS_DIR / "cuad.json"
    md_path = options.markdown_path or REPORTS_DIR / "cuad.md"
    command = f"revrec eval --cuad {options.cuad_dir} --extractor {choice} --jobs {jobs}" + (
        f" --limit {options.limit}" if options.limit else ""
    )
    text = markdown(run, command)
    _write(json_path, json.dumps(run.report(), indent=2) + "\n")
    _write(md_path, text)
    echo(text)
    echo(f"reports: {json_path} and {md_path}")
    return EXIT_OK
