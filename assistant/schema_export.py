"""Generate `schemas/*.schema.json` from the pydantic models (never hand-written)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.outputs import write_atomic
from assistant.schemas import EXPORTED_MODELS, SCHEMA_VERSION


def rendered_schemas() -> dict[str, str]:
    """File name -> JSON text, deterministic."""
    out: dict[str, str] = {}
    for name, model in EXPORTED_MODELS.items():
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = f"https://revrec.local/schemas/{name}.schema.json"
        schema["x-schema-version"] = SCHEMA_VERSION
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def export_schemas(out_dir: Path) -> list[Path]:
    written = []
    for filename, text in rendered_schemas().items():
        path = out_dir / filename
        write_atomic(path, text)
        written.append(path)
    return written


def stale_schemas(out_dir: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for filename, text in rendered_schemas().items():
        path = out_dir / filename
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(filename)
    return stale
