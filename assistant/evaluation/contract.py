"""Score one reviewed contract against its labels: terms, citations, engine and memo.

`score_contract` returns a `Tally` per metric (see `METRICS`) and the misses behind them.
The rules of each metric are in `docs/evaluation.md`; the counting itself is in `scoring.py`,
the normal forms in `values.py`, the citation metrics in `citations.py` and the memo rule in
`memo.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from assistant.evaluation import values
from assistant.evaluation.citations import score_citations
from assistant.evaluation.memo import check_memo
from assistant.evaluation.scoring import (
    ContractScore,
    MetricKind,
    Tally,
    score_flag,
    score_multiset,
    score_set,
    score_share,
    score_value,
)
from assistant.schemas import (
    ContractLabels,
    Document,
    PartyRole,
    ReviewRecord,
    TerminationParty,
    TerminationTrigger,
)

TERM_FIELDS = (
    "customer",
    "provider",
    "agreement_date",
    "effective_date",
    "expiration_date",
    "initial_term_months",
    "auto_renewal",
    "renewal_term_months",
    "renewal_notice_days",
    "customer_termination_for_convenience",
    "currency",
    "payment_net_days",
    "governing_law",
    "fee_lines",
    "variable_kinds",
)

METRICS: dict[str, tuple[MetricKind, str]] = {
    **{f"terms.{f}": ("prf", f"extracted {f.replace('_', ' ')}") for f in TERM_FIELDS},
    "citations.verbatim": ("share", "citations whose quote is in the cited clause and page"),
    "citations.at_labelled_clause": (
        "share",
        "citations of a labelled field that point at the labelled clause",
    ),
    "citations.fields_at_labelled_clause": (
        "share",
        "labelled fields with a value whose citations include the labelled clause",
    ),
    "engine.contract_term_months": ("share", "accounting contract term in months"),
    "engine.month_to_month": ("share", "month-to-month conclusion"),
    "engine.po_count": ("share", "number of performance obligations"),
    "engine.po_kinds": ("prf", "performance obligations by kind"),
    "engine.po_timing": ("prf", "performance obligations by kind and timing"),
    "engine.variable_kinds": ("prf", "variable-consideration kinds concluded"),
    "engine.transaction_price": ("share", "transaction price to the cent"),
    "engine.allocation": ("prf", "allocation lines (PO kind, amount to the cent)"),
    "engine.flags_required": ("share", "required flags raised"),
    "memo.citations_resolve": ("share", "memo citation labels that resolve to an extracted quote"),
    "memo.figures_cited": ("share", "memo lines with a figure that carry a resolving citation"),
    "memo.fully_cited": ("share", "memos with every figure cited and every citation resolving"),
}
"""Every metric the eval reports: name -> (kind, what it counts)."""


def score_contract(
    record: ReviewRecord, labels: ContractLabels, document: Document, memo: str
) -> ContractScore:
    """All metrics for one contract. `document` verifies quotes; `memo` is the rendered memo."""
    score = ContractScore()
    _score_terms(score, record, labels)
    score_citations(score, record, labels, document)
    _score_engine(score, record, labels)
    _score_memo(score, record, memo)
    return score


# --- terms -----------------------------------------------------------------------------------


def _predicted_terms(record: ReviewRecord) -> dict[str, Any]:
    t = record.terms
    customer, provider = t.party(PartyRole.CUSTOMER), t.party(PartyRole.PROVIDER)
    renewal = t.renewal.value if t.renewal else None
    tfc = any(
        r.value.trigger is TerminationTrigger.CONVENIENCE
        and r.value.party in (TerminationParty.CUSTOMER, TerminationParty.EITHER)
        for r in t.termination_rights
    )
    return {
        "customer": customer.value.name if customer else None,
        "provider": provider.value.name if provider else None,
        "agreement_date": t.agreement_date.value if t.agreement_date else None,
        "effective_date": t.effective_date.value if t.effective_date else None,
        "expiration_date": t.expiration_date.value if t.expiration_date else None,
        "initial_term_months": t.initial_term.value if t.initial_term else None,
        "auto_renewal": renewal.automatic if renewal else None,
        "renewal_term_months": renewal.renewal_term if renewal else None,
        "renewal_notice_days": renewal.notice_period if renewal else None,
        "customer_termination_for_convenience": tfc or None,
        "currency": t.currency.value if t.currency else None,
        "payment_net_days": t.payment_terms.value.net_days if t.payment_terms else None,
        "governing_law": t.governing_law.value if t.governing_law else None,
    }


def _eq(a: object, b: object) -> bool:
    return a == b


_SAME: dict[str, Callable[[Any, Any], bool]] = {
    "customer": lambda e, p: values.party_name(e) == values.party_name(p),
    "provider": lambda e, p: values.party_name(e) == values.party_name(p),
    "initial_term_months": lambda e, p: values.months_match(p, e),
    "renewal_term_months": lambda e, p: values.months_match(p, e),
    "renewal_notice_days": lambda e, p: values.days_match(p, e),
    "currency": lambda e, p: values.currency(e) == values.currency(p),
    "governing_law": lambda e, p: values.jurisdiction(e) == values.jurisdiction(p),
}
_FLAGS = ("auto_renewal", "customer_termination_for_convenience")


def _score_terms(score: ContractScore, record: ReviewRecord, labels: ContractLabels) -> None:
    expected, predicted = labels.terms, _predicted_terms(record)
    absent = set(expected.absent)
    for name, pred in predicted.items():
        want = getattr(expected, name)
        if name in _FLAGS:
            tally = score_flag(want, pred)
        else:
            stated = want is not None or name in absent
            tally = score_value(want, pred, _SAME.get(name, _eq), stated=stated)
        score.add(f"terms.{name}", tally, want, pred)

    want_fees = [values.fee_key(f.kind.value, f.amount, f.unit_price) for f in expected.fee_lines]
    got_fees = [
        values.fee_key(f.value.kind.value, f.value.amount, f.value.unit_price)
        for f in record.terms.fee_lines
    ]
    score.add(
        "terms.fee_lines",
        score_multiset(want_fees, got_fees),
        "; ".join(sorted(map(values.show_fee, want_fees))),
        "; ".join(sorted(map(values.show_fee, got_fees))),
    )
    want_kinds = sorted({k.value for k in expected.variable_kinds})
    got_kinds = sorted({v.value.kind.value for v in record.terms.variable_items})
    _add_list(
        score, "terms.variable_kinds", score_set(want_kinds, got_kinds), want_kinds, got_kinds
    )


def _add_list(
    score: ContractScore, metric: str, tally: Tally, want: list[Any], got: list[Any]
) -> None:
    score.add(metric, tally, _show_list(want), _show_list(got))


def _show_list(items: list[Any]) -> str:
    def one(item: Any) -> str:
        if isinstance(item, tuple):
            return "/".join(values.show(x) for x in item if x is not None)
        return values.show(item)

    return "; ".join(sorted(one(i) for i in items))


# --- engine ----------------------------------------------------------------------------------


def _months(value: Decimal | None) -> Decimal | None:
    return value.normalize() if value is not None else None


def _cents(amount: Decimal) -> str:
    """Money to the cent, as text: `575698.46`; compared as text, so exactly to the cent."""
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def _score_engine(score: ContractScore, record: ReviewRecord, labels: ContractLabels) -> None:
    a, g = record.analysis, labels.engine
    if g.contract_term_months is not None:
        got_term = _months(a.step1.contract_term_months)
        want_term = _months(g.contract_term_months)
        score.add(
            "engine.contract_term_months",
            score_share(int(got_term == want_term), 1),
            want_term,
            got_term,
        )
    score.add(
        "engine.month_to_month",
        score_share(int(a.step1.month_to_month == g.month_to_month), 1),
        g.month_to_month,
        a.step1.month_to_month,
    )
    pos = a.step2.performance_obligations
    score.add(
        "engine.po_count",
        score_share(int(len(pos) == len(g.performance_obligations)), 1),
        len(g.performance_obligations),
        len(pos),
    )
    want_kinds = [p.kind.value for p in g.performance_obligations]
    got_kinds = [p.kind.value for p in pos]
    _add_list(
        score, "engine.po_kinds", score_multiset(want_kinds, got_kinds), want_kinds, got_kinds
    )
    want_timing = [(p.kind.value, p.timing.value) for p in g.performance_obligations]
    got_timing = [(p.kind.value, p.timing.value) for p in pos]
    _add_list(
        score, "engine.po_timing", score_multiset(want_timing, got_timing), want_timing, got_timing
    )
    want_vc = sorted(set(g.variable_kinds))
    got_vc = sorted({c.outcome for c in a.step3.conclusions if c.topic == "variable_consideration"})
    _add_list(score, "engine.variable_kinds", score_set(want_vc, got_vc), want_vc, got_vc)
    want_price, got_price = _cents(g.transaction_price), _cents(a.step3.total)
    score.add(
        "engine.transaction_price",
        score_share(int(want_price == got_price), 1),
        want_price,
        got_price,
    )
    kinds = {p.id: p.kind.value for p in pos}
    want_alloc = [
        (p.kind.value, _cents(p.allocated))
        for p in g.performance_obligations
        if p.allocated is not None
    ]
    got_alloc = [(kinds.get(x.po_id, x.po_id), _cents(x.allocated)) for x in a.step4.lines]
    _add_list(
        score, "engine.allocation", score_multiset(want_alloc, got_alloc), want_alloc, got_alloc
    )
    raised = {f.kind for f in a.flags}
    for kind in g.flag_kinds:
        ok = kind in raised
        score.add(
            "engine.flags_required", score_share(int(ok), 1), kind.value, "raised" if ok else ""
        )


# --- memo ------------------------------------------------------------------------------------


def _score_memo(score: ContractScore, record: ReviewRecord, memo: str) -> None:
    check = check_memo(memo, record)
    score.add(
        "memo.citations_resolve",
        score_share(check.labels - len(check.unresolved), check.labels),
        "resolving",
        "; ".join(check.unresolved[:5]),
    )
    score.add(
        "memo.figures_cited",
        score_share(check.figure_lines - len(check.uncited), check.figure_lines),
        "cited",
        " | ".join(line.strip()[:120] for line in check.uncited[:5]),
    )
    score.add("memo.fully_cited", score_share(int(check.ok), 1), "fully cited", "")
