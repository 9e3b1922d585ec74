"""Step 1, the contract term (ASC 606-10-25-3): stated term, termination rights, penalties.

The accounting contract term is the period in which the parties have present enforceable
rights and obligations. A customer's right to terminate for convenience without a
*substantive* termination penalty limits it to the non-cancellable notice period; a
substantive penalty (one that compels the customer to perform, e.g. paying every remaining
fee) leaves the stated term in place. That reading is the one the FASB/IASB Transition
Resource Group discussed for termination clauses (its October 2014 meeting) and
the Big 4 revenue guides apply. Whether a fixed fee is substantive is a judgment: the engine
states the fee as a share of the fixed consideration the customer would avoid by
terminating, and flags it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
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
    months_between,
    whole_months_up,
)
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Conclusion,
    ContractTerms,
    Duration,
    DurationUnit,
    FeeKind,
    Flag,
    FlagKind,
    Renewal,
    Severity,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
)

CUSTOMER_SIDE = (TerminationParty.CUSTOMER, TerminationParty.EITHER)
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
class StatedTerm:
    months: Decimal | None
    end: date | None
    """The expiration date, when the stated term was read from it."""
    conclusion: Conclusion


@dataclass(frozen=True)
class ContractTerm:
    months: Decimal | None
    month_to_month: bool
    conclusions: list[Conclusion]
    """`contract_term`, preceded by a `termination_penalty` assessment when there is one."""


@dataclass(frozen=True)
class PenaltyAssessment:
    outcome: str
    """`substantive`, `judgment` or `not_a_penalty`."""
    reason: str
    """Memo sentence(s) saying what the payment is and why it is (or may be) substantive."""
    ratio: Decimal | None = None
    """Penalty / fixed consideration the customer avoids by terminating, when computable."""


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


# --------------------------------------------------------------------------- contract term


def notice_months(right: TerminationRight) -> Decimal:
    """The notice period rounded up to whole months, at least one (no notice: one month)."""
    if right.notice_period is None:
        return Decimal(1)
    return whole_months_up(right.notice_period.in_months())


def contract_term(terms: ContractTerms, stated: StatedTerm) -> ContractTerm:
    """The accounting contract term after the customer's termination rights (25-3)."""
    convenience = [
        t
        for t in terms.termination_rights
        if t.value.trigger is TerminationTrigger.CONVENIENCE and t.value.party in CUSTOMER_SIDE
    ]
    assessed = [
        (t, assess_penalty(terms, t, stated.months))
        for t in convenience
        if t.value.has_penalty or t.value.penalty_amount is not None
    ]
    not_penalties = [t for t, a in assessed if a.outcome == "not_a_penalty"]
    free = [
        t
        for t in convenience
        if (not t.value.has_penalty and t.value.penalty_amount is None) or t in not_penalties
    ]
    penalised = [(t, a) for t, a in assessed if a.outcome != "not_a_penalty"]
    provider_only = [
        t
        for t in terms.termination_rights
        if t.value.trigger is TerminationTrigger.CONVENIENCE
        and t.value.party is TerminationParty.PROVIDER
    ]
    note = ""
    if provider_only:
        note = (
            " The entity's own right to terminate for convenience is not treated as shortening "
            "the term; the customer remains bound for the stated period."
        )
    if free:
        right = min(free, key=lambda t: notice_months(t.value))
        extra = [_penalty_conclusion(terms, right, a) for t, a in assessed if t is right]
        term = _penalty_free_term(terms, stated, right, note)
        return ContractTerm(term.months, term.month_to_month, [*extra, *term.conclusions])
    return _bound_term(terms, stated, penalised, note)


def _penalty_free_term(
    terms: ContractTerms, stated: StatedTerm, right: Term[TerminationRight], note: str
) -> ContractTerm:
    notice = notice_months(right.value)
    who = _holder(right)
    notice_text = _notice_phrase(right.value.notice_period)
    stated_text = fmt_months(stated.months) if stated.months is not None else "no stated term"
    against = (
        f", against a stated term of {stated_text}"
        if stated.months is not None
        else ", and no term is stated"
    )
    refund = ""
    if right.value.refund_of_prepaid:
        refund = (
            " The refund of prepaid fees for the period after termination is not a penalty: it "
            "returns consideration for services the customer will not receive."
        )
    cites = citations_of(right, terms.initial_term, terms.expiration_date)
    flags = _forfeiture_flags(terms, right)
    if stated.months is None or notice < stated.months:
        rationale = (
            f"{who} may terminate for convenience {notice_text} without a substantive "
            f"termination penalty{against}.{refund} Enforceable rights and obligations therefore "
            f"extend only over the non-cancellable notice period, rounded up to "
            f"{fmt_months(notice)}; the contract term is {fmt_months(notice)} and each later "
            "period is an option the customer renews by not terminating (month-to-month)." + note
        )
        conclusion = conclude(
            "contract_term", fmt_months(notice), rationale, CONTRACT_TERM, cites, flags
        )
        return ContractTerm(notice, True, [conclusion])
    rationale = (
        f"{who} may terminate for convenience {notice_text} without penalty, but the notice "
        f"period ({fmt_months(notice)}) is not shorter than the stated term, so the contract "
        f"term is the stated {stated_text}.{refund}" + note
    )
    outcome = fmt_months(stated.months)
    conclusion = conclude("contract_term", outcome, rationale, CONTRACT_TERM, cites, flags)
    return ContractTerm(stated.months, False, [conclusion])


