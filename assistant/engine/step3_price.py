"""Step 3: determine the transaction price (ASC 606-10-32-2 to 32-27).

Fixed consideration is measured over the accounting contract term from Step 1: a recurring
fee counts `amount x term / period`, a one-time fee its amount (`consideration`). Usage-based
fees are variable consideration allocated to the period of usage (32-40), so none is
estimated at inception. Other variable items are estimated only from the reviewer's inputs
and constrained (`variable_consideration`); commitments, credits and breakage are in
`commitments`, financing and payments to the customer in `financing`. An agent's resold line
counts only its net fee (`principal_agent`).
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    TRANSACTION_PRICE,
    VARIABLE_ALLOCATION,
    VARIABLE_CONSIDERATION,
    ZERO,
    asc,
    cents,
    citations_of,
    conclude,
    fmt_money,
    fmt_months,
    fmt_number,
    fmt_term,
    quoted,
)
from assistant.engine._inputs import Inputs
from assistant.engine.commitments import commitment_conclusions
from assistant.engine.consideration import fixed_base, over_term, recurring_period
from assistant.engine.financing import (
    discount_conclusions,
    financing_conclusion,
    payments_to_customer,
)
from assistant.engine.principal_agent import net_fee
from assistant.engine.promises import COMMITMENT_KINDS, USAGE_KINDS
from assistant.engine.usage_forecasts import forecast_conclusions, tier_conclusions
from assistant.engine.variable_consideration import variable_items
from assistant.schemas import (
    Conclusion,
    ContractTerms,
    FeeKind,
    FeeLine,
    PriceComponent,
    ReviewerInputs,
    Step1Contract,
    Step2Obligations,
    Step3Price,
    Term,
)
from assistant.schemas.analysis import ConsiderationKind

__all__ = ["determine_price", "fixed_base", "over_term", "recurring_period"]

FIXED, VARIABLE = ConsiderationKind.FIXED, ConsiderationKind.VARIABLE


def determine_price(
    terms: ContractTerms,
    step1: Step1Contract,
    step2: Step2Obligations,
    inputs: ReviewerInputs | Inputs | None = None,
) -> Step3Price:
    view = Inputs.of(inputs)
    months = step1.contract_term_months
    currency = terms.currency.value if terms.currency else None
    po_of = {i: po.id for po in step2.performance_obligations for i in po.fee_lines}
    components: list[PriceComponent] = []
    variable_lines: dict[str, list[Term[FeeLine]]] = {}
    for i, term in enumerate(terms.fee_lines):
        for comp, outcome in _components(i, term, months, currency, po_of.get(i), view):
            components.append(comp)
            if outcome:
                variable_lines.setdefault(outcome, []).append(term)
    for _, payment, amount in payments_to_customer(terms, view):
        components.append(
            PriceComponent(
                description=f"{quoted(payment.value.description)}: payment to the customer",
                kind=FIXED,
                amount=-amount,
                citations=citations_of(payment),
            )
        )
    fixed = sum((c.amount for c in components if c.kind is FIXED and c.amount is not None), ZERO)
    fixed_by_line: dict[int, Decimal] = {}
    for c in components:
        if c.kind is FIXED and c.amount is not None and c.fee_line is not None:
            fixed_by_line[c.fee_line] = fixed_by_line.get(c.fee_line, ZERO) + c.amount
    item_conclusions, included = variable_items(terms, view, fixed_by_line, fixed, currency)
    if not step2.performance_obligations:
        included = []  # nothing to allocate an estimate to: the contract has no obligations
    for inc in included:
        components.append(
            PriceComponent(
                description=inc.description,
                kind=VARIABLE,
                amount=inc.amount,
                fee_line=inc.fee_line,
                po_id=po_of.get(inc.fee_line) if inc.fee_line is not None else None,
                citations=inc.citations,
            )
        )
    variable_included = sum((inc.amount for inc in included), ZERO)
    total = fixed + variable_included

    conclusions = [
        _transaction_price(terms, components, fixed, variable_included, months, currency)
    ]
    conclusions += [_usage_conclusion(k, v) for k, v in variable_lines.items()]
    conclusions += item_conclusions
    conclusions += tier_conclusions(terms, view, currency)
    conclusions += forecast_conclusions(terms, view, currency)
    conclusions += commitment_conclusions(terms, view, months, currency)
    if (
        not variable_lines
        and not item_conclusions
        and not any(f.value.tiers for f in terms.fee_lines)
    ):
        conclusions.append(_no_variable())
    conclusions.append(financing_conclusion(terms, view, months))
    conclusions += discount_conclusions(terms, view, currency)
    return Step3Price(
        currency=currency,
        fixed=fixed,
        variable_included=variable_included,
        total=total,
        components=components,
        conclusions=conclusions,
    )


# --------------------------------------------------------------------------- components


def _components(
    index: int,
    term: Term[FeeLine],
    months: Decimal | None,
    currency: str | None,
    po: str | None,
    view: Inputs,
) -> list[tuple[PriceComponent, str | None]]:
    """The line's price components, each with the variable-consideration outcome it raises."""
    line = term.value
    name = quoted(line.description)
    cites = citations_of(term)
    base = fixed_base(line)
    agent = view.principal_agent(index) if line.third_party else None
    out: list[tuple[PriceComponent, str | None]] = []

    def add(
        kind: ConsiderationKind, amount: Decimal | None, text: str, outcome: str | None
    ) -> None:
        comp = PriceComponent(
            description=text, kind=kind, amount=amount, fee_line=index, po_id=po, citations=cites
        )
        out.append((comp, outcome))

    priced_per_unit = line.unit_price is not None or bool(line.tiers)
    if base is not None:
        gross = over_term(base, line, months)
        text = _fixed_text(name, base, line, months, currency)
        net = net_fee(agent, gross)
        if net is not None:
            text += f", gross; the entity's net fee as agent is {fmt_money(cents(net), currency)}"
            gross = net
        add(FIXED, cents(gross), text, None)
        overage = line.amount is not None and line.kind in (FeeKind.USAGE, *COMMITMENT_KINDS)
        if overage and priced_per_unit:
            add(
                VARIABLE,
                None,
                f"{name}: usage above the committed or included amount, "
                f"{_rate_text(line, currency, agent)}",
                "overage",
            )
    elif priced_per_unit:
        if line.kind is FeeKind.PROFESSIONAL_SERVICES:
            add(
                VARIABLE,
                None,
                f"{name}: time and materials, {_rate_text(line, currency, agent)}",
                "time_and_materials",
            )
        else:
            outcome = "usage" if line.kind in USAGE_KINDS else "per_unit"
            add(VARIABLE, None, f"{name}: {_rate_text(line, currency, agent)}", outcome)
    elif line.kind is FeeKind.USAGE:
        add(VARIABLE, None, f"{name}: usage-based, price not stated", "usage")
    else:
        add(FIXED, ZERO, f"{name}: no separate price stated", None)
    return out


