"""Step 1, renewals: the memo conclusion on a renewal option or automatic renewal."""

from __future__ import annotations

from assistant.engine._common import (
    CONTRACT_TERM,
    citations_of,
    conclude,
)
from assistant.schemas import (
    Conclusion,
    Renewal,
    Term,
)


def renewal_conclusion(term: Term[Renewal]) -> Conclusion:
    renewal = term.value
    period = f" for successive terms of {renewal.renewal_term}" if renewal.renewal_term else ""
    if not renewal.automatic and renewal.renewal_term is None:
        rationale = (
            "The agreement states that it does not renew automatically and gives no renewal "
            "option: the contract ends with its term, and any later agreement is a new "
            "contract (25-3)."
        )
        return conclude("renewal", "no_renewal", rationale, CONTRACT_TERM, citations_of(term))
    if renewal.automatic:
        rationale = (
            f"The agreement renews automatically{period} unless notice of non-renewal is given. "
            "Automatic renewal does not extend the contract term: the parties have no "
            "enforceable rights and obligations for a renewal period until it begins, so each "
            "renewal is an option accounted for when exercised (25-3)."
        )
    else:
        rationale = (
            f"The agreement may be renewed{period}. A renewal is an option, not part of the "
            "contract term, and is accounted for when exercised (25-3)."
        )
    rationale += " Whether the option conveys a material right is assessed in Step 2."
    return conclude(
        "renewal", "option_excluded_from_term", rationale, CONTRACT_TERM, citations_of(term)
    )
