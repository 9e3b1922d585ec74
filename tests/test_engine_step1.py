"""Step 1: the 25-1 criteria and the accounting contract term (25-3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.engine._common import add_months, months_between, term_end
from assistant.engine.step1_contract import identify_contract
from assistant.schemas import (
    Citation,
    ContractTerms,
    CriterionStatus,
    Duration,
    DurationUnit,
    FeeKind,
    FeeLine,
    FlagKind,
    Party,
    PartyRole,
    PaymentTerms,
    Renewal,
    Severity,
    Step1Contract,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
)

MET, NOT_MET, CONFIRM = (
    CriterionStatus.MET,
    CriterionStatus.NOT_MET,
    CriterionStatus.REVIEWER_TO_CONFIRM,
)


def t(value, clause: str = "1.1") -> Term:
    return Term(
        value=value,
        citations=[Citation(clause_id=clause, page=1, quote=f"text of {clause}")],
        confidence=0.9,
    )


def months(n: int | str) -> Duration:
    return Duration(value=Decimal(n), unit=DurationUnit.MONTHS)


def days(n: int) -> Duration:
    return Duration(value=Decimal(n), unit=DurationUnit.DAYS)


def convenience(
    party: TerminationParty = TerminationParty.CUSTOMER,
    notice: Duration | None = None,
    **kw,
) -> Term[TerminationRight]:
    right = TerminationRight(
        party=party, trigger=TerminationTrigger.CONVENIENCE, notice_period=notice, **kw
    )
    return t(right, "3.3")


def contract(**kw) -> ContractTerms:
    base: dict = dict(
        parties=[
            t(Party(name="Bluefin Retail Group, LLC", role=PartyRole.CUSTOMER)),
            t(Party(name="Halcyon Compute, Inc.", role=PartyRole.PROVIDER)),
        ],
        effective_date=t(date(2026, 8, 1), "3.1"),
        currency=t("USD"),
        payment_terms=t(PaymentTerms(net_days=30), "4.4"),
        fee_lines=[
            t(
                FeeLine(
                    kind=FeeKind.PLATFORM,
                    description="Platform fee",
                    amount=Decimal("12500"),
                    period=months(1),
                ),
                "4.1",
            )
        ],
    )
    base.update(kw)
    return ContractTerms(**base)


def flags(step: Step1Contract) -> list:
    return [f for c in step.conclusions for f in c.flags]


def kinds(step: Step1Contract) -> list[FlagKind]:
    return [f.kind for f in flags(step)]


def conclusion(step: Step1Contract, topic: str):
    return next(c for c in step.conclusions if c.topic == topic)


# --------------------------------------------------------------------------- 25-1


def test_all_facts_found_meets_a_to_c_and_leaves_d_e_to_the_reviewer():
    step = identify_contract(contract(initial_term=t(months(24))))
    assert step.criteria == {"a": MET, "b": MET, "c": MET, "d": CONFIRM, "e": CONFIRM}
    by_kind = {f.kind: f for f in flags(step)}
    assert by_kind[FlagKind.COMMERCIAL_SUBSTANCE].severity is Severity.INFO
    assert by_kind[FlagKind.COLLECTIBILITY].severity is Severity.JUDGMENT
    assert "Bluefin Retail Group" in by_kind[FlagKind.COLLECTIBILITY].message
    assert conclusion(step, "collectibility").asc == ["606-10-25-1"]


def test_collectibility_is_flagged_even_when_nothing_else_is_found():
    step = identify_contract(ContractTerms())
    assert step.criteria["e"] is CONFIRM
    assert FlagKind.COLLECTIBILITY in kinds(step)


def test_missing_parties_fee_lines_and_payment_terms_are_not_met_with_missing_flags():
    step = identify_contract(ContractTerms())
    assert step.criteria["a"] is NOT_MET
    assert step.criteria["b"] is NOT_MET
    assert step.criteria["c"] is NOT_MET
    missing = [f for f in flags(step) if f.severity is Severity.MISSING]
    assert len(missing) >= 3
    assert all(f.asc == ["606-10-25-1"] for f in missing[:3])


def test_one_party_missing_is_for_the_reviewer_to_confirm():
    only_customer = [t(Party(name="Acme", role=PartyRole.CUSTOMER))]
    step = identify_contract(contract(parties=only_customer))
    assert step.criteria["a"] is CONFIRM
    message = conclusion(step, "contract_approval").flags[0].message
    assert "provider could not be identified" in message


def test_prices_without_payment_terms_are_for_the_reviewer_to_confirm():
    step = identify_contract(contract(payment_terms=None))
    assert step.criteria["c"] is CONFIRM
    assert conclusion(step, "payment_terms_identifiable").flags[0].severity is Severity.MISSING


def test_met_criteria_cite_the_terms_they_read():
    step = identify_contract(contract())
    assert {c.clause_id for c in conclusion(step, "payment_terms_identifiable").citations} == {
        "4.4",
        "4.1",
    }


# --------------------------------------------------------------------------- stated term


def test_stated_term_is_the_initial_term_in_months():
    step = identify_contract(contract(initial_term=t(Duration(value=Decimal(3), unit="years"))))
    assert step.stated_term_months == Decimal(36)
    assert step.contract_term_months == Decimal(36)
    assert not step.month_to_month
    assert step.term_start == date(2026, 8, 1)
    assert step.term_end == date(2029, 7, 31)


def test_stated_term_from_dates_when_no_initial_term():
    # h_reserved_capacity_messy: September 1, 2026 to February 29, 2028 is 18 months.
    step = identify_contract(
        contract(effective_date=t(date(2026, 9, 1)), expiration_date=t(date(2028, 2, 29)))
    )
    assert step.stated_term_months == Decimal(18)
    assert step.term_end == date(2028, 2, 29)


def test_agreement_date_starts_the_term_when_no_effective_date():
    step = identify_contract(
        contract(
            effective_date=None,
            agreement_date=t(date(2026, 5, 15)),
            expiration_date=t(date(2027, 5, 14)),
        )
    )
    assert step.term_start == date(2026, 5, 15)
    assert step.stated_term_months == Decimal(12)


def test_no_stated_term_and_no_convenience_right_is_a_missing_term():
    step = identify_contract(contract())
    assert step.stated_term_months is None
    assert step.contract_term_months is None
    assert step.term_end is None
    term_flags = [f for f in conclusion(step, "contract_term").flags]
    assert [(f.kind, f.severity) for f in term_flags] == [(FlagKind.MISSING_TERM, Severity.MISSING)]
    assert conclusion(step, "contract_term").outcome == "unknown"


# --------------------------------------------------------------------------- 25-3


def test_convenience_termination_on_90_days_shortens_24_months_to_3():
    # f_tfc_auto_renewal: 90 days / 30.4375 = 2.96 months, rounded up to 3.
    step = identify_contract(
        contract(initial_term=t(months(24)), termination_rights=[convenience(notice=days(90))])
    )
    assert step.stated_term_months == Decimal(24)
    assert step.contract_term_months == Decimal(3)
    assert step.month_to_month
    assert step.term_end == date(2026, 10, 31)
    term = conclusion(step, "contract_term")
    assert term.outcome == "3 months"
    assert term.asc == ["606-10-25-3"]
    assert "3.3" in {c.clause_id for c in term.citations}
    assert "90 days' notice" in term.rationale
    assert not term.flags


def test_36_month_term_with_three_months_notice_is_three_months():
    step = identify_contract(
        contract(initial_term=t(months(36)), termination_rights=[convenience(notice=months(3))])
    )
    assert step.contract_term_months == Decimal(3)
    assert step.month_to_month


def test_pay_as_you_go_terminable_at_once_is_one_month_month_to_month():
    # a_payg_api_terms: no stated term, termination effective immediately, no penalty.
    step = identify_contract(contract(termination_rights=[convenience(notice=days(0))]))
    assert step.contract_term_months == Decimal(1)
    assert step.month_to_month
    assert step.term_end == date(2026, 8, 31)
    assert FlagKind.MISSING_TERM not in kinds(step)


@pytest.mark.parametrize(
    ("notice", "expected"),
    [(None, 1), (days(30), 1), (days(31), 2), (days(60), 2), (months(1), 1), (months(2), 2)],
)
def test_notice_is_rounded_up_to_whole_months_minimum_one(notice, expected):
    step = identify_contract(
        contract(initial_term=t(months(12)), termination_rights=[convenience(notice=notice)])
    )
    assert step.contract_term_months == Decimal(expected)


def test_either_party_convenience_right_counts_for_the_customer():
    right = convenience(party=TerminationParty.EITHER, notice=days(30))
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(1)


def test_provider_only_convenience_right_does_not_shorten_the_term():
    right = convenience(party=TerminationParty.PROVIDER, notice=days(30))
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(12)
    assert not step.month_to_month


def test_termination_for_cause_does_not_shorten_the_term():
    cause = t(TerminationRight(party=TerminationParty.EITHER, trigger=TerminationTrigger.CAUSE))
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=[cause]))
    assert step.contract_term_months == Decimal(12)


def test_notice_not_shorter_than_stated_term_keeps_the_stated_term():
    step = identify_contract(
        contract(initial_term=t(months(2)), termination_rights=[convenience(notice=days(90))])
    )
    assert step.contract_term_months == Decimal(2)
    assert not step.month_to_month


def test_penalty_keeps_the_stated_term_and_asks_whether_it_is_substantive():
    # h_reserved_capacity_messy: termination on 30 days only on paying all remaining fees.
    right = convenience(notice=days(30), has_penalty=True)
    step = identify_contract(contract(initial_term=t(months(18)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(18)
    assert not step.month_to_month
    (penalty,) = [f for f in flags(step) if f.kind is FlagKind.TERMINATION_PENALTY]
    assert penalty.severity is Severity.JUDGMENT
    assert penalty.asc == ["606-10-25-3"]
    assert penalty.citations[0].clause_id == "3.3"


def test_penalty_amount_alone_counts_as_a_penalty():
    right = convenience(notice=days(30), penalty_amount=Decimal("5000"))
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(12)
    penalty = next(f for f in flags(step) if f.kind is FlagKind.TERMINATION_PENALTY)
    assert "USD 5,000.00" in penalty.message


def test_a_penalty_free_right_wins_over_a_penalised_one():
    rights = [convenience(notice=days(30), has_penalty=True), convenience(notice=days(60))]
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=rights))
    assert step.contract_term_months == Decimal(2)
    assert FlagKind.TERMINATION_PENALTY not in kinds(step)


def test_renewal_is_an_option_outside_the_term():
    renewal = t(Renewal(automatic=True, renewal_term=months(12), notice_period=days(60)), "3.2")
    step = identify_contract(contract(initial_term=t(months(24)), renewal=renewal))
    assert step.contract_term_months == Decimal(24)
    renewal_c = conclusion(step, "renewal")
    assert renewal_c.outcome == "option_excluded_from_term"
    assert "does not extend the contract term" in renewal_c.rationale
    assert renewal_c.citations[0].clause_id == "3.2"


# --------------------------------------------------------------------------- month arithmetic


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 1), -3, date(2025, 12, 1)),
    ],
)
def test_add_months_clamps_to_the_last_day(start, n, expected):
    assert add_months(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 7, 1), date(2029, 6, 30), Decimal(36)),
        (date(2026, 1, 1), date(2027, 1, 1), Decimal(12)),  # "to the anniversary"
        (date(2026, 1, 1), date(2026, 12, 30), Decimal(12)),  # one day short
        (date(2026, 1, 1), date(2026, 1, 15), Decimal("0.48")),  # 15 of 31 days
        (date(2026, 1, 1), date(2025, 12, 31), None),
    ],
)
def test_months_between_calendar_dates(start, end, expected):
    assert months_between(start, end) == expected


def test_term_end_is_start_plus_months_minus_one_day():
    assert term_end(date(2026, 10, 1), Decimal(36)) == date(2029, 9, 30)
    assert term_end(date(2026, 1, 31), Decimal(1)) == date(2026, 2, 27)


# --------------------------------------------------------------------------- penalties (25-3)


def quoted_right(quote: str, notice: Duration | None = None, **kw) -> Term[TerminationRight]:
    right = TerminationRight(
        party=TerminationParty.CUSTOMER,
        trigger=TerminationTrigger.CONVENIENCE,
        notice_period=notice,
        **kw,
    )
    return Term(
        value=right, citations=[Citation(clause_id="6.2", page=3, quote=quote)], confidence=0.8
    )


def test_paying_all_remaining_fees_is_a_substantive_penalty_and_the_term_stands():
    # h_reserved_capacity_messy, clause 6.2: the fee equals all remaining Reserved Capacity Fees.
    right = quoted_right(
        "Customer may terminate this Agreement for convenience on thirty (30) days' written "
        "notice, provided that Customer shall pay an early termination fee equal to all Reserved "
        "Capacity Fees that would have become payable for the remainder of the Term.",
        days(30),
        has_penalty=True,
    )
    step = identify_contract(contract(initial_term=t(months(18)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(18)
    assert not step.month_to_month
    assessed = conclusion(step, "termination_penalty")
    assert assessed.outcome == "substantive"
    assert assessed.asc == ["606-10-25-3"]
    assert "Transition Resource Group" in assessed.rationale
    assert assessed.citations[0].clause_id == "6.2"
    assert [(f.kind, f.severity) for f in assessed.flags] == [
        (FlagKind.TERMINATION_PENALTY, Severity.INFO)
    ]
    assert "substantive termination penalty" in conclusion(step, "contract_term").rationale


def test_a_small_fixed_fee_is_a_judgment_with_the_ratio_to_the_fees_avoided():
    # 12,500 a month, 12 months, 30 days' notice (1 month): 11 x 12,500 = 137,500 avoided;
    # 5,000 / 137,500 = 3.636...% -> 3.64%.
    right = quoted_right(
        "Customer may terminate for convenience on 30 days' notice and payment of a "
        "termination fee of USD 5,000.",
        days(30),
        has_penalty=True,
        penalty_amount=Decimal("5000"),
    )
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(12)
    assessed = conclusion(step, "termination_penalty")
    assert assessed.outcome == "judgment"
    (penalty,) = assessed.flags
    assert (penalty.kind, penalty.severity) == (FlagKind.TERMINATION_PENALTY, Severity.JUDGMENT)
    assert "USD 5,000.00 is 3.64% of the USD 137,500.00" in penalty.message
    assert "1-month notice period (11 months of the 12-month stated term)" in penalty.message
    assert "Ratio of penalty to consideration avoided: 3.64%" in assessed.rationale


def test_a_fixed_fee_at_least_the_fees_avoided_is_substantive():
    right = quoted_right(
        "Customer may terminate for convenience on payment of a termination fee of USD 150,000.",
        days(30),
        has_penalty=True,
        penalty_amount=Decimal("150000"),
    )
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=[right]))
    assert conclusion(step, "termination_penalty").outcome == "substantive"
    assert step.contract_term_months == Decimal(12)
    assert [f.severity for f in flags(step) if f.kind is FlagKind.TERMINATION_PENALTY] == [
        Severity.INFO
    ]


@pytest.mark.parametrize(("percent", "outcome"), [("50", "judgment"), ("100", "substantive")])
def test_a_percentage_of_the_remaining_fees(percent: str, outcome: str):
    right = quoted_right(
        f"Customer may terminate for convenience on paying {percent}% of the remaining fees "
        "for the Initial Term.",
        days(30),
        has_penalty=True,
    )
    step = identify_contract(contract(initial_term=t(months(24)), termination_rights=[right]))
    assessed = conclusion(step, "termination_penalty")
    assert assessed.outcome == outcome
    assert step.contract_term_months == Decimal(24)
    if outcome == "judgment":
        assert "50% of the remaining fees" in assessed.rationale
        assert "Ratio of penalty to consideration avoided: 50%" in assessed.rationale


def test_paying_for_services_delivered_to_termination_is_not_a_penalty():
    right = quoted_right(
        "Customer may terminate for convenience on sixty (60) days' notice; Customer shall pay "
        "all fees accrued for services rendered through the effective date of termination.",
        days(60),
        has_penalty=True,
    )
    step = identify_contract(contract(initial_term=t(months(24)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(2)
    assert step.month_to_month
    assessed = conclusion(step, "termination_penalty")
    assert assessed.outcome == "not_a_penalty"
    assert [f.severity for f in assessed.flags] == [Severity.INFO]


def test_a_refund_of_prepaid_fees_is_not_a_penalty():
    right = convenience(notice=days(30), refund_of_prepaid=True)
    step = identify_contract(contract(initial_term=t(months(12)), termination_rights=[right]))
    assert step.contract_term_months == Decimal(1)
    assert "refund of prepaid fees for the period after termination is not a penalty" in (
        conclusion(step, "contract_term").rationale
    )
    assert FlagKind.TERMINATION_PENALTY not in kinds(step)


def test_forfeited_annual_prepayment_may_act_as_a_penalty():
    annual = t(
        FeeLine(
            kind=FeeKind.PLATFORM,
            description="Platform fee",
            amount=Decimal("120000"),
            period=months(12),
            billing_frequency="annually",
            billing_timing="advance",
        ),
        "4.1",
    )
    right = convenience(notice=days(30), refund_of_prepaid=False)
    step = identify_contract(
        contract(initial_term=t(months(12)), termination_rights=[right], fee_lines=[annual])
    )
    assert step.contract_term_months == Decimal(1)  # the stated default: the notice period
    (forfeit,) = [f for f in flags(step) if f.kind is FlagKind.TERMINATION_PENALTY]
    assert forfeit.severity is Severity.JUDGMENT
    assert "not refunded" in forfeit.message
    assert {c.clause_id for c in forfeit.citations} == {"3.3", "4.1"}
