"""Sentences of a contract: the unit every rule reads, never crossing a clause boundary.

The text is cut once, in a linear pass, at sentence ends inside each stretch of one innermost
clause; paragraph breaks and list items end a sentence too, and a run with no sentence end
(a table, hostile input) is cut at `MAX_SENTENCE` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from assistant.schemas import Document

MAX_SENTENCE = 1500
"""Longer runs of text without a sentence end are cut here (tables, hostile input)."""
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]{0,3}(?=[^\S\n]*\n|[^\S\n]{1,40}[\"“‘'(\[]?[A-Z0-9])")
PARAGRAPH_BREAK = re.compile(
    r"\n[^\S\n]*\n|\n(?=[^\S\n]{0,20}(?:\([a-zA-Z0-9]{1,4}\)|[•·▪●]|\d{1,2}\.\d))"
)
CURRENCY_AT_LINE_END = re.compile(
    r"(?:[$€£¥]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|US\$|C\$|A\$))[^\S\n]{0,3}$"
)
"""A line ending in a currency continues with its amount (`USD\n0.40`), not a list item."""
LEADING_NUMBER = re.compile(
    r"(?:(?:section|article|clause)\s{1,5})?(?:\d{1,3}(?:\.\d{1,3}){1,4}\.?|\d{1,3}\.|"
    r"\(\w{1,4}\)|\w{1,4}\)|[ivxIVX]{1,6}\.|[A-Za-z]\.)\s{1,10}(?=\S)",
    re.IGNORECASE,
)
SOFT_BREAK = re.compile(r";\s{1,40}")


ABBREVIATIONS = frozenset([
    "inc", "corp", "co", "ltd", "llc", "l.l.c", "l.p", "lp", "plc", "no", "nos", "sec", "secs",
    "art", "para", "u.s", "u.s.a", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "jr", "sr",
    "n.a", "s.a", "b.v", "n.v", "vs", "v", "cf", "viz", "approx", "dept", "est", "fig", "govt",
    "int'l", "natl", "assoc", "bros", "mfg", "div", "ave", "blvd", "rd", "ste", "pty", "gmbh",
    "ag", "s.a.r.l", "s.p.a", "a.g", "s.l", "p.c", "p.a", "l.l.p", "c.v", "de",
])  # fmt: skip
"""Words whose period does not end a sentence (`Inc.`, `e.g.`, `U.S.A.`)."""


_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d\d(?!\d)")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    segment: int
    """Index of the stretch of text inside one innermost clause; neighbours share it."""
    index: int = 0
    lower: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()

    @property
    def has_year(self) -> bool:
        """A four-digit year occurs: only then can a date be read."""
        return _YEAR.search(self.text) is not None


def _segments(document: Document) -> list[tuple[int, int]]:
    """Stretches of text inside which the innermost clause does not change."""
    n = len(document.text)
    cuts = {0, n}
    for clause in document.clauses:
        cuts.add(min(max(clause.char_start, 0), n))
        cuts.add(min(max(clause.char_end, 0), n))
    points = sorted(cuts)
    return [(a, b) for a, b in pairwise(points) if b > a]


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in '("“':
        j -= 1
    word = text[j:dot].lower().rstrip(".").lstrip("(")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True
    return word in ABBREVIATIONS


def _split_block(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    start = a
    for m in SENTENCE_END.finditer(text, a, b):
        if _is_abbreviation(text, m.start()):
            continue
        yield start, m.end()
        start = m.end()
    if start < b:
        yield start, b


def _cut_long(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    if b - a <= MAX_SENTENCE:
        yield a, b
        return
    start = a
    for m in SOFT_BREAK.finditer(text, a, b):
        if m.start() - start >= 200:
            yield from _cut_hard(text, start, m.start() + 1)
            start = m.end()
    yield from _cut_hard(text, start, b)


def _cut_hard(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while b - a > MAX_SENTENCE:
        cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
        cut = cut if cut > a else a + MAX_SENTENCE
        yield a, cut
        a = cut
    yield a, b


_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff\x0b]")
_ODD_BREAK = re.compile("[\x0c\r]")


def matching_form(text: str) -> str:
    """`text` with every kind of space made a plain space, character for character.

    Offsets are unchanged, so a match in this form is cited from the original text.
    """
    return _ODD_BREAK.sub("\n", _ODD_SPACE.sub(" ", text))


def split_sentences(document: Document, text: str | None = None) -> list[Sentence]:
    """Sentences of the document, never crossing a clause boundary, in text order."""
    text = matching_form(document.text) if text is None else text
    out: list[Sentence] = []
    for seg, (a, b) in enumerate(_segments(document)):
        block_start = a
        breaks = [
            m.start()
            for m in PARAGRAPH_BREAK.finditer(text, a, b)
            if not CURRENCY_AT_LINE_END.search(text, max(a, m.start() - 8), m.start())
        ]
        for stop in [*breaks, b]:
            for s, e in _split_block(text, block_start, stop):
                for s2, e2 in _cut_long(text, s, e):
                    raw = text[s2:e2]
                    lead = len(raw) - len(raw.lstrip())
                    body = raw.strip()
                    number = LEADING_NUMBER.match(body)
                    if number and number.end() < len(body):
                        lead += number.end()
                        body = body[number.end() :]
                    if body:
                        start = s2 + lead
                        out.append(Sentence(start, start + len(body), body, seg, len(out)))
            block_start = stop
    return out
