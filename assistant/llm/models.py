"""What the model is asked to return, one response model per part of `ContractTerms`.

Each value comes with evidence: quotes with the clause id and page they come from. With the
document in the validation context (`{"document": doc}`), a quote that is not in its clause,
or a date or amount that its quotes do not state, fails validation, and instructor re-asks
with the error. Without a context the same models parse an answer as-is: that is how an
answer that stayed unverifiable after the retries is read, item by item, into candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from assistant.errors import CitationError
from assistant.extract.parse import find_dates, find_durations, find_money
from assistant.schemas import (
    Citation,
    CustomerOption,
    Discount,
    Document,
    Duration,
    FeeLine,
    LicenceGrant,
    Party,
    PaymentTerms,
    Renewal,
    TerminationRight,
    VariableItem,
    Warranty,
    verify_citation,
)
from assistant.schemas.textnorm import normalise

T = TypeVar("T")

MAX_QUOTE_CHARS = 1000
MAX_QUOTES = 4


def document_from(context: Any) -> Document | None:
    if isinstance(context, dict):
        document = context.get("document")
        if isinstance(document, Document):
            return document
    return None


class _LLMModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quote(_LLMModel):
    """A verbatim passage of the contract and where it is."""

    clause_id: str = Field(
        description="The clause id exactly as in the [clause ...] marker above the text."
    )
    page: int = Field(ge=1, description="The page number from the marker above the text.")
    quote: str = Field(
        min_length=1,
        max_length=MAX_QUOTE_CHARS,
        description="Copied character for character from that clause: the shortest passage "
        "that states the fact. Do not paraphrase, join separate passages or add '...'.",
    )

    @model_validator(mode="after")
    def _in_the_cited_clause(self, info: ValidationInfo) -> Quote:
        document = document_from(info.context)
        if document is not None:
            verify_citation(self.citation(), document)
        return self

    def citation(self) -> Citation:
        return Citation(clause_id=self.clause_id, page=self.page, quote=self.quote)


class Item(_LLMModel, Generic[T]):
    """One fact with the quotes that state it."""

    value: T
    evidence: list[Quote] = Field(min_length=1, max_length=MAX_QUOTES)
    confidence: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description="1.0 when the quotes state the value in so many words; lower when the "
        "value is read from wording that needs interpretation.",
    )

    @model_validator(mode="after")
    def _stated_by_its_quotes(self, info: ValidationInfo) -> Item[T]:
        if document_from(info.context) is not None:
            require_grounded(self.value, [q.quote for q in self.evidence])
        return self


# --- grounding: figures in a value must be in its quotes --------------------------------------

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")


def _numbers(text: str) -> set[Decimal]:
    found: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        try:
            found.add(Decimal(match.group().replace(",", "")))
        except InvalidOperation:
            continue
    for money in find_money(text):
        found.add(money.value.value)
    return found


def _amounts(value: object) -> Iterator[tuple[str, Decimal]]:
    if isinstance(value, FeeLine):
        for name in ("amount", "unit_price"):
            amount = getattr(value, name)
            if amount is not None:
                yield name, amount
        for tier in value.tiers:
            yield "tier unit_price", tier.unit_price
    elif isinstance(value, TerminationRight) and value.penalty_amount is not None:
        yield "penalty_amount", value.penalty_amount
    elif isinstance(value, Discount) and value.amount is not None:
        yield "amount", value.amount


def require_grounded(value: object, quotes: Iterable[str]) -> None:
    """Raise `CitationError` when a date, duration or amount in `value` is not in `quotes`."""
    text = "\n".join(quotes)
    if isinstance(value, date):
        if value not in {found.value for found in find_dates(text)}:
            raise CitationError(
                f"the date {value.isoformat()} is not stated in the quotes; quote the "
                "passage that states it, or leave the field empty"
            )
        return
    if isinstance(value, Duration):
        months = value.in_months()
        if not any(d.value.in_months() == months for d in find_durations(normalise(text))):
            raise CitationError(
                f"the duration {value} is not stated in the quotes; quote the passage that "
                "states it, or leave the field empty"
            )
        return
    stated = None
    for name, amount in _amounts(value):
        stated = _numbers(text) if stated is None else stated
        if amount not in stated:
            raise CitationError(
                f"{name} {amount} is not stated in the quotes; quote the passage with the "
                "figure, or leave the field empty"
            )


def verified_item(item: Item[Any], document: Document) -> bool:
    """The item's quotes verify against `document` and state its figures."""
    try:
        for quote in item.evidence:
            verify_citation(quote.citation(), document)
        require_grounded(item.value, [q.quote for q in item.evidence])
    except CitationError:
        return False
    return True


# --- one response model per part ---------------------------------------------------------------


class PartiesDates(_LLMModel):
    """Report the contract's title, its parties and the dates it states."""

    title: Item[str] | None = None
    parties: list[Item[Party]] = []
    agreement_date: Item[date] | None = None
    effective_date: Item[date] | None = None
    expiration_date: Item[date] | None = None


class TermTermination(_LLMModel):
    """Report the contract's term, renewal and termination rights."""

    initial_term: Item[Duration] | None = None
    perpetual: Item[bool] | None = None
    renewal: Item[Renewal] | None = None
    termination_rights: list[Item[TerminationRight]] = []


class Fees(_LLMModel):
    """Report the contract's currency, fees, discounts and payment terms."""

    currency: Item[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] | None = None
    fee_lines: list[Item[FeeLine]] = []
    discounts: list[Item[Discount]] = []
    payment_terms: Item[PaymentTerms] | None = None


class VariableOptions(_LLMModel):
    """Report the variable consideration and the customer's options the contract states."""

    variable_items: list[Item[VariableItem]] = []
    customer_options: list[Item[CustomerOption]] = []


class LicencesWarrantiesLaw(_LLMModel):
    """Report the licences granted, the warranties given and the governing law."""

    licence_grants: list[Item[LicenceGrant]] = []
    warranties: list[Item[Warranty]] = []
    governing_law: Item[str] | None = None


@dataclass(frozen=True)
class Part:
    name: str
    """Also the prompt's file name: `prompts/<name>.j2`."""
    model: type[_LLMModel]
    label: str
    """How an error message names the part."""

    @property
    def template(self) -> str:
        return f"{self.name}.j2"

    @property
    def fields(self) -> list[str]:
        return list(self.model.model_fields)


PARTS: tuple[Part, ...] = (
    Part("parties_dates", PartiesDates, "parties and dates"),
    Part("term_termination", TermTermination, "term and termination"),
    Part("fees", Fees, "fees and payment"),
    Part("variable_options", VariableOptions, "variable consideration and options"),
    Part("licences_warranties_law", LicencesWarrantiesLaw, "licences, warranties and law"),
)
