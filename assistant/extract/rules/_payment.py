"""The contract currency and the payment terms (net days, due within days of invoice, due on
receipt)."""

from __future__ import annotations

import re

from assistant.extract.parse import Amount, Found
from assistant.extract.rules._common import IC, Extraction
from assistant.extract.rules._sentences import Sentence
from assistant.schemas import DurationUnit, PaymentTerms, Term

CURRENCY_STATEMENT = re.compile(
    r"\b(?:in|payable\s{1,5}in|denominated\s{1,5}in|expressed\s{1,5}in|stated"
    r"\s{1,5}in|made\s{1,5}in|paid\s{1,5}in)\s{1,5}(?:lawful\s{1,5})?"
    r"(?:currency\s{1,5}of\s{1,5}the\s{1,5})?(u\.?s\.?\s{0,3}dollars|united"
    r"\s{1,5}states\s{1,5}(?:dollars|currency)|usd|us\$|euros?|eur|pounds\s{1,5}"
    r"sterling|gbp|canadian\s{1,5}dollars|cad|japanese\s{1,5}yen|yen|swiss\s{1,5}"
    r"francs|chf|australian\s{1,5}dollars|aud)\b",
    IC,
)
NET_DAYS = re.compile(
    r"\bnet\s{0,3}[-–]?\s{0,3}(\d{1,3})\b|\bnet\s{1,3}(" + r"[a-z -]{3,30}?)\s{0,3}\((\d{1,3})\)",
    IC,
)
PAY_WITHIN = re.compile(
    r"\b(?:within|no\s{1,5}later\s{1,5}than|not\s{1,5}later\s{1,5}than|"
    r"in)\s{1,5}$",
    IC,
)
PAY_AFTER = re.compile(
    r"^\s{0,5}(?:after|of|from|following|upon|receipt)\b[^.;]{0,60}?\b(?:invoice|"
    r"billing|receipt|statement)",
    IC,
)
PAYMENT_WORDS = re.compile(
    r"\b(?:pa(?:y|id|yable|yment)\w{0,3}|due|invoice\w{0,2}|remit\w{0,4})\b", IC
)
DUE_ON_RECEIPT = re.compile(
    r"\bdue\s{1,5}(?:and\s{1,5}payable\s{1,5})?(?:up)?on\s{1,5}receipt\b", IC
)


def currency(ex: Extraction) -> Term[str] | None:
    for s in ex.sentences_with(
        "dollar", "usd", "euro", "eur", "sterling", "gbp", "currency", "yen", "franc"
    ):
        m = CURRENCY_STATEMENT.search(s.text)
        if m:
            code = _currency_code(m.group(1))
            if code:
                return ex.term(code, [ex.window(s, s.start + m.start(), s.start + m.end())], 0.9)
    counts: dict[str, int] = {}
    first: dict[str, tuple[Sentence, Found[Amount]]] = {}
    for s, monies in ex.money_sentences:
        for f in monies:
            counts[f.value.currency] = counts.get(f.value.currency, 0) + 1
            first.setdefault(f.value.currency, (s, f))
    if not counts:
        return None
    code = max(sorted(counts), key=lambda c: counts[c])
    s, f = first[code]
    conf = 0.7 if len(counts) == 1 else 0.5
    return ex.term(code, [_row_or_window(ex, s, f)], conf)


def _currency_code(raw: str) -> str | None:
    low = " ".join(raw.lower().replace(".", "").split())
    table = [
        (("us dollar", "usd", "us$", "united states"), "USD"),
        (("euro", "eur"), "EUR"),
        (("sterling", "gbp"), "GBP"),
        (("canadian", "cad"), "CAD"),
        (("australian", "aud"), "AUD"),
        (("yen",), "JPY"),
        (("franc", "chf"), "CHF"),
    ]
    for words, code in table:
        if any(w in low for w in words):
            return code
    if low in ("us dollars", "usdollars"):
        return "USD"
    return None


def _row_or_window(ex: Extraction, s: Sentence, f: Found[Amount]) -> tuple[int, int]:
    """The table row holding an amount, or a window of its sentence in prose."""
    if s.text.count("\n") >= 2:
        return ex.row(s, f)
    return ex.window(s, f.start, f.end)


def payment_terms(ex: Extraction) -> Term[PaymentTerms] | None:
    best: tuple[float, int, tuple[int, int], str] | None = None
    for s in ex.sentences_with("net", "within", "receipt"):
        if not PAYMENT_WORDS.search(s.text):
            continue
        m = NET_DAYS.search(s.text)
        if m:
            raw = m.group(1) or m.group(3)
            if raw is not None:
                days = int(raw)
                span = ex.window(s, s.start + m.start(), s.start + m.end())
                return _payment_term(ex, days, span, f"net {days} days", 0.9)
        if best is None:
            for f in ex.durations(s):
                if f.value.unit is not DurationUnit.DAYS:
                    continue
                before = ex.text[max(s.start, f.start - 40) : f.start]
                after = ex.text[f.end : min(s.end, f.end + 80)]
                if PAY_WITHIN.search(before) and PAY_AFTER.search(after):
                    days = int(f.value.value)
                    lo = max(s.start, f.start - 40)
                    span = ex.window(s, lo, f.end + 40)
                    best = (0.85, days, span, f"due within {days} days of invoice")
                    break
            if best is None:
                r = DUE_ON_RECEIPT.search(s.text)
                if r and "invoice" in s.lower:
                    span = ex.window(s, s.start + r.start(), s.start + r.end())
                    best = (0.7, 0, span, "due upon receipt of invoice")
    if best is None:
        return None
    conf, days, span, description = best
    return _payment_term(ex, days, span, description, conf)


def _payment_term(
    ex: Extraction, days: int, span: tuple[int, int], description: str, conf: float
) -> Term[PaymentTerms] | None:
    return ex.term(PaymentTerms(net_days=days, description=description), [span], conf)
