"""Parsers for dates, money, durations, percentages and number words."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.extract.parse import (
    Amount,
    find_dates,
    find_durations,
    find_money,
    parse_date,
    parse_duration,
    parse_money,
    parse_number_words,
    parse_percent,
)
from assistant.schemas import Duration, DurationUnit

MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = MONTHS.split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 1, 2026", date(2026, 3, 1)),
        ("1 March 2026", date(2026, 3, 1)),
        ("March 1st, 2026", date(2026, 3, 1)),
        ("Mar. 1, 2026", date(2026, 3, 1)),
        ("MARCH 1, 2026", date(2026, 3, 1)),
        ("3/1/2026", date(2026, 3, 1)),
        ("03/01/2026", date(2026, 3, 1)),
        ("13/1/2026", date(2026, 1, 13)),
        ("2026-03-01", date(2026, 3, 1)),
        ("the 1st day of March, 2026", date(2026, 3, 1)),
        ("this 21st day of March 2026", date(2026, 3, 21)),
        ("the twenty-first day of March, 2026", date(2026, 3, 21)),
        ("the first day of March in the year 2026", date(2026, 3, 1)),
        ("the 2nd of   June, 2008", date(2008, 6, 2)),
        ("Sept. 30, 2019", date(2019, 9, 30)),
        ("(March 1, 2026)", date(2026, 3, 1)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "this ___ day of ___",
        "this ___ day of March, 2026",
        "March __, 2026",
        "February 30, 2026",
        "March 2026",
        "3/1/26",
        "the Effective Date",
        "",
        "1 March 2026 and 2 March 2026",
    ],
)
def test_parse_date_refuses(text: str) -> None:
    assert parse_date(text) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip(d: date) -> None:
    month = MONTH_NAMES[d.month - 1]
    for text in (
        f"{month} {d.day}, {d.year}",
        f"{d.day} {month} {d.year}",
        f"{d.month}/{d.day}/{d.year}",
        d.isoformat(),
        f"the {d.day}th day of {month}, {d.year}",
    ):
        assert parse_date(text) == d, text


def test_find_dates_in_running_text() -> None:
    text = "This Agreement is dated as of June 5, 2025 and expires on 2027-06-04."
    found = list(find_dates(text))
    assert [f.value for f in found] == [date(2025, 6, 5), date(2027, 6, 4)]
    assert text[found[0].start : found[0].end] == "June 5, 2025"


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$120,000", "120000", "USD"),
        ("USD 120,000.00", "120000", "USD"),
        ("US$0.0004", "0.0004", "USD"),
        ("U.S. $25", "25", "USD"),
        ("€5,000", "5000", "EUR"),
        ("EUR 5.000,00", "5000", "EUR"),
        ("£1,250.50", "1250.50", "GBP"),
        ("C$300", "300", "CAD"),
        ("$1.5 million", "1500000", "USD"),
        ("$2M", "2000000", "USD"),
        ("120,000 USD", "120000", "USD"),
        ("100 euros", "100", "EUR"),
        ("one hundred thousand dollars ($100,000)", "100000", "USD"),
        ("Five Thousand U.S. Dollars (US$5,000)", "5000", "USD"),
        ("twenty-five thousand dollars", "25000", "USD"),
    ],
)
def test_parse_money(text: str, value: str, currency: str) -> None:
    assert parse_money(text) == Amount(Decimal(value), currency)


@pytest.mark.parametrize(
    "text",
    [
        "120,000",  # no currency: never assumed
        "EUR 5.000",  # five or five thousand?
        "$5,50",  # decimal comma with US dollars
        "one hundred thousand dollars ($10,000)",  # words and figures disagree
        "ten thousand euros ($10,000)",  # currencies disagree
        "$",
        "dollars",
    ],
)
def test_parse_money_refuses(text: str) -> None:
    assert parse_money(text) is None


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_money_round_trip(value: Decimal) -> None:
    assert parse_money(f"${value:,.2f}") == Amount(value, "USD")
    assert parse_money(f"USD {value:.2f}") == Amount(value, "USD")
    european = f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_money(f"EUR {european}") == Amount(value, "EUR")


def test_find_money_with_units() -> None:
    text = "Usage is billed at $0.0004 per GPU-second and $2.00 per 1M tokens."
    assert [f.value.value for f in find_money(text)] == [Decimal("0.0004"), Decimal("2.00")]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("thirty (30) days", 30, DurationUnit.DAYS),
        ("12 months", 12, DurationUnit.MONTHS),
        ("one (1) year", 1, DurationUnit.YEARS),
        ("three years", 3, DurationUnit.YEARS),
        ("ninety days", 90, DurationUnit.DAYS),
        ("30-day", 30, DurationUnit.DAYS),
        ("twelve-month", 12, DurationUnit.MONTHS),
        ("two (2) weeks", 2, DurationUnit.WEEKS),
        ("sixty (60) calendar days", 60, DurationUnit.DAYS),
        ("one hundred twenty (120) days", 120, DurationUnit.DAYS),
        ("(90) days", 90, DurationUnit.DAYS),
        ("a period of one year", 1, DurationUnit.YEARS),
        ("ten (10) Contract Years", 10, DurationUnit.YEARS),
    ],
)
def test_parse_duration(text: str, value: int, unit: DurationUnit) -> None:
    assert parse_duration(text) == Duration(value=Decimal(value), unit=unit)


@pytest.mark.parametrize(
    "text", ["thirty (31) days", "ten business days", "days", "several months", "30"]
)
def test_parse_duration_refuses(text: str) -> None:
    assert parse_duration(text) is None


def test_find_durations_skips_numbers_inside_words() -> None:
    text = "Notice of at least sixty (60) days; someone said 5 years."
    assert [str(f.value) for f in find_durations(text)] == ["60 days", "5 years"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one", 1),
        ("twelve", 12),
        ("twenty-five", 25),
        ("ninety nine", 99),
        ("one hundred", 100),
        ("a hundred", 100),
        ("one hundred and twenty-five", 125),
        ("two thousand five hundred", 2500),
        ("one thousand and five", 1005),
        ("three hundred thousand", 300000),
        ("zero", 0),
    ],
)
def test_parse_number_words(text: str, value: int) -> None:
    assert parse_number_words(text) == value


@pytest.mark.parametrize(
    "text",
    ["five three", "twenty twenty", "hundred", "thousand thousand", "one and", "ten five", "lots"],
)
def test_parse_number_words_refuses(text: str) -> None:
    assert parse_number_words(text) is None


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """A straightforward speller, independent of the parser."""
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = "" if n % 100 == 0 else " " + _words(n % 100)
        return _ONES[n // 100] + " hundred" + rest
    rest = "" if n % 1000 == 0 else " " + _words(n % 1000)
    return _words(n // 1000) + " thousand" + rest


@given(st.integers(min_value=0, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number_words(_words(n)) == n


@pytest.mark.parametrize(
    ("text", "value"), [("5%", 5.0), ("five percent (5%)", 5.0), ("2.5 per cent", 2.5)]
)
def test_parse_percent(text: str, value: float) -> None:
    assert parse_percent(text) == value


def test_hostile_input_is_linear() -> None:
    hostile = ["1" * 200_000, "1," * 100_000, "one " * 50_000, "March " * 40_000, " " * 200_000]
    started = time.perf_counter()
    for text in hostile:
        list(find_dates(text))
        list(find_money(text))
        list(find_durations(text))
    assert time.perf_counter() - started < 5
