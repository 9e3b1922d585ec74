"""Reviewer inputs in Step 2: licence nature, options, warranties, and the not-applicable rule."""

from __future__ import annotations

from decimal import Decimal

from assistant.schemas import (
    CustomerOption,
    FlagKind,
    LicenceKind,
    LicenceNatureInput,
    MaterialRightInput,
    OptionKind,
    ReviewerInputs,
    Severity,
    Timing,
    Warranty,
    WarrantyKind,
)
from tests.test_asc_examples import K, contract, fee, months, run, t, topic

D = Decimal


def test_a_licence_of_unknown_nature_is_decided_by_the_reviewer():
    terms = contract(fee(K.LICENCE, "Brand licence", amount=D(24_000)))
    flagged = run(terms)
    assert FlagKind.LICENCE_NATURE in {f.kind for f in flagged.flags}
    assert flagged.step2.performance_obligations[0].timing is Timing.POINT_IN_TIME
    inputs = ReviewerInputs(
        licence_natures=[
            LicenceNatureInput(fee_line=0, nature=LicenceKind.SYMBOLIC, reason="brand")
        ]
    )
    a = run(terms, inputs)
    assert a.step2.performance_obligations[0].timing is Timing.OVER_TIME
    [nature] = topic(a, "licence_nature")
    assert nature.outcome == "symbolic" and nature.reviewer_input and not nature.flags
    assert a.step5.lines[0].monthly_amount == D("2000.00")


def renewal_cap():
    return contract(
        fee(K.SUBSCRIPTION, "Subscription", amount=D(48_000), period=months(12)),
        customer_options=[
            t(
                CustomerOption(
                    kind=OptionKind.RENEWAL_PRICE_CAP, description="renewal capped at +3%"
                ),
                "8",
            )
        ],
    )


def test_an_option_the_reviewer_finds_not_material_is_concluded_without_a_flag():
    inputs = ReviewerInputs(
        material_rights=[MaterialRightInput(option=0, material=False, reason="cap above market")]
    )
    a = run(renewal_cap(), inputs)
    [option] = topic(a, "customer_option")
    assert option.outcome == "no_material_right" and option.reviewer_input and not option.flags
    assert len(a.step2.performance_obligations) == 1


def test_a_material_right_without_an_ssp_creates_no_obligation_and_stays_flagged():
    inputs = ReviewerInputs(material_rights=[MaterialRightInput(option=0, material=True)])
    a = run(renewal_cap(), inputs)
    [option] = topic(a, "customer_option")
    assert option.outcome == "material_right" and option.flags
    assert len(a.step2.performance_obligations) == 1


def test_warranties_assurance_is_not_an_obligation_service_is_flagged():
    terms = contract(
        fee(K.HARDWARE, "Inference appliance", amount=D(30_000)),
        warranties=[
            t(
                Warranty(kind=WarrantyKind.ASSURANCE, description="free of defects for 90 days"),
                "10",
            ),
            t(Warranty(kind=WarrantyKind.SERVICE, description="extended cover for 3 years"), "11"),
        ],
    )
    a = run(terms)
    assurance, service = topic(a, "warranty")
    assert assurance.outcome == "assurance_type" and not assurance.flags
    assert service.outcome == "service_type" and service.flags[0].severity is Severity.JUDGMENT


def test_no_step_is_left_blank():
    empty = run(contract())
    for step in (empty.step2, empty.step3, empty.step4, empty.step5):
        assert step.conclusions, step
    assert topic(empty, "performance_obligation")[0].outcome == "not_applicable"
    assert topic(empty, "allocation")[0].outcome == "not_applicable"
    assert topic(empty, "timing")[0].outcome == "not_applicable"
    plain = run(contract(fee(K.PLATFORM, "Platform", amount=D(1_000))))
    assert topic(plain, "other_promises")[0].outcome == "not_applicable"
    assert topic(plain, "variable_consideration")[0].rationale.startswith("Not applicable because")
