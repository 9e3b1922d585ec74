"""Measuring extraction against labelled data: span matching and scoring."""

from assistant.evaluation.spans import (
    SpanScore,
    longest_common_substring,
    normalise_for_match,
    score_category,
    spans_match,
)

__all__ = [
    "SpanScore",
    "longest_common_substring",
    "normalise_for_match",
    "score_category",
    "spans_match",
]
