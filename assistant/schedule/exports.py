"""Writing schedules out: `waterfall.csv`, `rpo.csv`, `rollforward.csv`, `schedules.xlsx`
and a NetSuite-style revenue arrangement import CSV. Column specs: docs/schedules.md."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from ._months import money_text, period_label
from .billings import rollforward, waterfall_rows
from .models import ContractSchedule, Pattern, Portfolio, RpoLine

WATERFALL_COLUMNS = [
    "contract",
    "performance_obligation",
    "period",
    "revenue",
    "billings",
    "deferred_revenue",
    "unbilled_receivable",
]
RPO_COLUMNS = [
    "contract",
    "performance_obligation",
    "currency",
    "as_of",
    "remaining",
    "rpo",
    "next_12_months",
    "months_13_to_24",
    "thereafter",
    "excluded",
    "expedient",
]
ROLLFORWARD_COLUMNS = [
    "contract",
    "currency",
    "period",
    "opening_deferred",
    "opening_unbilled",
    "billings",
    "revenue",
    "closing_deferred",
    "closing_unbilled",
]
NETSUITE_COLUMNS = [
    "Arrangement External ID",
    "Customer",
    "Transaction Date",
    "Currency",
    "Element External ID",
    "Item",
    "Performance Obligation",
    "Sales Amount",
    "Fair Value",
    "Fair Value Basis",
    "Allocated Amount",
    "Revenue Recognition Rule",
    "Rev Rec Start Date",
    "Rev Rec End Date",
    "Term in Months",
    "Create Revenue Plans On",
    "Variable Consideration",
    "Memo",
]
RULES = {
    Pattern.RATABLE: (
        "revrec Straight-line, prorate first and last period",
        "Revenue Arrangement Creation",
    ),
    Pattern.POINT_IN_TIME: ("revrec Point in time", "Revenue Arrangement Creation"),
    Pattern.USAGE: ("revrec As invoiced (usage)", "Billing"),
    Pattern.COMMITMENT: ("revrec Usage drawdown (commitment)", "Event"),
    Pattern.PREPAID_CREDITS: ("revrec Usage drawdown (prepaid credits)", "Event"),
    Pattern.HOURS: ("revrec Percent complete (hours)", "Project Progress"),
}


def safe_cell(value: str) -> str:
    """Text that Excel would read as a formula (= + - @) is prefixed with a quote."""
    if value and value[0] in "=+-@\t\r":
        try:
            Decimal(value)
        except ArithmeticError:
            return "'" + value
    return value


def table_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def waterfall_csv(contracts: Sequence[ContractSchedule]) -> str:
    """One row per contract, PO and month; money as decimal strings, period YYYY-MM."""
    return table_csv(
        WATERFALL_COLUMNS,
        (
            [
                r.contract,
                r.performance_obligation,
                period_label(r.period),
                money_text(r.revenue),
                money_text(r.billings),
                money_text(r.deferred_revenue),
                money_text(r.unbilled_receivable),
            ]
            for c in contracts
            if c.scheduled
            for r in waterfall_rows(c)
        ),
    )


def rollforward_csv(contracts: Sequence[ContractSchedule]) -> str:
    return table_csv(
        ROLLFORWARD_COLUMNS,
        (
            [
                r.contract,
                r.currency or "",
                period_label(r.period),
                *(
                    money_text(v)
                    for v in (
                        r.opening_deferred,
                        r.opening_unbilled,
                        r.billings,
                        r.revenue,
                        r.closing_deferred,
                        r.closing_unbilled,
                    )
                ),
            ]
            for c in contracts
            if c.scheduled
            for r in rollforward(c)
        ),
    )


def rpo_csv(lines: Sequence[RpoLine]) -> str:
    return table_csv(
        RPO_COLUMNS,
        (
            [
                line.contract,
                line.performance_obligation,
                line.currency or "",
                line.as_of.isoformat(),
                *(
                    money_text(v)
                    for v in (
                        line.remaining,
                        line.rpo,
                        line.next_12_months,
                        line.months_13_to_24,
                        line.thereafter,
                        line.excluded,
                    )
                ),
                line.expedient,
            ]
            for line in lines
        ),
    )


def notes_text(portfolio: Portfolio) -> str:
    """Every assumption the schedules made, contract by contract (Markdown)."""
    out = ["# Schedule notes", ""]
    out.extend(f"- {n}" for n in portfolio.notes)
    for c in portfolio.contracts:
        out += ["", f"## {c.contract}", ""]
        out.extend(f"- {n}" for n in c.notes)
        out.extend(f"- {n}" for po in c.pos for n in po.notes)
    return "\n".join(out) + "\n"


def netsuite_csv(portfolio: Portfolio, *, date_format: str = "%m/%d/%Y") -> str:
    """A NetSuite-style revenue arrangement import: one row per revenue element (PO).

    The rule names are revrec's; create revenue recognition rules with these names in
    NetSuite (or map them in the import assistant). Dates default to NetSuite's US format."""

    def day(value: date | None) -> str:
        return value.strftime(date_format) if value else ""

    rows: list[list[str]] = []
    for c in portfolio.contracts:
        if not c.scheduled:
            continue
        for po in c.pos:
            rule, plans_on = RULES[po.pattern]
            rows.append(
                [
                    c.contract,
                    c.customer or "",
                    day(c.term_start),
                    c.currency or "",
                    f"{c.contract}-{po.po_id}",
                    po.kind.value,
                    po.po_id,
                    money_text(po.sales_amount),
                    money_text(po.ssp) if po.ssp is not None else "",
                    po.ssp_basis or "",
                    money_text(po.allocated),
                    rule,
                    day(po.start),
                    day(po.end),
                    f"{c.term_months.normalize():f}" if c.term_months is not None else "",
                    plans_on,
                    "yes" if po.pattern is Pattern.USAGE or po.variable else "no",
                    po.name[:80],
                ]
            )
    return table_csv(NETSUITE_COLUMNS, rows)
