"""What every step shares: ASC paragraph references, money and month arithmetic, and the
builders for conclusions and flags.

Everything here is pure and exact: money is `Decimal`, rounded to the cent only where a
step says so, and dates move by calendar months computed here (no dateutil, no clock).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from assistant.schemas import (
    Citation,
    Conclusion,
    ContractTerms,
    Flag,
    FlagKind,
    Renewal,
    Severity,
    Term,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY_ROUNDING = ROUND_HALF_UP


def renewal_option(terms: ContractTerms) -> Term[Renewal] | None:
    """The contract's renewal, when it gives one (automatic, or elective for a stated term).

    A statement that the agreement does not renew (not automatic, no renewal term) is no
    option: no set-up fee can buy a right to renew that does not exist.
    """
    renewal = terms.renewal
    if renewal is None:
        return None
    if not renewal.value.automatic and renewal.value.renewal_term is None:
        return None
    return renewal


def asc(*refs: str) -> tuple[str, ...]:
    """`asc("25-3", "25-1")` -> `("606-10-25-3", "606-10-25-1")`."""
    return tuple(f"606-10-{ref}" for ref in refs)


def asc_range(first: str, last: str) -> tuple[str, ...]:
    """Every paragraph from `first` to `last` in one section: `asc_range("55-50", "55-53")`."""
    section, lo = first.split("-")
    section_last, hi = last.split("-")
    if section != section_last:
        raise ValueError(f"{first} and {last} are in different sections")
    return asc(*(f"{section}-{n}" for n in range(int(lo), int(hi) + 1)))


# Paragraphs of ASC 606-10 each conclusion rests on. Only numbered paragraphs without letter
# suffixes, so that every reference sorts and reads the same way in the memo.
CONTRACT_CRITERIA = asc("25-1")
CONTRACT_TERM = asc("25-3")
COMMERCIAL_SUBSTANCE = asc("25-1")
COLLECTIBILITY = asc("25-1")
SERIES = asc("25-14", "25-15")
DISTINCT = asc("25-19", "25-20", "25-21")
NOT_DISTINCT = asc("25-22")
SETUP_FEES = asc_range("55-50", "55-53")
MATERIAL_RIGHT = asc_range("55-41", "55-45")
WARRANTIES = asc_range("55-30", "55-35")
PRINCIPAL_AGENT = asc_range("55-36", "55-40")
LICENCES = asc("55-54", "55-58", "55-59", "55-60", "55-62")
TRANSACTION_PRICE = asc("32-2", "32-3", "32-4")
VARIABLE_CONSIDERATION = asc("32-5", "32-6", "32-8", "32-11")
BREAKAGE = asc_range("55-46", "55-49")
FINANCING = asc_range("32-15", "32-20")
FINANCING_EXPEDIENT = asc("32-18")
CONSIDERATION_PAYABLE = asc("32-25", "32-26", "32-27")
ALLOCATION = asc("32-28", "32-29", "32-31")
SSP_ESTIMATE = asc("32-32", "32-33", "32-34")
DISCOUNT_ALLOCATION = asc("32-36")
VARIABLE_ALLOCATION = asc("32-39", "32-40", "32-41")
OVER_TIME = asc("25-23", "25-24", "25-27")
POINT_IN_TIME = asc("25-30")
MEASURE_OF_PROGRESS = asc("25-31", "25-33")
OUTPUT_METHOD = asc("55-17")
INPUT_METHOD = asc("55-20")
RIGHT_TO_INVOICE = asc("55-18")
CAPABLE_OF_BEING_DISTINCT = asc("25-19", "25-20")
DISTINCT_IN_CONTEXT = asc("25-19", "25-21")
OPTION_SSP = asc("55-44")
RENEWAL_ALTERNATIVE = asc("55-45")
PRINCIPAL_INDICATORS = asc("55-36", "55-37", "55-38", "55-39")
AGENT_NET = asc("55-38", "55-39", "55-40")
ESTIMATE_METHODS = asc("32-8", "32-9")
CONSTRAINT = asc("32-11", "32-12", "32-13")
PRICE_CHANGES = asc("32-42", "32-43", "32-44")
RESIDUAL_APPROACH = asc("32-34")
DISCOUNT_TO_SOME = asc("32-36", "32-37", "32-38")
ROYALTIES = asc("55-65")
OVER_TIME_CRITERIA = asc("25-27")


# --------------------------------------------------------------------------- money


def cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up: the one rounding rule for money in the engine."""
    return amount.quantize(CENT, rounding=MONEY_ROUNDING)


def fmt_money(amount: Decimal, currency: str | None) -> str:
    """`USD 120,000.00`, `USD 0.0008` (unit prices keep their digits); bare without currency."""
    exact = amount == cents(amount)
    text = f"{cents(amount):,f}" if exact else f"{amount.normalize():,f}"
    return f"{currency} {text}" if currency else text


