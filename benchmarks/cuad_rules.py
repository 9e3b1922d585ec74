"""Measure the rule extractor on CUAD: span-level precision/recall per category, answer accuracy.

    .venv/bin/python benchmarks/cuad_rules.py [--cuad DIR] [--limit N] [--jobs 2] [--json PATH]

Each contract is read with `load_pdf` and extracted with `RuleExtractor` in a worker process.
`ContractTerms` fields are mapped to CUAD categories (see `CATEGORY_SOURCES`); every cited
quote is one prediction, scored with `assistant.evaluation.spans` (distinct quotes, lenient
overlap). Answers (dates, durations, jurisdictions) are compared where CUAD's normalised
answer can be read. The CUAD data is read at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pebble import ProcessPool
from tqdm import tqdm

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.evaluation import SpanScore, score_category  # noqa: E402
from assistant.extract import _patterns as P  # noqa: E402
from assistant.extract.parse import find_durations, parse_date  # noqa: E402
from assistant.schemas import (  # noqa: E402
    ContractTerms,
    Duration,
    DurationUnit,
    FeeKind,
    TerminationTrigger,
    VariableKind,
)

CATEGORY_SOURCES = {
    "Document Name": "title",
    "Parties": "parties (names and defined terms)",
    "Agreement Date": "agreement_date",
    "Effective Date": "effective_date",
    "Expiration Date": "expiration_date, initial_term, perpetual",
    "Renewal Term": "renewal",
    "Notice Period to Terminate Renewal": "renewal citations stating the notice period",
    "Termination for Convenience": "termination_rights with trigger convenience",
    "Minimum Commitment": "fee_lines committed_spend / minimum_commitment",
    "Most Favored Nation": "variable_items mfn",
    "Price Restrictions": "variable_items price_protection, renewal price caps",
    "Liquidated Damages": "variable_items liquidated_damages / penalty, termination penalties",
    "License Grant": "licence_grants",
    "Irrevocable or Perpetual License": "licence_grants quoting irrevocable / perpetual",
    "Warranty Duration": "warranties with a duration or naming a warranty period",
    "Governing Law": "governing_law",
}
"""CUAD category -> the ContractTerms fields whose citations are its predictions."""


def _quotes(term: Any) -> list[str]:
    return [c.quote for c in term.citations] if term is not None else []


def predicted_quotes(terms: ContractTerms) -> dict[str, list[str]]:
    """Every cited quote, grouped by the CUAD category it answers."""
    out: dict[str, list[str]] = {cat: [] for cat in CATEGORY_SOURCES}
    out["Document Name"] = _quotes(terms.title)
    out["Parties"] = [q for p in terms.parties for q in _quotes(p)]
    out["Agreement Date"] = _quotes(terms.agreement_date)
    out["Effective Date"] = _quotes(terms.effective_date)
    out["Expiration Date"] = [
        *_quotes(terms.expiration_date),
        *_quotes(terms.initial_term),
        *_quotes(terms.perpetual),
    ]
    if terms.renewal is not None:
        out["Renewal Term"] = _quotes(terms.renewal)
        notice = terms.renewal.value.notice_period
        if notice is not None:
            out["Notice Period to Terminate Renewal"] = [
                q
                for q in _quotes(terms.renewal)
                if any(f.value == notice for f in find_durations(q))
            ]
    out["Termination for Convenience"] = [
        t.citations[0].quote
        for t in terms.termination_rights
        if t.value.trigger is TerminationTrigger.CONVENIENCE
    ]
    out["Minimum Commitment"] = [
        q
        for t in terms.fee_lines
        if t.value.kind in (FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT)
        for q in _quotes(t)
    ]
    by_kind: dict[VariableKind, list[str]] = {}
    for item in terms.variable_items:
        by_kind.setdefault(item.value.kind, []).extend(_quotes(item))
    out["Most Favored Nation"] = by_kind.get(VariableKind.MFN, [])
    out["Price Restrictions"] = [
        *by_kind.get(VariableKind.PRICE_PROTECTION, []),
        *(
            q
            for o in terms.customer_options
            if o.value.kind.value == "renewal_price_cap"
            for q in _quotes(o)
        ),
    ]
    out["Liquidated Damages"] = [
        *by_kind.get(VariableKind.LIQUIDATED_DAMAGES, []),
        *by_kind.get(VariableKind.PENALTY, []),
        *(
            q
            for t in terms.termination_rights
            if t.value.has_penalty
            for q in _quotes(t)
            if P.PENALTY.search(q)
        ),
    ]
    out["License Grant"] = [q for g in terms.licence_grants for q in _quotes(g)]
    out["Irrevocable or Perpetual License"] = [
        q for q in out["License Grant"] if re.search(r"irrevocabl|perpetu", q, re.I)
    ]
    out["Warranty Duration"] = [
        q
        for w in terms.warranties
        for q in _quotes(w)
        if w.value.duration is not None or re.search(r"warranty\s+(?:period|term)", q, re.I)
    ]
    out["Governing Law"] = _quotes(terms.governing_law)
    return out


# --- answers ---------------------------------------------------------------------------------


def _add(start: date, d: Duration) -> date | None:
    if d.value != d.value.to_integral_value():
        return None
    n = int(d.value)
    if d.unit is DurationUnit.DAYS:
        return date.fromordinal(start.toordinal() + n)
    if d.unit is DurationUnit.WEEKS:
        return date.fromordinal(start.toordinal() + 7 * n)
    months = n if d.unit is DurationUnit.MONTHS else 12 * n
    y, m = divmod(start.month - 1 + months, 12)
    try:
        return start.replace(year=start.year + y, month=m + 1)
    except ValueError:
        return None


def _mdy(d: date | None) -> str | None:
    return f"{d.month}/{d.day}/{d.year}" if d else None


def _duration_key(d: Duration | None) -> tuple[str, Decimal] | None:
    if d is None:
        return None
    if d.unit in (DurationUnit.MONTHS, DurationUnit.YEARS):
        return "months", d.in_months()
    return "days", d.in_days()


def predicted_answers(terms: ContractTerms) -> dict[str, str | None]:
    """Answers in CUAD's normal form where the terms give one."""
    start = terms.effective_date or terms.agreement_date
    expiry: str | None = None
    if terms.expiration_date is not None:
        expiry = _mdy(terms.expiration_date.value)
    elif terms.initial_term is not None and start is not None:
        expiry = _mdy(_add(start.value, terms.initial_term.value))
    elif terms.perpetual is not None:
        expiry = "perpetual"
    renewal = terms.renewal.value if terms.renewal else None
    return {
        "Agreement Date": _mdy(terms.agreement_date.value) if terms.agreement_date else None,
        "Effective Date": _mdy(terms.effective_date.value) if terms.effective_date else None,
        "Expiration Date": expiry,
        "Renewal Term": json.dumps(_key_json(renewal.renewal_term)) if renewal else None,
        "Notice Period to Terminate Renewal": (
            json.dumps(_key_json(renewal.notice_period)) if renewal else None
        ),
        "Governing Law": terms.governing_law.value if terms.governing_law else None,
    }


