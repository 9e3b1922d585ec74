"""Unit tests of the schedule stages on small hand-built contracts, and of bad input."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from assistant.schedule import (
    Pattern,
    ScheduleInputError,
    build_schedule,
    load_billings,
    load_inputs,
    load_review_dir,
    load_usage,
    rpo_at,
)
from assistant.schedule._months import end_after_months, month_weights, split_cents
from assistant.schedule.usage import bands, graduated_value, usage_value, volume_value
from assistant.schemas import ReviewerInputs, ReviewRecord

CITE = {"clause_id": "1", "page": 1, "quote": "x"}


def term(value: Any) -> dict:
    return {"value": value, "citations": [CITE], "confidence": 1.0}


def make_record(
    *,
    name: str = "acme",
    fee_lines: list[dict],
    pos: list[dict],
    components: list[dict],
    allocations: dict[str, str],
    start: str = "2027-01-01",
    end: str = "2027-12-31",
    months: str = "12",
    currency: str = "USD",
    customer: str = "Acme Robotics, Inc.",
) -> ReviewRecord:
    """A minimal `ReviewRecord`: what `revrec review` writes, cut down to what schedules read."""
    total = str(sum(D(v) for v in allocations.values()))
    rec_lines = []
    for po in pos:
        point = po.get("timing") == "point_in_time"
        rec_lines.append(
            {
                "po_id": po["id"],
                "timing": po.get("timing", "over_time"),
                "measure": po["measure"],
                "start": start,
                "end": start if point else end,
                "amount": allocations[po["id"]],
            }
        )
    data = {
        "revrec_version": "0",
        "contract": name,
        "source_name": f"{name}.pdf",
        "sha256": "0" * 64,
        "settings_fingerprint": "x",
        "page_count": 1,
        "extractor": {"name": "rules"},
        "clauses": [],
        "terms": {
            "parties": [term({"name": customer, "role": "customer"})],
            "fee_lines": [term(f) for f in fee_lines],
        },
        "analysis": {
            "step1": {
                "criteria": {},
                "contract_term_months": months,
                "term_start": start,
                "term_end": end,
            },
            "step2": {
                "performance_obligations": [
                    {"timing": "over_time", **po, "name": po["id"]} for po in pos
                ]
            },
            "step3": {
                "currency": currency,
                "fixed": total,
                "variable_included": "0",
                "total": total,
                "components": [{"description": "c", "kind": "fixed", **c} for c in components],
            },
            "step4": {
                "lines": [
                    {"po_id": k, "ssp": v, "ssp_basis": "observable", "allocated": v}
                    for k, v in allocations.items()
                ],
                "total_allocated": total,
            },
            "step5": {"lines": rec_lines},
            "flags": [],
            "summary": "",
        },
        "reviewed_at": "2026-11-01T00:00:00Z",
    }
    return ReviewRecord.model_validate(data)


def credits_record(**kw: Any) -> ReviewRecord:
    return make_record(
        fee_lines=[
            {"kind": "prepaid_credits", "description": "credits", "amount": "120000.00", **kw},
            {"kind": "usage", "description": "H100 GPU", "unit": "GPU-second", "unit_price": "1"},
        ],
        pos=[{"id": "PO1", "kind": "prepaid_credits", "fee_lines": [0, 1], "measure": "usage"}],
        components=[{"fee_line": 0, "po_id": "PO1", "amount": "120000.00"}],
        allocations={"PO1": "120000.00"},
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def usage_of(tmp_path: Path, record: ReviewRecord, rows: list[tuple[str, int]]):
    body = "contract,period,metric,quantity\n" + "".join(
        f"{record.contract},{p},GPU-second,{q}\n" for p, q in rows
    )
    return load_usage(write(tmp_path / "usage.csv", body), [record])


# --- months and cents --------------------------------------------------------------------


def test_month_weights_prorate_first_and_last_month_by_days():
    weights = month_weights(date(2026, 8, 14), date(2026, 10, 13))
    assert weights == {
        date(2026, 8, 1): Fraction(18, 31),
        date(2026, 9, 1): Fraction(1),
        date(2026, 10, 1): Fraction(13, 31),
    }
    assert end_after_months(date(2026, 8, 14), 18) == date(2028, 2, 13)
    assert end_after_months(date(2027, 1, 1), 12) == date(2027, 12, 31)


def test_split_cents_largest_remainder_ties_to_the_earlier_share():
    assert split_cents(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]
    assert split_cents(D("-0.05"), [1, 1]) == [D("-0.03"), D("-0.02")]
    assert split_cents(D("10.00"), [0, 3, 1]) == [D("0.00"), D("7.50"), D("2.50")]
    with pytest.raises(ValueError):
        split_cents(D("1.005"), [1])


# --- tiers -------------------------------------------------------------------------------


def test_tier_bands_accept_both_ways_of_writing_bounds():
    record = make_record(
        fee_lines=[
            {
                "kind": "usage",
                "description": "images",
                "unit": "image",
                "tiers": [
                    {"from_units": "0", "to_units": "10", "unit_price": "3"},
                    {"from_units": "11", "to_units": "25", "unit_price": "2"},
                    {"from_units": "25", "unit_price": "1"},
                ],
            }
        ],
        pos=[{"id": "PO1", "kind": "usage", "fee_lines": [0], "measure": "usage"}],
        components=[],
        allocations={"PO1": "0.00"},
    )
    line = record.terms.fee_lines[0].value
    assert bands(line) == [(0, 10, 3), (10, 25, 2), (25, None, 1)]
    # Graduated: 10 x 3 + 15 x 2 + 5 x 1 = 65. Volume: 30 units all at the top price.
    assert graduated_value(D(30), bands(line)) == 65
    assert volume_value(D(30), bands(line)) == 30
    assert volume_value(D(10), bands(line)) == 30
    assert volume_value(D(0), bands(line)) == 0


def test_retroactive_tiers_catch_up_in_the_month_that_crosses_and_reset_each_period():
    record = make_record(
        fee_lines=[
            {
                "kind": "usage",
                "description": "GPU",
                "unit": "GPU-second",
                "tier_mode": "retroactive",
                "tiers": [
                    {"from_units": "0", "to_units": "100", "unit_price": "1.00"},
                    {"from_units": "100", "unit_price": "0.50"},
                ],
            }
        ],
        pos=[{"id": "PO1", "kind": "usage", "fee_lines": [0], "measure": "usage"}],
        components=[],
        allocations={"PO1": "0.00"},
    )
    line = record.terms.fee_lines[0].value
    months = {date(2027, m, 1): D(q) for m, q in ((1, 60), (2, 60), (3, 60), (4, 10))}
    value = usage_value(line, months, date(2027, 1, 1), 3)
    # Jan 60 x 1.00 = 60; Feb: 120 units all at 0.50 = 60, less 60 already -> 0 (catch-up);
    # Mar: 180 x 0.50 = 90 less 60 -> 30; Apr starts a new 3-month tier period: 10 x 1.00.
    assert value == {
        date(2027, 1, 1): 60,
        date(2027, 2, 1): 0,
        date(2027, 3, 1): 30,
        date(2027, 4, 1): 10,
    }


# --- prepaid credits and breakage --------------------------------------------------------


def test_credits_breakage_in_proportion_to_use(tmp_path):
    record = credits_record()
    inputs = ReviewerInputs.model_validate(
        {"breakage": [{"fee_line": 0, "expected_unused_percent": "10", "basis": "history"}]}
    )
    usage = usage_of(tmp_path, record, [("2027-01", 18000), ("2027-02", 27000)])
    (po,) = build_schedule(record, usage=usage, inputs=inputs).pos
    assert po.pattern is Pattern.PREPAID_CREDITS
    # Expected use 120,000 x 90% = 108,000. Jan 18,000/108,000 x 120,000 = 20,000;
    # Feb to date 45,000/108,000 x 120,000 = 50,000 -> 30,000; the other 70,000 spread over
    # the 10 months without data: 7,000 each.
    assert po.fixed[date(2027, 1, 1)] == D("20000.00")
    assert po.fixed[date(2027, 2, 1)] == D("30000.00")
    assert [po.fixed[date(2027, m, 1)] for m in range(3, 13)] == [D("7000.00")] * 10
    assert po.fixed_total == D("120000.00")
    assert any("10% (reviewer input" in n for n in po.notes)


def test_credits_without_estimate_recognise_unused_balance_at_expiry(tmp_path):
    record = credits_record(credit_expiry={"value": "6", "unit": "months"})
    usage = usage_of(tmp_path, record, [(f"2027-{m:02d}", 8000) for m in range(1, 8)])
    (po,) = build_schedule(record, usage=usage).pos
    # Credits expire after 6 months (June 30, 2027): Jan-May 8,000 each; June carries its own
    # 8,000 and the 72,000 never used (120,000 - 48,000), recognised when use is remote.
    assert [po.fixed[date(2027, m, 1)] for m in range(1, 6)] == [D("8000.00")] * 5
    assert po.fixed[date(2027, 6, 1)] == D("80000.00")
    assert po.fixed_total == D("120000.00")
    # July usage after expiry is charged at list rates: variable, not the credits' price.
    assert date(2027, 7, 1) not in po.fixed
    assert po.variable == {date(2027, 7, 1): D("8000.00")}
    assert any("none is assumed" in n for n in po.notes)
    assert any("72000.00 of unused credits" in n for n in po.notes)


def test_credits_overage_beyond_the_balance_is_variable(tmp_path):
    record = credits_record()
    usage = usage_of(tmp_path, record, [("2027-01", 100000), ("2027-02", 50000)])
    (po,) = build_schedule(record, usage=usage).pos
    assert po.fixed[date(2027, 1, 1)] == D("100000.00")
    assert po.fixed[date(2027, 2, 1)] == D("20000.00")
    assert po.variable == {date(2027, 2, 1): D("30000.00")}


def test_breakage_recorded_in_the_analysis_is_stated_and_recognised_when_remote(tmp_path):
    record = credits_record()
    conclusion = {
        "topic": "prepaid_credits",
        "outcome": "contract_liability",
        "rationale": "r",
        "asc": ["606-10-55-48"],
        "amount": "12000.00",
        "reviewer_input": True,
    }
    data = record.model_dump(mode="json")
    data["analysis"]["step3"]["conclusions"] = [conclusion]
    record = ReviewRecord.model_validate(data)
    usage = usage_of(tmp_path, record, [("2027-01", 54000)])
    (po,) = build_schedule(record, usage=usage).pos
    # The analysis holds the amount but not whether it rests on predictive history: no
    # breakage in proportion (54,000 of 120,000 in January), and the note says how to apply it.
    assert po.fixed[date(2027, 1, 1)] == D("54000.00")
    assert any("records expected breakage of 12000.00" in n for n in po.notes)
    # The reviewer's inputs (basis history) settle it: 54,000 / 108,000 of the price.
    inputs = ReviewerInputs.model_validate(
        {"breakage": [{"fee_line": 0, "expected_unused_percent": "10", "basis": "history"}]}
    )
    (po,) = build_schedule(record, usage=usage, inputs=inputs).pos
    assert po.fixed[date(2027, 1, 1)] == D("60000.00")


def test_commitment_shortfall_is_recognised_at_the_end_of_each_period(tmp_path):
    record = make_record(
        fee_lines=[
            {
                "kind": "minimum_commitment",
                "description": "minimum",
                "amount": "30000.00",
                "commitment_period": {"value": "3", "unit": "months"},
                "shortfall": "invoiced",
            },
            {"kind": "usage", "description": "GPU", "unit": "GPU-second", "unit_price": "1"},
        ],
        pos=[{"id": "PO1", "kind": "minimum_commitment", "fee_lines": [0, 1], "measure": "usage"}],
        components=[{"fee_line": 0, "po_id": "PO1", "amount": "120000.00"}],
        allocations={"PO1": "120000.00"},
    )
    rows = [(f"2027-{m:02d}", 5000) for m in range(1, 4)] + [("2027-04", 40000)]
    (po,) = build_schedule(record, usage=usage_of(tmp_path, record, rows)).pos
    # Q1: 5,000 a month; March also takes the 15,000 shortfall (true-up). Q2: April's 40,000
    # uses the 30,000 minimum and 10,000 is overage; Q3 and Q4 have no data: 10,000 a month.
    assert [po.fixed[date(2027, m, 1)] for m in (1, 2, 3)] == [D("5000.00")] * 2 + [D(20000)]
    assert po.fixed[date(2027, 4, 1)] == D("30000.00")
    assert po.variable == {date(2027, 4, 1): D("10000.00")}
    assert [po.fixed[date(2027, m, 1)] for m in range(5, 13)] == [0, 0] + [D("10000.00")] * 6
    assert any("15000.00 of unused commitment (invoiced as a true-up)" in n for n in po.notes)


def test_contract_without_a_start_date_is_reported_not_scheduled():
    record = credits_record()
    data = record.model_dump(mode="json")
    data["analysis"]["step1"]["term_start"] = None
    for line in data["analysis"]["step5"]["lines"]:
        line["start"] = None
    schedule = build_schedule(ReviewRecord.model_validate(data))
    assert not schedule.scheduled and "no start date" in schedule.notes[0]
    assert rpo_at([schedule], date(2027, 1, 31)) == []


# --- bad input: one line, file and row, no contract text ---------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("contract,period,quantity\n", "usage.csv: missing column fee_line or metric"),
        ("contract,period,metric,quantity\nacme,2027-13,GPU-second,1\n", "usage.csv row 2:"),
        ("contract,date,metric,quantity\nacme,2027-02-30,GPU-second,1\n", "not a date"),
        ("contract,period,metric,quantity\nacme,2027-01,GPU-second,-5\n", "is negative"),
        ("contract,period,metric,quantity\nacme,2027-01,GPU-second,ten\n", "not a number"),
        ("contract,period,metric,quantity\nzzz,2027-01,GPU-second,1\n", "unknown contract"),
        ("customer_name,period,metric,quantity\nNobody Ltd,2027-01,x,1\n", "unknown customer"),
        ("contract,period,metric,quantity\nacme,2027-01,tokens,1\n", "matches no priced fee"),
        ("contract,period,fee_line,quantity\nacme,2027-01,7,1\n", "not a fee line of acme"),
        (
            "contract,timeframe_start,timeframe_end,metric,quantity\n"
            "acme,2027-01-01T00:00:00Z,2027-03-01T00:00:00Z,GPU-second,1\n",
            "spans more than one calendar month",
        ),
        ("contract,period,metric,quantity\nacme,2027-01,GPU-second,1,9\n", "more cells"),
    ],
)
def test_usage_errors_name_the_file_and_row(tmp_path, body, message):
    record = credits_record()
    with pytest.raises(ScheduleInputError) as err:
        load_usage(write(tmp_path / "usage.csv", body), [record])
    assert message in err.value.message
    assert "\n" not in err.value.message


def test_ambiguous_metric_names_fee_lines_by_index_only(tmp_path):
    record = make_record(
        fee_lines=[
            {
                "kind": "usage",
                "description": "Secret H100 tier",
                "unit": "GPU-second",
                "unit_price": "1",
            },
            {
                "kind": "usage",
                "description": "Secret L40S tier",
                "unit": "GPU-second",
                "unit_price": "2",
            },
        ],
        pos=[{"id": "PO1", "kind": "usage", "fee_lines": [0, 1], "measure": "usage"}],
        components=[],
        allocations={"PO1": "0.00"},
    )
    path = write(tmp_path / "u.csv", "contract,period,metric,quantity\nacme,2027-01,GPU,1\n")
    with pytest.raises(ScheduleInputError, match="matches fee lines 0, 1 of acme") as err:
        load_usage(path, [record])
    assert "Secret" not in err.value.message
    good = write(tmp_path / "g.csv", "contract,period,metric,quantity\nacme,2027-01,L40S GPU,3\n")
    assert load_usage(good, [record])[0].fee_line == 1


def test_customer_name_shared_by_two_contracts_needs_a_contract_column(tmp_path):
    one, two = credits_record(), credits_record()
    two = two.model_copy(update={"contract": "acme-2"})
    path = write(
        tmp_path / "u.csv",
        'customer_name,period,metric,quantity\n"ACME robotics inc",2027-01,GPU-second,1\n',
    )
    with pytest.raises(ScheduleInputError, match="matches several contracts"):
        load_usage(path, [one, two])
    assert load_usage(path, [one])[0].contract == "acme"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("contract,amount\n", "missing column invoice_date or period"),
        ("contract,invoice_date,amount\nacme,01/02/2027,5\n", "row 2: invoice_date"),
        ("contract,invoice_date,amount,po\nacme,2027-01-02,5,PO9\n", "'PO9' is not a PO"),
        ("contract,invoice_date,total,currency\nacme,2027-01-02,5,EUR\n", "differs"),
        ("contract,invoice_date,amount\nacme,2027-01-02,5.001\n", "fractions of a cent"),
    ],
)
def test_billing_errors(tmp_path, body, message):
    with pytest.raises(ScheduleInputError, match=message):
        load_billings(write(tmp_path / "billings.csv", body), [credits_record()])


def test_billings_accept_credit_notes_and_orb_names(tmp_path):
    body = "customer_id,issued_at,total,invoice_number\nacme,2027-01-05,-250.00,CN-1\n"
    (bill,) = load_billings(write(tmp_path / "b.csv", body), [credits_record()])
    assert (bill.contract, bill.month, bill.amount) == ("acme", date(2027, 1, 1), D("-250.00"))


def test_review_dir_and_inputs_errors(tmp_path):
    with pytest.raises(ScheduleInputError, match="not a folder"):
        load_review_dir(tmp_path / "missing")
    with pytest.raises(ScheduleInputError, match=re.escape("no <contract>/analysis.json")):
        load_review_dir(tmp_path)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "analysis.json").write_text(json.dumps({"contract": "x"}))
    with pytest.raises(
        ScheduleInputError, match=re.escape("x/analysis.json: not a revrec analysis")
    ):
        load_review_dir(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write(inputs / "acme.toml", "breakage = [{ fee_line = 0, basis = 'history' }]\n")
    with pytest.raises(ScheduleInputError, match=re.escape("acme.toml: not valid reviewer inputs")):
        load_inputs(inputs, ["acme"])
    write(inputs / "acme.toml", "breakage = [\n")
    with pytest.raises(ScheduleInputError, match=re.escape("acme.toml: not valid TOML")):
        load_inputs(inputs, ["acme"])


def test_rpo_date_must_be_a_month_end():
    with pytest.raises(ScheduleInputError, match="not a month end"):
        rpo_at([], date(2027, 1, 15))


def _amendment(record: ReviewRecord, name: str, kind: str, earlier: list[str]) -> ReviewRecord:
    state = {"transaction_price": "100.00"}
    data = record.model_dump(mode="json")
    data["contract"], data["source_name"] = name, f"{name}.pdf"
    data["modification"] = {
        "original": {"contract": "acme", "source_name": "acme.pdf", "sha256": "0", "clauses": []},
        "earlier_amendments": earlier,
        "amendment": {},
        "modification": {"type": kind, "before": state, "after": state},
    }
    return ReviewRecord.model_validate(data)


def test_the_latest_replacing_amendment_carries_the_deal():
    from assistant.schedule.modifications import apply_modification, superseded

    original = credits_record()
    first = _amendment(original, "amend-1", "termination_and_new_contract", [])
    second = _amendment(original, "amend-2", "cumulative_catch_up", ["amend-1.pdf"])
    assert superseded([original, first, second]) == {"acme": "amend-2", "amend-1": "amend-2"}
    separate = _amendment(original, "amend-3", "separate_contract", [])
    assert superseded([original, separate]) == {}
    undetermined = _amendment(original, "amend-4", "undetermined", [])
    schedule = build_schedule(undetermined)
    apply_modification(schedule, undetermined)
    assert schedule.transaction_price == 0 and all(not po.fixed for po in schedule.pos)
    assert "could not be determined" in schedule.notes[-1]
