"""What the words around an amount say about a fee: its kind, the unit it is priced per, the
period it covers, how often and when it is billed.

Pure functions of short strings; `_fees` decides which text around an amount they read.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.extract.rules._common import IC, clean
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Duration,
    DurationUnit,
    FeeKind,
    FeeLine,
)

FEE_CONTEXT = re.compile(
    r"\b(?:fees?|pric\w{1,4}|charges?|charged|rates?|pay\w{0,5}|paid|costs?|invoice\w{0,2}|"
    r"royalt\w{1,4}|compensation|consideration|purchase\w{0,2}|spend|commitment|subscription|"
    r"billed|bill|credits?|retainer|deposit|minimum)\b",
    IC,
)
FEE_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("setup", re.compile(
        r"\b(?:set[ -]?up|onboarding|on-boarding|implementation|installation|activation|"
        r"initiation|integration\s{1,5}fee|initial\s{1,5}fee|start-?up)\b", IC)),
    ("professional_services", re.compile(
        r"\b(?:professional\s{1,5}services?|consulting|hourly|per\s{1,5}hour|"
        r"/[^\S\n]?(?:hr|hour)\b|time\s{1,5}and\s{1,5}materials|engineering\s{1,5}"
        r"services|training(?!\s{1,5}(?:compute|data|runs?|jobs?|tokens?))|custom(?:i[sz]ation)?\s{1,5}(?:work|development)|man-?days?|"
        r"statements?\s{1,5}of\s{1,5}work|SOW)\b",
        IC)),
    ("committed_spend", re.compile(
        r"\bcommit\w{0,5}\s{1,5}(?:to\s{1,5})?spend(?:\s{1,5}(?:at\s{1,5}least|a\s{1,5}minimum"
        r"\s{1,5}of|no\s{1,5}less\s{1,5}than|not\s{1,5}less\s{1,5}than))?|\bspend\s{1,5}commitment|"
        r"\bcommitted\s{1,5}(?:annual\s{1,5})?(?:spend|amount|fees?|revenue|usage)|"
        r"\b(?:annual|monthly|quarterly|total)\s{1,5}commitment\b|\bcommit\b", IC)),
    ("minimum_commitment", re.compile(
        r"\bminimum\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:commitment|spend|purchase\w{0,2}|"
        r"order\w{0,2}|fee|fees|payment|payments|revenue|royalt\w{1,4}|quantity|volume|billing|"
        r"charge|amount|guarantee)|\b(?:shall|will|agrees?\s{1,5}to|commits?\s{1,5}to|"
        r"undertakes?\s{1,5}to|must|is\s{1,5}obligated\s{1,5}to)\s{1,5}(?:purchase|"
        r"buy|order|pay)\s{1,5}(?:at\s{1,5}least|a\s{1,5}minimum\s"
        r"{1,5}of|no\s{1,5}less\s{1,5}than|not\s{1,5}less\s{1,5}than)|"
        r"\btrue-?up\b|\bguaranteed\s{1,5}minimum", IC)),
    ("prepaid_credits", re.compile(
        r"\bpre-?paid\b|\bpre-?pay\w{0,4}|\bcredit\s{1,5}(?:pack|bundle|block|purchase)|"
        r"\b(?:usage|api|service|compute)\s{1,5}credits\b|\bcredits\b", IC)),
    ("support", re.compile(r"\bsupport\b|\bmaintenance\b", IC)),
    ("licence", re.compile(r"\blicen[cs]e\s{1,5}fees?\b|\broyalt\w{1,4}|\blicen[cs]ing fee", IC)),
    ("hardware", re.compile(r"\bhardware\b|\bequipment\b|\bdevices?\b|\bappliances?\b", IC)),
    ("reserved_capacity", re.compile(
        r"\breserved\b|\bdedicated\s{1,5}(?:capacity|instances?|gpus?|cluster|nodes?)|"
        r"\bcapacity\s{1,5}(?:fee|reservation|charge)", IC)),
    ("platform", re.compile(
        r"\bplatform\s{1,5}(?:access\s{1,5})?fee|\baccess\s{1,5}fee|\bbase\s"
        r"{1,5}(?:platform\s{1,5})?fee|\bplatform\b|\bhosting\s{1,5}fee", IC)),
    ("subscription", re.compile(
        r"\bsubscription\b|\bper\s{1,5}(?:user|seat|licensed\s{1,5}user)\b|"
        r"\b(?:annual|monthly|yearly|recurring)\s{1,5}(?:service\s{1,5})?fee", IC)),
    ("usage", re.compile(
        r"\busage\b|\boverage\w{0,2}|\bconsumption\b|\bmetered\b|\bpay[\s-]as[\s-]you[\s-]go\b|"
        r"\bper\s{1,5}(?:call|request|image|token|transaction|query|message|minute|second)", IC)),
]  # fmt: skip
_GENERIC_KINDS = (FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.USAGE)
PER_UNIT = re.compile(
    r"^\s{0,3}(?:per\b|/|for\s{1,5}each\b|for\s{1,5}every\b|each\b|an?\b)\s{0,3}"
    r"((?:(?:\d{1,3}(?:,\d{3}){1,3}|\d{1,9}(?:\.\d{1,3})?)[^\S\n]?(?:[KMB]|thousand|million|"
    r"billion)?\s{1,3}|one\s{1,3}(?:thousand|million|billion)\s{1,3}|"
    r"(?:thousand|million|billion)\s{1,3})?(?:[A-Za-z][\w-]{0,30})(?:\s{1,3}"
    r"(?!of\b|in\b|and\b|or\b|for\b|per\b|to\b|on\b|at\b|the\b|shall\b|will\b|is\b|are\b|"
    r"with\b|by\b|each\b|used\b|processed\b|consumed\b|generated\b|billed\b|plus\b)"
    r"[A-Za-z][\w-]{0,20}){0,2})",
    IC,
)
PER_UNIT_BEFORE = re.compile(
    r"(?:^|[\s(])(?:per|/)\s{0,3}((?:\d{1,3}(?:,\d{3}){0,3}[^\S\n]?[KMB]?\s{1,3})?[A-Za-z][\w-]{0,30}"
    r"(?:[^\S\n]{1,3}[A-Za-z][\w-]{0,20}){0,1})[)\s]{0,5}[:=–-]?\s{0,5}$",
    IC,
)
PER_UNIT_HEADER = re.compile(r"\bper\s{1,3}([A-Za-z][\w-]{1,30})\b", IC)
TIME_UNIT = re.compile(
    r"(?:[A-Za-z][\w-]{1,20}\s{1,3})?(?:month|year|quarter|week|day|annum|mo|yr)s?",
    IC,
)
PERIOD_AFTER = re.compile(
    r"^\s{0,3}(?:per|/|a|each|every)\s{0,3}(?:[A-Za-z][\w-]{1,20}\s{1,3})?"
    r"(month|mo|year|yr|annum|quarter|week)\b|^\s{0,3}(?:\(|,)?\s{0,3}(monthly|annually|"
    r"yearly|quarterly|weekly)\b",
    IC,
)
PERIOD_BEFORE = re.compile(r"\b(monthly|annual|yearly|quarterly|weekly)\b", IC)
BILLING_FREQ = re.compile(
    r"\b(?:billed|invoiced|payable|paid|charged|due|billing|invoicing|invoices?)\b[^.;]{0,40}?"
    r"\b(monthly|quarterly|annually|yearly|per\s{1,5}(?:month|quarter|year)|each\s"
    r"{1,5}(?:month|quarter|year)|one[ -]time|upfront|up-front|upon\s{1,5}(?:signing|"
    r"execution)|in\s{1,5}(?:full\s{1,5})?(?:advance|arrears?))\b|"
    r"\b(monthly|quarterly|annually|yearly)\s{1,5}in\s{1,5}(?:advance|arrears?)\b|"
    r"\b(one[ -]time|non-?recurring)\b",
    IC,
)
ADVANCE = re.compile(
    r"\bin\s{1,5}advance\b|\bup-?front\b|\bprior\s{1,5}to\s{1,5}the\s{1,5}(?:start|beginning)",
    IC,
)
ARREARS = re.compile(r"\bin\s{1,5}arrears?\b", IC)


def fee_kind(text: str, first: bool = False) -> FeeKind | None:
    """The kind named nearest the end of `text` (just before the amount).

    A specific kind (set-up, commitment, credits...) named in the phrase wins over a generic one
    (platform, subscription, usage); then the nearest; then the longer phrase ("minimum monthly
    fee" over "monthly fee"); on a full tie the kind listed first in `FEE_KINDS`.
    """
    best: tuple[int, int, int, FeeKind] | None = None
    for name, pattern in FEE_KINDS:
        kind = FeeKind(name)
        specific = int(kind not in _GENERIC_KINDS)
        for m in pattern.finditer(text):
            # In a row label the name comes first; before an amount the nearest words decide.
            key = (specific, -m.start(), 0) if first else (specific, m.end(), -m.start())
            if best is None or key > best[:3]:
                best = (*key, kind)
    return best[3] if best else None


def unit_after(after: str) -> str | None:
    m = PER_UNIT.match(after)
    if not m:
        return None
    unit = clean(m.group(1)).rstrip(".,;:)")
    if not unit or unit.lower() in ("the", "a", "an", "each", "any"):
        return None
    return unit


def unit_before(before: str) -> str | None:
    """A rate-card column before the price: `per GPU-Second USD 0.00095`."""
    m = PER_UNIT_BEFORE.search(before)
    if not m:
        return None
    unit = clean(m.group(1))
    return None if TIME_UNIT.fullmatch(unit) else unit


def period_near(before: str, after: str) -> Duration | None:
    m = PERIOD_AFTER.match(after)
    word = None
    if m:
        word = (m.group(1) or m.group(2)).lower()
    else:
        b = list(PERIOD_BEFORE.finditer(before[-80:]))
        if b:
            word = b[-1].group(1).lower()
    return _period_of(word) if word else None


def period_words(text: str) -> Duration | None:
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


def billing(text: str, fee: FeeLine) -> None:
    m = BILLING_FREQ.search(text)
    if m:
        word = (m.group(1) or m.group(2) or m.group(3) or "").lower()
        fee.billing_frequency = _frequency(word)
    if ADVANCE.search(text):
        fee.billing_timing = BillingTiming.ADVANCE
    elif ARREARS.search(text):
        fee.billing_timing = BillingTiming.ARREARS


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
