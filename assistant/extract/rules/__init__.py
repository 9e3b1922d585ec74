"""The offline rule-based extractor: `Document -> ContractTerms` with regular expressions.

It is the default when no language model is configured, so it must be useful on real
contracts while never inventing a value: each field is filled only when a pattern reads it
from the text, and every value carries citations built with `cite()`, so every quote verifies
against the document. Quotes are kept tight (the sentence or clause fragment that states the
fact), and confidence reflects how specific the pattern that found the fact was.

The work is linear in the length of the contract: the text is cut once into sentences inside
clauses, each extractor looks only at sentences that contain its cue words, and every pattern
uses bounded repeats (see `_patterns`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any, TypeVar

from assistant.extract import _patterns as P
from assistant.extract.parse import (
    Amount,
    Found,
    find_dates,
    find_durations,
    find_money,
    find_percents,
)
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Citation,
    ContractTerms,
    CustomerOption,
    Discount,
    DiscountKind,
    Document,
    Duration,
    DurationUnit,
    ExtractorInfo,
    FeeKind,
    FeeLine,
    LicenceGrant,
    LicenceKind,
    OptionKind,
    Party,
    PartyRole,
    PaymentTerms,
    Renewal,
    Shortfall,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
    Tier,
    TierMode,
    VariableItem,
    VariableKind,
    Warranty,
    WarrantyKind,
    cite,
)

T = TypeVar("T")

MAX_SENTENCE = 1500
"""Longer runs of text without a sentence end are cut here (tables, hostile input)."""
MAX_QUOTE = 420
"""A sentence longer than this is quoted as a window around the fact, not whole."""
HEAD_CHARS = 6000
"""Where the title, parties and agreement date are looked for."""
MAX_PER_KIND = 6
"""At most this many terms of one kind (variable items, licences, warranties)."""


class RuleExtractor:
    """Regex-based extraction; deterministic, offline, fast."""

    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name="rules")

    def extract(self, document: Document) -> ContractTerms:
        return _Extraction(document).run()


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------


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
    return word in P.ABBREVIATIONS


def _split_block(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    start = a
    for m in P.SENTENCE_END.finditer(text, a, b):
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
    for m in P.SOFT_BREAK.finditer(text, a, b):
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
        breaks = [m.start() for m in P.PARAGRAPH_BREAK.finditer(text, a, b)]
        for stop in [*breaks, b]:
            for s, e in _split_block(text, block_start, stop):
                for s2, e2 in _cut_long(text, s, e):
                    raw = text[s2:e2]
                    lead = len(raw) - len(raw.lstrip())
                    body = raw.strip()
                    number = P.LEADING_NUMBER.match(body)
                    if number and number.end() < len(body):
                        lead += number.end()
                        body = body[number.end() :]
                    if body:
                        start = s2 + lead
                        out.append(Sentence(start, start + len(body), body, seg, len(out)))
            block_start = stop
    return out


# ---------------------------------------------------------------------------------------------
# Jurisdictions (governing law)
# ---------------------------------------------------------------------------------------------

_US_STATES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
    "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "Wisconsin", "Wyoming", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Rhode Island", "South Carolina", "South Dakota",
    "West Virginia", "District of Columbia", "Puerto Rico",
]  # fmt: skip
_OTHER_JURISDICTIONS = [
    "England and Wales", "England", "Scotland", "Northern Ireland", "Ireland", "Wales",
    "United Kingdom", "Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba",
    "Nova Scotia", "Saskatchewan", "New Brunswick", "Canada", "Germany", "France", "Switzerland",
    "Netherlands", "the Netherlands", "Belgium", "Luxembourg", "Sweden", "Norway", "Denmark",
    "Finland", "Spain", "Italy", "Austria", "Portugal", "Israel", "Singapore", "Hong Kong",
    "Japan", "China", "People's Republic of China", "PRC", "Taiwan", "Korea", "Republic of Korea",
    "India", "Australia", "New South Wales", "Victoria", "Queensland", "New Zealand", "Brazil",
    "Mexico", "Cayman Islands", "Bermuda", "British Virgin Islands", "Hungary", "Poland",
    "Czech Republic", "Cyprus", "Malta", "Greece", "Turkey", "South Africa", "Kazakhstan",
    "Russia", "Russian Federation", "United Arab Emirates", "Dubai", "Philippines", "Malaysia",
    "Thailand", "Indonesia", "Vietnam", "Argentina", "Chile", "Colombia", "Peru",
    "United States", "United States of America", "Macau", "Nevis", "Gibraltar", "Jersey",
    "Guernsey", "Isle of Man", "Liechtenstein", "Monaco", "Iceland", "Estonia", "Latvia",
    "Lithuania", "Romania", "Bulgaria", "Croatia", "Slovenia", "Slovakia", "Ukraine", "Egypt",
    "Nigeria", "Kenya", "Saudi Arabia", "Qatar", "Bahrain", "Kuwait", "Oman", "Pakistan",
    "Bangladesh", "Sri Lanka",
]  # fmt: skip
_JURISDICTIONS = sorted([*_US_STATES, *_OTHER_JURISDICTIONS], key=len, reverse=True)
_JURISDICTION_RE = re.compile(
    r"(?:" + "|".join(re.escape(j).replace(r"\ ", r"\s{1,5}") for j in _JURISDICTIONS) + r")\b",
    re.IGNORECASE,
)
_CANONICAL = {" ".join(j.lower().split()): j for j in _JURISDICTIONS}
_CANONICAL["the netherlands"] = "Netherlands"
_US_STATE_SET = {s.lower() for s in _US_STATES}
_CAPITALISED = re.compile(r"[A-Z][\w.'-]{1,30}(?:\s{1,3}(?:of\s{1,3})?[A-Z][\w.'-]{1,30}){0,3}")


# ---------------------------------------------------------------------------------------------
# The extraction of one document
# ---------------------------------------------------------------------------------------------

_MONEY_HINT = re.compile(
    r"[$€£¥₹]|\b(?:usd|eur|gbp|cad|aud|chf|jpy|dollars?|euros?|pounds?|francs?|yen)\b"
)
_MONEY_NEEDLES = (
    "$", "€", "£", "¥", "₹", "usd", "eur", "gbp", "cad", "aud", "chf", "jpy", "dollar", "euro",
    "pound", "franc", "yen",
)  # fmt: skip
_RENEWAL_NEEDLES = (
    "renew", "extend", "extension", "evergreen", "year-to-year", "year to year",
    "month-to-month", "month to month", "automatically", "tacit",
)  # fmt: skip
_MFN_NEEDLES = ("favo", "lower", "lowest", "better", "best", "mfn", "higher", "greater")
_VARIABLE_NEEDLES = (
    *_MFN_NEEDLES,
    "credit", "rebate", "volume", "favo", "lower", "better", "liquidated", "penalt", "refund",
    "increase", "raise", "adjust", "escalat", "uplift", "cap", "price", "fee", "rate", "pricing",
    "charge", "additional", "further", "future", "incremental", "extra",
)  # fmt: skip
_ROLE_WORD = re.compile(r"\b(?:we|us|our|you|your)\b")
_TIME_UNITS = {"month", "months", "year", "years", "annum", "quarter", "week", "day", "mo", "yr"}
_GENERIC_KINDS = (FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.USAGE)
_AMOUNT_KINDS = (FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT, FeeKind.PREPAID_CREDITS)
"""Kinds whose amount is a total, never a unit price."""
_ORDINAL_NUMBER = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _PartyFound:
    name: str
    name_span: tuple[int, int]
    terms: list[tuple[str, tuple[int, int]]]
    role: PartyRole
    confidence: float


class _Extraction:
    """State for extracting one document: its sentences, party aliases and cues."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.text = matching_form(document.text)
        self.sentences = split_sentences(document, self.text)
        self.aliases: dict[str, PartyRole] = {}
        lower = self.text.lower()
        self._lower = lower if len(lower) == len(self.text) else None
        self._starts = [s.start for s in self.sentences]
        self._index: dict[str, list[int]] = {}
        self._money: list[tuple[Sentence, list[Found[Amount]]]] | None = None
        self._preamble: tuple[int, int] | None = None
        self._named_dates: dict[str, tuple[date, tuple[int, int]]] | None = None

    # -- helpers ------------------------------------------------------------------------------

    def _cite(self, start: int, end: int) -> Citation | None:
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

    def _term(
        self, value: T, spans: Iterable[tuple[int, int]], confidence: float
    ) -> Term[T] | None:
        citations: list[Citation] = []
        seen: set[tuple[str, str]] = set()
        for start, end in spans:
            c = self._cite(start, end)
            if c is not None and (c.clause_id, c.quote) not in seen:
                seen.add((c.clause_id, c.quote))
                citations.append(c)
        if not citations:
            return None
        return Term[Any](value=value, citations=citations, confidence=round(confidence, 2))

    def _window(self, s: Sentence, focus_start: int, focus_end: int) -> tuple[int, int]:
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

    def _describe(self, start: int, end: int, limit: int = 240) -> str:
        """Quoted text as a one-line description, cut at a word when long."""
        text = _clean(self.text[start:end])
        if len(text) <= limit:
            return text
        return text[:limit].rsplit(" ", 1)[0] + " …"

    def _sentences_with(self, *needles: str) -> list[Sentence]:
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

    def _heading_before(self, s: Sentence, pattern: re.Pattern[str]) -> Sentence | None:
        """The short heading sentence just before `s` in its clause, when it matches."""
        if s.index == 0:
            return None
        prev = self.sentences[s.index - 1]
        if prev.segment != s.segment or len(prev.text.split()) > 8:
            return None
        return prev if pattern.search(prev.text) else None

    def _neighbours(self, s: Sentence, after: int = 2, before: int = 0) -> list[Sentence]:
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
            for s in self._sentences_with(*_MONEY_NEEDLES):
                if _MONEY_HINT.search(s.lower):
                    monies = [
                        Found(s.start + f.start, s.start + f.end, f.value)
                        for f in find_money(s.text)
                    ]
                    if monies:
                        found.append((s, monies))
            self._money = found
        return self._money

    def _durations(self, s: Sentence) -> list[Found[Duration]]:
        return [Found(s.start + f.start, s.start + f.end, f.value) for f in find_durations(s.text)]

    def _is_notice_duration(self, s: Sentence, f: Found[Duration]) -> bool:
        after = self.text[f.end : min(s.end, f.end + 60)]
        before = self.text[max(s.start, f.start - 50) : f.start]
        if P.NOTICE_AFTER.search(after):
            return True
        return bool(P.NOTICE_BEFORE.search(before)) and bool(P.NOTICE_WORD.search(s.text))

    # -- run ----------------------------------------------------------------------------------

    def run(self) -> ContractTerms:
        terms = ContractTerms()
        terms.title = self._title()
        terms.parties = self._parties()
        terms.agreement_date = self._agreement_date()
        terms.effective_date = self._effective_date(terms.agreement_date)
        terms.expiration_date = self._expiration_date()
        terms.initial_term = self._initial_term()
        terms.perpetual = self._perpetual()
        terms.renewal = self._renewal()
        terms.termination_rights = self._termination_rights()
        terms.currency = self._currency()
        terms.fee_lines = self._fee_lines()
        terms.discounts = self._discounts()
        variable, options = self._variable_items_and_options()
        terms.variable_items = variable
        terms.customer_options = options
        terms.payment_terms = self._payment_terms()
        terms.licence_grants = self._licence_grants()
        terms.warranties = self._warranties()
        terms.governing_law = self._governing_law()
        return terms

    # -- title --------------------------------------------------------------------------------

    def _title(self) -> Term[str] | None:
        head = self.text[: min(len(self.text), 2500)]
        offset = 0
        lines: list[tuple[int, str]] = []
        for line in head.split("\n"):
            lines.append((offset, line))
            offset += len(line) + 1
        for i, (pos, line) in enumerate(lines[:40]):
            body = line.strip()
            if not (4 <= len(body) <= 150) or not P.TITLE_WORDS.search(body):
                continue
            letters = [c for c in body if c.isalpha()]
            if not letters or P.TITLE_REJECT.search(body):
                continue
            upper = sum(c.isupper() for c in letters) / len(letters)
            if upper < 0.6 and not body.istitle():
                continue
            start = pos + line.index(body)
            end = start + len(body)
            # A title broken over two lines: join an all-capitals line just above it.
            if i > 0 and upper >= 0.9:
                prev_pos, prev = lines[i - 1]
                pb = prev.strip()
                if 3 <= len(pb) <= 80 and pb.isupper() and not P.TITLE_REJECT.search(pb):
                    start = prev_pos + prev.index(pb)
            value = _clean(self.text[start:end]).strip(" .:")
            return self._term(value, [(start, end)], 0.8 if upper >= 0.9 else 0.6)
        m = P.PREAMBLE_TITLE.search(self.text, 0, min(len(self.text), HEAD_CHARS))
        if m:
            value = _clean(m.group(1))
            return self._term(value, [m.span(1)], 0.6)
        return None

    # -- parties ------------------------------------------------------------------------------

    def _party_windows(self) -> Iterator[tuple[int, int, bool]]:
        """Candidate stretches naming the parties; the flag says a `between` opened it."""
        limit = min(len(self.text), HEAD_CHARS)
        for m in P.BETWEEN.finditer(self.text, 0, limit):
            before = self.text[max(0, m.start() - 400) : m.start()].lower()
            if any(w in before for w in ("agreement", "contract", "made", "entered", "dated")):
                hi = min(len(self.text), m.end() + 2500)
                stop = P.PREAMBLE_STOP.search(self.text, m.end(), hi)
                yield m.end(), stop.start() if stop else hi, True
        yield 0, min(len(self.text), 3000), False

    def _party_window(self) -> tuple[int, int]:
        """The stretch the parties were read from (cached by `_parties`)."""
        if self._preamble is None:
            self._parties_found()
        assert self._preamble is not None
        return self._preamble

    def _parties_found(self) -> list[_PartyFound]:
        chosen: list[_PartyFound] = []
        window: tuple[int, int] | None = None
        first_between: tuple[int, int] | None = None
        for start, end, between in self._party_windows():
            if between and first_between is None:
                first_between = (start, end)
            found = self._defined_parties(start, end, strict=not between)
            if len(found) > len(chosen):
                chosen, window = found, (start, end)
            if len(found) >= 2:
                break
        if len(chosen) < 2:
            labelled = self._labelled_parties(0, min(len(self.text), 3000))
            if len(labelled) > len(chosen):
                chosen, window = labelled, (0, max(p.name_span[1] for p in labelled))
        if not chosen and first_between is not None:
            chosen = self._suffix_parties(*first_between)
            window = first_between
        self._preamble = window or (0, min(len(self.text), 3000))
        return chosen

    def _parties(self) -> list[Term[Party]]:
        found = self._parties_found()
        roles = [p.role for p in found]
        if len(found) == 2 and roles.count(PartyRole.OTHER) == 1:
            known = next(r for r in roles if r is not PartyRole.OTHER)
            other = PartyRole.PROVIDER if known is PartyRole.CUSTOMER else PartyRole.CUSTOMER
            for p in found:
                if p.role is PartyRole.OTHER:
                    p.role = other
                    p.confidence = 0.5
        if len(found) == 2 and all(p.role is PartyRole.OTHER for p in found):
            self._infer_roles_from_payment(found)
        out = []
        for p in found:
            for alias, _ in p.terms:
                self.aliases[alias.lower()] = p.role
            defined = p.terms[0][0] if p.terms else None
            party = Party(name=p.name, role=p.role, defined_as=defined)
            spans = [p.name_span, *(span for _, span in p.terms)]
            term = self._term(party, spans, p.confidence)
            if term is not None:
                out.append(term)
        return out

    def _infer_roles_from_payment(self, found: list[_PartyFound]) -> None:
        """Of two parties, the one the contract repeatedly makes pay is the customer."""
        counts = []
        for p in found:
            names = [t for t, _ in p.terms] or [p.name]
            n = 0
            for name in names:
                for s in self._sentences_with(name.lower()):
                    for m in P.PAYER.finditer(s.text):
                        head = s.text[max(0, m.start() - 40) : m.start()]
                        n += name.lower() in head.lower()
            counts.append(n)
        if min(counts) == 0 and max(counts) >= 2:
            payer = counts.index(max(counts))
            for i, p in enumerate(found):
                p.role = PartyRole.CUSTOMER if i == payer else PartyRole.PROVIDER
                p.confidence = 0.4

    def _defined_parties(self, start: int, end: int, strict: bool) -> list[_PartyFound]:
        markers: list[tuple[int, int, list[tuple[str, tuple[int, int]]]]] = []
        for m in P.DEFINED_PAREN.finditer(self.text, start, end):
            quoted = [
                (q.group(1).strip(), (m.start(1) + q.start(1), m.start(1) + q.end(1)))
                for q in P.QUOTED.finditer(m.group(1))
            ]
            markers.append((m.start(), m.end(), quoted))
        for m in P.HEREINAFTER.finditer(self.text, start, end):
            if not any(a <= m.start() < b for a, b, _ in markers):
                markers.append((m.start(), m.end(), [(m.group(1).strip(), m.span(1))]))
        markers.sort()
        found: list[_PartyFound] = []
        prev_end = start
        for m_start, m_end, quoted in markers:
            terms = [(t, span) for t, span in quoted if t and not P.NOT_PARTY_TERMS.match(t)]
            region_start = prev_end
            prev_end = m_end
            if not terms:
                continue
            name_span = self._name_in(region_start, m_start)
            if name_span is None:
                continue
            name = _clean(self.text[name_span[0] : name_span[1]])
            if strict and not (P.CORP_SUFFIX.search(name) or name.isupper()):
                continue
            if any(p.name.lower() == name.lower() for p in found):
                continue
            role = PartyRole.OTHER
            for t, _ in terms:
                if P.CUSTOMER_WORDS.fullmatch(t.strip()):
                    role = PartyRole.CUSTOMER
                elif P.PROVIDER_WORDS.fullmatch(t.strip()):
                    role = PartyRole.PROVIDER
            conf = 0.85 if role is not PartyRole.OTHER else 0.75
            found.append(_PartyFound(name, name_span, terms, role, conf))
            if len(found) >= 6:
                break
        return found

    def _name_in(self, a: int, b: int) -> tuple[int, int] | None:
        """The first party name in text[a:b] that follows `between`/`and`, without descriptors."""
        starts = [a] + [m.end() for m in P.NAME_SEPARATOR.finditer(self.text, a, b)]
        for s in starts:
            region = self.text[s:b]
            lead = P.NAME_LEAD.match(region)
            offset = lead.end() if lead else 0
            body = region[offset:]
            cut = P.NAME_CUT.search(body)
            name = (body[: cut.start()] if cut else body).rstrip(" \t\n,;:")
            if _valid_name(name):
                return s + offset, s + offset + len(name)
        return None

    def _labelled_parties(self, start: int, end: int) -> list[_PartyFound]:
        """Parties set out as `Party A: Name` or `Licensor: Name` lines."""
        out: list[_PartyFound] = []
        for m in P.LABELLED_PARTY.finditer(self.text, start, end):
            label = m.group("label")
            if not (
                label.lower().startswith("party")
                or P.CUSTOMER_WORDS.fullmatch(label)
                or P.PROVIDER_WORDS.fullmatch(label)
            ):
                continue
            body = m.group("name")
            cut = P.NAME_CUT.search(body)
            name = (body[: cut.start()] if cut else body).rstrip(" \t,;:")
            if not _valid_name(name) or any(p.name == _clean(name) for p in out):
                continue
            role = (
                PartyRole.CUSTOMER if P.CUSTOMER_WORDS.fullmatch(label)
                else PartyRole.PROVIDER if P.PROVIDER_WORDS.fullmatch(label)
                else PartyRole.OTHER
            )  # fmt: skip
            name_span = (m.start("name"), m.start("name") + len(name))
            out.append(_PartyFound(_clean(name), name_span, [(label, m.span("label"))], role, 0.7))
        return out

    def _suffix_parties(self, start: int, end: int) -> list[_PartyFound]:
        pattern = re.compile(
            r"(?<![\w&])(?:(?:[A-Z0-9][\w&'.-]{0,30}|&)\s{1,3}){0,6}?[A-Z0-9][\w&'.-]{0,30},?"
            r"\s{1,3}(?:"
            + P.CORP_SUFFIX.pattern
            + r")(?:,?\s{1,3}(?:"
            + P.CORP_SUFFIX.pattern
            + "))?"
        )
        out: list[_PartyFound] = []
        for m in pattern.finditer(self.text, start, end):
            name = _clean(m.group())
            if any(p.name.lower() == name.lower() for p in out):
                continue
            out.append(_PartyFound(name, m.span(), [], PartyRole.OTHER, 0.6))
            if len(out) >= 4:
                break
        return out

    # -- dates --------------------------------------------------------------------------------

    def _dates_in(self, s: Sentence) -> list[Found[date]]:
        return [Found(s.start + f.start, s.start + f.end, f.value) for f in find_dates(s.text)]

    def _head_sentences(self) -> list[Sentence]:
        _, end = self._party_window()
        limit = max(end, 2500)
        return [s for s in self.sentences if s.start < limit]

    def _agreement_date(self) -> Term[date] | None:
        for s in self._head_sentences():
            if not s.has_year:
                continue
            if P.EFFECTIVE_DEF.search(s.text) and not P.BETWEEN.search(s.text):
                continue  # a definition of the effective date, not the date of the agreement
            for f in self._dates_in(s):
                before = self.text[max(s.start, f.start - 100) : f.start]
                cues = list(P.AGREEMENT_DATE_CUE.finditer(before))
                if not cues:
                    continue
                low = before.lower()
                if any(
                    w in low for w in ("amend", "original", "expir", "terminat", "prior agreement")
                ):
                    continue
                cue = cues[-1]
                lo = max(s.start, f.start - 100) + cue.start()
                strong = cue.group().lower() not in ("this", "day")
                return self._term(f.value, [(lo, f.end)], 0.85 if strong else 0.7)
        return self._dated_line()

    def _dated_line(self) -> Term[date] | None:
        """A date standing on its own line near the top (`Dated: March 1, 2026`), weakly."""
        head = self.text[: min(len(self.text), 1500)]
        for f in find_dates(head):
            line_start = head.rfind("\n", 0, f.start) + 1
            line_end = head.find("\n", f.end)
            line = head[line_start : line_end if line_end >= 0 else len(head)]
            label = head[line_start : f.start].strip().lower().rstrip(":").strip()
            if label in ("", "dated", "date", "dated as of", "as of") and len(line.strip()) < 60:
                return self._term(f.value, [(line_start, f.end)], 0.5)
        return None

    def _effective_date(self, agreement: Term[date] | None) -> Term[date] | None:
        fallback: Term[date] | None = None
        for s in self._sentences_with(
            "effect", "commenc", "start", "contract date", "begin", "force"
        ):
            defined = P.EFFECTIVE_DEF.search(s.text)
            dates = self._dates_in(s)
            if defined and s.text[defined.start() : defined.start() + 1] in P.Q_OPEN:
                d_start = s.start + defined.start()
                d_end = s.start + defined.end()
                near = [f for f in dates if 0 <= d_start - f.end <= 120] or [
                    f for f in dates if 0 <= f.start - d_end <= 80
                ]
                if near:
                    f = near[-1] if near[-1].end <= d_start else near[0]
                    lo, hi = min(f.start, d_start), max(f.end, d_end)
                    return self._term(f.value, [self._clip(s, lo, hi)], 0.9)
                written = P.FIRST_WRITTEN.search(s.text)
                if written and agreement is not None:
                    lo = s.start + written.start()
                    spans = [self._clip(s, min(lo, d_start), max(s.start + written.end(), d_end))]
                    spans.append(self._span_of(agreement))
                    return self._term(agreement.value, spans, 0.6)
            if fallback is None and re.search(r"agreement|contract|\bterm\b|effective", s.lower):
                for cue in P.EFFECTIVE_CUE.finditer(s.text):
                    after = [f for f in dates if 0 <= f.start - (s.start + cue.end()) <= 16]
                    if after:
                        f = after[0]
                        conf = 0.75 if cue.group().lower().startswith("effective") else 0.6
                        fallback = self._term(f.value, [(s.start + cue.start(), f.end)], conf)
                        break
                    named = self._named_date_after(s, cue.start(), cue.end(), agreement)
                    if named is not None:
                        fallback = named
                        break
        if fallback is None:
            fallback = self._labelled_effective_date()
        return fallback

    def _named_date_after(
        self, s: Sentence, cue: int, at: int, agreement: Term[date] | None
    ) -> Term[date] | None:
        """`starts on the Purchase Date` / `takes effect on the date first written above`:
        a date the contract states elsewhere, cited where it is stated and where it is used."""
        rest = s.text[at : at + 80]
        use = self._window(s, s.start + cue, s.start + at + len(rest.rstrip()))
        written = P.FIRST_WRITTEN.match(rest.lstrip(" on").lstrip()) or (
            P.FIRST_WRITTEN.search(rest[:40])
        )
        if written and agreement is not None:
            return self._term(agreement.value, [use, self._span_of(agreement)], 0.6)
        m = P.DATE_NAME_REF.match(rest)
        if m is None:
            return None
        defined = self._defined_dates().get(_clean(m.group("name")).lower())
        if defined is None:
            return None
        value, span = defined
        end = s.start + at + m.end()
        return self._term(value, [self._window(s, s.start + cue, end), span], 0.65)

    def _defined_dates(self) -> dict[str, tuple[date, tuple[int, int]]]:
        """Dates the contract names: `"Purchase Date" means May 15, 2026`, `Purchase Date | May
        15, 2026` in an order summary."""
        if self._named_dates is not None:
            return self._named_dates
        found: dict[str, tuple[date, tuple[int, int]]] = {}
        for pattern in (P.DATE_NAME_DEFINITION, P.DATE_NAME_LINE):
            for m in pattern.finditer(self.text, 0, min(len(self.text), 200_000)):
                name = _clean(m.group("name")).lower()
                dates = list(find_dates(self.text[m.end() : m.end() + 60]))
                if name in found or not dates or dates[0].start > 12:
                    continue
                d = dates[0]
                found[name] = (d.value, (m.start("name"), m.end() + d.end))
        self._named_dates = found
        return found

    def _labelled_effective_date(self) -> Term[date] | None:
        """`Effective Date. June 1, 2026.`: a date sentence under an effective-date heading."""
        for s in self.sentences:
            if not s.has_year:
                continue
            heading = self._heading_before(s, P.DATE_HEADING)
            if heading is None:
                continue
            dates = self._dates_in(s)
            if dates and dates[0].start == s.start:
                return self._term(dates[0].value, [(heading.start, dates[0].end)], 0.8)
        return None

    def _span_of(self, term: Term[Any]) -> tuple[int, int]:
        c = term.citations[0]
        clause = self.doc.clause(c.clause_id)
        found = self.doc.find(c.quote, c.clause_id) if clause else None
        return found or (0, 0)

    def _clip(self, s: Sentence, lo: int, hi: int) -> tuple[int, int]:
        """A span widened to its sentence when the sentence is short, else left tight."""
        if s.end - s.start <= 200:
            return s.start, s.end
        return max(lo, s.start), min(hi, s.end)

    def _expiration_date(self) -> Term[date] | None:
        for s in self._sentences_with(
            "expir", "terminat", "until", "through", "end", "term", "valid", "conclud"
        ):
            if not s.has_year:
                continue
            defined = P.EXPIRATION_DEF.search(s.text)
            for f in self._dates_in(s):
                before = self.text[max(s.start, f.start - 120) : f.start]
                if P.EXPIRY_CUE.search(before) or (
                    defined and abs(s.start + defined.start() - f.end) <= 80
                ):
                    if not (
                        P.TERM_SENTENCE.search(s.text)
                        or defined
                        or "expir" in s.lower
                        or self._heading_before(s, P.TERM_HEADING)
                    ):
                        continue
                    if re.search(
                        r"\b(?:previous|prior|original|existing)\s{1,5}agreement", s.lower
                    ):
                        continue
                    return self._term(f.value, [self._window(s, f.start, f.end)], 0.8)
        return None

    def _initial_term(self) -> Term[Duration] | None:
        candidates = {x.index: x for x in self._sentences_with("term", "period", "expire")}
        for x in self.sentences:
            if x.index not in candidates and self._heading_before(x, P.TERM_HEADING):
                candidates[x.index] = x
        for s in (candidates[i] for i in sorted(candidates)):
            headed = self._heading_before(s, P.TERM_HEADING) is not None
            if not (P.TERM_SENTENCE.search(s.text) or headed):
                continue
            renew = P.RENEW_STRICT.search(s.text)
            initial = s.lower.find("initial term")
            for f in self._durations(s):
                rel = f.start - s.start
                if renew and rel > renew.start() and not (0 <= initial < rel):
                    break
                after = self.text[f.end : min(s.end, f.end + 60)]
                if self._is_notice_duration(s, f) or P.TERM_EXCLUDE.search(after):
                    continue
                before = self.text[max(s.start, f.start - 60) : f.start]
                if P.TERM_DURATION_CUE.search(before) or (headed and f.start == s.start):
                    return self._term(f.value, [self._window(s, f.start, f.end)], 0.8)
            m = P.ANNIVERSARY.search(s.text)
            if m and re.search(r"expir|continu|until|terminat|\bend", s.lower):
                raw = m.group(1).lower()
                years = _ORDINAL_NUMBER.get(raw) or int(re.sub(r"\D", "", raw) or 0)
                if years:
                    value = Duration(value=Decimal(years), unit=DurationUnit.YEARS)
                    span = self._window(s, s.start + m.start(), s.start + m.end())
                    return self._term(value, [span], 0.7)
        return None

    def _perpetual(self) -> Term[bool] | None:
        for s in self._sentences_with("perpetu", "indefinite", "until terminated", "until such"):
            if "licen" in s.lower or not P.TERM_SENTENCE.search(s.text):
                continue
            m = P.PERPETUAL.search(s.text)
            if m:
                return self._term(
                    True, [self._window(s, s.start + m.start(), s.start + m.end())], 0.7
                )
        return None

    # -- renewal ------------------------------------------------------------------------------

    def _renewal(self) -> Term[Renewal] | None:
        optional: tuple[Sentence, re.Match[str]] | None = None
        for s in self._sentences_with(*_RENEWAL_NEEDLES):
            auto = P.AUTO_RENEW.search(s.text)
            if not (auto or P.RENEW.search(s.text)) or len(s.text.split()) < 6:
                continue  # no renewal words, or a heading such as "Automatic Renewal."
            option = P.OPTION_RENEW.search(s.text)
            if auto and not (option and option.start() < auto.start()):
                window = s.text[max(0, auto.start() - 40) : auto.end()]
                if P.NO_AUTO_RENEW.search(window) and "unless" not in window.lower():
                    continue
                return self._renewal_term(s, auto, automatic=True)
            if option and optional is None and not P.MUTUAL.search(s.text):
                before = s.text[max(0, option.start() - 30) : option.end()]
                if not re.search(r"\b(?:not|no)\b", before, re.I):
                    optional = (s, option)
        if optional is not None:
            s, option = optional
            renewal = self._renewal_term(s, option, automatic=False)
            if renewal is not None and renewal.value.renewal_term is not None:
                return renewal
        return None

    def _renewal_term(
        self, s: Sentence, cue: re.Match[str], automatic: bool
    ) -> Term[Renewal] | None:
        term: Duration | None = None
        notice: Duration | None = None
        notice_sentence: Sentence | None = None
        for f in self._durations(s):
            if self._is_notice_duration(s, f):
                notice = notice or f.value
            elif term is None and f.start - s.start >= cue.start() - 40:
                term = f.value
        basis = P.RENEWAL_PERIOD_BASIS.search(s.text)
        if term is None and basis:
            unit = DurationUnit.YEARS if basis.group(1).lower() == "year" else DurationUnit.MONTHS
            term = Duration(value=Decimal(1), unit=unit)
        if notice is None:
            for n in self._neighbours(s, after=2, before=1):
                if not P.NOTICE_WORD.search(n.text):
                    continue
                if not re.search(r"renew|terminat|expir|non-?renewal|end of", n.lower):
                    continue
                durations = [f for f in self._durations(n) if self._is_notice_duration(n, f)]
                if durations:
                    notice = durations[0].value
                    notice_sentence = n
                    break
        value = Renewal(automatic=automatic, renewal_term=term, notice_period=notice)
        spans = [self._window(s, s.start + cue.start(), s.start + cue.end())]
        if notice_sentence is not None:
            spans.append((notice_sentence.start, notice_sentence.end))
        return self._term(value, spans, 0.85 if automatic else 0.6)

    # -- termination --------------------------------------------------------------------------

    def _party_of(self, subject: str) -> tuple[TerminationParty | None, float]:
        """The terminating party named in `subject` (text before the verb): the last mention.

        Names inside "either A or B" belong to that phrase, which names either party.
        """
        low = subject.lower()
        either = [m.span() for m in P.EITHER_PARTY.finditer(subject)]
        mentions: list[tuple[int, TerminationParty | None, float]] = [
            (a, TerminationParty.EITHER, 0.8) for a, _ in either
        ]
        for alias, role in self.aliases.items():
            for m in re.finditer(rf"(?<![\w]){re.escape(alias)}(?![\w])", low):
                mentions.append((m.start(), _termination_party(role), 0.8))
        for pattern, role in (
            (P.CUSTOMER_WORDS, PartyRole.CUSTOMER),
            (P.PROVIDER_WORDS, PartyRole.PROVIDER),
        ):
            for m in pattern.finditer(subject):
                mentions.append((m.start(), _termination_party(role), 0.7))
        for m in _ROLE_WORD.finditer(low):
            role = PartyRole.PROVIDER if m.group() in ("we", "us", "our") else PartyRole.CUSTOMER
            mentions.append((m.start(), _termination_party(role), 0.6))
        mentions = [
            (pos, party, conf)
            for pos, party, conf in mentions
            if party is TerminationParty.EITHER or not any(a < pos < b for a, b in either)
        ]
        if not mentions:
            return None, 0.0
        _, party, conf = max(mentions, key=lambda m: (m[0], m[1] is TerminationParty.EITHER))
        return (party, conf) if party is not None else (None, 0.0)

    def _termination_rights(self) -> list[Term[TerminationRight]]:
        rights: dict[tuple[TerminationParty, TerminationTrigger], Term[TerminationRight]] = {}
        order: list[tuple[TerminationParty, TerminationTrigger]] = []
        for s in self._sentences_with("terminat", "cancel"):
            may = P.MAY_TERMINATE.search(s.text)
            if not may or P.NO_TERMINATE.search(s.text) or P.MUTUAL.search(s.text):
                continue
            if not self._ends_the_contract(s, may):
                continue
            trigger, t_conf = self._trigger(s)
            if trigger is None:
                continue
            party, p_conf = self._subject_party(s, may)
            if party is None:
                continue
            notice = next(
                (f.value for f in self._durations(s) if self._is_notice_duration(s, f)), None
            )
            right = TerminationRight(party=party, trigger=trigger, notice_period=notice)
            spans = [self._window(s, s.start + may.start(), s.start + may.end())]
            self._penalty_and_refund(s, right, spans)
            right.description = _describe_right(right)
            key = (party, trigger)
            if key in rights:
                existing = rights[key]
                if len(existing.citations) < 3:
                    extra = self._cite(*spans[0])
                    if extra and extra not in existing.citations:
                        existing.citations.append(extra)
                continue
            term = self._term(right, spans, min(t_conf, p_conf))
            if term is not None:
                rights[key] = term
                order.append(key)
        self._document_penalty(rights)
        return [rights[k] for k in order]

    def _ends_the_contract(self, s: Sentence, may: re.Match[str]) -> bool:
        """The right ends the agreement (or its term), not a licence, a plan or one order."""
        verb = may.group().lower()
        if "be terminated" in verb or "be cancel" in verb or verb.startswith("until"):
            before = s.text[max(0, may.start() - 80) : may.start()]
            return bool(P.CONTRACT_OBJECT.search(before)) or verb.startswith("until")
        after = s.text[may.end() : may.end() + 80]
        return bool(P.CONTRACT_OBJECT_AFTER.match(after))

    def _trigger(self, s: Sentence) -> tuple[TerminationTrigger | None, float]:
        conv = P.CONVENIENCE.search(s.text)
        cause = P.CAUSE.search(s.text)
        if conv and P.STRONG_CONVENIENCE.search(conv.group()):
            return TerminationTrigger.CONVENIENCE, 0.85
        if P.AT_TERM_END.search(s.text):
            return None, 0.0  # notice to end the term at its expiry: non-renewal, not convenience
        if conv and not cause:
            return TerminationTrigger.CONVENIENCE, 0.7
        if cause:
            return TerminationTrigger.CAUSE, 0.75
        has_notice = any(self._is_notice_duration(s, f) for f in self._durations(s))
        if has_notice:
            return TerminationTrigger.CONVENIENCE, 0.6
        return None, 0.0

    def _subject_party(
        self, s: Sentence, may: re.Match[str]
    ) -> tuple[TerminationParty | None, float]:
        verb = may.group().lower()
        if "be terminated" in verb or "be cancel" in verb or verb.startswith("until"):
            agent = P.BY_AGENT.search(s.text, may.start())
            if agent:
                return self._party_of(agent.group(1))
            return TerminationParty.EITHER, 0.4
        subject = s.text[max(0, may.start() - 100) : may.start() + 1]
        return self._party_of(subject)

    def _penalty_and_refund(
        self, s: Sentence, right: TerminationRight, spans: list[tuple[int, int]]
    ) -> None:
        for n in [s, *self._neighbours(s, after=2)]:
            pen = P.PENALTY.search(n.text)
            if pen and not right.has_penalty and not P.NO_PENALTY.search(n.text):
                right.has_penalty = True
                amounts = [f.value for f in find_money(n.text)]
                right.penalty_amount = amounts[0].value if len(amounts) == 1 else None
                if n is not s:
                    spans.append(self._window(n, n.start + pen.start(), n.start + pen.end()))
            if right.refund_of_prepaid is None and ("refund" in n.lower or "forfeit" in n.lower):
                no = P.REFUND_NO.search(n.text)
                yes = P.REFUND_YES.search(n.text)
                if no or yes:
                    right.refund_of_prepaid = not bool(no)
                    m = no or yes
                    assert m is not None
                    if n is not s:
                        spans.append(self._window(n, n.start + m.start(), n.start + m.end()))

    def _document_penalty(
        self, rights: dict[tuple[TerminationParty, TerminationTrigger], Term[TerminationRight]]
    ) -> None:
        """An early-termination fee stated apart from the right applies to convenience exits."""
        targets = [t for (_, trig), t in rights.items() if trig is TerminationTrigger.CONVENIENCE]
        if not targets or all(t.value.has_penalty for t in targets):
            return
        for s in self._sentences_with("termination fee", "termination charge", "cancellation fee"):
            pen = P.PENALTY.search(s.text)
            if not pen or P.NO_PENALTY.search(s.text):
                continue
            amounts = [f.value for f in find_money(s.text)]
            citation = self._cite(*self._window(s, s.start + pen.start(), s.start + pen.end()))
            for t in targets:
                if not t.value.has_penalty and citation is not None:
                    t.value.has_penalty = True
                    t.value.penalty_amount = amounts[0].value if len(amounts) == 1 else None
                    t.value.description = _describe_right(t.value)
                    t.citations.append(citation)
            return

    # -- currency and payment -----------------------------------------------------------------

    def _currency(self) -> Term[str] | None:
        for s in self._sentences_with(
            "dollar", "usd", "euro", "eur", "sterling", "gbp", "currency", "yen", "franc"
        ):
            m = P.CURRENCY_STATEMENT.search(s.text)
            if m:
                code = _currency_code(m.group(1))
                if code:
                    return self._term(
                        code, [self._window(s, s.start + m.start(), s.start + m.end())], 0.9
                    )
        counts: dict[str, int] = {}
        first: dict[str, tuple[Sentence, Found[Amount]]] = {}
        for s, monies in self.money_sentences:
            for f in monies:
                counts[f.value.currency] = counts.get(f.value.currency, 0) + 1
                first.setdefault(f.value.currency, (s, f))
        if not counts:
            return None
        code = max(sorted(counts), key=lambda c: counts[c])
        s, f = first[code]
        conf = 0.7 if len(counts) == 1 else 0.5
        return self._term(code, [self._row_or_window(s, f)], conf)

    def _row_or_window(self, s: Sentence, f: Found[Amount]) -> tuple[int, int]:
        """The table row holding an amount, or a window of its sentence in prose."""
        if s.text.count("\n") >= 2:
            lo = self.text.rfind("\n", s.start, f.start) + 1 or s.start
            hi = self.text.find("\n", f.end, s.end)
            return max(lo, s.start), hi if hi > 0 else s.end
        return self._window(s, f.start, f.end)

    def _payment_terms(self) -> Term[PaymentTerms] | None:
        best: tuple[float, int, tuple[int, int], str] | None = None
        for s in self._sentences_with("net", "within", "receipt"):
            if not P.PAYMENT_WORDS.search(s.text):
                continue
            m = P.NET_DAYS.search(s.text)
            if m:
                raw = m.group(1) or m.group(3)
                if raw is not None:
                    days = int(raw)
                    span = self._window(s, s.start + m.start(), s.start + m.end())
                    return self._payment_term(days, span, f"net {days} days", 0.9)
            if best is None:
                for f in self._durations(s):
                    if f.value.unit is not DurationUnit.DAYS:
                        continue
                    before = self.text[max(s.start, f.start - 40) : f.start]
                    after = self.text[f.end : min(s.end, f.end + 80)]
                    if P.PAY_WITHIN.search(before) and P.PAY_AFTER.search(after):
                        days = int(f.value.value)
                        lo = max(s.start, f.start - 40)
                        span = self._window(s, lo, f.end + 40)
                        best = (0.85, days, span, f"due within {days} days of invoice")
                        break
                if best is None:
                    r = P.DUE_ON_RECEIPT.search(s.text)
                    if r and "invoice" in s.lower:
                        span = self._window(s, s.start + r.start(), s.start + r.end())
                        best = (0.7, 0, span, "due upon receipt of invoice")
        if best is None:
            return None
        conf, days, span, description = best
        return self._payment_term(days, span, description, conf)

    def _payment_term(
        self, days: int, span: tuple[int, int], description: str, conf: float
    ) -> Term[PaymentTerms] | None:
        return self._term(PaymentTerms(net_days=days, description=description), [span], conf)

    # -- governing law ------------------------------------------------------------------------

    def _governing_law(self) -> Term[str] | None:
        fallback: Term[str] | None = None
        for s in self._sentences_with("law"):
            for m in P.GOVERNING_LAW.finditer(s.text):
                rest = s.text[m.end() : m.end() + 160]
                prefix = P.JURISDICTION_PREFIX.match(rest)
                at = prefix.end() if prefix else 0
                name, length, conf = self._jurisdiction(rest, at, s.text[m.end() :])
                if name is None:
                    continue
                lo = s.start + m.start()
                hi = s.start + m.end() + at + length
                term = self._term(name, [self._window(s, lo, hi)], conf)
                if "govern" in m.group().lower():
                    return term
                fallback = fallback or term
        return fallback

    def _jurisdiction(self, rest: str, at: int, whole: str) -> tuple[str | None, int, float]:
        known = _JURISDICTION_RE.match(rest, at)
        if known:
            name = _CANONICAL.get(" ".join(known.group().lower().split()), known.group())
            if name in ("United States", "United States of America"):
                state = re.search(r"\bstate\s{1,5}of\s{1,5}(?:the\s{1,5})?", whole[:300], re.I)
                if state:
                    inner = _JURISDICTION_RE.match(whole, state.end())
                    if inner and inner.group().lower() in _US_STATE_SET:
                        return (
                            _CANONICAL[" ".join(inner.group().lower().split())],
                            known.end() - at,
                            0.85,
                        )
            return name, known.end() - at, 0.9
        cap = _CAPITALISED.match(rest, at)
        if cap and not cap.group().isupper():
            word = cap.group().rstrip(".,")
            if word.split()[0].lower() not in ("this", "such", "any", "applicable", "each", "all"):
                return word, cap.end() - at, 0.6
        return None, 0, 0.0

    # -- fees ---------------------------------------------------------------------------------

    def _fee_lines(self) -> list[Term[FeeLine]]:
        out: list[Term[FeeLine]] = []
        tiered: tuple[str, Term[FeeLine]] | None = None  # last tiered line and its clause
        for s, monies in self.money_sentences:
            if not P.FEE_CONTEXT.search(s.text) and not any(
                _unit_after(self.text[f.end : f.end + 60]) for f in monies
            ):
                continue
            clause = self.doc.clause_at(s.start)
            clause_id = clause.id if clause else ""
            tiers, tier_money = self._tiers(s, monies)
            if not tiers and tiered is not None and tiered[0] == clause_id:
                # A tier table broken by a page: the rows after the break join the line.
                more, tier_money = self._tiers(s, monies, minimum=1)
                if more:
                    line = tiered[1]
                    line.value.tiers.extend(more)
                    extra = self._cite(s.start, s.end)
                    if extra is not None and extra not in line.citations:
                        line.citations.append(extra)
            table = len(monies) >= 2 and s.text.count("\n") >= 2
            prev_end = s.start
            for f in monies:
                lo, hi = self._local(s, f, prev_end, monies, table)
                prev_end = f.end
                if (f.start, f.end) in tier_money:
                    continue
                span = (lo, hi) if table else self._window(s, f.start, f.end)
                found = self._fee_line(s, f, lo, hi, span, table)
                if found is None:
                    continue
                fee, conf = found
                if tiers and fee.kind is FeeKind.USAGE and not fee.tiers:
                    self._set_tiers(fee, tiers, s)
                    tiers = []
                total = bool(P.TOTAL_CUE.search(self.text[max(lo, f.start - 40) : f.end + 40]))
                if self._fold_into(out, fee, span, total, clause_id):
                    continue
                term = self._term(fee, [span], conf)
                if term is not None:
                    out.append(term)
                    if term.value.tiers:
                        tiered = (clause_id, term)
            if tiers:
                fee = FeeLine(
                    kind=FeeKind.USAGE,
                    description=self._describe(s.start, s.end),
                    unit=self._tier_unit(s),
                )
                self._set_tiers(fee, tiers, s)
                term = self._term(fee, [(s.start, s.end)], 0.6)
                if term is not None:
                    out.append(term)
                    tiered = (clause_id, term)
        out.extend(self._unit_commitments(out))
        return out

    def _fold_into(
        self,
        lines: list[Term[FeeLine]],
        fee: FeeLine,
        span: tuple[int, int],
        total: bool,
        clause_id: str,
    ) -> bool:
        """Fold `fee` into a line already read when it restates it; True when folded.

        A total (`USD 540,000 for the Term`, `totalling USD 270,000`) of a periodic line in the
        same clause is not a second fee; a priced quantity of services takes its stated total
        as its amount; a line repeated elsewhere (an order form restating the body) adds a
        citation. Counting either twice would double the transaction price.
        """
        for line in reversed(lines):
            v = line.value
            if v.kind is not fee.kind:
                continue
            if total and any(c.clause_id == clause_id for c in line.citations):
                if v.unit_price is not None and v.amount is None and fee.amount is not None:
                    v.amount = fee.amount
                elif v.period is None and v.commitment_period is None:
                    continue
                return self._add_citation(line, span)
            same_amount = fee.amount is not None and v.amount == fee.amount
            same_price = fee.unit_price is not None and v.unit_price == fee.unit_price
            if (same_amount or same_price) and all(
                getattr(fee, k) is None or getattr(v, k) is None or getattr(fee, k) == getattr(v, k)
                for k in ("amount", "unit_price", "unit", "period")
            ):
                for k in ("amount", "unit_price", "unit", "period", "quantity", "billing_frequency",
                          "billing_timing"):  # fmt: skip
                    if getattr(v, k) is None and getattr(fee, k) is not None:
                        setattr(v, k, getattr(fee, k))
                return self._add_citation(line, span)
        return False

    def _add_citation(self, line: Term[FeeLine], span: tuple[int, int]) -> bool:
        extra = self._cite(*span)
        if extra is not None and extra not in line.citations and len(line.citations) < 3:
            line.citations.append(extra)
        return True

    def _set_tiers(self, fee: FeeLine, tiers: list[Tier], s: Sentence) -> None:
        fee.tiers = tiers
        fee.tier_mode = self._tier_mode(s)
        # The first tier's price is the base rate; the tiers say how it changes with volume.
        fee.unit_price = fee.unit_price if fee.unit_price is not None else tiers[0].unit_price

    def _local(
        self, s: Sentence, f: Found[Amount], prev_end: int, monies: list[Found[Amount]], table: bool
    ) -> tuple[int, int]:
        """The stretch of text that belongs to one amount: its row in a table, else its phrase."""
        nxt = next((g.start for g in monies if g.start > f.start), s.end)
        if table:
            lo = self.text.rfind("\n", s.start, f.start) + 1 or s.start
            hi = self.text.find("\n", f.end, s.end)
            return max(lo, s.start), hi if hi > 0 else s.end
        return max(prev_end, f.start - 160, s.start), min(nxt, f.end + 100, s.end)

    def _row_label(self, s: Sentence, row_start: int) -> str:
        """Up to three lines above a table row, back to the previous line with an amount."""
        lines: list[str] = []
        end = row_start - 1
        for _ in range(3):
            start = self.text.rfind("\n", s.start, max(end, s.start)) + 1
            if start < s.start or end <= s.start:
                break
            line = self.text[start:end]
            if _MONEY_HINT.search(line.lower()) and any(ch.isdigit() for ch in line):
                break
            lines.insert(0, line)
            end = start - 1
        return " ".join(lines)

    def _fee_line(
        self,
        s: Sentence,
        f: Found[Amount],
        lo: int,
        hi: int,
        span: tuple[int, int],
        table: bool = False,
    ) -> tuple[FeeLine, float] | None:
        before = self.text[lo : f.start]
        after = self.text[f.end : hi]
        near = before[-90:]
        if P.FREE_CREDITS.search(near + self.text[f.end : f.end + 40]):
            return None  # free or bonus credits are a discount, not a fee
        if P.NOT_A_PRICE.search(near):
            return None  # a list price or a restatement, not a fee of this contract
        kind = _fee_kind(near) or _fee_kind(before)
        if kind is None and table:
            kind = _fee_kind(self._row_label(s, lo), first=True)
        unit = _unit_after(after) or _unit_before(near)
        if unit and P.TIME_UNIT.fullmatch(unit):
            unit = None  # "per month" states the period, not a usage unit
        if P.NOT_FEE_CONTEXT.search(near) and kind is None:
            return None
        if kind is None and unit is None and not P.FEE_CONTEXT.search(before + after[:40]):
            return None
        conf = 0.75 if kind else 0.55
        if kind is None:
            if unit in ("hour", "hours"):
                kind = FeeKind.PROFESSIONAL_SERVICES
            elif unit and re.match(
                r"(?:user|seat|licen[cs]e|named user|subscriber)s?\b", unit, re.I
            ):
                kind = FeeKind.SUBSCRIPTION
            elif unit:
                kind = FeeKind.USAGE
            else:
                kind = _fee_kind(s.text) or FeeKind.OTHER
                conf = 0.5
        if unit and kind in _AMOUNT_KINDS:
            kind = FeeKind.USAGE  # a price per unit is usage, even beside a commitment
        fee = FeeLine(kind=kind, description=self._describe(*span))
        period = _period_near(before, after)
        if unit and kind not in _AMOUNT_KINDS:
            fee.unit_price = f.value.value
            fee.unit = unit
        else:
            fee.amount = f.value.value
            fee.period = period
        hours = P.HOURS_AT_RATE.search(before[-100:])
        if hours and kind is FeeKind.PROFESSIONAL_SERVICES:
            fee.quantity = Decimal(hours.group("hours").replace(",", ""))
            fee.unit, fee.unit_price, fee.amount, fee.period = "hour", f.value.value, None, None
        # In a table only the row speaks for the line; in prose the whole sentence does.
        self._billing(self.text[lo:hi] if table else s.text, fee)
        if kind in _AMOUNT_KINDS:
            self._commitment_details(s, fee, before, after)
        if P.THIRD_PARTY.search(s.text):
            fee.third_party = True
        return fee, conf

    def _billing(self, text: str, fee: FeeLine) -> None:
        m = P.BILLING_FREQ.search(text)
        if m:
            word = (m.group(1) or m.group(2) or m.group(3) or "").lower()
            fee.billing_frequency = _frequency(word)
        if P.ADVANCE.search(text):
            fee.billing_timing = BillingTiming.ADVANCE
        elif P.ARREARS.search(text):
            fee.billing_timing = BillingTiming.ARREARS

    def _commitment_details(self, s: Sentence, fee: FeeLine, before: str, after: str) -> None:
        if fee.kind is not FeeKind.PREPAID_CREDITS:
            fee.commitment_period = _period_near(before, after) or _period_words(before + after)
        for n in [s, *self._neighbours(s, after=3, before=1)]:
            if fee.shortfall is None:
                if P.SHORTFALL_INVOICED.search(n.text):
                    fee.shortfall = Shortfall.INVOICED
                elif P.SHORTFALL_FORFEITED.search(n.text):
                    fee.shortfall = Shortfall.FORFEITED
            roll = P.ROLLOVER.search(n.text) if fee.rollover is None else None
            if roll:
                head = n.text[max(0, roll.start() - 40) : roll.start()]
                fee.rollover = not P.NEGATION_NEAR.search(head)
            if fee.kind is FeeKind.PREPAID_CREDITS:
                if fee.credit_expiry is None and P.CREDIT_EXPIRY.search(n.text):
                    for d in self._durations(n):
                        head = self.text[max(n.start, d.start - 80) : d.start]
                        if P.CREDIT_EXPIRY.search(head) and not self._is_notice_duration(n, d):
                            fee.credit_expiry = d.value
                            break
                if fee.refundable is None:
                    if P.REFUND_NO.search(n.text):
                        fee.refundable = False
                    elif re.search(r"\brefundable\b", n.lower):
                        fee.refundable = True
        if fee.kind is FeeKind.PREPAID_CREDITS and fee.shortfall is Shortfall.INVOICED:
            fee.shortfall = None

    def _tiers(
        self, s: Sentence, monies: list[Found[Amount]], minimum: int = 2
    ) -> tuple[list[Tier], set[tuple[int, int]]]:
        """Volume tiers (`0 - 1,000,000: $0.02`), when at least `minimum` are priced."""
        if len(monies) < minimum or not re.search(
            r"tier|volume|band|\bup to\b|\bover\b|above|first|\d\s*[-–]\s*\d|\+", s.lower
        ):
            return [], set()
        tiers: list[Tier] = []
        used: set[tuple[int, int]] = set()
        for m in P.TIER_RANGE.finditer(s.text):
            at = s.start + m.end()
            price = next(
                (f for f in monies if 0 <= f.start - at <= 80 and (f.start, f.end) not in used),
                None,
            )
            if price is None:
                continue
            lo = _units(m.group("lo")) if m.group("lo") else None
            hi = (
                _units(m.group("hi"))
                if m.group("hi")
                else _units(m.group("upto"))
                if m.group("upto")
                else None
            )
            above = m.group("above") or m.group("plus")
            if above:
                lo = _units(above)
            if m.group("upto"):
                lo = Decimal(0)
            if lo is None and hi is None:
                continue
            tiers.append(Tier(from_units=lo, to_units=hi, unit_price=price.value.value))
            used.add((price.start, price.end))
        if len(tiers) < minimum:
            return [], set()
        return tiers, used

    def _tier_unit(self, s: Sentence) -> str | None:
        for f in find_money(s.text):
            unit = _unit_after(s.text[f.end : f.end + 60])
            if unit and not P.TIME_UNIT.fullmatch(unit):
                return unit
        header = P.PER_UNIT_HEADER.search(s.text)
        return _clean(header.group(1)) if header else None

    def _tier_mode(self, s: Sentence) -> TierMode | None:
        """The rule stated with the table, nearest first (the rules often follow as (a), (b))."""
        order = [s.index, *(i for k in range(1, 7) for i in (s.index + k, s.index - k) if k <= 6)]
        for i in order:
            if not 0 <= i < len(self.sentences) or (i < s.index - 2):
                continue
            text = self.sentences[i].text
            if P.TIER_PROSPECTIVE.search(text):
                return TierMode.PROSPECTIVE
            if P.TIER_RETRO.search(text):
                return TierMode.RETROACTIVE
        return None

    def _unit_commitments(self, fees: list[Term[FeeLine]]) -> list[Term[FeeLine]]:
        """Minimum purchase commitments stated in units (or with the figure redacted)."""
        cited = {c.quote for t in fees for c in t.citations}
        out: list[Term[FeeLine]] = []
        for s in self._sentences_with("minimum", "at least", "no less than", "not less than"):
            m = P.UNIT_COMMITMENT.search(s.text)
            if not m or _MONEY_HINT.search(s.lower) or s.lower.startswith("whereas"):
                continue
            qty = P.QUANTITY.search(s.text, m.start(), min(len(s.text), m.end() + 120))
            if qty and qty.group(2).lower() in _TIME_UNITS | {"days", "percent", "per", "of"}:
                qty = None
            end = qty.end() if qty else m.end()
            fee = FeeLine(
                kind=FeeKind.MINIMUM_COMMITMENT,
                description=self._describe(s.start + m.start(), s.start + end),
                quantity=Decimal(qty.group(1).replace(",", "")) if qty else None,
                unit=qty.group(2) if qty else None,
                commitment_period=_period_words(s.text),
            )
            span = self._window(s, s.start + m.start(), s.start + end)
            term = self._term(fee, [span], 0.55 if qty else 0.4)
            if term is not None and term.citations[0].quote not in cited:
                out.append(term)
                if len(out) >= MAX_PER_KIND:
                    break
        return out

    # -- discounts ----------------------------------------------------------------------------

    def _discounts(self) -> list[Term[Discount]]:
        out: list[Term[Discount]] = []
        for s in self._sentences_with("discount", "% off", "credit", "waive"):
            if P.VOLUME_DISCOUNT.search(s.text) or P.ADDITIONAL_PURCHASE.search(s.text):
                continue
            if re.search(
                r"\bno\s{1,5}(?:\w+\s{1,5})?discount|\bnot\s{1,5}(?:be\s{1,5})?entitled\s{1,5}to\s{1,5}(?:a|any)\s{1,5}discount",
                s.lower,
            ):
                continue
            discount: Discount | None = None
            m: re.Match[str] | None
            if (m := P.FREE_CREDITS.search(s.text)) is not None:
                kind = (
                    DiscountKind.BONUS_CREDITS
                    if "bonus" in m.group().lower()
                    else DiscountKind.FREE_CREDITS
                )
                amounts = list(find_money(s.text))
                discount = Discount(
                    kind=kind,
                    description=_clean(m.group()),
                    amount=amounts[0].value.value if len(amounts) == 1 else None,
                    usable_after_term=_usable_after_term(s.lower),
                )
            elif (m := P.WAIVED.search(s.text)) is not None:
                discount = Discount(kind=DiscountKind.WAIVED_FEE, description=_clean(m.group()))
            elif (m := P.DISCOUNT.search(s.text)) is not None and P.FEE_CONTEXT.search(s.text):
                percents = [f for f in find_percents(s.text) if abs(f.start - m.start()) <= 80]
                amounts = [f for f in find_money(s.text) if abs(f.start - m.start()) <= 80]
                if percents:
                    discount = Discount(
                        kind=DiscountKind.PERCENTAGE,
                        description=_clean(m.group()),
                        percent=min(percents[0].value, 100.0),
                    )
                elif amounts:
                    discount = Discount(
                        kind=DiscountKind.AMOUNT,
                        description=_clean(m.group()),
                        amount=amounts[0].value.value,
                    )
            if discount is None or m is None:
                continue
            span = self._window(s, s.start + m.start(), s.start + m.end())
            discount.description = self._describe(*span)
            term = self._term(discount, [span], 0.7)
            if term is not None:
                out.append(term)
                if len(out) >= MAX_PER_KIND:
                    break
        return out

    # -- variable consideration and options ---------------------------------------------------

    def _variable_items_and_options(
        self,
    ) -> tuple[list[Term[VariableItem]], list[Term[CustomerOption]]]:
        items: list[Term[VariableItem]] = []
        options: list[Term[CustomerOption]] = []
        counts: dict[VariableKind, int] = {}
        seen: set[tuple[VariableKind, int]] = set()

        def add(
            kind: VariableKind,
            s: Sentence,
            m: tuple[int, int] | re.Match[str],
            conf: float,
            pct: float | None = None,
        ) -> None:
            words = len(s.text.split())
            if (
                counts.get(kind, 0) >= MAX_PER_KIND
                or words < 6
                or (s.text.isupper() and words < 12)
            ):
                return  # enough of this kind, or a bare heading
            if (kind, s.index) in seen:
                return
            seen.add((kind, s.index))
            a, b = m if isinstance(m, tuple) else m.span()
            span = self._window(s, s.start + a, s.start + b)
            item = VariableItem(kind=kind, description=self._describe(*span), max_percent=pct)
            term = self._term(item, [span], conf)
            if term is not None:
                items.append(term)
                counts[kind] = counts.get(kind, 0) + 1

        for s in self._sentences_with(*_VARIABLE_NEEDLES):
            low = s.lower
            if "credit" in low and (m := P.SLA_CREDIT.search(s.text)):
                add(VariableKind.SLA_CREDIT, s, m, 0.8, self._cap_percent(s))
            if "rebate" in low and (m := P.REBATE.search(s.text)):
                add(VariableKind.REBATE, s, m, 0.7)
            if "volume" in low and (m := P.VOLUME_DISCOUNT.search(s.text)):
                add(VariableKind.VOLUME_DISCOUNT, s, m, 0.7)
            if any(w in low for w in _MFN_NEEDLES) and (m := P.MFN.search(s.text)):
                add(VariableKind.MFN, s, m, 0.8 if "most favo" in m.group().lower() else 0.6)
            if "liquidated" in low and (m := P.LIQUIDATED.search(s.text)):
                add(VariableKind.LIQUIDATED_DAMAGES, s, m, 0.85)
            if (
                "penalt" in low
                and (m := P.PENALTY_ITEM.search(s.text))
                and not P.PENALTY_NOT.search(s.text)
            ):
                add(VariableKind.PENALTY, s, m, 0.6)
            if (
                "refund" in low
                and (m := P.REFUND_ITEM.search(s.text))
                and not P.REFUND_NO.search(s.text)
                and P.REFUND_RIGHT.search(low)
            ):
                add(VariableKind.REFUND, s, m, 0.6)
            if any(w in low for w in ("increase", "raise", "adjust", "escalat", "uplift", "cap")):
                self._price_caps(s, add, options)
            if any(w in low for w in ("price", "fee", "rate", "pricing", "charge")):
                if (m := P.PRICE_PROTECTION.search(s.text)) is not None:
                    add(VariableKind.PRICE_PROTECTION, s, m, 0.65)
                elif (m := P.PRICE_CHANGE.search(s.text)) is not None:
                    add(VariableKind.PRICE_CHANGE, s, m, 0.6)
            if (
                "additional" in low
                or "further" in low
                or "future" in low
                or "incremental" in low
                or "extra" in low
            ):
                self._additional_purchase(s, options)
        return items, options

    def _cap_percent(self, s: Sentence) -> float | None:
        m = re.search(
            r"\b(?:exceed|maximum|up\s{1,5}to|capped\s{1,5}at|more\s{1,5}than|cap)\b",
            s.text,
            re.I,
        )
        if not m:
            return None
        after = [f.value for f in find_percents(s.text[m.end() : m.end() + 60])]
        return min(after[0], 100.0) if after else None

    def _price_caps(self, s: Sentence, add: Any, options: list[Term[CustomerOption]]) -> None:
        for f in find_percents(s.text):
            before = s.text[max(0, f.start - 100) : f.start]
            m = P.PRICE_CAP.search(before)
            if not m:
                continue
            lo = s.start + max(0, f.start - 100) + m.start()
            span = self._window(s, lo, s.start + f.end)
            if P.RENEW.search(s.text):
                option = CustomerOption(
                    kind=OptionKind.RENEWAL_PRICE_CAP,
                    description=self._describe(*span),
                    cap_percent=f.value,
                )
                term = self._term(option, [span], 0.75)
                if term is not None:
                    options.append(term)
            else:
                cap_start = max(0, f.start - 100) + m.start()
                add(VariableKind.PRICE_PROTECTION, s, (cap_start, f.end), 0.6, min(f.value, 100.0))
            return

    def _additional_purchase(self, s: Sentence, options: list[Term[CustomerOption]]) -> None:
        if len(options) >= MAX_PER_KIND * 2:
            return
        m = P.ADDITIONAL_PURCHASE.search(s.text)
        if not m:
            return
        rest = s.text[m.start() :]
        discount = P.DISCOUNT.search(rest)
        same = P.SAME_PRICE.search(rest)
        span = self._window(s, s.start + m.start(), s.start + m.end())
        if discount:
            pct = [f.value for f in find_percents(rest)]
            option = CustomerOption(
                kind=OptionKind.DISCOUNTED_ADDITIONAL_PURCHASE,
                description=self._describe(*span),
                discount_percent=min(pct[0], 100.0) if pct else None,
            )
        elif same:
            kind = (
                OptionKind.DISCOUNTED_ADDITIONAL_PURCHASE
                if re.search(r"reduced|discounted|preferred", same.group(), re.I)
                else OptionKind.ADDITIONAL_PURCHASE
            )
            option = CustomerOption(kind=kind, description=self._describe(*span))
        else:
            return
        term = self._term(option, [span], 0.6)
        if term is not None:
            options.append(term)

    # -- licences and warranties --------------------------------------------------------------

    def _licence_grants(self) -> list[Term[LicenceGrant]]:
        out: list[Term[LicenceGrant]] = []
        for s in self._sentences_with("licen", "grant"):
            m = P.LICENCE_GRANT.search(s.text)
            if not m or P.LICENCE_NOT.search(s.text[: m.end()]) or len(s.text.split()) < 6:
                continue
            low = s.lower
            symbolic = bool(P.SYMBOLIC.search(s.text))
            functional = bool(P.FUNCTIONAL.search(s.text))
            kind = (
                LicenceKind.SYMBOLIC if symbolic and not functional
                else LicenceKind.FUNCTIONAL if functional and not symbolic
                else LicenceKind.UNKNOWN
            )  # fmt: skip
            perpetual: bool | None = None
            if "perpetual" in low:
                perpetual = True
            elif re.search(
                r"\b(?:during|for)\s{1,5}the\s{1,5}(?:\w+\s{1,5})?term\b|\buntil\s{1,5}(?:the\s{1,5})?(?:expiration|termination)",
                low,
            ):
                perpetual = False
            exclusive: bool | None = None
            if re.search(r"\bnon-?[^\S\n]?exclusive\b", low):
                exclusive = False
            elif re.search(r"\bexclusive\b", low):
                exclusive = True
            span = self._window(s, s.start + m.start(), s.start + m.end())
            grant = LicenceGrant(
                kind=kind,
                description=self._describe(*span),
                perpetual=perpetual,
                exclusive=exclusive,
            )
            term = self._term(grant, [span], 0.75 if kind is not LicenceKind.UNKNOWN else 0.6)
            if term is not None:
                out.append(term)
                if len(out) >= MAX_PER_KIND * 2:
                    break
        return out

    def _warranties(self) -> list[Term[Warranty]]:
        out: list[Term[Warranty]] = []
        for s in self._sentences_with("warrant", "guarantee"):
            m = P.WARRANTY.search(s.text)
            if not m or P.WARRANTY_DISCLAIMER.search(s.text):
                continue
            service = P.SERVICE_WARRANTY.search(s.text)
            if not (P.WARRANTY_SUBJECT.search(s.text) or service):
                continue
            duration = None
            for f in self._durations(s):
                if self._is_notice_duration(s, f):
                    continue
                before = self.text[max(s.start, f.start - 40) : f.start].lower()
                after = self.text[f.end : min(s.end, f.end + 60)].lower()
                if re.search(
                    r"\b(?:for|of|period|within|during|first|to)\b[^.;]{0,25}$", before
                ) or re.search(r"^[^.;]{0,20}\b(?:from|after|following|of|warrant\w*)\b", after):
                    duration = f.value
                    break
            kind = WarrantyKind.SERVICE if service else WarrantyKind.ASSURANCE
            span = self._window(s, s.start + m.start(), s.start + m.end())
            warranty = Warranty(kind=kind, description=self._describe(*span), duration=duration)
            term = self._term(warranty, [span], 0.7 if duration or service else 0.55)
            if term is not None:
                out.append(term)
                if len(out) >= MAX_PER_KIND * 2:
                    break
        return out


