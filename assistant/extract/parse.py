"""Parsers for the values contracts state in words: dates, money, durations, number words.

Each `parse_*` function reads one whole phrase ("thirty (30) days") and returns `None` unless
the phrase is unambiguous; none of them guesses. Each `find_*` function scans running text
and yields every value it can read, with its offsets, for the rule extractor to cite.

Conventions (stated, not guessed):

- Numeric dates `3/1/2026` are US month/day/year, unless the first number cannot be a month
  (`13/1/2026` is 13 January). Two-digit years are not read.
- A bare `$` (and the word "dollars") is US dollars; other dollars carry their prefix (`C$`,
  `A$`, `HK$`, `S$`) or name ("Canadian dollars").
- A decimal comma (`EUR 5.000,00`) is read only with a currency other than US dollars and
  only when unambiguous: `5.000` alone is not read as five thousand.
- When an amount or a duration is written in words and in figures ("thirty (30) days") and
  the two disagree, the phrase is not read.
- "business days" and "working days" are not calendar days and are not read as days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Generic, NamedTuple, TypeVar

from assistant.schemas import Duration, DurationUnit

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# Number words
# ---------------------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1000, "million": 1_000_000}

_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_ORDINAL_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}  # fmt: skip

ORDINAL_DAYS: dict[str, int] = {**_ORDINAL_UNITS, **_ORDINAL_TEENS}
for _tens_word, _tens in (("twenty", 20), ("thirty", 30)):
    for _unit_word, _unit in _ORDINAL_UNITS.items():
        if _tens + _unit <= 31:
            ORDINAL_DAYS[f"{_tens_word}-{_unit_word}"] = _tens + _unit
            ORDINAL_DAYS[f"{_tens_word} {_unit_word}"] = _tens + _unit

NUMBER_WORDS = frozenset([*_UNITS, *_TEENS, *_TENS, "hundred", *_SCALES])
_WORD_ALT = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
NUMBER_WORDS_RE = (
    rf"(?:(?<![\w-])(?:{_WORD_ALT})\b"
    rf"(?:(?:\s{{1,5}}|-)(?:and\s{{1,5}})?(?:{_WORD_ALT})\b){{0,8}})"
)
"""A run of number words ("one hundred and twenty-five"), for embedding in larger patterns."""


def _below_hundred(tokens: list[str]) -> int | None:
    if len(tokens) == 1:
        word = tokens[0]
        for table in (_UNITS, _TEENS, _TENS):
            if word in table:
                return table[word]
        return None
    if len(tokens) == 2 and tokens[0] in _TENS and tokens[1] in _UNITS and tokens[1] != "zero":
        return _TENS[tokens[0]] + _UNITS[tokens[1]]
    return None


def _below_thousand(tokens: list[str]) -> int | None:
    if "hundred" in tokens:
        at = tokens.index("hundred")
        head, tail = tokens[:at], tokens[at + 1 :]
        if tail[:1] == ["and"]:
            tail = tail[1:]
            if not tail:
                return None
        if head in (["a"], ["one"]):
            hundreds = 1
        elif len(head) == 1 and head[0] in _UNITS and head[0] != "zero":
            hundreds = _UNITS[head[0]]
        else:
            return None
        if not tail:
            return hundreds * 100
        rest = _below_hundred(tail)
        return None if rest is None or rest == 0 else hundreds * 100 + rest
    if tokens[:1] == ["and"]:
        return None
    return _below_hundred(tokens)


def parse_number_words(text: str) -> int | None:
    """`"one hundred and twenty-five"` -> 125; up to millions. None unless every word is read."""
    tokens = [t for t in re.split(r"[\s\-]+", text.strip().lower()) if t]
    if not tokens or any(t not in NUMBER_WORDS and t not in ("and", "a") for t in tokens):
        return None
    groups: list[tuple[list[str], int]] = []
    group: list[str] = []
    for token in tokens:
        if token in _SCALES:
            groups.append((group, _SCALES[token]))
            group = []
        else:
            group.append(token)
    groups.append((group, 1))
    total = 0
    prev_scale: int | None = None
    for i, (words, scale) in enumerate(groups):
        if scale == 1 and not words and i > 0:
            continue  # "two thousand": nothing after the last scale word
        if scale == 1 and i > 0 and words[:1] == ["and"]:
            words = words[1:]  # "one thousand and five"
        value = 1 if words == ["a"] and scale > 1 else (_below_thousand(words) if words else None)
        if value is None or (value == 0 and len(groups) > 1):
            return None
        if prev_scale is not None and scale >= prev_scale:
            return None
        total += value * scale
        prev_scale = scale
    return total


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

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
_S = r"\s{1,40}"  # bounded whitespace: PDF text is full of runs of spaces
_S0 = r"\s{0,40}"

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


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value read from running text, with its offsets in that text."""

    start: int
    end: int
    value: T


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


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------


class Amount(NamedTuple):
    value: Decimal
    currency: str
    """ISO 4217 code."""


