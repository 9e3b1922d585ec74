"""Step 1, the stated term: the initial term or the expiration date as the contract states
it, and the notice period of a termination right in whole months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.engine._common import (
    CENT,
    CONTRACT_TERM,
    citations_of,
    conclude,
    fmt_months,
    months_between,
    whole_months_up,
)
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    Duration,
    DurationUnit,
    TerminationRight,
)


@dataclass(frozen=True)
class StatedTerm:
    months: Decimal | None
    end: date | None
    """The expiration date, when the stated term was read from it."""
    conclusion: Conclusion


# --------------------------------------------------------------------------- stated term


def duration_months(d: Duration) -> Decimal:
    """Exact for months and years; days and weeks as average months, to two decimals."""
    months = d.in_months()
    if d.unit in (DurationUnit.MONTHS, DurationUnit.YEARS):
        return months
    return months.quantize(CENT)


def stated_term(terms: ContractTerms) -> StatedTerm:
    start_term = terms.effective_date or terms.agreement_date
    start_name = "effective date" if terms.effective_date else "agreement date"
    if terms.initial_term is not None:
        months = duration_months(terms.initial_term.value)
        rationale = f"The contract states an initial term of {terms.initial_term.value}."
        if terms.initial_term.value.unit is not DurationUnit.MONTHS:
            rationale = rationale[:-1] + f", i.e. {fmt_months(months)}."
        cites = citations_of(terms.initial_term)
        return StatedTerm(
            months,
            None,
            conclude("stated_term", fmt_months(months), rationale, CONTRACT_TERM, cites),
        )
    if start_term is not None and terms.expiration_date is not None:
        end = terms.expiration_date.value
        between = months_between(start_term.value, end)
        cites = citations_of(start_term, terms.expiration_date)
        if between is not None:
            rationale = (
                f"No initial term is stated; the term runs from the {start_name} "
                f"{start_term.value.isoformat()} to the expiration date {end.isoformat()}, "
                f"i.e. {fmt_months(between)}."
            )
            return StatedTerm(
                between,
                end,
                conclude("stated_term", fmt_months(between), rationale, CONTRACT_TERM, cites),
            )
        rationale = (
            f"The expiration date {end.isoformat()} precedes the {start_name} "
            f"{start_term.value.isoformat()}, so no stated term can be derived from them."
        )
        return StatedTerm(
            None, None, conclude("stated_term", "not_stated", rationale, CONTRACT_TERM, cites)
        )
    if terms.perpetual is not None and terms.perpetual.value:
        rationale = "The contract is stated to be perpetual: it has no fixed term."
        cites = citations_of(terms.perpetual)
        return StatedTerm(
            None, None, conclude("stated_term", "perpetual", rationale, CONTRACT_TERM, cites)
        )
    rationale = "No initial term and no expiration date were found in the contract."
    return StatedTerm(None, None, conclude("stated_term", "not_stated", rationale, CONTRACT_TERM))


def notice_months(right: TerminationRight) -> Decimal:
    """The notice period rounded up to whole months, at least one (no notice: one month)."""
    if right.notice_period is None:
        return Decimal(1)
    return whole_months_up(right.notice_period.in_months())
