"""Counting rules shared by every eval metric: true/false positives and negatives.

Every metric is a `Tally` of counts, summed over contracts (micro-averaged). Two kinds:

- `prf`: precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean;
- `share`: a proportion, hits / (hits + misses), stored as tp / (tp + fn).

A ratio with a zero denominator is `None` (undefined), never 0 or 1: an extractor that
predicts nothing has no precision, and a metric nothing was labelled for has no recall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Literal, TypeVar

from pydantic import Field

from assistant.evaluation.values import show
from assistant.schemas import Strict

Count = Annotated[int, Field(ge=0)]
MetricKind = Literal["prf", "share"]
V = TypeVar("V")
H = TypeVar("H", bound=Hashable)


class Tally(Strict):
    """Counts behind one metric for one contract or a set of them."""

    tp: Count = 0
    fp: Count = 0
    fn: Count = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    @property
    def empty(self) -> bool:
        return not (self.tp or self.fp or self.fn)

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)

    @property
    def share(self) -> float | None:
        return self.recall


@dataclass(frozen=True)
class Miss:
    """A labelled fact the review got wrong, or a prediction nothing labelled."""

    metric: str
    expected: str
    predicted: str


@dataclass
class ContractScore:
    """Tallies per metric for one contract, and the misses behind them."""

    counts: dict[str, Tally] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def add(self, metric: str, tally: Tally, expected: object = "", predicted: object = "") -> None:
        """Add counts; anything but a true positive is also recorded as a miss."""
        self.counts[metric] = self.counts.get(metric, Tally()) + tally
        if tally.fp or tally.fn:
            self.misses.append(Miss(metric, show(expected), show(predicted)))

    def count(self, metric: str, tally: Tally) -> None:
        """Add counts without recording a miss (the caller records its own)."""
        self.counts[metric] = self.counts.get(metric, Tally()) + tally


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; undefined when either side is, 0 when both are 0."""
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_value(
    expected: V | None,
    predicted: V | None,
    same: Callable[[V, V], bool],
    *,
    stated: bool,
) -> Tally:
    """One single-valued field (a date, an amount, a name).

    - not stated by the label: nothing is counted, whatever was predicted;
    - stated as absent (`expected` None, `stated` True): a prediction is a false positive;
    - stated: right value -> tp; wrong value -> fp and fn; no value -> fn.
    """
    if not stated:
        return Tally()
    if expected is None:
        return Tally(fp=1) if predicted is not None else Tally()
    if predicted is None:
        return Tally(fn=1)
    return Tally(tp=1) if same(expected, predicted) else Tally(fp=1, fn=1)


def score_flag(expected: bool | None, predicted: bool | None) -> Tally:
    """A yes/no field scored for the *yes* class: the label False with no or a False
    prediction is a true negative and counts nowhere; a predicted True is then an fp."""
    if expected is None:
        return Tally()
    if expected:
        return Tally(tp=1) if predicted else Tally(fn=1)
    return Tally(fp=1) if predicted else Tally()


def score_multiset(expected: Iterable[H], predicted: Iterable[H]) -> Tally:
    """Lists compared as multisets: a value listed twice must be predicted twice, and a
    prediction repeated beyond the label's count is a false positive (a fee counted twice)."""
    want, got = Counter(expected), Counter(predicted)
    tp = sum((want & got).values())
    return Tally(tp=tp, fp=sum(got.values()) - tp, fn=sum(want.values()) - tp)


def score_set(expected: Iterable[H], predicted: Iterable[H]) -> Tally:
    """Sets: duplicates on either side count once (a kind is present or not)."""
    return score_multiset(set(expected), set(predicted))


def score_share(hits: int, total: int) -> Tally:
    return Tally(tp=hits, fn=total - hits)


def summed(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for t in tallies:
        total = total + t
    return total
