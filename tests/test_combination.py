"""Combination of contracts reviewed together (ASC 606-10-25-9): candidates are flagged,
never combined."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.engine import analyse
from assistant.engine.combination import (
    TOPIC,
    BatchContract,
    combination_conclusions,
    customer_key,
    with_combination,
)
from assistant.schemas import (
    Citation,
    ContractTerms,
    Duration,
    DurationUnit,
    FeeKind,
    FeeLine,
    FlagKind,
    Party,
    PartyRole,
    PaymentTerms,
    Severity,
    SspTable,
    Term,
)


def t(value, clause: str = "1") -> Term:
    return Term(
        value=value,
        citations=[Citation(clause_id=clause, page=1, quote=f"text of {clause}")],
        confidence=0.9,
    )


def deal(
    name: str, customer: str, entered: date | None, effective: date | None = None
) -> BatchContract:
    terms = ContractTerms(
        parties=[
            t(Party(name=customer, role=PartyRole.CUSTOMER), "P1"),
            t(Party(name="Halcyon Compute, Inc.", role=PartyRole.PROVIDER), "P1"),
        ],
        agreement_date=t(entered, "P2") if entered else None,
        effective_date=t(effective, "3.1") if effective else None,
        initial_term=t(Duration(value=Decimal(12), unit=DurationUnit.MONTHS), "3.1"),
        currency=t("USD"),
        payment_terms=t(PaymentTerms(net_days=30), "4.4"),
        fee_lines=[
            t(
                FeeLine(
                    kind=FeeKind.PLATFORM,
                    description="Platform fee",
                    amount=Decimal("10000"),
                    period=Duration(value=Decimal(1), unit=DurationUnit.MONTHS),
                ),
                "4.1",
            )
        ],
    )
    return BatchContract(name=name, source_name=f"{name}.pdf", terms=terms)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Larkspur Analytics, LLC", "LARKSPUR ANALYTICS LLC"),
        ("Bluefin Retail Group, Inc.", "Bluefin Retail Group"),
        ("Société Générale S.A.", "Societe Generale SA"),
    ],
)
def test_customer_names_match_ignoring_case_punctuation_and_suffixes(a: str, b: str):
    assert customer_key(a) == customer_key(b)


def test_different_customers_do_not_match():
    assert customer_key("Larkspur Analytics LLC") != customer_key("Larkspur Robotics LLC")


def test_same_customer_ten_days_apart_are_flagged_both_ways():
    msa = deal("msa", "Larkspur Analytics, LLC", date(2026, 3, 1))
    order = deal("order-form", "LARKSPUR ANALYTICS LLC", date(2026, 3, 11))
    found = combination_conclusions([msa, order])
    assert set(found) == {"msa", "order-form"}
    c = found["msa"]
    assert c.topic == TOPIC
    assert c.outcome == "reviewer_to_assess"
    assert c.asc == ["606-10-25-9"]
    (f,) = c.flags
    assert (f.kind, f.severity) == (FlagKind.CONTRACT_COMBINATION, Severity.JUDGMENT)
    assert "'order-form' (order-form.pdf; entered into March 11, 2026, 10 days apart)" in f.message
    for criterion in (
        "negotiated as a package with a single commercial objective",
        "depends on the price or performance of the other",
        "a single performance obligation",
    ):
        assert criterion in f.message
    # Citations point into this contract only (the customer and the date it was entered into).
    assert {x.clause_id for x in c.citations} == {"P1", "P2"}
    assert "'msa' (msa.pdf; entered into March 1, 2026, 10 days apart)" in (
        found["order-form"].rationale
    )


@pytest.mark.parametrize(("gap", "flagged"), [(0, True), (30, True), (31, False), (200, False)])
def test_the_window_is_thirty_days_inclusive(gap: int, flagged: bool):
    first = date(2026, 1, 10)
    later = date.fromordinal(first.toordinal() + gap)
    found = combination_conclusions(
        [deal("a", "Acme Corp", first), deal("b", "Acme Corporation", later)]
    )
    assert bool(found) is flagged


def test_effective_date_is_used_when_no_agreement_date():
    a = deal("a", "Acme", None, effective=date(2026, 2, 1))
    b = deal("b", "Acme", date(2026, 2, 20))
    assert set(combination_conclusions([a, b])) == {"a", "b"}


def test_an_unknown_date_is_a_candidate_and_says_so():
    found = combination_conclusions([deal("a", "Acme", date(2026, 1, 1)), deal("b", "Acme", None)])
    assert set(found) == {"a", "b"}
    assert "'b' (b.pdf; date not found)" in found["a"].rationale
    assert "whose date was not found" in found["b"].rationale


def test_different_customers_at_the_same_time_are_not_flagged():
    found = combination_conclusions(
        [deal("a", "Acme", date(2026, 1, 1)), deal("b", "Zenith Labs", date(2026, 1, 1))]
    )
    assert found == {}


def test_a_chain_names_only_the_neighbours_within_the_window():
    a = deal("a", "Acme", date(2026, 1, 1))
    b = deal("b", "Acme", date(2026, 1, 20))
    c = deal("c", "Acme", date(2026, 2, 15))
    found = combination_conclusions([a, b, c])
    assert "'b'" in found["a"].rationale and "'c'" not in found["a"].rationale
    assert "'a'" in found["b"].rationale and "'c'" in found["b"].rationale
    assert "2 other contracts" in found["b"].rationale
    assert "'a'" not in found["c"].rationale


def test_a_contract_without_a_customer_is_never_a_candidate():
    nameless = deal("a", "Acme", date(2026, 1, 1))
    terms = nameless.terms.model_copy(update={"parties": []})
    found = combination_conclusions(
        [BatchContract("a", "a.pdf", terms), deal("b", "Acme", date(2026, 1, 1))]
    )
    assert found == {}


def test_with_combination_writes_the_flag_in_and_is_idempotent():
    a = deal("a", "Acme", date(2026, 1, 1))
    b = deal("b", "Acme", date(2026, 1, 5))
    conclusion = combination_conclusions([a, b])["a"]
    analysis = analyse(a.terms, SspTable())
    judgments = analysis.summary
    once = with_combination(analysis, conclusion)
    twice = with_combination(once, conclusion)
    assert once == twice
    assert [c.topic for c in once.step1.conclusions].count(TOPIC) == 1
    assert FlagKind.CONTRACT_COMBINATION in {f.kind for f in once.flags}
    assert once.summary != judgments  # one more judgment is open
    removed = with_combination(once, None)
    assert removed == analysis
