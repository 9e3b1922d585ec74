"""Significant financing (32-15 to 32-20), discounts and consideration payable (32-25 to 32-27).

Financing: the 32-18 practical expedient applies when no payment is more than a year before
or after the service it pays for; otherwise the reviewer decides whether the component is
significant (32-17 lists reasons it is not). Consideration payable to the customer (cash,
credits, slotting fees) reduces the transaction price unless it buys a distinct good or
service from the customer (32-26).
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    CONSIDERATION_PAYABLE,
    FINANCING,
    FINANCING_EXPEDIENT,
    TRANSACTION_PRICE,
    asc,
    cents,
    citations_of,
    conclude,
    flag,
    fmt_money,
    per_reviewer,
    quoted,
)
from assistant.engine._inputs import Inputs
from assistant.engine.consideration import fixed_base, recurring_period
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Conclusion,
    ContractTerms,
    Discount,
    DiscountKind,
    FeeKind,
    FeeLine,
    FlagKind,
    Severity,
    Term,
)

_NOT_ADVANCES = (FeeKind.SETUP, FeeKind.HARDWARE, FeeKind.LICENCE, FeeKind.PROFESSIONAL_SERVICES)
_CREDITS = (DiscountKind.FREE_CREDITS, DiscountKind.BONUS_CREDITS)


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


def financing_conclusion(terms: ContractTerms, view: Inputs, months: Decimal | None) -> Conclusion:
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
    cites = citations_of(advances, terms.payment_terms if late else None)
    gap = f"Payment and performance are more than a year apart ({'; '.join(parts)})."
    decided = view.raw.significant_financing
    source = per_reviewer(view.raw.financing_reason)
    if decided is False:
        rationale = (
            f"{gap} The financing component is not significant{source}: the difference between "
            "the promised consideration and the cash selling price arises for reasons other "
            "than financing, or the timing is at the customer's discretion (32-17), so the "
            "price is not adjusted."
        )
        return conclude(
            "significant_financing",
            "not_significant",
            rationale,
            FINANCING,
            cites,
            reviewer_input=True,
        )
    if decided is True:
        message = (
            f"{gap} The contract has a significant financing component{source}: the "
            "transaction price is adjusted to the cash selling price using the discount rate of "
            "a separate financing transaction with the customer (32-19), with interest income "
            "or expense presented separately (32-20). revrec does not compute the adjustment: "
            "the reviewer supplies it."
        )
        f = flag(FlagKind.SIGNIFICANT_FINANCING, Severity.JUDGMENT, message, FINANCING, cites)
        return conclude(
            "significant_financing",
            "significant",
            message,
            FINANCING,
            cites,
            [f],
            reviewer_input=True,
        )
    message = (
        f"{gap} The reviewer assesses whether the contract has a significant financing "
        "component (adjusting the price for the time value of money), considering whether the "
        "timing is at the customer's discretion (e.g. when to use credits) or arises for "
        "reasons other than financing (32-17)."
    )
    f = flag(FlagKind.SIGNIFICANT_FINANCING, Severity.JUDGMENT, message, FINANCING, cites)
    return conclude("significant_financing", "reviewer_to_confirm", message, FINANCING, cites, [f])


def payments_to_customer(
    terms: ContractTerms, view: Inputs
) -> list[tuple[int, Term[Discount], Decimal]]:
    """Payments to the customer that reduce the price: (index, term, amount) with an amount."""
    return [
        (i, t, cents(t.value.amount))
        for i, t in enumerate(terms.discounts)
        if t.value.kind is DiscountKind.PAYMENT_TO_CUSTOMER
        and t.value.amount is not None
        and i not in view.raw.payments_for_distinct_services
    ]


def discount_conclusions(
    terms: ContractTerms, view: Inputs, currency: str | None
) -> list[Conclusion]:
    out = []
    for i, term in enumerate(terms.discounts):
        d = term.value
        cites = citations_of(term)
        label = d.kind.value.replace("_", " ")
        if d.kind is DiscountKind.PAYMENT_TO_CUSTOMER:
            out.append(_payment(i, d, cites, view, currency))
            continue
        if d.kind in _CREDITS:
            out.append(_credits(label, d, cites))
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


def _payment(i: int, d: Discount, cites: list, view: Inputs, currency: str | None) -> Conclusion:
    name = quoted(d.description)
    if i in view.raw.payments_for_distinct_services:
        rationale = (
            f"The payment to the customer ({name}) is for a distinct good or service the "
            "customer transfers to the entity, at no more than its fair value (per reviewer "
            "input), so it is accounted for as a purchase from a supplier, not as a reduction "
            "of the transaction price (32-26)."
        )
        return conclude(
            "consideration_payable",
            "distinct_service",
            rationale,
            CONSIDERATION_PAYABLE,
            cites,
            reviewer_input=True,
        )
    if d.amount is None:
        message = (
            f"The contract provides for a payment to the customer ({name}) whose amount was not "
            "found: consideration payable to a customer reduces the transaction price unless it "
            "buys a distinct good or service (32-25, 32-26). The reviewer supplies the amount."
        )
        f = flag(
            FlagKind.CONSIDERATION_PAYABLE, Severity.MISSING, message, CONSIDERATION_PAYABLE, cites
        )
        return conclude(
            "consideration_payable",
            "reviewer_to_confirm",
            message,
            CONSIDERATION_PAYABLE,
            cites,
            [f],
        )
    amount = cents(d.amount)
    rationale = (
        f"The payment to the customer ({name}) of {fmt_money(amount, currency)} does not buy a "
        "distinct good or service from the customer, so it is consideration payable to a "
        "customer and reduces the transaction price (32-25); the reduction is recognised as "
        "revenue for the transferred goods or services is recognised (32-27)."
    )
    return conclude(
        "consideration_payable",
        "reduces_transaction_price",
        rationale,
        CONSIDERATION_PAYABLE,
        cites,
        amount=-amount,
    )


def _credits(label: str, d: Discount, cites: list) -> Conclusion:
    base = (
        f"The contract grants {label} ({quoted(d.description)}). Credits the customer can apply "
        "against amounts owed are consideration payable to the customer and reduce the "
        "transaction price as they are applied; revrec has not deducted them."
    )
    if d.usable_after_term is False:
        message = base + " They can be used only within the term."
        severity = Severity.INFO
        outcome = "reduces_transaction_price"
    else:
        when = "after the term" if d.usable_after_term else "possibly after the term"
        message = base + (
            f" Because they can be used {when}, the reviewer decides whether they are a price "
            "reduction or a material right."
        )
        severity = Severity.JUDGMENT
        outcome = "reviewer_to_confirm"
    f = flag(FlagKind.CONSIDERATION_PAYABLE, severity, message, CONSIDERATION_PAYABLE, cites)
    return conclude("consideration_payable", outcome, message, CONSIDERATION_PAYABLE, cites, [f])
