"""The page's schedules and SSP analysis: the same functions as `revrec schedule` and
`revrec ssp` (docs/schedules.md), on the contracts reviewed in this session.

- **Revenue schedules**: the session's contracts (as the portfolio lists them, with the
  reviewer's edits and answers applied) are written as a `revrec review` output folder in a
  temporary directory and scheduled by `build_portfolio`, with an optional usage CSV and
  billings CSV; the page shows the waterfall chart, monthly totals and downloads of the files
  the CLI writes.
- **SSP analysis**: a standalone-sales history CSV -> the SSP table, the band chart, ssp.toml.

Uploaded CSVs are checked like the PDF upload (`.csv` only, at most `REVREC_MAX_FILE_MB`,
UTF-8); a bad file shows one line (the `RevrecError` message, which names the file and row and
quotes at most one clipped cell of the CSV, never the contract). Everything shown is plain text:
tables, images, and captions escaped with `plain`.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.errors import RevrecError
from assistant.outputs import safe_name
from assistant.schedule import (
    CsvText,
    Portfolio,
    ScheduleInputError,
    SspSettings,
    analyse_ssp,
    build_portfolio,
    load_history,
    notes_text,
    rollforward_csv,
    rpo_at,
    rpo_csv,
    ssp_chart_png,
    ssp_toml,
    waterfall_chart_png,
    waterfall_csv,
    waterfall_rows,
)
from assistant.schedule._months import ZERO, money_text, period_label
from assistant.schedule.exports import table_csv
from assistant.schedule.rpo import check_month_end
from assistant.schedule.ssp_analysis import TABLE_COLUMNS, ssp_table_rows
from assistant.schedule.workbook import build_workbook
from assistant.schemas import ReviewRecord
from assistant.ui.escape import plain
from assistant.ui.pipeline import PageSettings
from assistant.ui.views import reviews

MEMO = "schedules_memo"
"""Session key of the last computed schedules (inputs digest, result): reruns reuse it."""

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ScheduleFiles:
    """What the page shows and offers for download; the CLI's files, byte for byte."""

    portfolio: Portfolio
    as_of: date
    chart: bytes | None
    files: dict[str, bytes]


