"""LLM settings: `REVREC_LLM_*` plus the variables the OpenAI SDK users already have set.

The endpoint is one of three kinds, decided by what is configured:

- `azure`: `AZURE_OPENAI_ENDPOINT` (+ `AZURE_OPENAI_API_KEY`, `OPENAI_API_VERSION`,
  `AZURE_OPENAI_DEPLOYMENT`);
- `custom`: a base URL (`REVREC_LLM_BASE_URL` or `OPENAI_BASE_URL`): Ollama, vLLM, llama.cpp
  server, a gateway; a key is optional;
- `openai`: `OPENAI_API_KEY` alone.

Keys are `SecretStr`: they never appear in a repr, a log line, a dump or an error message.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import SettingsError

Mode = Literal["tools", "json", "md_json", "json_schema"]
EndpointKind = Literal["openai", "azure", "custom"]

DEFAULT_AZURE_API_VERSION = "2024-10-21"


class ModelPrice(BaseModel):
    """USD per million tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input: Annotated[Decimal, Field(ge=0)]
    output: Annotated[Decimal, Field(ge=0)]
    cached_input: Annotated[Decimal, Field(ge=0)] | None = None
    """Price of prompt tokens served from the provider's prompt cache; `input` when unset."""


def _price(inp: str, cached: str, out: str) -> ModelPrice:
    return ModelPrice(input=Decimal(inp), cached_input=Decimal(cached), output=Decimal(out))


DEFAULT_PRICES: dict[str, ModelPrice] = {
    # OpenAI's published list prices (USD per 1M tokens) when this table was written (2025).
    # Prices change: check them, and override or extend with REVREC_LLM_PRICES.
    "gpt-4o": _price("2.50", "1.25", "10.00"),
    "gpt-4o-mini": _price("0.15", "0.075", "0.60"),
    "gpt-4.1": _price("2.00", "0.50", "8.00"),
    "gpt-4.1-mini": _price("0.40", "0.10", "1.60"),
    "gpt-4.1-nano": _price("0.10", "0.025", "0.40"),
    "o4-mini": _price("1.10", "0.275", "4.40"),
}


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/revrec/llm`, else `~/.cache/revrec/llm`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "revrec" / "llm"


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class LLMSettings(BaseSettings):
    """How to reach the model and how much a review may ask of it."""

    model_config = SettingsConfigDict(
        env_prefix="REVREC_LLM_",
        extra="ignore",
        populate_by_name=True,
        frozen=True,
        env_parse_none_str="none",
    )

    model: str = "gpt-4.1-mini"
    """Model name sent with each request (for Azure, the model behind the deployment)."""
    base_url: Annotated[
        str | None, Field(validation_alias=_env("REVREC_LLM_BASE_URL", "OPENAI_BASE_URL"))
    ] = None
    api_key: Annotated[
        SecretStr | None, Field(validation_alias=_env("REVREC_LLM_API_KEY", "OPENAI_API_KEY"))
    ] = None
    azure_endpoint: Annotated[
        str | None,
        Field(validation_alias=_env("REVREC_LLM_AZURE_ENDPOINT", "AZURE_OPENAI_ENDPOINT")),
    ] = None
    azure_api_key: Annotated[
        SecretStr | None,
        Field(validation_alias=_env("REVREC_LLM_AZURE_API_KEY", "AZURE_OPENAI_API_KEY")),
    ] = None
    azure_api_version: Annotated[
        str,
        Field(
            validation_alias=_env(
                "REVREC_LLM_AZURE_API_VERSION", "AZURE_OPENAI_API_VERSION", "OPENAI_API_VERSION"
            )
        ),
    ] = DEFAULT_AZURE_API_VERSION
    azure_deployment: Annotated[
        str | None,
        Field(validation_alias=_env("REVREC_LLM_AZURE_DEPLOYMENT", "AZURE_OPENAI_DEPLOYMENT")),
    ] = None
    mode: Mode = "tools"
    """instructor mode: `tools` (function calling), `json` (JSON object response format),
    `md_json` (JSON in a fenced block: servers without either), `json_schema` (structured
    outputs)."""
    max_retries: Annotated[int, Field(ge=0, le=10)] = 2
    """Re-asks after an answer that fails validation, and retries of a request that failed
    with 408/409/429/5xx, a timeout or a dropped connection (each bounded separately)."""
    timeout_seconds: Annotated[float, Field(gt=0, le=3600)] = 120.0
    context_tokens: Annotated[int, Field(ge=2048)] = 128_000
    """The model's context window; a longer contract is split by clauses."""
    max_output_tokens: Annotated[int, Field(ge=256)] = 4096
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    """OpenAI's reasoning models accept only `max_completion_tokens`."""
    temperature: Annotated[float, Field(ge=0, le=2)] | None = 0.0
    """`none` sends no temperature (for models that accept only their default)."""
    max_concurrency: Annotated[int, Field(ge=1, le=64)] = 4
    """Requests in flight at once, per extractor (shared by every contract it reviews)."""
    cache: bool = True
    cache_dir: Path | None = None
    """Default: `default_cache_dir()`."""
    prices: dict[str, ModelPrice] = {}
    """Extra or overriding prices, e.g. `{"llama3.1:8b": {"input": 0, "output": 0}}`."""

    @property
    def endpoint_kind(self) -> EndpointKind | None:
        if self.azure_endpoint:
            return "azure"
        if self.base_url:
            return "custom"
        if self.api_key is not None and self.api_key.get_secret_value():
            return "openai"
        return None

    @property
    def configured(self) -> bool:
        """An endpoint is set up: `auto` picks the LLM extractor."""
        return self.endpoint_kind is not None

    def endpoint_label(self) -> str:
        """Where requests go, safe to print and to hash: no credentials, no query, no path."""
        kind = self.endpoint_kind
        if kind == "azure":
            return f"azure:{_host(self.azure_endpoint)}/{self.azure_deployment or self.model}"
        if kind == "custom":
            return f"custom:{_host(self.base_url)}"
        return "openai"

    def resolved_cache_dir(self) -> Path:
        return self.cache_dir or default_cache_dir()

    def price_table(self) -> dict[str, ModelPrice]:
        return {**DEFAULT_PRICES, **self.prices}


def _host(url: str | None) -> str:
    parts = urlsplit(url or "")
    host = parts.hostname or ""
    return f"{host}:{parts.port}" if parts.port else host


def load_llm_settings(**overrides: object) -> LLMSettings:
    """LLM settings from the environment; a bad value is a one-line `SettingsError`."""
    try:
        return LLMSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "llm"
        name = field if field.isupper() else f"REVREC_LLM_{field.upper()}"
        # Never echo the value: it may be a key.
        raise SettingsError(f"invalid LLM setting {name}: {err['msg']}") from None