def fmt_number(value: Decimal) -> str:
    """`36`, `2.96`, `1.15`: no exponent, no trailing zeros."""
    text = f"{value.normalize():f}"
    return text


def fmt_months(months: Decimal) -> str:
    """`36 months`, `1 month`."""
    text = fmt_number(months)
    return f"{text} month" if months == 1 else f"{text} months"


def fmt_term(months: Decimal) -> str:
    """`36-month`, as in "the 36-month contract term"."""
    return f"{fmt_number(months)}-month"


def quoted(text: str) -> str:
    """A fee or clause description as the memo quotes it, on one line."""
    return "'" + " ".join(text.split()) + "'"


# --------------------------------------------------------------------------- dates


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def whole_months(start: date, after: date) -> int:
    """Whole calendar months from `start` that have passed by the day `after` (the largest
    `n` with `add_months(start, n) <= after`, never negative)."""
    n = (after.year - start.year) * 12 + (after.month - start.month)
    while n > 0 and add_months(start, n) > after:
        n -= 1
    while add_months(start, n + 1) <= after:
        n += 1
    return n


def months_between(start: date, end_inclusive: date) -> Decimal | None:
    """Calendar months from `start` to `end_inclusive` (both days in the term).

    Whole months when the end falls within one day of a monthly anniversary (contracts say
    both "to December 31" and "to January 1"); otherwise whole months plus the fraction of
    the next month, to two decimals. None when the end precedes the start.
    """
    if end_inclusive < start:
        return None
    after = end_inclusive + timedelta(days=1)
    n = whole_months(start, after)
    anchor = add_months(start, n)
    spare = (after - anchor).days
    if spare == 0 or (spare == 1 and n > 0):
        return Decimal(n)
    following = add_months(start, n + 1)
    if (following - after).days <= 1:
        return Decimal(n + 1)
    fraction = Decimal(spare) / Decimal((following - anchor).days)
    return (Decimal(n) + fraction).quantize(CENT, rounding=MONEY_ROUNDING)


def term_end(start: date, months: Decimal) -> date:
    """Last day of a term of `months` starting on `start` (start + months - 1 day).

    A fractional month adds that fraction of the following month's days, rounded half up.
    """
    whole = int(months)
    anchor = add_months(start, whole)
    fraction = months - whole
    if fraction:
        following = add_months(start, whole + 1)
        days = (Decimal((following - anchor).days) * fraction).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        anchor += timedelta(days=int(days))
    return anchor - timedelta(days=1)


def whole_months_up(months: Decimal) -> Decimal:
    """Round up to whole months, at least one: how a notice period bounds the term."""
    return max(Decimal(1), months.to_integral_value(rounding=ROUND_CEILING))


# --------------------------------------------------------------------------- evidence


def citations_of(*sources: Term | Iterable[Term] | None) -> list[Citation]:
    """The citations of the terms a conclusion read, in order, without repeats."""
    seen: dict[tuple[str, int, str], Citation] = {}
    for source in sources:
        if source is None:
            continue
        terms: Iterable[Term] = [source] if isinstance(source, Term) else source
        for term in terms:
            for c in term.citations:
                seen.setdefault((c.clause_id, c.page, c.quote), c)
    return list(seen.values())


def flag(
    kind: FlagKind,
    severity: Severity,
    message: str,
    paragraphs: Sequence[str],
    citations: Sequence[Citation] = (),
) -> Flag:
    return Flag(
        kind=kind,
        severity=severity,
        message=message,
        asc=list(paragraphs),
        citations=list(citations),
    )


def conclude(
    topic: str,
    outcome: str,
    rationale: str,
    paragraphs: Sequence[str],
    citations: Sequence[Citation] = (),
    flags: Sequence[Flag] = (),
    *,
    amount: Decimal | None = None,
    reviewer_input: bool = False,
) -> Conclusion:
    return Conclusion(
        topic=topic,
        outcome=str(outcome),
        rationale=" ".join(rationale.split()),
        asc=list(dict.fromkeys(paragraphs)),
        citations=list(citations),
        flags=list(flags),
        amount=amount,
        reviewer_input=reviewer_input,
    )


def per_reviewer(reason: str) -> str:
    """` (per reviewer input: <reason>)`, or ` (per reviewer input)` without a reason."""
    reason = " ".join(reason.split()).rstrip(".")
    return f" (per reviewer input: {reason})" if reason else " (per reviewer input)"


def collect_flags(conclusions: Iterable[Conclusion]) -> list[Flag]:
    """Every flag of the conclusions, in order, de-duplicated by (kind, message)."""
    seen: dict[tuple[FlagKind, str], Flag] = {}
    for c in conclusions:
        for f in c.flags:
            seen.setdefault((f.kind, f.message), f)
    return list(seen.values())
