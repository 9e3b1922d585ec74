"""Contract modifications (ASC 606-10-25-10 to 25-13): what an amendment says and how it is
accounted for.

`AmendmentTerms` is what the amendment document says (every fact cited into the amendment).
`ContractState` is a contract as the modification arithmetic sees it: its fixed price lines,
its performance obligations with the allocated amounts and the periods over which they are
recognised. `Modification` is the engine's answer: the classification, the state before and
after, the catch-up, and findings that cite both documents (kept apart, so that a memo can
label "Amendment §2" and "Original §4.1" without confusing the two).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from assistant.schemas._base import Duration, Money, Strict
from assistant.schemas.analysis import Flag, ProgressMeasure, Timing
from assistant.schemas.citation import Citation
from assistant.schemas.terms import Discount, FeeKind, FeeLine, Term

# --------------------------------------------------------------------------- the amendment


class OriginalReference(Strict):
    """How the amendment names the agreement it amends."""

    title: str | None = None
    """E.g. `API Services Agreement`."""
    dated: date | None = None
    """The date the amendment gives the original agreement, when it gives one."""


class TermChange(Strict):
    """A change of the term: a new end date and/or an extension by a stated period."""

    new_end: date | None = None
    extension: Duration | None = None


class PriceChange(Strict):
    """A new price for a kind of fee the original agreement already charges."""

    kind: FeeKind
    description: str
    amount: Money | None = None
    period: Duration | None = None
    """The period `amount` covers (e.g. 1 month); None for a one-off amount."""
    unit_price: Money | None = None
    unit: str | None = None
    effective_from: date | None = None
    """First day the new price applies; None: the amendment's effective date."""
    effective_to: date | None = None
    """Last day it applies; None: until the (amended) end of the term."""


class AmendmentTerms(Strict):
    """What an amendment changes, each fact cited into the amendment document."""

    effective_date: Term[date] | None = None
    """The modification date: when the changed rights and obligations take effect."""
    original_reference: Term[OriginalReference] | None = None
    added_fee_lines: list[Term[FeeLine]] = []
    """Goods or services (or more of them) the amendment adds, with their prices."""
    price_changes: list[Term[PriceChange]] = []
    term_change: Term[TermChange] | None = None
    credits: list[Term[Discount]] = []
    """One-off credits or concessions the amendment grants."""


# --------------------------------------------------------------------------- contract state


class PriceLine(Strict):
    """A fixed price the contract charges over a stretch of time (or once)."""

    po_id: str
    kind: FeeKind
    description: str
    amount: Money
    """Amount per `period_months` (recurring), or the one-off amount."""
    period_months: Decimal | None = None
    """None for a one-off amount."""
    start: date
    end: date
    """Inclusive; equal to `start` for a one-off amount."""
    months: Decimal | None = None
    """Months from `start` to `end` the amount is charged for; None: computed from the dates."""


class Segment(Strict):
    """An amount recognised evenly (time elapsed) from `start` to `end` inclusive.

    A segment with `start == end` is recognised on that day (a point-in-time transfer, or an
    adjustment such as a cumulative catch-up)."""

    start: date
    end: date
    amount: Money


class ObligationState(Strict):
    po_id: str
    name: str
    kind: FeeKind
    timing: Timing
    measure: ProgressMeasure
    distinct_periods: bool
    """The goods or services still to transfer are distinct from those transferred (a series
    of distinct periods, or distinct units): 25-13(a) applies to it, else 25-13(b)."""
    allocated: Money
    """Fixed consideration allocated to the PO over its life."""
    segments: list[Segment] = []
    variable: bool = False
    """Usage-based fees are recognised in addition, as the usage occurs."""


class ContractState(Strict):
    currency: str | None = None
    term_start: date | None = None
    term_end: date | None = None
    term_months: Decimal | None = None
    transaction_price: Money
    """Fixed consideration (usage-based fees are recognised as they occur, in addition)."""
    obligations: list[ObligationState] = []
    price_lines: list[PriceLine] = []


# --------------------------------------------------------------------------- the answer


class ModificationType(StrEnum):
    SEPARATE_CONTRACT = "separate_contract"
    """25-12: distinct goods or services added at their standalone selling prices."""
    TERMINATION_AND_NEW_CONTRACT = "termination_and_new_contract"
    """25-13(a): prospective; the remaining goods or services are distinct."""
    CUMULATIVE_CATCH_UP = "cumulative_catch_up"
    """25-13(b): part of a single partially satisfied PO; revenue adjusted at once."""
    PROSPECTIVE_AND_CATCH_UP = "prospective_and_catch_up"
    """25-13(c): (a) for some remaining POs, (b) for others."""
    NO_CHANGE = "no_change_in_scope_or_price"
    """The amendment changes neither scope nor price (25-10): nothing to account for."""
    UNDETERMINED = "undetermined"
    """A fact the arithmetic needs (the modification date, the original term) is missing."""


class ObligationChange(Strict):
    """One PO before and after the modification, as the memo tabulates it."""

    po_id: str
    name: str
    treatment: str
    """`unchanged`, `prospective`, `catch_up`, `satisfied` or `separate_contract`."""
    allocated_before: Money | None = None
    """None for a PO the amendment adds."""
    recognised_to_date: Money
    """Recognised before the modification date (time elapsed, unless the reviewer supplied
    progress)."""
    catch_up: Money = Decimal("0.00")
    immediate: Money = Decimal("0.00")
    """A concession for goods or services already transferred, recognised at once."""
    allocated_after: Money
    remaining_after: Money
    """Recognised from the modification date on."""
    remaining_start: date | None = None
    remaining_end: date | None = None
    monthly_after: Money | None = None
    progress_before: Annotated[Decimal, Field(ge=0, le=1)] | None = None
    """Share satisfied at the modification date (to 6 decimals; amounts use the exact ratio)."""
    progress_after: Annotated[Decimal, Field(ge=0, le=1)] | None = None
    """For a catch-up: the share satisfied under the modified contract."""


class ModificationFinding(Strict):
    """A conclusion of the modification analysis, citing the amendment and the original."""

    topic: str
    outcome: str
    rationale: str
    asc: Annotated[list[str], Field(min_length=1)]
    amendment_citations: list[Citation] = []
    original_citations: list[Citation] = []
    flags: list[Flag] = []
    amount: Money | None = None


class Modification(Strict):
    type: ModificationType
    modification_date: date | None = None
    before: ContractState
    after: ContractState
    changes: list[ObligationChange] = []
    modification_consideration: Money = Decimal("0.00")
    """Change in fixed consideration the amendment promises (after minus before)."""
    remaining_consideration: Money | None = None
    """25-13(a): unrecognised consideration of the remaining distinct POs plus the
    modification's consideration, allocated to the remaining goods and services."""
    catch_up: Money = Decimal("0.00")
    """25-13(b): total cumulative catch-up recognised at the modification date."""
    immediate_adjustment: Money = Decimal("0.00")
    new_contract_price: Money | None = None
    """25-12: the separate contract's (fixed) transaction price."""
    findings: list[ModificationFinding] = []
    flags: list[Flag] = []
    """Every flag of the findings, once; their citations point into the amendment."""
    summary: str = ""
