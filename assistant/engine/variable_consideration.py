"""Variable consideration: estimate (32-8), constrain (32-11 to 32-13), or flag.

Without the reviewer's estimate, each kind of variable item in the contract (SLA credits,
rebates, penalties, refunds, MFN, price changes) is flagged and the transaction price is
shown before it. With an estimate (expected value from scenarios, or the most likely amount)
the engine computes it, applies the reviewer's constraint judgement (the lower of the
estimate and the cap), includes the result in the transaction price and says so.

Retroactive tiers and other usage forecasts are in `usage_forecasts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.engine._common import (
    CONSTRAINT,
    ESTIMATE_METHODS,
    VARIABLE_CONSIDERATION,
    ZERO,
    asc,
    cents,
    citations_of,
    conclude,
    flag,
    fmt_money,
    fmt_number,
    per_reviewer,
    quoted,
)
from assistant.engine._inputs import Inputs
from assistant.schemas import (
    Citation,
    Conclusion,
    ContractTerms,
    Estimate,
    EstimateMethod,
    FlagKind,
    Severity,
    Term,
    VariableEstimate,
    VariableKind,
    VariableMeasure,
)

RETROACTIVE_TIERS = asc("32-5", "32-8", "32-11", "55-216")
"""Example 24 (volume discount incentive) starts at 55-216."""

PRICE_CONCESSIONS = {
    VariableKind.SLA_CREDIT: (
        "service-level credits",
        "Service-level credits reduce the consideration when the entity misses a service level",
    ),
    VariableKind.REBATE: (
        "rebates",
        "Rebates return part of the consideration when conditions are met",
    ),
    VariableKind.VOLUME_DISCOUNT: (
        "volume discounts",
        "Volume discounts lower the price as purchases grow",
    ),
    VariableKind.PENALTY: (
        "penalties",
        "Penalties reduce the consideration if the entity fails to perform",
    ),
    VariableKind.LIQUIDATED_DAMAGES: (
        "liquidated damages",
        "Liquidated damages reduce the consideration if the entity fails to perform",
    ),
    VariableKind.REFUND: (
        "refund rights",
        "Refund rights may return consideration to the customer",
    ),
    VariableKind.PRICE_CHANGE: (
        "price changes",
        "Price changes during the term alter the consideration",
    ),
    VariableKind.MFN: ("a most-favoured-nation clause", ""),
    VariableKind.PRICE_PROTECTION: ("price protection", ""),
}
MFN_KINDS = (VariableKind.MFN, VariableKind.PRICE_PROTECTION)


@dataclass(frozen=True)
class Included:
    """An estimate of variable consideration included in the transaction price."""

    kind: VariableKind
    description: str
    amount: Decimal
    fee_line: int | None
    citations: list[Citation]


def estimate_text(estimate: Estimate, currency: str | None, percent: bool = False) -> str:
    def show(v: Decimal) -> str:
        return f"{fmt_number(v)}%" if percent else fmt_money(v, currency)

    value = estimate.value()
    if estimate.method is EstimateMethod.EXPECTED_VALUE:
        parts = " + ".join(
            f"{show(s.value)} x {fmt_number(s.probability)}" for s in estimate.scenarios
        )
        return f"the expected value {parts} = {show(value)} (32-8(a))"
    return f"the most likely amount, {show(value)} (32-8(b))"


def variable_items(
    terms: ContractTerms,
    view: Inputs,
    fixed_by_line: dict[int, Decimal],
    fixed_total: Decimal,
    currency: str | None,
) -> tuple[list[Conclusion], list[Included]]:
    """One conclusion per kind of variable item (and per reviewer estimate), with inclusions."""
    by_kind: dict[VariableKind, list[Term]] = {}
    for item in terms.variable_items:
        by_kind.setdefault(item.value.kind, []).append(item)
    for e in view.raw.variable_estimates:
        by_kind.setdefault(e.kind, [])
    conclusions: list[Conclusion] = []
    included: list[Included] = []
    for kind, items in by_kind.items():
        estimates = view.estimates(kind)
        if not estimates:
            conclusions.append(_flagged(kind, items, fixed_total, currency))
            continue
        for e in estimates:
            conclusion, amount = _estimated(
                kind, items, e, view, fixed_by_line, fixed_total, terms, currency
            )
            conclusions.append(conclusion)
            label = PRICE_CONCESSIONS[kind][0]
            line = _line(e, terms)
            cites = citations_of(items, terms.fee_lines[line] if line is not None else None)
            included.append(
                Included(
                    kind, f"Estimated {label} (reviewer input)", amount, _line(e, terms), cites
                )
            )
    return conclusions, included


def _valid(e: VariableEstimate, terms: ContractTerms) -> bool:
    return e.fee_line is not None and e.fee_line < len(terms.fee_lines)


def _line(e: VariableEstimate, terms: ContractTerms) -> int | None:
    return e.fee_line if _valid(e, terms) else None


def _at_risk(
    items: list[Term], fixed_total: Decimal, currency: str | None
) -> tuple[str, Decimal | None]:
    percents = [t.value.max_percent for t in items if t.value.max_percent is not None]
    if not percents or fixed_total <= 0:
        return "", None
    at_risk = cents(fixed_total * Decimal(str(max(percents))) / 100)
    text = (
        f" Up to {fmt_number(Decimal(str(max(percents))))}% of the consideration "
        f"({fmt_money(at_risk, currency)}) is variable; the rest "
        f"({fmt_money(fixed_total - at_risk, currency)}) is fixed."
    )
    return text, at_risk


def _flagged(
    kind: VariableKind, items: list[Term], fixed_total: Decimal, currency: str | None
) -> Conclusion:
    names = ", ".join(quoted(t.value.description) for t in items)
    cites = citations_of(items)
    label, effect = PRICE_CONCESSIONS[kind]
    risk_text, at_risk = _at_risk(items, fixed_total, currency)
    if kind in MFN_KINDS:
        message = (
            f"The contract contains {label} ({names}): the entity may have to lower its prices "
            "or refund consideration if it later sells to others at lower prices. This is a "
            "potential price concession (variable consideration); the reviewer estimates it "
            "and includes only what is not subject to a significant reversal. revrec has "
            "included no estimate."
        )
        f = flag(FlagKind.MFN, Severity.JUDGMENT, message, VARIABLE_CONSIDERATION, cites)
    else:
        message = (
            f"{effect} ({names}): variable consideration.{risk_text} The reviewer estimates it "
            "(expected value or most likely amount, 32-8) and includes it only to the extent a "
            "significant reversal of revenue is not probable (32-11); revrec has included no "
            "estimate, so the transaction price shown is before this item."
        )
        f = flag(
            FlagKind.VARIABLE_CONSIDERATION,
            Severity.JUDGMENT,
            message,
            VARIABLE_CONSIDERATION,
            cites,
        )
    return conclude(
        "variable_consideration", kind, message, VARIABLE_CONSIDERATION, cites, [f], amount=at_risk
    )


def _estimated(
    kind: VariableKind,
    items: list[Term],
    e: VariableEstimate,
    view: Inputs,
    fixed_by_line: dict[int, Decimal],
    fixed_total: Decimal,
    terms: ContractTerms,
    currency: str | None,
) -> tuple[Conclusion, Decimal]:
    label = PRICE_CONCESSIONS[kind][0]
    names = ", ".join(quoted(t.value.description) for t in items) or "not written in the contract"
    line = _line(e, terms)
    raw = e.estimate.value()
    percent = e.measure is VariableMeasure.PERCENT_OF_FEES
    how = estimate_text(e.estimate, currency, percent=percent)
    if percent:
        fees = fixed_by_line.get(line, ZERO) if line is not None else fixed_total
        where = (
            f"the fixed fees of {quoted(terms.fee_lines[line].value.description)}"
            if line is not None
            else "the fixed consideration"
        )
        size = raw * fees / 100
        how += f" of {where} ({fmt_money(fees, currency)}) = {fmt_money(cents(size), currency)}"
    else:
        size = raw
    signed = cents(size if kind is VariableKind.PRICE_CHANGE else -size)
    judgement = view.constraint(fee_line=line) if line is not None else None
    judgement = judgement or view.constraint(kind=kind)
    cites = citations_of(items, terms.fee_lines[line] if line is not None else None)
    flags = []
    direction = "adds" if signed > 0 else "reduces the price by"
    rationale = (
        f"{label[0].upper()}{label[1:]} ({names}) are variable consideration, estimated"
        f"{per_reviewer(e.basis)} by {how}: the estimate {direction} "
        f"{fmt_money(abs(signed), currency)}."
    )
    paragraphs = (*VARIABLE_CONSIDERATION, *ESTIMATE_METHODS, *CONSTRAINT)
    included = signed
    if judgement is not None:
        included = min(signed, cents(judgement.cap))
        factors = (
            ", ".join(f.value.replace("_", " ") for f in judgement.factors) or "none identified"
        )
        rationale += (
            f" Constraint (32-11 to 32-13){per_reviewer(judgement.rationale)}: factors that raise "
            f"the risk of a reversal: {factors}; at most "
            f"{fmt_money(cents(judgement.cap), currency)} can be included without a "
            "significant reversal being probable, so "
            f"{fmt_money(included, currency)} is included in the transaction price."
        )
    elif signed > 0:
        message = (
            f"The estimate of {label} adds {fmt_money(signed, currency)} to the price, but no "
            "constraint judgement was supplied: revrec includes the estimate in full; the "
            "reviewer assesses the 32-12 factors and caps it if a significant reversal is "
            "probable."
        )
        flags.append(
            flag(FlagKind.VARIABLE_CONSIDERATION, Severity.JUDGMENT, message, CONSTRAINT, cites)
        )
        rationale += " It is included in full pending the reviewer's constraint judgement."
    else:
        rationale += (
            " A price reduction estimated this way is included in full: including it cannot "
            "cause a reversal of revenue already recognised unless the credits exceed the "
            "estimate, which the reviewer's constraint input would address."
        )
    if line is not None:
        rationale += (
            f" It relates specifically to {quoted(terms.fee_lines[line].value.description)} and is "
            "allocated to that performance obligation (32-39 to 32-41)."
        )
    return (
        conclude(
            "variable_consideration",
            kind,
            rationale,
            paragraphs,
            cites,
            flags,
            amount=included,
            reviewer_input=True,
        ),
        included,
    )
