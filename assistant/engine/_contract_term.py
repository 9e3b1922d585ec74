"""Step 1, the contract term (ASC 606-10-25-3): a customer's right to terminate without a
substantive penalty limits the stated term to the non-cancellable notice period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.engine._common import (
    CONTRACT_TERM,
    citations_of,
    conclude,
    flag,
    fmt_months,
)
from assistant.engine._penalty import (
    PenaltyAssessment,
    _penalty_conclusion,
    assess_penalty,
)
from assistant.engine._stated_term import StatedTerm, notice_months
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Conclusion,
    ContractTerms,
    Duration,
    FeeKind,
    Flag,
    FlagKind,
    Severity,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
)

CUSTOMER_SIDE = (TerminationParty.CUSTOMER, TerminationParty.EITHER)


@dataclass(frozen=True)
class ContractTerm:
    months: Decimal | None
    month_to_month: bool
    conclusions: list[Conclusion]
    """`contract_term`, preceded by a `termination_penalty` assessment when there is one."""


# --------------------------------------------------------------------------- contract term


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
