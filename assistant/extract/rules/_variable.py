"""Variable consideration (SLA credits, rebates, volume discounts, MFN, liquidated damages,
penalties, refunds, price protection and price changes) and customer options (renewal price
caps, additional purchases at a stated or discounted price)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.extract.parse import find_percents
from assistant.extract.rules._common import IC, MAX_PER_KIND, Extraction
from assistant.extract.rules._discounts import ADDITIONAL_PURCHASE, DISCOUNT, VOLUME_DISCOUNT
from assistant.extract.rules._sentences import Sentence
from assistant.extract.rules._term import RENEW
from assistant.extract.rules._termination import REFUND_NO
from assistant.schemas import CustomerOption, OptionKind, Term, VariableItem, VariableKind

SLA_CREDIT = re.compile(
    r"\b(?:service|sla|service\s{1,5}level|uptime|availability)\s{1,5}credits?\b|"
    r"\b(?:uptime|availability|service\s{1,5}level)\b(?:[^.;]|\.(?=\d)){0,160}?\bcredit\w{0,2}\b",
    IC,
)
REBATE = re.compile(r"\brebates?\b", IC)
MFN = re.compile(
    r"\bmost\s{1,5}favou?red\b|\bMFN\b|"
    r"\b(?:no|not)\s{1,5}less\s{1,5}favou?rable\b[^.]{0,40}?\bthan\s{1,5}(?:those|the|that|what)\b"
    r"[^.]{0,200}?\b(?:pric\w{1,4}|terms|fees?|royalt\w{1,4}|rates?)\b|"
    r"\bmore\s{1,5}favou?rable\s{1,5}than\s{1,5}(?:those|the\s{1,5}terms|the\s{1,5}prices?)\b|"
    r"\b(?:higher|greater)\s{1,5}(?:fees?|prices?|rates?|royalt\w{1,4})\s{1,5}than\b[^.]{0,160}?"
    r"\bother\b|\bno\s{1,5}greater\s{1,5}than\s{1,5}the\s{1,5}lowest\b|\b(?:no|not)\s{1,5}less\s{1,5}favou?rable\s"
    r"{1,5}than\b[^.]{0,160}?\b(?:other|any|third)\b|\b(?:lower|lowest|better|best|more\s"
    r"{1,5}favou?rable)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:prices?|pricing|terms|rates?"
    r"|royalt\w{1,4}|discounts?)\b[^.]{0,160}?\b(?:any\s{1,5}other|other\s{1,5}"
    r"(?:customers?|licensees?|distributors?|clients?|purchasers?|resellers?)|third[\s-]"
    r"{1,5}part(?:y|ies)|similarly\s{1,5}situated)|"
    r"\b(?:any\s{1,5}other|other|third[\s-]{1,5}party)\s{1,5}(?:customers?|licensees?|"
    r"distributors?|clients?|purchasers?|resellers?|buyers?)\b[^.]{0,160}?\b(?:lower|lowest|better|"
    r"best|more\s{1,5}favou?rable)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:prices?|pricing|terms|rates?)\b",
    IC,
)
PRICE_PROTECTION = re.compile(
    r"\bprice\s{1,5}protection\b|\b(?:prices?|fees|rates|pricing)\s{1,5}(?:\w{1,12}"
    r"\s{1,5}){0,3}?(?:shall|will)\s{1,5}(?:remain\s{1,5})?(?:fixed|firm|"
    r"unchanged)\b|\b(?:shall|will|may)\s{1,5}not\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?"
    r"(?:increase|raise)\s{1,5}(?:the\s{1,5}|its\s{1,5}|any\s{1,5})?"
    r"(?:\w{1,15}\s{1,5})?(?:prices?|fees|rates|pricing|charges)\b|\bprice\s{1,5}"
    r"(?:increase|change)s?[^.;]{0,60}?\b(?:not\s{1,5}(?:to\s{1,5})?exceed|capped|"
    r"limited)",
    IC,
)
PRICE_CHANGE = re.compile(
    r"\b(?:may|reserves?\s{1,5}the\s{1,5}right\s{1,5}to|is\s{1,5}entitled"
    r"\s{1,5}to)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:increase|change|modify|adjust|"
    r"revise|amend|raise)\s{1,5}(?:the\s{1,5}|its\s{1,5}|any\s{1,5})?"
    r"(?:\w{1,15}\s{1,5})?(?:prices?|fees|rates|pricing|price\s{1,5}list|rate\s{1,5}card|charges)\b|"
    r"\bpass\w{0,3}\s{1,5}(?:any\s{1,5}|such\s{1,5}|the\s{1,5})?(?:price\s{1,5})?(?:changes?|increases?)"
    r"\s{1,5}(?:on\s{1,5})?through\b|"
    r"\b(?:prices?|fees|rates|pricing)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:may|shall|will)"
    r"\s{1,5}be\s{1,5}(?:increased|adjusted|revised|changed)\b",
    IC,
)
PENALTY_ITEM = re.compile(
    r"\b(?:pay|charge|impose|assess|levy|owe)\w{0,3}\s{1,5}(?:an?\s{1,5}|the\s{1,5}|any\s{1,5})?"
    r"(?:\w{1,15}\s{1,5})?penalt(?:y|ies)\b|\bpenalty\s{1,5}(?:of|equal|in\s{1,5}the\s{1,5}amount|"
    r"amounting|calculated|shall\s{1,5}be|will\s{1,5}be|fee|clause)\b|\blate\s{1,5}(?:delivery\s"
    r"{1,5}|performance\s{1,5})?penalt",
    IC,
)
PENALTY_NOT = re.compile(
    r"\bwithout\s{1,5}(?:any\s{1,5})?penalt|\bnot\s{1,5}(?:\w{1,12}\s{1,5})"
    r"{0,3}?(?:a\s{1,5})?penalty\b|\bpenalt\w{1,4}\s{1,5}of\s{1,5}perjury|"
    r"\bcivil\s{1,5}penalt|\bcriminal\s{1,5}penalt|\bno\s{1,5}penalty",
    IC,
)
LIQUIDATED = re.compile(
    r"\bliquidated\s{1,5}damages?\b(?=[^.;]{0,200}\b(?:shall|will|may|must|agrees?|pay|"
    r"entitled|constitute|represent|equal|amount)\b)|\b(?:shall|will|may|must|agrees?\s{1,5}to)"
    r"\s{1,5}(?:\w{1,15}\s{1,5}){0,4}?(?:as\s{1,5})?liquidated\s{1,5}damages?\b",
    IC,
)
REFUND_ITEM = re.compile(r"\brefund\w{0,3}\b", IC)
REFUND_RIGHT = re.compile(
    r"\b(?:shall|will|must|may)\b[^.;]{0,40}\brefund|\bentitled\s{1,5}to\s{1,5}(?:a|any)\s{1,5}"
    r"(?:\w+\s{1,5})?refund|\brefund\s{1,5}(?:of|to)\b",
    IC,
)
PRICE_CAP = re.compile(
    r"\b(?:increase\w{0,2}|raise\w{0,2}|adjust\w{0,5}|escalat\w{1,5}|uplift)\b[^.;]{0,80}?"
    r"\b(?:more\s{1,5}than|exceed\w{0,3}|in\s{1,5}excess\s{1,5}of|greater\s"
    r"{1,5}than|up\s{1,5}to|maximum\s{1,5}of|capped\s{1,5}at|cap\s{1,5}of|"
    r"limited\s{1,5}to)\s{1,5}$",
    IC,
)
SAME_PRICE = re.compile(
    r"\bat\s{1,5}(?:the\s{1,5})?(?:same|then-?current|existing|prices\s{1,5}set|"
    r"rates?\s{1,5}set|fixed|unit)\s{1,5}(?:\w{1,15}\s{1,5}){0,2}?(?:prices?|"
    r"rates?|pricing|fees?)\b|\bat\s{1,5}(?:a\s{1,5})?(?:reduced|discounted|preferred)"
    r"\s{1,5}(?:prices?|rates?)",
    IC,
)
_MFN_NEEDLES = ("favo", "lower", "lowest", "better", "best", "mfn", "higher", "greater")
_VARIABLE_NEEDLES = (
    *_MFN_NEEDLES,
    "credit", "rebate", "volume", "liquidated", "penalt", "refund",
    "increase", "raise", "adjust", "escalat", "uplift", "cap", "price", "fee", "rate", "pricing",
    "charge", "additional", "further", "future", "incremental", "extra",
)  # fmt: skip


def variable_items_and_options(
    ex: Extraction,
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
        if counts.get(kind, 0) >= MAX_PER_KIND or words < 6 or (s.text.isupper() and words < 12):
            return  # enough of this kind, or a bare heading
        if (kind, s.index) in seen:
            return
        seen.add((kind, s.index))
        a, b = m if isinstance(m, tuple) else m.span()
        span = ex.window(s, s.start + a, s.start + b)
        item = VariableItem(kind=kind, description=ex.describe(*span), max_percent=pct)
        term = ex.term(item, [span], conf)
        if term is not None:
            items.append(term)
            counts[kind] = counts.get(kind, 0) + 1

    for s in ex.sentences_with(*_VARIABLE_NEEDLES):
        low = s.lower
        if "credit" in low and (m := SLA_CREDIT.search(s.text)):
            add(VariableKind.SLA_CREDIT, s, m, 0.8, _cap_percent(ex, s))
        if "rebate" in low and (m := REBATE.search(s.text)):
            add(VariableKind.REBATE, s, m, 0.7)
        if "volume" in low and (m := VOLUME_DISCOUNT.search(s.text)):
            add(VariableKind.VOLUME_DISCOUNT, s, m, 0.7)
        if any(w in low for w in _MFN_NEEDLES) and (m := MFN.search(s.text)):
            add(VariableKind.MFN, s, m, 0.8 if "most favo" in m.group().lower() else 0.6)
        if "liquidated" in low and (m := LIQUIDATED.search(s.text)):
            add(VariableKind.LIQUIDATED_DAMAGES, s, m, 0.85)
        if (
            "penalt" in low
            and (m := PENALTY_ITEM.search(s.text))
            and not PENALTY_NOT.search(s.text)
        ):
            add(VariableKind.PENALTY, s, m, 0.6)
        if (
            "refund" in low
            and (m := REFUND_ITEM.search(s.text))
            and not REFUND_NO.search(s.text)
            and REFUND_RIGHT.search(low)
        ):
            add(VariableKind.REFUND, s, m, 0.6)
        if any(w in low for w in ("increase", "raise", "adjust", "escalat", "uplift", "cap")):
            _price_caps(ex, s, add, options)
        if any(w in low for w in ("price", "fee", "rate", "pricing", "charge")):
            if (m := PRICE_PROTECTION.search(s.text)) is not None:
                add(VariableKind.PRICE_PROTECTION, s, m, 0.65)
            elif (m := PRICE_CHANGE.search(s.text)) is not None:
                add(VariableKind.PRICE_CHANGE, s, m, 0.6)
        if (
            "additional" in low
            or "further" in low
            or "future" in low
            or "incremental" in low
            or "extra" in low
        ):
            _additional_purchase(ex, s, options)
    return items, options


def _cap_percent(ex: Extraction, s: Sentence) -> float | None:
    m = re.search(
        r"\b(?:exceed|maximum|up\s{1,5}to|capped\s{1,5}at|more\s{1,5}than|cap)\b",
        s.text,
        re.I,
    )
    if not m:
        return None
    after = [f.value for f in find_percents(s.text[m.end() : m.end() + 60])]
    return min(after[0], 100.0) if after else None


def _price_caps(
    ex: Extraction, s: Sentence, add: Callable[..., None], options: list[Term[CustomerOption]]
) -> None:
    for f in find_percents(s.text):
        before = s.text[max(0, f.start - 100) : f.start]
        m = PRICE_CAP.search(before)
        if not m:
            continue
        lo = s.start + max(0, f.start - 100) + m.start()
        span = ex.window(s, lo, s.start + f.end)
        if RENEW.search(s.text):
            option = CustomerOption(
                kind=OptionKind.RENEWAL_PRICE_CAP,
                description=ex.describe(*span),
                cap_percent=f.value,
            )
            term = ex.term(option, [span], 0.75)
            if term is not None:
                options.append(term)
        else:
            cap_start = max(0, f.start - 100) + m.start()
            add(VariableKind.PRICE_PROTECTION, s, (cap_start, f.end), 0.6, min(f.value, 100.0))
        return


def _additional_purchase(ex: Extraction, s: Sentence, options: list[Term[CustomerOption]]) -> None:
    if len(options) >= MAX_PER_KIND * 2:
        return
    m = ADDITIONAL_PURCHASE.search(s.text)
    if not m:
        return
    rest = s.text[m.start() :]
    discount = DISCOUNT.search(rest)
    same = SAME_PRICE.search(rest)
    span = ex.window(s, s.start + m.start(), s.start + m.end())
    if discount:
        pct = [f.value for f in find_percents(rest)]
        option = CustomerOption(
            kind=OptionKind.DISCOUNTED_ADDITIONAL_PURCHASE,
            description=ex.describe(*span),
            discount_percent=min(pct[0], 100.0) if pct else None,
        )
    elif same:
        kind = (
            OptionKind.DISCOUNTED_ADDITIONAL_PURCHASE
            if re.search(r"reduced|discounted|preferred", same.group(), re.I)
            else OptionKind.ADDITIONAL_PURCHASE
        )
        option = CustomerOption(kind=kind, description=ex.describe(*span))
    else:
        return
    term = ex.term(option, [span], 0.6)
    if term is not None:
        options.append(term)
