"""Extraction results on disk, so a rerun of the same contract with the same model and prompts
costs nothing.

One JSON file per key, written atomically, readable only by its owner (the quotes in it are
contract text). A cached result is re-verified against the document when it is read: a file
that is corrupt, from another schema, or whose quotes no longer verify is a miss, never an
error.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from assistant.outputs import write_atomic
from assistant.schemas import Citation, ContractTerms, Document, Term, verify_citation
from assistant.schemas._base import SCHEMA_VERSION, Strict
from assistant.schemas.record import ExtractionUsage

log = logging.getLogger("revrec.llm")

CACHE_FORMAT = 1


@dataclass(frozen=True)
class CacheKey:
    document_sha256: str
    model: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    endpoint: str = ""
    """Where the model runs: one model name can mean different weights on two servers."""
    mode: str = ""
    chunk_budget: int = 0
    """Tokens of contract per request: decides how the contract is split, so what each
    request sees."""

    def digest(self) -> str:
        payload = json.dumps(self.__dict__, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


class CachedResult(Strict):
    format: int = CACHE_FORMAT
    key: dict[str, str | int]
    terms: ContractTerms
    candidates: ContractTerms
    usage: ExtractionUsage
    """What the extraction cost when it ran."""


class ResultCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: CacheKey) -> Path:
        return self.folder / f"{key.digest()}.json"

    def get(self, key: CacheKey, document: Document) -> CachedResult | None:
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("LLM cache: cannot read %s (%s); extracting again", path.name, exc.strerror)
            return None
        try:
            cached = CachedResult.model_validate_json(raw)
            # Candidates are unverified by definition; every term must verify again.
            for citation in citations_of(cached.terms):
                verify_citation(citation, document)
        except (ValidationError, ValueError):
            log.warning("LLM cache: %s is stale or damaged; extracting again", path.name)
            return None
        if cached.format != CACHE_FORMAT or cached.key != dict(key.__dict__):
            return None
        return cached

    def put(self, key: CacheKey, result: CachedResult) -> None:
        """Store a result; a cache that cannot be written costs a rerun, not the review."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(self.path(key), result.model_dump_json(indent=1) + "\n")
        except OSError as exc:
            log.warning("LLM cache: cannot write %s (%s)", self.folder, exc.strerror)


def citations_of(terms: ContractTerms) -> Iterator[Citation]:
    for name in ContractTerms.model_fields:
        value = getattr(terms, name)
        for term in value if isinstance(value, list) else [value]:
            if isinstance(term, Term):
                yield from term.citations
