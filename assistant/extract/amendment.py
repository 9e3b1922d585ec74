"""Reading an amendment: `Document` (+ the original's terms) -> `AmendmentTerms`.

Rule-based and offline, like `rules`: what the amendment changes is read from sentences with
amendment cue words, and every value is cited into the amendment document. Fee lines are not
re-read here: the extractor's fee lines (the rule extractor's unless another is passed in) are
sorted into *price changes* (a fee kind the original already charges, or a sentence that says
it amends a fee) and *added* fees (a new kind of fee, or "additional" goods or services).
Lines that only restate the old price ("no longer applies", "previously") or that come from a
before/after summary table (two amounts in one row) are dropped: the operative clauses state
the change.

Read:
- the effective date of the amendment ("Amendment Effective Date", "takes effect on", "with
  effect from"), falling back to the extractor's effective date, then the agreement date;
- the reference to the original agreement (its title and date: "the API Services Agreement
  dated as of December 1, 2026"), or the title "AMENDMENT NO. 1 TO ...";
- a term change: a new end date ("the Term ends on December 31, 2029") and/or an extension
  ("extended by twelve (12) months");
- credits the amendment grants (the extractor's amount discounts and credits).
"""

from __future__ import annotations

import re
from datetime import date

from assistant.extract.parse import find_dates, find_durations
from assistant.extract.rules import RuleExtractor, Sentence, split_sentences
from assistant.schemas import (
    AmendmentTerms,
    ContractTerms,
    DiscountKind,
    Document,
    Duration,
    FeeKind,
    FeeLine,
    OriginalReference,
    PriceChange,
    Term,
    TermChange,
    cite,
)

_EFFECTIVE = re.compile(
    r"amendment\s{1,3}effective\s{1,3}date|takes?\s{1,3}effect|with\s{1,3}effect\s{1,3}from|"
    r"effective\s{1,3}(?:as\s{1,3}of|on|from)|is\s{1,3}effective",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"(?P<title>(?:[A-Z][\w&'-]{0,30}\s{1,3}){0,6}(?:Agreement|Contract|Order\s{1,3}Form))"
    r"[^.;]{0,40}?\b(?:dated|made|entered\s{1,3}into)\s{1,3}(?:as\s{1,3}of\s{1,3}|on\s{1,3})?",
)
_TITLE_TO = re.compile(
    r"\bamendment\b[^.\n]{0,30}?\bto\s{1,3}(?:the\s{1,3})?(?P<title>[A-Z][\w&' -]{3,80}?"
    r"(?:agreement|contract|order\s{1,3}form))",
    re.IGNORECASE,
)
_TERM_CUE = re.compile(r"\b(?:term|agreement)\b", re.IGNORECASE)
_END_CUE = re.compile(
    r"\b(?:ends?|end|expires?|expire|terminates?|continues?|run)\s{1,3}(?:on|until|through)\b"
    r"|\buntil\b|\bthrough\b",
    re.IGNORECASE,
)
_EXTEND = re.compile(r"\bextend(?:ed|s)?\b|\bextension\b|\brenewed\s{1,3}for\b", re.IGNORECASE)
_INSTEAD = re.compile(r"\binstead\s{1,3}of\b|\brather\s{1,3}than\b|\bformerly\b", re.IGNORECASE)
_OLD_PRICE = re.compile(
    r"\bno\s{1,3}longer\b|\bpreviously\b|\bbefore\s{1,3}the\s{1,3}amendment\b|\(paid\)|"
    r"\bcurrently\s{1,3}(?:is|are)\b|\bwas\s{1,3}(?:USD|EUR|GBP|\$)",
    re.IGNORECASE,
)
_CHANGE_CUE = re.compile(
    r"\bamend(?:ed|s)?\b|\breplac\w*|\bincrease[sd]?\b|\bdecrease[sd]?\b|\breduc\w*|"
    r"\brevised\b|\bchanged?\b|\bin\s{1,3}lieu\b|\binstead\b|\bwith\s{1,3}effect\s{1,3}from\b|"
    r"\bunder\s{1,3}section\b|\bof\s{1,3}the\s{1,3}(?:original\s{1,3})?agreement\b",
    re.IGNORECASE,
)
_ADD_CUE = re.compile(
    r"\badd(?:s|ed|ition|itional)?\b|\bnew\s{1,3}(?:service|product|module|feature)|\bexpan\w*"
    r"|\bfurther\s{1,3}(?:service|product|capacity|seat|unit)",
    re.IGNORECASE,
)
_FROM_DATE = re.compile(
    r"\b(?:from|beginning|commencing|starting|effective|as\s{1,3}of|on\s{1,3}and\s{1,3}after)"
    r"\s{1,3}(?:(?:on|the)\s{1,3})?$",
    re.IGNORECASE,
)
_MONEY_FIGURE = re.compile(r"(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|US\$|\$|€|£)\s?\d", re.IGNORECASE)

# Kinds of fee the standard's Step 2 puts in one performance obligation: a price change of a
# kind the original charges under a sibling name (subscription vs platform) is still a change.
_GROUPS = (
    {FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.RESERVED_CAPACITY},
    {FeeKind.USAGE, FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT, FeeKind.PREPAID_CREDITS},
    {FeeKind.PROFESSIONAL_SERVICES},
    {FeeKind.SUPPORT},
    {FeeKind.SETUP},
    {FeeKind.LICENCE},
    {FeeKind.HARDWARE},
)


def fee_group(kind: FeeKind) -> frozenset[FeeKind]:
    return next((frozenset(g) for g in _GROUPS if kind in g), frozenset({kind}))


