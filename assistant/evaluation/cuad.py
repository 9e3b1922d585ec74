"""CUAD benchmark, scoring side: which extracted quotes answer which CUAD category, and
CUAD's normalised answers in comparable form.

Every cited quote of the `ContractTerms` fields mapped to a category (see
`CATEGORY_SOURCES`) is one prediction, scored at the span level by `spans.score_category`.
Categories the extractor has no field for are reported with null precision, recall and F1
(see `UNSUPPORTED`), never as zeros. The runner is `cuad_run.py`.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.evaluation.scoring import ratio
from assistant.evaluation.spans import SpanScore, score_category
from assistant.evaluation.values import days_match
from assistant.extract import _patterns as P
from assistant.extract.parse import find_durations, parse_date
from assistant.schemas import (
    ContractTerms,
    Duration,
    DurationUnit,
    FeeKind,
    OptionKind,
    TerminationTrigger,
    VariableKind,
)

REVENUE_CATEGORIES = (
    "Parties",
    "Agreement Date",
    "Effective Date",
    "Expiration Date",
    "Renewal Term",
    "Notice Period to Terminate Renewal",
    "Termination for Convenience",
    "Minimum Commitment",
    "Volume Restriction",
    "Price Restrictions",
    "Most Favored Nation",
    "Revenue/Profit Sharing",
    "Liquidated Damages",
    "License Grant",
    "Irrevocable or Perpetual License",
    "Post-Termination Services",
    "Warranty Duration",
    "Governing Law",
)
"""The CUAD categories that bear on revenue recognition (`../shared/cuad/README.md`)."""

CATEGORY_SOURCES = {
    "Parties": "parties (names and defined terms)",
    "Agreement Date": "agreement_date",
    "Effective Date": "effective_date",
    "Expiration Date": "expiration_date, initial_term, perpetual",
    "Renewal Term": "renewal",
    "Notice Period to Terminate Renewal": "renewal citations stating the notice period",
    "Termination for Convenience": "termination_rights with trigger convenience",
    "Minimum Commitment": "fee_lines committed_spend / minimum_commitment",
    "Price Restrictions": "variable_items price_protection, renewal price caps",
    "Most Favored Nation": "variable_items mfn",
    "Liquidated Damages": "variable_items liquidated_damages / penalty, termination penalties",
    "License Grant": "licence_grants",
    "Irrevocable or Perpetual License": "licence_grants quoting irrevocable / perpetual",
    "Warranty Duration": "warranties with a duration or naming a warranty period",
    "Governing Law": "governing_law",
}
"""Supported CUAD category -> the ContractTerms fields whose citations are its predictions."""

UNSUPPORTED = {
    "Volume Restriction": "no field: usage caps and volume limits are not extracted",
    "Revenue/Profit Sharing": "no field: revenue or profit sharing is not extracted",
    "Post-Termination Services": "no field: obligations after termination are not extracted",
}
"""Revenue categories with no ContractTerms field: precision, recall and F1 are null."""

ANSWER_CATEGORIES = (
    "Agreement Date",
    "Effective Date",
    "Expiration Date",
    "Renewal Term",
    "Notice Period to Terminate Renewal",
)
"""Categories whose normalised answer is compared (answer accuracy)."""

assert set(CATEGORY_SOURCES) | set(UNSUPPORTED) == set(REVENUE_CATEGORIES)


def _quotes(term: Any) -> list[str]:
    return [c.quote for c in term.citations] if term is not None else []


def predicted_quotes(terms: ContractTerms) -> dict[str, list[str]]:
    """Every cited quote, grouped by the supported CUAD category it answers."""
    out: dict[str, list[str]] = {cat: [] for cat in CATEGORY_SOURCES}
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
            if o.value.kind is OptionKind.RENEWAL_PRICE_CAP
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


def _duration_answer(d: Duration | None) -> str | None:
    """`["months", "12"]` or `["days", "30"]` as JSON text: years become months."""
    if d is None:
        return None
    if d.unit in (DurationUnit.MONTHS, DurationUnit.YEARS):
        unit, value = "months", d.in_months()
    else:
        unit, value = "days", d.in_days()
    return json.dumps([unit, f"{Decimal(value).normalize():f}"])


def predicted_answers(terms: ContractTerms) -> dict[str, str | None]:
    """Answers in comparable form where the terms give one. The expiration date is the
    stated one, else the start date plus the initial term, else `perpetual`."""
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
        "Renewal Term": _duration_answer(renewal.renewal_term) if renewal else None,
        "Notice Period to Terminate Renewal": (
            _duration_answer(renewal.notice_period) if renewal else None
        ),
    }


def gold_answer(category: str, answer: str) -> str | None:
    """CUAD's answer in the form of `predicted_answers`, or None when it cannot be read."""
    answer = answer.strip()
    if not answer:
        return None
    if category in ("Agreement Date", "Effective Date", "Expiration Date"):
        if category == "Expiration Date" and answer.lower() == "perpetual":
            return "perpetual"
        return _mdy(parse_date(answer))
    if category in ("Renewal Term", "Notice Period to Terminate Renewal"):
        found = next(iter(find_durations(answer.replace("successive", ""))), None)
        return _duration_answer(found.value) if found else None
    return None


