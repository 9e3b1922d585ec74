"""A whole `revrec review` output folder -> schedules for every contract (the portfolio)."""

from __future__ import annotations

import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from pydantic import ValidationError
from tqdm import tqdm

from assistant.schemas import ReviewerInputs

from ._csv import CsvSource, ScheduleInputError
from .billings import Billing, apply_billings, load_billings
from .contracts import load_review_dir
from .models import Portfolio
from .modifications import apply_modification, supersede, superseded
from .usage import UsageRecord, load_usage
from .waterfall import build_schedule

PROGRESS_MIN = 4
"""A progress bar only for runs over a few contracts, as `revrec review` does."""


def load_inputs(inputs_dir: Path, contracts: list[str]) -> dict[str, ReviewerInputs]:
    """Reviewer inputs per contract: `<inputs_dir>/<contract>.toml` (a `ReviewerInputs`)."""
    if not inputs_dir.is_dir():
        raise ScheduleInputError(f"{inputs_dir}: not a folder of <contract>.toml inputs")
    out: dict[str, ReviewerInputs] = {}
    for contract in contracts:
        path = inputs_dir / f"{contract}.toml"
        if not path.is_file():
            continue
        try:
            out[contract] = ReviewerInputs.from_toml(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ScheduleInputError(f"{path.name}: not valid TOML ({exc})") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ScheduleInputError(
                f"{path.name}: not valid reviewer inputs ({where}: {first['msg']})"
            ) from None
    return out


def build_portfolio(
    review_dir: Path,
    *,
    usage_csv: CsvSource | None = None,
    billings_csv: CsvSource | None = None,
    inputs_dir: Path | None = None,
    progress: bool = False,
) -> Portfolio:
    """Schedules for every contract reviewed into `review_dir`, with usage and billings."""
    records = load_review_dir(review_dir)
    usage: dict[str, list[UsageRecord]] = defaultdict(list)
    if usage_csv is not None:
        for u in load_usage(usage_csv, records):
            usage[u.contract].append(u)
    bills: dict[str, list[Billing]] = defaultdict(list)
    if billings_csv is not None:
        for b in load_billings(billings_csv, records):
            bills[b.contract].append(b)
    inputs = load_inputs(inputs_dir, [r.contract for r in records]) if inputs_dir else {}
    portfolio = Portfolio(contracts=[])
    bar = tqdm(
        records,
        unit="contract",
        disable=not progress or len(records) < PROGRESS_MIN,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    replaced = superseded(records)
    for record in bar:
        schedule = build_schedule(
            record, usage=usage.get(record.contract, []), inputs=inputs.get(record.contract)
        )
        if schedule.scheduled:
            apply_modification(schedule, record)
            if record.contract in replaced:
                supersede(schedule, replaced[record.contract])
        if billings_csv is None:
            schedule.notes.append(
                "No billings file given: billings are zero, so revenue to date shows as "
                "unbilled receivable."
            )
        else:
            apply_billings(schedule, bills.get(record.contract, []))
        portfolio.contracts.append(schedule)
    bar.close()
    currencies = {c.currency for c in portfolio.contracts if c.scheduled}
    if len(currencies) > 1:
        portfolio.notes.append(
            "The portfolio mixes currencies ("
            + ", ".join(sorted(c or "unknown" for c in currencies))
            + "): totals are per currency; nothing is translated."
        )
    return portfolio
