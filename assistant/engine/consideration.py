"""How a fee line's stated amount becomes fixed consideration over the contract term.

Shared by Step 3 (the transaction price) and Step 4 (SSPs measured over the same term):
a recurring fee counts `amount x term / period` (a commitment's commitment period first), a
one-time fee its amount, a line without an amount its unit price x quantity.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine.promises import COMMITMENT_KINDS
from assistant.schemas import Duration, FeeKind, FeeLine


def recurring_period(line: FeeLine) -> Duration | None:
    """The period a recurring amount covers (a commitment's commitment period first)."""
    commitment = line.commitment_period if line.kind in COMMITMENT_KINDS else None
    period = commitment or line.period
    if period is None or period.in_months() <= 0:
        return None
    return period


def fixed_base(line: FeeLine) -> Decimal | None:
    """The stated fixed amount per period (or one-off): `amount`, else unit price x quantity."""
    if line.amount is not None:
        return line.amount
    if line.kind is not FeeKind.USAGE and line.unit_price is not None and line.quantity is not None:
        return line.unit_price * line.quantity
    return None


def over_term(value: Decimal, line: FeeLine, months: Decimal | None) -> Decimal:
    """`value` per period scaled to the contract term (exact; once when not recurring)."""
    period = recurring_period(line)
    if period is None or months is None:
        return value
    return value * months / period.in_months()
