"""Largest-remainder allocation to the cent: shares that always sum exactly to the total.

Rounding each share half-up can leave the allocations a cent or two away from the
transaction price; the largest-remainder method (Hamilton's method) cannot. Each share is
first rounded down to the cent; the cents left over go, one each, to the shares that lost
the most in rounding, ties to the earlier share. The arithmetic is exact (`Fraction`), so
the result is the same on every machine and every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import CENT


def allocate_cents(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `total` (a whole number of cents) in proportion to `weights`, to the cent.

    Every share is within one cent of its exact proportion and the shares sum to `total`.
    Weights must be non-negative with a positive sum, unless `total` is zero (then every
    share is zero). A negative total is split as its absolute value, then negated.
    """
    if not weights:
        if total != 0:
            raise ValueError("cannot allocate a non-zero total to no weights")
        return []
    if total.quantize(CENT) != total:
        raise ValueError(f"total {total} is not a whole number of cents")
    if any(w < 0 for w in weights):
        raise ValueError("weights must be non-negative")
    if total == 0:
        return [Decimal("0.00") for _ in weights]
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    if weight_sum == 0:
        raise ValueError("cannot allocate a non-zero total by weights that sum to zero")
    sign = -1 if total < 0 else 1
    total_cents = int(abs(total) / CENT)
    exact = [Fraction(total_cents) * Fraction(w) / weight_sum for w in weights]
    floors = [q.numerator // q.denominator for q in exact]
    left_over = total_cents - sum(floors)
    # Largest remainder first; on equal remainders the earlier share wins.
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left_over]:
        floors[i] += 1
    return [(Decimal(sign * c) * CENT).quantize(CENT) for c in floors]
