"""`revrec review` with amendments (`--amends`, deal folders) and batch-level contract
combination, end to end on PDFs generated in tmp_path."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from assistant.cli import main
from assistant.review import read_summary
from assistant.schemas import ReviewRecord
from tests.pdfs import SAMPLE_CONTRACT, make_pdf

PREAMBLE = """This Amendment No. {n} (the "Amendment") is entered into as of August 15, 2026
by and between
Nimbus Compute, Inc. ("Provider") and Larkspur Analytics LLC ("Customer"), and amends the
API Services Agreement between the parties dated March 1, 2026 (the "Agreement")."""

PRICE_AND_EXTENSION = [
    f"""AMENDMENT NO. 1 TO API SERVICES AGREEMENT
{PREAMBLE.format(n=1)}
1. Amendment Effective Date
This Amendment takes effect on September 1, 2026 (the "Amendment Effective Date").
2. Platform Fee
2.1 Price. With effect from the Amendment Effective Date, the platform fee under Section 2.1
of the Agreement is USD 72,000.00 per year, invoiced annually in advance.
3. Term
3.1 Extension. Section 3.1 of the Agreement is amended so that the Initial Term ends on
February 29, 2028 instead of February 28, 2027, an extension of twelve (12) months.
4. Effect
Except as amended by this Amendment, the Agreement remains in full force and effect."""
]

ADDED_SUPPORT = [
    f"""AMENDMENT NO. 2 TO API SERVICES AGREEMENT
{PREAMBLE.format(n=2)}
1. Amendment Effective Date
This Amendment takes effect on September 1, 2026 (the "Amendment Effective Date").
2. Additional Services
2.1 Premium Support. Provider will provide premium support in addition to the Services.
Customer shall pay a support fee of USD 2,000.00 per month, invoiced monthly in advance.
3. Effect
Except as amended by this Amendment, the Agreement remains in full force and effect."""
]

SSP = """
[[entries]]
kind = "platform"
basis = "observable"
price_ratio = 1.00
evidence = "test"

