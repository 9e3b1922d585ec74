"""Step 1: identify the contract (ASC 606-10-25-1) and its accounting term (25-3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.engine._common import (
    CENT,
    COLLECTIBILITY,
    COMMERCIAL_SUBSTANCE,
    CONTRACT_CRITERIA,
    CONTRACT_TERM,
    citations_of,
    conclude,
    flag,
    fmt_money,
    fmt_months,
    months_between,
    term_end,
    whole_months_up,
)
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    CriterionStatus,
    Duration,
    DurationUnit,
    Flag,
    FlagKind,
    PartyRole,
    Renewal,
    Severity,
    Step1Contract,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
)

_CUSTOMER_SIDE = (TerminationParty.CUSTOMER, TerminationParty.EITHER)


def identify_contract(terms: ContractTerms) -> Step1Contract:
    """The 25-1 criteria, the stated term and the accounting contract term."""
    criteria: dict[str, CriterionStatus] = {}
    conclusions: list[Conclusion] = []
    for letter, assess in (
        ("a", _approval),
        ("b", _rights),
        ("c", _payment_terms),
        ("d", _commercial_substance),
        ("e", _collectibility),
    ):
        criteria[letter], conclusion = assess(terms)
        conclusions.append(conclusion)

    stated = _stated_term(terms)
    start_term = terms.effective_date or terms.agreement_date
    start = start_term.value if start_term else None
    term = _contract_term(terms, stated)
    conclusions.append(stated.conclusion)
    conclusions.append(term.conclusion)
    if terms.renewal is not None:
        conclusions.append(_renewal(terms.renewal))

    end = None
    if start is not None and term.months is not None and term.months > 0:
        end = term_end(start, term.months)
        fractional = term.months != term.months.to_integral_value()
        if fractional and term.months == stated.months and stated.end is not None:
            end = stated.end  # a part-month term read from the dates ends on the stated date
    return Step1Contract(
        criteria=criteria,
        stated_term_months=stated.months,
        contract_term_months=term.months,
        term_start=start,
        term_end=end,
        month_to_month=term.month_to_month,
        conclusions=conclusions,
    )


# --------------------------------------------------------------------------- 25-1


def _approval(terms: ContractTerms) -> tuple[CriterionStatus, Conclusion]:
    customer = terms.party(PartyRole.CUSTOMER)
    provider = terms.party(PartyRole.PROVIDER)
    cites = citations_of(terms.parties)
    if customer and provider:
        rationale = (
            f"The agreement is a written contract between {customer.value.name} (the customer) "
            f"and {provider.value.name} (the entity), which evidences approval and the parties' "
            "commitment to perform; revrec reads the document as executed, which the reviewer "
            "confirms against the signature page."
        )
        return CriterionStatus.MET, conclude(
            "contract_approval", CriterionStatus.MET, rationale, CONTRACT_CRITERIA, cites
        )
    missing = [
        name for name, found in (("customer", customer), ("provider", provider)) if not found
    ]
    status = CriterionStatus.NOT_MET if not terms.parties else CriterionStatus.REVIEWER_TO_CONFIRM
    message = (
        f"The {' and the '.join(missing)} could not be identified in the contract, so approval "
        "and commitment of the parties (25-1(a)) cannot be evidenced from it."
    )
    f = flag(FlagKind.MISSING_TERM, Severity.MISSING, message, CONTRACT_CRITERIA, cites)
    return status, conclude("contract_approval", status, message, CONTRACT_CRITERIA, cites, [f])


def _rights(terms: ContractTerms) -> tuple[CriterionStatus, Conclusion]:
    cites = citations_of(terms.fee_lines, terms.licence_grants)
    if terms.fee_lines or terms.licence_grants:
        count = len(terms.fee_lines) + len(terms.licence_grants)
        rationale = (
            f"The contract describes the goods and services to be transferred ({count} priced "
            "or granted items), so each party's rights regarding them can be identified."
        )
        return CriterionStatus.MET, conclude(
            "rights_identifiable", CriterionStatus.MET, rationale, CONTRACT_CRITERIA, cites
        )
    message = (
        "No fee lines or licence grants were found, so the goods or services to be transferred "
        "and each party's rights to them (25-1(b)) cannot be identified from the contract."
    )
    f = flag(FlagKind.MISSING_TERM, Severity.MISSING, message, CONTRACT_CRITERIA)
    return CriterionStatus.NOT_MET, conclude(
        "rights_identifiable", CriterionStatus.NOT_MET, message, CONTRACT_CRITERIA, flags=[f]
    )


def _payment_terms(terms: ContractTerms) -> tuple[CriterionStatus, Conclusion]:
    priced = [
        f
        for f in terms.fee_lines
        if f.value.amount is not None or f.value.unit_price is not None or f.value.tiers
    ]
    cites = citations_of(terms.payment_terms, priced)
    if terms.payment_terms is not None and priced:
        rationale = (
            "The contract states the prices of the goods and services and when they are "
            "payable, so the payment terms are identifiable."
        )
        return CriterionStatus.MET, conclude(
            "payment_terms_identifiable", CriterionStatus.MET, rationale, CONTRACT_CRITERIA, cites
        )
    if terms.payment_terms is None and not priced:
        status = CriterionStatus.NOT_MET
        message = (
            "Neither prices nor payment terms were found, so the payment terms (25-1(c)) cannot "
            "be identified from the contract."
        )
    elif terms.payment_terms is None:
        status = CriterionStatus.REVIEWER_TO_CONFIRM
        message = (
            "Prices are stated but no payment terms (when and how invoices are paid) were found; "
            "the reviewer confirms the payment terms (25-1(c))."
        )
    else:
        status = CriterionStatus.REVIEWER_TO_CONFIRM
        message = (
            "Payment terms are stated but no prices were found; the reviewer confirms the "
            "consideration payable for the goods and services (25-1(c))."
        )
    f = flag(FlagKind.MISSING_TERM, Severity.MISSING, message, CONTRACT_CRITERIA, cites)
    return status, conclude(
        "payment_terms_identifiable", status, message, CONTRACT_CRITERIA, cites, [f]
    )


def _commercial_substance(terms: ContractTerms) -> tuple[CriterionStatus, Conclusion]:
    message = (
        "Commercial substance (the contract is expected to change the risk, timing or amount "
        "of the entity's future cash flows) is presumed for a priced sale of services to a "
        "customer; the reviewer confirms nothing suggests otherwise (e.g. a round-trip or "
        "non-monetary exchange)."
    )
    f = flag(FlagKind.COMMERCIAL_SUBSTANCE, Severity.INFO, message, COMMERCIAL_SUBSTANCE)
    status = CriterionStatus.REVIEWER_TO_CONFIRM
    return status, conclude(
        "commercial_substance", status, message, COMMERCIAL_SUBSTANCE, flags=[f]
    )


def _collectibility(terms: ContractTerms) -> tuple[CriterionStatus, Conclusion]:
    customer = terms.party(PartyRole.CUSTOMER)
    who = customer.value.name if customer else "the customer"
    message = (
        f"Whether it is probable that the entity will collect the consideration from {who} "
        "depends on the customer's ability and intention to pay (credit history, credit "
        "checks, payment record), which the contract alone cannot show; the reviewer assesses "
        "collectibility (25-1(e))."
    )
    cites = citations_of(customer)
    f = flag(FlagKind.COLLECTIBILITY, Severity.JUDGMENT, message, COLLECTIBILITY, cites)
    status = CriterionStatus.REVIEWER_TO_CONFIRM
    return status, conclude("collectibility", status, message, COLLECTIBILITY, cites, [f])


# --------------------------------------------------------------------------- 25-3


@dataclass(frozen=True)
class _Stated:
    months: Decimal | None
    end: date | None
    """The expiration date, when the stated term was read from it."""
    conclusion: Conclusion


@dataclass(frozen=True)
class _Term:
    months: Decimal | None
    month_to_month: bool
    conclusion: Conclusion


def _duration_months(d: Duration) -> Decimal:
    """Exact for months and years; days and weeks as average months, to two decimals."""
    months = d.in_months()
    if d.unit in (DurationUnit.MONTHS, DurationUnit.YEARS):
        return months
    return months.quantize(CENT)


def _stated_term(terms: ContractTerms) -> _Stated:
    start_term = terms.effective_date or terms.agreement_date
    start_name = "effective date" if terms.effective_date else "agreement date"
    if terms.initial_term is not None:
        months = _duration_months(terms.initial_term.value)
        rationale = f"The contract states an initial term of {terms.initial_term.value}."
        if terms.initial_term.value.unit is not DurationUnit.MONTHS:
            rationale = rationale[:-1] + f", i.e. {fmt_months(months)}."
        cites = citations_of(terms.initial_term)
        return _Stated(
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
            return _Stated(
                between,
                end,
                conclude("stated_term", fmt_months(between), rationale, CONTRACT_TERM, cites),
            )
        rationale = (
            f"The expiration date {end.isoformat()} precedes the {start_name} "
            f"{start_term.value.isoformat()}, so no stated term can be derived from them."
        )
        return _Stated(
            None, None, conclude("stated_term", "not_stated", rationale, CONTRACT_TERM, cites)
        )
    if terms.perpetual is not None and terms.perpetual.value:
        rationale = "The contract is stated to be perpetual: it has no fixed term."
        return _Stated(
            None,
            None,
            conclude(
                "stated_term", "perpetual", rationale, CONTRACT_TERM, citations_of(terms.perpetual)
            ),
        )
    rationale = "No initial term and no expiration date were found in the contract."
    return _Stated(None, None, conclude("stated_term", "not_stated", rationale, CONTRACT_TERM))


def _notice_months(right: TerminationRight) -> Decimal:
    """The notice period rounded up to whole months, at least one (no notice: one month)."""
    if right.notice_period is None:
        return Decimal(1)
    return whole_months_up(right.notice_period.in_months())


def _penalty_free(right: TerminationRight) -> bool:
    return not right.has_penalty and right.penalty_amount is None


def _contract_term(terms: ContractTerms, stated: _Stated) -> _Term:
    convenience = [
        t
        for t in terms.termination_rights
        if t.value.trigger is TerminationTrigger.CONVENIENCE and t.value.party in _CUSTOMER_SIDE
    ]
    free = [t for t in convenience if _penalty_free(t.value)]
    penalised = [t for t in convenience if not _penalty_free(t.value)]
    provider_only = [
        t
        for t in terms.termination_rights
        if t.value.trigger is TerminationTrigger.CONVENIENCE
        and t.value.party is TerminationParty.PROVIDER
    ]
    stated_text = fmt_months(stated.months) if stated.months is not None else "no stated term"
    note = ""
    if provider_only:
        note = (
            " The entity's own right to terminate for convenience is not treated as shortening "
            "the term; the customer remains bound for the stated period."
        )

    if free:
        right = min(free, key=lambda t: _notice_months(t.value))
        notice = _notice_months(right.value)
        who = _holder(right)
        notice_text = _notice_phrase(right.value.notice_period)
        against = (
            f", against a stated term of {stated_text}"
            if stated.months is not None
            else ", and no term is stated"
        )
        cites = citations_of(right, terms.initial_term, terms.expiration_date)
        if stated.months is None or notice < stated.months:
            rationale = (
                f"{who} may terminate for convenience {notice_text} without a termination "
                f"penalty{against}. Enforceable rights and obligations therefore "
                f"extend only over the non-cancellable notice period, rounded up to "
                f"{fmt_months(notice)}; the contract term is {fmt_months(notice)} and each later "
                "period is an option the customer renews by not terminating (month-to-month)."
                + note
            )
            return _Term(
                notice,
                True,
                conclude("contract_term", fmt_months(notice), rationale, CONTRACT_TERM, cites),
            )
        rationale = (
            f"{who} may terminate for convenience {notice_text} without penalty, but the notice "
            f"period ({fmt_months(notice)}) is not shorter than the stated term, so the contract "
            f"term is the stated {stated_text}." + note
        )
        return _Term(
            stated.months,
            False,
            conclude("contract_term", fmt_months(stated.months), rationale, CONTRACT_TERM, cites),
        )

    flags: list[Flag] = []
    if penalised:
        right = penalised[0]
        flags.append(_penalty_flag(terms, right))
    cites = citations_of(*penalised, terms.initial_term, terms.expiration_date)
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
        return _Term(
            None,
            False,
            conclude("contract_term", "unknown", message + note, CONTRACT_TERM, cites, flags),
        )
    if penalised:
        rationale = (
            f"The customer may terminate for convenience only on paying a termination penalty; "
            f"if the penalty is substantive, the parties' rights and obligations are enforceable "
            f"for the whole stated term, so the contract term is the stated {stated_text}, "
            "subject to the reviewer's view of the penalty."
        )
    else:
        rationale = (
            "The customer has no right to terminate for convenience, so the parties have "
            f"enforceable rights and obligations for the whole stated term: the contract term is "
            f"{stated_text}."
        )
    return _Term(
        stated.months,
        False,
        conclude(
            "contract_term",
            fmt_months(stated.months),
            rationale + note,
            CONTRACT_TERM,
            cites,
            flags,
        ),
    )


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


def _penalty_flag(terms: ContractTerms, right: Term[TerminationRight]) -> Flag:
    currency = terms.currency.value if terms.currency else None
    penalty = (
        f"a termination penalty of {fmt_money(right.value.penalty_amount, currency)}"
        if right.value.penalty_amount is not None
        else "a termination penalty"
    )
    notice = _notice_months(right.value)
    message = (
        f"The customer may terminate for convenience on paying {penalty}. If the penalty is "
        "not substantive, the contract term is limited to the non-cancellable notice period "
        f"({fmt_months(notice)}) and later periods are options (25-3); the reviewer assesses "
        "whether the penalty is substantive."
    )
    return flag(
        FlagKind.TERMINATION_PENALTY, Severity.JUDGMENT, message, CONTRACT_TERM, citations_of(right)
    )


def _renewal(term: Term[Renewal]) -> Conclusion:
    renewal = term.value
    period = f" for successive terms of {renewal.renewal_term}" if renewal.renewal_term else ""
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
        "renewal",
        "option_excluded_from_term",
        rationale,
        CONTRACT_TERM,
        citations_of(term),
    )