_PREFIX_CURRENCY = {
    "us$": "USD", "u.s.$": "USD", "usd": "USD", "$": "USD", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "jpy": "JPY", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "chf": "CHF", "cny": "CNY", "rmb": "CNY",
    "inr": "INR", "₹": "INR", "sgd": "SGD", "s$": "SGD", "hkd": "HKD", "hk$": "HKD",
    "nzd": "NZD", "nz$": "NZD", "sek": "SEK", "nok": "NOK", "dkk": "DKK",
}  # fmt: skip
_PREFIX_RE = (
    r"(?:U\.S\.\s?\$|US\s?\$|USD|CA\$|C\$|AU\$|A\$|HK\$|NZ\$|S\$|\$|€|EUR|£|GBP|JPY|CAD|AUD"
    r"|CHF|CNY|RMB|INR|₹|SGD|HKD|NZD|SEK|NOK|DKK)"
)
_NAME_CURRENCY = [
    (r"(?:u\.?s\.?|united\s{1,3}states)\s?dollars?", "USD"),
    (r"canadian\s{1,3}dollars?", "CAD"),
    (r"australian\s{1,3}dollars?", "AUD"),
    (r"dollars?", "USD"),
    (r"euros?", "EUR"),
    (r"(?:pounds?\s{1,3}sterling|british\s{1,3}pounds?)", "GBP"),
    (r"(?:japanese\s{1,3})?yen", "JPY"),
    (r"swiss\s{1,3}francs?", "CHF"),
]
_NAME_RE = "(?:" + "|".join(p for p, _ in _NAME_CURRENCY) + ")"
_NUM_RE = (
    r"(?:\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,8})?"  # 1,234,567.89
    r"|\d{1,3}(?:\.\d{3}){1,5},\d{1,2}"  # 1.234.567,89
    r"|\d{1,15}(?:[.,]\d{1,8})?)"
)
_MULT_RE = r"(?:\s?(?:million|billion|thousand)\b|(?:MM|M|K|bn|B)\b)"
_MULTIPLIERS = {"thousand": 1000, "k": 1000, "million": 10**6, "m": 10**6, "mm": 10**6,
                "billion": 10**9, "bn": 10**9, "b": 10**9}  # fmt: skip

