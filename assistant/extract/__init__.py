"""Extraction: Document -> ContractTerms. Every extractor shares the `Extractor` interface."""

from __future__ import annotations

from typing import Protocol

from assistant.schemas import ContractTerms, Document, ExtractorInfo


class Extractor(Protocol):
    """Turns a parsed contract into cited terms. Implementations never invent a value."""

    def info(self) -> ExtractorInfo:
        """Name, model and prompt version, recorded in every analysis.json and memo footer."""
        ...

    def extract(self, document: Document) -> ContractTerms:
        """Terms whose every citation verifies against `document`."""
        ...
