"""`schedules.xlsx`: the schedules as an accountant's workbook (openpyxl).

A sheet per schedule (Waterfall, Revenue by month, Roll-forward, RPO, Obligations, Notes),
bold frozen header rows, currency number formats per row, and totals written as SUMIF / SUM
formulas over the cells above, one total line per currency, so they tie to the figures in
the sheet and recalculate if a reviewer edits a cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ._months import period_label
from .billings import rollforward, waterfall_rows
from .exports import ROLLFORWARD_COLUMNS, RPO_COLUMNS, notes_text, safe_cell
from .models import Portfolio, RpoLine

BOLD = Font(bold=True)


def money_format(currency: str | None) -> str:
    if not currency:
        return "#,##0.00;-#,##0.00"
    return f'"{currency} "#,##0.00;"{currency} "-#,##0.00'


def _header(ws: Worksheet, columns: Sequence[str], freeze: str = "A2") -> None:
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = BOLD
    ws.freeze_panes = freeze
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(name) + 4))


def _money(ws: Worksheet, row: int, col: int, value: Decimal, currency: str | None) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = money_format(currency)


def _currency_totals(
    ws: Worksheet,
    currencies: Sequence[str | None],
    currency_col: int,
    money_cols: Sequence[int],
    first: int,
    last: int,
    label_col: int = 1,
) -> None:
    """One `Total <currency>` line per currency under the data: SUMIF over rows first..last."""
    row = last + 2
    cur = get_column_letter(currency_col)
    for currency in sorted({c or "" for c in currencies}):
        label = ws.cell(row=row, column=label_col, value=f"Total {currency}".strip())
        label.font = BOLD
        for col in money_cols:
            letter = get_column_letter(col)
            cell = ws.cell(
                row=row,
                column=col,
                value=f'=SUMIF(${cur}${first}:${cur}${last},"{currency}",'
                f"{letter}{first}:{letter}{last})",
            )
            cell.number_format = money_format(currency or None)
            cell.font = BOLD
        row += 1


def build_workbook(portfolio: Portfolio, rpo: Sequence[RpoLine]) -> bytes:
    wb = Workbook()
    contracts = [c for c in portfolio.contracts if c.scheduled]

    ws = wb.active
    assert ws is not None
    ws.title = "Waterfall"
    columns = ["contract", "performance_obligation", "currency", "period", "revenue", "billings"]
    _header(ws, [*columns, "deferred_revenue", "unbilled_receivable"])
    currencies: list[str | None] = []
    for c in contracts:
        for r in waterfall_rows(c):
            ws.append([r.contract, r.performance_obligation, r.currency, period_label(r.period)])
            n = ws.max_row
            for col, value in enumerate(
                (r.revenue, r.billings, r.deferred_revenue, r.unbilled_receivable), start=5
            ):
                _money(ws, n, col, value, r.currency)
            currencies.append(r.currency)
    if currencies:
        _currency_totals(ws, currencies, 3, [5, 6], 2, ws.max_row)

    ws = wb.create_sheet("Revenue by month")
    months = sorted({m for c in contracts for m in c.months})
    _header(
        ws,
        ["contract", "performance_obligation", "currency", *map(period_label, months), "total"],
        freeze="D2",
    )
    currencies = []
    for c in contracts:
        for po in c.pos:
            ws.append([c.contract, po.po_id, c.currency])
            n = ws.max_row
            for i, month in enumerate(months, start=4):
                _money(ws, n, i, po.revenue(month), c.currency)
            first, last = get_column_letter(4), get_column_letter(3 + len(months))
            total = ws.cell(row=n, column=4 + len(months), value=f"=SUM({first}{n}:{last}{n})")
            total.number_format = money_format(c.currency)
            currencies.append(c.currency)
    if currencies:
        _currency_totals(ws, currencies, 3, list(range(4, 5 + len(months))), 2, ws.max_row)

    ws = wb.create_sheet("Roll-forward")
    _header(ws, [*ROLLFORWARD_COLUMNS, "check"])
    currencies = []
    for c in contracts:
        for rf in rollforward(c):
            ws.append([rf.contract, rf.currency, period_label(rf.period)])
            n = ws.max_row
            values = (
                rf.opening_deferred,
                rf.opening_unbilled,
                rf.billings,
                rf.revenue,
                rf.closing_deferred,
                rf.closing_unbilled,
            )
            for col, value in enumerate(values, start=4):
                _money(ws, n, col, value, rf.currency)
            # opening net + billings - revenue - closing net: zero on every line.
            ws.cell(row=n, column=10, value=f"=D{n}-E{n}+F{n}-G{n}-(H{n}-I{n})")
            currencies.append(rf.currency)
    if currencies:
        _currency_totals(ws, currencies, 2, [6, 7], 2, ws.max_row)

    ws = wb.create_sheet("RPO")
    _header(ws, RPO_COLUMNS)  # the same columns as rpo.csv; the expedient text is wide
    ws.column_dimensions["K"].width = 60
    for line in rpo:
        ws.append([line.contract, line.performance_obligation, line.currency, line.as_of])
        n = ws.max_row
        ws.cell(row=n, column=4).number_format = "yyyy-mm-dd"
        values = (
            line.remaining,
            line.rpo,
            line.next_12_months,
            line.months_13_to_24,
            line.thereafter,
            line.excluded,
        )
        for col, value in enumerate(values, start=5):
            _money(ws, n, col, value, line.currency)
        ws.cell(row=n, column=11, value=line.expedient)
    if rpo:
        _currency_totals(ws, [r.currency for r in rpo], 3, list(range(5, 11)), 2, ws.max_row)

    ws = wb.create_sheet("Obligations")
    _header(
        ws,
        [
            "contract",
            "performance_obligation",
            "name",
            "kind",
            "pattern",
            "start",
            "end",
            "currency",
            "ssp",
            "ssp_basis",
            "allocated",
            "fixed_revenue",
            "variable_revenue",
        ],
    )
    for c in contracts:
        for po in c.pos:
            ws.append(
                [
                    c.contract,
                    po.po_id,
                    safe_cell(po.name),
                    po.kind.value,
                    po.pattern.value,
                    po.start,
                    po.end,
                    c.currency,
                    po.ssp,
                    po.ssp_basis,
                    po.allocated,
                    po.fixed_total,
                    po.variable_total,
                ]
            )
            n = ws.max_row
            for col in (6, 7):
                ws.cell(row=n, column=col).number_format = "yyyy-mm-dd"
            for col in (9, 11, 12, 13):
                ws.cell(row=n, column=col).number_format = money_format(c.currency)

    ws = wb.create_sheet("Notes")
    ws.column_dimensions["A"].width = 120
    for text in notes_text(portfolio).splitlines():
        ws.append([text])
    ws["A1"].font = BOLD

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
