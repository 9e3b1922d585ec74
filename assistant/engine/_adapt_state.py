"""The analysed contract as the modification arithmetic sees it, and the amendment's own
analysis with the modification in it.

- `initial_state(terms, analysis)`: the contract as the arithmetic sees it. Fixed price lines
  come from Step 3 (a fee with a period is recurring over the accounting term, anything else
  a one-off on the term start); each PO's allocation (Step 4) is recognised over its Step 5
  period (point-in-time POs on their date).
- `with_modification(analysis, modification)`: the amendment's own analysis with a Step 1
  conclusion `contract_modification` and the modification's flags and summary.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import cents, collect_flags
from assistant.schemas import (
    Analysis,
    ContractState,
    ContractTerms,
    FeeKind,
    Modification,
    ObligationState,
    PriceLine,
    Segment,
    Severity,
    Timing,
)

# --------------------------------------------------------------------------- state


def initial_state(terms: ContractTerms, analysis: Analysis) -> ContractState:
    """The analysed contract as a `ContractState` (before any modification)."""
    step1 = analysis.step1
    start, end, months = step1.term_start, step1.term_end, step1.contract_term_months
    allocated = {line.po_id: line for line in analysis.step4.lines}
    recognised = {line.po_id: line for line in analysis.step5.lines}
    obligations: list[ObligationState] = []
    for po in analysis.step2.performance_obligations:
        alloc = allocated.get(po.id)
        amount = alloc.allocated if alloc else Decimal("0.00")
        rec = recognised.get(po.id)
        segments: list[Segment] = []
        if rec is not None and rec.start is not None and amount:
            seg_end = rec.start if po.timing is Timing.POINT_IN_TIME else (rec.end or rec.start)
            segments.append(Segment(start=rec.start, end=seg_end, amount=amount))
        obligations.append(
            ObligationState(
                po_id=po.id,
                name=po.name,
                kind=po.kind,
                timing=po.timing,
                measure=po.measure,
                distinct_periods=po.series or po.stand_ready or po.timing is Timing.POINT_IN_TIME,
                allocated=amount,
                segments=segments,
                variable=bool(alloc and alloc.variable_allocated_directly),
            )
        )
    lines: list[PriceLine] = []
    if start is not None and end is not None:
        for comp in analysis.step3.components:
            if comp.amount is None or comp.kind.value != "fixed" or comp.po_id is None:
                continue
            fee = (
                terms.fee_lines[comp.fee_line].value
                if comp.fee_line is not None and comp.fee_line < len(terms.fee_lines)
                else None
            )
            period = (fee.commitment_period or fee.period) if fee else None
            recurring = (
                fee is not None
                and fee.amount is not None
                and period is not None
                and period.in_months() > 0
                and months is not None
                and cents(fee.amount * months / period.in_months()) == comp.amount
            )
            if recurring and fee is not None and fee.amount is not None and period is not None:
                lines.append(
                    PriceLine(
                        po_id=comp.po_id,
                        kind=fee.kind,
                        description=fee.description,
                        amount=fee.amount,
                        period_months=period.in_months(),
                        start=start,
                        end=end,
                        months=months,
                    )
                )
            else:
                lines.append(
                    PriceLine(
                        po_id=comp.po_id,
                        kind=fee.kind if fee else FeeKind.OTHER,
                        description=fee.description if fee else comp.description,
                        amount=comp.amount,
                        start=start,
                        end=start,
                    )
                )
    return ContractState(
        currency=analysis.step3.currency,
        term_start=start,
        term_end=end,
        term_months=months,
        transaction_price=sum((o.allocated for o in obligations), Decimal("0.00")),
        obligations=obligations,
        price_lines=lines,
    )


# --------------------------------------------------------------------------- the analysis


def with_modification(analysis: Analysis, mod: Modification) -> Analysis:
    """The amendment's own analysis, with the modification as a Step 1 conclusion, its flags
    among the open questions, and its summary as the memo's conclusion."""
    from assistant.engine._common import conclude
    from assistant.engine.combination import refresh

    main = next((f for f in mod.findings if f.topic == "contract_modification"), mod.findings[-1])
    paragraphs = ["606-10-25-10", "606-10-25-11", "606-10-25-12", "606-10-25-13"]
    conclusion = conclude(
        "contract_modification",
        mod.type.value,
        mod.summary,
        paragraphs,
        main.amendment_citations,
        mod.flags,
    )
    kept = [c for c in analysis.step1.conclusions if c.topic != "contract_modification"]
    step1 = analysis.step1.model_copy(update={"conclusions": [*kept, conclusion]})
    refreshed = refresh(analysis.model_copy(update={"step1": step1}))
    flags = collect_flags(refreshed.conclusions())
    judgments = sum(1 for f in flags if f.severity is Severity.JUDGMENT)
    missing = sum(1 for f in flags if f.severity is Severity.MISSING)
    tail = f" {judgments} judgment{'s' if judgments != 1 else ''}"
    if missing:
        tail += f" and {missing} missing term{'s' if missing != 1 else ''}"
    tail += f" {'are' if judgments + missing != 1 else 'is'} open for the reviewer (section 6)."
    summary = mod.summary + tail
    return refreshed.model_copy(update={"summary": summary})
