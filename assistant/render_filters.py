"""Formatting helpers for memo templates: money, dates, durations, citations, escaping.

Contract text is hostile input: everything that came from a contract goes through `md`
(or `cell` in tables), which neutralises HTML and Markdown control characters so that a
memo rendered to HTML cannot carry markup smuggled in through a clause.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from assistant.schemas import Citation, Duration
from assistant.schemas.record import ClauseRef

_CENT = Decimal("0.01")


def md(value: object) -> str:
    """Escape text for Markdown prose: no raw HTML, no line breaks that start new blocks."""
    text = " ".join(str(value).split())
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("`", "'")
        .replace("*", "\\*")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )


def cell(value: object) -> str:
    """Escape text for a Markdown table cell."""
    return md(value).replace("|", "\\|")


def money(amount: Decimal | None, currency: str | None = None) -> str:
    if amount is None:
        return "n/a"
    places = _CENT if amount == amount.quantize(_CENT) else Decimal("0.000001")
    quantised = amount.quantize(places, rounding=ROUND_HALF_UP)
    text = f"{quantised:,f}"
    if places != _CENT:
        text = text.rstrip("0")
    return f"{currency} {text}" if currency else text


def long_date(value: date | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:%B} {value.day}, {value.year}"


def duration(value: Duration | None) -> str:
    return "n/a" if value is None else str(value)


def months(value: Decimal | None) -> str:
    if value is None:
        return "n/a"
    text = f"{value.normalize():f}"
    return f"{text} month" if value == 1 else f"{text} months"


def citation_label(citation: Citation, clauses: Mapping[str, ClauseRef]) -> str:
    ref = clauses.get(citation.clause_id)
    number = citation.clause_id
    name = f"§{number}" if number[:1].isdigit() else number
    if ref is not None and ref.heading:
        name = f"{name} {ref.heading}"
    return f"({md(name)}, p. {citation.page})"


@pass_context
def cites(context: Context, citations: Iterable[Citation], limit: int = 3) -> str:
    """`(§4.2 Fees, p. 3); (Exhibit A/2, p. 7)`: unique clause/page pairs, at most `limit`."""
    clauses: Mapping[str, ClauseRef] = context["clause_index"]
    seen: dict[tuple[str, int], str] = {}
    for c in citations:
        key = (c.clause_id, c.page)
        if key not in seen:
            seen[key] = citation_label(c, clauses)
    labels = list(seen.values())
    if len(labels) > limit:
        labels = [*labels[:limit], f"and {len(labels) - limit} more"]
    return "; ".join(labels)


def asc(paragraphs: Iterable[str]) -> str:
    return ", ".join(f"ASC {p}" for p in paragraphs)


def label(value: Any) -> str:
    """`over_time` -> `over time`."""
    return str(getattr(value, "value", value)).replace("_", " ")


_FLAG_TITLES = {"mfn": "MFN", "missing_ssp": "Missing SSP", "principal_agent": "Principal vs agent"}


def flag_title(kind: Any) -> str:
    """`mfn` -> `MFN`, `missing_term` -> `Missing term`."""
    value = str(getattr(kind, "value", kind))
    return _FLAG_TITLES.get(value, label(value).capitalize())


FILTERS = {
    "flag_title": flag_title,
    "md": md,
    "cell": cell,
    "money": money,
    "long_date": long_date,
    "duration": duration,
    "months": months,
    "cites": cites,
    "asc": asc,
    "label": label,
}
