"""Reviewer inputs in Steps 1 to 3: confirmations, estimates, the constraint, breakage, agents.

Each test runs the whole engine on a small contract twice where it matters: without inputs
(the question is flagged) and with them (the answer is applied, said to come from the
reviewer, and the flag is gone).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from assistant.schemas import (
    AgentOrPrincipal,
    BillingFrequency,
    BreakageBasis,
    BreakageEstimate,
    ConstraintFactor,
    ConstraintJudgement,
    CriterionStatus,
    Discount,
    DiscountKind,
    Estimate,
    EstimateMethod,
    FlagKind,
    PrincipalAgentInput,
    ReviewerInputs,
    Scenario,
    Severity,
    Shortfall,
    VariableEstimate,
    VariableItem,
    VariableKind,
    VariableMeasure,
)
from tests.test_asc_examples import K, contract, fee, months, run, t, topic

D = Decimal


def kinds(analysis) -> set[FlagKind]:
    return {f.kind for f in analysis.flags}


def platform(variable_kind: VariableKind = VariableKind.SLA_CREDIT):
    return contract(
        fee(K.PLATFORM, "Platform fee", amount=D(120_000), period=months(12)),
        fee(K.USAGE, "GPU time", unit="GPU-second", unit_price=D("0.001")),
        variable_items=[t(VariableItem(kind=variable_kind, description="variable term"), "9")],
    )


def sla(estimate: Estimate, **kw) -> VariableEstimate:
    return VariableEstimate(kind=VariableKind.SLA_CREDIT, estimate=estimate, **kw)


# --------------------------------------------------------------------------- Step 1


def test_confirmed_collectibility_and_substance_meet_the_criteria_without_flags():
    a = run(
        platform(),
        ReviewerInputs(collectibility_confirmed=True, commercial_substance_confirmed=True),
    )
    assert a.step1.criteria["d"] is a.step1.criteria["e"] is CriterionStatus.MET
    assert not kinds(a) & {FlagKind.COLLECTIBILITY, FlagKind.COMMERCIAL_SUBSTANCE}
    [c] = topic(a, "collectibility")
    assert c.reviewer_input and "per reviewer input" in c.rationale


def test_collectibility_denied_is_not_met_and_flagged_with_25_7():
    a = run(platform(), ReviewerInputs(collectibility_confirmed=False))
    assert a.step1.criteria["e"] is CriterionStatus.NOT_MET
    [c] = topic(a, "collectibility")
    assert c.flags and "606-10-25-7" in c.asc


def test_without_inputs_collectibility_stays_a_judgment():
    a = run(platform())
    assert a.step1.criteria["e"] is CriterionStatus.REVIEWER_TO_CONFIRM
    assert FlagKind.COLLECTIBILITY in kinds(a)


# --------------------------------------------------------------------------- SLA credits


def test_sla_credit_history_as_expected_percent_reduces_the_platform_price():
    estimate = Estimate(
        method=EstimateMethod.EXPECTED_VALUE,
        scenarios=[
            Scenario(value=D(0), probability=D("0.75")),
            Scenario(value=D(4), probability=D("0.25")),
        ],
    )
    inputs = ReviewerInputs(
        variable_estimates=[
            sla(estimate, measure=VariableMeasure.PERCENT_OF_FEES, fee_line=0, basis="8 quarters")
        ]
    )
    a = run(platform(), inputs)
    assert a.step3.variable_included == D("-1200.00")  # 1% of 120,000
    assert a.step3.total == D("118800.00")
    [line1, line2] = a.step4.lines
    assert line1.allocated == D("118800.00") and line2.allocated == D("0.00")
    [vc] = topic(a, "variable_consideration")
    assert vc.amount == D("-1200.00") and vc.reviewer_input and not vc.flags
    assert FlagKind.VARIABLE_CONSIDERATION not in kinds(a)


def test_the_constraint_caps_what_is_included():
    estimate = Estimate(method=EstimateMethod.MOST_LIKELY_AMOUNT, most_likely=D(1000))
    judgement = ConstraintJudgement(
        kind=VariableKind.SLA_CREDIT,
        cap=D(-5000),
        factors=[ConstraintFactor.LIMITED_EXPERIENCE],
        rationale="one year of history on this region",
    )
    a = run(platform(), ReviewerInputs(variable_estimates=[sla(estimate)], constraints=[judgement]))
    assert a.step3.variable_included == D("-5000.00")
    [vc] = topic(a, "variable_consideration")
    assert "limited experience" in vc.rationale and "606-10-32-12" in vc.asc


def test_an_increase_without_a_constraint_judgement_is_included_but_flagged():
    terms = platform(VariableKind.PRICE_CHANGE)
    estimate = Estimate(method=EstimateMethod.MOST_LIKELY_AMOUNT, most_likely=D(3000))
    inputs = ReviewerInputs(
        variable_estimates=[VariableEstimate(kind=VariableKind.PRICE_CHANGE, estimate=estimate)]
    )
    a = run(terms, inputs)
    assert a.step3.variable_included == D("3000.00")
    [vc] = topic(a, "variable_consideration")
    assert [f.severity for f in vc.flags] == [Severity.JUDGMENT]
    # Not tied to a fee line: spread over the fixed-price obligations by SSP.
    assert sum((line.allocated for line in a.step4.lines), D(0)) == a.step3.total


def test_estimates_are_validated():
    with pytest.raises(ValidationError):
        Estimate(
            method=EstimateMethod.EXPECTED_VALUE,
            scenarios=[Scenario(value=D(1), probability=D("0.5"))],
        )
    with pytest.raises(ValidationError):
        Estimate(method=EstimateMethod.MOST_LIKELY_AMOUNT)
    likeliest = Estimate(
        method=EstimateMethod.MOST_LIKELY_AMOUNT,
        scenarios=[
            Scenario(value=D(5), probability=D("0.3")),
            Scenario(value=D(9), probability=D("0.7")),
        ],
    )
    assert likeliest.value() == D(9)


# --------------------------------------------------------------------------- breakage


def prepaid():
    return contract(
        fee(
            K.PREPAID_CREDITS,
            "Prepaid credits",
            amount=D(100_000),
            credit_expiry=months(12),
            billing_frequency=BillingFrequency.ONE_TIME,
        )
    )


@pytest.mark.parametrize(
    ("basis", "words"),
    [(BreakageBasis.HISTORY, "in proportion"), (BreakageBasis.NONE, "remote")],
)
def test_breakage_from_the_reviewer(basis, words):
    inputs = ReviewerInputs(
        breakage=[BreakageEstimate(fee_line=0, expected_unused_percent=D(8), basis=basis)]
    )
    a = run(prepaid(), inputs)
    [c] = topic(a, "prepaid_credits")
    assert c.amount == D("8000.00") and words in c.rationale and not c.flags
    assert FlagKind.BREAKAGE not in kinds(a)
    assert words in topic(a, "measure_of_progress")[0].rationale


def test_forfeited_commitment_uses_the_breakage_input():
    terms = contract(
        fee(
            K.COMMITTED_SPEND,
            "Annual commitment",
            amount=D(50_000),
            period=months(12),
            shortfall=Shortfall.FORFEITED,
        )
    )
    assert FlagKind.BREAKAGE in kinds(run(terms))
    inputs = ReviewerInputs(
        breakage=[
            BreakageEstimate(fee_line=0, expected_unused_percent=D(5), basis=BreakageBasis.HISTORY)
        ]
    )
    a = run(terms, inputs)
    assert FlagKind.BREAKAGE not in kinds(a)
    assert "Unused commitment" in topic(a, "minimum_commitment")[0].rationale


# --------------------------------------------------------------------------- financing, agents


def test_financing_decided_by_the_reviewer():
    terms = contract(
        fee(K.PREPAID_CREDITS, "Credits", amount=D(90_000), credit_expiry=months(24)),
        term_months=24,
    )
    assert topic(run(terms), "significant_financing")[0].outcome == "reviewer_to_confirm"
    inputs = ReviewerInputs(
        significant_financing=False, financing_reason="timing at the customer's discretion"
    )
    c = topic(run(terms, inputs), "significant_financing")[0]
    assert c.outcome == "not_significant" and c.reviewer_input and not c.flags


def test_a_payment_for_a_distinct_service_does_not_reduce_the_price():
    terms = contract(
        fee(K.PLATFORM, "Platform", amount=D(10_000)),
        discounts=[
            t(
                Discount(
                    kind=DiscountKind.PAYMENT_TO_CUSTOMER,
                    description="co-marketing fee",
                    amount=D(1_000),
                ),
                "6",
            )
        ],
    )
    assert run(terms).step3.total == D("9000.00")
    a = run(terms, ReviewerInputs(payments_for_distinct_services=[0]))
    assert a.step3.total == D("10000.00")
    assert topic(a, "consideration_payable")[0].outcome == "distinct_service"


def test_an_agent_without_a_net_fee_stays_gross_and_is_flagged_missing():
    terms = contract(
        fee(K.SUBSCRIPTION, "Third-party model access", amount=D(12_000), third_party=True)
    )
    inputs = ReviewerInputs(
        principal_agent=[PrincipalAgentInput(fee_line=0, conclusion=AgentOrPrincipal.AGENT)]
    )
    a = run(terms, inputs)
    assert a.step3.total == D("12000.00")
    [pa] = topic(a, "principal_agent")
    assert pa.outcome == "agent" and [f.severity for f in pa.flags] == [Severity.MISSING]


def test_an_agent_net_fee_amount_replaces_the_gross_line():
    terms = contract(
        fee(K.SUBSCRIPTION, "Third-party model access", amount=D(12_000), third_party=True)
    )
    inputs = ReviewerInputs(
        principal_agent=[
            PrincipalAgentInput(
                fee_line=0, conclusion=AgentOrPrincipal.AGENT, net_fee_amount=D(1_800)
            )
        ]
    )
    a = run(terms, inputs)
    assert a.step3.total == D("1800.00")
    assert "net fee as agent" in a.step3.components[0].description


# --------------------------------------------------------------------------- loading


def test_reviewer_inputs_load_from_toml_and_reject_unknown_keys():
    text = """
