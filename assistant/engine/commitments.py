"""Minimum commitments, true-ups, prepaid credits and breakage (32-2 to 32-4, 55-46 to 55-49).

A committed amount is fixed consideration; usage above it is variable. What happens to unused
commitment (invoiced as a true-up, forfeited, rolled over) follows the contract. Cash paid for
credits before use is a contract liability; credits expected to go unused (breakage) are
recognised in proportion to the customer's use if the entity expects to be entitled to them
(it has predictive history), otherwise when use becomes remote (55-48). The breakage estimate
is the reviewer's.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    BREAKAGE,
    TRANSACTION_PRICE,
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
from assistant.engine.consideration import fixed_base, over_term
from assistant.engine.promises import COMMITMENT_KINDS
from assistant.schemas import (
    BreakageBasis,
    BreakageEstimate,
    Citation,
    Conclusion,
    ContractTerms,
    FeeKind,
    FeeLine,
    Flag,
    FlagKind,
    Severity,
    Shortfall,
)


def commitment_conclusions(
    terms: ContractTerms, view: Inputs, months: Decimal | None, currency: str | None
) -> list[Conclusion]:
    out = []
    for i, term in enumerate(terms.fee_lines):
        line = term.value
        cites = citations_of(term)
        if line.kind is FeeKind.PREPAID_CREDITS:
            out.append(_prepaid(line, cites, view.breakage(i), months, currency))
        if line.kind in COMMITMENT_KINDS:
            out.append(_commitment(line, cites, view.breakage(i), months, currency))
    return out


def _breakage_text(
    estimate: BreakageEstimate, amount: Decimal | None, currency: str | None
) -> tuple[str, Decimal | None]:
    pct = estimate.expected_unused_percent
    expected = cents(amount * pct / 100) if amount is not None else None
    size = f" ({fmt_money(expected, currency)})" if expected is not None else ""
    source = per_reviewer(estimate.evidence)
    if estimate.basis is BreakageBasis.HISTORY:
        ratio = Decimal(1) / (1 - pct / 100) if pct < 100 else None
        per_unit = (
            f"; each unit used recognises {fmt_number(ratio.quantize(Decimal('0.0001')))} units "
            "of the prepaid amount"
            if ratio is not None
            else ""
        )
        return (
            f"The reviewer expects {fmt_number(pct)}% to go unused{size}{source}, based on "
            "predictive history, so the entity expects to be entitled to that breakage and "
            "recognises it in proportion to the pattern of rights the customer exercises "
            f"(55-48){per_unit}.",
            expected,
        )
    return (
        f"The reviewer expects {fmt_number(pct)}% to go unused{size}{source}, but without "
        "predictive history the entity does not expect to be entitled to breakage: it is "
        "recognised only when the likelihood of the customer using the remaining rights becomes "
        "remote (55-48), at the latest on expiry.",
        expected,
    )


def _prepaid(
    line: FeeLine,
    cites: list[Citation],
    estimate: BreakageEstimate | None,
    months: Decimal | None,
    currency: str | None,
) -> Conclusion:
    name = quoted(line.description)
    expiry = (
        f"The credits expire after {line.credit_expiry}."
        if line.credit_expiry is not None
        else "The contract states no expiry for the credits, so when unused credits lapse "
        "cannot be read from it."
    )
    base = fixed_base(line)
    amount = cents(over_term(base, line, months)) if base is not None else None
    if estimate is not None:
        text, expected = _breakage_text(estimate, amount, currency)
        rationale = (
            f"Prepaid credits ({name}): {expiry} Cash received for credits is a contract "
            f"liability recognised as the credits are used. {text}"
        )
        return conclude(
            "prepaid_credits",
            "contract_liability",
            rationale,
            BREAKAGE,
            cites,
            amount=expected,
            reviewer_input=True,
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
    line: FeeLine,
    cites: list[Citation],
    estimate: BreakageEstimate | None,
    months: Decimal | None,
    currency: str | None,
) -> Conclusion:
    name = quoted(line.description)
    flags: list[Flag] = []
    base = fixed_base(line)
    amount = cents(over_term(base, line, months)) if base is not None else None
    extra = ""
    if line.shortfall is Shortfall.INVOICED:
        message = (
            f"Any shortfall of usage below the commitment {name} is invoiced at the end of the "
            "period (true-up), so the committed amount is payable whether or not it is used."
        )
        flags.append(flag(FlagKind.SHORTFALL, Severity.INFO, message, TRANSACTION_PRICE, cites))
    if line.shortfall is Shortfall.FORFEITED or line.rollover:
        if estimate is not None:
            extra, _ = _breakage_text(estimate, amount, currency)
            extra = " Unused commitment: " + extra
        else:
            how = "rolls over to the next period" if line.rollover else "is forfeited"
            message = (
                f"Unused commitment under {name} {how}. The reviewer estimates the amount "
                "expected to go unused: it is recognised in proportion to usage if the entity "
                "expects to be entitled to it, otherwise when use becomes remote"
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
    if base is None or amount is None:
        rationale = f"The commitment {name} states no committed amount, so nothing is fixed."
        return conclude(
            "minimum_commitment", "not_stated", rationale, TRANSACTION_PRICE, cites, flags
        )
    rationale = (
        f"The commitment {name} of {fmt_money(base, currency)} is fixed consideration "
        f"({fmt_money(amount, currency)} over the contract term); usage above it is variable "
        f"consideration recognised as it occurs.{extra}"
    )
    return conclude(
        "minimum_commitment",
        "fixed",
        rationale,
        (*TRANSACTION_PRICE, *(BREAKAGE if extra else ())),
        cites,
        flags,
        amount=amount,
        reviewer_input=bool(extra),
    )
