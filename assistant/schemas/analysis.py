"""What the five-step engine concludes: `Analysis`.

Every conclusion carries a machine-readable outcome, a prose rationale, the ASC paragraphs it
rests on, the clause citations it reads, and flags where facts outside the contract decide it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from assistant.schemas._base import Money, Strict
from assistant.schemas.citation import Citation
from assistant.schemas.terms import FeeKind


class FlagKind(StrEnum):
    COLLECTIBILITY = "collectibility"
    COMMERCIAL_SUBSTANCE = "commercial_substance"
    MISSING_TERM = "missing_term"
    TERMINATION_PENALTY = "termination_penalty"
    MISSING_SSP = "missing_ssp"
    BREAKAGE = "breakage"
    MFN = "mfn"
    PRINCIPAL_AGENT = "principal_agent"
    VARIABLE_CONSIDERATION = "variable_consideration"
    RETROACTIVE_TIERS = "retroactive_tiers"
    MATERIAL_RIGHT = "material_right"
    SIGNIFICANT_FINANCING = "significant_financing"
    CONSIDERATION_PAYABLE = "consideration_payable"
    LICENCE_NATURE = "licence_nature"
    SERVICE_WARRANTY = "service_warranty"
    SHORTFALL = "shortfall"
    PERFORMANCE_OBLIGATION = "performance_obligation"
    """Whether an unclassified promise (or a lone set-up fee) is a distinct PO, and its timing."""
    CONTRACT_COMBINATION = "contract_combination"
    """Contracts with the same customer entered at or near the same time (25-9)."""
    CONTRACT_MODIFICATION = "contract_modification"
    """How an amendment is accounted for (25-10 to 25-13) needs the reviewer's view."""


class Severity(StrEnum):
    JUDGMENT = "judgment"
    """The reviewer must decide: facts outside the contract settle it."""
    MISSING = "missing"
    """A term the analysis needs was not found; the conclusion rests on an assumption."""
    INFO = "info"
    """Worth knowing; no decision needed."""


class Flag(Strict):
    kind: FlagKind
    severity: Severity
    message: str
    asc: list[str] = []
    citations: list[Citation] = []


class Conclusion(Strict):
    topic: str
    """Short machine name of the question answered, e.g. `contract_term`, `po_distinct`."""
    outcome: str
    """Machine-readable answer (an enum value or amount as text)."""
    rationale: str
    asc: Annotated[list[str], Field(min_length=1)]
    """ASC 606-10 paragraphs, e.g. `606-10-25-3`."""
    citations: list[Citation] = []
    flags: list[Flag] = []
    amount: Money | None = None
    """The amount the conclusion determines, when it determines one (a price, an estimate)."""
    reviewer_input: bool = False
    """True when the conclusion applies a fact the reviewer supplied (`ReviewerInputs`)."""


class CriterionStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    REVIEWER_TO_CONFIRM = "reviewer_to_confirm"


class Step1Contract(Strict):
    criteria: dict[str, CriterionStatus]
    """25-1 (a) to (e) by letter."""
    stated_term_months: Decimal | None = None
    contract_term_months: Decimal | None = None
    """The accounting contract term after termination rights (25-3)."""
    term_start: date | None = None
    term_end: date | None = None
    month_to_month: bool = False
    conclusions: list[Conclusion] = []


class Timing(StrEnum):
    OVER_TIME = "over_time"
    POINT_IN_TIME = "point_in_time"


class ProgressMeasure(StrEnum):
    TIME_ELAPSED = "time_elapsed"
    USAGE = "usage"
    RIGHT_TO_INVOICE = "right_to_invoice"
    INPUT_HOURS = "input_hours"
    POINT_IN_TIME = "point_in_time"


class PerformanceObligation(Strict):
    id: str
    """`PO1`, `PO2`, ... in order of the fee lines."""
    name: str
    kind: FeeKind
    fee_lines: list[int]
    """Indexes into `ContractTerms.fee_lines` whose consideration belongs to this PO."""
    series: bool = False
    stand_ready: bool = False
    timing: Timing
    measure: ProgressMeasure
    citations: list[Citation] = []
    material_right: bool = False
    """A customer option the reviewer concluded is a material right (55-41 to 55-45)."""


class Step2Obligations(Strict):
    performance_obligations: list[PerformanceObligation]
    conclusions: list[Conclusion] = []


class ConsiderationKind(StrEnum):
    FIXED = "fixed"
    VARIABLE = "variable"


class PriceComponent(Strict):
    description: str
    kind: ConsiderationKind
    amount: Money | None
    """Amount included in the transaction price; None for variable consideration not estimated."""
    fee_line: int | None = None
    po_id: str | None = None
    citations: list[Citation] = []


class Step3Price(Strict):
    currency: str | None
    fixed: Money
    variable_included: Money
    total: Money
    components: list[PriceComponent]
    conclusions: list[Conclusion] = []


class SspBasis(StrEnum):
    OBSERVABLE = "observable"
    ADJUSTED_MARKET = "adjusted_market_assessment"
    COST_PLUS = "expected_cost_plus_margin"
    RESIDUAL = "residual"
    CONTRACT_PRICE = "contract_price_unverified"
    """No SSP in the table: the contract's stated price is used and flagged."""


class AllocationLine(Strict):
    po_id: str
    ssp: Money
    ssp_basis: SspBasis
    allocated: Money
    variable_allocated_directly: bool = False
    """Usage-based fees allocated to the period they relate to (32-39 to 32-41)."""


class Step4Allocation(Strict):
    lines: list[AllocationLine]
    total_allocated: Money
    conclusions: list[Conclusion] = []


class RecognitionLine(Strict):
    po_id: str
    timing: Timing
    measure: ProgressMeasure
    start: date | None = None
    end: date | None = None
    amount: Money | None = None
    """Fixed amount recognised over the period; None when recognised as usage occurs."""
    monthly_amount: Money | None = None


class Step5Recognition(Strict):
    lines: list[RecognitionLine]
    conclusions: list[Conclusion] = []


class Analysis(Strict):
    step1: Step1Contract
    step2: Step2Obligations
    step3: Step3Price
    step4: Step4Allocation
    step5: Step5Recognition
    flags: list[Flag]
    """Every flag raised in any step, de-duplicated, in step order."""
    summary: str
    """One paragraph: the conclusion of the memo."""

    def conclusions(self) -> list[Conclusion]:
        return [
            *self.step1.conclusions,
            *self.step2.conclusions,
            *self.step3.conclusions,
            *self.step4.conclusions,
            *self.step5.conclusions,
        ]
