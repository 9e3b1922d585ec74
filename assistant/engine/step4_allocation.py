"""Step 4: allocate the transaction price (ASC 606-10-32-28 to 32-41).

The fixed consideration is shared by the POs that carry fixed consideration (and confirmed
material rights), in proportion to their standalone selling prices (32-31; `ssp`), rounded
to the cent by the largest-remainder method so the shares tie exactly to the price. A
discount goes to some POs only when the reviewer gives the 32-37 evidence; a residual SSP is
the price left after the others (32-34(c)). Usage-based fees are allocated to the period of
usage (32-39 to 32-41) and never enter the split; estimated variable consideration goes to
the PO it relates to, else in proportion to SSP.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    ZERO,
)
from assistant.engine._inputs import Inputs
from assistant.engine.allocation_conclusions import (
    allocation_conclusion,
    direct,
    included_conclusion,
    nothing_to_allocate,
    spread_conclusion,
    usage_conclusion,
)
from assistant.engine.material_rights import confirmed_rights
from assistant.engine.rounding import allocate_cents
from assistant.engine.ssp import SspRow, assign_ssp, set_residual, ssp_conclusion
from assistant.schemas import (
    AllocationLine,
    ContractTerms,
    ReviewerInputs,
    SspTable,
    Step1Contract,
    Step2Obligations,
    Step3Price,
    Step4Allocation,
)
from assistant.schemas.analysis import ConsiderationKind


def allocate_price(
    terms: ContractTerms,
    step1: Step1Contract,
    step2: Step2Obligations,
    step3: Step3Price,
    table: SspTable,
    inputs: ReviewerInputs | Inputs | None = None,
) -> Step4Allocation:
    view = Inputs.of(inputs)
    currency = step3.currency
    months = step1.contract_term_months
    options = iter(confirmed_rights(terms, view))
    rows: list[SspRow] = []
    for po in step2.performance_obligations:
        parts = [c for c in step3.components if c.po_id == po.id]
        fixed = [c for c in parts if c.kind is ConsiderationKind.FIXED]
        row = SspRow(
            po=po,
            stated=sum((c.amount for c in fixed if c.amount is not None), ZERO),
            has_fixed=bool(fixed) or po.material_right,
            has_variable=any(
                c.kind is ConsiderationKind.VARIABLE and c.amount is None for c in parts
            ),
            included=sum(
                (
                    c.amount
                    for c in parts
                    if c.kind is ConsiderationKind.VARIABLE and c.amount is not None
                ),
                ZERO,
            ),
        )
        if row.has_variable and not row.has_fixed and not direct(row, view):
            # Its variable fees are shared by relative SSP (32-40(b) not met), so it also
            # shares the fixed price in proportion to its SSP (Example 35, Case B).
            row.has_fixed = True
        option = next(options).ssp if po.material_right else None
        assign_ssp(row, terms, table, view.ssp_override(po.id), option, months, currency)
        rows.append(row)
    sharing = [r for r in rows if r.has_fixed]
    pool = step3.fixed
    if not sharing and pool:
        # A fixed amount with no fixed-price obligation to carry it (a payment to the customer
        # on a usage-only contract): every obligation shares it.
        sharing = list(rows)
    group_ids = set(view.raw.discount_allocation.po_ids) if view.raw.discount_allocation else set()
    group = [r for r in sharing if r.po.id in group_ids]
    residuals = [r for r in sharing if r.residual]
    others = [r for r in sharing if r not in group and not r.residual]
    group_total = _group_total(view, group, others, pool)
    for r in residuals:
        deducted = sum((o.ssp for o in others), ZERO) + (
            group_total if group else sum((g.ssp for g in group), ZERO)
        )
        set_residual(r, (pool - deducted) / len(residuals), [*others, *group], currency)

    allocated, how = _split(sharing, group, residuals, others, group_total, pool)
    unassigned = step3.variable_included - sum((r.included for r in rows), ZERO)
    spread = _spread(unassigned, sharing or rows)
    lines = [
        AllocationLine(
            po_id=r.po.id,
            ssp=r.ssp,
            ssp_basis=r.basis,
            allocated=allocated.get(r.po.id, ZERO) + r.included + spread.get(r.po.id, ZERO),
            variable_allocated_directly=r.has_variable and direct(r, view),
        )
        for r in rows
    ]
    conclusions = [ssp_conclusion(r, currency) for r in sharing]
    if sharing:
        conclusions.append(
            allocation_conclusion(terms, sharing, allocated, step3, currency, how, view)
        )
    conclusions += [usage_conclusion(r, rows, view, currency) for r in rows if r.has_variable]
    conclusions += [included_conclusion(r, currency) for r in rows if r.included]
    if unassigned:
        conclusions.append(spread_conclusion(unassigned, spread, currency))
    if not conclusions:
        conclusions.append(nothing_to_allocate(terms, rows))
    return Step4Allocation(
        lines=lines,
        total_allocated=sum((line.allocated for line in lines), ZERO),
        conclusions=conclusions,
    )


def _group_total(view: Inputs, group: list[SspRow], others: list[SspRow], pool: Decimal) -> Decimal:
    evidence = view.raw.discount_allocation
    if not group or evidence is None:
        return ZERO
    if evidence.bundle_price is not None:
        return evidence.bundle_price
    return pool - sum((o.ssp for o in others), ZERO)


def _split(
    sharing: list[SspRow],
    group: list[SspRow],
    residuals: list[SspRow],
    others: list[SspRow],
    group_total: Decimal,
    pool: Decimal,
) -> tuple[dict[str, Decimal], str]:
    """Each sharing PO's share of the fixed price, and how it was split."""
    if not sharing:
        return {}, ""
    group_ssp = sum((g.ssp for g in group), ZERO)
    if group and 0 <= group_total <= group_ssp and group_total <= pool and group_ssp > 0:
        # 32-37: the others keep their SSPs, the group absorbs the whole discount.
        rest = pool - group_total
        outside = [*others, *residuals]
        shares = dict(
            zip(
                (r.po.id for r in group),
                allocate_cents(group_total, [g.ssp for g in group]),
                strict=True,
            )
        )
        if outside:
            weights = [max(r.ssp, ZERO) for r in outside]
            if sum(weights, ZERO) == 0:
                weights = [Decimal(1)] * len(outside)
            shares.update(
                zip((r.po.id for r in outside), allocate_cents(rest, weights), strict=True)
            )
        elif rest:
            return _proportional(sharing, pool)
        return shares, "discount_to_some"
    return _proportional(sharing, pool)


def _proportional(sharing: list[SspRow], pool: Decimal) -> tuple[dict[str, Decimal], str]:
    weights = [max(r.ssp, ZERO) for r in sharing]
    how = "relative_ssp"
    if sum(weights, ZERO) == 0:
        # No usable SSP at all: fall back to the stated prices, then to equal shares.
        weights = [max(r.stated, ZERO) for r in sharing]
        how = "stated prices"
        if sum(weights, ZERO) == 0:
            weights = [Decimal(1)] * len(sharing)
            how = "equal shares"
    shares = allocate_cents(pool, weights)
    return {r.po.id: s for r, s in zip(sharing, shares, strict=True)}, how


def _spread(amount: Decimal, sharing: list[SspRow]) -> dict[str, Decimal]:
    """Estimated variable consideration that relates to no single PO: by relative SSP."""
    if not amount or not sharing:
        return {}
    weights = [max(r.ssp, ZERO) for r in sharing]
    if sum(weights, ZERO) == 0:
        weights = [Decimal(1)] * len(sharing)
    return {r.po.id: s for r, s in zip(sharing, allocate_cents(amount, weights), strict=True)}
