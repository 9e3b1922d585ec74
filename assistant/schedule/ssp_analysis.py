"""SSP analysis: historical standalone sales -> per product, the median price, the share of
sales within a band (+/-15%) of it, and whether an observable SSP can be supported (at
least 80% of sales in the band, and enough sales); otherwise a suggested estimate basis.
The observable results become an SSP table (`ssp.toml`) that loads as `SspTable` and feeds
step 4 (`revrec review --ssp`). Columns: docs/schedules.md.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.schemas import FeeKind, SspBasis

from ._csv import CsvSource, Row, ScheduleInputError, read_rows
from ._months import CENT

ALIASES = {
    "net_price": "net_amount",
    "amount": "net_amount",
    "list_price": "list_amount",
    "date": "sale_date",
    "invoice_date": "sale_date",
}
RATIO_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Sale:
    product: str
    kind: FeeKind | None
    day: date
    value: Decimal
    """Net over list price (a ratio) or net price per unit, per the product's measure."""
    measure: str


@dataclass(frozen=True)
class SspResult:
    product: str
    kind: FeeKind | None
    measure: str
    """`price_ratio` (net / list) or `unit_rate` (net per unit)."""
    sales: int
    first_sale: date
    last_sale: date
    median: Decimal
    minimum: Decimal
    maximum: Decimal
    within_band: int
    share_within_band: Decimal
    """0 to 1."""
    observable: bool
    suggested_basis: SspBasis
    reason: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True)
class SspSettings:
    band: Decimal = Decimal("0.15")
    """Half-width of the band around the median, as a fraction (0.15 is +/-15%)."""
    threshold: Decimal = Decimal("0.80")
    """Share of sales in the band an observable SSP needs."""
    min_sales: int = 5
    """Fewer standalone sales than this are too few to call any price observable."""


def _kind(row: Row, product: str) -> FeeKind | None:
    raw = row.get("kind") or product
    try:
        return FeeKind(raw.strip().lower())
    except ValueError:
        if row.get("kind"):
            allowed = ", ".join(k.value for k in FeeKind)
            raise row.fail(f"kind {raw!r} is not one of: {allowed}") from None
        return None


def load_history(path: CsvSource) -> list[Sale]:
    """Read standalone sales; each product uses one measure throughout (ratio or unit price)."""
    sales: list[Sale] = []
    measure: dict[str, str] = {}
    for row in read_rows(
        path, required=[("product",), ("sale_date",), ("net_amount",)], aliases=ALIASES
    ):
        product = row.text("product")
        net = row.decimal("net_amount", minimum=Decimal(0))
        this = "price_ratio" if row.get("list_amount") else "unit_rate"
        if measure.setdefault(product, this) != this:
            raise row.fail(
                f"product {product!r} mixes rows with and without list_amount; use one measure"
            )
        if this == "price_ratio":
            listed = row.decimal("list_amount", minimum=Decimal(0))
            if listed == 0:
                raise row.fail("list_amount is zero")
            value = net / listed
        else:
            quantity = row.decimal("quantity", minimum=Decimal(0)) if row.get("quantity") else 1
            if quantity == 0:
                raise row.fail("quantity is zero")
            value = net / quantity
        sales.append(Sale(product, _kind(row, product), row.day("sale_date"), value, this))
    if not sales:
        raise ScheduleInputError(f"{path.name}: no sales rows")
    return sales


def analyse_ssp(sales: list[Sale], settings: SspSettings | None = None) -> list[SspResult]:
    settings = settings or SspSettings()
    groups: dict[str, list[Sale]] = defaultdict(list)
    for sale in sales:
        groups[sale.product].append(sale)
    results: list[SspResult] = []
    for product, rows in sorted(groups.items()):
        values = sorted(s.value for s in rows)
        median = statistics.median(values)
        low, high = median * (1 - settings.band), median * (1 + settings.band)
        within = sum(1 for v in values if low <= v <= high)
        share = Decimal(within) / Decimal(len(values))
        enough = len(values) >= settings.min_sales
        observable = enough and share >= settings.threshold and median > 0
        pct = f"{(share * 100).quantize(Decimal('0.1'))}%"
        band = f"+/-{(settings.band * 100).normalize():f}%"
        if observable:
            basis, reason = SspBasis.OBSERVABLE, f"{pct} of {len(values)} sales within {band}"
        elif not enough:
            basis = SspBasis.ADJUSTED_MARKET
            reason = (
                f"only {len(values)} standalone sales (fewer than {settings.min_sales}): "
                "estimate by adjusted market assessment or expected cost plus margin (32-33, "
                "32-34)"
            )
        else:
            basis = SspBasis.ADJUSTED_MARKET
            reason = (
                f"{pct} of sales within {band} (below {settings.threshold * 100:.0f}%): prices "
                "too dispersed to be observable; segment the sales (size, region, volume) and "
                "retest, or estimate by adjusted market assessment or cost plus margin"
            )
        kinds = {s.kind for s in rows}
        results.append(
            SspResult(
                product=product,
                kind=kinds.pop() if len(kinds) == 1 else None,
                measure=rows[0].measure,
                sales=len(values),
                first_sale=min(s.day for s in rows),
                last_sale=max(s.day for s in rows),
                median=median,
                minimum=values[0],
                maximum=values[-1],
                within_band=within,
                share_within_band=share,
                observable=observable,
                suggested_basis=basis,
                reason=reason,
                values=tuple(values),
            )
        )
    return results


