"""Step 3: the transaction price over the accounting term, and what could change it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.engine.step1_contract import identify_contract
from assistant.engine.step2_obligations import identify_obligations
from assistant.engine.step3_price import determine_price
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Citation,
    ContractTerms,
    Discount,
    DiscountKind,
    Duration,
    DurationUnit,
    FeeKind,
    FeeLine,
    FlagKind,
    PaymentTerms,
    Severity,
    Shortfall,
    Step3Price,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
    Tier,
    TierMode,
    VariableItem,
    VariableKind,
)
from assistant.schemas.analysis import ConsiderationKind

K = FeeKind
D = Decimal


def t(value, clause: str = "4.1") -> Term:
    return Term(
        value=value,
        citations=[Citation(clause_id=clause, page=2, quote=f"text of {clause}")],
        confidence=0.9,
    )


def months(n: int | str) -> Duration:
    return Duration(value=D(n), unit=DurationUnit.MONTHS)


def fee(kind: FeeKind, description: str = "", clause: str = "4.1", **kw) -> Term[FeeLine]:
    return t(FeeLine(kind=kind, description=description or kind.value, **kw), clause)


def price(*fees: Term[FeeLine], term: int | None = 12, **kw) -> Step3Price:
    terms = ContractTerms(
        fee_lines=list(fees),
        currency=t("USD"),
        effective_date=t(date(2026, 1, 1)),
        initial_term=t(months(term)) if term is not None else None,
        **kw,
    )
    return determine_price(terms, identify_contract(terms), identify_obligations(terms))


def amounts(step: Step3Price) -> list[tuple[ConsiderationKind, Decimal | None]]:
    return [(c.kind, c.amount) for c in step.components]


def flags_of(step: Step3Price, kind: FlagKind | None = None) -> list:
    return [f for c in step.conclusions for f in c.flags if kind is None or f.kind is kind]


def topic(step: Step3Price, name: str) -> list:
    return [c for c in step.conclusions if c.topic == name]


FIXED, VARIABLE = ConsiderationKind.FIXED, ConsiderationKind.VARIABLE


def test_platform_setup_and_ps_hours_over_36_months():
    # 120,000 a year x 36 / 12 = 360,000; set-up 10,000 once; 40 h x 250 = 10,000.
    step = price(
        fee(K.PLATFORM, "Platform", amount=D(120000), period=months(12)),
        fee(K.SETUP, "Set-up", amount=D(10000)),
        fee(K.PROFESSIONAL_SERVICES, "Integration", unit_price=D(250), quantity=D(40)),
        term=36,
    )
    assert amounts(step) == [
        (FIXED, D("360000.00")),
        (FIXED, D("10000.00")),
        (FIXED, D("10000.00")),
    ]
    assert (step.fixed, step.variable_included, step.total) == (
        D("380000.00"),
        D("0.00"),
        D("380000.00"),
    )
    assert step.currency == "USD"
    assert [c.po_id for c in step.components] == ["PO1", "PO1", "PO2"]
    (tp,) = topic(step, "transaction_price")
    assert tp.outcome == "380000.00"
    assert tp.asc == ["606-10-32-2", "606-10-32-3", "606-10-32-4"]


def test_monthly_platform_over_a_term_shortened_by_termination_for_convenience():
    # f_tfc_auto_renewal: 12,500 a month x 3 months; excess API calls variable.
    tfc = TerminationRight(
        party=TerminationParty.CUSTOMER,
        trigger=TerminationTrigger.CONVENIENCE,
        notice_period=Duration(value=D(90), unit=DurationUnit.DAYS),
    )
    step = price(
        fee(K.PLATFORM, amount=D(12500), period=months(1)),
        fee(K.USAGE, "Excess API calls", unit_price=D("0.0008"), unit="API call"),
        term=24,
        termination_rights=[t(tfc, "3.3")],
    )
    assert amounts(step) == [(FIXED, D("37500.00")), (VARIABLE, None)]
    assert step.total == D("37500.00")
    (usage,) = topic(step, "usage_fees")
    assert usage.outcome == "usage"
    assert "606-10-32-40" in usage.asc
    assert "USD 0.0008 per API call" in step.components[1].description


def test_pay_as_you_go_has_a_nil_transaction_price():
    step = price(
        fee(K.USAGE, unit_price=D("0.00095"), unit="GPU-second"),
        fee(K.USAGE, tiers=[Tier(unit_price=D("0.02"))], tier_mode=TierMode.PROSPECTIVE),
        term=1,
    )
    assert amounts(step) == [(VARIABLE, None), (VARIABLE, None)]
    assert step.total == D("0.00")
    assert "variable consideration included: nil" in topic(step, "transaction_price")[0].rationale


def test_committed_spend_with_overage_two_years():
    # b_committed_spend_tiers: 600,000 per 12-month contract year x 24 / 12 = 1,200,000.
    step = price(
        fee(
            K.COMMITTED_SPEND,
            "Annual Commitment",
            amount=D(600000),
            commitment_period=months(12),
            unit_price=D("0.0009"),
            shortfall=Shortfall.INVOICED,
        ),
        term=24,
    )
    assert amounts(step) == [(FIXED, D("1200000.00")), (VARIABLE, None)]
    assert step.total == D("1200000.00")
    (commitment,) = topic(step, "minimum_commitment")
    assert commitment.outcome == "fixed"
    (shortfall,) = commitment.flags
    assert (shortfall.kind, shortfall.severity) == (FlagKind.SHORTFALL, Severity.INFO)
    assert topic(step, "usage_fees")[0].outcome == "overage"


def test_commitment_uses_its_period_when_no_commitment_period():
    step = price(fee(K.MINIMUM_COMMITMENT, amount=D(500000), period=months(12)), term=36)
    assert step.total == D("1500000.00")


@pytest.mark.parametrize(
    ("shortfall", "rollover", "expected"),
    [
        (Shortfall.FORFEITED, None, [(FlagKind.BREAKAGE, Severity.JUDGMENT)]),
        (
            Shortfall.INVOICED,
            True,
            [(FlagKind.SHORTFALL, Severity.INFO), (FlagKind.BREAKAGE, Severity.JUDGMENT)],
        ),
        (Shortfall.NONE, None, [(FlagKind.SHORTFALL, Severity.JUDGMENT)]),
        (None, None, [(FlagKind.SHORTFALL, Severity.MISSING)]),
    ],
)
def test_unused_commitment(shortfall, rollover, expected):
    step = price(
        fee(
            K.COMMITTED_SPEND,
            amount=D(1000),
            period=months(12),
            shortfall=shortfall,
            rollover=rollover,
        )
    )
    (commitment,) = topic(step, "minimum_commitment")
    assert [(f.kind, f.severity) for f in commitment.flags] == expected


def test_prepaid_credits_are_fixed_with_a_breakage_judgment():
    # c_prepaid_credits: EUR 100,000 once; credits expire after 12 months.
    step = price(
        fee(
            K.PREPAID_CREDITS,
            "Credits",
            amount=D(100000),
            credit_expiry=months(12),
            billing_frequency=BillingFrequency.ONE_TIME,
            billing_timing=BillingTiming.ADVANCE,
        ),
        fee(K.USAGE, unit_price=D("0.00088")),
    )
    assert step.total == D("100000.00")
    (breakage,) = flags_of(step, FlagKind.BREAKAGE)
    assert breakage.severity is Severity.JUDGMENT
    assert "expire after 12 months" in breakage.message
    assert breakage.asc[0] == "606-10-55-46"
    # The prepayment covers exactly 12 months: the 32-18 expedient applies.
    assert not flags_of(step, FlagKind.SIGNIFICANT_FINANCING)
    assert topic(step, "significant_financing")[0].outcome == "practical_expedient"


def test_prepaid_credits_without_expiry_say_so():
    step = price(fee(K.PREPAID_CREDITS, amount=D(100000)))
    (breakage,) = flags_of(step, FlagKind.BREAKAGE)
    assert "states no expiry" in breakage.message


def test_time_and_materials_is_variable_fixed_fee_ps_is_fixed():
    step = price(
        fee(K.PROFESSIONAL_SERVICES, "T&M", unit_price=D(300), unit="hour"),
        fee(K.PROFESSIONAL_SERVICES, "Fixed fee", amount=D(55000), unit_price=D(275)),
    )
    assert amounts(step) == [(VARIABLE, None), (FIXED, D("55000.00"))]
    assert topic(step, "usage_fees")[0].outcome == "time_and_materials"


def test_unknown_term_counts_each_stated_amount_once():
    step = price(fee(K.PLATFORM, amount=D(120000), period=months(12)), term=None)
    assert step.total == D("120000.00")
    assert "counted once" in step.components[0].description


def test_recurring_amount_rounds_half_up_at_the_end():
    # 1,000 per 7 months x 12 months = 1,714.285714... -> 1,714.29
    step = price(fee(K.SUBSCRIPTION, amount=D(1000), period=months(7)))
    assert step.total == D("1714.29")
    # 0.125 x 12 / 1 = 1.50 exactly; 0.00125 x 12 = 0.015 -> 0.02 (half up, not half even)
    step = price(fee(K.SUBSCRIPTION, amount=D("0.00125"), period=months(1)))
    assert step.total == D("0.02")


def test_unpriced_non_usage_line_is_fixed_nil():
    step = price(fee(K.SUPPORT, "Support included"), fee(K.LICENCE, amount=D(1000)))
    assert amounts(step) == [(FIXED, D("0.00")), (FIXED, D("1000.00"))]


def test_variable_items_one_flag_per_kind():
    items = [
        t(VariableItem(kind=VariableKind.SLA_CREDIT, description="up to 10%"), "B/2"),
        t(VariableItem(kind=VariableKind.SLA_CREDIT, description="latency credits"), "B/3"),
        t(VariableItem(kind=VariableKind.REBATE, description="volume rebate"), "4.6"),
        t(VariableItem(kind=VariableKind.MFN, description="most favoured"), "4.5"),
        t(VariableItem(kind=VariableKind.PRICE_PROTECTION, description="price lock"), "4.7"),
    ]
    step = price(fee(K.PLATFORM, amount=D(1)), variable_items=items)
    vc = flags_of(step, FlagKind.VARIABLE_CONSIDERATION)
    assert len(vc) == 2  # SLA credit, rebate
    assert all(f.severity is Severity.JUDGMENT for f in vc)
    assert "606-10-32-8" in vc[0].asc and "606-10-32-11" in vc[0].asc
    assert {c.clause_id for c in vc[0].citations} == {"B/2", "B/3"}
    assert len(flags_of(step, FlagKind.MFN)) == 2
    outcomes = [c.outcome for c in topic(step, "variable_consideration")]
    assert outcomes == ["sla_credit", "rebate", "mfn", "price_protection"]
    assert step.total == D("1.00")  # nothing estimated


def test_retroactive_tiers_are_flagged_prospective_are_not():
    tiers = [Tier(to_units=D(400000000), unit_price=D("0.0009")), Tier(unit_price=D("0.00078"))]
    step = price(
        fee(K.USAGE, "GPU", tiers=tiers, tier_mode=TierMode.RETROACTIVE),
        fee(K.USAGE, "Images", tiers=tiers, tier_mode=TierMode.PROSPECTIVE),
    )
    (f,) = flags_of(step, FlagKind.RETROACTIVE_TIERS)
    assert f.severity is Severity.JUDGMENT and "'GPU'" in f.message
    assert "606-10-55-216" in f.asc


def test_tiers_without_a_mode_ask_the_reviewer():
    step = price(fee(K.USAGE, tiers=[Tier(unit_price=D(1))]))
    (c,) = topic(step, "tiered_pricing")
    assert c.outcome == "reviewer_to_confirm"


def test_whole_term_prepaid_up_front_is_a_financing_judgment():
    # e_onprem_term_licence: three years of support (90,000 a year) invoiced at the start.
    step = price(
        fee(K.LICENCE, amount=D(450000), billing_frequency=BillingFrequency.ONE_TIME),
        fee(
            K.SUPPORT,
            "Support",
            amount=D(90000),
            period=months(12),
            billing_frequency=BillingFrequency.ONE_TIME,
            billing_timing=BillingTiming.ADVANCE,
        ),
        term=36,
    )
    assert step.total == D("720000.00")
    (f,) = flags_of(step, FlagKind.SIGNIFICANT_FINANCING)
    assert f.severity is Severity.JUDGMENT
    assert "'Support'" in f.message
    assert f.asc[0] == "606-10-32-15" and f.asc[-1] == "606-10-32-20"


def test_annual_billing_in_advance_uses_the_expedient():
    # d_enterprise_msa: billed annually in advance, each invoice covers 12 months only.
    step = price(
        fee(
            K.PLATFORM,
            amount=D(180000),
            period=months(12),
            billing_frequency=BillingFrequency.ANNUALLY,
            billing_timing=BillingTiming.ADVANCE,
        ),
        term=36,
    )
    assert not flags_of(step, FlagKind.SIGNIFICANT_FINANCING)
    (c,) = topic(step, "significant_financing")
    assert c.asc == ["606-10-32-18"]


def test_one_annual_amount_covering_more_than_a_year_is_a_financing_judgment():
    step = price(
        fee(
            K.PLATFORM,
            amount=D(360000),
            period=months(36),
            billing_frequency=BillingFrequency.ANNUALLY,
            billing_timing=BillingTiming.ADVANCE,
        ),
        term=36,
    )
    assert flags_of(step, FlagKind.SIGNIFICANT_FINANCING)


def test_payment_more_than_a_year_after_invoice_is_a_financing_judgment():
    step = price(fee(K.HARDWARE, amount=D(1)), payment_terms=t(PaymentTerms(net_days=400)))
    assert flags_of(step, FlagKind.SIGNIFICANT_FINANCING)


@pytest.mark.parametrize(
    ("after_term", "severity"),
    [(False, Severity.INFO), (True, Severity.JUDGMENT), (None, Severity.JUDGMENT)],
)
def test_free_credits_are_consideration_payable(after_term, severity):
    credit = Discount(
        kind=DiscountKind.FREE_CREDITS,
        description="5,000 free credits",
        usable_after_term=after_term,
    )
    step = price(fee(K.USAGE, unit_price=D(1)), discounts=[t(credit, "3.3")])
    (f,) = flags_of(step, FlagKind.CONSIDERATION_PAYABLE)
    assert f.severity is severity
    assert f.asc == ["606-10-32-25", "606-10-32-26", "606-10-32-27"]


def test_other_discounts_are_assumed_in_the_stated_fees():
    pct = Discount(kind=DiscountKind.PERCENTAGE, description="10% launch discount", percent=10)
    step = price(fee(K.PLATFORM, amount=D(100)), discounts=[t(pct)])
    (c,) = topic(step, "discount")
    assert c.outcome == "assumed_in_stated_fees"
    assert step.total == D("100.00")
