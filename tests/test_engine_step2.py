"""Step 2: fee lines to performance obligations, and the judgments Step 2 flags."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.engine.step2_obligations import identify_obligations
from assistant.schemas import (
    Citation,
    ContractTerms,
    CustomerOption,
    Discount,
    DiscountKind,
    Duration,
    DurationUnit,
    FeeKind,
    FeeLine,
    FlagKind,
    LicenceGrant,
    LicenceKind,
    OptionKind,
    ProgressMeasure,
    Renewal,
    Severity,
    Step2Obligations,
    Term,
    Tier,
    TierMode,
    Timing,
    Warranty,
    WarrantyKind,
)

K = FeeKind
OVER, POINT = Timing.OVER_TIME, Timing.POINT_IN_TIME
D_SETUP = Decimal(2500)


def t(value, clause: str = "4.1") -> Term:
    return Term(
        value=value,
        citations=[Citation(clause_id=clause, page=2, quote=f"text of {clause}")],
        confidence=0.9,
    )


def months(n: int) -> Duration:
    return Duration(value=Decimal(n), unit=DurationUnit.MONTHS)


def fee(kind: FeeKind, description: str = "", clause: str = "4.1", **kw) -> Term[FeeLine]:
    return t(FeeLine(kind=kind, description=description or kind.value, **kw), clause)


def usage(description: str = "GPU time", **kw) -> Term[FeeLine]:
    return fee(K.USAGE, description, unit_price=Decimal("0.00095"), unit="GPU-second", **kw)


def obligations(*fees: Term[FeeLine], **kw) -> Step2Obligations:
    return identify_obligations(ContractTerms(fee_lines=list(fees), **kw))


def shape(step: Step2Obligations) -> list[tuple]:
    return [(p.id, p.name, p.kind, p.fee_lines, p.timing) for p in step.performance_obligations]


def flags_of(step: Step2Obligations, kind: FlagKind) -> list:
    return [f for c in step.conclusions for f in c.flags if f.kind is kind]


def test_enterprise_msa_platform_setup_ps_and_usage():
    # d_enterprise_msa: platform, set-up, PS hours, two usage lines -> three POs.
    step = obligations(
        fee(K.PLATFORM, "Platform fee", amount=Decimal(180000), period=months(12)),
        fee(K.SETUP, "Set-up fee", amount=Decimal(25000)),
        fee(K.PROFESSIONAL_SERVICES, "Implementation", amount=Decimal(55000)),
        usage("Images", clause="4(a)"),
        usage("GPU-seconds", clause="4(b)"),
    )
    assert shape(step) == [
        ("PO1", "Platform access", K.PLATFORM, [0, 1], OVER),
        ("PO2", "Professional services", K.PROFESSIONAL_SERVICES, [2], OVER),
        ("PO3", "Usage-based services", K.USAGE, [3, 4], OVER),
    ]
    platform, ps, use = step.performance_obligations
    assert (platform.series, platform.stand_ready, platform.measure) == (
        True,
        True,
        ProgressMeasure.TIME_ELAPSED,
    )
    assert ps.measure is ProgressMeasure.INPUT_HOURS and not ps.series
    assert use.series and use.measure is ProgressMeasure.RIGHT_TO_INVOICE
    assert {c.clause_id for c in use.citations} == {"4(a)", "4(b)"}
    setup = next(c for c in step.conclusions if c.topic == "setup_fee")
    assert setup.outcome == "not_distinct"
    assert "606-10-55-50" in setup.asc and "606-10-55-53" in setup.asc


def test_platform_kinds_share_one_po_named_after_the_first_line_kind():
    step = obligations(
        fee(K.RESERVED_CAPACITY, amount=Decimal(38400), period=months(1)),
        fee(K.SUBSCRIPTION, amount=Decimal(1000), period=months(1)),
    )
    assert shape(step) == [("PO1", "Platform access", K.RESERVED_CAPACITY, [0, 1], OVER)]


def test_setup_listed_first_still_joins_the_platform_po_which_keeps_its_place():
    step = obligations(
        fee(K.SETUP, amount=Decimal(10000)),
        fee(K.PROFESSIONAL_SERVICES, unit_price=Decimal(250), quantity=Decimal(40)),
        fee(K.PLATFORM, amount=Decimal(120000), period=months(12)),
    )
    assert shape(step) == [
        ("PO1", "Professional services", K.PROFESSIONAL_SERVICES, [1], OVER),
        ("PO2", "Platform access", K.PLATFORM, [0, 2], OVER),
    ]


def test_setup_joins_the_usage_po_when_there_is_no_platform():
    step = obligations(
        fee(K.COMMITTED_SPEND, amount=Decimal(500000), commitment_period=months(12)),
        fee(K.SETUP, amount=Decimal(5000)),
    )
    assert shape(step) == [("PO1", "Usage-based services", K.COMMITTED_SPEND, [0, 1], OVER)]
    assert step.performance_obligations[0].measure is ProgressMeasure.USAGE


def test_setup_joins_the_first_over_time_service_otherwise():
    step = obligations(
        fee(K.HARDWARE, amount=Decimal(9000)),
        fee(K.SUPPORT, amount=Decimal(1200), period=months(12)),
        fee(K.SETUP, amount=Decimal(500)),
    )
    assert shape(step) == [
        ("PO1", "Hardware: hardware", K.HARDWARE, [0], POINT),
        ("PO2", "Support", K.SUPPORT, [1, 2], OVER),
    ]


def test_setup_alone_is_its_own_po_and_flagged():
    step = obligations(fee(K.SETUP, "Onboarding", amount=Decimal(5000)))
    assert shape(step) == [("PO1", "Set-up services", K.SETUP, [0], OVER)]
    (f,) = flags_of(step, FlagKind.PERFORMANCE_OBLIGATION)
    assert f.severity is Severity.JUDGMENT
    assert "'Onboarding'" in f.message


def test_setup_with_a_renewal_raises_a_material_right_judgment():
    step = obligations(
        fee(K.PLATFORM, amount=Decimal(1000), period=months(1)),
        fee(K.SETUP, amount=Decimal(500)),
        renewal=t(Renewal(automatic=True, renewal_term=months(12)), "6"),
    )
    (f,) = flags_of(step, FlagKind.MATERIAL_RIGHT)
    assert f.severity is Severity.JUDGMENT
    assert "606-10-55-41" in f.asc
    assert {c.clause_id for c in f.citations} == {"4.1", "6"}


def test_no_renewal_no_setup_material_right():
    step = obligations(
        fee(K.PLATFORM, amount=Decimal(1000), period=months(1)),
        fee(K.SETUP, amount=Decimal(500)),
    )
    assert not flags_of(step, FlagKind.MATERIAL_RIGHT)


@pytest.mark.parametrize(
    ("lines", "measure"),
    [
        ([usage()], ProgressMeasure.RIGHT_TO_INVOICE),
        (
            [fee(K.USAGE, tiers=[Tier(unit_price=Decimal(1))], tier_mode=TierMode.PROSPECTIVE)],
            ProgressMeasure.RIGHT_TO_INVOICE,
        ),
        (
            [fee(K.USAGE, tiers=[Tier(unit_price=Decimal(1))], tier_mode=TierMode.RETROACTIVE)],
            ProgressMeasure.USAGE,
        ),
        ([fee(K.PREPAID_CREDITS, amount=Decimal(100000)), usage()], ProgressMeasure.USAGE),
        ([fee(K.MINIMUM_COMMITMENT, amount=Decimal(1)), usage()], ProgressMeasure.USAGE),
        ([fee(K.USAGE, amount=Decimal(500), period=months(1))], ProgressMeasure.USAGE),
    ],
)
def test_usage_measure_is_right_to_invoice_only_for_plain_per_unit_prices(lines, measure):
    (po,) = obligations(*lines).performance_obligations
    assert po.measure is measure


def test_all_professional_services_lines_form_one_po():
    step = obligations(
        fee(K.PROFESSIONAL_SERVICES, "Integration", amount=Decimal(10000)),
        fee(K.PROFESSIONAL_SERVICES, "Fine-tuning", unit_price=Decimal(300)),
    )
    assert shape(step) == [("PO1", "Professional services", K.PROFESSIONAL_SERVICES, [0, 1], OVER)]
    assert step.conclusions[0].outcome == "distinct"


def test_licence_and_support():
    # e_onprem_term_licence: functional term licence + support.
    step = obligations(
        fee(K.LICENCE, "Term licence", amount=Decimal(450000)),
        fee(K.SUPPORT, "Support", amount=Decimal(90000), period=months(12)),
        licence_grants=[t(LicenceGrant(kind=LicenceKind.FUNCTIONAL, description="use"), "2.2")],
    )
    assert shape(step) == [
        ("PO1", "Licence: Term licence", K.LICENCE, [0], POINT),
        ("PO2", "Support", K.SUPPORT, [1], OVER),
    ]
    licence, support = step.performance_obligations
    assert licence.measure is ProgressMeasure.POINT_IN_TIME
    assert "2.2" in {c.clause_id for c in licence.citations}
    assert support.stand_ready and support.series
    assert support.measure is ProgressMeasure.TIME_ELAPSED
    nature = next(c for c in step.conclusions if c.topic == "licence_nature")
    assert nature.outcome == "functional" and not nature.flags


def test_symbolic_licence_is_over_time():
    step = obligations(
        fee(K.LICENCE, "Brand licence", amount=Decimal(1)),
        licence_grants=[t(LicenceGrant(kind=LicenceKind.SYMBOLIC, description="brand"))],
    )
    po = step.performance_obligations[0]
    assert (po.timing, po.measure) == (OVER, ProgressMeasure.TIME_ELAPSED)


def test_licence_of_unknown_nature_is_point_in_time_and_flagged():
    step = obligations(fee(K.LICENCE, "Model weights", amount=Decimal(1)))
    assert step.performance_obligations[0].timing is POINT
    (f,) = flags_of(step, FlagKind.LICENCE_NATURE)
    assert f.severity is Severity.JUDGMENT


def test_each_licence_line_is_its_own_po_paired_with_its_grant():
    grants = [
        t(LicenceGrant(kind=LicenceKind.FUNCTIONAL, description="software")),
        t(LicenceGrant(kind=LicenceKind.SYMBOLIC, description="brand")),
    ]
    step = obligations(
        fee(K.LICENCE, "Software", amount=Decimal(1)),
        fee(K.LICENCE, "Brand", amount=Decimal(1)),
        licence_grants=grants,
    )
    assert [p.timing for p in step.performance_obligations] == [POINT, OVER]


def test_hardware_is_point_in_time_and_other_is_over_time_with_a_judgment():
    step = obligations(
        fee(K.HARDWARE, "Edge appliance", amount=Decimal(9000)),
        fee(K.OTHER, "Data labelling", amount=Decimal(100)),
    )
    assert shape(step) == [
        ("PO1", "Hardware: Edge appliance", K.HARDWARE, [0], POINT),
        ("PO2", "Data labelling", K.OTHER, [1], OVER),
    ]
    (f,) = flags_of(step, FlagKind.PERFORMANCE_OBLIGATION)
    assert "PO2" in f.message


def test_third_party_lines_raise_principal_agent_each():
    # g_reseller_foundation_model: third-party model fees passed through.
    step = obligations(
        fee(K.SUBSCRIPTION, amount=Decimal(48000), period=months(12)),
        usage("Orion-4 input tokens", third_party=True, clause="5.3"),
        usage("Orion-4 output tokens", third_party=True, clause="5.3"),
    )
    found = flags_of(step, FlagKind.PRINCIPAL_AGENT)
    assert len(found) == 2
    assert all(f.severity is Severity.JUDGMENT for f in found)
    assert found[0].asc[0] == "606-10-55-36" and found[0].asc[-1] == "606-10-55-40"


def test_warranties():
    step = obligations(
        fee(K.PLATFORM, amount=Decimal(1)),
        warranties=[
            t(Warranty(kind=WarrantyKind.ASSURANCE, description="conforms to documentation")),
            t(Warranty(kind=WarrantyKind.SERVICE, description="extended care")),
        ],
    )
    outcomes = [c.outcome for c in step.conclusions if c.topic == "warranty"]
    assert outcomes == ["assurance_type", "service_type"]
    (f,) = flags_of(step, FlagKind.SERVICE_WARRANTY)
    assert "'extended care'" in f.message


@pytest.mark.parametrize(
    ("kind", "material"),
    [
        (OptionKind.RENEWAL_PRICE_CAP, True),
        (OptionKind.DISCOUNTED_ADDITIONAL_PURCHASE, True),
        (OptionKind.ADDITIONAL_PURCHASE, False),
    ],
)
def test_customer_options(kind, material):
    step = obligations(
        fee(K.PLATFORM, amount=Decimal(1)),
        customer_options=[t(CustomerOption(kind=kind, description="option"), "4.1(b)")],
    )
    assert bool(flags_of(step, FlagKind.MATERIAL_RIGHT)) is material
    (c,) = [c for c in step.conclusions if c.topic == "customer_option"]
    assert c.outcome == ("possible_material_right" if material else "no_material_right")
    assert c.citations[0].clause_id == "4.1(b)"


def test_bonus_credits_are_a_possible_material_right():
    # c_prepaid_credits: 15,000 bonus credits with the purchase.
    step = obligations(
        fee(K.PREPAID_CREDITS, amount=Decimal(100000)),
        discounts=[t(Discount(kind=DiscountKind.BONUS_CREDITS, description="15% bonus"), "3.3")],
    )
    (f,) = flags_of(step, FlagKind.MATERIAL_RIGHT)
    assert f.citations[0].clause_id == "3.3"


def test_no_fee_lines_no_pos():
    assert obligations().performance_obligations == []


def test_setup_folded_into_pay_as_you_go_usage_is_measured_by_usage():
    step = obligations(usage(), fee(K.SETUP, amount=D_SETUP))
    (po,) = step.performance_obligations
    assert po.fee_lines == [0, 1]
    assert po.measure is ProgressMeasure.USAGE
