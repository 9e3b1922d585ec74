"""The marker that opens a line: a number (`4.2`, `Section 4.2`, `ARTICLE V`), a list item
(`(a)`, `iv.`, `B)`) or an attachment heading (`EXHIBIT A`, `Order Form`).

A marker is only a candidate: whether it starts a clause is decided by `_numbering` (does the
number continue a plausible sequence?) and `_headings` (is the attachment heading real?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.schemas.document import ClauseKind

H = r"[^\S\n]"  # blank on one line, including the no-break spaces pdfium emits
OPEN = "\"'“‘([*"
_ARTICLE = re.compile(
    rf"(?:ARTICLE|Article){H}*[-–—]?{H}*(?P<n>\d{{1,3}}|[IVXLCivxlc]{{1,7}}|[A-Z]{{3,9}})"
    rf"(?![\w.]*\d)(?:\.|{H}*[-–—:])?(?=\s|$)"
)
_SECTION = re.compile(
    rf"(?:SECTION|Section|§){H}*(?P<n>\d{{1,3}}(?:\.\d{{1,3}}){{0,4}})(?P<dot>\.)?(?=\s|$)"
)
_DECIMAL = re.compile(rf"(?P<n>\d{{1,3}}(?:\.\d{{1,3}}){{0,4}})(?P<dot>\.)?(?={H}|$|[A-Z\"“‘(\[])")
_PAREN = re.compile(rf"\((?P<t>[A-Za-z]{{1,4}}|\d{{1,2}})\)(?={H}|$|[A-Za-z\"“‘(\[])")
_RPAREN = re.compile(rf"(?P<t>[A-Za-z]{{1,4}}|\d{{1,2}})\)(?={H})")
_LETTER_DOT = re.compile(
    rf"(?:(?P<t>[A-Z]|[IVXL]{{2,6}})\.(?={H}+[A-Z\"“‘(\[]|{H}*$)"
    rf"|(?P<l>[a-z]|[ivxl]{{2,6}})\.(?={H}+\S|{H}*$))"
)
"""`A. The Licensor` needs a capital after it (initials: `J. Smith`); `a. in cash` does not."""
_ANNEX = re.compile(
    rf"(?P<kw>EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment"
    rf"|ADDENDUM|Addendum|ORDER{H}FORM|Order{H}Form|STATEMENT{H}OF{H}WORK|Statement{H}of{H}Work)"
    rf"(?!\w){H}*(?P<id>[\"“]?(?:[A-Z]{{1,2}}(?:-?\d{{1,2}})?|\d{{1,3}}(?:[.-]\d{{1,3}})*|[IVX]{{1,5}})"
    rf"(?![\w.]\w)[\"”]?(?:{H}?\([a-z0-9]{{1,4}}\))*)?"
)
_ANNEX_KINDS = {
    "exhibit": ("Exhibit", ClauseKind.EXHIBIT),
    "schedule": ("Schedule", ClauseKind.SCHEDULE),
    "annex": ("Annex", ClauseKind.EXHIBIT),
    "appendix": ("Appendix", ClauseKind.EXHIBIT),
    "attachment": ("Attachment", ClauseKind.EXHIBIT),
    "addendum": ("Addendum", ClauseKind.EXHIBIT),
    "order form": ("Order Form", ClauseKind.ORDER_FORM),
    "statement of work": ("Statement of Work", ClauseKind.EXHIBIT),
}
_WORD_NUMBERS = {
    word: n
    for n, word in enumerate(
        ("ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN",
         "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN",
         "NINETEEN", "TWENTY"),
        start=1,
    )
}  # fmt: skip
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


@dataclass(slots=True)
class Marker:
    family: str
    """`article`, `dec` (4.2), `list` ((a), iv.) or `annex` (Exhibit A)."""
    values: tuple[int, ...]
    label: str
    rest: str
    options: tuple[tuple[str, int], ...] = ()
    """List items only: (style, ordinal) readings; `(i)` may be roman 1 or the letter after h."""
    strong: bool = True
    kind: ClauseKind = ClauseKind.SECTION


def parse_marker(text: str) -> Marker | None:
    """The numbering or attachment marker that opens a line, if it looks like one."""
    first = text[0]
    m = _DECIMAL.match(text) if first.isdigit() else None
    if m:
        values = tuple(int(p) for p in m["n"].split("."))
        rest = text[m.end() :].strip()
        numbered = bool(m["dot"]) or len(values) > 1
        if rest[:1].isdigit() or not (_starts_like_text(rest) or numbered):
            return None
        if not rest and not numbered:
            return None  # a bare number on its own line is a page number or a table cell
        # `7. i-Escrow shall`, `5.1.1 operate the Hotel`: a lowercase start is weak evidence;
        # such a line only counts as the immediate next number.
        strong = numbered and _starts_like_text(rest)
        return Marker("dec", values, m["n"], rest, strong=strong)
    if first in "S§":
        m = _SECTION.match(text)
        if m:
            rest = text[m.end() :].strip(" \t\xa0.-–—:")
            if not _starts_like_text(rest):
                return None
            values = tuple(int(p) for p in m["n"].split("."))
            return Marker("dec", values, m["n"], rest)
    if first in "Aa":
        m = _ARTICLE.match(text)
        if m:
            token = m["n"]
            value = (
                int(token) if token.isdigit() else roman_value(token) or _WORD_NUMBERS.get(token)
            )
            rest = text[m.end() :].strip(" \t\xa0.-–—:")
            if value and _starts_like_text(rest):
                return Marker(
                    "article", (value,), f"Article {to_roman(value)}", rest, kind=ClauseKind.ARTICLE
                )
            return None
    annex = _parse_annex(text)
    if annex is not None:
        return annex
    if first == "(":
        m = _PAREN.match(text)
        wrap = "({})"
    else:
        m = _LETTER_DOT.match(text)
        wrap = "{}."
        if not m:
            m = _RPAREN.match(text)
            wrap = "{})"
    if not m:
        return None
    token = m["t"] or m["l"] if wrap == "{}." else m["t"]
    options = _list_readings(token, wrap)
    if not options:
        return None
    rest = text[m.end() :].strip()
    return Marker("list", (), token, rest, options=options)


def _starts_like_text(rest: str) -> bool:
    return not rest or rest[0].isupper() or rest[0] in OPEN


def _list_readings(token: str, wrap: str) -> tuple[tuple[str, int], ...]:
    if token.isdigit():
        return ((wrap.format("1"), int(token)),)
    readings = []
    case = "a" if token.islower() else "A" if token.isupper() else ""
    if not case:
        return ()
    roman = roman_value(token)
    if roman is not None and roman <= 40:
        readings.append((wrap.format("i" if case == "a" else "I"), roman))
    alpha = _alpha_value(token)
    if alpha is not None:
        readings.append((wrap.format(case), alpha))
    return tuple(readings)


def _parse_annex(text: str) -> Marker | None:
    m = _ANNEX.match(text)
    if not m:
        return None
    name, kind = _ANNEX_KINDS[" ".join(m["kw"].lower().split())]
    ident = re.sub(r"\s+|[\"“”]", "", m["id"] or "")
    rest = text[m.end() :].strip()
    letters = ident.split("-")[0].split("(")[0]
    if (
        letters.isalpha()
        and len(letters) == 2
        and letters[0] != letters[1]
        and not roman_value(letters)
    ):
        return None  # `SCHEDULE OF CHARGES`: a word, not an identifier
    if not ident and kind is not ClauseKind.ORDER_FORM and rest and rest[:3].upper() != "TO ":
        return None  # `Schedule` without an identifier is only a heading as `SCHEDULE TO ...`
    if rest:
        head = rest.lstrip(" -–—:.")
        if rest[0] in ",;(" or (head and head[0].islower() and not head.lower().startswith("to ")):
            return None
    label = f"{name} {ident}" if ident else name
    return Marker("annex", (), label, rest, kind=kind)


def roman_value(token: str) -> int | None:
    """`iv` -> 4; None when `token` is not a well-formed roman numeral."""
    up = token.upper()
    if not up or not _ROMAN.fullmatch(up):
        return None
    total = 0
    for ch, nxt in zip(up, [*up[1:], ""], strict=True):
        value = _ROMAN_DIGITS[ch]
        total += -value if nxt and _ROMAN_DIGITS[nxt] > value else value
    return total


def to_roman(value: int) -> str:
    out = []
    for digit, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= digit:
            out.append(sym)
            value -= digit
    return "".join(out)


def _alpha_value(token: str) -> int | None:
    # `a` -> 1, `z` -> 26, `aa` -> 27: lists past (z) double the letter.
    if token.isalpha() and token == token[0] * len(token) and len(token) <= 3:
        return (ord(token[0].lower()) - ord("a") + 1) + 26 * (len(token) - 1)
    return None
