"""The agreement, effective and expiration dates.

A date is read only beside a cue (`dated`, `effective as of`, `expires on`); a date the
contract names elsewhere (`the Purchase Date`, `the date first written above`) is cited both
where it is stated and where it is used.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.extract.parse import Found, find_dates
from assistant.extract.rules._common import IC, Q_OPEN, QC, QO, Extraction, clean, in_sentence
from assistant.extract.rules._parties import BETWEEN, party_window
from assistant.extract.rules._sentences import Sentence
from assistant.extract.rules._term import TERM_HEADING, TERM_SENTENCE
from assistant.schemas import Term

AGREEMENT_DATE_CUE = re.compile(
    r"\b(?:dated|made|entered|executed|signed|effective|concluded|as\s{1,5}of|this|day)\b|"
    r"\bdate[^\S\n]{0,3}:",
    IC,
)
EFFECTIVE_DEF = re.compile(
    r"(?:" + QO + r"|\b)(?:effective|commencement|start|contract|service)\s{1,5}date"
    r"(?:" + QC + r")?",
    IC,
)
EFFECTIVE_CUE = re.compile(
    r"\beffective\b\s{0,5}(?:as\s{1,5}(?:of|from)|on|from|upon|date)?|"
    r"\b(?:commenc|begin|start)\w{0,4}\s{1,5}(?:on|as\s{1,5}of|from|upon|the)?\b|"
    r"\b(?:take|come|enter)\w{0,2}\s{1,5}(?:into\s{1,5})?(?:effect|force)\s{1,5}(?:on|as\s{1,5}of|from)",
    IC,
)
FIRST_WRITTEN = re.compile(
    r"\b(?:date|day|year)s?\s{1,5}(?:first|last|set\s{1,5}forth|written)[^.]{0,40}?"
    r"\b(?:above|below|hereinabove|herein|first above written)\b",
    IC,
)
EXPIRY_CUE = re.compile(
    r"(?:\b(?:expir|terminat|end|conclud|continu|remain|effect|valid)\w{0,4}\b[^.;]{0,60}?"
    r"\b(?:on|at|until|through|thru|till|to)|\b(?:until|through|thru|till|ending|concluding|"
    r"expiring)|\bat\s{1,5}midnight[^.;]{0,20}\bon|\b(?:ending|expiring|ends|expires)\s{1,5}at"
    r"\s{1,5}the\s{1,5}end\s{1,5}of(?:\s{1,5}the\s{1,5}day(?:\s{1,5}on)?)?)\s{1,5}"
    r"(?:and\s{1,5}including\s{1,5})?"
    r"(?:the\s{1,5})?$",
    IC,
)
EXPIRATION_DEF = re.compile(QO + r"(?:expiration|expiry|termination|end)\s{1,5}date" + QC, IC)
DATE_NAME_REF = re.compile(
    r"^\s{0,5}(?:on\s{1,5}|as\s{1,5}of\s{1,5}|from\s{1,5})?(?:the\s{1,5})?"
    r"(?P<name>(?:[A-Z][\w-]{1,20}\s{1,3}){0,3}Date)\b"
)
DATE_NAME_DEFINITION = re.compile(
    QO
    + r"(?P<name>(?:[A-Z][\w-]{1,20}\s{1,3}){0,3}Date)"
    + QC
    + r"\s{1,5}(?:shall\s{1,5})?(?:means?|is)\s{1,5}"
)
DATE_NAME_LINE = re.compile(
    r"(?m)^[^\S\n]{0,10}(?P<name>(?:[A-Z][\w-]{1,20}[^\S\n]{1,3}){0,3}Date)[^\S\n]{0,5}[:|]?"
    r"[^\S\n]{1,10}"
)
DATE_HEADING = re.compile(r"\b(?:effective|commencement|start)\s{1,5}date\b", IC)


def _dates_in(s: Sentence) -> list[Found[date]]:
    return in_sentence(s, find_dates(s.text))


def agreement_date(ex: Extraction) -> Term[date] | None:
    for s in _head_sentences(ex):
        if not s.has_year:
            continue
        if EFFECTIVE_DEF.search(s.text) and not BETWEEN.search(s.text):
            continue  # a definition of the effective date, not the date of the agreement
        for f in _dates_in(s):
            before = ex.text[max(s.start, f.start - 100) : f.start]
            cues = list(AGREEMENT_DATE_CUE.finditer(before))
            if not cues:
                continue
            low = before.lower()
            if any(w in low for w in ("amend", "original", "expir", "terminat", "prior agreement")):
                continue
            cue = cues[-1]
            lo = max(s.start, f.start - 100) + cue.start()
            strong = cue.group().lower() not in ("this", "day")
            return ex.term(f.value, [(lo, f.end)], 0.85 if strong else 0.7)
    return _dated_line(ex)


def _head_sentences(ex: Extraction) -> list[Sentence]:
    _, end = party_window(ex)
    limit = max(end, 2500)
    return [s for s in ex.sentences if s.start < limit]


def _dated_line(ex: Extraction) -> Term[date] | None:
    """A date standing on its own line near the top (`Dated: March 1, 2026`), weakly."""
    head = ex.text[: min(len(ex.text), 1500)]
    for f in find_dates(head):
        line_start = head.rfind("\n", 0, f.start) + 1
        line_end = head.find("\n", f.end)
        line = head[line_start : line_end if line_end >= 0 else len(head)]
        label = head[line_start : f.start].strip().lower().rstrip(":").strip()
        if label in ("", "dated", "date", "dated as of", "as of") and len(line.strip()) < 60:
            return ex.term(f.value, [(line_start, f.end)], 0.5)
    return None


def effective_date(ex: Extraction, agreement: Term[date] | None) -> Term[date] | None:
    fallback: Term[date] | None = None
    for s in ex.sentences_with("effect", "commenc", "start", "contract date", "begin", "force"):
        defined = EFFECTIVE_DEF.search(s.text)
        dates = _dates_in(s)
        if defined and s.text[defined.start() : defined.start() + 1] in Q_OPEN:
            d_start = s.start + defined.start()
            d_end = s.start + defined.end()
            near = [f for f in dates if 0 <= d_start - f.end <= 120] or [
                f for f in dates if 0 <= f.start - d_end <= 80
            ]
            if near:
                f = near[-1] if near[-1].end <= d_start else near[0]
                lo, hi = min(f.start, d_start), max(f.end, d_end)
                return ex.term(f.value, [_clip(ex, s, lo, hi)], 0.9)
            written = FIRST_WRITTEN.search(s.text)
            if written and agreement is not None:
                lo = s.start + written.start()
                spans = [_clip(ex, s, min(lo, d_start), max(s.start + written.end(), d_end))]
                spans.append(_span_of(ex, agreement))
                return ex.term(agreement.value, spans, 0.6)
        if fallback is None and re.search(r"agreement|contract|\bterm\b|effective", s.lower):
            for cue in EFFECTIVE_CUE.finditer(s.text):
                after = [f for f in dates if 0 <= f.start - (s.start + cue.end()) <= 16]
                if after:
                    f = after[0]
                    conf = 0.75 if cue.group().lower().startswith("effective") else 0.6
                    fallback = ex.term(f.value, [(s.start + cue.start(), f.end)], conf)
                    break
                named = _named_date_after(ex, s, cue.start(), cue.end(), agreement)
                if named is not None:
                    fallback = named
                    break
    if fallback is None:
        fallback = _labelled_effective_date(ex)
    return fallback


def _named_date_after(
    ex: Extraction, s: Sentence, cue: int, at: int, agreement: Term[date] | None
) -> Term[date] | None:
    """`starts on the Purchase Date` / `takes effect on the date first written above`:
    a date the contract states elsewhere, cited where it is stated and where it is used."""
    rest = s.text[at : at + 80]
    use = ex.window(s, s.start + cue, s.start + at + len(rest.rstrip()))
    written = FIRST_WRITTEN.match(rest.lstrip(" on").lstrip()) or (FIRST_WRITTEN.search(rest[:40]))
    if written and agreement is not None:
        return ex.term(agreement.value, [use, _span_of(ex, agreement)], 0.6)
    m = DATE_NAME_REF.match(rest)
    if m is None:
        return None
    defined = _defined_dates(ex).get(clean(m.group("name")).lower())
    if defined is None:
        return None
    value, span = defined
    end = s.start + at + m.end()
    return ex.term(value, [ex.window(s, s.start + cue, end), span], 0.65)


def _defined_dates(ex: Extraction) -> dict[str, tuple[date, tuple[int, int]]]:
    """Dates the contract names: `"Purchase Date" means May 15, 2026`, `Purchase Date | May
    15, 2026` in an order summary."""
    if ex.named_dates is not None:
        return ex.named_dates
    found: dict[str, tuple[date, tuple[int, int]]] = {}
    for pattern in (DATE_NAME_DEFINITION, DATE_NAME_LINE):
        for m in pattern.finditer(ex.text, 0, min(len(ex.text), 200_000)):
            name = clean(m.group("name")).lower()
            dates = list(find_dates(ex.text[m.end() : m.end() + 60]))
            if name in found or not dates or dates[0].start > 12:
                continue
            d = dates[0]
            found[name] = (d.value, (m.start("name"), m.end() + d.end))
    ex.named_dates = found
    return found


def _labelled_effective_date(ex: Extraction) -> Term[date] | None:
    """`Effective Date. June 1, 2026.`: a date sentence under an effective-date heading."""
    for s in ex.sentences:
        if not s.has_year:
            continue
        heading = ex.heading_before(s, DATE_HEADING)
        if heading is None:
            continue
        dates = _dates_in(s)
        if dates and dates[0].start == s.start:
            return ex.term(dates[0].value, [(heading.start, dates[0].end)], 0.8)
    return None


def _span_of(ex: Extraction, term: Term[Any]) -> tuple[int, int]:
    c = term.citations[0]
    clause = ex.doc.clause(c.clause_id)
    found = ex.doc.find(c.quote, c.clause_id) if clause else None
    return found or (0, 0)


def _clip(ex: Extraction, s: Sentence, lo: int, hi: int) -> tuple[int, int]:
    """A span widened to its sentence when the sentence is short, else left tight."""
    if s.end - s.start <= 200:
        return s.start, s.end
    return max(lo, s.start), min(hi, s.end)


def expiration_date(ex: Extraction) -> Term[date] | None:
    for s in ex.sentences_with(
        "expir", "terminat", "until", "through", "end", "term", "valid", "conclud"
    ):
        if not s.has_year:
            continue
        defined = EXPIRATION_DEF.search(s.text)
        for f in _dates_in(s):
            before = ex.text[max(s.start, f.start - 120) : f.start]
            if EXPIRY_CUE.search(before) or (
                defined and abs(s.start + defined.start() - f.end) <= 80
            ):
                if not (
                    TERM_SENTENCE.search(s.text)
                    or defined
                    or "expir" in s.lower
                    or ex.heading_before(s, TERM_HEADING)
                ):
                    continue
                if re.search(r"\b(?:previous|prior|original|existing)\s{1,5}agreement", s.lower):
                    continue
                return ex.term(f.value, [ex.window(s, f.start, f.end)], 0.8)
    return None
