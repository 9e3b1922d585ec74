"""Customer options and set-up fees: material rights (55-41 to 55-45, 55-50 to 55-53).

An option to buy more (a renewal at a capped price, discounted future purchases, bonus
credits) is a performance obligation only if it gives the customer a material right: a
discount it would not get without this contract, incremental to the discounts given to that
class of customer (55-42). Whether it does is a judgment on facts outside the contract, so
without the reviewer's input it is flagged. With the input, a material right becomes a PO
whose standalone selling price is the reviewer's, or the incremental discount x the expected
purchases x the likelihood of exercise (55-44, Example 49); it shares the transaction price in
Step 4 and is recognised when the option is exercised or expires.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from assistant.engine._common import (
    MATERIAL_RIGHT,
    NOT_DISTINCT,
    OPTION_SSP,
    SETUP_FEES,
    cents,
    citations_of,
    conclude,
    flag,
    fmt_money,
    fmt_months,
    fmt_number,
    per_reviewer,
    quoted,
)
from assistant.engine._inputs import Inputs
from assistant.engine.promises import lines_text
from assistant.schemas import (
    Citation,
    Conclusion,
    ContractTerms,
    DiscountKind,
    FlagKind,
    MaterialRightInput,
    OptionKind,
    PerformanceObligation,
    Severity,
)

_CREDITS = (DiscountKind.FREE_CREDITS, DiscountKind.BONUS_CREDITS)


@dataclass(frozen=True)
class ConfirmedRight:
    """A material right the reviewer confirmed, with the SSP Step 4 allocates by."""

    name: str
    ssp: Decimal
    citations: list[Citation]
    source: MaterialRightInput


def confirmed_rights(terms: ContractTerms, view: Inputs) -> list[ConfirmedRight]:
    """Confirmed material rights with an SSP, options first, then credits, in contract order."""
    out = []
    for i, term in enumerate(terms.customer_options):
        decided = view.material_right(option=i)
        if decided and decided.material and decided.option_ssp() is not None:
            name = f"Material right: {' '.join(term.value.description.split())}"
            out.append(ConfirmedRight(name, _ssp(decided), citations_of(term), decided))
    for i, credit in enumerate(terms.discounts):
        if credit.value.kind not in _CREDITS:
            continue
        decided = view.material_right(discount=i)
        if decided and decided.material and decided.option_ssp() is not None:
            name = f"Material right: {' '.join(credit.value.description.split())}"
            out.append(ConfirmedRight(name, _ssp(decided), citations_of(credit), decided))
    return out


def _ssp(decided: MaterialRightInput) -> Decimal:
    value = decided.option_ssp()
    assert value is not None
    return cents(value)


def _ssp_text(decided: MaterialRightInput, currency: str | None) -> str:
    ssp = _ssp(decided)
    if decided.ssp is not None:
        return f"its standalone selling price is {fmt_money(ssp, currency)}"
    probability = decided.exercise_probability if decided.exercise_probability is not None else 1
    return (
        f"its standalone selling price is the incremental discount of "
        f"{fmt_number(decided.incremental_discount_percent or Decimal(0))}% x expected purchases "
        f"of {fmt_money(decided.expected_purchases or Decimal(0), currency)} x the "
        f"{fmt_number(Decimal(probability) * 100)}% likelihood of exercise = "
        f"{fmt_money(ssp, currency)} (55-44)"
    )


def option_conclusions(
    terms: ContractTerms, view: Inputs, pos: list[PerformanceObligation]
) -> list[Conclusion]:
    currency = terms.currency.value if terms.currency else None
    rights = iter([po for po in pos if po.material_right])
    out = []
    for i, term in enumerate(terms.customer_options):
        o = term.value
        cites = citations_of(term)
        decided = view.material_right(option=i)
        if decided is not None:
            out.append(
                _decided("customer_option", quoted(o.description), decided, rights, cites, currency)
            )
            continue
        if o.kind is OptionKind.ADDITIONAL_PURCHASE:
            rationale = (
                f"The option {quoted(o.description)} lets the customer buy more at the stated "
                "prices, with no discount incremental to those available without this contract; "
                "it is a marketing offer, not a material right, and is accounted for when "
                "exercised."
            )
            out.append(
                conclude("customer_option", "no_material_right", rationale, MATERIAL_RIGHT, cites)
            )
            continue
        detail = {
            OptionKind.RENEWAL_PRICE_CAP: "caps the price of renewals",
            OptionKind.DISCOUNTED_ADDITIONAL_PURCHASE: "gives a discount on future purchases",
        }.get(o.kind, "gives the customer an option for further goods or services")
        message = (
            f"The option {quoted(o.description)} {detail}. If that discount is incremental to "
            "the range of discounts given to this class of customer, the option is a material "
            "right: a separate performance obligation to which part of the price is allocated "
            "and recognised when the option is exercised or expires. The reviewer compares the "
            "option price with SSP."
        )
        f = flag(FlagKind.MATERIAL_RIGHT, Severity.JUDGMENT, message, MATERIAL_RIGHT, cites)
        out.append(
            conclude(
                "customer_option", "possible_material_right", message, MATERIAL_RIGHT, cites, [f]
            )
        )
    for i, discount in enumerate(terms.discounts):
        d = discount.value
        if d.kind not in _CREDITS:
            continue
        cites = citations_of(discount)
        decided = view.material_right(discount=i)
        what = f"{d.kind.value.replace('_', ' ')} ({quoted(d.description)})"
        if decided is not None:
            out.append(_decided("bonus_credits", what, decided, rights, cites, currency))
            continue
        message = (
            f"The contract grants {what}. Credits the customer obtains only because of this "
            "contract are either a discount on the services in the contract or, if usable for "
            "future purchases at a discount the customer would not otherwise get, a material "
            "right; the reviewer assesses which."
        )
        f = flag(FlagKind.MATERIAL_RIGHT, Severity.JUDGMENT, message, MATERIAL_RIGHT, cites)
        out.append(
            conclude(
                "bonus_credits", "possible_material_right", message, MATERIAL_RIGHT, cites, [f]
            )
        )
    return out


def _decided(
    topic: str,
    what: str,
    decided: MaterialRightInput,
    rights: Iterator[PerformanceObligation],
    cites: list[Citation],
    currency: str | None,
) -> Conclusion:
    source = per_reviewer(decided.reason)
    if not decided.material:
        rationale = (
            f"{what[0].upper()}{what[1:]} does not give the customer a material right{source}: "
            "any discount is not incremental to the discounts the customer could obtain "
            "without this contract, so it is not a performance obligation and is accounted for "
            "when exercised."
        )
        return conclude(
            topic, "no_material_right", rationale, MATERIAL_RIGHT, cites, reviewer_input=True
        )
    if decided.option_ssp() is None:
        message = (
            f"{what[0].upper()}{what[1:]} gives the customer a material right{source}, but no "
            "standalone selling price for the option was supplied (the reviewer gives it, or "
            "the incremental discount, the expected purchases and the likelihood of exercise), "
            "so no part of the transaction price has been allocated to it yet."
        )
        f = flag(FlagKind.MATERIAL_RIGHT, Severity.JUDGMENT, message, OPTION_SSP, cites)
        return conclude(
            topic,
            "material_right",
            message,
            (*MATERIAL_RIGHT, *OPTION_SSP),
            cites,
            [f],
            reviewer_input=True,
        )
    po = next(rights)
    rationale = (
        f"{what[0].upper()}{what[1:]} gives the customer a material right{source}: a discount "
        "it would not receive without entering into this contract. It is a separate "
        f"performance obligation ({po.id}); {_ssp_text(decided, currency)}. The amount "
        "allocated to it is deferred and recognised when the option is exercised (as the "
        "additional goods or services transfer) or expires."
    )
    return conclude(
        topic,
        "material_right",
        rationale,
        (*MATERIAL_RIGHT, *OPTION_SSP),
        cites,
        amount=_ssp(decided),
        reviewer_input=True,
    )


def setup_conclusion(
    po: PerformanceObligation, setup: list[int], terms: ContractTerms
) -> Conclusion:
    fees = lines_text(terms, setup)
    rationale = (
        f"The set-up fee ({fees}) pays for activities that do not transfer a good or service to "
        f"the customer on their own; it is an advance payment for {po.id} {po.name}, included "
        "in that performance obligation's consideration and recognised over its service period."
    )
    cites = citations_of([terms.fee_lines[i] for i in setup])
    return conclude("setup_fee", "not_distinct", rationale, (*SETUP_FEES, *NOT_DISTINCT), cites)


def setup_renewal_conclusion(terms: ContractTerms, setup: list[int], view: Inputs) -> Conclusion:
    fees = lines_text(terms, setup)
    cites = citations_of([terms.fee_lines[i] for i in setup], terms.renewal)
    paragraphs = (*SETUP_FEES, *MATERIAL_RIGHT)
    decided = view.material_right(setup=True)
    if decided is not None and decided.material and decided.benefit_months is not None:
        months = decided.benefit_months
        rationale = (
            f"Renewing without paying the set-up fee ({fees}) again gives the customer a "
            f"material right{per_reviewer(decided.reason)}, so the fee is recognised over the "
            f"{fmt_months(months)} the customer is expected to benefit from it, including "
            "expected renewals, rather than over the initial contract term (55-51)."
        )
        return conclude(
            "setup_fee_renewal", "material_right", rationale, paragraphs, cites, reviewer_input=True
        )
    if decided is not None and not decided.material:
        rationale = (
            f"Renewing without paying the set-up fee ({fees}) again does not give the customer "
            f"a material right{per_reviewer(decided.reason)}, so the fee is recognised over "
            "the contract term with the service it pays for."
        )
        return conclude(
            "setup_fee_renewal",
            "no_material_right",
            rationale,
            paragraphs,
            cites,
            reviewer_input=True,
        )
    message = (
        f"The contract can be renewed and the set-up fee ({fees}) is charged once. If renewing "
        "without paying the fee again gives the customer a material right, the fee is "
        "recognised over the period the customer is expected to benefit (including expected "
        "renewals) rather than the contract term; the reviewer assesses the material right"
        + (" and the expected period of benefit." if decided is not None else ".")
    )
    f = flag(FlagKind.MATERIAL_RIGHT, Severity.JUDGMENT, message, paragraphs, cites)
    return conclude("setup_fee_renewal", "reviewer_to_confirm", message, paragraphs, cites, [f])
