"""Compare a review with an eval-set contract's labels, field by field.

The label-agreement figure behind the floor in `tests/test_golden.py`: one hit or miss per
labelled item. The full eval (per-field precision and recall, citations, engine, memo,
regressions against a baseline) is `revrec eval`; see docs/evaluation.md. Only labelled
fields are scored: a label of None means the labeller did not state the field.

    python -m assistant.evaluation.labels [EVAL_DIR]     # table of hits per field
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from assistant.evaluation.citations import field_citations
from assistant.schemas import (
    ContractLabels,
    PartyRole,
    ReviewRecord,
    TerminationParty,
    TerminationTrigger,
)


@dataclass(frozen=True)
class FieldResult:
    contract: str
    field: str
    expected: str
    actual: str
    ok: bool


def _name(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (value or "").casefold()).strip()


def _months(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def compare(record: ReviewRecord, labels: ContractLabels) -> list[FieldResult]:
    t, e = record.terms, labels.terms
    out: list[FieldResult] = []

    def add(field: str, expected: object, actual: object, ok: bool | None = None) -> None:
        if expected is None:
            return
        exp, act = str(expected), "" if actual is None else str(actual)
        out.append(FieldResult(labels.contract, field, exp, act, exp == act if ok is None else ok))

    customer = t.party(PartyRole.CUSTOMER)
    provider = t.party(PartyRole.PROVIDER)
    add(
        "customer",
        e.customer,
        customer.value.name if customer else None,
        customer is not None and _name(customer.value.name) == _name(e.customer),
    )
    add(
        "provider",
        e.provider,
        provider.value.name if provider else None,
        provider is not None and _name(provider.value.name) == _name(e.provider),
    )
    for field in ("agreement_date", "effective_date", "expiration_date"):
        term = getattr(t, field)
        add(field, getattr(e, field), term.value if term else None)
    add(
        "initial_term_months",
        _months(e.initial_term_months) or None,
        _months(t.initial_term.value.in_months()) if t.initial_term else None,
    )
    renewal = t.renewal.value if t.renewal else None
    add("auto_renewal", e.auto_renewal, renewal.automatic if renewal else None)
    add(
        "renewal_term_months",
        _months(e.renewal_term_months) or None,
        _months(renewal.renewal_term.in_months()) if renewal and renewal.renewal_term else None,
    )
    notice = renewal.notice_period if renewal else None
    add(
        "renewal_notice_days",
        e.renewal_notice_days,
        int(notice.in_days())
        if notice and notice.unit.value == "days"
        else (f"{notice}" if notice else None),
    )
    tfc = any(
        r.value.trigger is TerminationTrigger.CONVENIENCE
        and r.value.party in (TerminationParty.CUSTOMER, TerminationParty.EITHER)
        for r in t.termination_rights
    )
    add("customer_termination_for_convenience", e.customer_termination_for_convenience, tfc)
    add("currency", e.currency, t.currency.value if t.currency else None)
    add(
        "payment_net_days",
        e.payment_net_days,
        t.payment_terms.value.net_days if t.payment_terms else None,
    )
    law = t.governing_law.value if t.governing_law else None
    add(
        "governing_law",
        e.governing_law,
        law,
        law is not None and e.governing_law is not None and _name(e.governing_law) in _name(law),
    )

    expected_fees = Counter((f.kind.value, f.amount, f.unit_price) for f in e.fee_lines)
    actual_fees = Counter(
        (f.value.kind.value, f.value.amount, f.value.unit_price) for f in t.fee_lines
    )
    for fee in expected_fees.elements():
        add("fee_line", fee, "found" if actual_fees[fee] > 0 else "missing", actual_fees[fee] > 0)
        actual_fees[fee] -= 1
    for vkind in e.variable_kinds:
        found = any(v.value.kind is vkind for v in t.variable_items)
        add("variable_kind", vkind.value, "found" if found else "missing", found)

    for field, clause_id in e.clauses.items():
        cited = _cited_clauses(record, field, labels)
        add(f"clause:{field}", clause_id, ";".join(sorted(cited)), clause_id in cited)

    a, g = record.analysis, labels.engine
    add(
        "engine:contract_term_months",
        _months(g.contract_term_months) or None,
        _months(a.step1.contract_term_months),
    )
    add("engine:month_to_month", g.month_to_month, a.step1.month_to_month)
    add("engine:transaction_price", f"{g.transaction_price:.2f}", f"{a.step3.total:.2f}")
    expected_pos = Counter((p.kind.value, p.timing.value) for p in g.performance_obligations)
    actual_pos = Counter((p.kind.value, p.timing.value) for p in a.step2.performance_obligations)
    add(
        "engine:performance_obligations",
        sorted(expected_pos.elements()),
        sorted(actual_pos.elements()),
    )
    allocated = {a_line.po_id: a_line.allocated for a_line in a.step4.lines}
    kinds = {p.id: p.kind.value for p in a.step2.performance_obligations}
    actual_alloc = sorted((kinds[k], f"{v:.2f}") for k, v in allocated.items() if k in kinds)
    expected_alloc = sorted(
        (p.kind.value, f"{p.allocated:.2f}")
        for p in g.performance_obligations
        if p.allocated is not None
    )
    add("engine:allocation", expected_alloc, actual_alloc)
    raised = {f.kind for f in a.flags}
    for kind in g.flag_kinds:
        add("engine:flag", kind.value, "raised" if kind in raised else "missing", kind in raised)
    return out


def _cited_clauses(record: ReviewRecord, field: str, labels: ContractLabels) -> set[str]:
    return {c.clause_id for c in field_citations(record, field, labels)}


def score_eval_set(eval_dir: Path, ssp_file: Path | None = None) -> list[FieldResult]:
    """Review every labelled contract with the offline extractor and compare."""
    from assistant.extract.rules import RuleExtractor
    from assistant.ingest import load_pdf
    from assistant.review import review_document
    from assistant.settings import IngestLimits, load_ssp_table

    ssp = load_ssp_table(ssp_file or eval_dir / "ssp.toml")
    results: list[FieldResult] = []
    for label_path in sorted((eval_dir / "labels").glob("*.json")):
        labels = ContractLabels.model_validate_json(label_path.read_bytes())
        document = load_pdf(eval_dir / "pdf" / labels.contract, IngestLimits())
        record = review_document(
            document, RuleExtractor(), ssp, contract=label_path.stem, settings_fingerprint="eval"
        )
        results.extend(compare(record, labels))
    return results


def by_field(results: list[FieldResult]) -> dict[str, tuple[int, int]]:
    table: dict[str, tuple[int, int]] = {}
    for r in results:
        key = "citation_clause" if r.field.startswith("clause:") else r.field
        hits, total = table.get(key, (0, 0))
        table[key] = (hits + r.ok, total + 1)
    return table


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    eval_dir = Path(args[0]) if args else Path("eval_set")
    results = score_eval_set(eval_dir)
    print("| field | correct | labelled | accuracy |\n| --- | ---: | ---: | ---: |")
    for field, (hits, total) in sorted(by_field(results).items()):
        print(f"| {field} | {hits} | {total} | {hits / total:.0%} |")
    hits = sum(r.ok for r in results)
    print(f"| **all** | {hits} | {len(results)} | {hits / len(results):.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
