"""The reviewer-maintained standalone selling price (SSP) table (loaded from TOML)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator

from assistant.schemas._base import Strict
from assistant.schemas.analysis import SspBasis
from assistant.schemas.terms import FeeKind


class SspEntry(Strict):
    """SSP of one kind of performance obligation.

    Exactly one of `price_ratio` (SSP = the contract's stated price for the item x ratio, for
    items sold at a list price with customer-specific discounts) or `unit_rate` (SSP = stated
    quantity x rate, e.g. professional services hours) is given.
    """

    kind: FeeKind
    basis: SspBasis
    price_ratio: Annotated[Decimal, Field(gt=0)] | None = None
    unit_rate: Annotated[Decimal, Field(gt=0)] | None = None
    evidence: str = ""
    """Where the SSP comes from (e.g. `FY26 SSP study, 212 standalone sales, 86% within +/-15%`)."""

    @model_validator(mode="after")
    def _one_measure(self) -> SspEntry:
        if (self.price_ratio is None) == (self.unit_rate is None):
            raise ValueError("give exactly one of price_ratio or unit_rate")
        if self.basis is SspBasis.CONTRACT_PRICE:
            raise ValueError(
                "basis 'contract_price_unverified' is revrec's fallback, not a table basis"
            )
        return self


class SspTable(Strict):
    entries: list[SspEntry] = []

    def entry(self, kind: FeeKind) -> SspEntry | None:
        return next((e for e in self.entries if e.kind is kind), None)

    @model_validator(mode="after")
    def _unique(self) -> SspTable:
        kinds = [e.kind for e in self.entries]
        dupes = sorted({k.value for k in kinds if kinds.count(k) > 1})
        if dupes:
            raise ValueError(f"duplicate SSP entries for: {', '.join(dupes)}")
        return self
