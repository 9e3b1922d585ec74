"""Standalone selling prices for Step 4 (32-31 to 32-35).

In order of precedence: the reviewer's SSP for the PO (an amount with its basis, or the
residual approach), a material right's option value (55-44), the reviewer-maintained table
entry for the PO's kind (`price_ratio` x the stated price, or `unit_rate` x the quantity),
and last the contract's stated price, unverified and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.engine._common import (
    CENT,
    OPTION_SSP,
    RESIDUAL_APPROACH,
    SSP_ESTIMATE,
    ZERO,
    cents,
    conclude,
    flag,
    fmt_money,
    fmt_number,
    per_reviewer,
)
from assistant.engine.consideration import over_term
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    FeeLine,
    Flag,
    FlagKind,
    PerformanceObligation,
    Severity,
    SspBasis,
    SspOverride,
    SspTable,
)


@dataclass
class SspRow:
    po: PerformanceObligation
    stated: Decimal
    """The PO's fixed consideration as the contract prices it (set-up fees included)."""
    has_fixed: bool
    has_variable: bool
    included: Decimal = ZERO
    """Estimated variable consideration that relates specifically to this PO."""
    ssp: Decimal = ZERO
    basis: SspBasis = SspBasis.CONTRACT_PRICE
    how: str = ""
    flag: Flag | None = None
    reviewer: bool = False
    residual: bool = False


def assign_ssp(
    row: SspRow,
    terms: ContractTerms,
    table: SspTable,
    override: SspOverride | None,
    option_ssp: Decimal | None,
    months: Decimal | None,
    currency: str | None,
) -> None:
    """Set the row's SSP, basis, explanation and flag (a residual SSP is set later)."""
    po = row.po
    entry = table.entry(po.kind)
    label = f"{po.id} {po.name}"
    stated = fmt_money(row.stated, currency)
    if override is not None:
        row.reviewer, row.basis = True, override.basis
        if override.basis is SspBasis.RESIDUAL and override.ssp is None:
            row.residual = True
            row.how = "the residual approach"
            return
        row.ssp = cents(override.ssp or ZERO)
        row.how = f"determined by the reviewer{per_reviewer(override.evidence)}"
        return
    if option_ssp is not None:
        row.ssp, row.basis, row.reviewer = option_ssp, SspBasis.ADJUSTED_MARKET, True
        row.how = "the value of the option to the customer, per reviewer input (55-44)"
        return
    if not row.has_fixed:
        row.basis = entry.basis if entry else SspBasis.CONTRACT_PRICE
        return
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


def set_residual(
    row: SspRow, residual: Decimal, others: list[SspRow], currency: str | None
) -> None:
    """The residual SSP (32-34(c)): allowed only if another PO has an observable-based SSP."""
    label = f"{row.po.id} {row.po.name}"
    anchored = [r for r in others if not r.residual and r.ssp > 0]
    row.ssp = max(residual, ZERO)
    row.how = (
        "the residual approach (per reviewer input): the transaction price less the "
        f"standalone selling prices of the other goods or services = {fmt_money(row.ssp, currency)}"
    )
    problem = ""
    if not anchored:
        problem = "no other performance obligation has a standalone selling price to deduct"
    elif residual <= 0:
        problem = (
            f"the residual works out at {fmt_money(residual, currency)}: a distinct good or "
            "service cannot have a nil SSP, so the residual approach does not suit this contract"
        )
    if problem:
        message = (
            f"The residual approach for {label} cannot be relied on: {problem}. The reviewer "
            "estimates its SSP another way (32-33, 32-34)."
        )
        row.flag = flag(
            FlagKind.MISSING_SSP, Severity.JUDGMENT, message, RESIDUAL_APPROACH, row.po.citations
        )


def ssp_conclusion(row: SspRow, currency: str | None) -> Conclusion:
    label = f"{row.po.id} {row.po.name}"
    rationale = (
        f"The standalone selling price of {label} is {fmt_money(row.ssp, currency)}: {row.how}."
    )
    paragraphs = SSP_ESTIMATE
    if row.residual:
        rationale += (
            " The residual approach is used only because the SSP is highly variable or not yet "
            "established (32-34(c)), as the reviewer has determined, and the result is checked "
            "against the range of observable prices."
        )
        paragraphs = (*SSP_ESTIMATE, *RESIDUAL_APPROACH)
    if row.po.material_right:
        paragraphs = (*SSP_ESTIMATE, *OPTION_SSP)
    flags = [row.flag] if row.flag else []
    return conclude(
        "standalone_selling_price",
        row.basis,
        rationale,
        paragraphs,
        row.po.citations,
        flags,
        amount=row.ssp,
        reviewer_input=row.reviewer,
    )


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
