"""What every concern of the rule extractor shares: the document being read, sentence
lookup, quote windows, citations that verify, and the notice-period test.

A value is reported only with citations built by `cite()`; a quote that cannot be verified is
dropped, never reported unverified. Confidence is rounded to two places where the term is made.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from assistant.extract.parse import (
    Amount,
    Found,
    find_column_amounts,
    find_durations,
    find_money,
)
from assistant.extract.rules._sentences import Sentence, matching_form, split_sentences
from assistant.schemas import Citation, Document, Duration, PartyRole, Term, cite

T = TypeVar("T")
V = TypeVar("V")

MAX_QUOTE = 420
"""A sentence longer than this is quoted as a window around the fact, not whole."""
HEAD_CHARS = 6000
"""Where the title, parties and agreement date are looked for."""
MAX_PER_KIND = 6
"""At most this many terms of one kind (variable items, licences, warranties)."""

IC = re.IGNORECASE
Q_OPEN = "\"“”'‘’«"
Q_CLOSE = "\"”“'’‘»"
QO = f"[{Q_OPEN}]"
QC = f"[{Q_CLOSE}]"
"""An opening / closing quote mark of any style, for patterns that read defined terms."""

# The needles find candidate sentences with a plain substring search; the pattern then
# confirms a currency at a word boundary.
MONEY_HINT = re.compile(
    r"[$€£¥₹]|\b(?:usd|eur|gbp|cad|aud|chf|jpy|dollars?|euros?|pounds?|francs?|yen)\b"
)
MONEY_NEEDLES = (
    "$", "€", "£", "¥", "₹", "usd", "eur", "gbp", "cad", "aud", "chf", "jpy", "dollar", "euro",
    "pound", "franc", "yen",
)  # fmt: skip
# A duration is a notice period when notice words follow it (`30 days' prior written notice`)
# or lead up to it in a sentence about notice (`upon at least 30 days`).
NOTICE_AFTER = re.compile(
    r"^\s{0,3}['’]?s?\s{0,3}(?:\([\w ]{1,20}\)\s{0,3})?(?:prior|before|preceding|in\s{1,5}"
    r"advance|advance|notice|written\s{1,5}notice|ahead|of\s{1,5}(?:prior\s{1,5})?(?:written\s"
    r"{1,5})?notice)\b",
    IC,
)
NOTICE_BEFORE = re.compile(
    r"\b(?:at\s{1,5}least|no\s{1,5}(?:less|fewer)\s{1,5}than|not\s{1,5}"
    r"(?:less|fewer)\s{1,5}than|minimum\s{1,5}of|upon|on|with|giving|within|"
    r"no\s{1,5}later\s{1,5}than|not\s{1,5}later\s{1,5}than)"
    r"\s{1,5}(?:\w{1,10}\s{1,5})?$",
    IC,
)
NOTICE_WORD = re.compile(r"\bnoti(?:ce|fy|fies|fied|fication)\b|\bnon-?renewal\b", IC)


def clean(text: str) -> str:
    return " ".join(text.split())


def in_sentence(s: Sentence, found: Iterable[Found[V]]) -> list[Found[V]]:
    """Values found in `s.text`, with offsets in the document."""
    return [Found(s.start + f.start, s.start + f.end, f.value) for f in found]


class Extraction:
    """State for extracting one document: its sentences, party aliases and cues.

    The concern modules read the document through it: sentences holding a cue word, a
    window of a long sentence around a fact, and citations that verify.
    """

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.text = matching_form(document.text)
        self.sentences = split_sentences(document, self.text)
        self.aliases: dict[str, PartyRole] = {}
        """Defined terms of the parties (lower-case) -> role; filled by `_parties.parties`."""
        self.names: dict[str, PartyRole] = {}
        """The parties' names and their distinctive first words (lower-case) -> role, for a
        clause that names the company rather than its defined term; filled by `parties`."""
        self.preamble: tuple[int, int] | None = None
        """The stretch the parties were read from; set by `_parties`."""
        self.named_dates: dict[str, tuple[date, tuple[int, int]]] | None = None
        """Dates the contract names (`Purchase Date`); filled on first use by `_dates`."""
        lower = self.text.lower()
        self._lower = lower if len(lower) == len(self.text) else None
        self._starts = [s.start for s in self.sentences]
        self._index: dict[str, list[int]] = {}
        self._money: list[tuple[Sentence, list[Found[Amount]]]] | None = None

    def cite(self, start: int, end: int) -> Citation | None:
        if end <= start or not self.text[start:end].strip():
            return None
        try:
            return cite(self.doc, start, end)
        except ValueError:
            pass
        # The same words occur earlier in the clause (a name in a title and in the preamble):
        # widen the quote word by word until it is the first occurrence.
        clause_end = min(len(self.text), end + 120)
        for _ in range(6):
            nxt = self.text.find(" ", end + 1, clause_end)
            if nxt < 0:
                break
            end = nxt
            try:
                return cite(self.doc, start, end)
            except ValueError:
                continue
        # A quote that still cannot be verified (odd unicode, a clause map that disagrees) is
        # dropped rather than reported unverified.
        return None

    def term(self, value: T, spans: Iterable[tuple[int, int]], confidence: float) -> Term[T] | None:
        citations: list[Citation] = []
        seen: set[tuple[str, str]] = set()
        for start, end in spans:
            c = self.cite(start, end)
            if c is not None and (c.clause_id, c.quote) not in seen:
                seen.add((c.clause_id, c.quote))
                citations.append(c)
        if not citations:
            return None
        return Term[Any](value=value, citations=citations, confidence=round(confidence, 2))

    def window(self, s: Sentence, focus_start: int, focus_end: int) -> tuple[int, int]:
        """The sentence, or a window of it around the focus when the sentence is long."""
        if s.end - s.start <= MAX_QUOTE:
            return s.start, s.end
        half = max(60, (MAX_QUOTE - (focus_end - focus_start)) // 2)
        lo = max(s.start, focus_start - half)
        hi = min(s.end, focus_end + half)
        # Snap to a clause boundary (comma, semicolon) or at least a word boundary.
        head = self.text[lo:focus_start]
        for mark in (";", ":", ","):
            k = head.find(mark)
            if 0 <= k < len(head) - 20:
                lo += k + 1
                break
        else:
            k = head.find(" ")
            if lo > s.start and k >= 0:
                lo += k + 1
        tail = self.text[focus_end:hi]
        cut = max(tail.rfind(";"), tail.rfind("."), tail.rfind(","))
        if cut > 20:
            hi = focus_end + cut + 1
        elif hi < s.end:
            k = tail.rfind(" ")
            if k > 0:
                hi = focus_end + k
        return lo, hi

    def describe(self, start: int, end: int, limit: int = 240) -> str:
        """Quoted text as a one-line description, cut at a word when long."""
        text = clean(self.text[start:end])
        if len(text) <= limit:
            return text
        return text[:limit].rsplit(" ", 1)[0] + " …"

    def sentences_with(self, *needles: str) -> list[Sentence]:
        """Sentences containing any of the (lower-case) needles, in text order."""
        hits: set[int] = set()
        for needle in needles:
            hits.update(self._needle_index(needle))
        return [self.sentences[i] for i in sorted(hits)]

    def _needle_index(self, needle: str) -> list[int]:
        cached = self._index.get(needle)
        if cached is not None:
            return cached
        found: list[int] = []
        if self._lower is None:  # lower-casing changed the length: scan sentence by sentence
            found = [s.index for s in self.sentences if needle in s.lower]
        else:
            pos = self._lower.find(needle)
            while pos >= 0:
                i = bisect_right(self._starts, pos) - 1
                if i >= 0 and pos + len(needle) <= self.sentences[i].end:
                    if not found or found[-1] != i:
                        found.append(i)
                    # Skip to the next sentence: one hit per sentence is enough.
                    pos = self._lower.find(needle, self.sentences[i].end)
                else:
                    pos = self._lower.find(needle, pos + 1)
        self._index[needle] = found
        return found

    def heading_before(self, s: Sentence, pattern: re.Pattern[str]) -> Sentence | None:
        """The short heading sentence just before `s` in its clause, when it matches."""
        if s.index == 0:
            return None
        prev = self.sentences[s.index - 1]
        if prev.segment != s.segment or len(prev.text.split()) > 8:
            return None
        return prev if pattern.search(prev.text) else None

    def neighbours(self, s: Sentence, after: int = 2, before: int = 0) -> list[Sentence]:
        """Sentences near `s` in the same clause stretch."""
        out = []
        for i in range(max(0, s.index - before), min(len(self.sentences), s.index + after + 1)):
            n = self.sentences[i]
            if n.segment == s.segment and n.index != s.index:
                out.append(n)
        return out

    @property
    def money_sentences(self) -> list[tuple[Sentence, list[Found[Amount]]]]:
        if self._money is None:
            found = []
            for s in self.sentences_with(*MONEY_NEEDLES):
                if MONEY_HINT.search(s.lower):
                    monies = in_sentence(s, find_money(s.text))
                    if "\n" in s.text:
                        column = in_sentence(s, find_column_amounts(s.text))
                        monies = sorted([*monies, *column], key=lambda f: f.start)
                    if monies:
                        found.append((s, monies))
            self._money = found
        return self._money

    def durations(self, s: Sentence) -> list[Found[Duration]]:
        return in_sentence(s, find_durations(s.text))

    def is_notice_duration(self, s: Sentence, f: Found[Duration]) -> bool:
        after = self.text[f.end : min(s.end, f.end + 60)]
        before = self.text[max(s.start, f.start - 50) : f.start]
        if NOTICE_AFTER.search(after):
            return True
        return bool(NOTICE_BEFORE.search(before)) and bool(NOTICE_WORD.search(s.text))

    def row(self, s: Sentence, f: Found[Amount]) -> tuple[int, int]:
        """The table row (line) of `s` that holds the amount `f`."""
        lo = self.text.rfind("\n", s.start, f.start) + 1 or s.start
        hi = self.text.find("\n", f.end, s.end)
        return max(lo, s.start), hi if hi > 0 else s.end
