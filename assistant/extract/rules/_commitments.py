"""Commitments and prepaid credits: the period a commitment covers, what happens to a shortfall
or to unused credits (invoiced, forfeited, rolled over), credit expiry and refunds, and minimum
purchase commitments stated in units rather than money."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.extract.rules._common import IC, MAX_PER_KIND, MONEY_HINT, Extraction
from assistant.extract.rules._fee_phrases import period_near, period_words
from assistant.extract.rules._sentences import Sentence
from assistant.extract.rules._termination import REFUND_NO
from assistant.schemas import FeeKind, FeeLine, Shortfall, Term

SHORTFALL_INVOICED = re.compile(
    r"\b(?:shortfall|difference|deficiency|true-?up|unused\s{1,5}(?:portion|amount|"
    r"commitment)|balance|remaining\s{1,5}amount)\b[^.;]{0,120}?\b(?:invoic\w{1,3}|"
    r"bill\w{0,3}|pay\w{0,4}|due|charg\w{1,3})\b|\b(?:invoic\w{1,3}|bill\w{0,3}|pay\w{0,4}|"
    r"charg\w{1,3})\b[^.;]{0,80}?\b(?:shortfall|difference|deficiency|true-?up)\b",
    IC,
)
SHORTFALL_FORFEITED = re.compile(
    r"\b(?:unused|remaining|unconsumed|unutili[sz]ed)\b[^.;]{0,120}?\b(?:forfeit\w{0,3}|expire\w?|"
    r"lapse\w?|(?:will|shall)\s{1,5}not\s{1,5}be\s{1,5}(?:refunded|credited)|"
    r"non-?refundable|lost)\b|\bforfeit\w{0,3}\b",
    IC,
)
ROLLOVER = re.compile(
    r"\broll(?:ed|s)?[\s-]?over\b|\bcarr(?:y|ied|ies)\s{1,5}(?:forward|over)\b|\bcarry-?over\b",
    IC,
)
NEGATION_NEAR = re.compile(r"\b(?:not|no|never|cannot|neither|nor|without)\b", IC)
CREDIT_EXPIRY = re.compile(
    r"\b(?:expire\w?|expiration|valid|usable|redeem\w{0,4}|must\s{1,5}be\s{1,5}used)\b",
    IC,
)
UNIT_COMMITMENT = re.compile(
    r"\bminimum\s{1,5}(?:(?:annual|yearly|monthly|quarterly|total|aggregate|initial)\s{1,5}){0,2}"
    r"(?:purchase|order|quantity|quantities|volume|commitment|spend|sales)\w{0,2}\b|"
    r"\b(?:shall|will|agrees?\s{1,5}to|commits?\s{1,5}to|undertakes?\s{1,5}to|must|"
    r"is\s{1,5}obligated\s{1,5}to)\s{1,5}(?:purchase|buy|order|procure|take)\s{1,5}"
    r"(?:at\s{1,5}least|a\s{1,5}minimum\s{1,5}of|no\s{1,5}less\s{1,5}than|not\s{1,5}less\s{1,5}"
    r"than|a\s{1,5}minimum)\b",
    IC,
)
QUANTITY = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3}){1,4}|\d{2,9})\s{1,3}([A-Za-z][\w-]{1,30})")
_TIME_UNITS = {"month", "months", "year", "years", "annum", "quarter", "week", "day", "mo", "yr"}


def commitment_details(ex: Extraction, s: Sentence, fee: FeeLine, before: str, after: str) -> None:
    if fee.kind is not FeeKind.PREPAID_CREDITS:
        fee.commitment_period = period_near(before, after) or period_words(before + after)
    for n in [s, *ex.neighbours(s, after=3, before=1)]:
        if fee.shortfall is None:
            if SHORTFALL_INVOICED.search(n.text):
                fee.shortfall = Shortfall.INVOICED
            elif SHORTFALL_FORFEITED.search(n.text):
                fee.shortfall = Shortfall.FORFEITED
        roll = ROLLOVER.search(n.text) if fee.rollover is None else None
        if roll:
            head = n.text[max(0, roll.start() - 40) : roll.start()]
            fee.rollover = not NEGATION_NEAR.search(head)
        if fee.kind is FeeKind.PREPAID_CREDITS:
            if fee.credit_expiry is None and CREDIT_EXPIRY.search(n.text):
                for d in ex.durations(n):
                    head = ex.text[max(n.start, d.start - 80) : d.start]
                    if CREDIT_EXPIRY.search(head) and not ex.is_notice_duration(n, d):
                        fee.credit_expiry = d.value
                        break
            if fee.refundable is None:
                if REFUND_NO.search(n.text):
                    fee.refundable = False
                elif re.search(r"\brefundable\b", n.lower):
                    fee.refundable = True
    if fee.kind is FeeKind.PREPAID_CREDITS and fee.shortfall is Shortfall.INVOICED:
        fee.shortfall = None


def unit_commitments(ex: Extraction, fees: list[Term[FeeLine]]) -> list[Term[FeeLine]]:
    """Minimum purchase commitments stated in units (or with the figure redacted)."""
    cited = {c.quote for t in fees for c in t.citations}
    out: list[Term[FeeLine]] = []
    for s in ex.sentences_with("minimum", "at least", "no less than", "not less than"):
        m = UNIT_COMMITMENT.search(s.text)
        if not m or MONEY_HINT.search(s.lower) or s.lower.startswith("whereas"):
            continue
        qty = QUANTITY.search(s.text, m.start(), min(len(s.text), m.end() + 120))
        if qty and qty.group(2).lower() in _TIME_UNITS | {"days", "percent", "per", "of"}:
            qty = None
        end = qty.end() if qty else m.end()
        fee = FeeLine(
            kind=FeeKind.MINIMUM_COMMITMENT,
            description=ex.describe(s.start + m.start(), s.start + end),
            quantity=Decimal(qty.group(1).replace(",", "")) if qty else None,
            unit=qty.group(2) if qty else None,
            commitment_period=period_words(s.text),
        )
        span = ex.window(s, s.start + m.start(), s.start + end)
        term = ex.term(fee, [span], 0.55 if qty else 0.4)
        if term is not None and term.citations[0].quote not in cited:
            out.append(term)
            if len(out) >= MAX_PER_KIND:
                break
    return out
