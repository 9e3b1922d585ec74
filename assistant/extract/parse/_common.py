"""What every parser shares: the `Found` wrapper and the bounded whitespace of PDF text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

_S = r"\s{1,40}"  # bounded whitespace: PDF text is full of runs of spaces
_S0 = r"\s{0,40}"


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value read from running text, with its offsets in that text."""

    start: int
    end: int
    value: T
