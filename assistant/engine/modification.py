"""Contract modifications (ASC 606-10-25-10 to 25-13): separate contract, prospective, or
cumulative catch-up, with the amounts to the cent.

`account_for(before, change, ssp)` is the accounting: it takes the contract as it stands
(`ContractState`: price lines, performance obligations with what is allocated to each and
when it is recognised) and a `ContractChange` (the modification date, the price lines after
the change, added goods or services, credits), and returns a `Modification`:

- **Separate contract (25-12)** when the change only *adds* goods or services (including more
  periods of a series by an extension), each distinct, at a price that reflects its
  standalone selling price (within `ssp_tolerance`, 15% by default: 25-12(b) allows
  "appropriate adjustments"). The original is untouched; the additions are a new contract.
- Otherwise 25-13, PO by PO for the POs not yet fully satisfied:
  **(a) termination and new contract** (prospective) for POs whose remaining goods or
  services are distinct from those transferred (a series of distinct periods, distinct
  units): the unrecognised consideration of those POs plus the consideration the
  modification promises is allocated to the remaining goods and services by relative SSP and
  recognised from the modification date; **(b) cumulative catch-up** for a single PO
  partially satisfied (remaining not distinct): its new price times its progress under the
  modified contract, less what was recognised, is recognised at the modification date;
  **(c)** both, when the contract has both kinds.

Progress at the modification date is time elapsed over each PO's recognition periods (exact
calendar months, see `_timeline`), unless the reviewer supplies it (`ModificationInputs`):
the standard's own examples measure progress by units delivered or costs incurred.

`classify_modification` adapts an amendment's extracted terms (`AmendmentTerms`) to a
`ContractChange`; `initial_state` builds the state of an analysed contract. Pure: no I/O.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._adapt_change import classify_modification
from assistant.engine._adapt_state import initial_state, with_modification
from assistant.engine._modify_accounting import _Accounting
from assistant.engine._modify_summary import label, summarise
from assistant.engine._modify_types import (
    TOLERANCE,
    ZERO,
    AddedItem,
    ContractChange,
    Credit,
    ModificationInputs,
    ProgressOverride,
)
from assistant.engine.rounding import allocate_cents
from assistant.schemas import (
    ContractState,
    Modification,
    ModificationType,
    ObligationChange,
    SspTable,
)


def account_for(
    before: ContractState,
    change: ContractChange,
    ssp: SspTable,
    inputs: ModificationInputs | None = None,
) -> Modification:
    """How the change is accounted for (25-12 / 25-13), with the state after it."""
    return _Accounting(before, change, ssp, inputs or ModificationInputs()).run()


def allocate_later_price_change(
    mod: Modification, amount: Decimal, *, from_variable_before_modification: bool
) -> dict[str, Decimal]:
    """Allocate a change in the transaction price that occurs *after* a modification (32-45).

    (a) When the change comes from variable consideration promised before the modification
    and the modification was prospective (25-13(a)): allocated to the POs of the contract
    before the modification, on the basis used then; the share of a PO satisfied before the
    modification is revenue at once, and the share of a PO that was still to transfer goes
    to the remaining POs in proportion to their allocation at the modification (Example 6).
    (b) Otherwise: allocated to the POs unsatisfied (or partially) after the modification, in
    proportion to what remained to recognise. Returns the amount by PO id, to the cent.
    """
    prospective = mod.type in (
        ModificationType.TERMINATION_AND_NEW_CONTRACT,
        ModificationType.PROSPECTIVE_AND_CATCH_UP,
    )
    open_after = [c for c in mod.changes if c.remaining_after and c.treatment != "satisfied"]
    out: dict[str, Decimal] = {}

    def spread(total: Decimal, targets: list[ObligationChange]) -> None:
        shares = allocate_cents(total, [c.remaining_after for c in targets])
        for c, share in zip(targets, shares, strict=True):
            out[c.po_id] = out.get(c.po_id, ZERO) + share

    if from_variable_before_modification and prospective:
        before = mod.before.obligations
        shares = allocate_cents(amount, [o.allocated for o in before])
        treatment = {c.po_id: c.treatment for c in mod.changes}
        remaining = [c for c in open_after if c.treatment == "prospective"]
        for ob, share in zip(before, shares, strict=True):
            if treatment.get(ob.po_id) == "prospective" and remaining:
                spread(share, remaining)
            else:
                out[ob.po_id] = out.get(ob.po_id, ZERO) + share
        return out
    spread(amount, open_after)
    return out


__all__ = [
    "TOLERANCE",
    "AddedItem",
    "ContractChange",
    "Credit",
    "ModificationInputs",
    "ProgressOverride",
    "account_for",
    "allocate_later_price_change",
    "classify_modification",
    "initial_state",
    "label",
    "summarise",
    "with_modification",
]
