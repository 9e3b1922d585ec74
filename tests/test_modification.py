"""Contract modifications (ASC 606-10-25-10 to 25-13): the standard's Examples 5 to 8 and
hand-worked cases, each amount to the cent.

The examples' facts are those of ASC 606-10-55-111 to 55-133 (IFRS 15 IE19 to IE43 have the
same facts in currency units): Example 5 (55-111 to 55-116, modification of a contract for
goods, Cases A and B), Example 6 (55-117 to 55-124, change in the transaction price after a
modification), Example 7 (55-125 to 55-128, modification of a services contract) and
Example 8 (55-129 to 55-133, modification resulting in a cumulative catch-up).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.engine._common import add_months
from assistant.engine._timeline import cents_exact, elapsed, months_exact
from assistant.engine.modification import (
    AddedItem,
    ContractChange,
    Credit,
    ModificationInputs,
    ProgressOverride,
    account_for,
    allocate_later_price_change,
)
from assistant.schemas import (
    ContractState,
    FeeKind,
    FlagKind,
    ModificationType,
    ObligationState,
    PriceLine,
    ProgressMeasure,
    Segment,
    Severity,
    SspEntry,
    SspTable,
    Timing,
)

D = Decimal
ONE_DAY = timedelta(days=1)
NO_SSP = SspTable()


def obligation(
    po_id: str,
    name: str,
    allocated: str,
    start: date,
    end: date,
    *,
    kind: FeeKind = FeeKind.PLATFORM,
    distinct: bool = True,
    measure: ProgressMeasure = ProgressMeasure.TIME_ELAPSED,
    timing: Timing = Timing.OVER_TIME,
) -> ObligationState:
    return ObligationState(
        po_id=po_id,
        name=name,
        kind=kind,
        timing=timing,
        measure=measure,
        distinct_periods=distinct,
        allocated=D(allocated),
        segments=[Segment(start=start, end=end, amount=D(allocated))],
    )


def state(*obligations: ObligationState, lines=(), start=None, end=None, months=None):
    start = start or min(s.start for o in obligations for s in o.segments)
    end = end or max(s.end for o in obligations for s in o.segments)
    return ContractState(
        currency="USD",
        term_start=start,
        term_end=end,
        term_months=D(months) if months is not None else None,
        transaction_price=sum((o.allocated for o in obligations), D(0)),
        obligations=list(obligations),
        price_lines=list(lines),
    )


def line(po_id, amount, period, start, end, kind=FeeKind.PLATFORM) -> PriceLine:
    return PriceLine(
        po_id=po_id,
        kind=kind,
        description="fee",
        amount=D(amount),
        period_months=D(period) if period is not None else None,
        start=start,
        end=end,
    )


def change_of(mod, po_id):
    return next(c for c in mod.changes if c.po_id == po_id)


# --------------------------------------------------------------------------- time arithmetic


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2027, 1, 1), date(2027, 8, 31), Fraction(8)),
        (date(2027, 9, 1), date(2029, 12, 31), Fraction(28)),
        (date(2026, 1, 1), date(2026, 1, 15), Fraction(15, 31)),
        (date(2026, 1, 31), date(2026, 2, 27), Fraction(1)),
        (date(2026, 3, 1), date(2026, 2, 28), Fraction(0)),
    ],
)
def test_months_are_calendar_months_and_part_months_by_days(start, end, months):
    assert months_exact(start, end) == months


def test_time_elapsed_is_exact_on_month_boundaries():
    assert elapsed(date(2027, 1, 1), date(2027, 12, 31), date(2027, 9, 1)) == Fraction(2, 3)
    assert elapsed(date(2027, 1, 1), date(2027, 12, 31), date(2027, 1, 1)) == 0
    assert elapsed(date(2027, 1, 1), date(2027, 12, 31), date(2028, 1, 1)) == 1


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        (Fraction(1, 200), D("0.01")),
        (Fraction(-1, 200), D("-0.01")),
        (Fraction(1349, 200), D("6.75")),
        (Fraction(1350000 * 420, 820), D("691463.41")),
    ],
)
def test_cents_round_half_up_from_the_exact_value(value, cents):
    assert cents_exact(value) == cents


# --------------------------------------------------------------------------- Example 5


def example_5() -> ContractState:
    # 120 products for $12,000 ($100 each), transferred over six months; the entity has
    # transferred 60 when the contract is modified (progress by units, supplied as input).
    products = obligation(
        "PO1",
        "Products",
        "12000",
        date(2026, 1, 1),
        date(2026, 6, 30),
        kind=FeeKind.HARDWARE,
        measure=ProgressMeasure.POINT_IN_TIME,
    )
    return state(products)


SIXTY_OF_120 = ModificationInputs(progress={"PO1": ProgressOverride(before=Fraction(60, 120))})


def test_example_5_case_a_additional_products_at_ssp_are_a_separate_contract():
    # ASC 606-10-55-112 to 55-113: 30 more products at $95, which reflects their SSP at the
    # modification date (a discount because no selling costs are incurred).
    added = AddedItem(
        kind=FeeKind.HARDWARE,
        description="30 additional products",
        price=D("2850"),
        ssp=D("2850"),
        quantity=D(30),
    )
    change = ContractChange(modification_date=date(2026, 4, 1), added=(added,))
    mod = account_for(example_5(), change, NO_SSP, SIXTY_OF_120)
    assert mod.type is ModificationType.SEPARATE_CONTRACT
    assert mod.new_contract_price == D("2850.00")
    original = change_of(mod, "PO1")
    assert original.treatment == "unchanged"
    assert original.allocated_after == D("12000.00")  # still $100 a product
    assert original.recognised_to_date == D("6000.00")
    assert original.remaining_after == D("6000.00")
    new = change_of(mod, "PO2")
    assert (new.treatment, new.allocated_after) == ("separate_contract", D("2850.00"))
    assert mod.after.transaction_price == D("14850.00")
    assert mod.catch_up == 0
    test = next(f for f in mod.findings if f.topic == "separate_contract_test")
    assert test.outcome == "met"
    assert test.asc[0] == "606-10-25-12"


def test_example_5_case_b_below_ssp_with_a_credit_for_defects_is_prospective():
    # ASC 606-10-55-114 to 55-116: 30 more products at $80 (not their SSP of $95), and a
    # credit of $15 a product for the 60 defective products delivered ($900), recognised as
    # a reduction of revenue at the modification date. The remaining 90 products are
    # recognised at (60 x $100 + 30 x $80) / 90 = $93.33 each.
    added = AddedItem(
        kind=FeeKind.HARDWARE,
        description="30 additional products",
        price=D("2400"),
        ssp=D("2850"),
        quantity=D(30),
    )
    credit = Credit(D("900"), "defective products delivered", transferred=True, po_id="PO1")
    change = ContractChange(modification_date=date(2026, 4, 1), added=(added,), credits=(credit,))
    inputs = ModificationInputs(
        progress=SIXTY_OF_120.progress,
        remaining_ssp={"PO1": D("5700")},  # 60 x $95
    )
    mod = account_for(example_5(), change, NO_SSP, inputs)
    assert mod.type is ModificationType.TERMINATION_AND_NEW_CONTRACT
    assert mod.remaining_consideration == D("8400.00")  # 6,000 unrecognised + 2,400
    remaining, added_po = change_of(mod, "PO1"), change_of(mod, "PO2")
    assert remaining.remaining_after == D("5600.00")  # 60 x 93.33...
    assert added_po.remaining_after == D("2800.00")  # 30 x 93.33...
    assert (remaining.remaining_after + added_po.remaining_after) / 90 == D(
        "93.33333333333333333333333333"
    )
    assert remaining.immediate == D("-900.00")
    assert mod.immediate_adjustment == D("-900.00")
    assert mod.after.transaction_price == D("13500.00")  # 6,000 - 900 + 8,400
    credit_flags = [f for f in mod.flags if f.kind is FlagKind.CONTRACT_MODIFICATION]
    assert credit_flags and "Example 5, Case B" in credit_flags[0].message


def test_the_ssp_tolerance_decides_whether_a_price_reflects_the_ssp():
    # $80 against $95 is 15.8% below: outside the default 15%, inside a 20% tolerance.
    added = AddedItem(kind=FeeKind.HARDWARE, description="30 more", price=D("2400"), ssp=D("2850"))
    change = ContractChange(modification_date=date(2026, 4, 1), added=(added,))
    strict = account_for(example_5(), change, NO_SSP, SIXTY_OF_120)
    loose = account_for(
        example_5(),
        change,
        NO_SSP,
        ModificationInputs(progress=SIXTY_OF_120.progress, ssp_tolerance=D("0.20")),
    )
    assert strict.type is ModificationType.TERMINATION_AND_NEW_CONTRACT
    assert loose.type is ModificationType.SEPARATE_CONTRACT


# --------------------------------------------------------------------------- Example 6


def example_6():
    # ASC 606-10-55-117 to 55-124: Products X and Y, $1,000 fixed plus variable consideration
    # estimated at $200: $1,200 allocated $600 each (equal SSPs). X transfers at inception.
    x = obligation(
        "PO1", "Product X", "600", date(2026, 7, 1), date(2026, 7, 1),
        kind=FeeKind.HARDWARE, timing=Timing.POINT_IN_TIME, measure=ProgressMeasure.POINT_IN_TIME,
    )  # fmt: skip
    y = obligation(
        "PO2", "Product Y", "600", date(2027, 3, 31), date(2027, 3, 31),
        kind=FeeKind.HARDWARE, timing=Timing.POINT_IN_TIME, measure=ProgressMeasure.POINT_IN_TIME,
    )  # fmt: skip
    # November 30: Product Z added for $300, which is not its SSP (Z's SSP equals X's, $600).
    z = AddedItem(
        kind=FeeKind.HARDWARE,
        description="Product Z",
        price=D("300"),
        ssp=D("600"),
        start=date(2027, 6, 30),
    )
    change = ContractChange(modification_date=date(2026, 11, 30), added=(z,))
    inputs = ModificationInputs(remaining_ssp={"PO2": D("600")})
    return account_for(state(x, y), change, NO_SSP, inputs)


def test_example_6_remaining_y_and_z_share_the_unrecognised_600_plus_300():
    mod = example_6()
    assert mod.type is ModificationType.TERMINATION_AND_NEW_CONTRACT
    assert mod.remaining_consideration == D("900.00")
    assert change_of(mod, "PO1").treatment == "satisfied"
    assert change_of(mod, "PO1").recognised_to_date == D("600.00")
    assert change_of(mod, "PO2").remaining_after == D("450.00")
    assert change_of(mod, "PO3").remaining_after == D("450.00")


def test_example_6_a_later_change_in_variable_consideration_follows_32_45():
    # The estimate of variable consideration rises from $200 to $240: the $40 is allocated to
    # X and Y on the original basis ($20 each, 32-45(a)); X's $20 is revenue at once; Y's $20
    # goes to the remaining performance obligations, Y and Z, $10 each: Y and Z are $460.
    mod = example_6()
    split = allocate_later_price_change(mod, D("40"), from_variable_before_modification=True)
    assert split == {"PO1": D("20.00"), "PO2": D("10.00"), "PO3": D("10.00")}
    assert change_of(mod, "PO2").remaining_after + split["PO2"] == D("460.00")
    assert change_of(mod, "PO3").remaining_after + split["PO3"] == D("460.00")
    # 32-45(b): any other change goes to the POs unsatisfied after the modification.
    other = allocate_later_price_change(mod, D("40"), from_variable_before_modification=False)
    assert other == {"PO2": D("20.00"), "PO3": D("20.00")}


# --------------------------------------------------------------------------- Example 7


def example_7_state() -> ContractState:
    # ASC 606-10-55-125 to 55-128: three years of weekly office cleaning for $100,000 a year
    # (a series of distinct services, recognised $100,000 a year).
    cleaning = obligation(
        "PO1", "Office cleaning", "300000", date(2026, 1, 1), date(2028, 12, 31),
        kind=FeeKind.SUBSCRIPTION,
    )  # fmt: skip
    return state(
        cleaning,
        lines=[line("PO1", "100000", 12, date(2026, 1, 1), date(2028, 12, 31))],
        months=36,
    )


def test_example_7_a_cheaper_year_three_and_an_extension_below_ssp_are_prospective():
    # End of year 2: year 3's fee falls to $80,000 and three more years are added for
    # $200,000 (SSP $80,000 a year): $280,000 for the remaining four years, $70,000 a year.
    lines_after = (
        line("PO1", "100000", 12, date(2026, 1, 1), date(2027, 12, 31)),
        line("PO1", "80000", 12, date(2028, 1, 1), date(2028, 12, 31)),
        line("PO1", "200000", 36, date(2029, 1, 1), date(2031, 12, 31)),
    )
    change = ContractChange(
        modification_date=date(2028, 1, 1), new_end=date(2031, 12, 31), lines_after=lines_after
    )
    mod = account_for(example_7_state(), change, NO_SSP)
    assert mod.type is ModificationType.TERMINATION_AND_NEW_CONTRACT
    cleaning = change_of(mod, "PO1")
    assert cleaning.recognised_to_date == D("200000.00")
    assert mod.modification_consideration == D("180000.00")  # -20,000 + 200,000
    assert mod.remaining_consideration == D("280000.00")
    assert cleaning.remaining_after == D("280000.00")
    assert cleaning.remaining_end == date(2031, 12, 31)
    assert cleaning.monthly_after == D("5833.33")  # 70,000 a year
    assert cents_exact(Fraction(cleaning.remaining_after) / 4) == D("70000.00")
    assert mod.after.term_months == D(72)
    assert mod.after.transaction_price == D("480000.00")


def test_example_7_variant_an_extension_alone_at_ssp_is_a_separate_contract():
    lines_after = (
        line("PO1", "100000", 12, date(2026, 1, 1), date(2028, 12, 31)),
        line("PO1", "240000", 36, date(2029, 1, 1), date(2031, 12, 31)),
    )
    change = ContractChange(
        modification_date=date(2028, 1, 1), new_end=date(2031, 12, 31), lines_after=lines_after
    )
    inputs = ModificationInputs(remaining_ssp={"PO1": D("240000")})
    mod = account_for(example_7_state(), change, NO_SSP, inputs)
    assert mod.type is ModificationType.SEPARATE_CONTRACT
    assert change_of(mod, "PO1").allocated_after == D("300000.00")
    extension = change_of(mod, "PO2")
    assert (extension.name, extension.allocated_after) == (
        "Office cleaning (extension)",
        D("240000.00"),
    )
    assert extension.remaining_start == date(2029, 1, 1)


def test_example_7_variant_an_extension_below_ssp_is_prospective():
    lines_after = (
        line("PO1", "100000", 12, date(2026, 1, 1), date(2028, 12, 31)),
        line("PO1", "200000", 36, date(2029, 1, 1), date(2031, 12, 31)),
    )
    change = ContractChange(
        modification_date=date(2028, 1, 1), new_end=date(2031, 12, 31), lines_after=lines_after
    )
    inputs = ModificationInputs(remaining_ssp={"PO1": D("240000")})
    mod = account_for(example_7_state(), change, NO_SSP, inputs)
    assert mod.type is ModificationType.TERMINATION_AND_NEW_CONTRACT
    assert change_of(mod, "PO1").remaining_after == D("300000.00")  # 100,000 + 200,000


# --------------------------------------------------------------------------- Example 8


def example_8(progress_after: Fraction):
    # ASC 606-10-55-129 to 55-133: a building for $1,000,000 plus a $200,000 bonus (constrained,
    # excluded); one PO satisfied over time, progress by costs. End of year 1: 60% complete
    # ($420,000 of $700,000 costs), $600,000 recognised. Modification: +$150,000 fixed, costs
    # +$120,000 (to $820,000), bonus deadline extended and the bonus now included: the
    # transaction price becomes $1,350,000. Remaining goods not distinct: 25-13(b).
    building = obligation(
        "PO1", "Building", "1000000", date(2026, 1, 1), date(2027, 12, 31),
        kind=FeeKind.OTHER, distinct=False, measure=ProgressMeasure.INPUT_HOURS,
    )  # fmt: skip
    change = ContractChange(modification_date=date(2027, 1, 15), lump_sums={"PO1": D("350000")})
    inputs = ModificationInputs(
        progress={"PO1": ProgressOverride(before=Fraction(420, 700), after=progress_after)}
    )
    return account_for(state(building), change, NO_SSP, inputs)


def test_example_8_cumulative_catch_up_of_91_200_at_51_2_percent():
    # The standard rounds progress to 51.2% (420,000 / 820,000): 51.2% x 1,350,000 = 691,200,
    # less 600,000 recognised = a catch-up of $91,200.
    mod = example_8(Fraction(512, 1000))
    assert mod.type is ModificationType.CUMULATIVE_CATCH_UP
    building = change_of(mod, "PO1")
    assert building.recognised_to_date == D("600000.00")
    assert building.allocated_after == D("1350000.00")
    assert building.catch_up == D("91200.00")
    assert mod.catch_up == D("91200.00")
    assert building.remaining_after == D("658800.00")
    assert building.progress_after == D("0.512000")


def test_example_8_with_the_exact_cost_ratio_the_catch_up_is_91_463_41():
    mod = example_8(Fraction(420000, 820000))
    assert mod.catch_up == D("91463.41")  # 1,350,000 x 420/820 = 691,463.41 - 600,000
    judgments = [f for f in mod.flags if f.severity is Severity.JUDGMENT]
    assert any("25-13(a) applies instead" in f.message for f in judgments)


# --------------------------------------------------------------------------- hand-worked cases


def services_state() -> ContractState:
    services = obligation(
        "PO1", "Professional services", "120000", date(2026, 1, 1), date(2026, 12, 31),
        kind=FeeKind.PROFESSIONAL_SERVICES, distinct=False, measure=ProgressMeasure.INPUT_HOURS,
    )  # fmt: skip
    return state(
        services,
        lines=[line("PO1", "120000", None, date(2026, 1, 1), date(2026, 1, 1),
                    kind=FeeKind.PROFESSIONAL_SERVICES)],
        months=12,
    )  # fmt: skip


def test_catch_up_by_time_elapsed_when_the_reviewer_gives_no_progress():
    # 120,000 over 2026; on July 1 the fee rises by 45,000 and the work runs 3 months longer.
    # Recognised: 6/12 x 120,000 = 60,000. New price 165,000; progress 6/15 = 40%:
    # 66,000 should have been recognised -> catch-up 6,000.00; 99,000 over July-March.
    lines_after = (
        line("PO1", "165000", None, date(2026, 1, 1), date(2026, 1, 1),
             kind=FeeKind.PROFESSIONAL_SERVICES),
    )  # fmt: skip
    change = ContractChange(
        modification_date=date(2026, 7, 1), new_end=date(2027, 3, 31), lines_after=lines_after
    )
    mod = account_for(services_state(), change, NO_SSP)
    assert mod.type is ModificationType.CUMULATIVE_CATCH_UP
    services = change_of(mod, "PO1")
    assert services.recognised_to_date == D("60000.00")
    assert services.progress_after == D("0.400000")
    assert services.catch_up == D("6000.00")
    assert services.remaining_after == D("99000.00")
    assert services.monthly_after == D("11000.00")
    missing = [f for f in mod.flags if f.severity is Severity.MISSING]
    assert missing and "time elapsed is used for the catch-up" in missing[0].message


def test_prospective_and_catch_up_together_is_25_13_c():
    platform = obligation("PO1", "Platform access", "120000", date(2026, 1, 1), date(2026, 12, 31))
    services = obligation(
        "PO2", "Professional services", "60000", date(2026, 1, 1), date(2026, 12, 31),
        kind=FeeKind.PROFESSIONAL_SERVICES, distinct=False, measure=ProgressMeasure.INPUT_HOURS,
    )  # fmt: skip
    before = state(platform, services, months=12)
    change = ContractChange(
        modification_date=date(2026, 4, 1),
        lump_sums={"PO1": D("-9000"), "PO2": D("12000")},
    )
    mod = account_for(before, change, NO_SSP)
    assert mod.type is ModificationType.PROSPECTIVE_AND_CATCH_UP
    # PO1: 3/12 x 120,000 = 30,000 recognised; 90,000 - 9,000 = 81,000 over April-December.
    assert change_of(mod, "PO1").remaining_after == D("81000.00")
    assert change_of(mod, "PO1").monthly_after == D("9000.00")
    # PO2: 72,000 x 3/12 = 18,000 against 15,000 recognised: catch-up 3,000.
    assert change_of(mod, "PO2").catch_up == D("3000.00")
    assert mod.after.transaction_price == D("183000.00")


def test_an_amendment_that_changes_nothing_is_no_modification():
    lines = [line("PO1", "10000", 1, date(2026, 1, 1), date(2026, 12, 31))]
    before = state(
        obligation("PO1", "Platform access", "120000", date(2026, 1, 1), date(2026, 12, 31)),
        lines=lines,
        months=12,
    )
    mod = account_for(before, ContractChange(modification_date=date(2026, 5, 1)), NO_SSP)
    assert mod.type is ModificationType.NO_CHANGE
    assert mod.after == before


def test_added_service_priced_within_the_ssp_table_is_a_separate_contract():
    lines = [line("PO1", "10000", 1, date(2026, 1, 1), date(2026, 12, 31))]
    before = state(
        obligation("PO1", "Platform access", "120000", date(2026, 1, 1), date(2026, 12, 31)),
        lines=lines,
        months=12,
    )
    support = AddedItem(
        kind=FeeKind.SUPPORT,
        description="Premium support",
        lines=(line("new", "2000", 1, date(2026, 7, 1), date(2026, 12, 31), FeeKind.SUPPORT),),
    )
    table = SspTable(
        entries=[SspEntry(kind=FeeKind.SUPPORT, basis="observable", price_ratio=D("1.05"))]
    )
    mod = account_for(
        before, ContractChange(modification_date=date(2026, 7, 1), added=(support,)), table
    )
    assert mod.type is ModificationType.SEPARATE_CONTRACT
    assert mod.new_contract_price == D("12000.00")
    new = change_of(mod, "PO2")
    assert (new.remaining_start, new.remaining_end, new.monthly_after) == (
        date(2026, 7, 1), date(2026, 12, 31), D("2000.00"),
    )  # fmt: skip
    test = next(f for f in mod.findings if f.topic == "separate_contract_test")
    assert "SSP USD 12,600.00" in test.rationale and "-4.76% from it" in test.rationale


def test_added_service_without_an_ssp_is_flagged_and_treated_prospectively():
    lines = [line("PO1", "10000", 1, date(2026, 1, 1), date(2026, 12, 31))]
    before = state(
        obligation("PO1", "Platform access", "120000", date(2026, 1, 1), date(2026, 12, 31)),
        lines=lines,
        months=12,
    )
    support = AddedItem(
        kind=FeeKind.SUPPORT,
        description="Premium support",
        lines=(line("new", "2000", 1, date(2026, 7, 1), date(2026, 12, 31), FeeKind.SUPPORT),),
    )
    mod = account_for(
        before, ContractChange(modification_date=date(2026, 7, 1), added=(support,)), NO_SSP
    )
    assert mod.type is ModificationType.TERMINATION_AND_NEW_CONTRACT
    missing = [f for f in mod.flags if f.kind is FlagKind.MISSING_SSP]
    assert missing and "separate contract (25-12)" in missing[0].message
    # Pool: 60,000 unrecognised + 12,000 = 72,000, split by stated remaining prices
    # (60,000 : 12,000) with the SSP unverified.
    assert mod.remaining_consideration == D("72000.00")
    assert change_of(mod, "PO1").remaining_after == D("60000.00")
    assert change_of(mod, "PO2").remaining_after == D("12000.00")


def test_allocations_after_the_modification_tie_to_the_transaction_price():
    mod = example_8(Fraction(512, 1000))
    total = sum((o.allocated for o in mod.after.obligations), D(0))
    assert total == mod.after.transaction_price
    for o in mod.after.obligations:
        assert sum((s.amount for s in o.segments), D(0)) == o.allocated


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(
    monthly=st.integers(min_value=1, max_value=5_000_000).map(lambda c: D(c) / 100),
    term=st.integers(min_value=2, max_value=48),
    at=st.integers(min_value=1, max_value=47),
    new_monthly=st.integers(min_value=0, max_value=5_000_000).map(lambda c: D(c) / 100),
    extension=st.integers(min_value=0, max_value=24),
    support=st.integers(min_value=0, max_value=500_000).map(lambda c: D(c) / 100),
)
def test_modified_allocations_always_tie_to_the_cent(
    monthly, term, at, new_monthly, extension, support
):
    at = min(at, term - 1)
    start = date(2026, 1, 1)
    end = add_months(start, term) - ONE_DAY
    d = add_months(start, at)
    new_end = add_months(start, term + extension) - ONE_DAY
    total = cents_exact(Fraction(monthly) * term)
    before = state(
        obligation("PO1", "Platform access", str(total), start, end),
        lines=[line("PO1", str(monthly), 1, start, end)],
        months=term,
    )
    lines_after = (
        line("PO1", str(monthly), 1, start, d - ONE_DAY),
        line("PO1", str(new_monthly), 1, d, new_end),
    )
    added = (
        (
            AddedItem(
                kind=FeeKind.SUPPORT,
                description="Support",
                lines=(line("new", str(support), 1, d, new_end, FeeKind.SUPPORT),),
            ),
        )
        if support
        else ()
    )
    change = ContractChange(
        modification_date=d, new_end=new_end if extension else None,
        lines_after=lines_after, added=added,
    )  # fmt: skip
    mod = account_for(before, change, NO_SSP)
    after = mod.after
    assert sum((o.allocated for o in after.obligations), D(0)) == after.transaction_price
    for o in after.obligations:
        assert sum((s.amount for s in o.segments), D(0)) == o.allocated
    for c in mod.changes:
        assert c.recognised_to_date + c.catch_up + c.remaining_after + c.immediate == (
            c.allocated_after
        )
    assert after.transaction_price == before.transaction_price + mod.modification_consideration
    if mod.remaining_consideration is not None:
        unrecognised = sum(
            (c.allocated_before - c.recognised_to_date for c in mod.changes if c.allocated_before),
            D(0),
        )
        assert mod.remaining_consideration == unrecognised + mod.modification_consideration
