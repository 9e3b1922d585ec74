"""The recognition patterns, each a pure function from amounts and dates to month -> cents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ._months import ZERO, month_of, month_weights, round_cents, split_cents


def ratable(amount: Decimal, start: date, end: date) -> dict[date, Decimal]:
    """Straight line over [start, end]; a part month weighs its share of days."""
    weights = month_weights(start, end)
    return dict(zip(weights, split_cents(amount, list(weights.values())), strict=True))


def point_in_time(amount: Decimal, day: date) -> dict[date, Decimal]:
    return {month_of(day): amount}


@dataclass
class Block:
    """One commitment period (or credit life): its months with their weights, and its face
    value in the units that draw it down (currency for spend and credits, hours for PS)."""

    weights: dict[date, Fraction]
    face: Decimal

    @property
    def months(self) -> list[date]:
        return list(self.weights)


@dataclass
class Drawdown:
    fixed: dict[date, Decimal] = field(default_factory=dict)
    variable: dict[date, Decimal] = field(default_factory=dict)
    unused: list[tuple[date, Decimal]] = field(default_factory=list)
    """(last month of a period, amount recognised there for face value not used)."""
    forecast_months: int = 0


def drawdown(
    amount: Decimal,
    blocks: Sequence[Block],
    consumption: Mapping[date, Decimal],
    last_actual: date | None,
    *,
    breakage: Decimal = Decimal(0),
    overage_price: Decimal = Decimal(1),
) -> Drawdown:
    """Recognise `amount` as the blocks' face value is consumed.

    Actual months (up to `last_actual`) recognise the allocated amount in proportion to use of
    the face value expected to be used, `face x (1 - breakage)` (55-48: breakage in proportion
    to the customer's use); consumption beyond the face value is overage, variable revenue at
    `overage_price` per unit. A period whose last month is actual recognises whatever is left
    there (shortfall true-up, or expiry when use becomes remote). Months after `last_actual`
    have no data: what is left of the period is spread over them as expected use."""
    result = Drawdown()
    if not blocks:
        return result
    per_block = split_cents(amount, [b.face if b.face > 0 else 1 for b in blocks])
    for block, allocated in zip(blocks, per_block, strict=True):
        expected = block.face * (1 - breakage)
        used = Decimal(0)
        recognised = over_recognised = ZERO
        months = block.months
        actual = [m for m in months if last_actual is not None and m <= last_actual]
        for month in actual:
            used += consumption.get(month, Decimal(0))
            if month == months[-1]:
                cumulative = allocated
                if expected > 0 and used < expected:
                    share = round_cents(allocated * max(used, Decimal(0)) / expected)
                    result.unused.append((month, allocated - share))
            elif expected > 0:
                cumulative = round_cents(
                    allocated * min(max(used, Decimal(0)) / expected, Decimal(1))
                )
            else:
                cumulative = ZERO
            over = round_cents(max(used - block.face, Decimal(0)) * overage_price)
            result.fixed[month] = cumulative - recognised
            result.variable[month] = over - over_recognised
            recognised, over_recognised = cumulative, over
        rest = [m for m in months if m not in result.fixed]
        if rest:
            result.forecast_months += len(rest)
            weights = [block.weights[m] for m in rest]
            result.fixed.update(
                zip(rest, split_cents(allocated - recognised, weights), strict=True)
            )
    covered = {m for block in blocks for m in block.months}
    for month, units in consumption.items():
        # Use outside every period (after credits expire, before the term): charged as used.
        if month not in covered and units and (last_actual is None or month <= last_actual):
            result.variable[month] = round_cents(units * overage_price)
    return result
