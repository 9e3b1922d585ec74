"""The one-paragraph summary of a modification for the memo, and the label of each kind."""

from __future__ import annotations

from decimal import Decimal

from assistant.engine._common import (
    fmt_money,
    fmt_months,
)
from assistant.engine._modify_types import _long
from assistant.schemas import (
    Modification,
    ModificationType,
    Severity,
)

_LABEL = {
    ModificationType.SEPARATE_CONTRACT: "a separate contract (ASC 606-10-25-12)",
    ModificationType.TERMINATION_AND_NEW_CONTRACT: (
        "a termination of the existing contract and the creation of a new contract, "
        "prospectively (ASC 606-10-25-13(a))"
    ),
    ModificationType.CUMULATIVE_CATCH_UP: (
        "part of the existing contract, with a cumulative catch-up (ASC 606-10-25-13(b))"
    ),
    ModificationType.PROSPECTIVE_AND_CATCH_UP: (
        "prospectively for the distinct remaining goods and services and with a cumulative "
        "catch-up for the rest (ASC 606-10-25-13(a) to (c))"
    ),
    ModificationType.NO_CHANGE: "no change in scope or price (ASC 606-10-25-10)",
    ModificationType.UNDETERMINED: "undetermined: facts the analysis needs are missing",
}


def label(kind: ModificationType) -> str:
    return _LABEL[kind]


def summarise(mod: Modification) -> str:
    cur = mod.before.currency
    when = f" effective {_long(mod.modification_date)}" if mod.modification_date else ""
    text = f"The amendment{when} is accounted for as {label(mod.type)}."
    if mod.type in (ModificationType.NO_CHANGE, ModificationType.UNDETERMINED):
        return text
    if mod.type is ModificationType.SEPARATE_CONTRACT:
        return (
            f"{text} The original contract's transaction price of fixed consideration "
            f"({fmt_money(mod.before.transaction_price, cur)}) and its recognition are "
            "unchanged; the new contract's transaction price is "
            f"{fmt_money(mod.new_contract_price or Decimal(0), cur)}, recognised as the added "
            "goods or services are transferred."
        )
    text += (
        f" The transaction price of fixed consideration changes from "
        f"{fmt_money(mod.before.transaction_price, cur)} to "
        f"{fmt_money(mod.after.transaction_price, cur)}"
    )
    if (
        mod.before.term_months is not None
        and mod.after.term_months is not None
        and mod.after.term_end != mod.before.term_end
    ):
        text += (
            f", and the term from {fmt_months(mod.before.term_months)} to "
            f"{fmt_months(mod.after.term_months)}"
        )
    text += "."
    if mod.new_contract_price is not None:
        text += (
            f" The new contract's transaction price is {fmt_money(mod.new_contract_price, cur)}."
        )
    if mod.remaining_consideration is not None:
        text += (
            f" Remaining consideration of {fmt_money(mod.remaining_consideration, cur)} is "
            "recognised from the modification date."
        )
    if mod.catch_up:
        text += f" A cumulative catch-up of {fmt_money(mod.catch_up, cur)} is recognised at once."
    if mod.immediate_adjustment:
        text += (
            f" An adjustment of {fmt_money(mod.immediate_adjustment, cur)} for goods or "
            "services already transferred is recognised at once."
        )
    judgments = sum(1 for f in mod.flags if f.severity is Severity.JUDGMENT)
    if judgments:
        plural = judgments != 1
        text += (
            f" {judgments} judgment{'s' if plural else ''} on the modification "
            f"{'are' if plural else 'is'} open."
        )
    return text