MONEY_RE = re.compile(
    rf"""
    (?:
        (?P<words>{NUMBER_WORDS_RE}){_S}(?P<wname>{_NAME_RE})
            (?:{_S0}\({_S0}(?P<wpre>{_PREFIX_RE}){_S0}(?P<wnum>{_NUM_RE})(?P<wmult>{_MULT_RE})?{_S0}\))?
      | (?<![\w$€£₹])(?P<pre>{_PREFIX_RE}){_S0}(?P<num>{_NUM_RE})(?P<mult>{_MULT_RE})?
      | (?<![\w.,])(?P<pnum>{_NUM_RE})(?P<pmult>{_MULT_RE})?{_S0}
            (?P<post>USD|EUR|GBP|CAD|AUD|CHF|JPY|{_NAME_RE})\b(?!\s{{0,5}}[\d$€£])
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""An amount with its currency: `$120,000`, `USD 1.5 million`, `EUR 5.000,00`, `100 euros`."""


def _currency_of_name(name: str) -> str | None:
    low = " ".join(name.lower().split())
    for pattern, code in _NAME_CURRENCY:
        if re.fullmatch(pattern, low):
            return code
    return _PREFIX_CURRENCY.get(low)


def _number(raw: str, currency: str) -> Decimal | None:
    """A numeral in English (`1,234.50`) or, for currencies other than USD, European form."""
    if currency != "USD" and re.fullmatch(r"\d{1,3}\.\d{3}", raw):
        return None  # "5.000": five thousand in Europe, five elsewhere
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", raw):
        text = raw.replace(",", "")
    elif currency != "USD" and re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{1,2}|\d+,\d{1,2}", raw):
        text = raw.replace(".", "").replace(",", ".")
    else:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _scaled(value: Decimal | None, mult: str | None) -> Decimal | None:
    if value is None or not mult:
        return value
    return value * _MULTIPLIERS[mult.strip().lower()]


def _money_from_match(m: re.Match[str]) -> Amount | None:
    g = m.groupdict()
    if g["words"]:
        currency = _currency_of_name(g["wname"])
        words = parse_number_words(g["words"])
        if currency is None or words is None:
            return None
        if g["wnum"]:
            fig_currency = _PREFIX_CURRENCY.get(re.sub(r"\s", "", g["wpre"].lower()))
            figures = _scaled(_number(g["wnum"], currency), g["wmult"])
            if figures != Decimal(words) or fig_currency != currency:
                return None
        return Amount(Decimal(words), currency)
    if g["pre"]:
        currency = _PREFIX_CURRENCY.get(re.sub(r"\s", "", g["pre"].lower()))
        if currency is None:
            return None
        value = _scaled(_number(g["num"], currency), g["mult"])
        return Amount(value, currency) if value is not None else None
    currency = _currency_of_name(g["post"])
    if currency is None:
        return None
    value = _scaled(_number(g["pnum"], currency), g["pmult"])
    return Amount(value, currency) if value is not None else None


def find_money(text: str) -> Iterator[Found[Amount]]:
    """Every amount with a currency in `text`, in order."""
    for m in MONEY_RE.finditer(text):
        value = _money_from_match(m)
        if value is not None:
            yield Found(m.start(), m.end(), value)


_COLUMN_CURRENCY = re.compile(
    r"\((?:in\s{1,3})?(USD|EUR|GBP|CAD|AUD|CHF|JPY|SGD|HKD|NZD|SEK|NOK|DKK|INR|US\$|\$|€|£)\)"
    r"|(?<![\w$€£])(USD|EUR|GBP|CAD|AUD|CHF|JPY)(?![\w$€£])[^\S\n]{0,3}$",
    re.IGNORECASE | re.MULTILINE,
)
_PRICE_HEADER = re.compile(
    r"\b(?:price|rate|charge|fee|amount|cost|tariff)s?\b|^[^\S\n]{0,5}(?:USD|EUR|GBP)", re.I
)
_NOT_PRICE_COLUMN = re.compile(r"\b(?:example|illustrat\w*|total|extended|subtotal)\b", re.I)
_ROW_AMOUNT = re.compile(
    r"(?<![\w.,$€£/-])(\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,7}\.\d{1,6}|\d{1,7})"
    r"[^\S\n]{0,5}$"
)
_TOTAL_ROW = re.compile(r"^[^\S\n]{0,5}(?:\w{1,20}[^\S\n]{1,3})?(?:sub-?)?totals?\b", re.I)


def find_column_amounts(text: str) -> Iterator[Found[Amount]]:
    """Bare amounts in a table whose price column names the currency in its header.

    `Service   Unit Charge (GBP)` over `GPU compute per GPU-hour   2.90` reads GBP 2.90: the
    row's last figure, when the header has exactly one currency column, it is the last column
    and it is a price (not an example or a total). Rows without words (a figure wrapped onto
    its own line) and total rows are not read; the table ends at a line with no words.
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    currency: str | None = None
    for start, line in lines:
        if currency is None:
            marks = list(_COLUMN_CURRENCY.finditer(line))
            if len(marks) != 1 or any(ch.isdigit() for ch in line):
                continue
            head, tail = line[: marks[0].start()], line[marks[0].end() :]
            if (
                tail.strip()  # another column after the priced one: the last figure is not it
                or not _PRICE_HEADER.search(line)
                or _NOT_PRICE_COLUMN.search(head[-40:])
            ):
                continue
            code = (marks[0].group(1) or marks[0].group(2)).lower()
            currency = _PREFIX_CURRENCY.get(code)
            continue
        m = _ROW_AMOUNT.search(line)
        label = line[: m.start()] if m else line
        if not any(ch.isalpha() for ch in label):
            if m is None:
                currency = None
            continue  # a wrapped figure on its own line, or a blank line
        if m is None:
            continue  # a row label wrapped over several lines
        if _TOTAL_ROW.search(label) or MONEY_RE.search(line):
            continue
        value = _number(m.group(1), currency)
        if value is not None:
            yield Found(start + m.start(1), start + m.end(1), Amount(value, currency))


def parse_money(text: str) -> Amount | None:
    """`"$120,000"`, `"EUR 5.000,00"`, `"one hundred dollars ($100)"` -> Amount; else None."""
    m = MONEY_RE.fullmatch(text.strip(" \t\n\r.,;:"))
    return _money_from_match(m) if m else None


# ---------------------------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------------------------

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


def parse_percent(text: str) -> float | None:
    """`"5%"`, `"five percent (5%)"`, `"10 per cent"` -> 5.0 / 10.0; else None."""
    m = PERCENT_RE.fullmatch(text.strip(" \t\n\r.,;:"))
    return _percent_from_match(m) if m else None


PERCENT_RE = re.compile(
    rf"""
    (?<![\w.])(?:
        (?P<words>{NUMBER_WORDS_RE}){_S}per\s?cent(?:um)?
            (?:{_S0}\({_S0}(?P<wfig>\d{{1,3}}(?:\.\d{{1,4}})?){_S0}%{_S0}\))?
      | (?P<fig>\d{{1,3}}(?:\.\d{{1,4}})?){_S0}(?:%|per\s?cent(?:um)?\b)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _percent_from_match(m: re.Match[str]) -> float | None:
    if m.group("words"):
        words = parse_number_words(m.group("words"))
        if words is None:
            return None
        if m.group("wfig") is not None and Decimal(m.group("wfig")) != words:
            return None
        return float(words)
    return float(m.group("fig"))


def find_percents(text: str) -> Iterator[Found[float]]:
    for m in PERCENT_RE.finditer(text):
        value = _percent_from_match(m)
        if value is not None:
            yield Found(m.start(), m.end(), value)
