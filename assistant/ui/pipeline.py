"""What the page runs: the same pipeline stages as the CLI, with the page's progress reporting.

Uploaded bytes are checked (name, size, `%PDF-` header) before anything parses them, and are
parsed in a worker process under the batch's time limit, so a hostile PDF can neither hang
nor crash the page. A folder goes through `run_batch`, exactly as `revrec review` does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pebble import ProcessExpired, ProcessPool
from pydantic import Field, SecretStr

from assistant.errors import DocumentLoadError, RevrecError
from assistant.extract import Extractor
from assistant.outputs import safe_name
from assistant.review import (
    BatchReport,
    Outcome,
    extractor_identity,
    make_extractor,
    review_document,
    run_batch,
    summary_row,
    write_outputs,
)
from assistant.schemas import Document, ReviewRecord
from assistant.settings import IngestLimits, Settings

Stage = Callable[[str], None]


class PageSettings(Settings):
    """The CLI's settings plus what only the page needs (same `REVREC_` prefix)."""

    out_dir: Path = Path("out")
    """Where the page writes memos and analysis.json (`REVREC_OUT_DIR`); the review store's
    SQLite file lives beside them unless a database URL is set."""
    team_password: SecretStr | None = None
    """`REVREC_TEAM_PASSWORD`: a single-team install signs in with one shared password."""
    database_url: str | None = None
    """`REVREC_DATABASE_URL`: the review store (default: SQLite beside the outputs)."""
    max_uploads: Annotated[int, Field(ge=1, le=1000)] = 50
    """Files accepted in one upload."""

    def upload_limit_mb(self) -> int:
        """The uploader's per-file limit, whole megabytes (Streamlit takes an int)."""
        return max(1, math.ceil(self.max_file_mb))


@dataclass
class Reviewed:
    """One contract the page reviewed: its record and, for the document view, its source."""

    record: ReviewRecord
    document: Document
    pdf: bytes


def with_extractor(settings: PageSettings, choice: str, model: str | None) -> PageSettings:
    """Settings with the sidebar's extractor and model choice."""
    llm = settings.llm.model_copy(update={"model": model}) if model else settings.llm
    return settings.model_copy(update={"extractor": choice, "llm": llm})


def check_upload(name: str, size: int, limits: IngestLimits) -> None:
    """Type and size, before the bytes are read by anything else."""
    shown = safe_name(Path(name).stem) + ".pdf"
    if not name.lower().endswith(".pdf"):
        raise DocumentLoadError(safe_name(name), "is not a PDF file (only .pdf is accepted)")
    if size > limits.max_file_mb * 1024 * 1024:
        raise DocumentLoadError(
            shown,
            f"is {size / 1024 / 1024:.1f} MB, larger than the limit of {limits.max_file_mb:g} MB"
            " (REVREC_MAX_FILE_MB)",
        )


def _parse_worker(data: bytes, name: str, limits: dict[str, float]) -> Document:
    from assistant.ingest import parse_pdf

    return parse_pdf(data, name, IngestLimits(**limits))  # type: ignore[arg-type]


def parse_upload(data: bytes, name: str, settings: Settings) -> Document:
    """Parse in a worker process under `parse_timeout_seconds`."""
    limits = settings.ingest_limits()
    with ProcessPool(max_workers=1) as pool:
        future = pool.schedule(
            _parse_worker,
            args=(data, name, limits.model_dump()),
            timeout=settings.parse_timeout_seconds,
        )
        try:
            return future.result()
        except FutureTimeout:
            raise DocumentLoadError(
                name, "parsing took too long and was stopped (time limit)"
            ) from None
        except ProcessExpired:
            raise DocumentLoadError(
                name, "the PDF crashed the parser (worker process died)"
            ) from None


def review_upload(
    data: bytes,
    name: str,
    settings: PageSettings,
    extractor: Extractor,
    stage: Stage = lambda _: None,
    *,
    contract: str | None = None,
) -> Reviewed:
    """Check, parse, extract, analyse one uploaded PDF; writes its memo and analysis.json."""
    source = safe_name(Path(name).stem) + ".pdf"
    check_upload(name, len(data), settings.ingest_limits())
    stage("Parsing the PDF")
    document = parse_upload(data, source, settings)
    stage(f"Extracting terms ({extractor.info().name}) and running the five steps")
    fingerprint = settings.fingerprint(extractor_identity(settings, extractor))
    record = review_document(
        document,
        extractor,
        settings.ssp_table(),
        contract=contract or safe_name(Path(name).stem),
        settings_fingerprint=fingerprint,
    )
    stage("Writing the memo")
    write_outputs(settings.out_dir / record.contract, record)
    return Reviewed(record=record, document=document, pdf=data)


def review_folder(
    folder: str, settings: PageSettings, on_outcome: Callable[[Outcome], None]
) -> BatchReport:
    """`revrec review <folder> --out <out_dir>`, reporting each contract as it finishes."""
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise RevrecError(f"{safe_name(path.name)}: not a folder on the server")
    if not any(p.suffix.lower() == ".pdf" for p in path.rglob("*") if p.is_file()):
        raise RevrecError(f"{safe_name(path.name)}: no PDF files in this folder")
    return run_batch([path], settings.out_dir, settings, progress=False, on_outcome=on_outcome)


def count_pdfs(folder: str) -> int:
    path = Path(folder).expanduser()
    if not path.is_dir():
        return 0
    return sum(1 for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def open_source(path: Path, settings: PageSettings) -> tuple[Document, bytes]:
    """A batch contract's PDF and parsed document, to open it in the document view."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentLoadError(path.name, f"cannot be read ({exc.strerror})") from None
    return parse_upload(data, path.name, settings), data


__all__ = [
    "PageSettings",
    "Reviewed",
    "check_upload",
    "make_extractor",
    "open_source",
    "review_folder",
    "review_upload",
    "summary_row",
    "with_extractor",
]
