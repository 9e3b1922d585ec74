"""Render stage: ReviewRecord -> Markdown memo, through the package's jinja2 template."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.render_filters import duration, long_date, money
from assistant.schemas import (
    Citation,
    ContractTerms,
    Duration,
    FeeLine,
    PartyRole,
    ReviewRecord,
    Term,
)

MEMO_TEMPLATE = "memo.md.j2"


@dataclass(frozen=True)
class KeyTerm:
    """One row of the key-terms table: what the contract says and where."""

    name: str
    value: str
    citations: list[Citation]


def describe_fee(fee: FeeLine, currency: str | None) -> str:
    parts = [_brief(fee.description, fee.kind.value.replace("_", " ").capitalize())]
    if fee.amount is not None:
        amount = money(fee.amount, currency)
        if fee.period is None:
            parts.append(amount)
        elif fee.period.value == 1:
            parts.append(f"{amount} per {fee.period.unit.value.rstrip('s')}")
        else:
            parts.append(f"{amount} per {duration(fee.period)}")
    if fee.unit_price is not None:
        parts.append(f"{money(fee.unit_price, currency)} per {fee.unit or 'unit'}")
    if fee.quantity is not None:
        parts.append(f"quantity {fee.quantity.normalize():f}")
    if fee.tiers:
        mode = f" ({fee.tier_mode.value})" if fee.tier_mode else ""
        parts.append(f"{len(fee.tiers)} price tiers{mode}")
    if fee.commitment_period is not None:
        parts.append(f"commitment period {duration(fee.commitment_period)}")
    if fee.shortfall is not None:
        parts.append(f"shortfall {fee.shortfall.value}")
    if fee.credit_expiry is not None:
        parts.append(f"credits expire after {duration(fee.credit_expiry)}")
    if fee.billing_frequency is not None:
        timing = f" in {fee.billing_timing.value}" if fee.billing_timing else ""
        parts.append(f"billed {fee.billing_frequency.value.replace('_', ' ')}{timing}")
    if fee.third_party:
        parts.append("third-party service resold")
    return "; ".join(parts)


def _brief(text: str, fallback: str, limit: int = 80) -> str:
    """Short descriptions as they are; a whole sentence is replaced by its kind, because the
    appendix quotes it in full."""
    text = " ".join(text.split())
    if text and len(text) <= limit and not text.endswith("."):
        return text
    return f"{fallback} (quoted in Appendix A)"


def _adjective(value: Duration) -> str:
    """`12 months` -> `12-month`, as in "successive 12-month terms"."""
    return f"{value.value.normalize():f}-{value.unit.value.rstrip('s')}"


def key_terms(terms: ContractTerms) -> list[KeyTerm]:
    """The key-terms table, in the order a reviewer reads a contract."""
    currency = terms.currency.value if terms.currency else None
    rows: list[KeyTerm] = []

    def add(name: str, term: Term | None, text: str) -> None:
        if term is None:
            rows.append(KeyTerm(name, "Not found in the contract", []))
        else:
            rows.append(KeyTerm(name, text, term.citations))

    for role in (PartyRole.CUSTOMER, PartyRole.PROVIDER):
        party = terms.party(role)
        add(role.value.title(), party, party.value.name if party else "")
    for p in terms.parties:
        if p.value.role is PartyRole.OTHER:
            add("Party", p, p.value.name)
    add(
        "Agreement date",
        terms.agreement_date,
        long_date(terms.agreement_date.value) if terms.agreement_date else "",
    )
    add(
        "Effective date",
        terms.effective_date,
        long_date(terms.effective_date.value) if terms.effective_date else "",
    )
    add(
        "Expiration date",
        terms.expiration_date,
        long_date(terms.expiration_date.value) if terms.expiration_date else "",
    )
    add(
        "Initial term",
        terms.initial_term,
        duration(terms.initial_term.value) if terms.initial_term else "",
    )
    if terms.renewal is not None:
        r = terms.renewal.value
        text = "Automatic renewal" if r.automatic else "Renewal by agreement or election"
        if r.renewal_term:
            text += f" for successive {_adjective(r.renewal_term)} terms"
        if r.notice_period:
            text += f"; notice {duration(r.notice_period)}"
        add("Renewal", terms.renewal, text)
    else:
        add("Renewal", None, "")
    for right in terms.termination_rights:
        v = right.value
        text = f"{v.party.value.title()} may terminate for {v.trigger.value}"
        if v.notice_period:
            text += f" on {duration(v.notice_period)} notice"
        if v.has_penalty or v.penalty_amount is not None:
            text += "; termination penalty applies"
            if v.penalty_amount is not None:
                text += f" ({money(v.penalty_amount, currency)})"
        rows.append(KeyTerm("Termination", text, right.citations))
    add("Currency", terms.currency, terms.currency.value if terms.currency else "")
    for f in terms.fee_lines:
        rows.append(
            KeyTerm(
                f"Fee: {f.value.kind.value.replace('_', ' ')}",
                describe_fee(f.value, currency),
                f.citations,
            )
        )
    if not terms.fee_lines:
        rows.append(KeyTerm("Fees", "Not found in the contract", []))
    for d in terms.discounts:
        text = _brief(d.value.description, d.value.kind.value.replace("_", " ").capitalize())
        if d.value.percent is not None:
            text += f" ({d.value.percent:g}%)"
        if d.value.amount is not None:
            text += f" ({money(d.value.amount, currency)})"
        rows.append(KeyTerm(f"Discount: {d.value.kind.value.replace('_', ' ')}", text, d.citations))
    for item in terms.variable_items:
        rows.append(
            KeyTerm(
                f"Variable: {item.value.kind.value.replace('_', ' ')}",
                _brief(
                    item.value.description, item.value.kind.value.replace("_", " ").capitalize()
                ),
                item.citations,
            )
        )
    if terms.payment_terms is not None:
        pay = terms.payment_terms.value
        text = (
            f"Net {pay.net_days} days" if pay.net_days is not None else pay.description or "Stated"
        )
        rows.append(KeyTerm("Payment terms", text, terms.payment_terms.citations))
    else:
        add("Payment terms", None, "")
    for o in terms.customer_options:
        rows.append(
            KeyTerm(
                f"Option: {o.value.kind.value.replace('_', ' ')}",
                _brief(o.value.description, "Option"),
                o.citations,
            )
        )
    for g in terms.licence_grants:
        text = f"{g.value.kind.value.title()} licence"
        if g.value.perpetual:
            text += ", perpetual"
        if g.value.term:
            text += f", term {duration(g.value.term)}"
        rows.append(KeyTerm("Licence grant", text, g.citations))
    for w in terms.warranties:
        text = f"{w.value.kind.value.title()}-type warranty"
        if w.value.duration:
            text += f" for {duration(w.value.duration)}"
        rows.append(KeyTerm("Warranty", text, w.citations))
    add(
        "Governing law",
        terms.governing_law,
        terms.governing_law.value if terms.governing_law else "",
    )
    return rows


def po_citations(record: ReviewRecord) -> dict[str, list[Citation]]:
    """Each PO's citations, falling back to the citations of its fee lines."""
    out: dict[str, list[Citation]] = {}
    fees = record.terms.fee_lines
    for po in record.analysis.step2.performance_obligations:
        cites = list(po.citations)
        for i in po.fee_lines:
            if 0 <= i < len(fees):
                cites.extend(fees[i].citations)
        out[po.id] = cites
    return out


