"""Models: strictness, citations verified against the document, generated JSON Schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from assistant.resources import json_schemas_dir
from assistant.schema_export import rendered_schemas, stale_schemas
from assistant.schemas import (
    Citation,
    Clause,
    ClauseKind,
    ContractTerms,
    Document,
    Duration,
    DurationUnit,
    Page,
    SspTable,
)

TEXT = (
    "4. Fees\nCustomer shall pay\nUSD 1,000 per month.\n\n5. Term\nThis Agreement lasts one year."
)


def _doc() -> Document:
    split = TEXT.index("5. Term")
    return Document(
        source_name="t.pdf",
        sha256="0" * 64,
        page_count=2,
        text=TEXT,
        pages=[
            Page(number=1, char_start=0, char_end=split - 2),
            Page(number=2, char_start=split, char_end=len(TEXT)),
        ],
        clauses=[
            Clause(
                id="4",
                heading="Fees",
                kind=ClauseKind.SECTION,
                page_start=1,
                page_end=1,
                char_start=0,
                char_end=split,
            ),
            Clause(
                id="5",
                heading="Term",
                kind=ClauseKind.SECTION,
                page_start=2,
                page_end=2,
                char_start=split,
                char_end=len(TEXT),
            ),
        ],
    )


def test_citation_verifies_whitespace_normalised_quote():
    doc = _doc()
    c = Citation.model_validate(
        {"clause_id": "4", "page": 1, "quote": "Customer shall pay USD 1,000 per month."},
        context={"document": doc},
    )
    assert c.label(doc) == "(§4 Fees, p. 1)"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (
            {"clause_id": "4", "page": 1, "quote": "Customer shall pay USD 0 per month."},
            "does not occur",
        ),
        ({"clause_id": "5", "page": 2, "quote": "Customer shall pay"}, "not in clause"),
        ({"clause_id": "9", "page": 1, "quote": "Customer shall pay"}, "does not exist"),
        ({"clause_id": "4", "page": 2, "quote": "Customer shall pay"}, "page 1"),
    ],
)
def test_citation_rejects_what_the_document_does_not_say(payload, reason):
    with pytest.raises(ValidationError, match=reason):
        Citation.model_validate(payload, context={"document": _doc()})


def test_models_forbid_unknown_keys():
    with pytest.raises(ValidationError, match="Extra inputs"):
        ContractTerms.model_validate({"customer_name": "Acme"})
    with pytest.raises(ValidationError):
        SspTable.model_validate(
            {
                "entries": [
                    {"kind": "platform", "basis": "observable", "price_ratio": "1", "surprise": 1}
                ]
            }
        )


def test_ssp_entry_needs_exactly_one_measure():
    with pytest.raises(ValidationError, match="exactly one"):
        SspTable.model_validate({"entries": [{"kind": "platform", "basis": "observable"}]})
    with pytest.raises(ValidationError, match="duplicate"):
        SspTable.model_validate(
            {
                "entries": [
                    {"kind": "platform", "basis": "observable", "price_ratio": "1"},
                    {"kind": "platform", "basis": "residual", "price_ratio": "2"},
                ]
            }
        )


def test_duration_units_are_explicit():
    assert Duration(value=Decimal(2), unit=DurationUnit.YEARS).in_months() == 24
    assert Duration(value=Decimal(90), unit=DurationUnit.DAYS).in_months().quantize(
        Decimal("0.01")
    ) == Decimal("2.96")
    assert str(Duration(value=Decimal(1), unit=DurationUnit.MONTHS)) == "1 month"
    with pytest.raises(ValidationError):
        Duration.model_validate({"value": "3"})


def test_money_survives_json_round_trip_exactly():
    table = SspTable.model_validate(
        {"entries": [{"kind": "usage", "basis": "observable", "unit_rate": "0.000125"}]}
    )
    again = SspTable.model_validate_json(table.model_dump_json())
    assert again.entries[0].unit_rate == Decimal("0.000125")


def test_committed_json_schemas_are_up_to_date():
    stale = stale_schemas(json_schemas_dir())
    assert not stale, f"run `revrec schemas` (make schemas): stale {stale}"


def test_stale_check_notices_a_changed_file(tmp_path):
    for name, text in rendered_schemas().items():
        (tmp_path / name).write_text(text)
    assert stale_schemas(tmp_path) == []
    (tmp_path / "analysis.schema.json").write_text("{}")
    assert stale_schemas(tmp_path) == ["analysis.schema.json"]
