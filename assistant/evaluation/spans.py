"""Span-level scoring of extracted quotes against labelled clause texts (CUAD style).

A predicted quote *matches* a labelled span when, after whitespace normalisation and case
folding, one contains the other or their longest common substring covers at least half of
the shorter. Precision is counted over distinct predicted quotes, recall over distinct
labelled spans, so repeating a quote or a label changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.schemas.textnorm import normalise


def normalise_for_match(text: str) -> str:
    """Whitespace-normalised, typography-normalised (quotes, dashes) and case-folded."""
    return " ".join(normalise(text).casefold().split())


def longest_common_substring(a: str, b: str) -> int:
    """Length of the longest common substring, in O(len(a) + len(b)) with a suffix automaton."""
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    # Suffix automaton of the shorter string; walk the longer one through it.
    link = [-1]
    length = [0]
    trans: list[dict[str, int]] = [{}]
    last = 0
    for ch in a:
        cur = len(length)
        length.append(length[last] + 1)
        link.append(-1)
        trans.append({})
        p = last
        while p != -1 and ch not in trans[p]:
            trans[p][ch] = cur
            p = link[p]
        if p == -1:
            link[cur] = 0
        else:
            q = trans[p][ch]
            if length[p] + 1 == length[q]:
                link[cur] = q
            else:
                clone = len(length)
                length.append(length[p] + 1)
                link.append(link[q])
                trans.append(dict(trans[q]))
                while p != -1 and trans[p].get(ch) == q:
                    trans[p][ch] = clone
                    p = link[p]
                link[q] = clone
                link[cur] = clone
        last = cur
    best = state = run = 0
    for ch in b:
        while state and ch not in trans[state]:
            state = link[state]
            run = length[state]
        if ch in trans[state]:
            state = trans[state][ch]
            run += 1
            best = max(best, run)
    return best


def _match_normalised(quote: str, span: str) -> bool:
    if not quote or not span:
        return False
    shorter, longer = (quote, span) if len(quote) <= len(span) else (span, quote)
    if shorter in longer:
        return True
    return 2 * longest_common_substring(shorter, longer) >= len(shorter)


def spans_match(quote: str, span: str) -> bool:
    """True when `quote` and `span` denote the same text (see the module docstring)."""
    return _match_normalised(normalise_for_match(quote), normalise_for_match(span))


@dataclass(frozen=True)
class SpanScore:
    """Counts for one category (one contract, or summed over many)."""

    tp_pred: int
    """Distinct predicted quotes that match some labelled span."""
    n_pred: int
    tp_spans: int
    """Distinct labelled spans matched by some predicted quote."""
    n_spans: int

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore(
            self.tp_pred + other.tp_pred,
            self.n_pred + other.n_pred,
            self.tp_spans + other.tp_spans,
            self.n_spans + other.n_spans,
        )

    @property
    def precision(self) -> float | None:
        return self.tp_pred / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_spans / self.n_spans if self.n_spans else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


EMPTY = SpanScore(0, 0, 0, 0)


def _distinct(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(normalise_for_match(t) for t in texts))


def score_category(predicted_quotes: Iterable[str], labelled_spans: Iterable[str]) -> SpanScore:
    """Count matches between one contract's predicted quotes and labelled spans in a category.

    An empty predicted quote counts as a prediction that matches nothing; empty labelled
    spans are ignored.
    """
    preds = _distinct(predicted_quotes)
    spans = [s for s in _distinct(labelled_spans) if s]
    matched_spans = [False] * len(spans)
    tp_pred = 0
    for pred in preds:
        hit = False
        for i, span in enumerate(spans):
            if _match_normalised(pred, span):
                hit = True
                matched_spans[i] = True
        tp_pred += hit
    return SpanScore(tp_pred, len(preds), sum(matched_spans), len(spans))
