"""The citations and the preliminary findings (approval, undetermined) of an amendment,
before the modification arithmetic runs, and the fee kinds that count as the same service.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.engine._modify_types import (
    MODIFICATION,
    _long,
)
from assistant.engine.combination import customer_key
from assistant.schemas import (
    AmendmentTerms,
    Citation,
    ContractState,
    ContractTerms,
    FeeKind,
    Flag,
    FlagKind,
    Modification,
    ModificationFinding,
    ModificationType,
    PartyRole,
    Severity,
    Term,
)

_GROUPS = (
    {FeeKind.PLATFORM, FeeKind.SUBSCRIPTION, FeeKind.RESERVED_CAPACITY},
    {FeeKind.USAGE, FeeKind.COMMITTED_SPEND, FeeKind.MINIMUM_COMMITMENT, FeeKind.PREPAID_CREDITS},
)


def _same_group(a: FeeKind, b: FeeKind) -> bool:
    return a is b or any(a in g and b in g for g in _GROUPS)


# --------------------------------------------------------------------------- citations


def _cites(terms: Sequence[Term | None]) -> tuple[Citation, ...]:
    seen: dict[tuple[str, int, str], Citation] = {}
    for t in terms:
        if t is None:
            continue
        for c in t.citations:
            seen.setdefault((c.clause_id, c.page, c.quote), c)
    return tuple(seen.values())


def _amendment_cites(amendment: AmendmentTerms) -> dict[str, tuple[Citation, ...]]:
    return {
        "date": _cites([amendment.effective_date]),
        "scope": _cites(
            [*amendment.price_changes, *amendment.added_fee_lines, amendment.term_change]
        ),
        "credits": _cites(list(amendment.credits)),
        "reference": _cites([amendment.original_reference]),
    }


def _original_cites(
    amendment: AmendmentTerms, original: ContractTerms | None
) -> dict[str, tuple[Citation, ...]]:
    if original is None:
        return {}
    kinds = [c.value.kind for c in amendment.price_changes] + [
        f.value.kind for f in amendment.added_fee_lines
    ]
    fees = [f for f in original.fee_lines if any(_same_group(f.value.kind, k) for k in kinds)]
    term = [original.initial_term, original.expiration_date] if amendment.term_change else []
    return {
        "scope": _cites([*fees, *term]),
        "term": _cites(term),
        "reference": _cites([original.agreement_date or original.effective_date, original.title]),
    }


# --------------------------------------------------------------------------- findings


def _approval_findings(
    amendment: AmendmentTerms,
    original: ContractTerms | None,
    contract: ContractTerms | None,
    a_cites: dict[str, tuple[Citation, ...]],
) -> list[ModificationFinding]:
    findings: list[ModificationFinding] = []
    flags: list[Flag] = []
    cites = list(a_cites.get("date", ()))
    rationale = (
        "The amendment is a written agreement that changes the scope or price of the "
        "original agreement. A contract modification exists once the parties approve it and "
        "it creates or changes enforceable rights and obligations (25-10, 25-11): revrec reads "
        "the amendment as executed; the reviewer confirms both parties signed it."
    )
    mine = contract.party(PartyRole.CUSTOMER) if contract else None
    theirs = original.party(PartyRole.CUSTOMER) if original else None
    if mine and theirs and customer_key(mine.value.name) != customer_key(theirs.value.name):
        flags.append(
            _flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.JUDGMENT,
                f"The amendment names the customer {mine.value.name}, the original agreement "
                f"{theirs.value.name}: the reviewer confirms the amendment modifies this "
                "contract (an assignment or a different contract changes the analysis).",
                mine.citations,
            )
        )
    findings.append(
        ModificationFinding(
            topic="modification_approval",
            outcome="reviewer_to_confirm",
            rationale=rationale,
            asc=list(MODIFICATION),
            amendment_citations=cites,
            flags=flags,
        )
    )
    ref = amendment.original_reference
    if ref is not None and original is not None:
        stated = original.agreement_date or original.effective_date
        dated = ref.value.dated
        title = ref.value.title or "the agreement"
        if dated is not None and stated is not None and dated != stated.value:
            mismatch = _flag(
                FlagKind.CONTRACT_MODIFICATION,
                Severity.JUDGMENT,
                f"The amendment amends {title} dated {_long(dated)}, but the original reviewed "
                f"with it is dated {_long(stated.value)}: the reviewer confirms it is the "
                "agreement being amended.",
                ref.citations,
            )
            outcome, extra = "mismatch", [mismatch]
        else:
            outcome, extra = "matches", []
        when = f" dated {_long(dated)}" if dated else ""
        findings.append(
            ModificationFinding(
                topic="original_agreement",
                outcome=outcome,
                rationale=f"The amendment states that it amends the {title}{when}.",
                asc=list(MODIFICATION),
                amendment_citations=list(ref.citations),
                original_citations=[
                    c
                    for t in (original.agreement_date, original.effective_date)
                    if t
                    for c in t.citations
                ][:2],
                flags=extra,
            )
        )
    return findings


def _flag(kind: FlagKind, severity: Severity, message: str, cites: Sequence[Citation]) -> Flag:
    return Flag(
        kind=kind,
        severity=severity,
        message=" ".join(message.split()),
        asc=list(MODIFICATION),
        citations=list(cites),
    )


def _with_findings(mod: Modification, preliminary: list[ModificationFinding]) -> Modification:
    from assistant.engine._modify_summary import summarise

    findings = [*preliminary, *mod.findings]
    flags = [f for x in preliminary for f in x.flags] + list(mod.flags)
    unique = list({(f.kind, f.message): f for f in flags}.values())
    updated = mod.model_copy(update={"findings": findings, "flags": unique})
    return updated.model_copy(update={"summary": summarise(updated)})


def _undetermined(
    before: ContractState,
    preliminary: list[ModificationFinding],
    message: str,
    a_cites: dict[str, tuple[Citation, ...]],
    severity: Severity = Severity.MISSING,
) -> Modification:
    kind = FlagKind.MISSING_TERM if severity is Severity.MISSING else FlagKind.CONTRACT_MODIFICATION
    f = _flag(kind, severity, message, a_cites.get("date", ()) or a_cites.get("scope", ()))
    finding = ModificationFinding(
        topic="contract_modification",
        outcome=ModificationType.UNDETERMINED.value,
        rationale=message,
        asc=list(MODIFICATION),
        amendment_citations=list(a_cites.get("date", ())),
        flags=[f],
    )
    mod = Modification(
        type=ModificationType.UNDETERMINED,
        before=before,
        after=before,
        findings=[finding],
        flags=[f],
    )
    return _with_findings(mod, preliminary)
