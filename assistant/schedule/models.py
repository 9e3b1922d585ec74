"""What the schedules produce: per-PO monthly revenue, contract schedules, RPO lines.

Months are the `date` of their first day. Money is `Decimal` to the cent. Notes state every
assumption a schedule makes (no usage data, no breakage estimate, a placeholder pattern) in
words an accountant can put in a workpaper; they name POs by id and never quote the contract.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from assistant.schemas import FeeKind, Strict
from assistant.schemas._base import Money

from ._months import ZERO


class Pattern(StrEnum):
    """How a performance obligation's revenue falls into months."""

    RATABLE = "ratable"
    """Time elapsed (stand-ready, platform, reserved capacity, support, subscriptions)."""
    POINT_IN_TIME = "point_in_time"
    USAGE = "usage"
    """Variable consideration recognised as usage occurs (32-40, 55-18, 55-65)."""
    COMMITMENT = "commitment"
    """A committed spend or minimum drawn down by usage; shortfall at the period end."""
    PREPAID_CREDITS = "prepaid_credits"
    """Credits drawn down by usage; breakage per 55-46 to 55-49."""
    HOURS = "hours"
    """Professional services measured by hours delivered (input method, 25-36)."""


class PoSchedule(Strict):
    po_id: str
    name: str
    kind: FeeKind
    pattern: Pattern
    start: date | None = None
    end: date | None = None
    allocated: Money
    """Transaction price allocated to the PO (step 4): what its fixed revenue sums to."""
    sales_amount: Money = ZERO
    """The contract's stated fixed consideration for the PO (step 3), before allocation."""
    ssp: Money | None = None
    ssp_basis: str | None = None
    fixed: dict[date, Decimal] = {}
    """Month -> revenue from the allocated (fixed) consideration."""
    variable: dict[date, Decimal] = {}
    """Month -> usage-based revenue not in the transaction price (overage, pay-as-you-go)."""
    billings: dict[date, Decimal] = {}
    notes: list[str] = []

    def revenue(self, month: date) -> Decimal:
        return self.fixed.get(month, ZERO) + self.variable.get(month, ZERO)

    @property
    def fixed_total(self) -> Decimal:
        return sum(self.fixed.values(), ZERO)

    @property
    def variable_total(self) -> Decimal:
        return sum(self.variable.values(), ZERO)


class ContractSchedule(Strict):
    contract: str
    customer: str | None = None
    currency: str | None = None
    transaction_price: Money
    term_start: date | None = None
    term_end: date | None = None
    term_months: Decimal | None = None
    month_to_month: bool = False
    months: list[date] = []
    """Every month the schedule covers, first to last, without gaps."""
    pos: list[PoSchedule] = []
    notes: list[str] = []
    scheduled: bool = True
    """False when the analysis lacks what a schedule needs (a start date); see `notes`."""

    def revenue(self, month: date) -> Decimal:
        return sum((po.revenue(month) for po in self.pos), ZERO)

    def billed(self, month: date) -> Decimal:
        return sum((po.billings.get(month, ZERO) for po in self.pos), ZERO)


class WaterfallRow(Strict):
    """One line of `waterfall.csv`: a contract's PO in one month."""

    contract: str
    performance_obligation: str
    currency: str | None
    period: date
    revenue: Money
    billings: Money
    deferred_revenue: Money
    """Contract liability: billings to date in excess of revenue to date (never negative)."""
    unbilled_receivable: Money
    """Contract asset: revenue to date in excess of billings to date (never negative)."""


class RollForwardRow(Strict):
    """The contract-level movement in one month; the contract's position is presented net."""

    contract: str
    currency: str | None
    period: date
    opening_deferred: Money
    opening_unbilled: Money
    billings: Money
    revenue: Money
    closing_deferred: Money
    closing_unbilled: Money


class RpoLine(Strict):
    contract: str
    performance_obligation: str
    currency: str | None
    as_of: date
    remaining: Money
    """Allocated transaction price not yet recognised at `as_of`, before any expedient."""
    rpo: Money
    """Amount disclosed as RPO: `remaining` less what a practical expedient excludes."""
    next_12_months: Money
    months_13_to_24: Money
    thereafter: Money
    excluded: Money
    expedient: str = ""
    """The practical expedient applied, with its paragraph, when one excludes the amount."""


class Portfolio(Strict):
    contracts: list[ContractSchedule]
    notes: list[str] = []
