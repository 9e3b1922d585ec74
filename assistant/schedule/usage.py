"""Usage data: a CSV of quantities per customer, month and metric, priced at the contract's
rates (flat, graduated or volume tiers) to give the usage value of each month.

Columns (see docs/schedules.md): a contract (`contract`, or Orb's `customer_id` /
`customer_name`), a month (`period` YYYY-MM, or a `date`, or Orb's `timeframe_start` with an
optional exclusive `timeframe_end` inside one calendar month), what was used (`fee_line`, the
0-based index of the contract's fee line, or `metric` / Orb's `billable_metric`, matched to the
fee line's unit and description) and `quantity`, in the fee line's pricing unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from assistant.schemas import FeeLine, ReviewRecord, TierMode

from ._csv import CsvSource, Row, norm_words, read_rows
from ._months import month_index, month_of
from .contracts import ContractIndex

ALIASES = {"billable_metric": "metric", "metric_name": "metric", "usage_date": "date"}


@dataclass(frozen=True)
class UsageRecord:
    contract: str
    fee_line: int
    month: date
    quantity: Decimal
    where: str
    """`file row N`, for messages."""


def priced(line: FeeLine) -> bool:
    return line.unit_price is not None or bool(line.tiers)


def load_usage(path: CsvSource, records: Sequence[ReviewRecord]) -> list[UsageRecord]:
    index = ContractIndex(records)
    out: list[UsageRecord] = []
    matchers: dict[str, _MetricMatcher] = {}
    for row in read_rows(
        path,
        required=[
            ("contract", "customer_id", "customer_name"),
            ("period", "date", "timeframe_start"),
            ("fee_line", "metric"),
            ("quantity",),
        ],
        aliases=ALIASES,
    ):
        contract = index.resolve(row)
        matcher = matchers.setdefault(contract, _MetricMatcher(index.records[contract]))
        out.append(
            UsageRecord(
                contract=contract,
                fee_line=matcher.fee_line(row),
                month=_row_month(row),
                quantity=row.decimal("quantity", minimum=Decimal(0)),
                where=f"{row.file} row {row.number}",
            )
        )
    return out


def _row_month(row: Row) -> date:
    if row.get("period"):
        return row.month("period")
    if row.get("date"):
        return row.day("date").replace(day=1)
    start = row.day("timeframe_start")
    if row.get("timeframe_end"):
        end = row.day("timeframe_end")
        if end < start:
            raise row.fail("timeframe_end is before timeframe_start")
        # Orb's timeframe_end is exclusive: a month's usage ends on the 1st of the next month.
        last = end - timedelta(days=1) if end > start else end
        if month_of(last) != month_of(start):
            raise row.fail("the timeframe spans more than one calendar month; export by month")
    return month_of(start)


class _MetricMatcher:
    def __init__(self, record: ReviewRecord) -> None:
        self.contract = record.contract
        self.lines = [t.value for t in record.terms.fee_lines]
        self._cache: dict[str, int] = {}

    def fee_line(self, row: Row) -> int:
        raw = row.get("fee_line")
        if raw:
            if not raw.isdigit() or int(raw) >= len(self.lines):
                raise row.fail(f"fee_line {raw!r} is not a fee line of {self.contract}")
            if not priced(self.lines[int(raw)]):
                raise row.fail(f"fee line {raw} of {self.contract} has no unit price")
            return int(raw)
        metric = row.text("metric")
        if metric not in self._cache:
            self._cache[metric] = self._match(row, metric)
        return self._cache[metric]

    def _match(self, row: Row, metric: str) -> int:
        words = norm_words(metric)
        candidates = [i for i, line in enumerate(self.lines) if priced(line)]
        by_unit = [i for i in candidates if norm_words(self.lines[i].unit or "") == words]
        if len(by_unit) == 1:
            return by_unit[0]
        pool = by_unit or candidates
        found = [
            i
            for i in pool
            if set(words) <= set(norm_words(f"{self.lines[i].description} {self.lines[i].unit}"))
        ]
        if len(found) == 1:
            return found[0]
        if not found:
            raise row.fail(
                f"metric {metric!r} matches no priced fee line of {self.contract}; "
                "add a fee_line column"
            )
        lines = ", ".join(str(i) for i in found)
        raise row.fail(
            f"metric {metric!r} matches fee lines {lines} of {self.contract}; add a fee_line column"
        )


def by_fee_line(usage: Sequence[UsageRecord]) -> dict[int, dict[date, Decimal]]:
    """Quantities of one contract's usage summed per fee line and month."""
    out: dict[int, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for record in usage:
        out[record.fee_line][record.month] += record.quantity
    return {k: dict(v) for k, v in out.items()}


Band = tuple[Decimal, Decimal | None, Decimal]


def bands(line: FeeLine) -> list[Band]:
    """Tiers as (lower, upper, price) bands: a band covers units above `lower` up to `upper`.

    Contracts write bounds either way ("0 to 10,000,000; 10,000,001 to 25,000,000" or
    "0-400M; 400M and above"): the upper bound of a band is its `to_units`, else the next
    tier's `from_units`; its lower bound is the previous band's upper bound."""
    if not line.tiers:
        if line.unit_price is None:
            return []
        return [(Decimal(0), None, line.unit_price)]
    tiers = sorted(line.tiers, key=lambda t: t.from_units or Decimal(0))
    out: list[Band] = []
    lower = Decimal(0)
    for i, tier in enumerate(tiers):
        upper = tier.to_units
        if upper is None and i + 1 < len(tiers):
            upper = tiers[i + 1].from_units
        out.append((lower, upper, tier.unit_price))
        if upper is None:
            break
        lower = upper
    return out


def graduated_value(units: Decimal, line_bands: Sequence[Band]) -> Decimal:
    total = Decimal(0)
    for lower, upper, price in line_bands:
        if units <= lower:
            break
        top = units if upper is None else min(units, upper)
        total += (top - lower) * price
    return total


def volume_value(units: Decimal, line_bands: Sequence[Band]) -> Decimal:
    if units <= 0 or not line_bands:
        return Decimal(0)
    for _lower, upper, price in line_bands:
        if upper is None or units <= upper:
            return units * price
    return units * line_bands[-1][2]


def usage_value(
    line: FeeLine, quantities: Mapping[date, Decimal], anchor: date, tier_months: int
) -> dict[date, Decimal]:
    """Exact value of each month's usage at the line's prices.

    Tiers count units cumulatively within tier periods of `tier_months` from `anchor`. With
    retroactive (volume) tiers the month that crosses a threshold reprices the earlier units
    of the period: that month carries the cumulative catch-up (ASC 606-10-55-216, Example 24)."""
    line_bands = bands(line)
    retro = line.tier_mode is TierMode.RETROACTIVE and len(line_bands) > 1
    value = volume_value if retro else graduated_value
    out: dict[date, Decimal] = {}
    cumulative: dict[int, Decimal] = defaultdict(Decimal)
    for month in sorted(quantities):
        block = month_index(month, anchor) // tier_months
        before = cumulative[block]
        cumulative[block] = before + quantities[month]
        out[month] = value(cumulative[block], line_bands) - value(before, line_bands)
    return out