def read_amendment(
    document: Document, original: ContractTerms, terms: ContractTerms | None = None
) -> AmendmentTerms:
    """What the amendment in `document` changes in the agreement whose terms are `original`.

    `terms` are the amendment's terms as the configured extractor read them (the rule
    extractor's when None); their fee lines are sorted into price changes and added fees.
    """
    terms = terms if terms is not None else RuleExtractor().extract(document)
    sentences = split_sentences(document)
    effective = _effective_date(document, sentences) or terms.effective_date
    if effective is None:
        effective = terms.agreement_date
    changes, added = _fees(document, terms, original)
    return AmendmentTerms(
        effective_date=effective,
        original_reference=_reference(document, sentences, terms),
        added_fee_lines=added,
        price_changes=changes,
        term_change=_term_change(document, sentences, original),
        credits=[
            d
            for d in terms.discounts
            if d.value.amount is not None
            and d.value.kind
            in (DiscountKind.AMOUNT, DiscountKind.FREE_CREDITS, DiscountKind.WAIVED_FEE)
        ],
    )


# --------------------------------------------------------------------------- dates


def _term_of(document: Document, s: Sentence, value, confidence: float) -> Term | None:
    try:
        citation = cite(document, s.start, s.end)
    except ValueError:
        return None
    return Term(value=value, citations=[citation], confidence=confidence)


def _effective_date(document: Document, sentences: list[Sentence]) -> Term[date] | None:
    for s in sentences:
        cue = _EFFECTIVE.search(s.text)
        if not cue or not s.has_year:
            continue
        dates = [d for d in find_dates(s.text) if d.start >= cue.start() - 60]
        if dates:
            return _term_of(document, s, dates[0].value, 0.8)
    return None


def _reference(
    document: Document, sentences: list[Sentence], terms: ContractTerms
) -> Term[OriginalReference] | None:
    for s in sentences:
        m = _REFERENCE.search(s.text)
        if not m or "amendment" in m.group("title").lower():
            continue
        after = s.text[m.end() : m.end() + 40]
        dated = next(iter(find_dates(after)), None)
        if dated is None or dated.start > 5:
            continue
        title = " ".join(m.group("title").split())
        title = re.sub(r"^(?:the|an?)\s+", "", title, flags=re.IGNORECASE)
        return _term_of(document, s, OriginalReference(title=title, dated=dated.value), 0.75)
    if terms.title is not None:
        m = _TITLE_TO.search(terms.title.value)
        if m:
            title = " ".join(m.group("title").split()).title()
            return Term(
                value=OriginalReference(title=title),
                citations=terms.title.citations,
                confidence=0.6,
            )
    return None


def _term_change(
    document: Document, sentences: list[Sentence], original: ContractTerms
) -> Term[TermChange] | None:
    for s in sentences:
        extend = _EXTEND.search(s.text)
        ends = _END_CUE.search(s.text)
        if not (extend or ends) or not _TERM_CUE.search(s.text):
            continue
        if ends is None and extend is None:
            continue
        new_end = None
        if ends is not None and s.has_year:
            stop = _INSTEAD.search(s.text, ends.end())
            window = s.text[ends.end() : stop.start() if stop else ends.end() + 60]
            first = next(iter(find_dates(window)), None)
            if first is not None and first.start < 12:
                new_end = first.value
        extension: Duration | None = None
        if extend is not None:
            near = [d for d in find_durations(s.text) if abs(d.start - extend.end()) < 80]
            extension = near[0].value if near else None
        if new_end is None and extension is None:
            continue
        if (
            new_end is not None
            and original.expiration_date is not None
            and new_end <= original.expiration_date.value
            and extension is None
        ):
            continue  # restates the original end, or a shorter term we do not read
        return _term_of(document, s, TermChange(new_end=new_end, extension=extension), 0.75)
    return None


# --------------------------------------------------------------------------- fees


def _fees(
    document: Document, terms: ContractTerms, original: ContractTerms
) -> tuple[list[Term[PriceChange]], list[Term[FeeLine]]]:
    original_kinds = {f.value.kind for f in original.fee_lines}
    changes: list[Term[PriceChange]] = []
    added: list[Term[FeeLine]] = []
    for line in terms.fee_lines:
        # The first citation is the sentence that states the price (later ones are folded
        # restatements): judge the line by it.
        quote = " ".join(line.citations[0].quote.split())
        two_prices = len(_MONEY_FIGURE.findall(quote)) >= 2 and not _INSTEAD.search(quote)
        if _OLD_PRICE.search(quote) or two_prices:
            continue  # the old price, or a before/after summary row
        fee = line.value
        if fee.amount is None and fee.unit_price is None and not fee.tiers:
            continue
        known = bool(fee_group(fee.kind) & original_kinds)
        additive = bool(_ADD_CUE.search(quote)) and not _CHANGE_CUE.search(quote)
        if known and not additive:
            change = PriceChange(
                kind=_original_kind(fee.kind, original_kinds),
                description=fee.description,
                amount=fee.amount,
                period=fee.commitment_period or fee.period,
                unit_price=fee.unit_price if fee.unit_price is not None else _first_tier(fee),
                unit=fee.unit,
                effective_from=_from_date(quote),
            )
            changes.append(Term(value=change, citations=line.citations, confidence=line.confidence))
        else:
            added.append(line)
    return changes, added


def _original_kind(kind: FeeKind, original_kinds: set[FeeKind]) -> FeeKind:
    if kind in original_kinds:
        return kind
    return next((k for k in sorted(original_kinds) if k in fee_group(kind)), kind)


def _first_tier(fee: FeeLine):
    return fee.tiers[0].unit_price if fee.tiers else None


def _from_date(quote: str) -> date | None:
    for found in find_dates(quote):
        if _FROM_DATE.search(quote[max(0, found.start - 30) : found.start]):
            return found.value
    return None


__all__ = ["fee_group", "read_amendment"]