[[entries]]
kind = "support"
basis = "observable"
price_ratio = 1.00
evidence = "test"
"""


def _record(out: Path, name: str) -> ReviewRecord:
    return ReviewRecord.model_validate_json((out / name / "analysis.json").read_text())


def _summary(out: Path) -> dict[str, dict[str, str]]:
    return {row["contract"]: row for row in read_summary(out / "summary.csv")}


@pytest.fixture
def ssp(tmp_path: Path) -> Path:
    path = tmp_path / "ssp.toml"
    path.write_text(SSP)
    return path


def _review(*args: str | Path) -> int:
    return main(["review", *(str(a) for a in args), "--no-progress"])


def test_amends_price_change_and_extension_is_prospective(tmp_path: Path, ssp: Path, repo_root):
    # Original: USD 60,000 a year, March 1, 2026 to February 28, 2027. From September 1, 2026:
    # USD 72,000 a year, to February 29, 2028. Recognised before: 6/12 x 60,000 = 30,000.
    # Modified consideration: 6 x 5,000 + 18 x 6,000 = 138,000 (adds 78,000); remaining
    # 30,000 + 78,000 = 108,000 over 18 months = 6,000.00 a month.
    original = make_pdf(tmp_path / "msa.pdf", SAMPLE_CONTRACT)
    amendment = make_pdf(tmp_path / "msa amendment 1.pdf", PRICE_AND_EXTENSION)
    out = tmp_path / "out"
    assert _review(amendment, "--amends", original, "--out", out, "--ssp", ssp) == 0
    rows = _summary(out)
    assert {rows["msa"]["status"], rows["msa-amendment-1"]["status"]} == {"done"}
    record = _record(out, "msa-amendment-1")
    assert record.modification is not None
    mod = record.modification.modification
    assert mod.type.value == "termination_and_new_contract"
    assert mod.modification_date.isoformat() == "2026-09-01"
    assert mod.before.transaction_price == Decimal("60000.00")
    assert mod.after.transaction_price == Decimal("138000.00")
    assert mod.modification_consideration == Decimal("78000.00")
    assert mod.remaining_consideration == Decimal("108000.00")
    platform = next(c for c in mod.changes if c.po_id == "PO1")
    assert platform.recognised_to_date == Decimal("30000.00")
    assert platform.monthly_after == Decimal("6000.00")
    assert mod.after.term_end.isoformat() == "2028-02-29"
    assert record.modification.original.source_name == "msa.pdf"
    schema = json.loads((repo_root / "schemas" / "review_record.schema.json").read_text())
    jsonschema.validate(json.loads((out / "msa-amendment-1" / "analysis.json").read_text()), schema)
    # The amendment's Step 1 carries the classification; the original's review is untouched.
    step1 = {c.topic: c for c in record.analysis.step1.conclusions}
    assert step1["contract_modification"].outcome == "termination_and_new_contract"
    assert _record(out, "msa").modification is None

    memo = (out / "msa-amendment-1" / "memo.md").read_text()
    assert "### Contract modification (ASC 606-10-25-10 to 25-13)" in memo
    assert "**Classification: termination and new contract.**" in memo
    assert "| Transaction price (fixed consideration) | USD 60,000.00 | USD 138,000.00 |" in memo
    assert "USD 6,000.00 |" in memo
    assert "(Amendment §2.1 Price, p. 1)" in memo  # the amendment's clause
    assert "(Original §2.1 Platform Fee, p. 1)" in memo  # the original's clause, labelled apart
    assert "March 1, 2026 to February 28, 2027 (12 months)" in memo


def test_added_service_at_ssp_is_a_separate_contract(tmp_path: Path, ssp: Path):
    original = make_pdf(tmp_path / "msa.pdf", SAMPLE_CONTRACT)
    amendment = make_pdf(tmp_path / "support amendment.pdf", ADDED_SUPPORT)
    out = tmp_path / "out"
    assert _review(amendment, "--amends", original, "--out", out, "--ssp", ssp) == 0
    mod = _record(out, "support-amendment").modification.modification
    assert mod.type.value == "separate_contract"
    # 2,000 a month from September 1, 2026 to the original end, February 28, 2027: 6 months.
    assert mod.new_contract_price == Decimal("12000.00")
    assert mod.after.transaction_price == Decimal("72000.00")
    original_po = next(c for c in mod.changes if c.po_id == "PO1")
    assert original_po.treatment == "unchanged"


def test_added_service_without_ssp_is_flagged(tmp_path: Path):
    original = make_pdf(tmp_path / "msa.pdf", SAMPLE_CONTRACT)
    amendment = make_pdf(tmp_path / "support amendment.pdf", ADDED_SUPPORT)
    out = tmp_path / "out"
    assert _review(amendment, "--amends", original, "--out", out) == 0
    record = _record(out, "support-amendment")
    assert record.modification.modification.type.value == "termination_and_new_contract"
    kinds = {f.kind.value for f in record.analysis.flags}
    assert "missing_ssp" in kinds


def test_deal_folder_chains_amendments_in_name_order(tmp_path: Path, ssp: Path):
    deal = tmp_path / "larkspur"
    deal.mkdir()
    make_pdf(deal / "API Services Agreement.pdf", SAMPLE_CONTRACT)
    make_pdf(deal / "Amendment 1.pdf", PRICE_AND_EXTENSION)
    make_pdf(deal / "Amendment 2.pdf", ADDED_SUPPORT)
    out = tmp_path / "out"
    assert _review(deal, "--out", out, "--ssp", ssp) == 0
    first = _record(out, "Amendment-1").modification
    second = _record(out, "Amendment-2").modification
    assert first.original.source_name == "API Services Agreement.pdf"
    assert second.earlier_amendments == ["Amendment 1.pdf"]
    # Amendment 2 starts from the contract as Amendment 1 left it.
    assert second.modification.before == first.modification.after
    assert second.modification.type.value == "separate_contract"
    # Support at 2,000 a month to the amended end (February 29, 2028): 18 months.
    assert second.modification.new_contract_price == Decimal("36000.00")


def test_a_folder_with_amendments_and_several_contracts_is_not_a_deal(tmp_path: Path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    make_pdf(folder / "a.pdf", SAMPLE_CONTRACT)
    make_pdf(folder / "b.pdf", SAMPLE_CONTRACT[::-1])
    make_pdf(folder / "amendment.pdf", ADDED_SUPPORT)
    out = tmp_path / "out"
    assert _review(folder, "--out", out) == 0
    assert "note: mixed/: amendment files beside 2 other contracts" in capsys.readouterr().out
    assert _record(out, "amendment").modification is None


def test_rerun_skips_an_unchanged_deal_and_reviews_it_again_when_the_original_changes(
    tmp_path: Path, ssp: Path
):
    original = make_pdf(tmp_path / "msa.pdf", SAMPLE_CONTRACT)
    amendment = make_pdf(tmp_path / "msa amendment 1.pdf", PRICE_AND_EXTENSION)
    out = tmp_path / "out"
    args = (amendment, "--amends", original, "--out", out, "--ssp", ssp)
    assert _review(*args) == 0
    assert _review(*args) == 0
    assert {r["status"] for r in _summary(out).values()} == {"skipped"}
    changed = SAMPLE_CONTRACT[0].replace("60,000.00", "66,000.00")
    make_pdf(original, [changed, SAMPLE_CONTRACT[1]])
    assert _review(*args) == 0
    rows = _summary(out)
    assert rows["msa"]["status"] == "done"
    assert rows["msa-amendment-1"]["status"] == "done"
    assert _record(out, "msa-amendment-1").modification.modification.before.transaction_price == (
        Decimal("66000.00")
    )


def test_amendment_of_an_original_that_fails_fails_cleanly(tmp_path: Path):
    broken = tmp_path / "msa.pdf"
    broken.write_bytes(b"%PDF-1.7 garbage")
    amendment = make_pdf(tmp_path / "msa amendment 1.pdf", PRICE_AND_EXTENSION)
    out = tmp_path / "out"
    assert _review(amendment, "--amends", broken, "--out", out) == 1
    rows = _summary(out)
    assert rows["msa"]["status"] == "failed"
    assert rows["msa-amendment-1"]["status"] == "failed"
    assert "cannot be classified" in rows["msa-amendment-1"]["error"]


def test_amends_must_be_a_file(tmp_path: Path, capsys):
    amendment = make_pdf(tmp_path / "a.pdf", PRICE_AND_EXTENSION)
    assert _review(amendment, "--amends", tmp_path, "--out", tmp_path / "out") == 2
    assert "--amends takes the original agreement's PDF" in capsys.readouterr().err
    assert _review(amendment, "--amends", tmp_path / "nope.pdf", "--out", tmp_path / "o") == 2
    assert "no such file or folder" in capsys.readouterr().err


# --------------------------------------------------------------------------- combination


def _order_form(date_text: str) -> list[str]:
    first = (
        SAMPLE_CONTRACT[0]
        .replace("March 1, 2026", date_text)
        .replace("API SERVICES AGREEMENT", "ORDER FORM")
    )
    return [first, SAMPLE_CONTRACT[1]]


def test_same_customer_contracts_in_a_batch_get_a_combination_flag(tmp_path: Path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    make_pdf(folder / "msa.pdf", SAMPLE_CONTRACT)  # March 1, 2026
    make_pdf(folder / "order.pdf", _order_form("March 20, 2026"))
    make_pdf(folder / "later.pdf", _order_form("June 1, 2026"))
    out = tmp_path / "out"
    assert _review(folder, "--out", out) == 0
    msa, order, later = (_record(out, n) for n in ("msa", "order", "later"))
    flagged = [f for f in msa.analysis.flags if f.kind.value == "contract_combination"]
    assert len(flagged) == 1
    assert "'order' (order.pdf; entered into March 20, 2026, 19 days apart)" in flagged[0].message
    assert "'later'" not in flagged[0].message
    assert any(f.kind.value == "contract_combination" for f in order.analysis.flags)
    assert not any(f.kind.value == "contract_combination" for f in later.analysis.flags)
    memo = (out / "msa" / "memo.md").read_text()
    assert "**Contract combination** (judgment)" in memo
    assert "contract_combination" in _summary(out)["msa"]["flag_kinds"]

    # A rerun finds everything up to date and leaves the flag as it is (written once).
    assert _review(folder, "--out", out) == 0
    again = _record(out, "msa")
    assert [c.topic for c in again.analysis.step1.conclusions].count("contract_combination") == 1

    # Reviewed alone, the contract has no neighbour: the flag is removed again.
    assert _review(folder / "msa.pdf", "--out", out) == 0
    alone = _record(out, "msa")
    assert not any(f.kind.value == "contract_combination" for f in alone.analysis.flags)


# --------------------------------------------------------------------------- the eval amendment


def test_eval_set_amendment_is_prospective_to_the_cent(tmp_path: Path, repo_root: Path):
    # docs/modifications.md worked example: USD 20,000 a month + a 30,000 onboarding fee over
    # 2027 (270,000); from September 1, 2027 USD 18,000 a month to December 31, 2029.
    # Recognised 8/12 x 270,000 = 180,000; adds 160,000 + 28 x 18,000 + 30,000 - 270,000 =
    # 424,000; remaining 90,000 + 424,000 = 514,000 over 28 months = 18,357.14 a month.
    pdfs = repo_root / "eval_set" / "pdf"
    out = tmp_path / "out"
    code = _review(
        pdfs / "m_api_msa_amendment_1.pdf",
        "--amends",
        pdfs / "m_api_msa_original.pdf",
        "--out",
        out,
        "--ssp",
        repo_root / "eval_set" / "ssp.toml",
    )
    assert code == 0
    record = _record(out, "m_api_msa_amendment_1")
    mod = record.modification.modification
    assert mod.type.value == "termination_and_new_contract"
    assert (mod.before.transaction_price, mod.after.transaction_price) == (
        Decimal("270000.00"),
        Decimal("694000.00"),
    )
    assert mod.modification_consideration == Decimal("424000.00")
    assert mod.remaining_consideration == Decimal("514000.00")
    platform = next(c for c in mod.changes if c.po_id == "PO1")
    assert platform.recognised_to_date == Decimal("180000.00")
    assert platform.monthly_after == Decimal("18357.14")
    assert mod.after.term_months == Decimal(36)
    assert "PO2" in " ".join(
        f.rationale for f in mod.findings if f.topic == "contract_modification"
    )


def test_every_citation_resolves_to_its_own_document(tmp_path: Path, repo_root: Path):
    from assistant.ingest import load_pdf
    from assistant.schemas import Citation, verify_citation
    from assistant.settings import IngestLimits

    pdfs = repo_root / "eval_set" / "pdf"
    out = tmp_path / "out"
    original_pdf, amendment_pdf = (
        pdfs / "m_api_msa_original.pdf",
        pdfs / "m_api_msa_amendment_1.pdf",
    )
    assert _review(amendment_pdf, "--amends", original_pdf, "--out", out) == 0
    record = _record(out, "m_api_msa_amendment_1")
    amendment_doc = load_pdf(amendment_pdf, IngestLimits())
    original_doc = load_pdf(original_pdf, IngestLimits())
    assert record.modification is not None
    findings = record.modification.modification.findings
    original_cites: list[Citation] = [c for f in findings for c in f.original_citations]
    assert original_cites
    for c in original_cites:
        verify_citation(c, original_doc)
    # Everything else in the record (terms, analysis, the amendment's terms, the findings'
    # amendment citations, the flags) cites the amendment.
    rest = _all_citations(record.model_copy(update={"modification": None}))
    rest += _all_citations(record.modification.amendment)
    rest += [c for f in findings for c in f.amendment_citations]
    rest += [c for fl in record.modification.modification.flags for c in fl.citations]
    assert rest
    for c in rest:
        verify_citation(c, amendment_doc)


def _all_citations(obj: object) -> list:
    from pydantic import BaseModel

    from assistant.schemas import Citation

    if isinstance(obj, Citation):
        return [obj]
    if isinstance(obj, dict):
        return [c for v in obj.values() for c in _all_citations(v)]
    if isinstance(obj, (list, tuple)):
        return [c for v in obj for c in _all_citations(v)]
    if isinstance(obj, BaseModel):
        return [c for name in type(obj).model_fields for c in _all_citations(getattr(obj, name))]
    return []
