"""Step 5 (timing and measure of progress) and the whole `analyse()` result."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from assistant.engine import analyse
from assistant.schemas import (
    Analysis,
    BillingFrequency,
    BillingTiming,
    Citation,
    ContractTerms,
    Duration,
    DurationUnit,
    FeeKind,
    FeeLine,
    FlagKind,
    LicenceGrant,
    LicenceKind,
    Party,
    PartyRole,
    PaymentTerms,
    ProgressMeasure,
    Renewal,
    Severity,
    SspBasis,
    SspEntry,
    SspTable,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
    Timing,
    VariableItem,
    VariableKind,
)

K = FeeKind
D = Decimal
OVER, POINT = Timing.OVER_TIME, Timing.POINT_IN_TIME

TABLE = SspTable(
    entries=[
        SspEntry(kind=K.PLATFORM, basis=SspBasis.OBSERVABLE, price_ratio=D("1.15")),
        SspEntry(kind=K.USAGE, basis=SspBasis.OBSERVABLE, price_ratio=D("1.00")),
        SspEntry(kind=K.COMMITTED_SPEND, basis=SspBasis.OBSERVABLE, price_ratio=D("1.00")),
        SspEntry(kind=K.PROFESSIONAL_SERVICES, basis=SspBasis.OBSERVABLE, unit_rate=D(250)),
        SspEntry(kind=K.LICENCE, basis=SspBasis.ADJUSTED_MARKET, price_ratio=D("1.20")),
    ]
)


def t(value, clause: str = "4.1") -> Term:
    return Term(
        value=value,
        citations=[Citation(clause_id=clause, page=1, quote=f"text of {clause}")],
        confidence=0.9,
    )


def months(n: int) -> Duration:
    return Duration(value=D(n), unit=DurationUnit.MONTHS)


def fee(kind: FeeKind, description: str = "", clause: str = "4.1", **kw) -> Term[FeeLine]:
    return t(FeeLine(kind=kind, description=description or kind.value, **kw), clause)


def contract(*fees: Term[FeeLine], start: date = date(2026, 7, 1), **kw) -> ContractTerms:
    base: dict = dict(
        parties=[
            t(Party(name="Cobaltline Logistics Corp.", role=PartyRole.CUSTOMER), "preamble"),
            t(Party(name="Halcyon Compute, Inc.", role=PartyRole.PROVIDER), "preamble"),
        ],
        effective_date=t(start, "2"),
        currency=t("USD"),
        payment_terms=t(PaymentTerms(net_days=45), "5"),
        fee_lines=list(fees),
    )
    base.update(kw)
    return ContractTerms(**base)


def enterprise_msa() -> ContractTerms:
    """d_enterprise_msa, as a careful extractor would read it."""
    return contract(
        fee(
            K.PLATFORM,
            "Platform fee",
            "Order Form/3",
            amount=D(180000),
            period=months(12),
            billing_frequency=BillingFrequency.ANNUALLY,
            billing_timing=BillingTiming.ADVANCE,
        ),
        fee(K.SETUP, "Set-up fee", "Order Form/3", amount=D(25000)),
        fee(
            K.PROFESSIONAL_SERVICES,
            "Implementation services",
            "Order Form/3",
            amount=D(55000),
            unit_price=D(275),
            quantity=D(200),
            unit="hour",
        ),
        fee(K.USAGE, "Images above included usage", "Order Form/4(a)", unit_price=D("0.015")),
        fee(
            K.USAGE, "GPU-seconds above included usage", "Order Form/4(b)", unit_price=D("0.00085")
        ),
        initial_term=t(months(36), "Order Form/2"),
        renewal=t(Renewal(automatic=True, renewal_term=months(12)), "Order Form/6"),
        variable_items=[
            t(VariableItem(kind=VariableKind.SLA_CREDIT, description="service credits"), "B/2"),
            t(VariableItem(kind=VariableKind.MFN, description="most favored pricing"), "4.5"),
        ],
    )


def line(analysis: Analysis, po_id: str):
    return next(r for r in analysis.step5.lines if r.po_id == po_id)


def topics(analysis: Analysis, po_id: str) -> dict[str, str]:
    return {
        c.topic: c.outcome
        for c in analysis.step5.conclusions
        if c.rationale.startswith(f"{po_id} ") or f" {po_id} " in c.rationale
    }


def test_enterprise_msa_end_to_end():
    a = analyse(enterprise_msa(), TABLE)
    assert a.step1.contract_term_months == D(36)
    assert a.step1.term_end == date(2029, 6, 30)
    assert a.step3.total == D("620000.00")
    assert [(p.kind, p.timing) for p in a.step2.performance_obligations] == [
        (K.PLATFORM, OVER),
        (K.PROFESSIONAL_SERVICES, OVER),
        (K.USAGE, OVER),
    ]
    assert [x.allocated for x in a.step4.lines] == [D("575698.46"), D("44301.54"), D("0.00")]

    platform = line(a, "PO1")
    assert (platform.start, platform.end) == (date(2026, 7, 1), date(2029, 6, 30))
    assert platform.amount == D("575698.46")
    assert platform.monthly_amount == D("15991.62")  # 575,698.46 / 36 = 15,991.6239
    ps = line(a, "PO2")
    assert (ps.measure, ps.amount, ps.end, ps.monthly_amount) == (
        ProgressMeasure.INPUT_HOURS,
        D("44301.54"),
        None,
        None,
    )
    usage = line(a, "PO3")
    assert (usage.measure, usage.amount) == (ProgressMeasure.RIGHT_TO_INVOICE, None)

    kinds = [f.kind for f in a.flags]
    for required in (
        FlagKind.COLLECTIBILITY,
        FlagKind.MFN,
        FlagKind.VARIABLE_CONSIDERATION,
        FlagKind.MATERIAL_RIGHT,
    ):
        assert required in kinds
    assert FlagKind.SIGNIFICANT_FINANCING not in kinds
    assert FlagKind.MISSING_SSP not in kinds


def test_over_time_conclusions_name_criterion_a_and_the_measure():
    a = analyse(enterprise_msa(), TABLE)
    timing = [c for c in a.step5.conclusions if c.topic == "timing"]
    assert [c.outcome for c in timing] == ["over_time"] * 3
    assert all("25-27(a)" in c.rationale for c in timing)
    assert all(c.asc == ["606-10-25-23", "606-10-25-24", "606-10-25-27"] for c in timing)
    measures = [c for c in a.step5.conclusions if c.topic == "measure_of_progress"]
    assert [c.outcome for c in measures] == ["time_elapsed", "input_hours", "right_to_invoice"]
    assert "606-10-55-18" in measures[2].asc
    assert "606-10-55-18" not in measures[0].asc
    assert "USD 15,991.62 a month" in measures[0].rationale


def test_licence_point_in_time_and_support_ratably():
    # e_onprem_term_licence: licence 480,000.00 at the start; support 240,000.00 over 36 months.
    terms = contract(
        fee(K.LICENCE, "Term licence", "4.1", amount=D(450000)),
        fee(
            K.SUPPORT,
            "Support",
            "4.2",
            amount=D(90000),
            period=months(12),
            billing_frequency=BillingFrequency.ONE_TIME,
            billing_timing=BillingTiming.ADVANCE,
        ),
        start=date(2026, 10, 1),
        initial_term=t(months(36), "9.1"),
        licence_grants=[t(LicenceGrant(kind=LicenceKind.FUNCTIONAL, description="use"), "2.2")],
    )
    a = analyse(terms, TABLE)
    licence, support = line(a, "PO1"), line(a, "PO2")
    assert (licence.timing, licence.start, licence.end, licence.amount) == (
        POINT,
        date(2026, 10, 1),
        date(2026, 10, 1),
        D("480000.00"),
    )
    assert licence.monthly_amount is None
    assert (support.timing, support.end, support.amount, support.monthly_amount) == (
        OVER,
        date(2029, 9, 30),
        D("240000.00"),
        D("6666.67"),
    )
    point = next(c for c in a.step5.conclusions if c.outcome == "point_in_time")
    assert "606-10-25-30" in point.asc
    kinds = {f.kind for f in a.flags}
    assert {FlagKind.MISSING_SSP, FlagKind.SIGNIFICANT_FINANCING} <= kinds


def test_committed_spend_is_recognised_as_used():
    terms = contract(
        fee(
            K.COMMITTED_SPEND,
            "Annual commitment",
            amount=D(500000),
            commitment_period=months(12),
            unit_price=D("0.0009"),
        ),
        initial_term=t(months(12)),
    )
    a = analyse(terms, TABLE)
    (usage,) = a.step5.lines
    assert (usage.measure, usage.amount, usage.monthly_amount) == (
        ProgressMeasure.USAGE,
        D("500000.00"),
        None,
    )
    assert a.step4.lines[0].variable_allocated_directly
    measure = next(c for c in a.step5.conclusions if c.topic == "measure_of_progress")
    assert "recognised as the service is used" in measure.rationale


def test_pay_as_you_go_month_to_month():
    tfc = TerminationRight(
        party=TerminationParty.CUSTOMER,
        trigger=TerminationTrigger.CONVENIENCE,
        notice_period=Duration(value=D(0), unit=DurationUnit.DAYS),
    )
    terms = contract(
        fee(K.USAGE, "H100 GPU-seconds", unit_price=D("0.00095"), unit="GPU-second"),
        fee(K.USAGE, "Images", unit_price=D("0.02"), unit="image"),
        start=date(2026, 3, 1),
        termination_rights=[t(tfc, "5.2")],
    )
    a = analyse(terms, TABLE)
    assert (a.step1.contract_term_months, a.step1.month_to_month) == (D(1), True)
    assert a.step3.total == D("0.00")
    (usage,) = a.step5.lines
    assert (usage.amount, usage.start, usage.end) == (None, date(2026, 3, 1), date(2026, 3, 31))
    assert [f.kind for f in a.flags if f.severity is Severity.JUDGMENT] == [FlagKind.COLLECTIBILITY]
    assert "1 month" in a.summary and "month-to-month" in a.summary
    assert "USD 0.00" in a.summary


def test_unknown_term_leaves_the_schedule_open():
    a = analyse(contract(fee(K.PLATFORM, amount=D(1200), period=months(12))), TABLE)
    (platform,) = a.step5.lines
    assert (platform.amount, platform.end, platform.monthly_amount) == (D("1200.00"), None, None)
    assert "could not be determined" in a.summary


def test_summary_names_term_pos_price_and_judgments():
    a = analyse(enterprise_msa(), TABLE)
    judgments = sum(1 for f in a.flags if f.severity is Severity.JUDGMENT)
    assert "36 months" in a.summary
    assert "3 performance obligations" in a.summary
    assert "USD 620,000.00" in a.summary
    assert f"{judgments} judgments" in a.summary


def test_flags_are_collected_in_step_order_without_duplicates():
    a = analyse(enterprise_msa(), TABLE)
    keys = [(f.kind, f.message) for f in a.flags]
    assert len(keys) == len(set(keys))
    in_conclusions = [f for c in a.conclusions() for f in c.flags]
    assert a.flags == list({(f.kind, f.message): f for f in in_conclusions}.values())
    assert a.flags[0].kind in (FlagKind.COMMERCIAL_SUBSTANCE, FlagKind.COLLECTIBILITY)


def test_every_conclusion_rests_on_asc_paragraphs():
    a = analyse(enterprise_msa(), TABLE)
    for c in a.conclusions():
        assert c.asc and all(p.startswith("606-10-") for p in c.asc)
        assert all(part.isdigit() for p in c.asc for part in p.split("-"))
        assert c.topic == c.topic.lower() and " " not in c.topic
    for f in a.flags:
        assert f.asc


def test_analysis_round_trips_through_json():
    a = analyse(enterprise_msa(), TABLE)
    assert Analysis.model_validate_json(a.model_dump_json()) == a
