"""Shared building blocks for the models: strict base, money, durations."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"
"""Bumped whenever a model changes shape; recorded in every analysis.json."""


class Strict(BaseModel):
    """Base for every model that may be loaded from outside revrec: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


Money = Annotated[Decimal, Field(max_digits=18, decimal_places=6)]
"""Money is always Decimal; serialised as a string in JSON so nothing is lost to floats."""

Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class DurationUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


_DAYS_PER_UNIT = {
    DurationUnit.DAYS: Decimal(1),
    DurationUnit.WEEKS: Decimal(7),
    DurationUnit.MONTHS: Decimal("30.4375"),
    DurationUnit.YEARS: Decimal("365.25"),
}


class Duration(Strict):
    """A length of time with an explicit unit, as the contract states it."""

    value: Annotated[Decimal, Field(ge=0)]
    unit: DurationUnit

    def in_months(self) -> Decimal:
        """Months, exact for months and years, approximate (average month) for days and weeks."""
        if self.unit is DurationUnit.MONTHS:
            return self.value
        if self.unit is DurationUnit.YEARS:
            return self.value * 12
        return self.value * _DAYS_PER_UNIT[self.unit] / _DAYS_PER_UNIT[DurationUnit.MONTHS]

    def in_days(self) -> Decimal:
        return self.value * _DAYS_PER_UNIT[self.unit]

    def __str__(self) -> str:
        value = self.value.normalize()
        unit = self.unit.value
        if value == 1:
            unit = unit[:-1]
        return f"{value:f} {unit}"
