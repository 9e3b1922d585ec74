"""`LLMExtractor`: Document -> ContractTerms through an OpenAI-compatible model.

One request per part of the schema (five) and per chunk of the contract, at most
`max_concurrency` in flight. Each answer is validated against the document (instructor
re-asks, `max_retries` times, with the validation error); an answer still unverifiable after
that is kept only as candidates. Faults become one-line `ExtractionError`s naming the file.
"""

from __future__ import annotations

import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from assistant.errors import ExtractionError, SettingsError
from assistant.llm import faults
from assistant.llm.cache import CachedResult, CacheKey, ResultCache
from assistant.llm.chunking import Chunk, plan_chunks
from assistant.llm.client import instructor_client
from assistant.llm.cost import Tokens, price_for, tokens_of, usage_record
from assistant.llm.merge import Answer, merge
from assistant.llm.models import PARTS, Part
from assistant.llm.prompts import messages_for, overhead_tokens, prompt_version
from assistant.llm.settings import LLMSettings
from assistant.schemas import SCHEMA_VERSION, ContractTerms, Document, ExtractorInfo
from assistant.schemas.record import ExtractionUsage

log = logging.getLogger("revrec.llm")

MIN_CONTRACT_TOKENS = 1000
"""Below this per-request budget for contract text, the settings cannot work."""


class _ValidationOnly(dict[str, Any]):
    """The validation context, falsy on purpose.

    instructor uses `context` for two things: it passes it to pydantic as the validation
    context (what we want: the quotes are verified against the document), and, whenever it is
    truthy, it renders every message as a Jinja template with it. The messages hold the
    contract: a clause containing `{{` would break the request or be evaluated. An empty-
    looking dict skips the templating and still reaches the validators.
    """

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class ExtractionResult:
    terms: ContractTerms
    """Verified terms only: what the engine and the memo may treat as facts."""
    candidates: ContractTerms
    """What the model stated but could not support with verifiable quotes (`verified=False`).
    For the reviewer's attention only; never facts."""
    usage: ExtractionUsage


@dataclass
class _Call:
    part: Part
    chunk: Chunk
    responses: list[Any] = field(default_factory=list)


