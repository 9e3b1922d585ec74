"""Measuring revrec against labelled data (`revrec eval`, docs/evaluation.md).

- `spans`: CUAD span matching; `scoring`: tallies and counting rules; `values`: normal forms;
- `contract`: one reviewed contract against its labels (terms, engine, memo), with
  `citations` and `memo` for those metric groups;
- `eval_set`: review and score a labelled folder; `report`: the report model, JSON and
  Markdown; `regression`: comparison with a baseline;
- `cuad` and `cuad_run`: the CUAD benchmark; `command`: what `revrec eval` does;
- `labels`: the label-agreement figure behind the golden floor.
"""

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
