"""The portfolio waterfall as a chart (PNG, matplotlib Agg: no display needed)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from ._months import ZERO, period_label
from .models import ContractSchedule


def waterfall_chart_png(
    contracts: Sequence[ContractSchedule], currency: str | None = None, *, top: int = 8
) -> bytes:
    """Monthly revenue stacked by contract, in one currency (default: the largest one); the
    `top` contracts by revenue are drawn separately, the rest as `other`."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    scheduled = [c for c in contracts if c.scheduled]
    totals: dict[str | None, Decimal] = {}
    for c in scheduled:
        totals[c.currency] = totals.get(c.currency, ZERO) + sum(
            (c.revenue(m) for m in c.months), ZERO
        )
    if currency is None and totals:
        currency = max(totals, key=lambda k: totals[k])
    chosen = [c for c in scheduled if c.currency == currency]
    months = sorted({m for c in chosen for m in c.months})
    ranked = sorted(chosen, key=lambda c: -sum((c.revenue(m) for m in c.months), ZERO))
    series = [(c.contract, [float(c.revenue(m)) for m in months]) for c in ranked[:top]]
    rest = ranked[top:]
    if rest:
        series.append(("other", [float(sum((c.revenue(m) for c in rest), ZERO)) for m in months]))
    fig = Figure(figsize=(10, 4.5), dpi=100)
    ax = fig.add_subplot()
    base = [0.0] * len(months)
    x = range(len(months))
    for name, values in series:
        ax.bar(x, values, bottom=base, label=name, width=0.85)
        base = [b + v for b, v in zip(base, values, strict=True)]
    step = max(1, len(months) // 12)
    ax.set_xticks(list(x)[::step], [period_label(m) for m in months][::step], rotation=45)
    ax.set_ylabel(f"revenue ({currency})" if currency else "revenue")
    ax.set_title("Revenue waterfall by month")
    if series:
        ax.legend(fontsize="small", loc="upper right")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
