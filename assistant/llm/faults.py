"""What went wrong with the model, as one line for the accountant.

Messages name the contract file and the setting to look at; they never include the
provider's error text (OpenAI's 401 message quotes part of the key), a validation error
(it quotes the model's answer, i.e. contract text) or the key itself.
"""

from __future__ import annotations

import re
from typing import Any

import openai

from assistant.errors import ExtractionError
from assistant.llm.settings import LLMSettings

_SAFE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


def _code(exc: openai.APIStatusError) -> str:
    """The provider's machine-readable error code (`context_length_exceeded`), if it has one."""
    body: Any = exc.body
    code = body.get("code") if isinstance(body, dict) else None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        code = body["error"].get("code") or code
    return f", {code}" if isinstance(code, str) and _SAFE_CODE.match(code) else ""


def api_error(exc: Exception, source: str, settings: LLMSettings) -> ExtractionError | None:
    """An `ExtractionError` for an error raised by the openai client; None if it is not one."""
    retries = settings.max_retries
    where = settings.endpoint_label()
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        key = "AZURE_OPENAI_API_KEY" if settings.endpoint_kind == "azure" else "OPENAI_API_KEY"
        return ExtractionError(
            f"{source}: the LLM endpoint ({where}) refused the credentials "
            f"(HTTP {exc.status_code}); check {key}"
        )
    if isinstance(exc, openai.RateLimitError):
        return ExtractionError(
            f"{source}: the LLM endpoint ({where}) is rate limiting requests (HTTP 429"
            f"{_code(exc)}) and still was after {retries} retries; try again later or lower "
            "REVREC_LLM_MAX_CONCURRENCY"
        )
    if isinstance(exc, openai.NotFoundError):
        return ExtractionError(
            f"{source}: the LLM endpoint ({where}) does not know model {settings.model!r} "
            "(HTTP 404); check REVREC_LLM_MODEL (and AZURE_OPENAI_DEPLOYMENT)"
        )
    if isinstance(exc, openai.InternalServerError):
        return ExtractionError(
            f"{source}: the LLM endpoint ({where}) failed (HTTP {exc.status_code}) "
            f"after {retries} retries; try again later"
        )
    if isinstance(exc, openai.APIStatusError):
        return ExtractionError(
            f"{source}: the LLM endpoint ({where}) rejected the request "
            f"(HTTP {exc.status_code}{_code(exc)})"
        )
    if isinstance(exc, openai.APITimeoutError):
        return ExtractionError(
            f"{source}: the LLM endpoint ({where}) did not answer within "
            f"REVREC_LLM_TIMEOUT_SECONDS={settings.timeout_seconds:g} "
            f"(tried {retries + 1} times)"
        )
    if isinstance(exc, openai.APIConnectionError):
        return ExtractionError(
            f"{source}: cannot reach the LLM endpoint ({where}) (tried {retries + 1} times); "
            "check the base URL and that the server is running"
        )
    return None


def truncated(source: str, part: str, settings: LLMSettings) -> ExtractionError:
    return ExtractionError(
        f"{source}: the model's answer about {part} was cut off at "
        f"REVREC_LLM_MAX_OUTPUT_TOKENS={settings.max_output_tokens}; raise it, or lower "
        "REVREC_LLM_CONTEXT_TOKENS so the contract is read in smaller parts"
    )


def refused(source: str, part: str) -> ExtractionError:
    return ExtractionError(f"{source}: the model refused to answer about {part}")


def unusable(source: str, part: str, attempts: int) -> ExtractionError:
    return ExtractionError(
        f"{source}: the model's answer about {part} did not match the requested format "
        f"after {attempts} attempts (malformed JSON or missing fields); try another "
        "REVREC_LLM_MODE or model"
    )