def _fixed_text(
    name: str, base: Decimal, line: FeeLine, months: Decimal | None, currency: str | None
) -> str:
    stated = fmt_money(base, currency)
    if line.amount is None and line.unit_price is not None and line.quantity is not None:
        unit = line.unit or "unit"
        stated = f"{fmt_number(line.quantity)} {unit} x {fmt_money(line.unit_price, currency)}"
    period = recurring_period(line)
    if period is None:
        return f"{name}: {stated}"
    if months is None:
        return f"{name}: {stated} per {period}, counted once (contract term unknown)"
    return f"{name}: {stated} per {period} x {fmt_months(months)}"


def _rate_text(line: FeeLine, currency: str | None, agent=None) -> str:
    unit = line.unit or "unit"
    if line.tiers:
        mode = f", {line.tier_mode.value}" if line.tier_mode else ""
        text = f"tiered prices per {unit} ({len(line.tiers)} tiers{mode})"
    elif line.unit_price is not None:
        text = f"{fmt_money(line.unit_price, currency)} per {unit}"
    else:
        text = "per-unit prices"
    if agent is not None and agent.net_fee_percent is not None and net_fee(agent, ZERO) is not None:
        text += f", of which the entity's net fee as agent is {fmt_number(agent.net_fee_percent)}%"
    return text