# ---------------------------------------------------------------------------------------------
# Small pure helpers
# ---------------------------------------------------------------------------------------------


def _valid_name(name: str) -> bool:
    """A plausible party name: short, capitalised words, not a descriptor or a sentence."""
    if not (2 <= len(name) <= 120) or "\n\n" in name:
        return False
    first = name[0]
    if not (
        first.isupper()
        or first.isdigit()
        or (len(name) > 1 and (name[1].isupper() or name[1] in "-0123456789"))
    ):
        return False
    words = name.split()
    if (
        len(words) > 12
        or not any(c.isalpha() for c in name)
        or words[-1].lower() in ("and", "or", "of", "the")
    ):
        return False
    if re.search(r"\b(?:agreement|hereinafter|whereas|witnesseth)\b", name, re.I):
        return False
    lower_words = sum(
        w[0].islower()
        for w in words
        if w[0].isalpha() and w not in ("and", "of", "de", "du", "la", "the", "for", "y")
    )
    return lower_words <= max(0, len(words) // 4)


def _termination_party(role: PartyRole) -> TerminationParty | None:
    return {
        PartyRole.CUSTOMER: TerminationParty.CUSTOMER,
        PartyRole.PROVIDER: TerminationParty.PROVIDER,
    }.get(role)


def _describe_right(right: TerminationRight) -> str:
    text = f"{right.party.value} may terminate for {right.trigger.value}"
    if right.notice_period is not None:
        text += f" on {right.notice_period} notice"
    if right.has_penalty:
        text += "; a termination payment applies"
    if right.refund_of_prepaid is True:
        text += "; prepaid fees refunded"
    elif right.refund_of_prepaid is False:
        text += "; no refund of prepaid fees"
    return text


def _currency_code(raw: str) -> str | None:
    low = " ".join(raw.lower().replace(".", "").split())
    table = [
        (("us dollar", "usd", "us$", "united states"), "USD"),
        (("euro", "eur"), "EUR"),
        (("sterling", "gbp"), "GBP"),
        (("canadian", "cad"), "CAD"),
        (("australian", "aud"), "AUD"),
        (("yen",), "JPY"),
        (("franc", "chf"), "CHF"),
    ]
    for words, code in table:
        if any(w in low for w in words):
            return code
    if low in ("us dollars", "usdollars"):
        return "USD"
    return None


def _fee_kind(text: str, first: bool = False) -> FeeKind | None:
    """The kind named nearest the end of `text` (just before the amount).

    A specific kind (set-up, commitment, credits...) named in the phrase wins over a generic one
    (platform, subscription, usage); then the nearest; then the longer phrase ("minimum monthly
    fee" over "monthly fee"); on a full tie the kind listed first in `FEE_KINDS`.
    """
    best: tuple[int, int, int, FeeKind] | None = None
    for name, pattern in P.FEE_KINDS:
        kind = FeeKind(name)
        specific = int(kind not in _GENERIC_KINDS)
        for m in pattern.finditer(text):
            # In a row label the name comes first; before an amount the nearest words decide.
            key = (specific, -m.start(), 0) if first else (specific, m.end(), -m.start())
            if best is None or key > best[:3]:
                best = (*key, kind)
    return best[3] if best else None


def _unit_after(after: str) -> str | None:
    m = P.PER_UNIT.match(after)
    if not m:
        return None
    unit = _clean(m.group(1)).rstrip(".,;:)")
    if not unit or unit.lower() in ("the", "a", "an", "each", "any"):
        return None
    return unit


def _unit_before(before: str) -> str | None:
    """A rate-card column before the price: `per GPU-Second USD 0.00095`."""
    m = P.PER_UNIT_BEFORE.search(before)
    if not m:
        return None
    unit = _clean(m.group(1))
    return None if P.TIME_UNIT.fullmatch(unit) else unit


def _period_near(before: str, after: str) -> Duration | None:
    m = P.PERIOD_AFTER.match(after)
    word = None
    if m:
        word = (m.group(1) or m.group(2)).lower()
    else:
        b = list(P.PERIOD_BEFORE.finditer(before[-80:]))
        if b:
            word = b[-1].group(1).lower()
    return _period_of(word) if word else None


def _period_words(text: str) -> Duration | None:
    m = re.search(
        r"\b(annual(?:ly)?|per\s{1,5}(?:contract\s{1,5})?year|each\s{1,5}(?:contract\s{1,5})?year|yearly|monthly|per\s{1,5}month|each\s{1,5}month|quarterly|per\s{1,5}quarter|each\s{1,5}quarter)\b",
        text,
        re.I,
    )
    return _period_of(m.group(1).lower()) if m else None


def _period_of(word: str) -> Duration | None:
    if "quarter" in word:
        return Duration(value=Decimal(3), unit=DurationUnit.MONTHS)
    if word.startswith(("month", "mo")) or "month" in word:
        return Duration(value=Decimal(1), unit=DurationUnit.MONTHS)
    if word.startswith(("annu", "year", "yr")) or "year" in word:
        return Duration(value=Decimal(1), unit=DurationUnit.YEARS)
    if "week" in word:
        return Duration(value=Decimal(1), unit=DurationUnit.WEEKS)
    return None


def _frequency(word: str) -> BillingFrequency | None:
    if "month" in word:
        return BillingFrequency.MONTHLY
    if "quarter" in word:
        return BillingFrequency.QUARTERLY
    if "annual" in word or "year" in word:
        return BillingFrequency.ANNUALLY
    if (
        "one" in word
        or "upfront" in word
        or "up-front" in word
        or "signing" in word
        or "execution" in word
        or "recurring" in word
    ):
        return BillingFrequency.ONE_TIME
    return None


def _units(raw: str | None) -> Decimal | None:
    if not raw:
        return None
    text = raw.replace(",", "").replace(" ", "").upper()
    mult = 1
    if text[-1:] in "KMB" and text[-1:].isalpha():
        mult = {"K": 1000, "M": 1_000_000, "B": 1_000_000_000}[text[-1]]
        text = text[:-1]
    try:
        return Decimal(text) * mult
    except ArithmeticError:
        return None


def _usable_after_term(low: str) -> bool | None:
    if re.search(
        r"expire[sd]?[^.;]{0,40}\b(?:end|expiration|termination)\s{1,5}of\s{1,5}the\s{1,5}(?:\w+\s{1,5})?term|\bmay\s{1,5}not\s{1,5}be\s{1,5}used\s{1,5}after|\bmust\s{1,5}be\s{1,5}used\s{1,5}(?:within|during|before)",
        low,
    ):
        return False
    if re.search(
        r"\b(?:survive|after\s{1,5}the\s{1,5}(?:end|expiration)|beyond\s{1,5}the\s{1,5}term)",
        low,
    ):
        return True
    return None