TABLE_COLUMNS = [
    "product",
    "kind",
    "measure",
    "sales",
    "first_sale",
    "last_sale",
    "median",
    "minimum",
    "maximum",
    "within_band",
    "share_within_band",
    "observable",
    "suggested_basis",
    "reason",
]


def _figure(result: SspResult, value: Decimal) -> str:
    places = RATIO_PLACES if result.measure == "price_ratio" else CENT
    return f"{value.quantize(places):f}"


def ssp_table_rows(results: list[SspResult]) -> list[list[str]]:
    return [
        [
            r.product,
            r.kind.value if r.kind else "",
            r.measure,
            str(r.sales),
            r.first_sale.isoformat(),
            r.last_sale.isoformat(),
            _figure(r, r.median),
            _figure(r, r.minimum),
            _figure(r, r.maximum),
            str(r.within_band),
            f"{r.share_within_band.quantize(RATIO_PLACES):f}",
            "yes" if r.observable else "no",
            r.suggested_basis.value,
            r.reason,
        ]
        for r in results
    ]


def ssp_toml(results: list[SspResult], source: str, settings: SspSettings | None = None) -> str:
    """An SSP table (`SspTable` TOML): an entry per observable product with a fee kind.

    Products that are not observable, have no fee kind, or share a kind with another product
    are written as comments with the reason: the table never carries an SSP the evidence does
    not support; the reviewer decides those."""
    settings = settings or SspSettings()
    band = f"+/-{(settings.band * 100).normalize():f}%"
    per_kind: dict[FeeKind, int] = defaultdict(int)
    for r in results:
        if r.kind is not None:
            per_kind[r.kind] += 1
    out = [
        f"# SSP table from the standalone sales in {source} (revrec ssp).",
        "# Loads as assistant.schemas.SspTable; pass it to `revrec review --ssp`.",
        f"# Observable: at least {settings.threshold * 100:.0f}% of at least "
        f"{settings.min_sales} sales within {band} of the median.",
    ]
    for r in results:
        evidence = (
            f"SSP study {source}: {r.sales} standalone sales {r.first_sale.isoformat()} to "
            f"{r.last_sale.isoformat()}, {(r.share_within_band * 100).quantize(Decimal('0.1'))}% "
            f"within {band} of the median {_figure(r, r.median)}"
        )
        lines = [
            "[[entries]]",
            f"kind = {_toml_str(r.kind.value if r.kind else '')}",
            f"basis = {_toml_str(r.suggested_basis.value)}",
            f"{r.measure} = {_figure(r, r.median)}",
            f"evidence = {_toml_str(evidence)}",
        ]
        problem = ""
        if not r.observable:
            problem = f"not observable: {r.reason}"
        elif r.kind is None:
            problem = "no fee kind: add a kind column (platform, usage, ...) to the history"
        elif per_kind[r.kind] > 1:
            problem = f"several products have kind {r.kind.value}; the table holds one per kind"
        out.append("")
        if problem:
            out.append(f"# {r.product}: {problem}.")
            out.extend(f"# {line}" for line in lines)
        else:
            out.append(f"# {r.product}")
            out.extend(lines)
    return "\n".join(out) + "\n"


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else " " for c in escaped) + '"'


def ssp_chart_png(results: list[SspResult], settings: SspSettings | None = None) -> bytes:
    """A strip chart per product: each sale's price over the product's median, the band
    shaded, sales outside it in red. Rendered with matplotlib's Agg backend (no display)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    settings = settings or SspSettings()
    band = float(settings.band)
    fig = Figure(figsize=(8, 1.2 + 0.6 * max(1, len(results))), dpi=100)
    ax = fig.add_subplot()
    ax.axvspan(1 - band, 1 + band, color="#d9ead3", label=f"median +/-{band * 100:g}%")
    ax.axvline(1.0, color="#38761d", linewidth=1)
    for y, r in enumerate(results):
        if r.median <= 0:
            continue
        xs = [float(v / r.median) for v in r.values]
        inside = [1 - band <= x <= 1 + band for x in xs]
        ax.scatter(
            xs,
            [y] * len(xs),
            c=["#38761d" if i else "#cc0000" for i in inside],
            s=18,
            alpha=0.7,
            linewidths=0,
        )
    labels = [
        f"{r.product} ({r.share_within_band * 100:.0f}% in band, "
        + ("observable)" if r.observable else "not observable)")
        for r in results
    ]
    ax.set_yticks(range(len(results)), labels)
    ax.set_ylim(-0.7, len(results) - 0.3)
    ax.invert_yaxis()
    ax.set_xlabel("standalone price / product median")
    ax.set_title("SSP analysis: standalone sales around the median")
    ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