# --------------------------------------------------------------------------- conclusions


def _transaction_price(
    terms: ContractTerms,
    components: list[PriceComponent],
    fixed: Decimal,
    variable_included: Decimal,
    months: Decimal | None,
    currency: str | None,
) -> Conclusion:
    over = (
        f"over the {fmt_term(months)} contract term"
        if months is not None
        else ("counting each stated amount once because the contract term is unknown")
    )
    total = fixed + variable_included
    unestimated = any(c.kind is VARIABLE and c.amount is None for c in components)
    if variable_included:
        change = "plus" if variable_included > 0 else "less"
        rationale = (
            f"The transaction price is {fmt_money(total, currency)}: the fixed consideration "
            f"{over} of {fmt_money(fixed, currency)} {change} estimated variable consideration "
            f"of {fmt_money(abs(variable_included), currency)} (per reviewer input, after the "
            "constraint). "
        )
    else:
        rationale = (
            f"The transaction price is {fmt_money(fixed, currency)}: the fixed consideration "
            f"{over}. "
        )
    payable = -sum(
        (c.amount for c in components if c.fee_line is None and c.kind is FIXED and c.amount),
        ZERO,
    )
    if payable:
        rationale += (
            f"It is net of consideration payable to the customer of "
            f"{fmt_money(payable, currency)} (32-25). "
        )
    paragraphs: tuple[str, ...] = TRANSACTION_PRICE
    if variable_included:
        paragraphs += VARIABLE_CONSIDERATION
    if unestimated:
        rationale += (
            "Usage-based and other per-unit fees are variable consideration allocated to the "
            "period in which the usage occurs, so no estimate of them is included at inception"
            + ("." if variable_included else " (variable consideration included: nil).")
        )
        paragraphs += VARIABLE_ALLOCATION
    if not components:
        rationale = "No fee lines were found, so the transaction price is nil."
    return conclude(
        "transaction_price",
        f"{total:f}",
        rationale,
        paragraphs,
        citations_of(terms.fee_lines),
        amount=total,
        reviewer_input=bool(variable_included),
    )


def _usage_conclusion(outcome: str, lines: list[Term[FeeLine]]) -> Conclusion:
    names = ", ".join(quoted(t.value.description) for t in lines)
    what = {
        "usage": f"Usage-based fees ({names}) depend on the customer's future usage",
        "overage": f"Fees for usage above the commitment ({names}) depend on future usage",
        "time_and_materials": f"Time-and-materials fees ({names}) depend on the hours worked",
        "per_unit": f"Per-unit fees ({names}) depend on the quantities the customer uses",
    }[outcome]
    rationale = (
        f"{what} and are variable consideration. They relate specifically to the entity's "
        "performance in the period the service is used, and allocating them to that period is "
        "consistent with the allocation objective, so each period's fees are allocated to that "
        "period and recognised as the service is used; they are not estimated at inception."
    )
    return conclude(
        "usage_fees",
        outcome,
        rationale,
        (*asc("32-5", "32-6"), *VARIABLE_ALLOCATION),
        citations_of(lines),
    )


def _no_variable() -> Conclusion:
    rationale = (
        "Not applicable because the contract has no usage-based or per-unit fees and no "
        "credits, rebates, penalties, refunds, price-protection or other terms that make the "
        "consideration variable: the transaction price is fixed."
    )
    return conclude("variable_consideration", "not_applicable", rationale, asc("32-5", "32-6"))
