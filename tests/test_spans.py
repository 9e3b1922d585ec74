"""Span matching and scoring: known predictions give known scores; the score cannot inflate."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.evaluation import (
    SpanScore,
    longest_common_substring,
    normalise_for_match,
    score_category,
    spans_match,
)

CLAUSE = (
    "This Agreement shall be governed by and construed in accordance with the laws of the "
    "State of Delaware, without regard to its conflict of laws principles."
)
OTHER = "Either party may terminate this Agreement upon ninety (90) days written notice."


def test_normalise_for_match() -> None:
    assert normalise_for_match("  The  “Term”\nshall\tRUN –  ") == 'the "term" shall run -'


@pytest.mark.parametrize(
    ("quote", "span", "expected"),
    [
        (CLAUSE, CLAUSE, True),
        (CLAUSE.upper(), CLAUSE.replace(" ", "\n  "), True),
        ("laws of the State of Delaware", CLAUSE, True),  # quote inside the span
        (CLAUSE, "State of Delaware", True),  # span inside the quote
        # Half of the shorter shared: a quote running past the end of the span.
        (
            "without regard to its conflict of laws principles. Notices shall be in writing.",
            CLAUSE,
            True,
        ),
        # Less than half shared.
        (
            "construed in accordance with the rules of arbitration of the ICC in Paris",
            CLAUSE,
            False,
        ),
        (OTHER, CLAUSE, False),
        ("", CLAUSE, False),
        (CLAUSE, "", False),
    ],
)
def test_spans_match(quote: str, span: str, expected: bool) -> None:
    assert spans_match(quote, span) is expected


def _brute_lcs(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a) + 1):
            if j - i > best and a[i:j] in b:
                best = j - i
    return best


@given(st.text(alphabet="abc ", max_size=14), st.text(alphabet="abcd ", max_size=14))
def test_lcs_agrees_with_brute_force(a: str, b: str) -> None:
    assert longest_common_substring(a, b) == _brute_lcs(a, b)


def test_lcs_is_fast_on_long_strings() -> None:
    rng = random.Random(7)
    words = ["the", "party", "shall", "may", "notice", "term", "fee", "agreement", "of", "in"]
    a = " ".join(rng.choice(words) for _ in range(400))[:2000]
    b = " ".join(rng.choice(words) for _ in range(400))[:2000]
    started = time.perf_counter()
    for _ in range(20):
        longest_common_substring(a, b)
        spans_match(a, b)
    assert time.perf_counter() - started < 2


def test_known_scores() -> None:
    spans = [CLAUSE, OTHER, "Customer shall pay all invoices within thirty (30) days."]
    preds = ["laws of the State of Delaware", "The Provider warrants the services.", OTHER]
    score = score_category(preds, spans)
    assert score == SpanScore(tp_pred=2, n_pred=3, tp_spans=2, n_spans=3)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)


def test_whole_contract_quote_is_one_prediction() -> None:
    """Quoting everything earns one true positive, never one per span it covers."""
    contract = " ".join([CLAUSE, OTHER, "Fees are due monthly."])
    score = score_category([contract], [CLAUSE, OTHER])
    assert (score.tp_pred, score.n_pred) == (1, 1)
    many = score_category([contract, "unrelated text one", "unrelated text two"], [CLAUSE])
    assert (many.tp_pred, many.n_pred) == (1, 3)


def test_repeats_do_not_inflate() -> None:
    score = score_category([OTHER, OTHER.upper(), f"  {OTHER}  "], [CLAUSE, CLAUSE, OTHER])
    assert score == SpanScore(tp_pred=1, n_pred=1, tp_spans=1, n_spans=2)


def test_one_quote_matching_two_spans_counts_each_span_once() -> None:
    score = score_category(["State of Delaware"], [CLAUSE, "the State of Delaware"])
    assert score == SpanScore(1, 1, 2, 2)


def test_empty_inputs() -> None:
    assert score_category([], []) == SpanScore(0, 0, 0, 0)
    nothing = score_category([], [CLAUSE])
    assert nothing.precision is None and nothing.recall == 0.0 and nothing.f1 is None
    unlabelled = score_category([CLAUSE], [])
    assert unlabelled.precision == 0.0 and unlabelled.recall is None
    assert score_category([""], [CLAUSE]) == SpanScore(0, 1, 0, 1)
    assert score_category([CLAUSE], ["", "  "]) == SpanScore(0, 1, 0, 0)


def test_scores_add_up() -> None:
    total = SpanScore(1, 2, 1, 1) + SpanScore(0, 1, 0, 2)
    assert total == SpanScore(1, 3, 1, 3)
    assert total.precision == pytest.approx(1 / 3)
    assert total.f1 == pytest.approx(1 / 3)


@given(st.lists(st.text(max_size=40), max_size=5), st.lists(st.text(max_size=40), max_size=5))
def test_score_bounds(preds: list[str], spans: list[str]) -> None:
    score = score_category(preds, spans)
    assert 0 <= score.tp_pred <= score.n_pred <= len(preds)
    assert 0 <= score.tp_spans <= score.n_spans <= len(spans)
