"""Exact time arithmetic for contract modifications: months elapsed, price-line values, revenue
recognised to a date.

Time elapsed is measured in calendar months; a part month counts by its days (15 days of a
30-day month is 1/2). Everything is a `Fraction` until an amount is rounded to the cent, half
up, once: so a modification on a month boundary gives whole-month ratios (8/12, not 243/365),
and every amount can be reproduced by hand from the dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import add_months, whole_months
from assistant.schemas import PriceLine, Segment

ONE_DAY = timedelta(days=1)


def months_exact(start: date, end_inclusive: date) -> Fraction:
    """Calendar months from `start` to `end_inclusive`, both days included (0 if it ends first).

    Whole months count from `start` to the same day `n` months later; the days left over are
    a fraction of the next month. `months_exact(2027-01-01, 2027-08-31)` is 8."""
    after = end_inclusive + ONE_DAY
    if after <= start:
        return Fraction(0)
    n = whole_months(start, after)
    anchor = add_months(start, n)
    spare = (after - anchor).days
    if spare == 0:
        return Fraction(n)
    month = (add_months(start, n + 1) - anchor).days
    return Fraction(n) + Fraction(spare, month)


def elapsed(start: date, end: date, at: date) -> Fraction:
    """Share of the period `start`..`end` (inclusive) that lies before the day `at`."""
    if at <= start:
        return Fraction(0)
    if at > end:
        return Fraction(1)
    return months_exact(start, at - ONE_DAY) / months_exact(start, end)


def cents_exact(value: Fraction | Decimal | int) -> Decimal:
    """Round to the cent, half away from zero (Decimal's ROUND_HALF_UP), from an exact value."""
    f = Fraction(value) * 100
    sign = -1 if f < 0 else 1
    f = abs(f)
    whole, rest = divmod(f.numerator, f.denominator)
    if Fraction(rest, f.denominator) >= Fraction(1, 2):
        whole += 1
    return (Decimal(sign * whole) / 100).quantize(Decimal("0.01"))


def to_decimal(value: Fraction, places: int = 6) -> Decimal:
    """A fraction shown to `places` decimals (for display and stored ratios only)."""
    q = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(q)


# --------------------------------------------------------------------------- price lines


def line_months(line: PriceLine) -> Fraction:
    if line.months is not None:
        return Fraction(line.months)
    return months_exact(line.start, line.end)


def line_value(line: PriceLine) -> Fraction:
    """The consideration of a price line: a one-off amount, or amount x months / period."""
    if line.period_months is None:
        return Fraction(line.amount)
    return Fraction(line.amount) * line_months(line) / Fraction(line.period_months)


def value_between(lines: Iterable[PriceLine], first: date, last: date | None = None) -> Fraction:
    """Consideration of the lines for the days `first`..`last` (one-offs by their date)."""
    total = Fraction(0)
    for line in lines:
        lo = max(line.start, first)
        hi = line.end if last is None else min(line.end, last)
        if hi < lo:
            continue
        if line.period_months is None:
            total += Fraction(line.amount)
        elif (lo, hi) == (line.start, line.end):
            total += line_value(line)
        else:
            total += Fraction(line.amount) * months_exact(lo, hi) / Fraction(line.period_months)
    return total


def clip_line(line: PriceLine, last: date) -> PriceLine | None:
    """The part of a recurring line up to `last` (None if it starts later)."""
    if line.start > last:
        return None
    if line.end <= last:
        return line
    return line.model_copy(update={"end": last, "months": None})


# --------------------------------------------------------------------------- recognition


def recognised_segments(segments: Sequence[Segment], at: date) -> list[Segment]:
    """What was recognised before the day `at`: each segment cut at `at - 1`, its amount the
    elapsed share of the segment rounded to the cent."""
    out: list[Segment] = []
    for seg in segments:
        share = elapsed(seg.start, seg.end, at)
        if share == 0:
            continue
        amount = seg.amount if share == 1 else cents_exact(Fraction(seg.amount) * share)
        end = seg.end if share == 1 else at - ONE_DAY
        out.append(Segment(start=seg.start, end=end, amount=amount))
    return out


def recognised_to(segments: Sequence[Segment], at: date) -> Decimal:
    return sum((s.amount for s in recognised_segments(segments, at)), Decimal("0.00"))


def progress(segments: Sequence[Segment], at: date) -> Fraction:
    """Share of the segments' amounts recognised before `at` (time elapsed, exact)."""
    total = sum((Fraction(s.amount) for s in segments), Fraction(0))
    if total == 0:
        if not segments:
            return Fraction(0)
        start = min(s.start for s in segments)
        end = max(s.end for s in segments)
        return elapsed(start, end, at)
    done = sum((Fraction(s.amount) * elapsed(s.start, s.end, at) for s in segments), Fraction(0))
    return done / total
