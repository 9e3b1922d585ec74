"""Billings: invoices per contract and month -> contract liability (deferred revenue) and
contract asset (unbilled receivable) balances and their roll-forward.

Columns (docs/schedules.md): a contract (`contract`, or `customer_id` / `customer_name` as in
an Orb invoice export), a date (`invoice_date`, or `period` YYYY-MM), `amount` (or Orb's
`total`; negative for a credit note), optional `performance_obligation` (a PO id such as
`PO1`), optional `currency` (must be the contract's) and `invoice_id`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.schemas import ReviewRecord

from ._csv import CsvSource, read_rows
from ._months import ZERO, months_between, round_cents, split_cents
from .contracts import ContractIndex
from .models import ContractSchedule, RollForwardRow, WaterfallRow

ALIASES = {
    "total": "amount",
    "invoice_total": "amount",
    "amount_due": "amount",
    "invoice_number": "invoice_id",
    "issued_at": "invoice_date",
    "date": "invoice_date",
    "po": "performance_obligation",
    "po_id": "performance_obligation",
}


@dataclass(frozen=True)
class Billing:
    contract: str
    month: date
    amount: Decimal
    po_id: str | None
    where: str


def load_billings(path: CsvSource, records: Sequence[ReviewRecord]) -> list[Billing]:
    index = ContractIndex(records)
    out: list[Billing] = []
    for row in read_rows(
        path,
        required=[
            ("contract", "customer_id", "customer_name"),
            ("invoice_date", "period"),
            ("amount",),
        ],
        aliases=ALIASES,
    ):
        contract = index.resolve(row)
        record = index.records[contract]
        month = row.month("period") if row.get("period") else row.day("invoice_date")
        po_id = row.get("performance_obligation") or None
        po_ids = {po.id for po in record.analysis.step2.performance_obligations}
        if po_id is not None and po_id not in po_ids:
            raise row.fail(f"performance_obligation {po_id!r} is not a PO of {contract}")
        currency = row.get("currency").upper()
        expected = (record.analysis.step3.currency or "").upper()
        if currency and expected and currency != expected:
            raise row.fail(f"currency {currency} differs from the contract's ({expected})")
        amount = row.decimal("amount")
        if round_cents(amount) != amount:
            raise row.fail("amount has fractions of a cent")
        out.append(
            Billing(contract, month.replace(day=1), amount, po_id, f"{row.file} row {row.number}")
        )
    return out


def apply_billings(schedule: ContractSchedule, billings: Sequence[Billing]) -> None:
    """Attribute the contract's invoices to its POs (in place).

    An invoice tagged with a PO goes to it; an untagged one is split across the POs in
    proportion to their revenue over the schedule (largest remainder), the contract's own
    mix, since the contract's position is what is presented (net, per contract)."""
    if not billings or not schedule.pos:
        return
    totals = [max(sum((po.revenue(m) for m in schedule.months), ZERO), ZERO) for po in schedule.pos]
    weights = totals if any(totals) else [Decimal(1)] * len(schedule.pos)
    untagged = False
    for bill in billings:
        if bill.po_id is not None:
            shares = [bill.amount if po.po_id == bill.po_id else ZERO for po in schedule.pos]
        else:
            untagged = untagged or len(schedule.pos) > 1
            shares = split_cents(bill.amount, weights)
        for po, share in zip(schedule.pos, shares, strict=True):
            if share:
                po.billings[bill.month] = po.billings.get(bill.month, ZERO) + share
    months = set(schedule.months) | {b.month for b in billings}
    schedule.months = months_between(min(months), max(months))
    if untagged:
        schedule.notes.append(
            "Invoices without a performance_obligation are split across the POs in proportion "
            "to their revenue; the contract-level roll-forward does not depend on the split."
        )


def waterfall_rows(schedule: ContractSchedule) -> list[WaterfallRow]:
    rows: list[WaterfallRow] = []
    for po in schedule.pos:
        position = ZERO  # billings to date less revenue to date
        for month in schedule.months:
            revenue = po.revenue(month)
            billed = po.billings.get(month, ZERO)
            position += billed - revenue
            rows.append(
                WaterfallRow(
                    contract=schedule.contract,
                    performance_obligation=po.po_id,
                    currency=schedule.currency,
                    period=month,
                    revenue=revenue,
                    billings=billed,
                    deferred_revenue=max(position, ZERO),
                    unbilled_receivable=max(-position, ZERO),
                )
            )
    return rows


def rollforward(schedule: ContractSchedule) -> list[RollForwardRow]:
    """The contract's net position month by month: opening + billings - revenue = closing,
    presented as a liability (deferred revenue) or an asset (unbilled receivable)."""
    rows: list[RollForwardRow] = []
    position = ZERO
    for month in schedule.months:
        billed, revenue = schedule.billed(month), schedule.revenue(month)
        closing = position + billed - revenue
        rows.append(
            RollForwardRow(
                contract=schedule.contract,
                currency=schedule.currency,
                period=month,
                opening_deferred=max(position, ZERO),
                opening_unbilled=max(-position, ZERO),
                billings=billed,
                revenue=revenue,
                closing_deferred=max(closing, ZERO),
                closing_unbilled=max(-closing, ZERO),
            )
        )
        position = closing
    return rows
