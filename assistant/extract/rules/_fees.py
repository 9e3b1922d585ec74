"""Fee lines: every amount in a sentence about fees, read in prose or in a table row.

Each amount becomes a line with its kind, unit price or amount, period and billing, unless it
is not a fee of this contract (free credits, a list price, an insurance limit) or restates a
line already read (a total of a periodic fee, an order form repeating the body), which would
count it twice in the transaction price.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.extract.parse import Amount, Found
from assistant.extract.rules._commitments import commitment_details, unit_commitments
from assistant.extract.rules._common import IC, MONEY_HINT, Extraction
from assistant.extract.rules._discounts import FREE_CREDITS
from assistant.extract.rules._fee_phrases import (
    FEE_CONTEXT,
    TIME_UNIT,
    billing,
    fee_kind,
    period_near,
    unit_after,
    unit_before,
)
from assistant.extract.rules._sentences import Sentence
from assistant.extract.rules._tiers import set_tiers, tier_unit, volume_tiers
from assistant.schemas import FeeKind, FeeLine, Term

NOT_FEE_CONTEXT = re.compile(
    r"\b(?:insurance|insured|coverage|liabilit\w{1,4}|damages|indemn\w{1,8}|capital|shares?|"
    r"stock|loan|salary|salaries|wages?|bonus|penalt\w{1,4}|fines?(?![\w-])|bond|net\sworth|"
    r"aggregate\s{1,5}amount\s{1,5}of\s{1,5}all|exceed(?:s|ing)?\s{1,5}the"
    r"\s{1,5}(?:amount|total)|lesser\s{1,5}of|greater\s{1,5}of|policy|policies|"
    r"judgment|claims?|reimburs\w{1,6}|expenses?|interest|securities|valuation|tax\w{0,3}|"
    r"(?<!non-)refund(?:s|ed|ing)?)\b",
    IC,
)
NOT_A_PRICE = re.compile(
    r"\b(?:list|standard|retail|published|regular)\s{1,5}(?:\w{1,15}\s{1,5})?(?:price|rate|fee)s?"
    r"\s{1,5}(?:of\s{1,5})?(?:is\s{1,5})?$|\binstead\s{1,5}of\s{1,5}$|\bthat\s{1,5}is\s{1,5}$",
    IC,
)
NOT_THIS_CONTRACTS_FEE = re.compile(
    r"\b(?:list|published|retail|rack)\s{1,5}(?:\w{1,15}\s{1,5}){0,2}?prices?\b"
    r"(?![^.;]{0,80}\b(?:shall|will)\s{1,5}pay\b)[^.;$€£]{0,90}$|"
    r"\brate[\s-]card\s{1,5}value\s{1,5}of\s{1,5}$|"
    r"\b(?:previous|prior|former|superseded|expiring|existing|current)\s{1,5}(?:\w{1,15}\s{1,5})"
    r"{0,2}?(?:fee|price|rate|charge)s?\s{1,5}(?:of|was|is)\s{1,5}$|"
    r"\bbeing\s{1,5}the\s{1,5}(?:\w{1,15}\s{1,5}){0,3}?(?:fee|price|rate|charge)s?\s{1,5}of\s{1,5}$|"
    r"\b(?:estimat\w{0,5}|approximately|roughly)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}$|"
    r"\b(?:example|illustrat\w{1,6})\b[^.;$€£]{0,60}$|"
    r"\b(?:equal\s{1,5})?instal+ments?\s{1,5}(?:of\s{1,5})?(?:\w{1,10}\s{1,5})?$|"
    r"\b(?:reduced|decreased|reduction)\s{1,5}(?:by|of)\s{1,5}$|"
    r"(?<!non-)\brefund(?:s|ed|ing)?\b[^.;$€£]{0,80}$",
    IC,
)
"""Before an amount: a list or reference price, the previous fee, an estimate or example, an
instalment of a fee stated elsewhere, a reduction; none is a fee of this contract."""
NOT_THIS_CONTRACTS_FEE_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:no\s{1,5}longer\s{1,5}appl\w{1,3}|for\s{1,5}the\s{1,5}"
    r"(?:current|previous|prior|expiring|initial)\s{1,5}term)\b",
    IC,
)
EXAMPLE_SENTENCE = re.compile(
    r"^\s{0,3}(?:example|illustration|e\.g\.)\b|\bfor\s{1,5}(?:example|instance)\b|"
    r"\b(?:example|illustration)\s{0,3}:",
    IC,
)
SERVICE_CREDIT_SENTENCE = re.compile(r"\b(?:service|sla|availability)\s{1,5}credits?\b", IC)
TOTAL_CUE = re.compile(
    r"\b(?:total\w{0,5}|in\s{1,5}the\s{1,5}aggregate|aggregate|over\s{1,5}the\s{1,5}(?:\w{1,15}\s{1,5})?"
    r"term|for\s{1,5}(?:the\s{1,5}|all\s{1,5})?(?:\w{1,15}\s{1,5}){0,2}(?:term|years))\b",
    IC,
)
HOURS_AT_RATE = re.compile(
    r"(?<![\w.,])(?P<hours>\d{1,6}(?:,\d{3})?(?:\.\d{1,2})?)\)?\s{1,3}(?:\w{1,15}\s{1,3})?"
    r"hours?\b[^.;$€£]{0,60}?(?:at|@|x|×)\s{0,3}$",
    IC,
)
THIRD_PARTY = re.compile(
    r"\bthird[ -]party\b[^.;]{0,60}?\b(?:model|service|software|product|api|provider|licen[cs]e)",
    IC,
)
BEYOND = re.compile(r"\b(?:above|beyond|over|in\s{1,5}excess\s{1,5}of|overflow|additional)\b", IC)
ROW_ENDS_IN_FIGURE = re.compile(r"[a-z)]\s{1,5}\d[\d,]*\.\d{2,6}\s{0,3}$", IC)
"""A row of its own: a label and a priced figure (the row above a wrapped label)."""
FEE_HEADING = re.compile(
    r"\b(?:fees?|commitment|credits?|charges?|price|spend|minimum)\W{0,3}$", IC
)
_GENERIC = (FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.USAGE)
_AMOUNT_KINDS = (FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT, FeeKind.PREPAID_CREDITS)
"""Kinds whose amount is a total, never a unit price."""


def fee_lines(ex: Extraction) -> list[Term[FeeLine]]:
    out: list[Term[FeeLine]] = []
    tiered: tuple[str, Term[FeeLine]] | None = None  # last tiered line and its clause
    for s, monies in ex.money_sentences:
        if not FEE_CONTEXT.search(s.text) and not any(
            unit_after(ex.text[f.end : f.end + 60]) for f in monies
        ):
            continue
        clause = ex.doc.clause_at(s.start)
        clause_id = clause.id if clause else ""
        tiers, tier_money = volume_tiers(ex, s, monies)
        if not tiers and tiered is not None and tiered[0] == clause_id:
            # A tier table broken by a page: the rows after the break join the line.
            more, tier_money = volume_tiers(ex, s, monies, minimum=1)
            if more:
                line = tiered[1]
                line.value.tiers.extend(more)
                extra = ex.cite(s.start, s.end)
                if extra is not None and extra not in line.citations:
                    line.citations.append(extra)
        table = len(monies) >= 2 and s.text.count("\n") >= 2
        prev_end = s.start
        for f in monies:
            lo, hi = _local(ex, s, f, prev_end, monies, table)
            prev_end = f.end
            if (f.start, f.end) in tier_money:
                continue
            span = (lo, hi) if table else ex.window(s, f.start, f.end)
            found = _fee_line(ex, s, f, lo, hi, span, table)
            if found is None:
                continue
            fee, conf = found
            if tiers and fee.kind is FeeKind.USAGE and not fee.tiers:
                set_tiers(ex, fee, tiers, s)
                tiers = []
            total = bool(TOTAL_CUE.search(ex.text[max(lo, f.start - 40) : f.end + 40]))
            if _fold_into(ex, out, fee, span, total, clause_id):
                continue
            term = ex.term(fee, [span], conf)
            if term is not None:
                out.append(term)
                if term.value.tiers:
                    tiered = (clause_id, term)
        if tiers:
            fee = FeeLine(
                kind=FeeKind.USAGE,
                description=ex.describe(s.start, s.end),
                unit=tier_unit(ex, s),
            )
            set_tiers(ex, fee, tiers, s)
            term = ex.term(fee, [(s.start, s.end)], 0.6)
            if term is not None:
                out.append(term)
                tiered = (clause_id, term)
    out.extend(unit_commitments(ex, out))
    return out


def _fold_into(
    ex: Extraction,
    lines: list[Term[FeeLine]],
    fee: FeeLine,
    span: tuple[int, int],
    total: bool,
    clause_id: str,
) -> bool:
    """Fold `fee` into a line already read when it restates it; True when folded.

    A total (`USD 540,000 for the Term`, `totalling USD 270,000`) of a periodic line in the
    same clause is not a second fee; a priced quantity of services takes its stated total
    as its amount; a line repeated elsewhere (an order form restating the body) adds a
    citation. Counting either twice would double the transaction price.
    """
    for line in reversed(lines):
        v = line.value
        if v.kind is not fee.kind:
            continue
        if total and any(c.clause_id == clause_id for c in line.citations):
            if v.unit_price is not None and v.amount is None and fee.amount is not None:
                v.amount = fee.amount
            elif v.period is None and v.commitment_period is None:
                continue
            return _add_citation(ex, line, span)
        same_amount = fee.amount is not None and v.amount == fee.amount
        same_price = fee.unit_price is not None and v.unit_price == fee.unit_price
        if (same_amount or same_price) and all(
            getattr(fee, k) is None or getattr(v, k) is None or getattr(fee, k) == getattr(v, k)
            for k in ("amount", "unit_price", "unit", "period")
        ):
            for k in ("amount", "unit_price", "unit", "period", "quantity", "billing_frequency",
                      "billing_timing"):  # fmt: skip
                if getattr(v, k) is None and getattr(fee, k) is not None:
                    setattr(v, k, getattr(fee, k))
            return _add_citation(ex, line, span)
    return False


def _add_citation(ex: Extraction, line: Term[FeeLine], span: tuple[int, int]) -> bool:
    extra = ex.cite(*span)
    if extra is not None and extra not in line.citations and len(line.citations) < 3:
        line.citations.append(extra)
    return True


def _local(
    ex: Extraction,
    s: Sentence,
    f: Found[Amount],
    prev_end: int,
    monies: list[Found[Amount]],
    table: bool,
) -> tuple[int, int]:
    """The stretch of text that belongs to one amount: its row in a table, else its phrase."""
    nxt = next((g.start for g in monies if g.start > f.start), s.end)
    if table:
        return ex.row(s, f)
    return max(prev_end, f.start - 160, s.start), min(nxt, f.end + 100, s.end)


def _row_label(ex: Extraction, s: Sentence, row_start: int) -> str:
    """Up to three lines above a table row, back to the previous line with an amount."""
    lines: list[str] = []
    end = row_start - 1
    for _ in range(3):
        start = ex.text.rfind("\n", s.start, max(end, s.start)) + 1
        if start < s.start or end <= s.start:
            break
        line = ex.text[start:end]
        if (MONEY_HINT.search(line.lower()) and any(ch.isdigit() for ch in line)) or (
            ROW_ENDS_IN_FIGURE.search(line)
        ):
            break
        lines.insert(0, line)
        end = start - 1
    return " ".join(lines)


def _fee_line(
    ex: Extraction,
    s: Sentence,
    f: Found[Amount],
    lo: int,
    hi: int,
    span: tuple[int, int],
    table: bool = False,
) -> tuple[FeeLine, float] | None:
    before = ex.text[lo : f.start]
    after = ex.text[f.end : hi]
    near = before[-90:]
    if FREE_CREDITS.search(near + ex.text[f.end : f.end + 40]):
        return None  # free or bonus credits are a discount, not a fee
    if NOT_A_PRICE.search(near):
        return None  # a list price or a restatement, not a fee of this contract
    local = ex.text[max(s.start, f.start - 160) : f.start]
    if (
        NOT_THIS_CONTRACTS_FEE.search(local)
        or NOT_THIS_CONTRACTS_FEE_AFTER.search(ex.text[f.end : f.end + 60])
        or EXAMPLE_SENTENCE.search(ex.text[lo : f.start])
        or SERVICE_CREDIT_SENTENCE.search(s.text)
    ):
        return None
    # In a table row the fee's name comes first (`Platform Fee, Subscription Year 1 ...`).
    kind = fee_kind(near, first=table) or fee_kind(before, first=table)
    if kind is None and table:
        kind = fee_kind(_row_label(ex, s, lo), first=True)
    if kind is None or kind in _GENERIC:
        # `Annual Commitment. GBP 300,000 per Commitment Year`: the heading names the fee.
        heading = ex.heading_before(s, FEE_HEADING)
        kind = (fee_kind(heading.text) if heading else None) or kind
    unit = unit_after(after) or unit_before(near)
    if unit and TIME_UNIT.fullmatch(unit):
        unit = None  # "per month" states the period, not a usage unit
    if NOT_FEE_CONTEXT.search(near) and kind is None:
        return None
    if kind is None and unit is None and not FEE_CONTEXT.search(before + after[:40]):
        return None
    conf = 0.75 if kind else 0.55
    if kind is None:
        if unit in ("hour", "hours"):
            kind = FeeKind.PROFESSIONAL_SERVICES
        elif unit and re.match(r"(?:user|seat|licen[cs]e|named user|subscriber)s?\b", unit, re.I):
            kind = FeeKind.SUBSCRIPTION
        elif unit:
            kind = FeeKind.USAGE
        else:
            kind = fee_kind(s.text) or FeeKind.OTHER
            conf = 0.5
    if unit and kind in _AMOUNT_KINDS:
        kind = FeeKind.USAGE  # a price per unit is usage, even beside a commitment
    elif unit and kind is FeeKind.RESERVED_CAPACITY and BEYOND.search(near):
        kind = FeeKind.USAGE  # storage or compute above what the reservation includes
    fee = FeeLine(kind=kind, description=ex.describe(*span))
    period = period_near(before, after)
    if unit and kind not in _AMOUNT_KINDS:
        fee.unit_price = f.value.value
        fee.unit = unit
    else:
        fee.amount = f.value.value
        fee.period = period
    hours = HOURS_AT_RATE.search(before[-100:])
    if hours and kind is FeeKind.PROFESSIONAL_SERVICES:
        fee.quantity = Decimal(hours.group("hours").replace(",", ""))
        fee.unit, fee.unit_price, fee.amount, fee.period = "hour", f.value.value, None, None
    # In a table only the row speaks for the line; in prose the whole sentence does.
    billing(ex.text[lo:hi] if table else s.text, fee)
    if kind in _AMOUNT_KINDS:
        commitment_details(ex, s, fee, before, after)
    if THIRD_PARTY.search(s.text):
        fee.third_party = True
    return fee, conf
