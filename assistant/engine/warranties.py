"""Warranties: assurance-type (not a performance obligation) or service-type (55-30 to 55-35).

An assurance-type warranty only assures that the product meets agreed specifications and is
accounted for under ASC 460; a service-type warranty (one the customer can buy separately,
or one that provides a service beyond assurance) is a performance obligation. revrec does
not create a PO for a service-type warranty: it has no price of its own in the contract, so
the reviewer decides and supplies its SSP.
"""

from __future__ import annotations

from assistant.engine._common import WARRANTIES, citations_of, conclude, flag, quoted
from assistant.schemas import Conclusion, ContractTerms, FlagKind, Severity, WarrantyKind


def warranty_conclusions(terms: ContractTerms) -> list[Conclusion]:
    out = []
    for term in terms.warranties:
        w = term.value
        cites = citations_of(term)
        period = f" for {w.duration}" if w.duration is not None else ""
        if w.kind is WarrantyKind.ASSURANCE:
            rationale = (
                f"The warranty {quoted(w.description)}{period} assures that the services comply "
                "with agreed specifications: it is not sold separately and provides no service "
                "beyond that assurance, so it is an assurance-type warranty, not a performance "
                "obligation; expected costs are accounted for under ASC 460."
            )
            out.append(conclude("warranty", "assurance_type", rationale, WARRANTIES, cites))
            continue
        if w.kind is WarrantyKind.SERVICE:
            message = (
                f"The warranty {quoted(w.description)}{period} provides a service beyond "
                "assurance that the services meet specifications (55-33, 55-34): a service-type "
                "warranty is a separate performance obligation to which part of the price is "
                "allocated. revrec has not created one: the reviewer decides and estimates its "
                "SSP."
            )
            outcome = "service_type"
        else:
            message = (
                f"The warranty {quoted(w.description)}{period} could not be classified as "
                "assurance- or service-type; if it provides a service beyond assurance (its "
                "length, whether the law requires it, the tasks it promises: 55-33) it is a "
                "separate performance obligation. The reviewer classifies it."
            )
            outcome = "reviewer_to_confirm"
        f = flag(FlagKind.SERVICE_WARRANTY, Severity.JUDGMENT, message, WARRANTIES, cites)
        out.append(conclude("warranty", outcome, message, WARRANTIES, cites, [f]))
    return out
