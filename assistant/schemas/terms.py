"""What a contract says: `ContractTerms`, every populated field backed by citations.

A field that is `None` (or an empty list) means *not found in the contract*: revrec never
invents a value. The memo lists what was not found so the reviewer can check.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import Field

from assistant.schemas._base import Confidence, Duration, Money, Strict
from assistant.schemas.citation import Citation

T = TypeVar("T")


class Term(Strict, Generic[T]):
    """One extracted fact with its evidence."""

    value: T
    citations: Annotated[list[Citation], Field(min_length=1)]
    confidence: Confidence
    verified: bool = True
    """False only for a candidate whose quotes could not be verified; never shown as fact."""


class PartyRole(StrEnum):
    CUSTOMER = "customer"
    PROVIDER = "provider"
    OTHER = "other"


class Party(Strict):
    name: str
    role: PartyRole
    defined_as: str | None = None
    """The short name the contract defines, e.g. `"Customer"` or `"Acme"`."""


class Renewal(Strict):
    automatic: bool
    renewal_term: Duration | None = None
    notice_period: Duration | None = None
    """Notice needed to prevent (automatic) or to elect (optional) renewal."""


class TerminationParty(StrEnum):
    CUSTOMER = "customer"
    PROVIDER = "provider"
    EITHER = "either"


class TerminationTrigger(StrEnum):
    CONVENIENCE = "convenience"
    CAUSE = "cause"
    OTHER = "other"


class TerminationRight(Strict):
    party: TerminationParty
    trigger: TerminationTrigger
    notice_period: Duration | None = None
    penalty_amount: Money | None = None
    has_penalty: bool = False
    """A termination fee, early-termination charge or payment of remaining fees applies."""
    refund_of_prepaid: bool | None = None
    """Prepaid, unused fees are refunded on termination (True), forfeited (False) or silent."""
    description: str = ""


class FeeKind(StrEnum):
    PLATFORM = "platform"
    SUBSCRIPTION = "subscription"
    RESERVED_CAPACITY = "reserved_capacity"
    USAGE = "usage"
    COMMITTED_SPEND = "committed_spend"
    MINIMUM_COMMITMENT = "minimum_commitment"
    PREPAID_CREDITS = "prepaid_credits"
    SETUP = "setup"
    PROFESSIONAL_SERVICES = "professional_services"
    LICENCE = "licence"
    SUPPORT = "support"
    HARDWARE = "hardware"
    OTHER = "other"


class TierMode(StrEnum):
    PROSPECTIVE = "prospective"
    """Each tier's price applies only to the units within that tier (graduated)."""
    RETROACTIVE = "retroactive"
    """Reaching a tier reprices every unit in the period (volume pricing)."""


class Tier(Strict):
    from_units: Annotated[Decimal, Field(ge=0)] | None = None
    to_units: Annotated[Decimal, Field(ge=0)] | None = None
    unit_price: Money


class BillingFrequency(StrEnum):
    ONE_TIME = "one_time"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUALLY = "annually"
    PER_USE = "per_use"
    MILESTONE = "milestone"


class BillingTiming(StrEnum):
    ADVANCE = "advance"
    ARREARS = "arrears"


class Shortfall(StrEnum):
    INVOICED = "invoiced"
    """The customer pays any unused commitment at the end of the period (true-up)."""
    FORFEITED = "forfeited"
    """Prepaid or committed amounts not used are lost to the customer."""
    NONE = "none"


class FeeLine(Strict):
    kind: FeeKind
    description: str
    amount: Money | None = None
    """Total amount of the line for its period (or one-off), when stated."""
    period: Duration | None = None
    """The period `amount` covers (e.g. 12 months for an annual fee); None for one-off."""
    unit: str | None = None
    """For usage: what is counted (`GPU-second`, `image`, `1K tokens`, `API call`)."""
    unit_price: Money | None = None
    quantity: Annotated[Decimal, Field(ge=0)] | None = None
    """Quantity bought (hours of services, credits), when stated."""
    tiers: list[Tier] = []
    tier_mode: TierMode | None = None
    commitment_period: Duration | None = None
    shortfall: Shortfall | None = None
    rollover: bool | None = None
    """Unused commitment or credits carry into the next period."""
    credit_expiry: Duration | None = None
    billing_frequency: BillingFrequency | None = None
    billing_timing: BillingTiming | None = None
    refundable: bool | None = None
    third_party: bool = False
    """The line resells a third party's model or service (principal vs agent)."""


