"""Usage forecasts: retroactive tiers estimated from them (Example 24), and the rest shown.

Retroactive tiers reprice every unit in the period once a volume is reached, so the price
of each unit is variable consideration: the reviewer's forecast of the period's volume sets
the estimated price per unit at which every unit is recognised, and the units and revenue to
date give the cumulative catch-up when the estimate changes (32-42 to 32-44). Other
forecasts are shown for the reviewer but not included at inception: usage fees are allocated
to the period of usage (32-40).
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    ESTIMATE_METHODS,
    MATERIAL_RIGHT,
    PRICE_CHANGES,
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
from assistant.engine.variable_consideration import RETROACTIVE_TIERS, estimate_text
from assistant.schemas import (
    Citation,
    Conclusion,
    ContractTerms,
    Duration,
    Estimate,
    EstimateMethod,
    FeeLine,
    FlagKind,
    Severity,
    Tier,
    TierMode,
)

UNIT_PRICE = Decimal("0.000001")


def tier_price(tiers: list[Tier], units: Decimal) -> Decimal:
    """The unit price of the tier `units` falls in (a tier starts above its `from_units`)."""
    ordered = sorted(tiers, key=lambda t: t.from_units or ZERO)
    chosen = ordered[0]
    for tier in ordered:
        start = tier.from_units or ZERO
        if units > start or (start == 0 and units >= 0):
            chosen = tier
    return chosen.unit_price


def _expected_unit_price(tiers: list[Tier], estimate: Estimate) -> tuple[Decimal, Decimal]:
    """(expected units, price per unit) under retroactive tiers."""
    if estimate.method is EstimateMethod.EXPECTED_VALUE:
        units = estimate.value()
        amount = sum(
            (s.value * s.probability * tier_price(tiers, s.value) for s in estimate.scenarios), ZERO
        )
        price = (amount / units).quantize(UNIT_PRICE) if units else tier_price(tiers, units)
        return units, price
    units = estimate.value()
    return units, tier_price(tiers, units)


def units_text(units: Decimal) -> str:
    """`5,000,000`, `1,234.5`: grouped, no trailing zeros."""
    return f"{units.normalize():,f}"


def _per(period: Duration) -> str:
    """`month` for one month, `3 months` otherwise."""
    return str(period).removeprefix("1 ")


def _method_name(estimate: Estimate) -> str:
    if estimate.method is EstimateMethod.EXPECTED_VALUE:
        return "the expected value"
    return "the most likely amount"


def tier_conclusions(terms: ContractTerms, view: Inputs, currency: str | None) -> list[Conclusion]:
    out = []
    for i, term in enumerate(terms.fee_lines):
        line = term.value
        if not line.tiers:
            continue
        forecast = view.forecast(i)
        cites = citations_of(term)
        name = quoted(line.description)
        if line.tier_mode is TierMode.PROSPECTIVE:
            out.append(_prospective(name, cites))
            continue
        if (
            line.tier_mode is TierMode.RETROACTIVE
            and forecast is not None
            and forecast.units is not None
        ):
            out += _retroactive_estimate(line, forecast, cites, currency)
            continue
        if line.tier_mode is TierMode.RETROACTIVE:
            message = (
                f"The tiered prices of {name} apply retroactively: reaching a tier reprices every "
                "unit in the period, so the price of early usage depends on later usage. The "
                "reviewer estimates the period's total usage and the resulting price (variable "
                "consideration, as in Example 24) and constrains the estimate."
            )
            outcome = "retroactive"
        else:
            message = (
                f"The contract does not say whether the tiered prices of {name} apply only to the "
                "units within each tier or reprice all units; if retroactive, the price of early "
                "usage depends on later usage and must be estimated (Example 24). The reviewer "
                "confirms the tier mode."
            )
            outcome = "reviewer_to_confirm"
        f = flag(FlagKind.RETROACTIVE_TIERS, Severity.JUDGMENT, message, RETROACTIVE_TIERS, cites)
        out.append(conclude("tiered_pricing", outcome, message, RETROACTIVE_TIERS, cites, [f]))
    return out


def _prospective(name: str, cites: list[Citation]) -> Conclusion:
    rationale = (
        f"The tiered prices of {name} are prospective (graduated): each tier's price applies "
        "only to the units within it, so the price of units already transferred never "
        "changes and the tiers are not variable consideration of past usage. A lower price for "
        "later units is an option for future purchases, a material right only if that price is "
        "below the standalone selling price for this class of customer (55-42); at tier prices "
        "in line with the rate card it is not, and usage is recognised at the price of its tier."
    )
    return conclude(
        "tiered_pricing", "prospective", rationale, (*asc("32-5", "32-6"), *MATERIAL_RIGHT), cites
    )


def _retroactive_estimate(
    line: FeeLine, forecast, cites: list[Citation], currency: str | None
) -> list[Conclusion]:
    name = quoted(line.description)
    unit = line.unit or "unit"
    units, price = _expected_unit_price(line.tiers, forecast.units)
    period = f"per {_per(forecast.period)}" if forecast.period is not None else "over the period"
    list_price = tier_price(line.tiers, ZERO)
    rationale = (
        f"The tiered prices of {name} apply retroactively, so the price of each {unit} is "
        f"variable consideration. The reviewer forecasts {units_text(units)} {unit}s "
        f"{period}{per_reviewer(forecast.basis)}, estimated by "
        f"{_method_name(forecast.units)}; "
        f"at that volume the price is {fmt_money(price, currency)} per {unit}, so revenue is "
        f"recognised at {fmt_money(price, currency)} per {unit} as the units transfer"
    )
    if price < list_price:
        rationale += (
            f" and the difference from the invoiced {fmt_money(list_price, currency)} is a refund "
            "liability"
        )
    rationale += (
        ". The estimate is updated each reporting period; it is included only to the extent a "
        "significant reversal is not probable (32-11), which the entity's experience with the "
        "customer's purchasing supports."
    )
    out = [
        conclude(
            "tiered_pricing",
            "retroactive",
            rationale,
            (*RETROACTIVE_TIERS, *ESTIMATE_METHODS),
            cites,
            amount=price,
            reviewer_input=True,
        )
    ]
    if forecast.units_to_date is not None and forecast.recognised_to_date is not None:
        cumulative = cents(forecast.units_to_date * price)
        catch_up = cumulative - cents(forecast.recognised_to_date)
        rationale = (
            f"With {fmt_number(forecast.units_to_date)} {unit}s transferred to date at the "
            f"estimated {fmt_money(price, currency)}, cumulative revenue is "
            f"{fmt_money(cumulative, currency)}; "
            f"{fmt_money(forecast.recognised_to_date, currency)} was recognised before, so "
            f"revenue of {fmt_money(catch_up, currency)} is recognised "
            "now: the change in the estimated price is a cumulative catch-up on the units already "
            "transferred (32-43, Example 24)."
        )
        out.append(
            conclude(
                "cumulative_catch_up",
                f"{catch_up:f}",
                rationale,
                (*PRICE_CHANGES, *RETROACTIVE_TIERS[-1:]),
                cites,
                amount=catch_up,
                reviewer_input=True,
            )
        )
    return out


def forecast_conclusions(
    terms: ContractTerms, view: Inputs, currency: str | None
) -> list[Conclusion]:
    """Usage forecasts for lines not estimated elsewhere: shown, not included at inception."""
    out = []
    for f in view.raw.usage_forecasts:
        if f.fee_line >= len(terms.fee_lines):
            continue
        term = terms.fee_lines[f.fee_line]
        line = term.value
        if line.tiers and line.tier_mode is not TierMode.PROSPECTIVE and f.units is not None:
            continue  # estimated with the tiers
        name = quoted(line.description)
        if f.amount is not None:
            value = cents(f.amount.value())
            what = f"consideration of {fmt_money(value, currency)}"
            how = estimate_text(f.amount, currency)
        else:
            assert f.units is not None
            value = f.units.value()
            unit = line.unit or "unit"
            what = f"{units_text(value)} {unit}s"
            how = (
                "the expected value"
                if f.units.method is EstimateMethod.EXPECTED_VALUE
                else ("the most likely amount")
            )
            if line.unit_price is not None:
                value = cents(value * line.unit_price)
                what += f" ({fmt_money(value, currency)} at {fmt_money(line.unit_price, currency)})"
        period = f" per {_per(f.period)}" if f.period is not None else ""
        rationale = (
            f"The reviewer expects {what}{period} on {name}{per_reviewer(f.basis)}, by {how}. "
            "These fees are variable consideration allocated to the period in which the usage "
            "occurs (32-40), so the forecast is not included in the transaction price at "
            "inception; it informs the allocation test (32-40(b)) and the expected revenue."
        )
        out.append(
            conclude(
                "usage_forecast",
                "not_included",
                rationale,
                (*ESTIMATE_METHODS, *asc("32-39", "32-40")),
                citations_of(term),
                amount=value,
                reviewer_input=True,
            )
        )
    return out
