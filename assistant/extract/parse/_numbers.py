"""Number words ("one hundred and twenty-five"), ordinal days, and percents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from assistant.extract.parse._common import _S, _S0, Found

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
