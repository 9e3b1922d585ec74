"""The openai client for the configured endpoint, wrapped by instructor."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import instructor
import openai

from assistant.errors import SettingsError
from assistant.llm.settings import LLMSettings

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
}

NO_KEY = "no-key"
"""Sent to a local server that needs none (the openai client insists on some value)."""


def quiet_instructor_logs() -> None:
    # instructor logs each failed attempt at ERROR with the exception text, which quotes the
    # model's answer (contract text) and, for some providers, the error body. revrec reports
    # faults itself, as one line without either.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


def openai_client(settings: LLMSettings, http_client: httpx.Client | None = None) -> openai.OpenAI:
    """The SDK client; it retries 408/409/429/5xx, timeouts and dropped connections
    `max_retries` times with exponential backoff, honouring Retry-After (up to 2 minutes)."""
    common: dict[str, Any] = {
        "max_retries": settings.max_retries,
        "timeout": settings.timeout_seconds,
    }
    if http_client is not None:
        common["http_client"] = http_client
    kind = settings.endpoint_kind
    if kind == "azure":
        if settings.azure_api_key is None:
            raise SettingsError(
                "AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_API_KEY is not; see docs/llm.md"
            )
        return openai.AzureOpenAI(
            azure_endpoint=settings.azure_endpoint or "",
            azure_deployment=settings.azure_deployment,
            api_version=settings.azure_api_version,
            api_key=settings.azure_api_key.get_secret_value(),
            **common,
        )
    if kind is None:
        raise SettingsError(
            "no LLM endpoint is configured: set OPENAI_API_KEY, REVREC_LLM_BASE_URL "
            "(a local server) or AZURE_OPENAI_ENDPOINT; see docs/llm.md"
        )
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    return openai.OpenAI(api_key=key or NO_KEY, base_url=settings.base_url, **common)


def instructor_client(
    settings: LLMSettings, http_client: httpx.Client | None = None
) -> instructor.Instructor:
    quiet_instructor_logs()
    client = instructor.from_openai(openai_client(settings, http_client), mode=MODES[settings.mode])
    assert isinstance(client, instructor.Instructor)
    return client
