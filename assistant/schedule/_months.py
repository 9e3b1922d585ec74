"""Calendar months and cents: the two units every schedule is written in.

A month is the `date` of its first day; a period label is `YYYY-MM`. Money is split to the cent
by largest remainder (Hamilton's method), so the parts always sum exactly to the whole.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(first: date, last: date) -> list[date]:
    """Every month from the month of `first` to the month of `last`, both included."""
    out: list[date] = []
    current, stop = month_of(first), month_of(last)
    while current <= stop:
        out.append(current)
        current = add_months(current, 1)
    return out


def month_index(month: date, anchor: date) -> int:
    """Whole months from the month of `anchor` to the month of `month`."""
    return (month.year - anchor.year) * 12 + month.month - anchor.month


def period_label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def end_after_months(start: date, months: int) -> date:
    """The last day of a term of `months` whole months starting on `start`."""
    anchor = add_months(month_of(start), months)
    day = min(start.day, calendar.monthrange(anchor.year, anchor.month)[1])
    return anchor.replace(day=day) - timedelta(days=1)


def month_weights(start: date, end: date) -> dict[date, Fraction]:
    """Share of each calendar month that [start, end] covers: 1 for a full month, the days
    covered over the days in the month for the first and last (NetSuite's "straight-line,
    prorate first and last period")."""
    weights: dict[date, Fraction] = {}
    for month in months_between(start, end):
        last = month_end(month)
        lo, hi = max(start, month), min(end, last)
        days = (hi - lo).days + 1
        weights[month] = Fraction(days, last.day)
    return weights


def round_cents(value: Decimal | Fraction) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def split_cents(total: Decimal, weights: Sequence[Fraction | Decimal | int]) -> list[Decimal]:
    """Split `total` (a whole number of cents) in proportion to non-negative `weights`.

    Each share is first rounded down to the cent; the cents left over go one each to the
    shares that lost most, ties to the earlier share (so in a ratable schedule the earlier
    months carry the extra cent). The shares always sum exactly to `total`.
    """
    if total.quantize(CENT) != total:
        raise ValueError(f"total {total} is not a whole number of cents")
    fractions = [Fraction(w) for w in weights]
    if any(w < 0 for w in fractions):
        raise ValueError("weights must be non-negative")
    weight_sum = sum(fractions, Fraction(0))
    if total == 0:
        return [ZERO for _ in fractions]
    if weight_sum == 0:
        raise ValueError("cannot split a non-zero total by weights that sum to zero")
    sign = -1 if total < 0 else 1
    cents = int(abs(total) / CENT)
    exact = [Fraction(cents) * w / weight_sum for w in fractions]
    floors = [q.numerator // q.denominator for q in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: cents - sum(floors)]:
        floors[i] += 1
    return [(Decimal(sign * c) * CENT).quantize(CENT) for c in floors]


def money_text(value: Decimal) -> str:
    """A cent amount as a plain decimal string (`1234.50`, `-0.01`), never exponent form."""
    return f"{value.quantize(CENT):f}"
