"""Where revrec's shipped files live, installed or run from a source checkout.

A wheel carries `prompts/` as `assistant/prompts` and `schemas/` as `assistant/json_schemas`
(see pyproject's force-include); an editable install or a checkout reads the top-level
folders instead.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def templates_dir() -> Path:
    return _PACKAGE / "templates"


def prompts_dir() -> Path:
    return _first_existing(_PACKAGE / "prompts", _SOURCE_ROOT / "prompts")


def json_schemas_dir() -> Path:
    return _first_existing(_PACKAGE / "json_schemas", _SOURCE_ROOT / "schemas")
