"""Reading a `revrec review` output folder and finding which contract a CSV row is about."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from assistant.schemas import PartyRole, ReviewRecord

from ._csv import Row, ScheduleInputError

ANALYSIS = "analysis.json"


def load_review_dir(review_dir: Path) -> list[ReviewRecord]:
    """Every `<contract>/analysis.json` under a `revrec review` output folder, by name.

    Contracts that failed review have no `analysis.json` and are simply absent."""
    if not review_dir.is_dir():
        raise ScheduleInputError(f"{review_dir}: not a folder (expected a revrec review output)")
    records: list[ReviewRecord] = []
    for path in sorted(review_dir.glob(f"*/{ANALYSIS}")):
        where = f"{path.parent.name}/{ANALYSIS}"
        try:
            records.append(ReviewRecord.model_validate_json(path.read_bytes()))
        except ValidationError as exc:
            raise ScheduleInputError(
                f"{where}: not a revrec analysis ({exc.error_count()} validation errors); "
                "review the contract again"
            ) from None
        except OSError as exc:
            raise ScheduleInputError(f"{where}: cannot read ({exc.strerror or exc})") from None
    if not records:
        raise ScheduleInputError(
            f"{review_dir}: no <contract>/{ANALYSIS} found; run `revrec review ... --out` first"
        )
    return records


def _norm_name(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


class ContractIndex:
    """Resolves a CSV row to a contract: `contract` (the output folder name), else
    `customer_id` equal to a folder name, else `customer_name` equal to the customer named
    in exactly one contract (case and punctuation ignored)."""

    def __init__(self, records: Sequence[ReviewRecord]) -> None:
        self.records = {r.contract: r for r in records}
        self._by_customer: dict[str, list[str]] = {}
        for record in records:
            party = record.terms.party(PartyRole.CUSTOMER)
            if party is not None:
                key = _norm_name(party.value.name)
                self._by_customer.setdefault(key, []).append(record.contract)

    def resolve(self, row: Row) -> str:
        contract = row.get("contract")
        if contract:
            if contract not in self.records:
                raise row.fail(f"unknown contract {contract!r} (not in the review folder)")
            return contract
        customer_id = row.get("customer_id")
        if customer_id in self.records:
            return customer_id
        name = row.get("customer_name")
        if name:
            found = self._by_customer.get(_norm_name(name), [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise row.fail(
                    f"customer {name!r} matches several contracts ({', '.join(sorted(found))}); "
                    "add a contract column"
                )
            raise row.fail(f"unknown customer {name!r} (no reviewed contract names it)")
        if customer_id:
            raise row.fail(f"unknown customer_id {customer_id!r} (not a contract folder name)")
        raise row.fail("no contract, customer_id or customer_name")
