"""`analysis.json`: everything revrec concluded about one contract, with provenance."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from assistant.schemas._base import SCHEMA_VERSION, Strict
from assistant.schemas.analysis import Analysis
from assistant.schemas.terms import ContractTerms


class ExtractorInfo(Strict):
    name: Literal["rules", "llm"]
    model: str | None = None
    prompt_version: str | None = None
    schema_version: str = SCHEMA_VERSION


class ClauseRef(Strict):
    """A clause's id, heading and pages: enough to label a citation without the contract text."""

    id: str
    heading: str | None = None
    page_start: int
    page_end: int


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
    clauses: list[ClauseRef]
    terms: ContractTerms
    analysis: Analysis
    reviewed_at: datetime
