"""Dates as contracts write them: `March 1, 2026`, `the 1st day of March, 2026`, `3/1/2026`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from assistant.extract.parse._common import _S, _S0, Found
from assistant.extract.parse._numbers import ORDINAL_DAYS

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
)
_ORD_ALT = "|".join(sorted((k.replace(" ", r"\s+") for k in ORDINAL_DAYS), key=len, reverse=True))
_DAY_RE = rf"(?:[0-3]?\d(?:[^\S\n]?(?:st|nd|rd|th))?|{_ORD_ALT})"
_YEAR_RE = r"(?:1[89]|2\d)\d\d"

DATE_RE = re.compile(
    rf"""
    (?<![\w/.-])(?:
        (?:(?:the|this){_S})?(?P<d1>{_DAY_RE}){_S}day{_S}of{_S}(?P<m1>{_MONTH_RE})
            {_S0},?{_S0}(?:(?:in{_S}the{_S}year|A\.?D\.?){_S0})?(?P<y1>{_YEAR_RE})
      | (?P<m2>{_MONTH_RE}){_S0}(?P<d2>[0-3]?\d(?:st|nd|rd|th)?)\b{_S0},?{_S0}(?P<y2>{_YEAR_RE})
      | (?:(?:the|this){_S})?(?P<d3>[0-3]?\d(?:st|nd|rd|th)?)(?:{_S}of)?{_S}(?P<m3>{_MONTH_RE})
            {_S0},?{_S0}(?P<y3>{_YEAR_RE})
      | (?P<a4>[01]?\d)(?P<sep>[/-])(?P<b4>[0-3]?\d)(?P=sep)(?P<y4>{_YEAR_RE})
      | (?P<y5>{_YEAR_RE})-(?P<m5>[01]\d)-(?P<d5>[0-3]\d)
      | (?P<a6>[1-3]\d)/(?P<b6>[01]?\d)/(?P<y6>{_YEAR_RE})
    )(?![\w/])
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""Every date form this module reads; groups name the parts of each alternative."""


def _day_number(raw: str) -> int | None:
    word = " ".join(raw.lower().split())
    if word in ORDINAL_DAYS:
        return ORDINAL_DAYS[word]
    digits = re.match(r"\d+", word)
    return int(digits.group()) if digits else None


def _make_date(year: str, month: int | None, day: int | None) -> date | None:
    if month is None or day is None:
        return None
    try:
        return date(int(year), month, day)
    except ValueError:
        return None


def _date_from_match(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    for i in ("1", "2", "3"):
        if g[f"m{i}"]:
            month = _MONTHS.get(g[f"m{i}"].lower().rstrip("."))
            return _make_date(g[f"y{i}"], month, _day_number(g[f"d{i}"]))
    if g["a4"]:
        first, second = int(g["a4"]), int(g["b4"])
        if first > 12:  # cannot be a month: day/month
            first, second = second, first
        return _make_date(g["y4"], first, second)
    if g["y5"]:
        return _make_date(g["y5"], int(g["m5"]), int(g["d5"]))
    if g["a6"]:  # first number above 12: day/month/year
        return _make_date(g["y6"], int(g["b6"]), int(g["a6"]))
    return None


def find_dates(text: str) -> Iterator[Found[date]]:
    """Every readable date in `text`, in order."""
    for m in DATE_RE.finditer(text):
        value = _date_from_match(m)
        if value is not None:
            yield Found(m.start(), m.end(), value)


_TRIM = " \t\n\r.,;:()[]\"'"


def parse_date(text: str) -> date | None:
    """`"March 1, 2026"`, `"the 1st day of March, 2026"`, `"2026-03-01"` -> date; else None."""
    phrase = text.strip(_TRIM)
    m = DATE_RE.fullmatch(phrase)
    return _date_from_match(m) if m else None
