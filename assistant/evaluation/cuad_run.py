"""CUAD benchmark, running side: extract every contract of a CUAD-layout folder in worker
processes (one time limit per contract) behind a progress bar, then score with `cuad.py`.

The folder is read at run time (`labels.jsonl`, `pdf/*.pdf`); nothing from it is written
anywhere but the report, which holds only figures.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pebble import ProcessPool
from tqdm import tqdm

from assistant.errors import RevrecError
from assistant.evaluation.cuad import (
    ANSWER_CATEGORIES,
    CATEGORY_SOURCES,
    REVENUE_CATEGORIES,
    UNSUPPORTED,
    cuad_report,
    predicted_answers,
    predicted_quotes,
    score_rows,
)

Worker = Callable[[str, str], dict[str, Any]]


def load_rows(cuad_dir: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """`labels.jsonl` rows, in file order, the first `limit` of them."""
    path = cuad_dir / "labels.jsonl"
    if not path.is_file():
        raise RevrecError(f"{cuad_dir}: not a CUAD folder (no labels.jsonl)")
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if not isinstance(row, dict) or not {"id", "pdf", "labels"} <= row.keys():
            raise RevrecError(f"{path.name} line {n}: not a CUAD label row")
        rows.append(row)
    return rows[:limit] if limit else rows


def extract_one(path: str, extractor: str) -> dict[str, Any]:
    """Worker: load, extract, and reduce to quotes and answers (small to send back)."""
    from assistant.ingest import load_pdf
    from assistant.review import make_extractor
    from assistant.settings import IngestLimits, load_settings

    document = load_pdf(Path(path), IngestLimits())
    # The document's quote index is built on first use and shared by every extractor: time
    # it apart so the extractor's own cost is visible.
    started = time.perf_counter()
    document.find("index warm-up")
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    terms = make_extractor(load_settings(extractor=extractor)).extract(document)
    return {
        "quotes": predicted_quotes(terms),
        "answers": predicted_answers(terms),
        "seconds": time.perf_counter() - started,
        "index_seconds": index_seconds,
        "chars": len(document.text),
    }


@dataclass
class CuadRun:
    rows: list[dict[str, Any]]
    extractor: str
    predictions: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return cuad_report(self.rows, self.predictions, self.extractor)


def run_cuad(
    cuad_dir: Path,
    *,
    extractor: str = "rules",
    extractor_label: str = "rules",
    limit: int | None = None,
    jobs: int = 2,
    timeout: float = 120.0,
    progress: bool = True,
    worker: Worker = extract_one,
) -> CuadRun:
    """Extract and score every row; a contract that fails counts as predicting nothing."""
    rows = load_rows(cuad_dir, limit)
    run = CuadRun(rows=rows, extractor=extractor_label)
    bar = tqdm(total=len(rows), desc="cuad", unit="contract", disable=not progress, file=sys.stderr)
    try:
        with ProcessPool(max_workers=max(1, jobs)) as pool:
            futures: dict[Future[dict[str, Any]], str] = {
                pool.schedule(
                    worker, args=(str(cuad_dir / row["pdf"]), extractor), timeout=timeout
                ): row["id"]
                for row in rows
            }
            for future in as_completed(futures):
                cid = futures[future]
                try:
                    run.predictions[cid] = future.result()
                except Exception as exc:  # one contract failing is counted, not fatal
                    run.errors[cid] = f"{type(exc).__name__}: {exc}"[:200]
                bar.update(1)
    finally:
        bar.close()
    return run


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def markdown(run: CuadRun, command: str = "") -> str:
    """Tables for people: the report's figures plus counts, answers, timing and failures."""
    spans, answers = score_rows(run.rows, run.predictions)
    lines = [
        f"# CUAD benchmark: {run.extractor}, {len(run.rows)} contracts",
        "",
        *([f"`{command}`", ""] if command else []),
        "| Category | Precision | Recall | F1 | Support (spans) | Predicted quotes | Source |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for cat in REVENUE_CATEGORIES:
        s = spans[cat]
        if cat in UNSUPPORTED:
            lines.append(f"| {cat} | n/a | n/a | n/a | {s.n_spans} | - | {UNSUPPORTED[cat]} |")
            continue
        lines.append(
            f"| {cat} | {_fmt(s.precision)} | {_fmt(s.recall)} | {_fmt(s.f1)} | {s.n_spans} "
            f"| {s.n_pred} | {CATEGORY_SOURCES[cat]} |"
        )
    lines += [
        "",
        "| Answer | Accuracy | Correct | Answered | Contracts with a readable answer |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for cat in ANSWER_CATEGORIES:
        a = answers[cat]
        acc = a["correct"] / a["gold"] if a["gold"] else None
        lines.append(f"| {cat} | {_fmt(acc)} | {a['correct']} | {a['answered']} | {a['gold']} |")
    done = list(run.predictions.values())
    lines.append("")
    if done:
        ms = sorted(r["seconds"] * 1000 for r in done)
        index_ms = statistics.median(r["index_seconds"] * 1000 for r in done)
        lines.append(
            f"{len(done)} contracts extracted, {len(run.errors)} failed (scored as predicting "
            f"nothing). Extraction median {statistics.median(ms):.1f} ms, "
            f"p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms, max {ms[-1]:.1f} ms per contract; "
            f"the shared quote index a median {index_ms:.1f} ms more."
        )
    for cid, error in sorted(run.errors.items()):
        lines.append(f"- failed: {cid}: {error}")
    return "\n".join(lines) + "\n"