def read_csv_upload(name: str, data: bytes, settings: PageSettings) -> CsvText:
    """An uploaded CSV, type and size checked before anything parses it."""
    shown = safe_name(Path(name).stem) + ".csv"
    if not name.lower().endswith(".csv"):
        raise ScheduleInputError(f"{safe_name(name)}: not a CSV file (only .csv is accepted)")
    if len(data) > settings.max_file_mb * 1024 * 1024:
        raise ScheduleInputError(
            f"{shown}: {len(data) / 1024 / 1024:.1f} MB, larger than the limit of "
            f"{settings.max_file_mb:g} MB (REVREC_MAX_FILE_MB)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScheduleInputError(f"{shown}: not a UTF-8 CSV file") from None
    return CsvText(shown, text)


def last_month_end(today: date | None = None) -> date:
    """The CLI's default RPO date: the end of last month."""
    return (today or date.today()).replace(day=1) - timedelta(days=1)


def schedule_files(
    records: list[ReviewRecord],
    *,
    usage: CsvText | None = None,
    billings: CsvText | None = None,
    as_of: date,
) -> ScheduleFiles:
    """`revrec schedule` on these records: the records are written as a review output folder
    (`<contract>/analysis.json`) and read back by `build_portfolio`, as the CLI reads one."""
    check_month_end(as_of)
    names = [r.contract for r in records]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ScheduleInputError(
            f"two reviewed contracts share the name {twice[0]}; review one under another name"
        )
    with tempfile.TemporaryDirectory(prefix="revrec-schedules-") as tmp:
        folder = Path(tmp)
        for record in records:
            (folder / record.contract).mkdir()
            (folder / record.contract / "analysis.json").write_text(
                record.model_dump_json(), encoding="utf-8"
            )
        portfolio = build_portfolio(folder, usage_csv=usage, billings_csv=billings)
    rpo = rpo_at(portfolio.contracts, as_of)
    scheduled = [c for c in portfolio.contracts if c.scheduled]
    files = {
        "waterfall.csv": waterfall_csv(portfolio.contracts).encode(),
        "rollforward.csv": rollforward_csv(portfolio.contracts).encode(),
        "rpo.csv": rpo_csv(rpo).encode(),
        "notes.md": notes_text(portfolio).encode(),
        "schedules.xlsx": build_workbook(portfolio, rpo),
    }
    chart = waterfall_chart_png(portfolio.contracts) if scheduled else None
    return ScheduleFiles(portfolio, as_of, chart, files)


def monthly_totals(portfolio: Portfolio) -> list[dict[str, str]]:
    """The waterfall summed over contracts, per month and currency (the small table)."""
    sums: dict[tuple[date, str], list[Decimal]] = {}
    for contract in portfolio.contracts:
        if not contract.scheduled:
            continue
        for row in waterfall_rows(contract):
            key = (row.period, row.currency or "")
            acc = sums.setdefault(key, [ZERO, ZERO, ZERO, ZERO])
            for i, value in enumerate(
                (row.revenue, row.billings, row.deferred_revenue, row.unbilled_receivable)
            ):
                acc[i] += value
    return [
        {
            "Month": period_label(month),
            "Currency": currency,
            "Revenue": money_text(acc[0]),
            "Billings": money_text(acc[1]),
            "Deferred revenue": money_text(acc[2]),
            "Unbilled receivable": money_text(acc[3]),
        }
        for (month, currency), acc in sorted(sums.items())
    ]


# -- drawing --


def schedules_section(settings: PageSettings) -> None:
    st.subheader("Schedules")
    with st.expander("Revenue schedules (revrec schedule)"):
        _revenue_schedules(settings)
    with st.expander("SSP analysis (revrec ssp)"):
        _ssp_analysis(settings)


def _upload(label: str, key: str, settings: PageSettings, help_text: str) -> CsvText | None:
    file = st.file_uploader(
        label,
        type=["csv"],
        max_upload_size=settings.upload_limit_mb(),
        key=key,
        help=f"{help_text} CSV only, at most {settings.max_file_mb:g} MB (REVREC_MAX_FILE_MB).",
    )
    if file is None:
        return None
    return read_csv_upload(file.name, file.getvalue(), settings)


def _error(exc: RevrecError) -> None:
    st.error(plain(exc.message))


def _revenue_schedules(settings: PageSettings) -> None:
    items = reviews()
    if not items:
        st.caption("Review a contract first: the schedules cover the contracts in the portfolio.")
        return
    records = [review.record() for review in items.values()]
    st.caption(
        plain(
            f"{len(records)} contract(s) from the portfolio, with the reviewer's edits and "
            "answers applied. Columns of the files: docs/schedules.md."
        )
    )
    try:
        usage = _upload(
            "Usage CSV (optional)",
            "schedule_usage",
            settings,
            "Usage per contract, month and metric (an Orb usage export works).",
        )
        billings = _upload(
            "Billings CSV (optional)", "schedule_billings", settings, "Invoices per contract."
        )
    except RevrecError as exc:
        _error(exc)
        return
    as_of = st.date_input(
        "RPO at (a month end)", value=last_month_end(), key="schedule_rpo_date", format="YYYY-MM-DD"
    )
    if not st.toggle("Build the schedules", key="schedules_open"):
        return
    if not isinstance(as_of, date):
        st.error("Choose one RPO date.")
        return
    digest = _digest(records, usage, billings, as_of)
    memo: Any = st.session_state.get(MEMO)
    if memo is not None and memo[0] == digest:
        result: ScheduleFiles = memo[1]
    else:
        try:
            with st.spinner("Building the schedules"):
                result = schedule_files(records, usage=usage, billings=billings, as_of=as_of)
        except RevrecError as exc:
            _error(exc)
            return
        st.session_state[MEMO] = (digest, result)
    _show_schedules(result)


def _show_schedules(result: ScheduleFiles) -> None:
    portfolio = result.portfolio
    scheduled = [c for c in portfolio.contracts if c.scheduled]
    for note in portfolio.notes:
        st.caption(plain(note))
    for contract in portfolio.contracts:
        if not contract.scheduled:
            st.warning(plain(f"Not scheduled: {contract.contract} (no start date; see notes.md)"))
    if result.chart is not None:
        currencies = {c.currency for c in scheduled}
        caption = "Revenue by month and contract"
        if len(currencies) > 1:
            caption += " (the largest currency only; the table has every currency)"
        st.image(result.chart, caption=caption)
        st.dataframe(monthly_totals(portfolio), hide_index=True, key="schedule_totals")
    columns = st.columns(len(result.files))
    for column, (name, data) in zip(columns, result.files.items(), strict=True):
        column.download_button(
            name,
            data,
            file_name=name,
            mime=XLSX_MIME
            if name.endswith(".xlsx")
            else CSV_MIME
            if name.endswith(".csv")
            else "text/markdown",
            key=f"download_{name}",
        )
    st.caption(plain(f"RPO at {result.as_of.isoformat()}, with the practical expedients stated."))


def _digest(records: list[ReviewRecord], *parts: object) -> str:
    h = hashlib.sha256()
    for record in records:
        h.update(record.model_dump_json().encode())
    for part in parts:
        h.update(repr(part).encode())
    return h.hexdigest()


def _ssp_analysis(settings: PageSettings) -> None:
    try:
        history = _upload(
            "Standalone sales history CSV",
            "ssp_history",
            settings,
            "One row per standalone sale: product, kind, sale_date, net_amount, list_amount or "
            "quantity.",
        )
    except RevrecError as exc:
        _error(exc)
        return
    left, middle, right = st.columns(3)
    band = left.number_input("Band around the median, %", 1, 100, 15, key="ssp_band")
    threshold = middle.number_input("Share of sales in the band, %", 1, 100, 80, key="ssp_share")
    min_sales = right.number_input("Minimum sales", 1, 10_000, 5, key="ssp_min_sales")
    if history is None:
        return
    ssp_settings = SspSettings(
        band=Decimal(int(band)) / 100,
        threshold=Decimal(int(threshold)) / 100,
        min_sales=int(min_sales),
    )
    try:
        results = analyse_ssp(load_history(history), ssp_settings)
    except RevrecError as exc:
        _error(exc)
        return
    rows = ssp_table_rows(results)
    observable = sum(1 for r in results if r.observable)
    st.caption(plain(f"{len(results)} product(s): {observable} with an observable SSP."))
    st.dataframe(
        [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in rows],
        hide_index=True,
        key="ssp_table",
    )
    if results:
        st.image(ssp_chart_png(results, ssp_settings), caption="Standalone sales around the median")
    left, right = st.columns(2)
    left.download_button(
        "ssp.toml",
        ssp_toml(results, history.name, ssp_settings),
        file_name="ssp.toml",
        mime="application/toml",
        key="download_ssp.toml",
    )
    right.download_button(
        "ssp_analysis.csv",
        table_csv(TABLE_COLUMNS, rows),
        file_name="ssp_analysis.csv",
        mime=CSV_MIME,
        key="download_ssp_analysis.csv",
    )
