"""The audit log's entries and their hash chain: each entry hashes its content with the
previous entry's hash (the first with the document's sha256), so a rewritten or removed
entry shows even if someone drops the append-only triggers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from assistant.store.models import AuditRow, ReviewRow, StoreSession
from assistant.store.state import AuditAction, AuditEntry, StoreError

HASHED = (
    "sha256", "at", "reviewer", "action", "field", "old_value", "new_value",
    "extractor", "model", "prompt_version", "source", "record_id",
)  # fmt: skip
"""The columns an entry's hash covers."""


@dataclass(frozen=True)
class Context:
    """Who made a change, from where, and what produced the values it touches."""

    reviewer: str
    source: str | None
    extractor: str | None
    model: str | None
    prompt_version: str | None

    @classmethod
    def of(cls, row: ReviewRow, reviewer: str, source: str | None) -> Context:
        """Provenance of the document's current machine review."""
        summary = row.summary
        return cls(
            who(reviewer),
            source,
            summary["extractor"],
            summary["model"],
            summary["prompt_version"],
        )


def who(reviewer: str) -> str:
    who = " ".join(reviewer.split())
    if not who:
        raise StoreError("a change to a review needs the reviewer's name")
    return who


def append(
    session: StoreSession,
    row: ReviewRow,
    action: AuditAction,
    field: str,
    old_value: Any,
    new_value: Any,
    *,
    at: datetime,
    ctx: Context,
) -> AuditRow:
    """Add one entry to the document's log, chained to the newest one."""
    previous = session.scalar(
        select(AuditRow.entry_hash)
        .where(AuditRow.sha256 == row.sha256)
        .order_by(AuditRow.id.desc())
        .limit(1)
    )
    entry = AuditRow(
        sha256=row.sha256,
        at=at,
        reviewer=ctx.reviewer,
        action=action,
        field=field,
        old_value=old_value,
        new_value=new_value,
        extractor=ctx.extractor,
        model=ctx.model,
        prompt_version=ctx.prompt_version,
        source=ctx.source,
        record_id=row.record_id,
        entry_hash="",
    )
    content = AuditEntry.model_validate({**columns(entry), "id": 0, "entry_hash": ""})
    entry.entry_hash = chain(
        previous or row.sha256, content.model_dump(mode="json", include=set(HASHED))
    )
    session.add(entry)
    session.flush()
    return entry


def broken_links(sha256: str, entries: Iterable[AuditEntry]) -> list[int]:
    """Ids of the entries (oldest first) whose hash does not follow from the chain."""
    broken: list[int] = []
    previous = sha256
    for entry in entries:
        content = entry.model_dump(mode="json", include=set(HASHED))
        if chain(previous, content) != entry.entry_hash:
            broken.append(entry.id)
        previous = entry.entry_hash
    return broken


def chain(previous: str, content: dict[str, Any]) -> str:
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous}\n{payload}".encode()).hexdigest()


def columns(row: ReviewRow | AuditRow) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def entry_of(row: AuditRow) -> AuditEntry:
    return AuditEntry.model_validate(columns(row))
