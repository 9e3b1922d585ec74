"""Token usage and its estimated price, in Decimal (money is never a float)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.llm.settings import ModelPrice
from assistant.schemas.record import ExtractionUsage

PER_TOKENS = Decimal(1_000_000)
"""Prices are quoted per million tokens."""
COST_QUANTUM = Decimal("0.000001")


@dataclass(frozen=True)
class Tokens:
    requests: int = 0
    prompt: int = 0
    cached_prompt: int = 0
    completion: int = 0

    def __add__(self, other: Tokens) -> Tokens:
        return Tokens(
            self.requests + other.requests,
            self.prompt + other.prompt,
            self.cached_prompt + other.cached_prompt,
            self.completion + other.completion,
        )


def tokens_of(responses: Iterable[Any]) -> Tokens:
    """Sum the `usage` of raw chat completions (a server that reports none counts zero)."""
    total = Tokens()
    for response in responses:
        usage = getattr(response, "usage", None)
        details = getattr(usage, "prompt_tokens_details", None)
        total += Tokens(
            requests=1,
            prompt=_int(getattr(usage, "prompt_tokens", 0)),
            cached_prompt=_int(getattr(details, "cached_tokens", 0)),
            completion=_int(getattr(usage, "completion_tokens", 0)),
        )
    return total


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def price_for(model: str, table: Mapping[str, ModelPrice]) -> ModelPrice | None:
    """The model's price: an exact entry, else the longest entry it extends with `-suffix`
    (`gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`)."""
    if model in table:
        return table[model]
    matches = [name for name in table if model.startswith(f"{name}-")]
    return table[max(matches, key=len)] if matches else None


def estimate_cost(tokens: Tokens, price: ModelPrice | None) -> Decimal | None:
    if price is None:
        return None
    cached = min(tokens.cached_prompt, tokens.prompt)
    cached_price = price.cached_input if price.cached_input is not None else price.input
    total = (
        (tokens.prompt - cached) * price.input
        + cached * cached_price
        + tokens.completion * price.output
    ) / PER_TOKENS
    return total.quantize(COST_QUANTUM)


def usage_record(
    tokens: Tokens,
    price: ModelPrice | None,
    *,
    chunks: int,
    unverified_candidates: int,
) -> ExtractionUsage:
    return ExtractionUsage(
        requests=tokens.requests,
        prompt_tokens=tokens.prompt,
        cached_prompt_tokens=tokens.cached_prompt,
        completion_tokens=tokens.completion,
        estimated_cost_usd=estimate_cost(tokens, price),
        chunks=chunks,
        unverified_candidates=unverified_candidates,
    )
