"""`analysis.json`: everything revrec concluded about one contract, with provenance."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from assistant.schemas._base import SCHEMA_VERSION, Money, Strict
from assistant.schemas.analysis import Analysis
from assistant.schemas.modification import AmendmentTerms, Modification
from assistant.schemas.terms import ContractTerms


class ExtractorInfo(Strict):
    name: Literal["rules", "llm"]
    model: str | None = None
    prompt_version: str | None = None
    schema_version: str = SCHEMA_VERSION


class ExtractionUsage(Strict):
    """What an LLM extraction cost: requests, tokens and the estimated price."""

    requests: Annotated[int, Field(ge=0)] = 0
    """Completed model calls, re-asks included (requests retried after 429/5xx count once)."""
    prompt_tokens: Annotated[int, Field(ge=0)] = 0
    cached_prompt_tokens: Annotated[int, Field(ge=0)] = 0
    """Prompt tokens the provider served from its prompt cache (billed at a lower price)."""
    completion_tokens: Annotated[int, Field(ge=0)] = 0
    estimated_cost_usd: Money | None = None
    """From the price table in the settings; None when the model has no price there."""
    chunks: Annotated[int, Field(ge=1)] = 1
    """Pieces the contract was split into to fit the model's context."""
    cache_hit: bool = False
    """The terms came from revrec's on-disk cache: this run made no request."""
    unverified_candidates: Annotated[int, Field(ge=0)] = 0
    """Values the model stated whose quotes could not be verified: kept out of the terms."""


class ClauseRef(Strict):
    """A clause's id, heading and pages: enough to label a citation without the contract text."""

    id: str
    heading: str | None = None
    page_start: int
    page_end: int


class OriginalRef(Strict):
    """The agreement an amendment modifies, as reviewed in the same batch."""

    contract: str
    """Output folder name of the original's review."""
    source_name: str
    sha256: str
    clauses: list[ClauseRef]
    """The original's clauses, to label citations into it (`original_citations`)."""


class ModificationRecord(Strict):
    """An amendment's link to its original and the modification analysis (25-10 to 25-13)."""

    original: OriginalRef
    earlier_amendments: list[str] = []
    """Source names of amendments applied before this one, in order."""
    amendment: AmendmentTerms
    modification: Modification


class ReviewRecord(Strict):
    schema_version: str = SCHEMA_VERSION
    revrec_version: str
    contract: str
    """Output folder name (sanitised stem of the file name)."""
    source_name: str
    sha256: str
    settings_fingerprint: str
    """Hash of the settings that change results; a rerun with the same one is skipped."""
    page_count: int
    extractor: ExtractorInfo
    usage: ExtractionUsage | None = None
    """Tokens and estimated cost of the extraction (LLM extractor only)."""
    clauses: list[ClauseRef]
    terms: ContractTerms
    candidates: ContractTerms | None = None
    """Values an LLM stated without verifiable quotes: for the reviewer, never facts, never
    used by the analysis."""
    analysis: Analysis
    modification: ModificationRecord | None = None
    """Set when the document is an amendment reviewed with its original (`--amends`)."""
    reviewed_at: datetime
