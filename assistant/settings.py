"""One settings object: environment variables prefixed `REVREC_`, passed into the stages."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import SettingsError
from assistant.llm.settings import LLMSettings, load_llm_settings
from assistant.schemas import SspTable
from assistant.schemas.inputs import ReviewerInputs


class IngestLimits(BaseSettings):
    """Bounds on what a PDF may cost to read."""

    model_config = SettingsConfigDict(env_prefix="REVREC_", extra="ignore")

    max_pages: Annotated[int, Field(ge=1)] = 1000
    max_file_mb: Annotated[float, Field(gt=0)] = 50.0
    parse_timeout_seconds: Annotated[float, Field(gt=0)] = 60.0
    """Per-file limit for parsing in a batch worker (a hostile PDF must not hang a batch)."""


class Settings(IngestLimits):
    """Everything configurable. Read from `REVREC_*` environment variables (and CLI flags)."""

    extractor: Literal["auto", "rules", "llm"] = "auto"
    ssp_file: Path | None = None
    inputs_dir: Path | None = None
    """Folder of reviewer inputs, `<contract>.toml` per contract (`ReviewerInputs`): the facts
    outside the contract (collectibility, usage forecasts, SLA history, breakage, ...)."""
    """TOML SSP table (see `eval_set/ssp.toml`); without one, every PO is flagged missing SSP."""
    jobs: Annotated[int, Field(ge=1, le=64)] = 1
    llm: LLMSettings = Field(default_factory=load_llm_settings)
    """The model endpoint and its limits: `REVREC_LLM_*`, `OPENAI_*`, `AZURE_OPENAI_*`."""
    database_url: str | None = None
    """The review store (`REVREC_DATABASE_URL`), e.g. `postgresql://user:pw@host/revrec` for a
    team; unset: SQLite in `<out>/revrec.db` (see docs/store.md)."""

    def ingest_limits(self) -> IngestLimits:
        return IngestLimits(
            max_pages=self.max_pages,
            max_file_mb=self.max_file_mb,
            parse_timeout_seconds=self.parse_timeout_seconds,
        )

    def ssp_table(self) -> SspTable:
        if self.ssp_file is None:
            return SspTable()
        return load_ssp_table(self.ssp_file)

    def fingerprint(self, extractor_id: str) -> str:
        """Hash of what changes a review's result: a rerun with the same hash is skipped."""
        payload = {
            "extractor": extractor_id,
            "ssp": self.ssp_table().model_dump(mode="json"),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with CLI overrides; a bad value is a `SettingsError`."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "settings"
        raise SettingsError(
            f"invalid setting {where} (REVREC_{where.upper()}): {err['msg']}"
        ) from None


def load_ssp_table(path: Path) -> SspTable:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"SSP table {path.name}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"SSP table {path.name}: not valid TOML ({exc})") from None
    try:
        return SspTable.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise SettingsError(f"SSP table {path.name}: {where}: {err['msg']}") from None


def load_reviewer_inputs(path: Path) -> ReviewerInputs:
    """One contract's reviewer inputs; a bad file is a one-line `SettingsError`."""
    try:
        return ReviewerInputs.from_toml(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise SettingsError(f"reviewer inputs {path.name}: not readable TOML ({exc})") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise SettingsError(f"reviewer inputs {path.name}: {where}: {err['msg']}") from None
