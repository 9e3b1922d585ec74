"""The five-step engine: `ContractTerms` + `SspTable` (+ `ReviewerInputs`) -> `Analysis`.

Pure and deterministic. No I/O, no model calls, no clock: the same terms, SSP table and
reviewer inputs always give the same analysis, byte for byte. `tests/test_engine_purity.py`
keeps it that way. The conventions (with the ASC paragraphs behind each) are written up for
reviewers in `docs/engine.md`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, localcontext

from assistant.engine._common import collect_flags, fmt_money, fmt_months
from assistant.engine._inputs import Inputs
from assistant.engine.confirmations import apply_confirmations
from assistant.engine.step1_contract import identify_contract
from assistant.engine.step2_obligations import identify_obligations
from assistant.engine.step3_price import determine_price
from assistant.engine.step4_allocation import allocate_price
from assistant.engine.step5_recognition import recognise_revenue
from assistant.schemas import (
    Analysis,
    ContractTerms,
    Flag,
    ReviewerInputs,
    Severity,
    SspTable,
    Step1Contract,
    Step2Obligations,
    Step3Price,
)

_DECIMAL_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
"""Decimal's default context, pinned so that no caller's context can change a result."""


def analyse(terms: ContractTerms, ssp: SspTable, inputs: ReviewerInputs | None = None) -> Analysis:
    """Run the five steps on one contract's terms against the reviewer's SSP table.

    `inputs` are the facts outside the contract the reviewer supplies (collectibility, usage
    forecasts, SLA history, breakage, principal vs agent, SSP overrides...). Without them each
    such question is flagged for judgment; with them the engine applies them and says so.
    """
    view = Inputs.of(inputs)
    with localcontext(_DECIMAL_CONTEXT):
        step1 = apply_confirmations(identify_contract(terms), view)
        step2 = identify_obligations(terms, view)
        step3 = determine_price(terms, step1, step2, view)
        step4 = allocate_price(terms, step1, step2, step3, ssp, view)
        step5 = recognise_revenue(step1, step2, step4, step3.currency, terms, view)
        analysis = Analysis(
            step1=step1, step2=step2, step3=step3, step4=step4, step5=step5, flags=[], summary=""
        )
        flags = collect_flags(analysis.conclusions())
        summary = _summary(step1, step2, step3, flags)
    return analysis.model_copy(update={"flags": flags, "summary": summary})


def _summary(
    step1: Step1Contract, step2: Step2Obligations, step3: Step3Price, flags: list[Flag]
) -> str:
    months = step1.contract_term_months
    if months is None:
        term = "The accounting contract term could not be determined from the contract"
    elif step1.month_to_month:
        term = (
            f"The accounting contract term is {fmt_months(months)}, because the customer can "
            "terminate for convenience without penalty (month-to-month)"
        )
    else:
        term = f"The accounting contract term is {fmt_months(months)}"
    pos = step2.performance_obligations
    names = ", ".join(f"{po.id} {po.name}" for po in pos)
    po_text = (
        f"the contract contains {len(pos)} performance obligation{'s' if len(pos) != 1 else ''}"
        + (f" ({names})" if pos else "")
    )
    price = f"a transaction price of {fmt_money(step3.total, step3.currency)}"
    if not step3.currency:
        price += " (currency not stated)"
    variable = any(c.kind.value == "variable" and c.amount is None for c in step3.components)
    usage = ", with usage-based fees recognised as the usage occurs in addition" if variable else ""
    judgments = sum(1 for f in flags if f.severity is Severity.JUDGMENT)
    missing = sum(1 for f in flags if f.severity is Severity.MISSING)
    open_items = f"{judgments} judgment{'s' if judgments != 1 else ''}"
    if missing:
        open_items += f" and {missing} missing term{'s' if missing != 1 else ''}"
    return (
        f"{term}; {po_text}, and {price}{usage}. {open_items} "
        f"{'are' if judgments + missing != 1 else 'is'} open for the reviewer before this "
        "analysis can be relied on."
    )


__all__ = [
    "allocate_price",
    "analyse",
    "determine_price",
    "identify_contract",
    "identify_obligations",
    "recognise_revenue",
]
