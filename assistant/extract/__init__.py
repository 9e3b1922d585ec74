"""Extraction: Document -> ContractTerms. Every extractor shares the `Extractor` interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.schemas import ContractTerms, Document, ExtractorInfo
from assistant.schemas.record import ExtractionUsage


class Extractor(Protocol):
    """Turns a parsed contract into cited terms. Implementations never invent a value."""

    def info(self) -> ExtractorInfo:
        """Name, model and prompt version, recorded in every analysis.json and memo footer."""
        ...

    def extract(self, document: Document) -> ContractTerms:
        """Terms whose every citation verifies against `document`."""
        ...


@dataclass(frozen=True)
class Extraction:
    """What one extraction produced: facts, unverified candidates and what it cost."""

    terms: ContractTerms
    candidates: ContractTerms | None = None
    usage: ExtractionUsage | None = None


def run_extractor(extractor: Extractor, document: Document) -> Extraction:
    """Extract with the richest report the extractor offers (the LLM one reports usage and
    keeps unverifiable values apart as candidates)."""
    report = getattr(extractor, "extract_with_report", None)
    if callable(report):
        result = report(document)
        return Extraction(result.terms, result.candidates, result.usage)
    return Extraction(extractor.extract(document))
