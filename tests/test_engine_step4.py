"""Step 4: relative-SSP allocation of the fixed price, to the cent; usage to its period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.engine.rounding import allocate_cents
from assistant.engine.step1_contract import identify_contract
from assistant.engine.step2_obligations import identify_obligations
from assistant.engine.step3_price import determine_price
from assistant.engine.step4_allocation import allocate_price
from assistant.schemas import (
    Citation,
    ContractTerms,
    Duration,
    DurationUnit,
    FeeKind,
    FeeLine,
    FlagKind,
    LicenceGrant,
    LicenceKind,
    Severity,
    SspBasis,
    SspEntry,
    SspTable,
    Step4Allocation,
    Term,
)

K = FeeKind
D = Decimal

# The eval set's table (eval_set/ssp.toml), less the entries no test here needs.
TABLE = SspTable(
    entries=[
        SspEntry(kind=K.PLATFORM, basis=SspBasis.OBSERVABLE, price_ratio=D("1.15")),
        SspEntry(kind=K.USAGE, basis=SspBasis.OBSERVABLE, price_ratio=D("1.00")),
        SspEntry(kind=K.COMMITTED_SPEND, basis=SspBasis.OBSERVABLE, price_ratio=D("1.00")),
        SspEntry(kind=K.PROFESSIONAL_SERVICES, basis=SspBasis.OBSERVABLE, unit_rate=D(250)),
        SspEntry(kind=K.LICENCE, basis=SspBasis.ADJUSTED_MARKET, price_ratio=D("1.20")),
    ]
)


def t(value, clause: str = "3") -> Term:
    return Term(
        value=value,
        citations=[Citation(clause_id=clause, page=3, quote=f"text of {clause}")],
        confidence=0.9,
    )


def months(n: int) -> Duration:
    return Duration(value=D(n), unit=DurationUnit.MONTHS)


def fee(kind: FeeKind, description: str = "", **kw) -> Term[FeeLine]:
    return t(FeeLine(kind=kind, description=description or kind.value, **kw))


def allocate(*fees: Term[FeeLine], term: int = 36, table: SspTable = TABLE, **kw):
    terms = ContractTerms(
        fee_lines=list(fees),
        currency=t("USD"),
        effective_date=t(date(2026, 7, 1)),
        initial_term=t(months(term)),
        **kw,
    )
    step1 = identify_contract(terms)
    step2 = identify_obligations(terms)
    step3 = determine_price(terms, step1, step2)
    return step3, allocate_price(terms, step1, step2, step3, table)


def rows(step: Step4Allocation) -> list[tuple]:
    return [(line.po_id, line.ssp, line.ssp_basis, line.allocated) for line in step.lines]


def flags_of(step: Step4Allocation, kind: FlagKind) -> list:
    return [f for c in step.conclusions for f in c.flags if f.kind is kind]


def test_enterprise_msa_allocation_to_the_cent():
    # d_enterprise_msa (eval_set/README.md): SSP platform (540,000 + 25,000) x 1.15 =
    # 649,750.00; PS 200 h x 250 = 50,000.00; 620,000 x 649,750 / 699,750 = 575,698.4637 and
    # 620,000 x 50,000 / 699,750 = 44,301.5363; the spare cent goes to the larger remainder.
    step3, step4 = allocate(
        fee(K.PLATFORM, "Platform", amount=D(180000), period=months(12)),
        fee(K.SETUP, "Set-up", amount=D(25000)),
        fee(K.PROFESSIONAL_SERVICES, "Services", amount=D(55000), unit_price=D(275), unit="hour"),
        fee(K.USAGE, "Images", unit_price=D("0.015"), unit="image"),
        fee(K.USAGE, "GPU", unit_price=D("0.00085"), unit="GPU-second"),
    )
    assert step3.total == D("620000.00")
    assert rows(step4) == [
        ("PO1", D("649750.00"), SspBasis.OBSERVABLE, D("575698.46")),
        ("PO2", D("50000.00"), SspBasis.OBSERVABLE, D("44301.54")),
        ("PO3", D("0.00"), SspBasis.OBSERVABLE, D("0.00")),
    ]
    assert [line.variable_allocated_directly for line in step4.lines] == [False, False, True]
    assert step4.total_allocated == D("620000.00")
    ps_ssp = next(
        c
        for c in step4.conclusions
        if c.topic == "standalone_selling_price" and "PO2" in c.rationale
    )
    assert "200 hours x the SSP rate of USD 250.00" in ps_ssp.rationale
    allocation = next(c for c in step4.conclusions if c.topic == "allocation")
    assert allocation.outcome == "relative_ssp"
    assert "606-10-32-31" in allocation.asc and "606-10-32-36" in allocation.asc
    usage = next(c for c in step4.conclusions if c.topic == "variable_allocation")
    assert usage.asc == ["606-10-32-39", "606-10-32-40", "606-10-32-41"]
    assert not flags_of(step4, FlagKind.MISSING_SSP)


def test_platform_setup_and_ps_hours():
    # 120,000 x 3 + 10,000 = 370,000 x 1.15 = 425,500; 40 h x 250 = 10,000; price 380,000.
    # 380,000 x 425,500 / 435,500 = 371,274.3972...; 380,000 x 10,000 / 435,500 = 8,725.6027...
    # Floors 371,274.39 + 8,725.60 = 379,999.99; remainders .72 vs .27 -> PO1 gets the cent.
    _, step4 = allocate(
        fee(K.PLATFORM, amount=D(120000), period=months(12)),
        fee(K.SETUP, amount=D(10000)),
        fee(K.PROFESSIONAL_SERVICES, unit_price=D(250), quantity=D(40), unit="hour"),
    )
    assert [line.allocated for line in step4.lines] == [D("371274.40"), D("8725.60")]


def test_licence_and_support_with_support_missing_from_the_table():
    # e_onprem_term_licence: licence 450,000 x 1.20 = 540,000; support 270,000 unverified.
    _, step4 = allocate(
        fee(K.LICENCE, "Licence", amount=D(450000)),
        fee(K.SUPPORT, "Support", amount=D(90000), period=months(12)),
        licence_grants=[t(LicenceGrant(kind=LicenceKind.FUNCTIONAL, description="software"))],
    )
    assert rows(step4) == [
        ("PO1", D("540000.00"), SspBasis.ADJUSTED_MARKET, D("480000.00")),
        ("PO2", D("270000.00"), SspBasis.CONTRACT_PRICE, D("240000.00")),
    ]
    (missing,) = flags_of(step4, FlagKind.MISSING_SSP)
    assert missing.severity is Severity.JUDGMENT
    assert "PO2 Support" in missing.message
    assert missing.citations[0].clause_id == "3"


def test_unit_rate_without_a_quantity_falls_back_to_the_contract_price():
    _, step4 = allocate(
        fee(K.PLATFORM, amount=D(1000), period=months(12)),
        fee(K.PROFESSIONAL_SERVICES, "Workshop", amount=D(5000)),
        term=12,
    )
    assert rows(step4)[1][1:3] == (D("5000.00"), SspBasis.CONTRACT_PRICE)
    (missing,) = flags_of(step4, FlagKind.MISSING_SSP)
    assert "no quantity" in missing.message


def test_committed_spend_gets_all_fixed_and_its_overage_directly():
    # b_committed_spend_tiers: one PO with fixed consideration takes it all.
    _, step4 = allocate(
        fee(
            K.COMMITTED_SPEND,
            amount=D(600000),
            commitment_period=months(12),
            unit_price=D("0.0009"),
        ),
        fee(K.USAGE, unit_price=D("0.018")),
        term=24,
    )
    (line,) = step4.lines
    assert (line.allocated, line.variable_allocated_directly) == (D("1200000.00"), True)
    assert next(c for c in step4.conclusions if c.topic == "allocation").outcome == "single_po"


def test_usage_only_po_without_a_table_entry_has_no_flag():
    table = SspTable(entries=[TABLE.entries[0]])
    _, step4 = allocate(
        fee(K.PLATFORM, amount=D(12500), period=months(1)),
        fee(K.USAGE, unit_price=D("0.0008")),
        term=3,
        table=table,
    )
    assert rows(step4) == [
        ("PO1", D("43125.00"), SspBasis.OBSERVABLE, D("37500.00")),
        ("PO2", D("0.00"), SspBasis.CONTRACT_PRICE, D("0.00")),
    ]
    assert not flags_of(step4, FlagKind.MISSING_SSP)


def test_ties_go_to_the_earlier_po():
    assert allocate_cents(D("100.00"), [D(1), D(1), D(1)]) == [
        D("33.34"),
        D("33.33"),
        D("33.33"),
    ]
    assert allocate_cents(D("0.01"), [D(5), D(5)]) == [D("0.01"), D("0.00")]


def test_po_with_no_stated_price_gets_nothing_and_is_flagged():
    support = SspEntry(kind=K.SUPPORT, basis=SspBasis.COST_PLUS, price_ratio=D("1.00"))
    table = SspTable(entries=[*TABLE.entries, support])
    _, step4 = allocate(
        fee(K.LICENCE, amount=D(1000)), fee(K.SUPPORT, "Support included"), table=table
    )
    assert [line.allocated for line in step4.lines] == [D("1000.00"), D("0.00")]
    (missing,) = flags_of(step4, FlagKind.MISSING_SSP)
    assert "PO2 Support works out at nil" in missing.message


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (D("0.05"), [D(1), D(1)], [D("0.03"), D("0.02")]),
        (D("10.00"), [D(1), D(2), D(7)], [D("1.00"), D("2.00"), D("7.00")]),
        (D("0.00"), [D(0), D(0)], [D("0.00"), D("0.00")]),
        (D("1.00"), [D(0), D(5)], [D("0.00"), D("1.00")]),
        (D("-0.05"), [D(1), D(1)], [D("-0.03"), D("-0.02")]),
        (D("0.02"), [D(1), D(1), D(1)], [D("0.01"), D("0.01"), D("0.00")]),
    ],
)
def test_allocate_cents(total, weights, expected):
    assert allocate_cents(total, weights) == expected
    assert sum(expected, D(0)) == total


@pytest.mark.parametrize(
    ("total", "weights"),
    [(D("1.00"), []), (D("1.001"), [D(1)]), (D("1.00"), [D(-1), D(2)]), (D("1.00"), [D(0)])],
)
def test_allocate_cents_rejects_what_it_cannot_split(total, weights):
    with pytest.raises(ValueError):
        allocate_cents(total, weights)
