"""Property tests: the schedules always tie, whatever the contract, usage and billings."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_schedule_units import make_record

from assistant.schedule import Billing, UsageRecord, apply_billings, build_schedule, rollforward
from assistant.schedule._months import (
    add_months,
    end_after_months,
    month_of,
    months_between,
    split_cents,
)
from assistant.schedule._patterns import Block, drawdown, ratable
from assistant.schedule.billings import waterfall_rows
from assistant.schemas import ReviewerInputs

CENTS = st.integers(min_value=-(10**11), max_value=10**11).map(lambda c: D(c) / 100)
POSITIVE_CENTS = st.integers(min_value=0, max_value=10**10).map(lambda c: D(c) / 100)
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=300, deadline=None)
@given(CENTS, st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40))
def test_split_cents_sums_exactly_and_stays_within_a_cent(total, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    shares = split_cents(total, weights)
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        exact = Fraction(total) * weight / sum(weights)
        assert abs(Fraction(share) - exact) < Fraction(1, 100)


@settings(max_examples=200, deadline=None)
@given(POSITIVE_CENTS, DAYS, st.integers(min_value=0, max_value=2000))
def test_ratable_ties_and_covers_every_month(amount, start, days):
    end = start + timedelta(days=days)
    months = ratable(amount, start, end)
    assert sum(months.values()) == amount
    assert list(months) == months_between(start, end)


@settings(max_examples=200, deadline=None)
@given(
    POSITIVE_CENTS,
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=12),
            st.integers(min_value=1, max_value=10**7).map(lambda c: D(c) / 100),
        ),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.integers(min_value=-(10**6), max_value=10**7), max_size=40),
    st.integers(min_value=-1, max_value=40),
    st.integers(min_value=0, max_value=60),
)
def test_drawdown_recognises_exactly_the_allocated_amount(amount, blocks, use, last, breakage):
    start = date(2027, 1, 1)
    built, offset = [], 0
    for length, face in blocks:
        months = [add_months(start, offset + i) for i in range(length)]
        built.append(Block({m: Fraction(1) for m in months}, face))
        offset += length
    consumption = {add_months(start, i): D(v) / 100 for i, v in enumerate(use)}
    last_actual = add_months(start, last) if last >= 0 else None
    result = drawdown(amount, built, consumption, last_actual, breakage=D(breakage) / 100)
    assert sum(result.fixed.values()) == amount
    assert set(result.fixed) == {m for b in built for m in b.months}


PO_SHAPES = st.sampled_from(["ratable", "point", "usage", "commitment", "credits", "hours"])


def _po(i: int, shape: str, period: int) -> tuple[dict, list[dict], dict | None]:
    """A PO of the given shape: (PO, its fee lines, its fixed component or None)."""
    usage_line = {"kind": "usage", "description": f"m{i}", "unit": f"unit{i}", "unit_price": "0.5"}
    if shape == "ratable":
        return (
            {"kind": "platform", "measure": "time_elapsed"},
            [{"kind": "platform", "description": "p", "amount": "1"}],
            {},
        )
    if shape == "point":
        return (
            {"kind": "licence", "measure": "point_in_time", "timing": "point_in_time"},
            [{"kind": "licence", "description": "l", "amount": "1"}],
            {},
        )
    if shape == "usage":
        return {"kind": "usage", "measure": "right_to_invoice"}, [usage_line], None
    if shape == "hours":
        return (
            {"kind": "professional_services", "measure": "input_hours"},
            [
                {
                    "kind": "professional_services",
                    "description": "ps",
                    "unit": f"hour{i}",
                    "unit_price": "100",
                    "quantity": "40",
                }
            ],
            {},
        )
    kind = "committed_spend" if shape == "commitment" else "prepaid_credits"
    line = {
        "kind": kind,
        "description": "c",
        "amount": "5000.00",
        "commitment_period": {"value": str(period), "unit": "months"},
    }
    return {"kind": kind, "measure": "usage"}, [line, usage_line], {}


@st.composite
def contracts(draw):
    shapes = draw(st.lists(PO_SHAPES, min_size=1, max_size=4))
    months = draw(st.integers(min_value=1, max_value=36))
    start = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))
    fee_lines: list[dict] = []
    pos, components, allocations = [], [], {}
    for i, shape in enumerate(shapes):
        po, lines, component = _po(i, shape, draw(st.integers(min_value=1, max_value=12)))
        first = len(fee_lines)
        fee_lines.extend(lines)
        po_id = f"PO{i + 1}"
        pos.append({"id": po_id, **po, "fee_lines": list(range(first, len(fee_lines)))})
        amount = D(0) if component is None else draw(POSITIVE_CENTS)
        allocations[po_id] = str(amount)
        if component is not None:
            components.append({"fee_line": first, "po_id": po_id, "amount": str(amount or 1)})
    end = end_after_months(start, months)
    record = make_record(
        fee_lines=fee_lines,
        pos=pos,
        components=components,
        allocations=allocations,
        start=start.isoformat(),
        end=end.isoformat(),
        months=str(months),
    )
    usage = []
    for po in pos:
        for line in po["fee_lines"]:
            if fee_lines[line].get("unit_price") is None:
                continue
            for offset in draw(st.lists(st.integers(0, months + 3), max_size=6)):
                quantity = D(draw(st.integers(min_value=0, max_value=10**6)))
                month = add_months(month_of(start), offset)
                usage.append(UsageRecord(record.contract, line, month, quantity, "u row 2"))
    breakage = draw(st.integers(min_value=0, max_value=90))
    credits = [i for i, f in enumerate(fee_lines) if f["kind"] == "prepaid_credits"]
    inputs = ReviewerInputs.model_validate(
        {
            "breakage": [
                {"fee_line": i, "expected_unused_percent": breakage, "basis": "history"}
                for i in credits
            ]
        }
    )
    billings = [
        Billing(record.contract, add_months(month_of(start), offset), amount, None, "b row 2")
        for offset, amount in draw(
            st.lists(st.tuples(st.integers(0, months + 2), CENTS), max_size=5)
        )
    ]
    return record, usage, inputs, billings


@settings(max_examples=150, deadline=None)
@given(contracts())
def test_revenue_over_the_life_ties_to_the_transaction_price(case):
    record, usage, inputs, billings = case
    schedule = build_schedule(record, usage=usage, inputs=inputs)
    for po in schedule.pos:
        assert po.fixed_total == po.allocated
    assert sum(po.fixed_total for po in schedule.pos) == record.analysis.step3.total
    assert schedule.months == months_between(schedule.months[0], schedule.months[-1])

    apply_billings(schedule, billings)
    assert sum(sum(po.billings.values(), D(0)) for po in schedule.pos) == sum(
        (b.amount for b in billings), D(0)
    )
    position = D(0)
    for row in rollforward(schedule):
        assert row.opening_deferred - row.opening_unbilled == position
        position += row.billings - row.revenue
        assert row.closing_deferred - row.closing_unbilled == position
        assert row.closing_deferred == 0 or row.closing_unbilled == 0
    for row in waterfall_rows(schedule):
        assert row.deferred_revenue == 0 or row.unbilled_receivable == 0
