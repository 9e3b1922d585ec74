"""Discounts: free or bonus credits, waived fees, and percentage or amount discounts.

A volume discount is variable consideration and an offer on additional purchases is a customer
option; `_variable` reads both, so sentences stating them are not discounts here.
"""

from __future__ import annotations

import re

from assistant.extract.parse import find_money, find_percents
from assistant.extract.rules._common import IC, MAX_PER_KIND, Extraction, clean
from assistant.extract.rules._fee_phrases import FEE_CONTEXT
from assistant.schemas import Discount, DiscountKind, Term

DISCOUNT = re.compile(r"\bdiscount\w{0,3}\b|\b\d{1,3}(?:\.\d{1,2})?[^\S\n]?%\s{1,3}off\b", IC)
FREE_CREDITS = re.compile(
    r"\b(?:free|promotional|complimentary|bonus|trial)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?"
    r"credits?\b|\bcredits?\b[^.;]{0,60}?\bat\s{1,5}no\s{1,5}(?:additional\s{1,5})?"
    r"(?:charge|cost)\b",
    IC,
)
WAIVED = re.compile(r"\bwaive[ds]?\b[^.;]{0,40}?\bfees?\b|\bfees?\b[^.;]{0,40}?\bwaived\b", IC)
VOLUME_DISCOUNT = re.compile(
    r"\bvolume\s{1,5}(?:based\s{1,5})?(?:discount|rebate|pricing|tier)s?\b|\bvolume-based\b",
    IC,
)
ADDITIONAL_PURCHASE = re.compile(
    r"\b(?:may|option\s{1,5}to|right\s{1,5}to|entitled\s{1,5}to|elect\s"
    r"{1,5}to)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:purchase|buy|order|acquire|add|"
    r"procure)\b[^.;]{0,80}?\b(?:additional|further|future|incremental|extra|more)\b|"
    r"\b(?:additional|further|future|incremental|extra)\s{1,5}(?:\w{1,15}\s{1,5}){0,3}?"
    r"(?:units|licen[cs]es|seats|users|credits|capacity|purchases|orders|usage|hours|"
    r"subscriptions?|tokens|images|gpu)\b[^.;]{0,80}?\b(?:at|for)\b",
    IC,
)


def discounts(ex: Extraction) -> list[Term[Discount]]:
    out: list[Term[Discount]] = []
    for s in ex.sentences_with("discount", "% off", "credit", "waive"):
        if VOLUME_DISCOUNT.search(s.text) or ADDITIONAL_PURCHASE.search(s.text):
            continue
        if re.search(
            r"\bno\s{1,5}(?:\w+\s{1,5})?discount|\bnot\s{1,5}(?:be\s{1,5})?entitled\s{1,5}to\s{1,5}(?:a|any)\s{1,5}discount",
            s.lower,
        ):
            continue
        discount: Discount | None = None
        m: re.Match[str] | None
        if (m := FREE_CREDITS.search(s.text)) is not None:
            kind = (
                DiscountKind.BONUS_CREDITS
                if "bonus" in m.group().lower()
                else DiscountKind.FREE_CREDITS
            )
            amounts = list(find_money(s.text))
            discount = Discount(
                kind=kind,
                description=clean(m.group()),
                amount=amounts[0].value.value if len(amounts) == 1 else None,
                usable_after_term=_usable_after_term(s.lower),
            )
        elif (m := WAIVED.search(s.text)) is not None:
            discount = Discount(kind=DiscountKind.WAIVED_FEE, description=clean(m.group()))
        elif (m := DISCOUNT.search(s.text)) is not None and FEE_CONTEXT.search(s.text):
            percents = [f for f in find_percents(s.text) if abs(f.start - m.start()) <= 80]
            amounts = [f for f in find_money(s.text) if abs(f.start - m.start()) <= 80]
            if percents:
                discount = Discount(
                    kind=DiscountKind.PERCENTAGE,
                    description=clean(m.group()),
                    percent=min(percents[0].value, 100.0),
                )
            elif amounts:
                discount = Discount(
                    kind=DiscountKind.AMOUNT,
                    description=clean(m.group()),
                    amount=amounts[0].value.value,
                )
        if discount is None or m is None:
            continue
        span = ex.window(s, s.start + m.start(), s.start + m.end())
        discount.description = ex.describe(*span)
        term = ex.term(discount, [span], 0.7)
        if term is not None:
            out.append(term)
            if len(out) >= MAX_PER_KIND:
                break
    return out


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