collectibility_confirmed = true
collectibility_evidence = "D&B report 2026-02"

[[variable_estimates]]
kind = "sla_credit"
measure = "percent_of_fees"
fee_line = 0
basis = "SLA credits 2024-2025"
estimate = { method = "expected_value", scenarios = [
  { value = "0", probability = "0.8" }, { value = "5", probability = "0.2" } ] }

[[breakage]]
fee_line = 1
expected_unused_percent = "7.5"
basis = "history"

[[ssp_overrides]]
po_id = "PO2"
basis = "adjusted_market_assessment"
ssp = "55000"
"""
    inputs = ReviewerInputs.from_toml(text)
    assert inputs.variable_estimates[0].estimate.value() == D(1)
    assert inputs.breakage[0].basis is BreakageBasis.HISTORY
    with pytest.raises(ValidationError):
        ReviewerInputs.from_toml("colectibility_confirmed = true")


def test_prospective_tiers_are_concluded_without_a_flag():
    from assistant.schemas import Tier, TierMode

    graduated = fee(
        K.USAGE,
        "Images",
        unit="image",
        tiers=[
            Tier(to_units=D(1000), unit_price=D("0.02")),
            Tier(from_units=D(1000), unit_price=D("0.015")),
        ],
        tier_mode=TierMode.PROSPECTIVE,
    )
    a = run(contract(graduated))
    [tiers] = topic(a, "tiered_pricing")
    assert tiers.outcome == "prospective" and not tiers.flags
    assert FlagKind.RETROACTIVE_TIERS not in kinds(a)
