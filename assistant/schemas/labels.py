"""Labels of an eval-set contract: the terms and conclusions a careful reviewer expects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import model_validator

from assistant.schemas._base import Strict
from assistant.schemas.analysis import FlagKind, Timing
from assistant.schemas.terms import FeeKind, VariableKind


class ExpectedFee(Strict):
    kind: FeeKind
    amount: Decimal | None = None
    unit_price: Decimal | None = None
    unit: str | None = None
    clause_id: str | None = None


AbsentField = Literal[
    "customer",
    "provider",
    "agreement_date",
    "effective_date",
    "expiration_date",
    "initial_term_months",
    "renewal_term_months",
    "renewal_notice_days",
    "currency",
    "payment_net_days",
    "governing_law",
]


class ExpectedTerms(Strict):
    customer: str | None = None
    provider: str | None = None
    agreement_date: date | None = None
    effective_date: date | None = None
    expiration_date: date | None = None
    initial_term_months: Decimal | None = None
    auto_renewal: bool | None = None
    renewal_term_months: Decimal | None = None
    renewal_notice_days: int | None = None
    customer_termination_for_convenience: bool = False
    currency: str | None = None
    payment_net_days: int | None = None
    governing_law: str | None = None
    fee_lines: list[ExpectedFee] = []
    variable_kinds: list[VariableKind] = []
    clauses: dict[str, str] = {}
    """Field name -> id of the clause a correct citation points at."""
    absent: list[AbsentField] = []
    """Fields the contract does not state at all (not merely left unlabelled): an extracted
    value for one counts against precision in `revrec eval`."""

    @model_validator(mode="after")
    def _absent_fields_are_empty(self) -> ExpectedTerms:
        stated = [name for name in self.absent if getattr(self, name) is not None]
        if stated:
            raise ValueError(f"fields listed as absent but given a value: {', '.join(stated)}")
        return self


class ExpectedPO(Strict):
    kind: FeeKind
    timing: Timing
    allocated: Decimal | None = None
    """Fixed consideration allocated to the PO, to the cent; None when only usage-based."""


class ExpectedEngine(Strict):
    contract_term_months: Decimal | None = None
    month_to_month: bool = False
    performance_obligations: list[ExpectedPO]
    transaction_price: Decimal
    variable_kinds: list[str] = []
    flag_kinds: list[FlagKind] = []
    """Flags the analysis must raise (it may raise others)."""


class ContractLabels(Strict):
    contract: str
    """File name of the PDF in `eval_set/pdf/`."""
    pattern: str
    """The DOMAIN.md pattern this contract exercises, in a few words."""
    terms: ExpectedTerms
    engine: ExpectedEngine
