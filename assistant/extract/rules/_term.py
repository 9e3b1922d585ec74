"""The initial term, a perpetual term, and renewal (automatic or at an option, its length and
the notice that stops it)."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.extract.parse import ORDINAL_DAYS
from assistant.extract.rules._common import IC, NOTICE_WORD, QC, Extraction
from assistant.extract.rules._sentences import Sentence
from assistant.extract.rules._termination import MUTUAL
from assistant.schemas import Duration, DurationUnit, Renewal, Term

TERM_SENTENCE = re.compile(
    r"\b(?:initial\s{1,5}(?:term|period)|term\s{1,5}of\s{1,5}(?:this|the)\s"
    r"{1,5}(?:agreement|contract|license|licence|franchise)|(?:this|the)\s{1,5}(?:\w{1,15}\s{1,5})?"
    r"(?:agreement|contract)[^.;]{0,60}?\b(?:shall|will|is\s{1,5}to|is|will\s{1,5}be)\s{1,5}"
    r"(?:commence|continue|remain|be\s{1,5}in\s{1,5}(?:full\s{1,5})?(?:force|effect)|expire|"
    r"terminate|run|have\s{1,5}a\s{1,5}(?:term|duration)|be\s{1,5}effective|valid|"
    r"be\s{1,5}valid|extend|last|end|begin)|the\s{1,5}term\s{1,5}(?:hereof|shall|will|is|"
    r"of\s{1,5}this)|\bterm\b[^.;]{0,40}\bshall\s{1,5}be\b|subscription\s{1,5}term|"
    r"(?:contract|service|agreement|cooperation)\s{1,5}(?:term|period)|"
    r"(?:term|period)" + QC + r"?\s{1,5}(?:shall\s{1,5})?means?\b|term\s{0,5}[:.-]|"
    r"\b(?:has|have)\s{1,5}a\s{1,5}(?:term|duration)\s{1,5}of\b|"
    r"\bterm\b[^.;]{0,60}?\b(?:begins?|commences?|starts?|ends?|expires?)\b|"
    r"\b(?:agreement|contract)\s{1,5}(?:starts?|begins?|commences?|takes\s{1,5}effect)\b)",
    IC,
)
TERM_EXCLUDE = re.compile(
    r"^[^.;]{0,30}?\b(?:thereafter|after\s{1,5}(?:the\s{1,5}|its\s{1,5}|such\s{1,5})?"
    r"(?:termination|expiration|expiry|end)|following\s{1,5}(?:the\s{1,5}|its\s{1,5})?"
    r"(?:termination|expiration|expiry)|prior\s{1,5}to|before|notice|in\s{1,5}advance)\b",
    IC,
)
TERM_HEADING = re.compile(r"\b(?:term|period|duration)\b", IC)
TERM_DURATION_CUE = re.compile(
    r"\b(?:for|of|period\s{1,5}of|expire|end|continue|until|through|be|is|last(?:ing)?|"
    r"duration\s{1,5}of)"
    r"\s{1,5}(?:an?\s{1,5}|the\s{1,5})?(?:(?:initial|fixed|further|period\s"
    r"{1,5}of|term\s{1,5}of)\s{1,5}){0,2}$",
    IC,
)
ANNIVERSARY = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)|"
    r"(?:\w{1,10}\s{1,3})?\(?\d{1,2}\)?[\s-]{1,3}year)\s{1,5}anniversary\b",
    IC,
)
PERPETUAL = re.compile(
    r"\bin\s{1,5}perpetuity\b|\bperpetual(?:ly)?\b|\bindefinite(?:ly)?\b|"
    r"\buntil\s{1,5}(?:terminated|such\s{1,5}time|either|one|the\s{1,5}"
    r"(?:parties|party)[^.]{0,30}terminat)",
    IC,
)
RENEW = re.compile(r"\b(?:renew\w{0,5}|extend\w{0,2}|extension|evergreen|auto-?renew\w{0,5})\b", IC)
RENEW_STRICT = re.compile(
    r"\brenew\w{0,5}|\bauto-?renew|\bevergreen\b|\bautomatically\s{1,5}extend", IC
)
AUTO_RENEW = re.compile(
    r"\bautomatic(?:ally)?\b[^.;]{0,60}?\b(?:renew|extend|extension|continue|roll)|"
    r"\b(?:renew|extend)\w{0,3}\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:automatically|tacitly)\b|"
    r"\bauto-?renew|\bevergreen\b|\btacit(?:ly)?\s{1,5}renew|"
    r"\b(?:shall|will)\s{1,5}(?:thereafter\s{1,5})?(?:be\s{1,5})?(?:renewed|"
    r"extended|renew|extend|continue)[^.;]{0,40}?\b(?:successive|additional|consecutive|"
    r"subsequent|further|year[\s-]to[\s-]year|month[\s-]to[\s-]month)\b[^.;]{0,200}?"
    r"\bunless\b|"
    r"\b(?:shall|will)\s{1,5}(?:thereafter\s{1,5})?(?:be\s{1,5})?(?:renewed|extended|renew|"
    r"extend)\s{1,5}(?:automatically\s{1,5})?for\s{1,5}(?:an?\s{1,5}|one\s{1,5})?(?:\w{1,12}\s"
    r"{1,5})?(?:additional|successive|subsequent|consecutive|further|another)\b|"
    r"\b(?:thereafter|after\s{1,5}that|continue\s{1,5}(?:in\s{1,5}effect\s{1,5})?(?:on\s{1,5}an?\s"
    r"{1,5})?)[^.;]{0,60}?\b(?:month|year)[\s-]to[\s-](?:month|year)\b|"
    r"\bunless\b[^.;]{0,120}?\b(?:notice|notif\w{0,6})\b[^.;]{0,120}?"
    r"\b(?:not\s{1,5}to\s{1,5}(?:renew|extend)|non-?renewal|terminat\w{0,5})\b",
    IC,
)
NO_AUTO_RENEW = re.compile(
    r"\b(?:not|no|never|neither|nor)\b[^.;]{0,30}?\b(?:automatic\w{0,4}\s{1,5})?"
    r"(?:renew|extend|be\s{1,5}renewed|be\s{1,5}extended)|"
    r"\brenew\w{0,3}\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:only|solely)\s{1,5}(?:by|upon|"
    r"with|if)\b|\bmutual(?:ly)?\b|\bno\s{1,5}automatic\b",
    IC,
)
OPTION_RENEW = re.compile(
    r"\b(?:options?|right|elect\w{0,4}|may|can)[\s,]{1,5}(?:[\w']{1,15}[\s,]{1,5}){0,4}?"
    r"(?:to\s{1,5})?(?:renew|extend)\w{0,3}\b|\bat\s{1,5}(?:the\s{1,5})?(?:[\w'’]{1,20}\s{1,5})?"
    r"option\b|\brenewable\b",
    IC,
)
NOT_RENEWED = re.compile(
    r"\b(?:does|do|shall|will|is|are)\s{1,5}not\s{1,5}(?:be\s{1,5})?(?:automatically\s{1,5})?"
    r"renew(?:ed)?\b(?![^.;]{0,30}\b(?:unless|except|other\s{1,5}than|only)\b)|"
    r"\b(?:does|do|shall|will|is|are)\s{1,5}not\s{1,5}(?:be\s{1,5})?automatically\s{1,5}"
    r"extend(?:ed)?\b|\b(?:is|are)\s{1,5}not\s{1,5}renewable\b|\bnon-?renewable\b|"
    r"^no\s{1,5}(?:automatic\s{1,5})?renewal\b(?!\s{0,3}\.?$)|"
    r"\bno\s{1,5}automatic\s{1,5}(?:renewal|extension)\b",
    IC,
)
"""An explicit statement that the agreement does not renew (by itself or at all)."""
AGREEMENT_SUBJECT = re.compile(
    r"\b(?:agreement|contract|term|order(?:\s{1,5}form)?|subscription|licen[cs]e|it|sow|"
    r"statement\s{1,5}of\s{1,5}work|renewal\s{1,5}term|support\s{1,5}term|service\s{1,5}term)\b",
    IC,
)
RENEWAL_PERIOD_BASIS = re.compile(r"\b(year|month)[\s-]to[\s-](?:year|month)\b", IC)
_RENEWAL_NEEDLES = (
    "renew", "extend", "extension", "evergreen", "year-to-year", "year to year",
    "month-to-month", "month to month", "automatically", "tacit",
)  # fmt: skip


def initial_term(ex: Extraction) -> Term[Duration] | None:
    candidates = {x.index: x for x in ex.sentences_with("term", "period", "expire")}
    for x in ex.sentences:
        if x.index not in candidates and ex.heading_before(x, TERM_HEADING):
            candidates[x.index] = x
    for s in (candidates[i] for i in sorted(candidates)):
        headed = ex.heading_before(s, TERM_HEADING) is not None
        if not (TERM_SENTENCE.search(s.text) or headed):
            continue
        renew = RENEW_STRICT.search(s.text)
        initial = s.lower.find("initial term")
        for f in ex.durations(s):
            rel = f.start - s.start
            if renew and rel > renew.start() and not (0 <= initial < rel):
                break
            after = ex.text[f.end : min(s.end, f.end + 60)]
            if ex.is_notice_duration(s, f) or TERM_EXCLUDE.search(after):
                continue
            before = ex.text[max(s.start, f.start - 60) : f.start]
            if TERM_DURATION_CUE.search(before) or (headed and f.start == s.start):
                return ex.term(f.value, [ex.window(s, f.start, f.end)], 0.8)
        m = ANNIVERSARY.search(s.text)
        if m and re.search(r"expir|continu|until|terminat|\bend", s.lower):
            raw = m.group(1).lower()
            # `fifth anniversary`: the ordinal words the pattern admits are all day ordinals.
            years = ORDINAL_DAYS.get(raw) or int(re.sub(r"\D", "", raw) or 0)
            if years:
                value = Duration(value=Decimal(years), unit=DurationUnit.YEARS)
                span = ex.window(s, s.start + m.start(), s.start + m.end())
                return ex.term(value, [span], 0.7)
    return None


def perpetual(ex: Extraction) -> Term[bool] | None:
    for s in ex.sentences_with("perpetu", "indefinite", "until terminated", "until such"):
        if "licen" in s.lower or not TERM_SENTENCE.search(s.text):
            continue
        m = PERPETUAL.search(s.text)
        if m:
            return ex.term(True, [ex.window(s, s.start + m.start(), s.start + m.end())], 0.7)
    return None


def renewal(ex: Extraction) -> Term[Renewal] | None:
    optional: tuple[Sentence, re.Match[str]] | None = None
    stated_not: tuple[Sentence, re.Match[str]] | None = None
    for s in ex.sentences_with(*_RENEWAL_NEEDLES):
        auto = AUTO_RENEW.search(s.text)
        if not (auto or RENEW.search(s.text)) or len(s.text.split()) < 3:
            continue  # no renewal words, or a heading such as "Automatic Renewal."
        if stated_not is None and ("not" in s.lower or "no " in s.lower or "non" in s.lower):
            negated = NOT_RENEWED.search(s.text)
            if negated and AGREEMENT_SUBJECT.search(s.text):
                stated_not = (s, negated)
        if len(s.text.split()) < 6:
            continue
        option = OPTION_RENEW.search(s.text)
        if auto and not (option and option.start() < auto.start()):
            window = s.text[max(0, auto.start() - 40) : auto.end()]
            if not (NO_AUTO_RENEW.search(window) and "unless" not in window.lower()):
                return _renewal_term(ex, s, auto, automatic=True)
            # "does not renew automatically; Customer may renew it by purchase order": the
            # option after the negation still stands.
            option = OPTION_RENEW.search(s.text, auto.end())
        if option and optional is None and not MUTUAL.search(s.text):
            before = s.text[max(0, option.start() - 30) : option.end()]
            if not re.search(r"\b(?:not|no)\b", before, re.I):
                optional = (s, option)
    if optional is not None:
        s, option = optional
        renewal = _renewal_term(ex, s, option, automatic=False)
        if renewal is not None and renewal.value.renewal_term is not None:
            if stated_not is not None and stated_not[0].index != s.index:
                _cite_also(ex, renewal, stated_not[0])
            return renewal
    if stated_not is not None:
        # An explicit fact: the agreement does not renew by itself. `automatic=False` with no
        # renewal term says no renewal option is stated.
        s, negated = stated_not
        span = ex.window(s, s.start + negated.start(), s.start + negated.end())
        return ex.term(Renewal(automatic=False), [span], 0.8)
    return None


def _cite_also(ex: Extraction, term: Term[Renewal], s: Sentence) -> None:
    extra = ex.cite(s.start, s.end)
    if extra is not None and extra not in term.citations:
        term.citations.append(extra)


def _renewal_term(
    ex: Extraction, s: Sentence, cue: re.Match[str], automatic: bool
) -> Term[Renewal] | None:
    term: Duration | None = None
    notice: Duration | None = None
    notice_sentence: Sentence | None = None
    for f in ex.durations(s):
        if ex.is_notice_duration(s, f):
            notice = notice or f.value
        elif term is None and f.start - s.start >= cue.start() - 40:
            term = f.value
    basis = RENEWAL_PERIOD_BASIS.search(s.text)
    if term is None and basis:
        unit = DurationUnit.YEARS if basis.group(1).lower() == "year" else DurationUnit.MONTHS
        term = Duration(value=Decimal(1), unit=unit)
    if notice is None:
        for n in ex.neighbours(s, after=2, before=1):
            if not NOTICE_WORD.search(n.text):
                continue
            if not re.search(r"renew|terminat|expir|non-?renewal|end of", n.lower):
                continue
            durations = [f for f in ex.durations(n) if ex.is_notice_duration(n, f)]
            if durations:
                notice = durations[0].value
                notice_sentence = n
                break
    value = Renewal(automatic=automatic, renewal_term=term, notice_period=notice)
    spans = [ex.window(s, s.start + cue.start(), s.start + cue.end())]
    if notice_sentence is not None:
        spans.append((notice_sentence.start, notice_sentence.end))
    return ex.term(value, spans, 0.85 if automatic else 0.6)
