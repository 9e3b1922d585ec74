"""The LLM extractor: an OpenAI-compatible model reads the contract through instructor.

Importing this package is cheap: the openai and instructor clients are imported only when an
`LLMExtractor` is created, so the offline path never pays for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.llm.settings import LLMSettings, load_llm_settings

if TYPE_CHECKING:
    from assistant.llm.extractor import ExtractionResult, LLMExtractor

__all__ = ["ExtractionResult", "LLMExtractor", "LLMSettings", "load_llm_settings"]


def __getattr__(name: str) -> Any:
    if name in ("LLMExtractor", "ExtractionResult"):
        from assistant.llm import extractor

        return getattr(extractor, name)
    raise AttributeError(name)