def _key_json(d: Duration | None) -> list[str] | None:
    key = _duration_key(d)
    return [key[0], str(key[1].normalize())] if key else None


def _gold_duration(answer: str) -> str | None:
    found = next(iter(find_durations(answer.replace("successive", ""))), None)
    return json.dumps(_key_json(found.value)) if found else None


def _jurisdiction_parts(text: str) -> list[str]:
    parts = re.split(r"[;,/]|\band\b", text.lower())
    return [
        re.sub(r"^(?:the )?(?:state|commonwealth|province) of ", "", p.strip())
        for p in parts
        if p.strip()
    ]


def gold_answer(category: str, answer: str) -> str | None:
    """CUAD's answer in the same form as `predicted_answers`, or None when not comparable."""
    answer = answer.strip()
    if not answer:
        return None
    if category in ("Agreement Date", "Effective Date", "Expiration Date"):
        if category == "Expiration Date" and answer.lower() == "perpetual":
            return "perpetual"
        return _mdy(parse_date(answer))
    if category in ("Renewal Term", "Notice Period to Terminate Renewal"):
        return _gold_duration(answer)
    if category == "Governing Law":
        return answer
    return None


def answer_correct(category: str, predicted: str | None, gold: str) -> bool:
    if predicted is None:
        return False
    if category == "Governing Law":
        pred = _jurisdiction_parts(predicted)
        return bool(pred) and pred[0] in _jurisdiction_parts(gold)
    return predicted == gold


ANSWER_CATEGORIES = (
    "Agreement Date",
    "Effective Date",
    "Expiration Date",
    "Renewal Term",
    "Notice Period to Terminate Renewal",
    "Governing Law",
)


# --- running ---------------------------------------------------------------------------------


def _load_document(path: str) -> Any:
    from assistant.ingest import load_pdf
    from assistant.settings import IngestLimits

    return load_pdf(Path(path), IngestLimits())


def run_one(path: str) -> dict[str, Any]:
    """Worker: load, extract, and reduce to quotes and answers (small to pickle)."""
    from assistant.extract.rules import RuleExtractor

    document = _load_document(path)
    # The document's quote-matching index is built on first use and shared by every
    # extractor; it is timed apart so the extractor's own cost is visible.
    started = time.perf_counter()
    document.find("index warm-up")
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    terms = RuleExtractor().extract(document)
    seconds = time.perf_counter() - started
    return {
        "quotes": predicted_quotes(terms),
        "answers": predicted_answers(terms),
        "seconds": seconds,
        "index_seconds": index_seconds,
        "chars": len(document.text),
    }