def answers_equal(predicted: str | None, gold: str) -> bool:
    """Equal normal forms; a duration in months also equals the same period in days as the
    eval-set rule reads it (`values.days_match`: 6 months = 180 or 183 days)."""
    if predicted is None:
        return False
    if predicted == gold:
        return True
    if not (predicted.startswith("[") and gold.startswith("[")):
        return False
    (p_unit, p_value), (g_unit, g_value) = json.loads(predicted), json.loads(gold)
    if {p_unit, g_unit} != {"months", "days"}:
        return False
    months, days = (p_value, g_value) if p_unit == "months" else (g_value, p_value)
    if Decimal(days) != Decimal(days).to_integral_value():
        return False
    return days_match(Duration(value=Decimal(months), unit=DurationUnit.MONTHS), int(days))


# --- scoring ---------------------------------------------------------------------------------


def labelled_spans(row: dict[str, Any], category: str) -> list[str]:
    return list(row["labels"].get(category, {}).get("spans", []))


def score_rows(
    rows: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]
) -> tuple[dict[str, SpanScore], dict[str, dict[str, int]]]:
    """Summed span counts per category and answer counts (`gold`, `answered`, `correct`).

    A row with no prediction (the contract failed) counts as predicting nothing.
    """
    spans = {cat: SpanScore(0, 0, 0, 0) for cat in REVENUE_CATEGORIES}
    answers = {cat: {"gold": 0, "answered": 0, "correct": 0} for cat in ANSWER_CATEGORIES}
    for row in rows:
        result = predictions.get(row["id"], {"quotes": {}, "answers": {}})
        for cat in REVENUE_CATEGORIES:
            spans[cat] += score_category(result["quotes"].get(cat, []), labelled_spans(row, cat))
        for cat in ANSWER_CATEGORIES:
            gold = gold_answer(cat, row["labels"].get(cat, {}).get("answer", ""))
            if gold is None:
                continue
            predicted = result["answers"].get(cat)
            answers[cat]["gold"] += 1
            answers[cat]["answered"] += predicted is not None
            answers[cat]["correct"] += answers_equal(predicted, gold)
    return spans, answers


def cuad_report(
    rows: list[dict[str, Any]], predictions: dict[str, dict[str, Any]], extractor: str
) -> dict[str, Any]:
    """The `--json` report: exactly `{"categories": {name: {"precision", "recall", "f1",
    "answer_accuracy", "support"}}, "contracts", "extractor"}`."""
    spans, answers = score_rows(rows, predictions)
    categories: dict[str, dict[str, float | int | None]] = {}
    for cat in REVENUE_CATEGORIES:
        s = spans[cat]
        supported = cat in CATEGORY_SOURCES
        a = answers.get(cat)
        categories[cat] = {
            "precision": s.precision if supported else None,
            "recall": s.recall if supported else None,
            "f1": s.f1 if supported else None,
            "answer_accuracy": ratio(a["correct"], a["gold"]) if a else None,
            "support": s.n_spans,
        }
    return {"categories": categories, "contracts": len(rows), "extractor": extractor}
