"""Volume tiers of a usage fee (`0 - 1,000,000: $0.02`) and whether a tier's price applies to
all the volume (retroactive) or only to the units inside the tier (prospective)."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.extract.parse import Amount, Found, find_money
from assistant.extract.rules._common import IC, Extraction, clean
from assistant.extract.rules._fee_phrases import PER_UNIT_HEADER, TIME_UNIT, unit_after
from assistant.extract.rules._sentences import Sentence
from assistant.schemas import FeeLine, Tier, TierMode

TIER_RANGE = re.compile(
    r"(?<![\w.,$])(?P<lo>\d{1,3}(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)\s{0,3}(?:-|–|—|to|"
    r"through)\s{0,3}(?P<hi>\d{1,3}(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)(?![\w.])|"
    r"\b(?:first|up\s{1,3}to|below|under|less\s{1,3}than|0\s{0,3}[-–]\s{0,3})"
    r"\s{0,3}(?P<upto>\d{1,3}(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)(?![\w.])|"
    r"\b(?:above|over|more\s{1,3}than|in\s{1,3}excess\s{1,3}of|greater\s"
    r"{1,3}than|beyond|exceeding|thereafter\s{1,3}above)\s{0,3}(?P<above>\d{1,3}"
    r"(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)(?![\w.])|"
    r"(?<![\w.,$])(?P<plus>\d{1,3}(?:,\d{3}){0,4}[^\S\n]?[KMB]?)\+",
    IC,
)
TIER_RETRO = re.compile(
    r"\bapplies\s{1,5}to\s{1,5}(?:every|all|each)\b[^.;]{0,80}?\b(?:including|in\s{1,5}th(?:at|e)"
    r"\s{1,5}(?:contract\s{1,5}|calendar\s{1,5}|billing\s{1,5})?(?:year|month|period|quarter))\b|"
    r"\ball\s{1,5}(?:[\w-]{1,15}\s{1,5}){0,3}?[\w-]{0,10}(?:units|usage|images|calls|tokens|requests|"
    r"seconds|volume|consumption|transactions)\b[^.;]{0,80}?\b(?:at|priced\s{1,5}at|charged"
    r"\s{1,5}at|billed\s{1,5}at)\s{1,5}(?:the|that)\s{1,5}(?:applicable|"
    r"corresponding|tier|lower|reduced|new)|\bretroactive\w{0,3}\b|\bentire\s{1,5}"
    r"(?:volume|usage|quantity)\b|\bvolume\s{1,5}pricing\b|\ball\s{1,5}usage\s"
    r"{1,5}in\s{1,5}the\s{1,5}(?:month|period|quarter|year)",
    IC,
)
TIER_PROSPECTIVE = re.compile(
    r"\b(?:within|in)\s{1,5}(?:each|that|the\s{1,5}applicable|the\s{1,5}"
    r"respective|such)\s{1,5}tier\b|\bgraduated\b|\bincremental\b|\bmarginal\b|"
    r"\bonly\s{1,5}(?:to\s{1,5})?(?:the\s{1,5})?(?:units|usage|volume)\b|"
    r"\beach\s{1,5}tier'?s?\s{1,5}(?:price|rate)\s{1,5}applies\s{1,5}only|"
    r"\bnot\s{1,5}(?:be\s{1,5})?(?:applied\s{1,5})?retroactive\w{0,3}|"
    r"\b(?:additional|incremental)\s{1,5}(?:units|usage)\s{1,5}(?:above|beyond|over)",
    IC,
)


def volume_tiers(
    ex: Extraction, s: Sentence, monies: list[Found[Amount]], minimum: int = 2
) -> tuple[list[Tier], set[tuple[int, int]]]:
    """Volume tiers (`0 - 1,000,000: $0.02`), when at least `minimum` are priced."""
    if len(monies) < minimum or not re.search(
        r"tier|volume|band|\bup to\b|\bover\b|above|first|\d\s*[-–]\s*\d|\+", s.lower
    ):
        return [], set()
    tiers: list[Tier] = []
    used: set[tuple[int, int]] = set()
    for m in TIER_RANGE.finditer(s.text):
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


def set_tiers(ex: Extraction, fee: FeeLine, tiers: list[Tier], s: Sentence) -> None:
    fee.tiers = tiers
    fee.tier_mode = _tier_mode(ex, s)
    # The first tier's price is the base rate; the tiers say how it changes with volume.
    fee.unit_price = fee.unit_price if fee.unit_price is not None else tiers[0].unit_price


def tier_unit(ex: Extraction, s: Sentence) -> str | None:
    for f in find_money(s.text):
        unit = unit_after(s.text[f.end : f.end + 60])
        if unit and not TIME_UNIT.fullmatch(unit):
            return unit
    header = PER_UNIT_HEADER.search(s.text)
    return clean(header.group(1)) if header else None


def _tier_mode(ex: Extraction, s: Sentence) -> TierMode | None:
    """The rule stated with the table, nearest first (the rules often follow as (a), (b))."""
    order = [s.index, *(i for k in range(1, 7) for i in (s.index + k, s.index - k) if k <= 6)]
    for i in order:
        if not 0 <= i < len(ex.sentences) or (i < s.index - 2):
            continue
        text = ex.sentences[i].text
        if TIER_PROSPECTIVE.search(text):
            return TierMode.PROSPECTIVE
        if TIER_RETRO.search(text):
            return TierMode.RETROACTIVE
    return None
