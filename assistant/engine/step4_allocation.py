"""Step 4: allocate the transaction price (ASC 606-10-32-28 to 32-41).

The fixed consideration is shared by the POs that carry fixed consideration, in proportion
to their standalone selling prices (32-31), rounded to the cent by the largest-remainder
method so the shares tie exactly to the transaction price. Usage-based (variable) fees are
allocated to the period of usage (32-39 to 32-41) and never enter that split.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.engine._common import (
    ALLOCATION,
    CENT,
    DISCOUNT_ALLOCATION,
    SSP_ESTIMATE,
    VARIABLE_ALLOCATION,
    ZERO,
    cents,
    citations_of,
    conclude,
    flag,
    fmt_money,
    fmt_number,
)
from assistant.engine.rounding import allocate_cents
from assistant.engine.step3_price import over_term
from assistant.schemas import (
    AllocationLine,
    Conclusion,
    ContractTerms,
    FeeLine,
    Flag,
    FlagKind,
    PerformanceObligation,
    Severity,
    SspBasis,
    SspTable,
    Step1Contract,
    Step2Obligations,
    Step3Price,
    Step4Allocation,
)
from assistant.schemas.analysis import ConsiderationKind


@dataclass
class _Ssp:
    po: PerformanceObligation
    stated: Decimal
    """The PO's fixed consideration as the contract prices it (set-up fees included)."""
    has_fixed: bool
    has_variable: bool
    ssp: Decimal = ZERO
    basis: SspBasis = SspBasis.CONTRACT_PRICE
    how: str = ""
    flag: Flag | None = None


def allocate_price(
    terms: ContractTerms,
    step1: Step1Contract,
    step2: Step2Obligations,
    step3: Step3Price,
    table: SspTable,
) -> Step4Allocation:
    currency = step3.currency
    months = step1.contract_term_months
    rows = [_ssp(terms, po, step3, table, months, currency) for po in step2.performance_obligations]
    sharing = [r for r in rows if r.has_fixed]
    weights = [max(r.ssp, ZERO) for r in sharing]
    fallback = ""
    if sharing and sum(weights, ZERO) == 0:
        # No usable SSP at all: fall back to the stated prices, then to equal shares.
        weights = [max(r.stated, ZERO) for r in sharing]
        fallback = "stated prices"
        if sum(weights, ZERO) == 0:
            weights = [Decimal(1)] * len(sharing)
            fallback = "equal shares"
    shares = allocate_cents(step3.fixed, weights) if sharing else []
    allocated = {r.po.id: share for r, share in zip(sharing, shares, strict=True)}

    lines = [
        AllocationLine(
            po_id=r.po.id,
            ssp=r.ssp,
            ssp_basis=r.basis,
            allocated=allocated.get(r.po.id, ZERO),
            variable_allocated_directly=r.has_variable,
        )
        for r in rows
    ]
    conclusions = [_ssp_conclusion(r, currency) for r in sharing]
    if sharing:
        conclusions.append(
            _allocation_conclusion(terms, sharing, allocated, step3, currency, fallback)
        )
    conclusions += [_variable_conclusion(r) for r in rows if r.has_variable]
    return Step4Allocation(
        lines=lines,
        total_allocated=sum((line.allocated for line in lines), ZERO),
        conclusions=conclusions,
    )


def _ssp(
    terms: ContractTerms,
    po: PerformanceObligation,
    step3: Step3Price,
    table: SspTable,
    months: Decimal | None,
    currency: str | None,
) -> _Ssp:
    parts = [c for c in step3.components if c.po_id == po.id]
    fixed = [c for c in parts if c.kind is ConsiderationKind.FIXED]
    row = _Ssp(
        po=po,
        stated=sum((c.amount for c in fixed if c.amount is not None), ZERO),
        has_fixed=bool(fixed),
        has_variable=any(c.kind is ConsiderationKind.VARIABLE for c in parts),
    )
    entry = table.entry(po.kind)
    if not row.has_fixed:
        row.basis = entry.basis if entry else SspBasis.CONTRACT_PRICE
        return row
    label = f"{po.id} {po.name}"
    stated = fmt_money(row.stated, currency)
    quantity, unit = _quantity(terms, po, months)
    if entry is not None and entry.price_ratio is not None:
        row.ssp, row.basis = cents(entry.price_ratio * row.stated), entry.basis
        row.how = f"the contract price of {stated} x the SSP ratio {fmt_number(entry.price_ratio)}"
    elif entry is not None and entry.unit_rate is not None and quantity is not None:
        rate = fmt_money(entry.unit_rate, currency)
        row.ssp, row.basis = cents(entry.unit_rate * quantity), entry.basis
        row.how = f"{_units(quantity, unit)} x the SSP rate of {rate}"
    else:
        row.ssp, row.basis = row.stated, SspBasis.CONTRACT_PRICE
        reason = (
            "the SSP table has a unit rate but the contract states no quantity"
            if entry is not None
            else f"the SSP table has no entry for {po.kind.value.replace('_', ' ')}"
        )
        message = (
            f"No standalone selling price for {label}: {reason}, so the contract price of "
            f"{stated} is used unverified. The reviewer supplies SSP evidence (observable "
            "prices, adjusted market assessment or expected cost plus margin)."
        )
        row.how = f"the contract price of {stated}, unverified"
        row.flag = flag(
            FlagKind.MISSING_SSP, Severity.JUDGMENT, message, SSP_ESTIMATE, po.citations
        )
    if row.ssp == 0 and row.flag is None:
        message = (
            f"The standalone selling price of {label} works out at nil because the contract "
            "states no separate price for it, so it receives no share of the transaction price. "
            "The reviewer estimates its SSP."
        )
        row.flag = flag(
            FlagKind.MISSING_SSP, Severity.JUDGMENT, message, SSP_ESTIMATE, po.citations
        )
    if entry is not None and entry.evidence and row.basis is entry.basis:
        row.how += f" (evidence: {entry.evidence})"
    return row


