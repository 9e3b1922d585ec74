"""The conclusions of Step 4: how the price was allocated, and where variable fees went.

Split from `step4_allocation` so that the arithmetic and the prose it is explained in can be
read separately; every function here only describes numbers the allocation already computed.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    ALLOCATION,
    DISCOUNT_ALLOCATION,
    DISCOUNT_TO_SOME,
    VARIABLE_ALLOCATION,
    ZERO,
    citations_of,
    conclude,
    fmt_money,
    fmt_number,
    per_reviewer,
)
from assistant.engine._inputs import Inputs
from assistant.engine.ssp import SspRow
from assistant.schemas import Conclusion, ContractTerms, Step3Price


def direct(row: SspRow, view: Inputs) -> bool:
    decided = [view.variable_allocation(i) for i in row.po.fee_lines]
    return not any(d is not None and not d.allocate_directly for d in decided)


def allocation_conclusion(
    terms: ContractTerms,
    sharing: list[SspRow],
    allocated: dict[str, Decimal],
    step3: Step3Price,
    currency: str | None,
    how: str,
    view: Inputs,
) -> Conclusion:
    total_ssp = sum((r.ssp for r in sharing), ZERO)
    shares = "; ".join(f"{r.po.id} {fmt_money(allocated[r.po.id], currency)}" for r in sharing)
    fixed = fmt_money(step3.fixed, currency)
    cites = citations_of(terms.fee_lines)
    if len(sharing) == 1:
        rationale = (
            f"Only {sharing[0].po.id} carries fixed consideration, so the whole fixed transaction "
            f"price of {fixed} is allocated to it."
        )
        return conclude("allocation", "single_po", rationale, ALLOCATION, cites, amount=step3.fixed)
    if how in ("stated prices", "equal shares"):
        rationale = (
            f"No performance obligation has a standalone selling price above nil, so the fixed "
            f"transaction price of {fixed} is allocated in proportion to {how} until the "
            f"reviewer supplies SSPs: {shares}."
        )
        return conclude(
            "allocation", "reviewer_to_confirm", rationale, ALLOCATION, cites, amount=step3.fixed
        )
    if how == "discount_to_some":
        evidence = view.raw.discount_allocation
        assert evidence is not None
        ids = ", ".join(sorted(evidence.po_ids))
        rationale = (
            f"The fixed transaction price of {fixed} is below the sum of standalone selling "
            f"prices ({fmt_money(total_ssp, currency)}). The entity regularly sells each "
            "distinct good or service on its own and regularly sells the bundle of "
            f"{ids} at a discount substantially the same as the discount in this contract"
            f"{per_reviewer(evidence.evidence)}, so the whole discount is allocated to {ids} "
            "(32-37) and the other performance obligations receive their standalone selling "
            f"prices: {shares}."
        )
        return conclude(
            "allocation",
            "discount_to_some",
            rationale,
            (*ALLOCATION, *DISCOUNT_TO_SOME),
            cites,
            amount=step3.fixed,
            reviewer_input=True,
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
            "spread across all of them in proportion, as there is no observable evidence that "
            "it relates to only some of them (32-37)."
        )
        paragraphs = (*ALLOCATION, *DISCOUNT_ALLOCATION)
    return conclude("allocation", "relative_ssp", rationale, paragraphs, cites, amount=step3.fixed)


def usage_conclusion(
    row: SspRow, rows: list[SspRow], view: Inputs, currency: str | None
) -> Conclusion:
    label = f"{row.po.id} {row.po.name}"
    if not direct(row, view):
        reasons = [
            d.reason for i in row.po.fee_lines if (d := view.variable_allocation(i)) and d.reason
        ]
        weights = [r for r in rows if r.has_fixed and r.ssp > 0]
        total = sum((r.ssp for r in weights), ZERO)
        split = (
            "; ".join(
                f"{r.po.id} {fmt_number((r.ssp * 100 / total).quantize(Decimal('0.01')))}%"
                for r in weights
            )
            if total
            else "no SSPs to split by"
        )
        rationale = (
            f"The variable fees of {label} relate specifically to it, but allocating them "
            "entirely to it would not be consistent with the allocation objective"
            f"{per_reviewer(' '.join(reasons))}: 32-40(b) is not met. They are allocated to "
            f"all performance obligations in proportion to their standalone selling prices "
            f"({split}) as they arise, and recognised when (or as) each obligation is satisfied."
        )
        return conclude(
            "variable_allocation",
            "allocated_by_relative_ssp",
            rationale,
            VARIABLE_ALLOCATION,
            row.po.citations,
            reviewer_input=True,
        )
    fixed = " in addition to its share of the fixed consideration" if row.has_fixed else ""
    rationale = (
        f"The per-unit (usage, royalty or time-and-materials) fees of {label} are allocated "
        f"entirely to that performance obligation{fixed}, and within it to the distinct period "
        "in which the units are delivered: they relate specifically to the entity's performance "
        "in that period (32-40(a)) and, priced at the contract's per-unit rates, the result is "
        "consistent with the allocation objective (32-40(b))."
    )
    return conclude(
        "variable_allocation",
        "allocated_to_period_of_usage",
        rationale,
        VARIABLE_ALLOCATION,
        row.po.citations,
    )


def included_conclusion(row: SspRow, currency: str | None) -> Conclusion:
    what = "price reduction" if row.included < 0 else "amount"
    rationale = (
        f"The estimated variable consideration (a {what} of "
        f"{fmt_money(abs(row.included), currency)}) relates specifically to {row.po.id} "
        f"{row.po.name} and is allocated entirely to it (32-39 to 32-41), together with its "
        "share of the fixed consideration."
    )
    return conclude(
        "variable_allocation",
        "allocated_to_po",
        rationale,
        VARIABLE_ALLOCATION,
        row.po.citations,
        amount=row.included,
        reviewer_input=True,
    )


def spread_conclusion(
    amount: Decimal, spread: dict[str, Decimal], currency: str | None
) -> Conclusion:
    shares = "; ".join(f"{k} {fmt_money(v, currency)}" for k, v in spread.items())
    rationale = (
        f"The estimated variable consideration of {fmt_money(amount, currency)} relates to the "
        "contract as a whole, so it is allocated in proportion to the standalone selling prices "
        f"like the fixed price: {shares}."
    )
    return conclude(
        "variable_allocation",
        "allocated_by_relative_ssp",
        rationale,
        (*ALLOCATION, *VARIABLE_ALLOCATION),
        amount=amount,
        reviewer_input=True,
    )


def nothing_to_allocate(terms: ContractTerms, rows: list[SspRow]) -> Conclusion:
    reason = (
        "the contract has no performance obligations"
        if not rows
        else "no performance obligation carries fixed consideration"
    )
    rationale = f"Not applicable because {reason}: there is no transaction price to allocate."
    return conclude(
        "allocation", "not_applicable", rationale, ALLOCATION, citations_of(terms.fee_lines)
    )