class DiscountKind(StrEnum):
    PERCENTAGE = "percentage"
    AMOUNT = "amount"
    FREE_CREDITS = "free_credits"
    BONUS_CREDITS = "bonus_credits"
    WAIVED_FEE = "waived_fee"
    PAYMENT_TO_CUSTOMER = "payment_to_customer"
    """Cash or credit the entity pays the customer (slotting fees, incentives): 32-25 to 32-27."""


class Discount(Strict):
    kind: DiscountKind
    description: str
    percent: Annotated[float, Field(ge=0, le=100)] | None = None
    amount: Money | None = None
    usable_after_term: bool | None = None


class VariableKind(StrEnum):
    SLA_CREDIT = "sla_credit"
    REBATE = "rebate"
    VOLUME_DISCOUNT = "volume_discount"
    MFN = "mfn"
    PRICE_PROTECTION = "price_protection"
    PENALTY = "penalty"
    LIQUIDATED_DAMAGES = "liquidated_damages"
    REFUND = "refund"
    PRICE_CHANGE = "price_change"


class VariableItem(Strict):
    kind: VariableKind
    description: str
    max_percent: Annotated[float, Field(ge=0, le=100)] | None = None


class PaymentTerms(Strict):
    net_days: Annotated[int, Field(ge=0)] | None = None
    description: str = ""


class OptionKind(StrEnum):
    RENEWAL_PRICE_CAP = "renewal_price_cap"
    DISCOUNTED_ADDITIONAL_PURCHASE = "discounted_additional_purchase"
    ADDITIONAL_PURCHASE = "additional_purchase"
    OTHER = "other"


class CustomerOption(Strict):
    kind: OptionKind
    description: str
    cap_percent: Annotated[float, Field(ge=0)] | None = None
    discount_percent: Annotated[float, Field(ge=0, le=100)] | None = None


class LicenceKind(StrEnum):
    FUNCTIONAL = "functional"
    SYMBOLIC = "symbolic"
    UNKNOWN = "unknown"


class LicenceGrant(Strict):
    kind: LicenceKind
    description: str
    perpetual: bool | None = None
    exclusive: bool | None = None
    term: Duration | None = None


class WarrantyKind(StrEnum):
    ASSURANCE = "assurance"
    SERVICE = "service"
    UNKNOWN = "unknown"


class Warranty(Strict):
    kind: WarrantyKind
    description: str
    duration: Duration | None = None


class ContractTerms(Strict):
    """Everything the engine needs from the contract, each fact cited."""

    title: Term[str] | None = None
    parties: list[Term[Party]] = []
    agreement_date: Term[date] | None = None
    effective_date: Term[date] | None = None
    expiration_date: Term[date] | None = None
    initial_term: Term[Duration] | None = None
    perpetual: Term[bool] | None = None
    renewal: Term[Renewal] | None = None
    termination_rights: list[Term[TerminationRight]] = []
    currency: Term[str] | None = None
    fee_lines: list[Term[FeeLine]] = []
    discounts: list[Term[Discount]] = []
    variable_items: list[Term[VariableItem]] = []
    payment_terms: Term[PaymentTerms] | None = None
    customer_options: list[Term[CustomerOption]] = []
    licence_grants: list[Term[LicenceGrant]] = []
    warranties: list[Term[Warranty]] = []
    governing_law: Term[str] | None = None

    def party(self, role: PartyRole) -> Term[Party] | None:
        return next((p for p in self.parties if p.value.role is role), None)

    def missing(self) -> list[str]:
        """Names of the scalar fields that were not found, for the memo's open questions."""
        keys = (
            "agreement_date",
            "effective_date",
            "expiration_date",
            "initial_term",
            "renewal",
            "currency",
            "payment_terms",
            "governing_law",
        )
        out = [k for k in keys if getattr(self, k) is None]
        if self.party(PartyRole.CUSTOMER) is None:
            out.insert(0, "customer")
        if not self.fee_lines:
            out.append("fee_lines")
        return out