def _quantity(
    terms: ContractTerms, po: PerformanceObligation, months: Decimal | None
) -> tuple[Decimal | None, str]:
    """Units bought for a unit-rate SSP (e.g. hours), scaled to the term like the price.

    A line that states an amount and a unit price but no quantity bought implies
    `amount / unit price` units (USD 55,000 at USD 275 an hour is 200 hours).
    """
    counted: list[tuple[FeeLine, Decimal]] = []
    for i in po.fee_lines:
        fee = terms.fee_lines[i].value
        if fee.kind is not po.kind:
            continue  # a set-up fee folded into the PO is not measured in its units
        if fee.quantity is not None:
            counted.append((fee, fee.quantity))
        elif fee.amount is not None and fee.unit_price:
            counted.append((fee, fee.amount / fee.unit_price))
    if not counted:
        return None, "units"
    unit = counted[0][0].unit or "units"
    return sum((over_term(q, f, months) for f, q in counted), ZERO), unit


def _units(quantity: Decimal, unit: str) -> str:
    """`200 hours`, `about 36.36 hours`."""
    shown = fmt_number(quantity)
    if quantity != quantity.quantize(CENT):
        shown = f"about {fmt_number(quantity.quantize(CENT))}"
    if unit.isalpha() and not unit.endswith("s") and quantity != 1:
        unit += "s"
    return f"{shown} {unit}"


def _ssp_conclusion(row: _Ssp, currency: str | None) -> Conclusion:
    label = f"{row.po.id} {row.po.name}"
    rationale = f"The standalone selling price of {label} is {fmt_money(row.ssp, currency)}: "
    rationale += f"{row.how}."
    flags = [row.flag] if row.flag else []
    return conclude(
        "standalone_selling_price", row.basis, rationale, SSP_ESTIMATE, row.po.citations, flags
    )


def _allocation_conclusion(
    terms: ContractTerms,
    sharing: list[_Ssp],
    allocated: dict[str, Decimal],
    step3: Step3Price,
    currency: str | None,
    fallback: str,
) -> Conclusion:
    total_ssp = sum((r.ssp for r in sharing), ZERO)
    shares = "; ".join(f"{r.po.id} {fmt_money(allocated[r.po.id], currency)}" for r in sharing)
    fixed = fmt_money(step3.fixed, currency)
    if len(sharing) == 1:
        rationale = (
            f"Only {sharing[0].po.id} carries fixed consideration, so the whole fixed transaction "
            f"price of {fixed} is allocated to it."
        )
        return conclude(
            "allocation", "single_po", rationale, ALLOCATION, citations_of(terms.fee_lines)
        )
    if fallback:
        rationale = (
            f"No performance obligation has a standalone selling price above nil, so the fixed "
            f"transaction price of {fixed} is allocated in proportion to {fallback} until the "
            f"reviewer supplies SSPs: {shares}."
        )
        return conclude(
            "allocation",
            "reviewer_to_confirm",
            rationale,
            ALLOCATION,
            citations_of(terms.fee_lines),
        )
    difference = step3.fixed - total_ssp
    rationale = (
        f"The fixed transaction price of {fixed} is allocated to the performance obligations in "
        f"proportion to their standalone selling prices (total {fmt_money(total_ssp, currency)}), "
        f"rounded to the cent by the largest-remainder method so the shares sum exactly to the "
        f"transaction price: {shares}."
    )
    paragraphs = ALLOCATION
    if difference and total_ssp > 0:
        word = "discount" if difference < 0 else "premium"
        rationale += (
            f" The {word} of {fmt_money(abs(difference), currency)} against the sum of SSPs is "
            "spread across all of them in proportion, as nothing shows it relates to only some."
        )
        paragraphs = (*ALLOCATION, *DISCOUNT_ALLOCATION)
    return conclude(
        "allocation", "relative_ssp", rationale, paragraphs, citations_of(terms.fee_lines)
    )


def _variable_conclusion(row: _Ssp) -> Conclusion:
    label = f"{row.po.id} {row.po.name}"
    fixed = " in addition to its share of the fixed consideration" if row.has_fixed else ""
    rationale = (
        f"The per-unit (usage or time-and-materials) fees of {label} are allocated entirely to "
        f"that performance obligation{fixed}, and within it to the distinct period in which the "
        "units are delivered: they relate specifically to the entity's performance in that "
        "period and, priced at the contract's per-unit rates, the result is consistent with the "
        "allocation objective."
    )
    return conclude(
        "variable_allocation",
        "allocated_to_period_of_usage",
        rationale,
        VARIABLE_ALLOCATION,
        row.po.citations,
    )
