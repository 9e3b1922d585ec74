"""What the reviewer knows that the contract does not say: `ReviewerInputs` (loaded from TOML).

The engine never guesses a fact outside the contract. Without inputs it flags each such
question for judgment; with inputs it applies the reviewer's answer and records, in the
conclusion, that the answer came from the reviewer ("per reviewer input ...").

Fee lines are referred to by their 0-based index in `ContractTerms.fee_lines` (the same
numbers as `PerformanceObligation.fee_lines`); performance obligations by their id (`PO2`),
as the memo shows them. Percentages are numbers of percent (`2.5` is 2.5%).
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from assistant.schemas._base import Duration, Money, Strict
from assistant.schemas.analysis import SspBasis
from assistant.schemas.terms import LicenceKind, VariableKind

Probability = Annotated[Decimal, Field(gt=0, le=1)]
Percent = Annotated[Decimal, Field(ge=0, le=100)]
FeeLineIndex = Annotated[int, Field(ge=0)]


class EstimateMethod(StrEnum):
    EXPECTED_VALUE = "expected_value"
    """Sum of probability-weighted amounts (32-8(a)): many similar contracts."""
    MOST_LIKELY_AMOUNT = "most_likely_amount"
    """The single most likely amount (32-8(b)): few possible outcomes, e.g. a bonus or not."""


class Scenario(Strict):
    value: Decimal
    probability: Probability
    description: str = ""


class Estimate(Strict):
    """An uncertain quantity: probability-weighted scenarios, or one most likely value."""

    method: EstimateMethod
    scenarios: list[Scenario] = []
    most_likely: Decimal | None = None
    """For `most_likely_amount` without scenarios; with scenarios the likeliest one is used."""

    @model_validator(mode="after")
    def _complete(self) -> Estimate:
        if self.method is EstimateMethod.EXPECTED_VALUE:
            if not self.scenarios:
                raise ValueError("an expected value needs scenarios with probabilities")
            total = sum((s.probability for s in self.scenarios), Decimal(0))
            if total != 1:
                raise ValueError(f"scenario probabilities sum to {total}, not 1")
        elif self.most_likely is None and not self.scenarios:
            raise ValueError("a most likely amount needs `most_likely` or scenarios")
        return self

    def value(self) -> Decimal:
        """The estimate (exact): the expected value, or the most likely value."""
        if self.method is EstimateMethod.EXPECTED_VALUE:
            return sum((s.value * s.probability for s in self.scenarios), Decimal(0))
        if self.most_likely is not None:
            return self.most_likely
        # The likeliest scenario; on a tie the first listed, so the answer never depends on order
        # of evaluation.
        best = max(range(len(self.scenarios)), key=lambda i: (self.scenarios[i].probability, -i))
        return self.scenarios[best].value


class UsageForecast(Strict):
    """Expected usage on one fee line: units (or an amount) per period."""

    fee_line: FeeLineIndex
    units: Estimate | None = None
    amount: Estimate | None = None
    """Expected consideration instead of units (e.g. royalties on the customer's sales)."""
    period: Duration | None = None
    """The period the estimate covers; None: the accounting contract term."""
    units_to_date: Annotated[Decimal, Field(ge=0)] | None = None
    """Units delivered so far in the period, for a cumulative catch-up (Example 24)."""
    recognised_to_date: Money | None = None
    """Revenue already recognised on those units."""
    basis: str = ""

    @model_validator(mode="after")
    def _one_measure(self) -> UsageForecast:
        if (self.units is None) == (self.amount is None):
            raise ValueError("give exactly one of units or amount")
        return self


class VariableMeasure(StrEnum):
    AMOUNT = "amount"
    PERCENT_OF_FEES = "percent_of_fees"
    """Percent of the fixed fees of the fee line (or, without one, of the whole contract)."""


class VariableEstimate(Strict):
    """The reviewer's estimate of one kind of variable consideration in the contract.

    Values are the size of the price reduction (positive numbers) for credits, rebates,
    discounts, penalties, damages, refunds, MFN and price protection; for `price_change` they
    are signed (positive raises the price).
    """

    kind: VariableKind
    estimate: Estimate
    measure: VariableMeasure = VariableMeasure.AMOUNT
    fee_line: FeeLineIndex | None = None
    """The fee line the item relates to specifically (32-39 to 32-41), when it does."""
    basis: str = ""
    """Where the estimate comes from, e.g. `SLA credits paid 2023-2025: 14 of 16 quarters nil`."""


class ConstraintFactor(StrEnum):
    """The 32-12 factors that raise the likelihood or size of a revenue reversal."""

    EXTERNAL_FACTORS = "susceptible_to_external_factors"
    LONG_RESOLUTION = "long_resolution_period"
    LIMITED_EXPERIENCE = "limited_experience"
    PRICE_CONCESSIONS = "broad_range_of_price_concessions"
    MANY_OUTCOMES = "large_number_of_outcomes"


class ConstraintJudgement(Strict):
    """How much of a variable amount can be included without a significant reversal (32-11)."""

    kind: VariableKind | None = None
    fee_line: FeeLineIndex | None = None
    cap: Decimal
    """The most the item may add to the transaction price (negative for a reduction): the
    engine includes the lower of the estimate and this cap."""
    factors: list[ConstraintFactor] = []
    rationale: str = ""

    @model_validator(mode="after")
    def _target(self) -> ConstraintJudgement:
        if (self.kind is None) == (self.fee_line is None):
            raise ValueError("give exactly one of kind or fee_line")
        return self


class BreakageBasis(StrEnum):
    HISTORY = "history"
    """Predictive history: breakage is recognised in proportion to the customer's use."""
    NONE = "none"
    """No predictive history: breakage is recognised when use becomes remote."""


class BreakageEstimate(Strict):
    fee_line: FeeLineIndex
    expected_unused_percent: Percent
    basis: BreakageBasis
    evidence: str = ""


class AgentOrPrincipal(StrEnum):
    PRINCIPAL = "principal"
    AGENT = "agent"


class PrincipalAgentInput(Strict):
    """The reviewer's principal-versus-agent conclusion for a resold third-party line."""

    fee_line: FeeLineIndex
    conclusion: AgentOrPrincipal
    primarily_responsible: bool | None = None
    """55-39(a): the entity is primarily responsible for fulfilling the promise."""
    inventory_risk: bool | None = None
    """55-39(b): the entity has inventory risk before or after the transfer."""
    pricing_discretion: bool | None = None
    """55-39(c): the entity has discretion in establishing the price."""
    net_fee_percent: Percent | None = None
    """As agent: the entity's fee as a percent of the gross amount the customer pays."""
    net_fee_amount: Money | None = None
    """As agent: the entity's fee for the line over the contract term, when known as an amount."""
    reasons: str = ""


class LicenceNatureInput(Strict):
    fee_line: FeeLineIndex
    nature: LicenceKind
    reason: str = ""

    @model_validator(mode="after")
    def _decided(self) -> LicenceNatureInput:
        if self.nature is LicenceKind.UNKNOWN:
            raise ValueError("a licence nature input must be functional or symbolic")
        return self


class SspOverride(Strict):
    """A reviewer-determined SSP for one performance obligation (overrides the table)."""

    po_id: str
    basis: SspBasis
    ssp: Money | None = None
    """None only with basis `residual`: the engine computes the residual amount."""
    evidence: str = ""

    @model_validator(mode="after")
    def _amount(self) -> SspOverride:
        if self.basis is SspBasis.CONTRACT_PRICE:
            raise ValueError("basis 'contract_price_unverified' is revrec's fallback")
        if self.ssp is None and self.basis is not SspBasis.RESIDUAL:
            raise ValueError("an SSP override needs an amount unless its basis is residual")
        return self


class DiscountAllocation(Strict):
    """Observable evidence that the whole discount relates to some POs only (32-37)."""

    po_ids: Annotated[list[str], Field(min_length=1)]
    bundle_price: Money | None = None
    """The price at which these POs are regularly sold together (32-37(b)); without it, the
    transaction price less the other POs' standalone selling prices."""
    evidence: str = ""


class MaterialRightInput(Strict):
    """The reviewer's conclusion on one customer option, bonus credit or set-up renewal.

    Exactly one target: `option` (index into `ContractTerms.customer_options`), `discount`
    (index into `ContractTerms.discounts`, for bonus or free credits) or `setup_renewal`.
    The option's SSP (55-44) is `ssp`, or incremental discount x expected purchases x the
    likelihood of exercise.
    """

    option: Annotated[int, Field(ge=0)] | None = None
    discount: Annotated[int, Field(ge=0)] | None = None
    setup_renewal: bool = False
    material: bool
    reason: str = ""
    ssp: Money | None = None
    incremental_discount_percent: Percent | None = None
    expected_purchases: Money | None = None
    exercise_probability: Probability | None = None
    benefit_months: Annotated[Decimal, Field(gt=0)] | None = None
    """Set-up renewal: months over which the customer is expected to benefit (with renewals)."""

    @model_validator(mode="after")
    def _target(self) -> MaterialRightInput:
        targets = [self.option is not None, self.discount is not None, self.setup_renewal]
        if sum(targets) != 1:
            raise ValueError("give exactly one of option, discount or setup_renewal")
        return self

    def option_ssp(self) -> Decimal | None:
        """The SSP of the option: stated, or discount x purchases x probability (55-44)."""
        if self.ssp is not None:
            return self.ssp
        parts = (self.incremental_discount_percent, self.expected_purchases)
        if parts[0] is None or parts[1] is None:
            return None
        probability = self.exercise_probability if self.exercise_probability is not None else 1
        return parts[1] * parts[0] / 100 * probability


class DistinctFactor(StrEnum):
    """Why promises are not distinct in the context of the contract (25-21)."""

    SIGNIFICANT_INTEGRATION = "significant_integration"
    SIGNIFICANT_MODIFICATION = "significant_modification"
    HIGHLY_INTERDEPENDENT = "highly_interdependent"


class CombinedPromises(Strict):
    """Fee lines whose promises form one PO because they are not distinct in context."""

    fee_lines: Annotated[list[FeeLineIndex], Field(min_length=2)]
    factor: DistinctFactor
    name: str = ""
    reason: str = ""


class OverTimeCriterion(StrEnum):
    A = "a"
    """The customer simultaneously receives and consumes the benefits."""
    B = "b"
    """The performance creates or enhances an asset the customer controls."""
    C = "c"
    """No alternative use and an enforceable right to payment for performance to date."""
    POINT_IN_TIME = "point_in_time"


class TimingInput(Strict):
    """The reviewer's 25-27 conclusion for the PO of one fee line."""

    fee_line: FeeLineIndex
    criterion: OverTimeCriterion
    reason: str = ""


class VariableAllocationInput(Strict):
    """Whether one line's variable fees meet the 32-40 criteria for direct allocation."""

    fee_line: FeeLineIndex
    allocate_directly: bool
    reason: str = ""


class ReviewerInputs(Strict):
    """Facts outside the contract the reviewer supplies; every field is optional."""

    collectibility_confirmed: bool | None = None
    collectibility_evidence: str = ""
    commercial_substance_confirmed: bool | None = None
    usage_forecasts: list[UsageForecast] = []
    variable_estimates: list[VariableEstimate] = []
    """SLA credit history, penalties, refunds, MFN: one estimate per kind (and line)."""
    constraints: list[ConstraintJudgement] = []
    breakage: list[BreakageEstimate] = []
    principal_agent: list[PrincipalAgentInput] = []
    licence_natures: list[LicenceNatureInput] = []
    ssp_overrides: list[SspOverride] = []
    discount_allocation: DiscountAllocation | None = None
    material_rights: list[MaterialRightInput] = []
    combined_promises: list[CombinedPromises] = []
    timing: list[TimingInput] = []
    variable_allocation: list[VariableAllocationInput] = []
    significant_financing: bool | None = None
    """The reviewer's conclusion where payment and performance are more than a year apart."""
    financing_reason: str = ""
    payments_for_distinct_services: list[Annotated[int, Field(ge=0)]] = []
    """Indexes into `ContractTerms.discounts` of payments to the customer that buy a distinct
    good or service at no more than its fair value (32-26): not a price reduction."""

    @classmethod
    def from_toml(cls, text: str) -> ReviewerInputs:
        """Parse the reviewer's TOML file's text (the caller reads the file)."""
        return cls.model_validate(tomllib.loads(text))
