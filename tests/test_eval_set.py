"""The labelled eval set is complete, valid, up to date and internally consistent.

Nothing here runs the engine: the labels are the independent check on it.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pypdfium2 as pdfium
import pytest

from assistant.schemas import ContractLabels, FeeKind, FlagKind, SspTable
from assistant.schemas.textnorm import normalise

EVAL = Path(__file__).resolve().parent.parent / "eval_set"
SOURCES = sorted((EVAL / "sources").glob("*.md"))
LABELS = sorted((EVAL / "labels").glob("*.json"))
CENT = Decimal("0.01")


def _load_builder() -> ModuleType:
    # eval_set/ is not a package: load the script by path, as the tests of a CLI script would.
    spec = importlib.util.spec_from_file_location("eval_set_build_pdfs", EVAL / "build_pdfs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve string annotations through it
    spec.loader.exec_module(module)
    return module


def _labels(path: Path) -> ContractLabels:
    return ContractLabels.model_validate_json(path.read_text(encoding="utf-8"))


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return normalise("\n".join(pages)).casefold()


def _ssp_table() -> SspTable:
    with (EVAL / "ssp.toml").open("rb") as fh:
        return SspTable.model_validate(tomllib.load(fh))


def test_eval_set_has_at_least_fifteen_contracts() -> None:
    # a-h, i-l, n and the amendment pair m_api_msa_original + m_api_msa_amendment_1; later
    # additions only need their label (test_every_source_has_a_pdf_and_a_label)
    assert len(SOURCES) >= 15
    assert len(LABELS) == len(SOURCES)


def test_amendment_pair_is_complete_and_consistent() -> None:
    # Each `<prefix>_amendment_<n>` has its `<prefix>_original`; the modification itself
    # (classification, catch-up) is in eval_set/README.md: ContractLabels has no field for it.
    amendments = [p for p in LABELS if "_amendment_" in p.stem]
    assert amendments
    for path in amendments:
        original_path = EVAL / "labels" / f"{path.stem.split('_amendment_')[0]}_original.json"
        assert original_path.is_file(), path.stem
        amendment, original = _labels(path).terms, _labels(original_path).terms
        assert (amendment.customer, amendment.provider) == (original.customer, original.provider)
        assert original.effective_date and original.expiration_date and amendment.effective_date
        assert original.effective_date < amendment.effective_date <= original.expiration_date
        assert amendment.expiration_date and amendment.expiration_date > original.expiration_date


def test_every_source_has_a_pdf_and_a_label() -> None:
    for source in SOURCES:
        assert (EVAL / "pdf" / f"{source.stem}.pdf").is_file(), source.name
        assert (EVAL / "labels" / f"{source.stem}.json").is_file(), source.name


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_label_validates_and_names_its_pdf(path: Path) -> None:
    labels = _labels(path)
    assert labels.contract == f"{path.stem}.pdf"
    assert (EVAL / "pdf" / labels.contract).is_file()


def test_pdfs_are_up_to_date() -> None:
    assert _load_builder().check() == []


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_text_layer_holds_the_labelled_facts(path: Path) -> None:
    labels = _labels(path)
    text = _pdf_text(EVAL / "pdf" / labels.contract)
    terms = labels.terms
    assert terms.customer and normalise(terms.customer).casefold() in text
    assert terms.provider and normalise(terms.provider).casefold() in text
    assert terms.governing_law and terms.governing_law.casefold() in text
    for day in (terms.agreement_date, terms.effective_date, terms.expiration_date):
        if day is not None:
            assert f"{day:%B} {day.day}, {day.year}".casefold() in text, day
    for fee in terms.fee_lines:
        if fee.amount is not None:
            assert f"{fee.amount:,}" in text, fee
        if fee.unit_price is not None:
            assert f"{fee.unit_price:,}" in text, fee


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_engine_expectations_are_consistent(path: Path) -> None:
    engine = _labels(path).engine
    assert engine.transaction_price == engine.transaction_price.quantize(CENT)
    allocated = [po.allocated or Decimal(0) for po in engine.performance_obligations]
    assert all(a == a.quantize(CENT) and a >= 0 for a in allocated)
    assert sum(allocated, Decimal(0)) == engine.transaction_price
    assert FlagKind.COLLECTIBILITY in engine.flag_kinds
    if engine.month_to_month:
        assert engine.contract_term_months is not None and engine.contract_term_months >= 1


def test_ssp_table_validates_and_leaves_a_kind_out_for_missing_ssp() -> None:
    table = _ssp_table()
    missing = {kind for kind in FeeKind if table.entry(kind) is None}
    assert FeeKind.SUPPORT in missing
    for path in LABELS:
        engine = _labels(path).engine
        priced_missing = [
            po for po in engine.performance_obligations if po.kind in missing and po.allocated
        ]
        assert (FlagKind.MISSING_SSP in engine.flag_kinds) == bool(priced_missing), path.stem
