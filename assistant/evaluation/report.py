"""The eval report: per-contract counts, overall metrics, and its JSON and Markdown forms.

The JSON report is an `EvalReport` (loadable, `extra="forbid"`), so a baseline read back
for `--baseline` is validated like any other input. Overall metrics are micro-averages:
counts are summed over contracts before any ratio is taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from assistant.evaluation.contract import METRICS, TERM_FIELDS
from assistant.evaluation.scoring import Tally, summed
from assistant.schemas import Strict

REPORT_VERSION = 1


class MissRecord(Strict):
    """One labelled fact the review got wrong (or a prediction nothing labelled)."""

    metric: str
    expected: str
    predicted: str


class ContractResult(Strict):
    contract: str
    """Stem of the label file (`labels/<contract>.json`)."""
    pdf: str
    counts: dict[str, Tally] = {}
    """Metric -> counts; a metric with nothing to count (all zero) is left out."""
    misses: list[MissRecord] = []
    error: str | None = None
    """Why the contract could not be reviewed or scored; its counts are then empty."""


class EvalReport(Strict):
    report: Literal["revrec-eval"] = "revrec-eval"
    report_version: int = REPORT_VERSION
    revrec_version: str
    extractor: str
    """`rules`, or `llm:<model>`."""
    eval_dir: str
    contracts: list[ContractResult]
    totals: dict[str, Tally]
    """Counts summed over all contracts, per metric."""
    metrics: dict[str, float | None]
    """Overall figures (see `metric_values`), the numbers a baseline is compared on."""

    @property
    def failed(self) -> list[ContractResult]:
        return [c for c in self.contracts if c.error is not None]


def totals_of(contracts: Iterable[ContractResult]) -> dict[str, Tally]:
    results = list(contracts)
    return {name: summed(c.counts.get(name, Tally()) for c in results) for name in METRICS}


def metric_values(totals: dict[str, Tally]) -> dict[str, float | None]:
    """Flat `name -> value`: `<metric>.precision|recall|f1` for prf metrics, `<metric>` for
    shares, and `terms.all.*`, the counts of every terms field summed."""
    out: dict[str, float | None] = {}
    everything = summed(totals.get(f"terms.{f}", Tally()) for f in TERM_FIELDS)
    for name, tally in [("terms.all", everything), *totals.items()]:
        kind = "prf" if name == "terms.all" else METRICS[name][0]
        if kind == "prf":
            out[f"{name}.precision"] = tally.precision
            out[f"{name}.recall"] = tally.recall
            out[f"{name}.f1"] = tally.f1
        else:
            out[name] = tally.share
    return out


def build_report(
    contracts: list[ContractResult], *, revrec_version: str, extractor: str, eval_dir: str
) -> EvalReport:
    totals = totals_of(contracts)
    return EvalReport(
        revrec_version=revrec_version,
        extractor=extractor,
        eval_dir=eval_dir,
        contracts=contracts,
        totals=totals,
        metrics=metric_values(totals),
    )


_TALLY = re.compile(r'\{\s+"tp": (\d+),\s+"fp": (\d+),\s+"fn": (\d+)\s+\}')


def report_json(report: EvalReport) -> str:
    """Indented JSON with each tally on one line: short, and a diff shows what changed."""
    text = report.model_dump_json(indent=1)
    return _TALLY.sub(r'{"tp": \1, "fp": \2, "fn": \3}', text) + "\n"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def _group(name: str) -> str:
    return name.split(".", 1)[0]


def markdown(report: EvalReport, regressions_md: str = "") -> str:
    """Overall tables per group, a per-contract table and every miss."""
    everything = summed(report.totals.get(f"terms.{f}", Tally()) for f in TERM_FIELDS)
    lines = [
        f"# revrec eval: `{report.extractor}` on `{report.eval_dir}`",
        "",
        f"{len(report.contracts)} labelled contracts, {len(report.failed)} failed; "
        f"revrec {report.revrec_version}. Definitions: docs/evaluation.md.",
        "",
    ]
    if regressions_md:
        lines += [regressions_md, ""]
    lines += [
        "## Precision / recall metrics",
        "",
        "| Metric | Precision | Recall | F1 | tp | fp | fn |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [("terms.all", everything)] + [
        (n, report.totals[n]) for n, (kind, _) in METRICS.items() if kind == "prf"
    ]
    for name, t in rows:
        lines.append(
            f"| {name} | {_pct(t.precision)} | {_pct(t.recall)} | {_pct(t.f1)} "
            f"| {t.tp} | {t.fp} | {t.fn} |"
        )
    lines += [
        "",
        "## Shares",
        "",
        "| Metric | Share | Hits | Of | Counts |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, (kind, what) in METRICS.items():
        if kind == "share":
            t = report.totals[name]
            lines.append(f"| {name} | {_pct(t.share)} | {t.tp} | {t.tp + t.fn} | {what} |")
    lines += [
        "",
        "## Per contract",
        "",
        "| Contract | Terms F1 | Citations verbatim | At labelled clause | Engine shares "
        "| Memo cited | Misses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in report.contracts:
        if c.error:
            lines.append(f"| {c.contract} | failed: {c.error} | | | | | |")
            continue
        terms = summed(c.counts.get(f"terms.{f}", Tally()) for f in TERM_FIELDS)
        engine = summed(
            c.counts.get(n, Tally())
            for n, (kind, _) in METRICS.items()
            if _group(n) == "engine" and kind == "share"
        )
        cell = {n: c.counts.get(n, Tally()).share for n in METRICS}
        lines.append(
            f"| {c.contract} | {_pct(terms.f1)} | {_pct(cell['citations.verbatim'])} "
            f"| {_pct(cell['citations.at_labelled_clause'])} | {_pct(engine.share)} "
            f"| {_pct(cell['memo.figures_cited'])} | {len(c.misses)} |"
        )
    lines += ["", "## Misses", ""]
    for c in report.contracts:
        if not c.misses:
            continue
        lines.append(f"### {c.contract}")
        lines.append("")
        for m in c.misses:
            lines.append(f"- `{m.metric}`: expected `{m.expected}`, got `{m.predicted}`")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
