"""The rule extractor on contract text written for these tests (no CUAD text is used here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from assistant.extract import Extractor
from assistant.extract.rules import RuleExtractor
from assistant.schemas import (
    BillingFrequency,
    BillingTiming,
    Citation,
    ContractTerms,
    Document,
    Duration,
    DurationUnit,
    FeeKind,
    PartyRole,
    TerminationParty,
    TerminationTrigger,
    verify_citation,
)
from assistant.segment import build_document


def make_document(*paragraphs: str, pages: list[str] | None = None) -> Document:
    page_texts = pages if pages is not None else ["\n\n".join(paragraphs)]
    return build_document(page_texts, "test.pdf", "0" * 64)


def extract(*paragraphs: str) -> ContractTerms:
    document = make_document(*paragraphs)
    terms = RuleExtractor().extract(document)
    assert_all_cited(terms, document)
    return terms


def citations_of(value: Any) -> list[Citation]:
    """Every citation anywhere inside `value` (a model, list or dict)."""
    if isinstance(value, Citation):
        return [value]
    if isinstance(value, list | tuple):
        return [c for v in value for c in citations_of(v)]
    if isinstance(value, BaseModel):
        return [c for name in type(value).model_fields for c in citations_of(getattr(value, name))]
    return []


def assert_all_cited(terms: ContractTerms, document: Document) -> None:
    for citation in citations_of(terms):
        verify_citation(citation, document)
        assert len(citation.quote) <= 600, "quotes are a sentence or two, not whole clauses"


def days(n: int) -> Duration:
    return Duration(value=Decimal(n), unit=DurationUnit.DAYS)


def months(n: int) -> Duration:
    return Duration(value=Decimal(n), unit=DurationUnit.MONTHS)


def years(n: int) -> Duration:
    return Duration(value=Decimal(n), unit=DurationUnit.YEARS)


PREAMBLE = (
    'This Cloud Services Agreement (the "Agreement") is entered into as of March 1, 2026 '
    '(the "Effective Date") by and between Nimbus Compute, Inc., a Delaware corporation '
    '("Provider"), and Acme Robotics LLC, a California limited liability company ("Customer").'
)

ORDER = "\n".join(
    [
        "CLOUD SERVICES AGREEMENT",
        "",
        PREAMBLE,
        "",
        "1. Term and Renewal",
        "1.1 The initial term of this Agreement is twelve (12) months from the Effective Date.",
        "1.2 Thereafter this Agreement shall automatically renew for successive one (1) year "
        "periods unless either party gives written notice of non-renewal at least sixty (60) "
        "days prior to the end of the then-current term.",
        "1.3 Customer may terminate this Agreement for convenience upon thirty (30) days "
        "written notice to Provider. Upon such termination, all remaining fees for the "
        "Initial Term shall become immediately due and payable.",
        "2. Fees",
        "2.1 Customer shall pay a platform fee of $5,000 per month, billed monthly in advance.",
        "2.2 Usage of the API is charged at $0.0004 per GPU-second, invoiced monthly in arrears.",
        "2.3 Invoices are due net 30.",
        "3. Governing Law. This Agreement shall be governed by the laws of the State of New York.",
    ]
)


# --- the protocol and the whole-contract example ------------------------------------------------


def test_implements_the_extractor_protocol() -> None:
    extractor: Extractor = RuleExtractor()
    assert extractor.info().name == "rules"


def test_order_form_end_to_end() -> None:
    terms = extract(ORDER)
    assert terms.title is not None and terms.title.value == "CLOUD SERVICES AGREEMENT"
    customer = terms.party(PartyRole.CUSTOMER)
    provider = terms.party(PartyRole.PROVIDER)
    assert customer is not None and customer.value.name == "Acme Robotics LLC"
    assert customer.value.defined_as == "Customer"
    assert provider is not None and provider.value.name == "Nimbus Compute, Inc."
    assert terms.agreement_date is not None and terms.agreement_date.value == date(2026, 3, 1)
    assert terms.effective_date is not None and terms.effective_date.value == date(2026, 3, 1)
    assert terms.initial_term is not None and terms.initial_term.value == months(12)
    assert terms.renewal is not None
    assert terms.renewal.value.automatic is True
    assert terms.renewal.value.renewal_term == years(1)
    assert terms.renewal.value.notice_period == days(60)
    [right] = terms.termination_rights
    assert right.value.party is TerminationParty.CUSTOMER
    assert right.value.trigger is TerminationTrigger.CONVENIENCE
    assert right.value.notice_period == days(30)
    assert right.value.has_penalty is True
    assert terms.currency is not None and terms.currency.value == "USD"
    platform, usage = terms.fee_lines
    assert platform.value.kind is FeeKind.PLATFORM
    assert platform.value.amount == Decimal("5000") and platform.value.period == months(1)
    assert platform.value.billing_frequency is BillingFrequency.MONTHLY
    assert platform.value.billing_timing is BillingTiming.ADVANCE
    assert usage.value.kind is FeeKind.USAGE
    assert usage.value.unit_price == Decimal("0.0004") and usage.value.unit == "GPU-second"
    assert usage.value.billing_timing is BillingTiming.ARREARS
    assert terms.payment_terms is not None and terms.payment_terms.value.net_days == 30
    assert terms.governing_law is not None and terms.governing_law.value == "New York"
    assert terms.missing() == ["expiration_date"]


def test_quotes_are_tight_and_in_the_right_clause() -> None:
    document = make_document(ORDER)
    terms = RuleExtractor().extract(document)
    assert terms.governing_law is not None
    [law] = terms.governing_law.citations
    assert law.clause_id == "3"
    assert law.quote == "This Agreement shall be governed by the laws of the State of New York."
    assert terms.renewal is not None and terms.renewal.citations[0].clause_id == "1.2"


def test_deterministic() -> None:
    document = make_document(ORDER)
    first = RuleExtractor().extract(document).model_dump_json()
    assert all(RuleExtractor().extract(document).model_dump_json() == first for _ in range(3))


def test_empty_document_yields_nothing() -> None:
    terms = RuleExtractor().extract(make_document("", pages=[""]))
    assert terms == ContractTerms()
