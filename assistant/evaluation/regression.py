"""Compare an eval report with a baseline: which metrics fell by more than the tolerance.

Both reports are re-summed over the contracts they share and that neither failed, so adding
contracts to the eval set does not read as a regression (nor hide one). A metric that had a
value in the baseline and has none now (nothing left to count) is a regression too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import RevrecError
from assistant.evaluation.report import EvalReport, metric_values, totals_of

DEFAULT_TOLERANCE = 0.02
"""Largest absolute fall of a metric (0.02 = two percentage points) that is not reported."""
_EPSILON = 1e-9  # float noise: a fall of exactly the tolerance is within it


@dataclass(frozen=True)
class Change:
    metric: str
    baseline: float
    current: float | None

    @property
    def delta(self) -> float | None:
        return None if self.current is None else self.current - self.baseline


@dataclass(frozen=True)
class Comparison:
    tolerance: float
    common: list[str]
    """Contracts scored in both reports."""
    only_baseline: list[str]
    only_current: list[str]
    regressions: list[Change]
    improvements: list[Change]
    baseline_extractor: str
    current_extractor: str

    @property
    def regressed(self) -> bool:
        return bool(self.regressions)


def load_report(path: Path) -> EvalReport:
    try:
        return EvalReport.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise RevrecError(f"baseline {path}: file not found") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "report"
        raise RevrecError(
            f"baseline {path}: not a revrec eval report ({where}: {err['msg']})"
        ) from None


def compare(baseline: EvalReport, current: EvalReport, tolerance: float) -> Comparison:
    ok_base = {c.contract: c for c in baseline.contracts if c.error is None}
    ok_cur = {c.contract: c for c in current.contracts if c.error is None}
    common = sorted(ok_base.keys() & ok_cur.keys())
    before = metric_values(totals_of(ok_base[name] for name in common))
    after = metric_values(totals_of(ok_cur[name] for name in common))
    regressions: list[Change] = []
    improvements: list[Change] = []
    for metric, old in before.items():
        if old is None:
            continue
        new = after.get(metric)
        if new is None or old - new > tolerance + _EPSILON:
            regressions.append(Change(metric, old, new))
        elif new - old > tolerance + _EPSILON:
            improvements.append(Change(metric, old, new))
    return Comparison(
        tolerance=tolerance,
        common=common,
        only_baseline=sorted(ok_base.keys() - ok_cur.keys()),
        only_current=sorted(ok_cur.keys() - ok_base.keys()),
        regressions=regressions,
        improvements=improvements,
        baseline_extractor=baseline.extractor,
        current_extractor=current.extractor,
    )


def _value(x: float | None) -> str:
    return "undefined" if x is None else f"{x:.3f}"


def markdown(c: Comparison) -> str:
    lines = [
        "## Against the baseline",
        "",
        f"Compared over the {len(c.common)} contracts both reports scored; tolerance "
        f"{c.tolerance:g} (absolute).",
    ]
    if c.baseline_extractor != c.current_extractor:
        lines.append(
            f"Note: the baseline used `{c.baseline_extractor}`, this run `{c.current_extractor}`."
        )
    if c.only_baseline:
        lines.append(f"Only in the baseline (or failed now): {', '.join(c.only_baseline)}.")
    if c.only_current:
        lines.append(f"New since the baseline (not compared): {', '.join(c.only_current)}.")
    lines.append("")
    if not c.regressions:
        lines.append("No metric fell by more than the tolerance.")
    else:
        lines += ["| Regression | Baseline | Now | Change |", "| --- | ---: | ---: | ---: |"]
        for ch in c.regressions:
            delta = "n/a" if ch.delta is None else f"{ch.delta:+.3f}"
            lines.append(
                f"| {ch.metric} | {_value(ch.baseline)} | {_value(ch.current)} | {delta} |"
            )
    if c.improvements:
        lines += [
            "",
            "Improved: "
            + ", ".join(
                f"{ch.metric} {_value(ch.baseline)} -> {_value(ch.current)}"
                for ch in c.improvements
            )
            + ".",
        ]
    return "\n".join(lines)
