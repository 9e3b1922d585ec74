"""Normal forms for comparing extracted values with labelled ones.

Each function maps a value to the form two readings of the same fact share: party names
without case, punctuation or corporate suffixes; jurisdictions without "the State of";
durations as months or days. Equality of normal forms is the whole comparison rule, so the
rule is visible here and tested in `tests/test_eval_scoring.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.schemas import Duration, DurationUnit

_CORPORATE_SUFFIXES = frozenset(
    (
        *("inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co"),
        *("company", "plc", "gmbh", "ag", "sa", "bv", "nv", "lp", "llp", "pty", "pte"),
        *("sarl", "srl", "spa", "kk", "ab", "oy", "ulc", "pc", "pllc", "se", "holdings"),
    )
)
_LEADING = ("the",)
FeeKey = tuple[str, Decimal | None, Decimal | None]
_JURISDICTION_PREFIXES = (
    "the laws of",
    "laws of",
    "the",
    "state of",
    "commonwealth of",
    "province of",
    "republic of",
)
_COUNTRY_TAILS = ("united states of america", "united states", "usa", "us")


def _words(text: str) -> list[str]:
    # Dots vanish (L.L.C. -> llc, U.S. -> us); other punctuation separates words.
    text = text.casefold().replace("&", " and ").replace(".", "")
    return re.sub(r"[^\w]+", " ", text).split()


def party_name(name: str) -> str:
    """`Halcyon Compute, Inc.` and `HALCYON COMPUTE INC` -> `halcyon compute`."""
    words = _words(name)
    while len(words) > 1 and words[0] in _LEADING:
        words.pop(0)
    while len(words) > 1 and words[-1] in _CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


def jurisdiction(name: str) -> str:
    """`the State of New York`, `New York, USA` -> `new york`; `England and Wales` stays."""
    text = " ".join(_words(name))
    changed = True
    while changed:
        changed = False
        for prefix in _JURISDICTION_PREFIXES:
            if text.startswith(prefix + " "):
                text = text[len(prefix) + 1 :]
                changed = True
        for tail in _COUNTRY_TAILS:
            if text.endswith(" " + tail):
                text = text[: -len(tail) - 1]
                changed = True
    return text


def currency(code: str) -> str:
    return code.strip().upper()


def money(value: Decimal) -> Decimal:
    """Decimals compare by value already (`180000.00 == 180000`); normalise for display."""
    return value.normalize()


def fee_key(kind: str, amount: Decimal | None, unit_price: Decimal | None) -> FeeKey:
    """A fee line as compared: kind, amount and unit price by value (the unit is not)."""
    return (
        kind,
        money(amount) if amount is not None else None,
        money(unit_price) if unit_price is not None else None,
    )


def show_fee(key: FeeKey) -> str:
    """`platform 120000`, `usage @0.0025`, `professional_services 28800 @240`."""
    kind, amount, unit_price = key
    parts = [kind]
    if amount is not None:
        parts.append(show(amount))
    if unit_price is not None:
        parts.append(f"@{show(unit_price)}")
    return " ".join(parts)


def show(value: object) -> str:
    """A value as the reports print it: Decimals without trailing zeros, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def months_match(predicted: Duration, labelled_months: Decimal) -> bool:
    """A term in months or years must equal the label; one in days or weeks must round to it
    (365 days = 12 months), since contracts rarely state a term in days exactly."""
    if predicted.unit in (DurationUnit.MONTHS, DurationUnit.YEARS):
        return predicted.in_months() == labelled_months
    return predicted.in_months().to_integral_value() == labelled_months


def days_match(predicted: Duration, labelled_days: int) -> bool:
    """A notice in days or weeks must equal the label; one in months or years matches either
    30 days a month or the calendar average rounded (3 months = 90 or 91 days)."""
    if predicted.unit in (DurationUnit.DAYS, DurationUnit.WEEKS):
        return predicted.in_days() == labelled_days
    thirty = predicted.in_months() * 30
    average = predicted.in_days().to_integral_value()
    return labelled_days in (thirty, average)