def score(rows: list[dict[str, Any]], results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    totals = {cat: SpanScore(0, 0, 0, 0) for cat in CATEGORY_SOURCES}
    answers = {cat: {"gold": 0, "answered": 0, "correct": 0} for cat in ANSWER_CATEGORIES}
    for row in rows:
        result = results.get(row["id"])
        if result is None:
            continue
        labels = row["labels"]
        for cat in CATEGORY_SOURCES:
            spans = labels.get(cat, {}).get("spans", [])
            totals[cat] = totals[cat] + score_category(result["quotes"][cat], spans)
        for cat in ANSWER_CATEGORIES:
            gold = gold_answer(cat, labels.get(cat, {}).get("answer", ""))
            if gold is None:
                continue
            predicted = result["answers"][cat]
            answers[cat]["gold"] += 1
            answers[cat]["answered"] += predicted is not None
            answers[cat]["correct"] += answer_correct(cat, predicted, gold)
    categories = {}
    for cat, s in totals.items():
        categories[cat] = {
            "source": CATEGORY_SOURCES[cat],
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "support": s.n_spans,
            "predicted": s.n_pred,
            "tp_pred": s.tp_pred,
            "tp_spans": s.tp_spans,
        }
    for a in answers.values():
        a["accuracy"] = a["correct"] / a["gold"] if a["gold"] else None
    return {"categories": categories, "answers": answers}


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| Category | Precision | Recall | F1 | Support (spans) | Predicted quotes |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for cat, c in report["categories"].items():
        lines.append(
            f"| {cat} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {_fmt(c['f1'])} "
            f"| {c['support']} | {c['predicted']} |"
        )
    lines += [
        "",
        "| Answer | Accuracy | Correct | Answered | Contracts with a readable answer |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for cat, a in report["answers"].items():
        lines.append(
            f"| {cat} | {_fmt(a['accuracy'])} | {a['correct']} | {a['answered']} | {a['gold']} |"
        )
    t = report["timing"]
    lines += [
        "",
        f"{report['contracts']} contracts, {report['errors']} failed to load; extraction "
        f"median {t['median_ms']:.1f} ms, p95 {t['p95_ms']:.1f} ms, max {t['max_ms']:.1f} ms; "
        f"median {t['median_ms_per_60k_chars']:.1f} ms per 60,000 characters (about 20 pages). "
        f"Building the document's quote index (shared by all extractors) took a median "
        f"{t['median_index_ms']:.1f} ms more.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None, runner: Callable[[str], dict[str, Any]] = run_one) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cuad", type=Path, default=REPO.parent / "shared" / "cuad")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--json", type=Path, default=REPO / "benchmarks" / "results" / "cuad_rules.json"
    )
    args = parser.parse_args(argv)

    rows = [
        json.loads(line) for line in (args.cuad / "labels.jsonl").read_text().splitlines() if line
    ]
    rows = rows[: args.limit] if args.limit else rows
    results: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    with ProcessPool(max_workers=args.jobs) as pool:
        futures = {
            pool.schedule(runner, args=(str(args.cuad / row["pdf"]),), timeout=args.timeout): row[
                "id"
            ]
            for row in rows
        }
        for future in tqdm(futures, total=len(futures), desc="cuad", unit="contract"):
            cid = futures[future]
            try:
                results[cid] = future.result()
            except Exception as exc:  # a contract that fails to load is counted, not fatal
                errors[cid] = f"{type(exc).__name__}: {exc}"[:200]
    scored_rows = [r for r in rows if r["id"] in results]
    report = score(scored_rows, results)
    ms = sorted(r["seconds"] * 1000 for r in results.values()) or [0.0]
    index_ms = sorted(r["index_seconds"] * 1000 for r in results.values()) or [0.0]
    per_20_pages = sorted(
        r["seconds"] * 1000 * 60_000 / max(r["chars"], 1) for r in results.values()
    ) or [0.0]
    report.update(
        {
            "command": "python benchmarks/cuad_rules.py " + " ".join(argv or sys.argv[1:]),
            "contracts": len(results),
            "errors": len(errors),
            "error_ids": sorted(errors),
            "timing": {
                "median_ms": statistics.median(ms),
                "p95_ms": ms[int(0.95 * (len(ms) - 1))],
                "max_ms": ms[-1],
                "median_ms_per_60k_chars": statistics.median(per_20_pages),
                "median_index_ms": statistics.median(index_ms),
            },
        }
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
