"""Amounts with their currency: `$120,000`, `EUR 5.000,00`, `one hundred dollars ($100)`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from assistant.extract.parse._common import _S, _S0, Found
from assistant.extract.parse._numbers import NUMBER_WORDS_RE, parse_number_words


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