class LLMExtractor:
    """The `Extractor` backed by a model. Thread-safe: one instance serves a whole batch."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        http_client: httpx.Client | None = None,
        cache: ResultCache | None = None,
    ) -> None:
        self.settings = settings
        self._client = instructor_client(settings, http_client)
        self._slots = threading.BoundedSemaphore(settings.max_concurrency)
        self._cache = cache or (
            ResultCache(settings.resolved_cache_dir()) if settings.cache else None
        )
        self._budget = self.contract_budget(settings)
        self.last_result: ExtractionResult | None = None
        """The most recent result (convenience for one-at-a-time callers)."""

    @staticmethod
    def contract_budget(settings: LLMSettings) -> int:
        """Tokens of contract text per request: the context less the prompts, the answer and
        room for one re-ask (which carries the previous answer)."""
        budget = settings.context_tokens - 2 * settings.max_output_tokens - overhead_tokens()
        if budget < MIN_CONTRACT_TOKENS:
            raise SettingsError(
                f"REVREC_LLM_CONTEXT_TOKENS={settings.context_tokens} leaves too little room "
                f"for the contract with REVREC_LLM_MAX_OUTPUT_TOKENS="
                f"{settings.max_output_tokens}; raise the first or lower the second"
            )
        return budget

    @property
    def last_usage(self) -> ExtractionUsage | None:
        """Usage of the most recent extraction. With several contracts in flight on one
        extractor use `extract_with_report`, which returns each contract's own."""
        return self.last_result.usage if self.last_result else None

    def info(self) -> ExtractorInfo:
        return ExtractorInfo(
            name="llm",
            model=self.settings.model,
            prompt_version=prompt_version(),
            schema_version=SCHEMA_VERSION,
        )

    def extract(self, document: Document) -> ContractTerms:
        return self.extract_with_report(document).terms

    def extract_with_report(self, document: Document) -> ExtractionResult:
        key = self._cache_key(document)
        if self._cache is not None:
            cached = self._cache.get(key, document)
            if cached is not None:
                usage = ExtractionUsage(
                    estimated_cost_usd=0 if cached.usage.estimated_cost_usd is not None else None,
                    chunks=cached.usage.chunks,
                    cache_hit=True,
                    unverified_candidates=cached.usage.unverified_candidates,
                )
                result = ExtractionResult(cached.terms, cached.candidates, usage)
                self.last_result = result
                log.info("%s: terms from the LLM cache (no request)", document.source_name)
                return result

        chunks = plan_chunks(document, self._budget)
        calls = [_Call(part, chunk) for part in PARTS for chunk in chunks]
        answers = self._run(calls, document)
        merged = merge(answers, document)
        tokens = sum((tokens_of(c.responses) for c in calls), Tokens())
        usage = usage_record(
            tokens,
            price_for(self.settings.model, self.settings.price_table()),
            chunks=len(chunks),
            unverified_candidates=merged.candidate_count,
        )
        result = ExtractionResult(merged.terms, merged.candidates, usage)
        if self._cache is not None:
            self._cache.put(
                key,
                CachedResult(
                    key=dict(key.__dict__),
                    terms=result.terms,
                    candidates=result.candidates,
                    usage=usage,
                ),
            )
        self.last_result = result
        log.info(
            "%s: %d requests, %d prompt + %d completion tokens, estimated cost %s USD",
            document.source_name,
            usage.requests,
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.estimated_cost_usd if usage.estimated_cost_usd is not None else "unknown",
        )
        return result

    def _cache_key(self, document: Document) -> CacheKey:
        return CacheKey(
            document_sha256=document.sha256,
            model=self.settings.model,
            prompt_version=prompt_version(),
            endpoint=self.settings.endpoint_label(),
            mode=self.settings.mode,
            chunk_budget=self._budget,
        )

    def _run(self, calls: list[_Call], document: Document) -> list[Answer]:
        stop = threading.Event()

        def task(call: _Call) -> Answer | None:
            # After a failure nothing new is sent: the contract has failed already, and with
            # one worker the requests made are the same on every run.
            if stop.is_set():
                return None
            try:
                return self._ask(call, document)
            except BaseException:
                stop.set()
                raise

        workers = min(self.settings.max_concurrency, len(calls))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="revrec-llm") as pool:
            futures = [pool.submit(task, call) for call in calls]
            wait(futures)
        for future in futures:  # the first failure in request order
            error = future.exception()
            if error is not None:
                raise error
        return [answer for f in futures if (answer := f.result()) is not None]

    def _ask(self, call: _Call, document: Document) -> Answer:
        settings, source, part = self.settings, document.source_name, call.part
        hooks = Hooks()
        hooks.on("completion:response", call.responses.append)
        options: dict[str, Any] = {settings.max_tokens_param: settings.max_output_tokens}
        if settings.temperature is not None:
            options["temperature"] = settings.temperature
        try:
            with self._slots:
                response = self._client.chat.completions.create(
                    model=settings.model,
                    messages=messages_for(part, call.chunk, document),  # type: ignore[arg-type]
                    response_model=part.model,
                    max_retries=settings.max_retries,
                    context=_ValidationOnly(document=document),
                    strict=False,
                    hooks=hooks,
                    **options,
                )
            return Answer(call.chunk.index, response, verified=True)
        except IncompleteOutputException:
            raise faults.truncated(source, part.label, settings) from None
        except InstructorRetryException as exc:
            cause = exc.__cause__
            mapped = (
                faults.api_error(cause, source, settings) if isinstance(cause, Exception) else None
            )
            if mapped is not None:
                raise mapped from None
            if isinstance(cause, IncompleteOutputException):
                raise faults.truncated(source, part.label, settings) from None
            if _refusal(call.responses):
                raise faults.refused(source, part.label) from None
            fallback = _unverified(call.responses, part, settings.mode)
            if fallback is None:
                raise faults.unusable(source, part.label, len(call.responses)) from None
            return Answer(call.chunk.index, fallback, verified=False)
        except openai.OpenAIError as exc:
            mapped = faults.api_error(exc, source, settings)
            if mapped is None:
                raise ExtractionError(
                    f"{source}: the LLM client failed ({type(exc).__name__})"
                ) from None
            raise mapped from None


def _refusal(responses: list[Any]) -> bool:
    if not responses:
        return False
    choices = getattr(responses[-1], "choices", None) or []
    return bool(choices) and getattr(choices[0].message, "refusal", None) is not None


_MD_JSON = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def _answer_text(response: Any, mode: str) -> str | None:
    choices = getattr(response, "choices", None) or []
    if not choices:
        return None
    message = choices[0].message
    if mode == "tools":
        calls = getattr(message, "tool_calls", None) or []
        return calls[0].function.arguments if calls else None
    content = message.content or ""
    if mode == "md_json":
        match = _MD_JSON.search(content)
        return match.group(1) if match else content
    return content


def _unverified(responses: list[Any], part: Part, mode: str) -> BaseModel | None:
    """The latest answer that is well-formed, read without verifying its quotes."""
    for response in reversed(responses):
        text = _answer_text(response, mode)
        if not text:
            continue
        try:
            return part.model.model_validate_json(text, strict=False)
        except ValidationError:
            continue
    return None