def _bound_term(
    terms: ContractTerms,
    stated: StatedTerm,
    penalised: list[tuple[Term[TerminationRight], PenaltyAssessment]],
    note: str,
) -> ContractTerm:
    """No penalty-free convenience right: the stated term stands (or is unknown)."""
    stated_text = fmt_months(stated.months) if stated.months is not None else "no stated term"
    penalty_conclusions = [_penalty_conclusion(terms, t, a) for t, a in penalised]
    flags: list[Flag] = []
    cites = citations_of(*(t for t, _ in penalised), terms.initial_term, terms.expiration_date)
    if stated.months is None:
        message = (
            "The contract states no term and gives the customer no right to terminate for "
            "convenience, so the period of enforceable rights and obligations (25-3) cannot be "
            "determined; the reviewer supplies the contract term."
        )
        if terms.perpetual is not None and terms.perpetual.value:
            message = (
                "The contract is stated to be perpetual and the customer has no penalty-free "
                "right to terminate for convenience, so the period of enforceable rights and "
                "obligations (25-3) is not a fixed term; the reviewer determines the term."
            )
        flags.append(flag(FlagKind.MISSING_TERM, Severity.MISSING, message, CONTRACT_TERM, cites))
        unknown = conclude("contract_term", "unknown", message + note, CONTRACT_TERM, cites, flags)
        return ContractTerm(None, False, [*penalty_conclusions, unknown])
    if penalised:
        substantive = all(a.outcome == "substantive" for _, a in penalised)
        if substantive:
            rationale = (
                "The customer may terminate for convenience only on paying a substantive "
                "termination penalty (see the termination penalty assessment), so the parties "
                f"have enforceable rights and obligations for the whole stated term: the contract "
                f"term is {stated_text}."
            )
        else:
            rationale = (
                "The customer may terminate for convenience only on paying a termination "
                "penalty; if the penalty is substantive, the parties' rights and obligations are "
                f"enforceable for the whole stated term, so the contract term is the stated "
                f"{stated_text}, subject to the reviewer's view of the penalty."
            )
    else:
        rationale = (
            "The customer has no right to terminate for convenience, so the parties have "
            f"enforceable rights and obligations for the whole stated term: the contract term is "
            f"{stated_text}."
        )
    term = conclude(
        "contract_term", fmt_months(stated.months), rationale + note, CONTRACT_TERM, cites, flags
    )
    return ContractTerm(stated.months, False, [*penalty_conclusions, term])


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


def _forfeiture_flags(terms: ContractTerms, right: Term[TerminationRight]) -> list[Flag]:
    """Prepaid fees forfeited on termination can act as a penalty for the prepaid period."""
    if right.value.refund_of_prepaid is not False:
        return []
    prepaid = [
        f
        for f in terms.fee_lines
        if f.value.kind is FeeKind.PREPAID_CREDITS
        or (
            f.value.billing_timing is BillingTiming.ADVANCE
            and f.value.billing_frequency in (BillingFrequency.ANNUALLY, BillingFrequency.QUARTERLY)
        )
    ]
    if not prepaid:
        return []
    message = (
        "Fees paid in advance are not refunded if the customer terminates for convenience. "
        "Forfeiting them may compel the customer to continue for the prepaid period, acting as "
        "a substantive termination penalty for that period (25-3); the reviewer decides "
        "whether the contract term should extend to the end of the prepaid period. revrec uses "
        "the notice period."
    )
    return [
        flag(
            FlagKind.TERMINATION_PENALTY,
            Severity.JUDGMENT,
            message,
            CONTRACT_TERM,
            citations_of(right, prepaid),
        )
    ]


def _notice_phrase(notice: Duration | None) -> str:
    """`on 90 days' notice`, `on 1 month's notice`."""
    if notice is None:
        return "without a stated notice period"
    text = str(notice)
    return f"on {text}' notice" if text.endswith("s") else f"on {text}'s notice"


def _holder(right: Term[TerminationRight]) -> str:
    if right.value.party is TerminationParty.EITHER:
        return "Either party (and so the customer)"
    return "The customer"


# --------------------------------------------------------------------------- renewals


def renewal_conclusion(term: Term[Renewal]) -> Conclusion:
    renewal = term.value
    period = f" for successive terms of {renewal.renewal_term}" if renewal.renewal_term else ""
    if not renewal.automatic and renewal.renewal_term is None:
        rationale = (
            "The agreement states that it does not renew automatically and gives no renewal "
            "option: the contract ends with its term, and any later agreement is a new "
            "contract (25-3)."
        )
        return conclude("renewal", "no_renewal", rationale, CONTRACT_TERM, citations_of(term))
    if renewal.automatic:
        rationale = (
            f"The agreement renews automatically{period} unless notice of non-renewal is given. "
            "Automatic renewal does not extend the contract term: the parties have no "
            "enforceable rights and obligations for a renewal period until it begins, so each "
            "renewal is an option accounted for when exercised (25-3)."
        )
    else:
        rationale = (
            f"The agreement may be renewed{period}. A renewal is an option, not part of the "
            "contract term, and is accounted for when exercised (25-3)."
        )
    rationale += " Whether the option conveys a material right is assessed in Step 2."
    return conclude(
        "renewal", "option_excluded_from_term", rationale, CONTRACT_TERM, citations_of(term)
    )
