"""Step 1, termination penalties: whether what a customer pays on terminating for
convenience is a substantive penalty (one that compels it to perform), stated as a share of
the fixed consideration it would avoid, and the memo conclusion on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.engine._common import (
    CENT,
    CONTRACT_TERM,
    citations_of,
    conclude,
    flag,
    fmt_money,
    fmt_months,
    fmt_number,
    fmt_term,
)
from assistant.engine._stated_term import notice_months
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    FeeKind,
    FlagKind,
    Severity,
    Term,
    TerminationRight,
)

TRG_VIEW = (
    "the view of the FASB/IASB Transition Resource Group on contract enforceability and "
    "termination clauses (discussed at its October 2014 meeting) and of the Big 4 revenue guides"
)

# What a termination payment consists of, read from the clause the right was cited from.
_PERCENT_OF_REMAINING = re.compile(
    r"(\d{1,3}(?:\.\d{1,4})?)\s{0,3}(?:%|percent\b|per\s{1,3}cent\b)[^.;]{0,40}?\b(?:of|on)\s{1,3}"
    r"(?:the\s{1,3}|all\s{1,3}|any\s{1,3})?(?:remaining|unpaid|outstanding|future|balance)",
    re.IGNORECASE,
)
_REMAINING_FEES = re.compile(
    r"\b(?:all|any|the)\s{1,3}(?:remaining|unpaid|outstanding|future)\b[^.;]{0,80}?"
    r"\b(?:fees?|amounts?|charges?|payments?|consideration|commitment)\b"
    r"|\b(?:remainder|balance|rest)\s{1,3}of\s{1,3}the\s{1,3}(?:initial\s{1,3}|then[\s-]{1,3}"
    r"current\s{1,3}|subscription\s{1,3})?(?:term|period|commitment)\b"
    r"|\bwould\s{1,3}have\s{1,3}(?:become\s{1,3})?(?:payable|due|owed)\b",
    re.IGNORECASE,
)
_ACCRUED_ONLY = re.compile(
    r"\b(?:accrued|incurred|rendered|provided|performed|used|consumed|earned)\b[^.;]{0,60}?"
    r"\b(?:through|to|up\s{1,3}to|until|before|prior\s{1,3}to)\b[^.;]{0,40}?"
    r"\b(?:termination|date|effective)\b",
    re.IGNORECASE,
)
_TERMINATION_FEE = re.compile(
    r"\b(?:early\s{1,3})?termination\s{1,3}(?:fee|charge|payment|penalty)|\bcancel+ation\s{1,3}"
    r"(?:fee|charge)|\bpenalt|\bliquidated|\bbreak\s{1,3}fee",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PenaltyAssessment:
    outcome: str
    """`substantive`, `judgment` or `not_a_penalty`."""
    reason: str
    """Memo sentence(s) saying what the payment is and why it is (or may be) substantive."""
    ratio: Decimal | None = None
    """Penalty / fixed consideration the customer avoids by terminating, when computable."""


# --------------------------------------------------------------------------- penalties


def assess_penalty(
    terms: ContractTerms, right: Term[TerminationRight], stated_months: Decimal | None
) -> PenaltyAssessment:
    """Is the payment due on termination for convenience a substantive penalty?

    Paying every remaining fee (or a percentage of at least 100% of them) is substantive: the
    customer cannot avoid the consideration by terminating. Paying only for what was
    delivered up to termination is not a penalty at all. A fixed fee or a smaller percentage
    is a judgment, stated as a share of the fixed consideration avoided.
    """
    value = right.value
    text = " ".join(" ".join(c.quote.split()) for c in right.citations)
    currency = terms.currency.value if terms.currency else None
    percent = _PERCENT_OF_REMAINING.search(text)
    if percent:
        ratio = Decimal(percent.group(1)) / 100
        share = f"{fmt_number(ratio * 100)}%"
        if ratio >= 1:
            return PenaltyAssessment(
                "substantive",
                f"The termination payment is {share} of the remaining fees, so terminating "
                "does not relieve the customer of any consideration it committed to.",
                ratio,
            )
        return PenaltyAssessment(
            "judgment",
            f"The termination payment is {share} of the remaining fees: the customer avoids "
            f"{fmt_number((1 - ratio) * 100)}% of the remaining consideration by terminating.",
            ratio,
        )
    if _REMAINING_FEES.search(text) and value.penalty_amount is None:
        return PenaltyAssessment(
            "substantive",
            "On terminating for convenience the customer must still pay the fees for the rest "
            "of the term, so terminating does not relieve it of the consideration it committed "
            "to: the payment compels performance and is substantive.",
        )
    if value.penalty_amount is not None:
        return _fixed_penalty(terms, value, stated_months, currency)
    if _ACCRUED_ONLY.search(text) and not _TERMINATION_FEE.search(text):
        return PenaltyAssessment(
            "not_a_penalty",
            "The only payment on termination is for fees accrued (services delivered) up to the "
            "termination date; paying for what was received is not a termination penalty.",
        )
    return PenaltyAssessment(
        "judgment",
        "A termination payment applies, but its amount or basis was not found, so whether it "
        "is substantive cannot be read from the contract.",
    )


def _fixed_penalty(
    terms: ContractTerms,
    value: TerminationRight,
    stated_months: Decimal | None,
    currency: str | None,
) -> PenaltyAssessment:
    assert value.penalty_amount is not None
    penalty = fmt_money(value.penalty_amount, currency)
    notice = notice_months(value)
    avoided = _avoided_consideration(terms, stated_months, notice)
    if avoided is None or avoided <= 0:
        return PenaltyAssessment(
            "judgment",
            f"The termination fee is {penalty}; the fixed consideration the customer would avoid "
            "by terminating cannot be computed from the contract (no stated term or no "
            "recurring fixed fee), so no ratio is given.",
        )
    assert stated_months is not None
    ratio = value.penalty_amount / avoided
    pct = (ratio * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    remaining = stated_months - notice
    reason = (
        f"The termination fee of {penalty} is {fmt_number(pct)}% of the "
        f"{fmt_money(avoided, currency)} of fixed fees the customer would otherwise owe after "
        f"the {fmt_term(notice)} notice period ({fmt_months(remaining)} of the "
        f"{fmt_term(stated_months)} stated term)."
    )
    if ratio >= 1:
        return PenaltyAssessment(
            "substantive",
            reason + " It is at least the consideration avoided, so it compels performance.",
            ratio,
        )
    return PenaltyAssessment(
        "judgment",
        reason + " A fee small relative to the consideration avoided is unlikely to compel "
        "the customer to continue.",
        ratio,
    )


def _avoided_consideration(
    terms: ContractTerms, stated_months: Decimal | None, notice: Decimal
) -> Decimal | None:
    """Recurring fixed fees for the stated term after the notice period, to the cent."""
    if stated_months is None or stated_months <= notice:
        return None
    remaining = stated_months - notice
    total = Decimal(0)
    found = False
    for line in terms.fee_lines:
        fee = line.value
        period = fee.commitment_period or fee.period
        if fee.amount is None or period is None or period.in_months() <= 0:
            continue
        if fee.kind in (FeeKind.USAGE, FeeKind.SETUP, FeeKind.PREPAID_CREDITS):
            continue
        total += fee.amount * remaining / period.in_months()
        found = True
    return total.quantize(CENT, rounding=ROUND_HALF_UP) if found else None


def _penalty_conclusion(
    terms: ContractTerms, right: Term[TerminationRight], assessment: PenaltyAssessment
) -> Conclusion:
    notice = notice_months(right.value)
    cites = citations_of(right)
    consequence = (
        f"If it is not substantive, the contract term is limited to the non-cancellable notice "
        f"period ({fmt_months(notice)}) and later periods are options; if it is, the stated term "
        "stands (25-3)."
    )
    if assessment.outcome == "substantive":
        rationale = (
            f"{assessment.reason} Under 25-3, and consistent with {TRG_VIEW}, a substantive "
            "termination penalty means the parties have enforceable rights and obligations for "
            "the whole stated term: the termination right does not shorten the contract term."
        )
        note = flag(
            FlagKind.TERMINATION_PENALTY,
            Severity.INFO,
            "The termination payment for convenience was assessed as a substantive penalty, so "
            "the stated term stands (25-3); the reviewer confirms the clause is enforceable as "
            "written.",
            CONTRACT_TERM,
            cites,
        )
        return conclude(
            "termination_penalty", "substantive", rationale, CONTRACT_TERM, cites, [note]
        )
    if assessment.outcome == "not_a_penalty":
        rationale = (
            f"{assessment.reason} The right is therefore treated as a right to terminate without "
            f"a termination penalty (25-3, {TRG_VIEW})."
        )
        note = flag(
            FlagKind.TERMINATION_PENALTY,
            Severity.INFO,
            "The payment due on termination for convenience was read as payment for services "
            "delivered up to termination, not a penalty, so the right shortens the contract "
            "term; the reviewer confirms the clause imposes no other charge.",
            CONTRACT_TERM,
            cites,
        )
        return conclude(
            "termination_penalty", "not_a_penalty", rationale, CONTRACT_TERM, cites, [note]
        )
    ratio = (
        f" Ratio of penalty to consideration avoided: {fmt_number(_pct(assessment.ratio))}%."
        if assessment.ratio is not None
        else ""
    )
    message = (
        f"{assessment.reason} Whether the penalty is substantive is the reviewer's judgment "
        f"(25-3; {TRG_VIEW}). {consequence} revrec keeps the stated term until the reviewer "
        "decides."
    )
    judgment = flag(FlagKind.TERMINATION_PENALTY, Severity.JUDGMENT, message, CONTRACT_TERM, cites)
    return conclude(
        "termination_penalty", "judgment", message + ratio, CONTRACT_TERM, cites, [judgment]
    )


def _pct(ratio: Decimal | None) -> Decimal:
    return ((ratio or Decimal(0)) * 100).quantize(CENT, rounding=ROUND_HALF_UP)
