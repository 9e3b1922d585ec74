"""waterfall.csv, rpo.csv, schedules.xlsx (read back) and the NetSuite-style import."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_schedule_units import make_record

from assistant.schedule import (
    CsvText,
    Portfolio,
    ScheduleInputError,
    build_portfolio,
    build_schedule,
    load_usage,
    rpo_at,
    waterfall_chart_png,
)
from assistant.schedule.exports import (
    NETSUITE_COLUMNS,
    RPO_COLUMNS,
    netsuite_csv,
    rollforward_csv,
    rpo_csv,
    waterfall_csv,
)
from assistant.schedule.workbook import build_workbook

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "schedule"
CONTRACTS = [
    "c_prepaid_credits",
    "e_onprem_term_licence",
    "f_tfc_auto_renewal",
    "m_api_msa_original",
]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    from assistant.review import run_batch
    from assistant.settings import load_settings

    out = tmp_path_factory.mktemp("review")
    pdfs = [REPO / "eval_set" / "pdf" / f"{name}.pdf" for name in CONTRACTS]
    settings = load_settings(extractor="rules", ssp_file=REPO / "eval_set" / "ssp.toml")
    assert not run_batch(pdfs, out, settings, progress=False).failed
    return build_portfolio(
        out, usage_csv=DATA / "usage_f_m.csv", billings_csv=DATA / "billings_m.csv"
    )


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_waterfall_csv_columns_periods_and_money(portfolio):
    text = waterfall_csv(portfolio.contracts)
    assert text.splitlines()[0] == (
        "contract,performance_obligation,period,revenue,billings,deferred_revenue,"
        "unbilled_receivable"
    )
    rows = rows_of(text)
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["period"]) for r in rows)
    money = ("revenue", "billings", "deferred_revenue", "unbilled_receivable")
    assert all(re.fullmatch(r"-?\d+\.\d{2}", r[k]) for r in rows for k in money)
    for c in portfolio.contracts:
        revenue = sum(D(r["revenue"]) for r in rows if r["contract"] == c.contract)
        variable = sum(po.variable_total for po in c.pos)
        assert revenue == c.transaction_price + variable
    e = [r for r in rows if r["contract"] == "e_onprem_term_licence" and r["period"] == "2026-10"]
    assert {r["performance_obligation"]: r["revenue"] for r in e} == {
        "PO1": "480000.00",
        "PO2": "6666.67",
    }


def test_rpo_and_rollforward_csv(portfolio):
    lines = rpo_at(portfolio.contracts, date(2027, 3, 31))
    rows = rows_of(rpo_csv(lines))
    assert list(rows[0]) == RPO_COLUMNS
    e = next(r for r in rows if r["contract"] == "e_onprem_term_licence")
    # Support recognised Oct 2026 - Mar 2027: 6 x 6,666.67 = 40,000.02; 199,999.98 remains.
    assert e["remaining"] == e["rpo"] == "199999.98" and e["expedient"] == ""
    c = next(r for r in rows if r["contract"] == "c_prepaid_credits")
    assert c["rpo"] == "0.00" and "50-14(a)" in c["expedient"]
    roll = rows_of(rollforward_csv(portfolio.contracts))
    m = [r for r in roll if r["contract"] == "m_api_msa_original"]
    assert m[0]["period"] == "2027-01" and m[0]["closing_deferred"] == "17500.00"


def test_workbook_reads_back_with_formats_frozen_headers_and_tying_formulas(portfolio):
    lines = rpo_at(portfolio.contracts, date(2027, 3, 31))
    wb = load_workbook(io.BytesIO(build_workbook(portfolio, lines)))
    assert wb.sheetnames == [
        "Waterfall",
        "Revenue by month",
        "Roll-forward",
        "RPO",
        "Obligations",
        "Notes",
    ]
    ws = wb["Waterfall"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws["E2"].number_format.startswith('"EUR "#,##0.00')
    totals = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=5).value
        for r in range(2, ws.max_row + 1)
        if str(ws.cell(row=r, column=1).value).startswith("Total")
    }
    assert set(totals) == {"Total EUR", "Total USD"}
    for label, formula in totals.items():
        currency = label.split()[1]
        match = re.fullmatch(r'=SUMIF\(\$C\$(\d+):\$C\$(\d+),"(\w+)",E(\d+):E(\d+)\)', formula)
        assert match and match[3] == currency
        first, last = int(match[1]), int(match[2])
        in_sheet = sum(
            D(str(ws.cell(row=r, column=5).value))
            for r in range(first, last + 1)
            if ws.cell(row=r, column=3).value == currency
        )
        computed = sum(
            (c.revenue(m) for c in portfolio.contracts if c.currency == currency for m in c.months),
            D(0),
        )
        assert in_sheet == computed
    by_month = wb["Revenue by month"]
    assert by_month.freeze_panes == "D2"
    last_col = by_month.max_column
    assert by_month.cell(row=1, column=last_col).value == "total"
    assert by_month.cell(row=2, column=last_col).value.startswith("=SUM(D2:")
    roll = wb["Roll-forward"]
    assert roll.cell(row=2, column=10).value == "=D2-E2+F2-G2-(H2-I2)"
    rpo = wb["RPO"]
    assert rpo.cell(row=1, column=11).value == "expedient"
    assert wb["Notes"]["A1"].value == "# Schedule notes"


def test_netsuite_import_one_element_per_po(portfolio):
    rows = rows_of(netsuite_csv(portfolio))
    assert list(rows[0]) == NETSUITE_COLUMNS
    e = [r for r in rows if r["Arrangement External ID"] == "e_onprem_term_licence"]
    assert [r["Element External ID"] for r in e] == [
        "e_onprem_term_licence-PO1",
        "e_onprem_term_licence-PO2",
    ]
    assert sum(D(r["Allocated Amount"]) for r in e) == D("720000.00")
    licence, support = e
    assert licence["Revenue Recognition Rule"] == "revrec Point in time"
    assert support["Rev Rec Start Date"] == "10/01/2026"
    assert support["Rev Rec End Date"] == "09/30/2029"
    assert support["Term in Months"] == "36"
    assert support["Fair Value Basis"] == "contract_price_unverified"
    iso = rows_of(netsuite_csv(portfolio, date_format="%Y-%m-%d"))
    assert iso[0]["Transaction Date"].count("-") == 2


def test_text_cells_cannot_become_formulas():
    record = make_record(
        customer='=HYPERLINK("http://x")',
        fee_lines=[{"kind": "platform", "description": "p", "amount": "1200.00"}],
        pos=[{"id": "PO1", "kind": "platform", "fee_lines": [0], "measure": "time_elapsed"}],
        components=[{"fee_line": 0, "po_id": "PO1", "amount": "1200.00"}],
        allocations={"PO1": "1200.00"},
    )
    portfolio = Portfolio(contracts=[build_schedule(record)])
    (row,) = rows_of(netsuite_csv(portfolio))
    assert row["Customer"].startswith("'=")
    wb = load_workbook(io.BytesIO(build_workbook(portfolio, [])))
    assert wb["Waterfall"]["E2"].value == 100  # 1,200 over 12 months


def test_page_helpers_work_in_memory(portfolio, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path_factory.getbasetemp() / "mpl"))
    records = [
        make_record(
            fee_lines=[
                {"kind": "usage", "description": "g", "unit": "GPU-second", "unit_price": "2"}
            ],
            pos=[{"id": "PO1", "kind": "usage", "fee_lines": [0], "measure": "usage"}],
            components=[],
            allocations={"PO1": "0.00"},
        )
    ]
    upload = CsvText("upload.csv", "\ufeffcontract,period,metric,quantity\nacme,2027-02,GPU,3\n")
    (usage,) = load_usage(upload, records)
    assert (usage.month, usage.quantity) == (date(2027, 2, 1), 3)
    bad = CsvText("upload.csv", "contract,period,metric,quantity\nacme,2027-02,GPU,x\n")
    with pytest.raises(ScheduleInputError, match=r"upload\.csv row 2"):
        load_usage(bad, records)
    png = waterfall_chart_png(portfolio.contracts)
    assert png.startswith(b"\x89PNG") and len(png) > 5000
