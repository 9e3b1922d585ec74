"""Reviewer inputs in Steps 4 and 5: SSP overrides, the residual approach, timing criteria."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from assistant.schemas import (
    FlagKind,
    OverTimeCriterion,
    ProgressMeasure,
    ReviewerInputs,
    SspBasis,
    SspOverride,
    Timing,
    TimingInput,
)
from tests.test_asc_examples import START, K, contract, fee, months, run, ssp, topic

D = Decimal


def test_an_ssp_override_replaces_the_contract_price_fallback():
    terms = contract(
        fee(K.PLATFORM, "Platform", amount=D(100_000), period=months(12)),
        fee(K.SUPPORT, "Premium support", amount=D(20_000), period=months(12)),
    )
    assert FlagKind.MISSING_SSP in {f.kind for f in run(terms).flags}
    a = run(terms, ReviewerInputs(ssp_overrides=[ssp("PO1", "110000"), ssp("PO2", "30000")]))
    assert FlagKind.MISSING_SSP not in {f.kind for f in a.flags}
    assert [line.allocated for line in a.step4.lines] == [D("94285.71"), D("25714.29")]


def test_a_residual_that_leaves_nothing_is_flagged():
    terms = contract(
        fee(K.PLATFORM, "Platform", amount=D(100_000), period=months(12)),
        fee(K.PROFESSIONAL_SERVICES, "Custom model work"),
    )
    inputs = ReviewerInputs(
        ssp_overrides=[ssp("PO1", "120000"), SspOverride(po_id="PO2", basis=SspBasis.RESIDUAL)]
    )
    a = run(terms, inputs)
    residual = topic(a, "standalone_selling_price")[1]
    assert residual.outcome == "residual" and residual.amount == D("0")
    assert residual.flags and "nil" in residual.flags[0].message


def test_timing_criterion_c_with_an_input_method():
    terms = contract(fee(K.OTHER, "Custom model training", amount=D(90_000)), term_months=6)
    inputs = ReviewerInputs(
        timing=[TimingInput(fee_line=0, criterion=OverTimeCriterion.C, reason="no alternative use")]
    )
    a = run(terms, inputs)
    [timing] = topic(a, "timing")
    assert timing.outcome == "over_time" and "(c)" in timing.rationale and timing.reviewer_input
    assert not {f.kind for f in a.flags} & {FlagKind.PERFORMANCE_OBLIGATION}


def test_timing_point_in_time_by_the_reviewer():
    terms = contract(fee(K.OTHER, "Model weights delivery", amount=D(40_000)))
    inputs = ReviewerInputs(
        timing=[
            TimingInput(fee_line=0, criterion=OverTimeCriterion.POINT_IN_TIME, reason="delivery")
        ]
    )
    a = run(terms, inputs)
    [po] = a.step2.performance_obligations
    assert po.timing is Timing.POINT_IN_TIME and po.measure is ProgressMeasure.POINT_IN_TIME
    [line] = a.step5.lines
    assert line.start == line.end == START and line.amount == D("40000.00")
    assert "25-30" in topic(a, "timing")[0].rationale


def test_right_to_invoice_is_explained_for_pure_per_unit_pricing():
    terms = contract(fee(K.USAGE, "Tokens", unit="1K tokens", unit_price=D("0.002")))
    [measure] = topic(run(terms), "measure_of_progress")
    assert measure.outcome == "right_to_invoice" and "606-10-55-18" in measure.asc
    assert "corresponds directly" in measure.rationale
    assert run(terms).step5.lines[0].end == date(2026, 12, 31)