def all_fee_citations(terms: ContractTerms) -> list[Citation]:
    return [c for f in terms.fee_lines for c in f.citations]


def unverified_fields(candidates: ContractTerms | None) -> list[str]:
    """Names of the fields for which only unverified candidates exist."""
    if candidates is None:
        return []
    return [
        name
        for name in type(candidates).model_fields
        if getattr(candidates, name) not in (None, [])
    ]


def render_memo(record: ReviewRecord, status: str | None = None) -> str:
    """The reviewable memo. Deterministic for a given record and review status.

    `status` comes from the review store (`ReviewStore.status_for`), e.g. "reviewed by
    a.chen on 2026-11-25 14:02 UTC"; without it the memo is a draft.
    """
    from assistant.templating import render

    terms = record.terms
    currency = terms.currency.value if terms.currency else record.analysis.step3.currency
    asc_used = sorted(
        {p for c in record.analysis.conclusions() for p in c.asc}
        | {p for f in record.analysis.flags for p in f.asc},
        key=_asc_key,
    )
    return render(
        MEMO_TEMPLATE,
        record=record,
        terms=terms,
        analysis=record.analysis,
        currency=currency,
        key_terms=key_terms(terms),
        review_status=status or "draft, not reviewed",
        missing=terms.missing(),
        unverified=unverified_fields(record.candidates),
        po_cites=po_citations(record),
        fee_cites=all_fee_citations(terms),
        asc_used=asc_used,
        clause_index={c.id: c for c in record.clauses},
        customer=terms.party(PartyRole.CUSTOMER),
        provider=terms.party(PartyRole.PROVIDER),
    )


def _asc_key(paragraph: str) -> tuple[tuple[int, str], ...]:
    """`606-10-55-65A` sorts after `606-10-55-65` and before `606-10-55-66`."""
    parts = []
    for part in paragraph.split("-"):
        digits = part.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        parts.append((int(digits) if digits.isdigit() else -1, part[len(digits) :]))
    return tuple(parts)


__all__ = ["KeyTerm", "describe_fee", "key_terms", "render_memo"]
