"""Step 1: identify the contract (ASC 606-10-25-1) and its accounting term (25-3).

The 25-1 criteria live here; the contract term under termination rights and penalties is in
`term.py`. Commercial substance (d) and collectibility (e) depend on facts outside the
contract: they stay `reviewer_to_confirm` and are flagged, never guessed (the reviewer's
answers, when supplied, are applied on top by `confirmations.py`).
"""

from __future__ import annotations

from assistant.engine._common import (
    COLLECTIBILITY,
    COMMERCIAL_SUBSTANCE,
    CONTRACT_CRITERIA,
    citations_of,
    conclude,
    flag,
    term_end,
)
from assistant.engine.term import contract_term, renewal_conclusion, stated_term
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    CriterionStatus,
    FlagKind,
    PartyRole,
    Severity,
    Step1Contract,
)


def identify_contract(terms: ContractTerms) -> Step1Contract:
    """The 25-1 criteria, the stated term and the accounting contract term."""
    criteria: dict[str, CriterionStatus] = {}
    conclusions: list[Conclusion] = []
    for letter, (status, conclusion) in (
        ("a", _approval(terms)),
        ("b", _rights(terms)),
        ("c", _payment_terms(terms)),
        ("d", _commercial_substance()),
        ("e", _collectibility(terms)),
    ):
        criteria[letter] = status
        conclusions.append(conclusion)

    stated = stated_term(terms)
    start_term = terms.effective_date or terms.agreement_date
    start = start_term.value if start_term else None
    term = contract_term(terms, stated)
    conclusions.append(stated.conclusion)
    conclusions.extend(term.conclusions)
    if terms.renewal is not None:
        conclusions.append(renewal_conclusion(terms.renewal))

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


def _commercial_substance() -> tuple[CriterionStatus, Conclusion]:
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
