"""Step 3: determine the transaction price (ASC 606-10-32-2 to 32-27).

Fixed consideration is measured over the accounting contract term from Step 1: a recurring
fee counts `amount x term / period`, a one-time fee its amount. Usage-based fees are
variable consideration allocated to the period of usage (32-40), so none is estimated at
inception. Clauses that could change the price (SLA credits, rebates, MFN, breakage,
financing, credits given to the customer) are flagged for the reviewer, never estimated.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    BREAKAGE,
    CONSIDERATION_PAYABLE,
    FINANCING,
    FINANCING_EXPEDIENT,
    TRANSACTION_PRICE,
    VARIABLE_ALLOCATION,
    VARIABLE_CONSIDERATION,
    ZERO,
    asc,
    cents,
    citations_of,
    conclude,
    flag,
    fmt_money,
    fmt_months,
    fmt_number,
    fmt_term,
    quoted,
)
from assistant.engine.step2_obligations import COMMITMENT_KINDS, USAGE_KINDS
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Citation,
    Conclusion,
    ContractTerms,
    DiscountKind,
    Duration,
    FeeKind,
    FeeLine,
    Flag,
    FlagKind,
    PriceComponent,
    Severity,
    Shortfall,
    Step1Contract,
    Step2Obligations,
    Step3Price,
    Term,
    TierMode,
    VariableKind,
)
from assistant.schemas.analysis import ConsiderationKind

FIXED, VARIABLE = ConsiderationKind.FIXED, ConsiderationKind.VARIABLE
RETROACTIVE_TIERS = asc("32-5", "32-8", "32-11", "55-216")
"""Example 24 (volume discount incentive) starts at 55-216."""

_PRICE_CONCESSIONS = {
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
_MFN_KINDS = (VariableKind.MFN, VariableKind.PRICE_PROTECTION)
_NOT_ADVANCES = (
    FeeKind.SETUP,
    FeeKind.HARDWARE,
    FeeKind.LICENCE,
    FeeKind.PROFESSIONAL_SERVICES,
)


def recurring_period(line: FeeLine) -> Duration | None:
    """The period a recurring amount covers (a commitment's commitment period first)."""
    commitment = line.commitment_period if line.kind in COMMITMENT_KINDS else None
    period = commitment or line.period
    if period is None or period.in_months() <= 0:
        return None
    return period


def fixed_base(line: FeeLine) -> Decimal | None:
    """The stated fixed amount per period (or one-off): `amount`, else unit price x quantity."""
    if line.amount is not None:
        return line.amount
    if line.kind is not FeeKind.USAGE and line.unit_price is not None and line.quantity is not None:
        return line.unit_price * line.quantity
    return None


def over_term(value: Decimal, line: FeeLine, months: Decimal | None) -> Decimal:
    """`value` per period scaled to the contract term (exact; once when not recurring)."""
    period = recurring_period(line)
    if period is None or months is None:
        return value
    return value * months / period.in_months()


def determine_price(
    terms: ContractTerms, step1: Step1Contract, step2: Step2Obligations
) -> Step3Price:
    months = step1.contract_term_months
    currency = terms.currency.value if terms.currency else None
    po_of = {i: po.id for po in step2.performance_obligations for i in po.fee_lines}
    components: list[PriceComponent] = []
    variable_lines: dict[str, list[Term[FeeLine]]] = {}
    for i, term in enumerate(terms.fee_lines):
        for comp, outcome in _components(i, term, months, currency, po_of.get(i)):
            components.append(comp)
            if outcome:
                variable_lines.setdefault(outcome, []).append(term)
    fixed = sum((c.amount for c in components if c.kind is FIXED and c.amount is not None), ZERO)
    total = fixed + ZERO

    conclusions = [_transaction_price(terms, components, fixed, months, currency)]
    conclusions += [_usage_conclusion(k, v) for k, v in variable_lines.items()]
    conclusions += _variable_items(terms)
    conclusions += _fee_line_matters(terms, months, currency)
    conclusions.append(_financing(terms, months))
    conclusions += _discounts(terms)
    return Step3Price(
        currency=currency,
        fixed=fixed,
        variable_included=ZERO,
        total=total,
        components=components,
        conclusions=conclusions,
    )


# --------------------------------------------------------------------------- components


def _components(
    index: int, term: Term[FeeLine], months: Decimal | None, currency: str | None, po: str | None
) -> list[tuple[PriceComponent, str | None]]:
    """The line's price components, each with the variable-consideration outcome it raises."""
    line = term.value
    name = quoted(line.description)
    cites = citations_of(term)
    base = fixed_base(line)
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
        add(
            FIXED,
            cents(over_term(base, line, months)),
            _fixed_text(name, base, line, months, currency),
            None,
        )
        overage = line.amount is not None and line.kind in (FeeKind.USAGE, *COMMITMENT_KINDS)
        if overage and priced_per_unit:
            add(
                VARIABLE,
                None,
                f"{name}: usage above the committed or included amount, "
                f"{_rate_text(line, currency)}",
                "overage",
            )
    elif priced_per_unit:
        if line.kind is FeeKind.PROFESSIONAL_SERVICES:
            add(
                VARIABLE,
                None,
                f"{name}: time and materials, {_rate_text(line, currency)}",
                "time_and_materials",
            )
        else:
            outcome = "usage" if line.kind in USAGE_KINDS else "per_unit"
            add(VARIABLE, None, f"{name}: {_rate_text(line, currency)}", outcome)
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


def _rate_text(line: FeeLine, currency: str | None) -> str:
    unit = line.unit or "unit"
    if line.tiers:
        mode = f", {line.tier_mode.value}" if line.tier_mode else ""
        return f"tiered prices per {unit} ({len(line.tiers)} tiers{mode})"
    if line.unit_price is not None:
        return f"{fmt_money(line.unit_price, currency)} per {unit}"
    return "per-unit prices"


# --------------------------------------------------------------------------- conclusions


def _transaction_price(
    terms: ContractTerms,
    components: list[PriceComponent],
    fixed: Decimal,
    months: Decimal | None,
    currency: str | None,
) -> Conclusion:
    over = (
        f"over the {fmt_term(months)} contract term"
        if months is not None
        else ("counting each stated amount once because the contract term is unknown")
    )
    has_variable = any(c.kind is VARIABLE for c in components)
    rationale = (
        f"The transaction price is {fmt_money(fixed, currency)}: the fixed consideration {over}. "
    )
    paragraphs: tuple[str, ...] = TRANSACTION_PRICE
    if has_variable:
        rationale += (
            "Usage-based and other per-unit fees are variable consideration allocated to the "
            "period in which the usage occurs, so no estimate of them is included at inception "
            "(variable consideration included: nil)."
        )
        paragraphs += VARIABLE_ALLOCATION
    if not components:
        rationale = "No fee lines were found, so the transaction price is nil."
    return conclude(
        "transaction_price", f"{fixed:f}", rationale, paragraphs, citations_of(terms.fee_lines)
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


def _variable_items(terms: ContractTerms) -> list[Conclusion]:
    by_kind: dict[VariableKind, list[Term]] = {}
    for item in terms.variable_items:
        by_kind.setdefault(item.value.kind, []).append(item)
    out = []
    for kind, items in by_kind.items():
        names = ", ".join(quoted(t.value.description) for t in items)
        cites = citations_of(items)
        label, effect = _PRICE_CONCESSIONS[kind]
        if kind in _MFN_KINDS:
            message = (
                f"The contract contains {label} ({names}): the entity may have to lower its "
                "prices or refund consideration if it later sells to others at lower prices. "
                "This is a potential price concession (variable consideration); the reviewer "
                "estimates it and includes only what is not subject to a significant reversal. "
                "revrec has included no estimate."
            )
            f = flag(FlagKind.MFN, Severity.JUDGMENT, message, VARIABLE_CONSIDERATION, cites)
        else:
            message = (
                f"{effect} ({names}): variable consideration. The reviewer estimates it "
                "(expected value or most likely amount, 32-8) and includes it only to the extent "
                "a significant reversal of revenue is not probable (32-11); revrec has included "
                "no estimate, so the transaction price shown is before this item."
            )
            f = flag(
                FlagKind.VARIABLE_CONSIDERATION,
                Severity.JUDGMENT,
                message,
                VARIABLE_CONSIDERATION,
                cites,
            )
        out.append(
            conclude("variable_consideration", kind, message, VARIABLE_CONSIDERATION, cites, [f])
        )
    return out


def _fee_line_matters(
    terms: ContractTerms, months: Decimal | None, currency: str | None
) -> list[Conclusion]:
    """Tiers, prepaid credits and commitments, line by line."""
    out = []
    for term in terms.fee_lines:
        line = term.value
        name = quoted(line.description)
        cites = citations_of(term)
        if line.tiers and line.tier_mode is not TierMode.PROSPECTIVE:
            if line.tier_mode is TierMode.RETROACTIVE:
                message = (
                    f"The tiered prices of {name} apply retroactively: reaching a tier reprices "
                    "every unit in the period, so the price of early usage depends on later "
                    "usage. The reviewer estimates the period's total usage and the resulting "
                    "price (variable consideration, as in Example 24) and constrains the estimate."
                )
                outcome = "retroactive"
            else:
                message = (
                    f"The contract does not say whether the tiered prices of {name} apply only "
                    "to the units within each tier or reprice all units; if retroactive, the "
                    "price of early usage depends on later usage and must be estimated "
                    "(Example 24). The reviewer confirms the tier mode."
                )
                outcome = "reviewer_to_confirm"
            f = flag(
                FlagKind.RETROACTIVE_TIERS, Severity.JUDGMENT, message, RETROACTIVE_TIERS, cites
            )
            out.append(conclude("tiered_pricing", outcome, message, RETROACTIVE_TIERS, cites, [f]))
        if line.kind is FeeKind.PREPAID_CREDITS:
            out.append(_prepaid(line, cites))
        if line.kind in COMMITMENT_KINDS:
            out.append(_commitment(line, cites, months, currency))
    return out


def _prepaid(line: FeeLine, cites: list[Citation]) -> Conclusion:
    name = quoted(line.description)
    expiry = (
        f"The credits expire after {line.credit_expiry}."
        if line.credit_expiry is not None
        else "The contract states no expiry for the credits, so when unused credits lapse "
        "cannot be read from it."
    )
    message = (
        f"Prepaid credits ({name}): {expiry} Cash received for credits is a contract liability "
        "recognised as the credits are used. Credits expected to go unused (breakage) are "
        "recognised in proportion to the pattern of use if the entity expects to be entitled "
        "to them, otherwise when use becomes remote; the reviewer estimates breakage from "
        "history."
    )
    f = flag(FlagKind.BREAKAGE, Severity.JUDGMENT, message, BREAKAGE, cites)
    return conclude("prepaid_credits", "contract_liability", message, BREAKAGE, cites, [f])


def _commitment(
    line: FeeLine, cites: list[Citation], months: Decimal | None, currency: str | None
) -> Conclusion:
    name = quoted(line.description)
    flags: list[Flag] = []
    base = fixed_base(line)
    if line.shortfall is Shortfall.INVOICED:
        message = (
            f"Any shortfall of usage below the commitment {name} is invoiced at the end of the "
            "period (true-up), so the committed amount is payable whether or not it is used."
        )
        flags.append(flag(FlagKind.SHORTFALL, Severity.INFO, message, TRANSACTION_PRICE, cites))
    if line.shortfall is Shortfall.FORFEITED or line.rollover:
        how = "rolls over to the next period" if line.rollover else "is forfeited"
        message = (
            f"Unused commitment under {name} {how}. The reviewer estimates the amount expected "
            "to go unused: it is recognised in proportion to usage if the entity expects to be "
            "entitled to it, otherwise when use becomes remote"
            + (
                "; rolled-over amounts stay deferred until used or expired."
                if line.rollover
                else "."
            )
        )
        flags.append(flag(FlagKind.BREAKAGE, Severity.JUDGMENT, message, BREAKAGE, cites))
    if line.shortfall is Shortfall.NONE:
        message = (
            f"The commitment {name} carries no shortfall payment: if the customer need not pay "
            "for unused commitment, the commitment is not enforceable and the amount is variable "
            "consideration, not fixed. The reviewer confirms the commitment is enforceable."
        )
        flags.append(flag(FlagKind.SHORTFALL, Severity.JUDGMENT, message, TRANSACTION_PRICE, cites))
    if line.shortfall is None and not line.rollover:
        message = (
            f"The contract does not say what happens to unused commitment under {name} "
            "(invoiced, forfeited or rolled over); the reviewer confirms the shortfall terms."
        )
        flags.append(flag(FlagKind.SHORTFALL, Severity.MISSING, message, TRANSACTION_PRICE, cites))
    if base is None:
        rationale = f"The commitment {name} states no committed amount, so nothing is fixed."
        return conclude(
            "minimum_commitment", "not_stated", rationale, TRANSACTION_PRICE, cites, flags
        )
    amount = cents(over_term(base, line, months))
    rationale = (
        f"The commitment {name} of {fmt_money(base, currency)} is fixed consideration "
        f"({fmt_money(amount, currency)} over the contract term); usage above it is variable "
        "consideration recognised as it occurs."
    )
    return conclude("minimum_commitment", "fixed", rationale, TRANSACTION_PRICE, cites, flags)


def _advance_months(line: FeeLine, months: Decimal | None) -> Decimal | None:
    """Months of service one advance payment covers, when the line is paid in advance."""
    if fixed_base(line) is None or line.kind in _NOT_ADVANCES:
        return None
    freq, timing = line.billing_frequency, line.billing_timing
    if timing is BillingTiming.ARREARS:
        return None
    period = recurring_period(line)
    period_months = period.in_months() if period else None
    if freq is BillingFrequency.ANNUALLY:
        # Each invoice covers at most a year unless one amount is stated for a longer period.
        return period_months if timing is BillingTiming.ADVANCE else None
    prepaid = line.kind is FeeKind.PREPAID_CREDITS and freq in (None, BillingFrequency.ONE_TIME)
    if not (prepaid or freq is BillingFrequency.ONE_TIME or (freq is None and timing is not None)):
        return None
    if line.kind is FeeKind.PREPAID_CREDITS and line.credit_expiry is not None:
        return line.credit_expiry.in_months()
    return months if months is not None else period_months


def _financing(terms: ContractTerms, months: Decimal | None) -> Conclusion:
    advances = [t for t in terms.fee_lines if (_advance_months(t.value, months) or Decimal(0)) > 12]
    late = terms.payment_terms is not None and (terms.payment_terms.value.net_days or 0) > 365
    if not advances and not late:
        rationale = (
            "No payment is due more than one year before or after the goods or services it "
            "pays for, so under the practical expedient the consideration is not adjusted for "
            "a significant financing component."
        )
        return conclude(
            "significant_financing",
            "practical_expedient",
            rationale,
            FINANCING_EXPEDIENT,
            citations_of(terms.payment_terms),
        )
    parts = []
    if advances:
        names = ", ".join(quoted(t.value.description) for t in advances)
        parts.append(f"{names} is paid in advance for services extending more than 12 months")
    if late:
        parts.append("payment is due more than one year after invoicing")
    message = (
        f"Payment and performance are more than a year apart ({'; '.join(parts)}). The "
        "reviewer assesses whether the contract has a significant financing component "
        "(adjusting the price for the time value of money), considering whether the timing is "
        "at the customer's discretion (e.g. when to use credits) or arises for reasons other "
        "than financing (32-17)."
    )
    cites = citations_of(advances, terms.payment_terms if late else None)
    f = flag(FlagKind.SIGNIFICANT_FINANCING, Severity.JUDGMENT, message, FINANCING, cites)
    return conclude("significant_financing", "reviewer_to_confirm", message, FINANCING, cites, [f])


def _discounts(terms: ContractTerms) -> list[Conclusion]:
    out = []
    for term in terms.discounts:
        d = term.value
        cites = citations_of(term)
        label = d.kind.value.replace("_", " ")
        if d.kind in (DiscountKind.FREE_CREDITS, DiscountKind.BONUS_CREDITS):
            base = (
                f"The contract grants {label} ({quoted(d.description)}). Credits the customer "
                "can apply against amounts owed are consideration payable to the customer and "
                "reduce the transaction price as they are applied; revrec has not deducted them."
            )
            if d.usable_after_term is False:
                message = base + " They can be used only within the term."
                severity = Severity.INFO
                outcome = "reduces_transaction_price"
            else:
                when = "after the term" if d.usable_after_term else "possibly after the term"
                message = base + (
                    f" Because they can be used {when}, the reviewer decides whether they are "
                    "a price reduction or a material right."
                )
                severity = Severity.JUDGMENT
                outcome = "reviewer_to_confirm"
            f = flag(
                FlagKind.CONSIDERATION_PAYABLE, severity, message, CONSIDERATION_PAYABLE, cites
            )
            out.append(
                conclude(
                    "consideration_payable", outcome, message, CONSIDERATION_PAYABLE, cites, [f]
                )
            )
            continue
        rationale = (
            f"The contract grants a {label} discount ({quoted(d.description)}). revrec takes the "
            "fee amounts as stated to be net of it; the reviewer confirms, since a discount on "
            "separately stated list prices reduces the transaction price and is allocated to all "
            "performance obligations unless it relates to only some of them (32-36, 32-37)."
        )
        out.append(
            conclude(
                "discount",
                "assumed_in_stated_fees",
                rationale,
                (*TRANSACTION_PRICE, *asc("32-36", "32-37")),
                cites,
            )
        )
    return out
