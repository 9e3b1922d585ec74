"""`revrec schedule`, `revrec ssp` and `revrec export netsuite`: argument parsing and output
paths only; the work is done by the functions of this package."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assistant.outputs import write_atomic

from ._csv import ScheduleInputError
from ._months import ZERO, money_text

COMMANDS = ("schedule", "ssp", "export")


def add_parsers(sub: Any) -> None:
    schedule = sub.add_parser(
        "schedule",
        help="monthly revenue waterfall, roll-forwards, RPO and schedules.xlsx from a "
        "`revrec review` output folder; see docs/schedules.md",
    )
    schedule.add_argument("review_dir", type=Path, metavar="REVIEW_DIR")
    schedule.add_argument(
        "--usage",
        type=Path,
        default=None,
        metavar="CSV",
        help="usage per contract, month and metric (an Orb usage export works)",
    )
    schedule.add_argument(
        "--billings", type=Path, default=None, metavar="CSV", help="invoices per contract"
    )
    schedule.add_argument(
        "--inputs", type=Path, default=None, metavar="DIR", help="reviewer inputs <contract>.toml"
    )
    schedule.add_argument(
        "--rpo-date",
        default=None,
        metavar="YYYY-MM-DD",
        help="month end for RPO (default: the end of last month)",
    )
    schedule.add_argument(
        "--no-short-contract-expedient",
        action="store_true",
        help="include contracts of one year or less in RPO (50-14(a) not elected)",
    )
    schedule.add_argument("--out", type=Path, required=True, metavar="DIR")
    schedule.add_argument("--no-progress", action="store_true")

    ssp = sub.add_parser(
        "ssp", help="SSP analysis of historical standalone sales: table, chart and ssp.toml"
    )
    ssp.add_argument("history", type=Path, metavar="HISTORY_CSV")
    ssp.add_argument("--out", type=Path, required=True, metavar="DIR")
    ssp.add_argument("--band", default="15", metavar="PCT", help="band around the median, %%")
    ssp.add_argument(
        "--threshold", default="80", metavar="PCT", help="share of sales in the band, %%"
    )
    ssp.add_argument("--min-sales", type=int, default=5, metavar="N")

    export = sub.add_parser("export", help="export schedules to other systems")
    targets = export.add_subparsers(dest="target", required=True)
    netsuite = targets.add_parser(
        "netsuite", help="NetSuite-style revenue arrangement import CSV (one row per PO)"
    )
    netsuite.add_argument("review_dir", type=Path, metavar="REVIEW_DIR")
    netsuite.add_argument("--out", type=Path, required=True, metavar="FILE")
    netsuite.add_argument("--date-format", choices=["us", "iso"], default="us")


def run(args: argparse.Namespace) -> int:
    if args.command == "schedule":
        return _schedule(args)
    if args.command == "ssp":
        return _ssp(args)
    return _netsuite(args)


def _rpo_date(raw: str | None) -> date:
    if raw is None:
        return date.today().replace(day=1) - timedelta(days=1)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ScheduleInputError(f"--rpo-date {raw!r} is not a date (YYYY-MM-DD)") from None


def _schedule(args: argparse.Namespace) -> int:
    from .exports import notes_text, rollforward_csv, rpo_csv, waterfall_csv
    from .portfolio import build_portfolio
    from .rpo import check_month_end, rpo_at
    from .workbook import build_workbook

    as_of = check_month_end(_rpo_date(args.rpo_date))
    portfolio = build_portfolio(
        args.review_dir,
        usage_csv=args.usage,
        billings_csv=args.billings,
        inputs_dir=args.inputs,
        progress=not args.no_progress,
    )
    rpo = rpo_at(
        portfolio.contracts, as_of, short_contract_expedient=not args.no_short_contract_expedient
    )
    out: Path = args.out
    write_atomic(out / "waterfall.csv", waterfall_csv(portfolio.contracts))
    write_atomic(out / "rollforward.csv", rollforward_csv(portfolio.contracts))
    write_atomic(out / "rpo.csv", rpo_csv(rpo))
    write_atomic(out / "notes.md", notes_text(portfolio))
    write_atomic(out / "schedules.xlsx", build_workbook(portfolio, rpo))
    scheduled = [c for c in portfolio.contracts if c.scheduled]
    skipped = [c.contract for c in portfolio.contracts if not c.scheduled]
    totals: dict[str, Decimal] = {}
    for c in scheduled:
        key = c.currency or "?"
        totals[key] = totals.get(key, ZERO) + sum((c.revenue(m) for m in c.months), ZERO)
    revenue = ", ".join(f"{k} {money_text(v)}" for k, v in sorted(totals.items()))
    print(f"{len(scheduled)} contracts scheduled; revenue over their lives: {revenue or 'none'}")
    for name in skipped:
        print(f"not scheduled: {name} (no start date; see notes.md)")
    print(f"RPO at {as_of.isoformat()}: {len(rpo)} lines")
    print(
        f"wrote {out}/waterfall.csv, rollforward.csv, rpo.csv, schedules.xlsx and notes.md "
        "(assumptions per contract)"
    )
    return 0


def _percent(raw: str, flag: str) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ScheduleInputError(f"{flag} {raw!r} is not a number") from None
    if not 0 < value <= 100:
        raise ScheduleInputError(f"{flag} {raw} must be above 0 and at most 100")
    return value / 100


def _ssp(args: argparse.Namespace) -> int:
    from .exports import table_csv
    from .ssp_analysis import (
        TABLE_COLUMNS,
        SspSettings,
        analyse_ssp,
        load_history,
        ssp_chart_png,
        ssp_table_rows,
        ssp_toml,
    )

    if args.min_sales < 1:
        raise ScheduleInputError("--min-sales must be at least 1")
    settings = SspSettings(
        band=_percent(args.band, "--band"),
        threshold=_percent(args.threshold, "--threshold"),
        min_sales=args.min_sales,
    )
    results = analyse_ssp(load_history(args.history), settings)
    out: Path = args.out
    write_atomic(out / "ssp_analysis.csv", table_csv(TABLE_COLUMNS, ssp_table_rows(results)))
    write_atomic(out / "ssp.toml", ssp_toml(results, args.history.name, settings))
    write_atomic(out / "ssp_chart.png", ssp_chart_png(results, settings))
    observable = sum(1 for r in results if r.observable)
    print(f"{len(results)} products: {observable} with an observable SSP")
    for r in results:
        state = "observable" if r.observable else f"not observable -> {r.suggested_basis.value}"
        print(f"  {r.product}: {r.sales} sales, {r.share_within_band * 100:.1f}% in band, {state}")
    print(f"wrote {out}/ssp_analysis.csv, ssp.toml and ssp_chart.png")
    return 0


def _netsuite(args: argparse.Namespace) -> int:
    from .exports import netsuite_csv
    from .portfolio import build_portfolio

    portfolio = build_portfolio(args.review_dir, progress=False)
    fmt = "%Y-%m-%d" if args.date_format == "iso" else "%m/%d/%Y"
    write_atomic(args.out, netsuite_csv(portfolio, date_format=fmt))
    rows = sum(len(c.pos) for c in portfolio.contracts if c.scheduled)
    print(f"wrote {args.out}: {rows} revenue elements in {len(portfolio.contracts)} arrangements")
    return 0
