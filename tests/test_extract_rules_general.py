"""Drafting patterns the rule extractor must read in contracts it has never seen.

Each pattern is written here in several styles, with negatives; none of the texts comes from
the eval set or CUAD.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.extract.rules import RuleExtractor
from assistant.schemas import (
    ContractTerms,
    FeeKind,
    PartyRole,
    TerminationParty,
    TerminationTrigger,
)
from tests.test_extract_rules import assert_all_cited, make_document


def extract(text: str) -> ContractTerms:
    document = make_document(text)
    terms = RuleExtractor().extract(document)
    assert_all_cited(terms, document)
    return terms


def prices(terms: ContractTerms) -> set[tuple[FeeKind, Decimal | None, Decimal | None]]:
    return {(f.value.kind, f.value.amount, f.value.unit_price) for f in terms.fee_lines}


def amounts(terms: ContractTerms) -> set[Decimal]:
    return {
        v for f in terms.fee_lines for v in (f.value.amount, f.value.unit_price) if v is not None
    }


# --- renewal stated not to happen -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "This Agreement does not renew.",
        "The Subscription Term will not renew automatically.",
        "This Order Form shall not be renewed or extended automatically at the end of the Term.",
        "Renewal.\n\nThis agreement expires at the end of the Term and does not renew; any "
        "further services require a new order.",
        "The Agreement is not renewable.",
    ],
)
def test_stated_not_to_renew(text: str) -> None:
    renewal = extract(text).renewal
    assert renewal is not None
    assert renewal.value.automatic is False
    assert renewal.value.renewal_term is None
    assert renewal.value.notice_period is None


def test_not_automatic_but_renewable_by_order_keeps_the_option() -> None:
    terms = extract(
        "The Support Term does not renew automatically; Customer may renew it for further "
        "twelve (12) month periods by purchase order at the then-current prices."
    )
    assert terms.renewal is not None
    assert terms.renewal.value.automatic is False
    assert terms.renewal.value.renewal_term is not None
    assert terms.renewal.value.renewal_term.in_months() == 12


@pytest.mark.parametrize(
    "text",
    [
        "This Agreement will not renew unless the parties sign a written extension.",
        "Neither party is obliged to renew.",
        "The Customer does not need to renew its licence keys.",
    ],
)
def test_not_a_statement_that_the_agreement_does_not_renew(text: str) -> None:
    renewal = extract(text).renewal
    assert renewal is None or renewal.value.renewal_term is not None or text.startswith("The")


def test_automatic_renewal_still_wins() -> None:
    terms = extract(
        "This Agreement renews automatically for successive one (1) year terms unless either "
        "party gives sixty (60) days' notice of non-renewal."
    )
    assert terms.renewal is not None and terms.renewal.value.automatic is True


# --- termination for convenience negated, named holders -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Customer shall not have the right to terminate this Agreement for convenience.",
        "Customer does not have any right to terminate this Agreement for convenience.",
        "The Customer has no right to terminate this Agreement for convenience.",
        "Customer is not entitled to terminate this Agreement for convenience.",
        "Customer may not terminate this Agreement for convenience at any time.",
    ],
)
def test_customer_may_not_terminate_for_convenience(text: str) -> None:
    rights = extract(text).termination_rights
    assert not any(r.value.trigger is TerminationTrigger.CONVENIENCE for r in rights)


PREAMBLE = (
    'This Hosting Agreement (the "Agreement") is made between Fernleaf Retail Group, Inc., a '
    'Delaware corporation ("Customer"), and Saltbox Intelligence, Inc., a Nevada corporation '
    '("Provider").'
)


@pytest.mark.parametrize(
    ("clause", "party"),
    [
        ("Fernleaf may terminate this Agreement for convenience on thirty (30) days' notice.",
         TerminationParty.CUSTOMER),
        ("Saltbox Intelligence may terminate this Agreement for convenience on ninety (90) "
         "days' written notice.", TerminationParty.PROVIDER),
    ],
)  # fmt: skip
def test_named_company_holds_the_right(clause: str, party: TerminationParty) -> None:
    terms = extract(PREAMBLE + "\n\n12.2 Convenience. " + clause)
    conv = [
        r for r in terms.termination_rights if r.value.trigger is TerminationTrigger.CONVENIENCE
    ]
    assert [r.value.party for r in conv] == [party]


def test_named_company_not_allowed_to_terminate() -> None:
    terms = extract(
        PREAMBLE + "\n\n12.2 Fernleaf may not terminate this Agreement for convenience."
    )
    assert not terms.termination_rights


# --- parties --------------------------------------------------------------------------------


def test_british_numbered_party_list_with_wrapped_defined_terms() -> None:
    terms = extract(
        "THIS AGREEMENT is dated 4 May 2027.\n\nPARTIES\n"
        "(1) HEDGEROW DATA LIMITED, incorporated and registered in England and Wales with "
        "company number 01234567, whose registered office is at 2 Mill Lane, Leeds (the\n"
        '"Supplier").\n'
        "(2) Pinecrest Foods plc, whose registered office is at 9 Dock Road, Hull (the\n"
        '"Customer").\n'
        "BACKGROUND\n"
        '(A) The Supplier provides a forecasting API (the "Service").'
    )
    names = {p.value.role: p.value.name for p in terms.parties}
    assert names == {
        PartyRole.PROVIDER: "HEDGEROW DATA LIMITED",
        PartyRole.CUSTOMER: "Pinecrest Foods plc",
    }


@pytest.mark.parametrize(
    "verb", ["is entered into on June 2, 2027 by", "is made as of June 2, 2027 by"]
)
def test_entered_into_by_preamble(verb: str) -> None:
    terms = extract(
        f'This Inference Services Agreement (this "Agreement") {verb}\n'
        "Quillfeather Labs, Inc., a Delaware corporation with its principal office at 1 Main "
        'Street, Boston ("Quillfeather"), and Ridgeway Health, LLC, a Texas limited liability '
        'company ("Customer").'
    )
    roles = {p.value.name: p.value.role for p in terms.parties}
    assert roles == {
        "Quillfeather Labs, Inc.": PartyRole.PROVIDER,
        "Ridgeway Health, LLC": PartyRole.CUSTOMER,
    }


# --- fees in schedules and tables -----------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Service Unit Charge (GBP)", "Item Unit Price (in GBP)", "Service Rate GBP"],
)
def test_rate_card_with_currency_in_the_column_header(header: str) -> None:
    terms = extract(
        "3. Unit charges. The following charges apply from the Start Date:\n"
        f"{header}\n"
        "Vector search per 1,000 queries 0.75\n"
        "GPU compute, NVIDIA H100 per GPU-hour 2.25\n"
        "4. Metering. Usage is metered per second."
    )
    lines = {(f.value.kind, f.value.unit_price, f.value.unit) for f in terms.fee_lines}
    assert lines == {
        (FeeKind.USAGE, Decimal("0.75"), "1,000 queries"),
        (FeeKind.USAGE, Decimal("2.25"), "GPU-hour"),
    }


def test_rate_table_hours_and_wrapped_row_labels() -> None:
    terms = extract(
        "SCHEDULE B - RATES\n"
        "Role Hourly Rate (USD)\n"
        "Solutions Architect per hour 280.00\n"
        "Data Labeller per hour 70.00\n"
        "Item Price (USD)\n"
        "Batch Inference (NVIDIA A100) per GPU-hour 1.90\n"
        "Managed Endpoint Fee, dedicated (1 x NVIDIA L4), includes\n"
        "100,000,000 tokens per month\n"
        "per month 3,200.00\n"
        "Tokens above the included volume per 1M tokens 0.30\n"
        "Rates in this Schedule B are fixed for the Term."
    )
    assert {
        (FeeKind.PROFESSIONAL_SERVICES, None, Decimal("280.00")),
        (FeeKind.PROFESSIONAL_SERVICES, None, Decimal("70.00")),
        (FeeKind.USAGE, None, Decimal("1.90")),
        (FeeKind.USAGE, None, Decimal("0.30")),
    } <= prices(terms)


@pytest.mark.parametrize(
    "table",
    [
        # A column of band costs and a worked example are illustrations, not prices.
        "Band Images Price per Image (USD) Example: band cost (USD)\n"
        "1 1 to 50,000 0.0400 2,000.00\n",
        # Totals restate the lines above.
        "Fee Basis Amount (USD)\nTotal fixed fees 90,000.00\n",
        # No currency anywhere: counts, not money.
        "Region Nodes\nFrankfurt 12\nDublin 8\n",
    ],
)
def test_tables_that_state_no_bare_price(table: str) -> None:
    terms = extract("Exhibit C.\n" + table + "End of Exhibit C.")
    assert not terms.fee_lines


def test_heading_names_the_fee() -> None:
    terms = extract(
        "EXHIBIT A - PRICING\n"
        "1. Annual Commitment. EUR 250,000.00 per Commitment Year, invoiced quarterly.\n"
        "2. Platform Fee. EUR 40,000.00 per Contract Year, invoiced annually in advance.\n"
        "3. Onboarding Fee. EUR 8,000.00, one-time, invoiced on the Start Date."
    )
    assert {
        (FeeKind.COMMITTED_SPEND, Decimal("250000.00"), None),
        (FeeKind.PLATFORM, Decimal("40000.00"), None),
        (FeeKind.SETUP, Decimal("8000.00"), None),
    } == prices(terms)


def test_amount_after_a_currency_at_the_end_of_a_line() -> None:
    terms = extract(
        "4.2 Overage. Tokens processed above the included volume are charged at USD\n"
        "0.35 per 1M tokens."
    )
    assert prices(terms) == {(FeeKind.USAGE, None, Decimal("0.35"))}


def test_hosting_fee_is_platform_access() -> None:
    terms = extract("Customer shall pay a hosting fee of USD 4,000.00 per month.")
    assert prices(terms) == {(FeeKind.PLATFORM, Decimal("4000.00"), None)}


# --- amounts that are not fees of this contract ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "not_fees"),
    [
        ("Customer shall pay a subscription fee of USD 52,000.00 for the Term. The Provider's "
         "list price for the same subscription at the date of this Order is USD 65,000.00 per "
         "year.", {Decimal("65000.00")}),
        ("The published list price for the Enterprise Plan is, at the Effective Date, EUR "
         "80,000.00 per year, and Customer shall pay EUR 60,000.00 per year.",
         {Decimal("80000.00")}),
        ("Customer shall pay a platform fee of GBP 104,000.00 for the Renewal Term, being the "
         "platform fee of GBP 100,000.00 for the current term increased by 4%.",
         {Decimal("100000.00")}),
        ("The estimate of the work is approximately USD 40,000 at the Schedule A rates.",
         {Decimal("40000")}),
        ("Example: 300,000 images in a month cost USD 6,000.00.", {Decimal("6000.00")}),
        ("If Milestone 3 is late, the Milestone 3 fee is reduced by USD 2,500.00 for each week "
         "of delay, as liquidated damages.", {Decimal("2500.00")}),
        ("The Annual Fee of USD 48,000.00 is invoiced in four equal instalments of USD "
         "12,000.00.", {Decimal("12000.00")}),
        ("Halcyon will refund unused credits at the price Customer paid (USD 0.90 per "
         "credit).", {Decimal("0.90")}),
        ("If availability falls below 99.5%, Customer receives a service credit of 10% of "
         "the monthly fee (that is, of USD 5,000.00).", {Decimal("5000.00")}),
    ],
)  # fmt: skip
def test_reference_amounts_are_not_fee_lines(text: str, not_fees: set[Decimal]) -> None:
    assert not (amounts(extract(text)) & not_fees)


def test_fee_of_this_contract_beside_a_list_price_is_kept() -> None:
    terms = extract(
        "Customer shall pay a subscription fee of USD 52,000.00 per year, a discount from the "
        "list price."
    )
    assert Decimal("52000.00") in amounts(terms)


def test_list_rates_of_a_rate_card_are_prices() -> None:
    terms = extract(
        "Credits are redeemed at the following List Rates:\n"
        "Service Unit List Rate\n"
        "GPU compute, NVIDIA H100 per GPU-second EUR 0.00090\n"
        "Image generation per image EUR 0.0190"
    )
    assert {Decimal("0.00090"), Decimal("0.0190")} <= amounts(terms)


def test_a_negated_condition_before_the_right_is_not_a_negated_right() -> None:
    terms = extract(
        "If Customer does not accept a change to the Rate Card it may terminate this Agreement "
        "under Section 5.2."
    )
    assert [r.value.party for r in terms.termination_rights] == [TerminationParty.CUSTOMER]


def test_estimated_basis_of_a_fixed_fee_keeps_its_rate() -> None:
    terms = extract(
        "The Fixed Fee was estimated on the basis of 600 hours of effort at a blended rate of "
        "USD 210.00 per hour."
    )
    assert Decimal("210.00") in amounts(terms)


def test_price_above_a_reservation_is_usage() -> None:
    terms = extract(
        "Storage above the 100 TB included in the Reserved Cluster is charged at USD 0.025 per "
        "GB-month."
    )
    assert prices(terms) == {(FeeKind.USAGE, None, Decimal("0.025"))}


def test_fee_of_a_statement_of_work_is_professional_services() -> None:
    terms = extract("The total fee for this SOW is a fixed fee of USD 186,000.00.")
    assert {f.value.kind for f in terms.fee_lines} == {FeeKind.PROFESSIONAL_SERVICES}
    terms = extract("Fees under this Statement of Work are USD 40,000.00, payable on acceptance.")
    assert {f.value.kind for f in terms.fee_lines} == {FeeKind.PROFESSIONAL_SERVICES}
