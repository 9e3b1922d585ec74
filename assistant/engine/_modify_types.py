"""The vocabulary of the modification arithmetic: paragraph references, the public inputs
(`ContractChange`, `AddedItem`, `Credit`, `ModificationInputs`, re-exported by
`assistant.engine.modification`), the working state per PO, and small helpers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from assistant.engine._common import (
    asc,
    asc_range,
)
from assistant.schemas import (
    Citation,
    FeeKind,
    ObligationState,
    PriceLine,
    Segment,
)

MODIFICATION = asc("25-10", "25-11")
SEPARATE_CONTRACT = asc("25-12")
PROSPECTIVE = asc("25-13")
DISTINCT = asc_range("25-19", "25-22")
SERIES = asc("25-14", "25-15")
PRICE_CHANGE = asc("32-42", "32-43", "32-45")
TOLERANCE = Decimal("0.15")
"""Largest relative difference between a price and the SSP that still 'reflects' the SSP."""
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ProgressOverride:
    """The reviewer's measure of progress for one PO (e.g. costs incurred / total costs)."""

    before: Fraction
    """Share satisfied at the modification date under the contract before the change."""
    after: Fraction | None = None
    """Share satisfied at that date under the modified contract (catch-up only); None: the
    same work measured against the modified whole, i.e. time elapsed over the new period."""


@dataclass(frozen=True)
class ModificationInputs:
    progress: Mapping[str, ProgressOverride] = field(default_factory=dict)
    remaining_ssp: Mapping[str, Decimal] = field(default_factory=dict)
    """SSP of the goods or services still to transfer, by PO id (existing or added)."""
    ssp_tolerance: Decimal = TOLERANCE


@dataclass(frozen=True)
class AddedItem:
    """Goods or services the modification adds, and their price."""

    kind: FeeKind
    description: str
    lines: tuple[PriceLine, ...] = ()
    """Fixed price lines (their `po_id` is replaced by the item's)."""
    price: Decimal | None = None
    """Fixed price when not given by `lines`."""
    variable: bool = False
    """Usage-based fees are charged (as they occur)."""
    ssp: Decimal | None = None
    """SSP of the added goods or services, when known outside the SSP table."""
    quantity: Decimal | None = None
    distinct: bool = True
    joins: str | None = None
    """Existing PO the item becomes part of when the change is not a separate contract."""
    po_id: str | None = None
    """Id for the item when it becomes a PO of its own (default: the next free `POn`)."""
    start: date | None = None
    end: date | None = None
    """Recognition period when there are no recurring lines (default: from the modification
    date to the end of the (modified) term; licences and hardware: on the modification date)."""


@dataclass(frozen=True)
class Credit:
    """A credit or price concession the modification grants."""

    amount: Decimal
    description: str
    transferred: bool = False
    """For goods or services already transferred (e.g. defects): revenue is reduced at the
    modification date (Example 5, Case B). Otherwise it reduces the modification's price."""
    po_id: str | None = None


@dataclass(frozen=True)
class ContractChange:
    modification_date: date
    lines_after: tuple[PriceLine, ...] | None = None
    """The existing POs' price lines after the change (None: unchanged)."""
    new_end: date | None = None
    lump_sums: Mapping[str, Decimal] = field(default_factory=dict)
    """Changes in consideration by PO id not expressed as price lines (e.g. a bonus now
    included in the transaction price, a fixed price increase)."""
    added: tuple[AddedItem, ...] = ()
    credits: tuple[Credit, ...] = ()
    variable_changes: tuple[str, ...] = ()
    """POs whose usage-based prices change (variable consideration of future periods)."""
    amendment_cites: Mapping[str, tuple[Citation, ...]] = field(default_factory=dict)
    """Citations into the amendment by subject: `date`, `scope`, `credits`."""
    original_cites: Mapping[str, tuple[Citation, ...]] = field(default_factory=dict)
    """Citations into the original agreement by subject: `scope`, `term`."""
    notes: tuple[str, ...] = ()
    """Sentences for the memo from reading the amendment (how its terms were mapped)."""


# --------------------------------------------------------------------------- working state


@dataclass
class _Po:
    ob: ObligationState
    recognised: list[Segment]
    r: Decimal
    p_before: Fraction
    delta: Fraction
    existing_change: bool
    extension: Fraction
    remaining_stated: Fraction
    end_after: date
    start: date | None
    overridden: bool
    end_changed: bool = False

    @property
    def satisfied(self) -> bool:
        return self.p_before == 1

    @property
    def affected(self) -> bool:
        return self.delta != 0 or self.existing_change or self.extension != 0 or self.end_changed


@dataclass
class _Item:
    """One added or extended unit of account in the separate-contract test and allocation."""

    item: AddedItem
    price: Fraction
    ssp: Decimal | None
    basis: str
    reflects: bool | None
    po_id: str
    extension_of: str | None = None


@dataclass
class _Unit:
    kind: FeeKind
    stated: Fraction
    po: _Po | None = None
    item: _Item | None = None


def _first_start(ob: ObligationState) -> date | None:
    return min((s.start for s in ob.segments), default=None)


def _last_end(ob: ObligationState) -> date | None:
    return max((s.end for s in ob.segments), default=None)


def _next_ids(existing: Sequence[str], n: int) -> list[str]:
    taken = {i for i in existing}
    numbers = [int(i[2:]) for i in existing if i.startswith("PO") and i[2:].isdigit()]
    k = max(numbers, default=0)
    out: list[str] = []
    while len(out) < n:
        k += 1
        if f"PO{k}" not in taken:
            out.append(f"PO{k}")
    return out


def _unique(citations: Iterable[Citation]) -> list[Citation]:
    seen: dict[tuple[str, int, str], Citation] = {}
    for c in citations:
        seen.setdefault((c.clause_id, c.page, c.quote), c)
    return list(seen.values())


def _long(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _pct(value: Decimal | None) -> Decimal:
    return ((value or Decimal(0)) * 100).quantize(Decimal("0.01"))
