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

from assistant.extract.parse._common import Found
from assistant.extract.parse._dates import DATE_RE, find_dates, parse_date
from assistant.extract.parse._durations import DURATION_RE, find_durations, parse_duration
from assistant.extract.parse._money import (
    MONEY_RE,
    Amount,
    find_column_amounts,
    find_money,
    parse_money,
)
from assistant.extract.parse._numbers import (
    NUMBER_WORDS,
    NUMBER_WORDS_RE,
    ORDINAL_DAYS,
    PERCENT_RE,
    find_percents,
    parse_number_words,
    parse_percent,
)

__all__ = [
    "DATE_RE",
    "DURATION_RE",
    "MONEY_RE",
    "NUMBER_WORDS",
    "NUMBER_WORDS_RE",
    "ORDINAL_DAYS",
    "PERCENT_RE",
    "Amount",
    "Found",
    "find_column_amounts",
    "find_dates",
    "find_durations",
    "find_money",
    "find_percents",
    "parse_date",
    "parse_duration",
    "parse_money",
    "parse_number_words",
    "parse_percent",
]
