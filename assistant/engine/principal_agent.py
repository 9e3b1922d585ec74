"""Principal or agent for resold third-party models and services (55-36 to 55-40).

The entity is a principal (revenue gross) if it controls the specified service before it is
transferred to the customer; the 55-39 indicators help: (a) it is primarily responsible for
fulfilling the promise, (b) it has inventory risk, (c) it has discretion in setting the price.
Otherwise it is an agent and its revenue is the fee or commission it keeps (55-38). Who
controls the service is a fact outside the contract: without the reviewer's conclusion the
line is shown gross and flagged; with it, an agent's line is reduced to the net fee in Step 3.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    AGENT_NET,
    PRINCIPAL_AGENT,
    PRINCIPAL_INDICATORS,
    citations_of,
    conclude,
    flag,
    fmt_number,
    per_reviewer,
    quoted,
)
from assistant.engine._inputs import Inputs
from assistant.schemas import (
    AgentOrPrincipal,
    Conclusion,
    ContractTerms,
    FlagKind,
    PrincipalAgentInput,
    Severity,
)

_INDICATORS = (
    ("primarily_responsible", "primarily responsible for fulfilling the promise (55-39(a))"),
    ("inventory_risk", "inventory risk before or after the transfer (55-39(b))"),
    ("pricing_discretion", "discretion in establishing the price (55-39(c))"),
)


def net_fee(decided: PrincipalAgentInput | None, gross: Decimal) -> Decimal | None:
    """The agent's net consideration for a gross amount; None for a principal or if unknown."""
    if decided is None or decided.conclusion is not AgentOrPrincipal.AGENT:
        return None
    if decided.net_fee_amount is not None:
        return decided.net_fee_amount
    if decided.net_fee_percent is not None:
        return gross * decided.net_fee_percent / 100
    return None


def principal_agent_conclusions(terms: ContractTerms, view: Inputs) -> list[Conclusion]:
    out = []
    for i, term in enumerate(terms.fee_lines):
        if not term.value.third_party:
            continue
        cites = citations_of(term)
        name = quoted(term.value.description)
        decided = view.principal_agent(i)
        if decided is None:
            message = (
                f"The fee {name} resells a third party's model or service. The entity is "
                "principal (revenue gross) only if it controls the service before it transfers "
                "to the customer, considering primary responsibility, inventory risk and "
                "discretion over price (55-39); otherwise it is an agent and revenue is its net "
                "fee. revrec presents the fee gross until the reviewer decides."
            )
            f = flag(FlagKind.PRINCIPAL_AGENT, Severity.JUDGMENT, message, PRINCIPAL_AGENT, cites)
            out.append(
                conclude(
                    "principal_agent", "reviewer_to_confirm", message, PRINCIPAL_AGENT, cites, [f]
                )
            )
            continue
        out.append(_decided(name, decided, cites))
    return out


def _indicators(decided: PrincipalAgentInput) -> str:
    parts = []
    for attr, text in _INDICATORS:
        value = getattr(decided, attr)
        if value is None:
            parts.append(f"whether the entity has {text} was not stated")
        else:
            parts.append(f"the entity {'has' if value else 'does not have'} {text}")
    return "; ".join(parts)


def _decided(name: str, decided: PrincipalAgentInput, cites: list) -> Conclusion:
    indicators = _indicators(decided)
    source = per_reviewer(decided.reasons)
    flags = []
    present = [getattr(decided, a) for a, _ in _INDICATORS if getattr(decided, a) is not None]
    if decided.conclusion is AgentOrPrincipal.PRINCIPAL:
        rationale = (
            f"The entity is the principal for {name}{source}: it controls the specified service "
            f"before it is transferred to the customer ({indicators}). Revenue is the gross "
            "consideration; amounts paid to the third party are costs."
        )
        if present and not any(present):
            message = (
                f"The reviewer concluded principal for {name}, but none of the 55-39 indicators "
                "stated supports control; the reviewer documents why the entity controls the "
                "service."
            )
            flags.append(
                flag(FlagKind.PRINCIPAL_AGENT, Severity.INFO, message, PRINCIPAL_INDICATORS, cites)
            )
        return conclude(
            "principal_agent",
            "principal",
            rationale,
            PRINCIPAL_INDICATORS,
            cites,
            flags,
            reviewer_input=True,
        )
    if decided.net_fee_amount is not None:
        net = f"its fee of {fmt_number(decided.net_fee_amount)} over the contract term"
    elif decided.net_fee_percent is not None:
        net = f"its fee of {fmt_number(decided.net_fee_percent)}% of the gross amount"
    else:
        net = "its net fee, which the reviewer has not quantified"
        message = (
            f"The entity is an agent for {name}, but no net fee (amount or percent of the gross) "
            "was supplied, so revrec cannot reduce the line to the net amount; it is still "
            "shown gross."
        )
        flags.append(flag(FlagKind.PRINCIPAL_AGENT, Severity.MISSING, message, AGENT_NET, cites))
    rationale = (
        f"The entity is an agent for {name}{source}: it arranges for the third party to provide "
        f"the service and does not control it before transfer ({indicators}). Revenue is {net} "
        "(55-38); the amounts collected for the third party are not revenue."
    )
    return conclude(
        "principal_agent",
        "agent",
        rationale,
        (*PRINCIPAL_INDICATORS, *AGENT_NET),
        cites,
        flags,
        reviewer_input=True,
    )
