"""Requests as messages, rendered from `prompts/*.j2` through the one sandboxed environment.

Order matters twice. The contract comes before the question, so the requests for the five
parts of one contract share a long identical prefix (system prompt + contract) that
providers with prompt caching bill at a discount. And the contract is fenced data in a user
message, never in the system prompt, which says that nothing inside the fence is addressed
to the model.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from assistant.llm.chunking import Chunk, estimate_tokens
from assistant.llm.models import PARTS, Part
from assistant.resources import prompts_dir
from assistant.schemas import Document
from assistant.templating import render

SYSTEM = "system.j2"
CONTRACT = "contract.j2"
PROMPT_FILES = (SYSTEM, CONTRACT, *(part.template for part in PARTS))
OVERHEAD_MARGIN_TOKENS = 512
"""Room for message framing, function-call wrapping and re-ask messages."""


def fence_for(document: Document) -> str:
    """The token on the fence lines: derived from the file's hash, so text inside the
    contract cannot close the fence (and the same contract always renders the same)."""
    return document.sha256[:16]


def messages_for(part: Part, chunk: Chunk, document: Document) -> list[dict[str, Any]]:
    return [
        {"role": "system", "content": render(SYSTEM)},
        {"role": "user", "content": render(CONTRACT, chunk=chunk, fence=fence_for(document))},
        {"role": "user", "content": render(part.template)},
    ]


@cache
def prompt_version() -> str:
    """Hash of the prompt files and of the response schemas the model is asked to fill:
    a change to either changes what is asked, so it changes the version."""
    digest = hashlib.sha256()
    for name in PROMPT_FILES:
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update((prompts_dir() / name).read_bytes())
        digest.update(b"\0")
    for part in PARTS:
        schema = json.dumps(part.model.model_json_schema(), sort_keys=True)
        digest.update(part.name.encode() + b"\0" + schema.encode() + b"\0")
    return digest.hexdigest()[:12]


@cache
def overhead_tokens() -> int:
    """Tokens a request costs besides the contract, for the largest part (so one chunk plan
    fits every part)."""
    system = estimate_tokens(render(SYSTEM))
    largest = max(
        estimate_tokens(render(part.template))
        + estimate_tokens(json.dumps(part.model.model_json_schema()))
        for part in PARTS
    )
    return system + largest + OVERHEAD_MARGIN_TOKENS
