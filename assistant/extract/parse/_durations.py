"""Durations in explicit units: `thirty (30) days`, `12 months`, `one-year`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from assistant.extract.parse._common import _S0, Found
from assistant.extract.parse._numbers import NUMBER_WORDS_RE, parse_number_words
from assistant.schemas import Duration, DurationUnit

_UNIT_WORDS = {
    "day": DurationUnit.DAYS, "week": DurationUnit.WEEKS, "month": DurationUnit.MONTHS,
    "year": DurationUnit.YEARS,
}  # fmt: skip

DURATION_RE = re.compile(
    rf"""
    (?<![\w.,])(?:
        (?P<words>{NUMBER_WORDS_RE})(?:{_S0}\({_S0}(?P<wfig>\d{{1,6}}(?:\.\d{{1,3}})?){_S0}\))?
      | \({_S0}(?P<pfig>\d{{1,6}}){_S0}\)
      | (?P<fig>\d{{1,6}}(?:\.\d{{1,3}})?)
    )
    (?:{_S0}-{_S0}|{_S0})
    (?P<qual>(?:calendar|consecutive|full|contract|business|working|banking)\s{{1,10}})?
    (?P<unit>day|week|month|year)s?\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""`thirty (30) days`, `12 months`, `one-year`, `(90) days`, `1.5 years`."""


def _duration_from_match(m: re.Match[str]) -> Duration | None:
    g = m.groupdict()
    qual = (g["qual"] or "").strip().lower()
    if qual in ("business", "working", "banking"):
        return None
    if g["words"]:
        words = parse_number_words(g["words"])
        if words is None:
            return None
        value = Decimal(words)
        if g["wfig"] is not None and Decimal(g["wfig"]) != value:
            return None
    else:
        value = Decimal(g["pfig"] or g["fig"])
    return Duration(value=value, unit=_UNIT_WORDS[g["unit"].lower()])


def find_durations(text: str) -> Iterator[Found[Duration]]:
    """Every readable duration in `text`, in order."""
    for m in DURATION_RE.finditer(text):
        value = _duration_from_match(m)
        if value is not None:
            yield Found(m.start(), m.end(), value)


def parse_duration(text: str) -> Duration | None:
    """`"thirty (30) days"`, `"12 months"`, `"one (1) year"` -> Duration; else None."""
    phrase = text.strip(" \t\n\r.,;:")
    phrase = re.sub(r"^(?:a|an|the)\s+(?:period\s+of\s+)?", "", phrase, flags=re.I)
    m = DURATION_RE.fullmatch(phrase)
    return _duration_from_match(m) if m else None
