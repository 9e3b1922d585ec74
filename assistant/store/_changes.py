"""How a machine review or a reviewer's act changes a document's review state.

Each function runs inside the caller's transaction on the locked `reviews` row and logs what
it does through `_audit.append`; the caller bumps the row's revision.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_jsonable_python

from assistant.schemas import ReviewRecord
from assistant.store._audit import Context, append, columns, who
from assistant.store.models import AuditRow, RecordRow, ReviewRow, StoreSession
from assistant.store.state import (
    JUDGMENT_FIELD,
    TERM_FIELD,
    ChangeAction,
    JudgmentResolution,
    ReviewIncompleteError,
    ReviewState,
    ReviewStatus,
    ReviewSummary,
    judgment_ids,
)


def save_record(
    session: StoreSession,
    record: ReviewRecord,
    digest: str,
    reviewer: str,
    source: str,
) -> ReviewState:
    """Store `record` as the document's current machine review (see `ReviewStore.save_review`)."""
    row = session.get(ReviewRow, record.sha256, with_for_update=True)
    previous = session.get(RecordRow, row.record_id) if row is not None else None
    if row is not None and previous is not None and previous.digest == digest:
        return state_of(row)
    at = now()
    stored = RecordRow(
        sha256=record.sha256,
        digest=digest,
        record_json=record.model_dump_json(),
        created_at=at,
    )
    session.add(stored)
    session.flush()
    summary = ReviewSummary.of(record)
    fields: dict[str, Any] = {
        "contract": record.contract,
        "source_name": record.source_name,
        "record_id": stored.id,
        "summary": summary.model_dump(mode="json"),
        "required_judgments": judgment_ids(record.analysis),
        "updated_at": at,
    }
    if row is None:
        row = ReviewRow(
            sha256=record.sha256,
            status="draft",
            terms_overrides={},
            decisions={},
            judgments={},
            revision=0,
            created_at=at,
            **fields,
        )
        session.add(row)
        session.flush()
    else:
        for name, value in fields.items():
            setattr(row, name, value)
    old = record_ref(previous) if previous is not None else None
    new = {**record_ref(stored), "revrec_version": record.revrec_version}
    info = record.extractor
    ctx = Context(who(reviewer), source, info.name, info.model, info.prompt_version)
    append(session, row, "reviewed", "record", old, new, at=at, ctx=ctx)
    if row.status == "reviewed":
        change_status(session, row, "draft", at=at, ctx=ctx)
    row.revision += 1
    return state_of(row)


def change_status(
    session: StoreSession,
    row: ReviewRow,
    status: ReviewStatus,
    *,
    at: datetime,
    ctx: Context,
    required: Sequence[str] | None = None,
) -> AuditRow:
    if status == "reviewed":
        if required is not None:
            row.required_judgments = list(dict.fromkeys(required))
        open_ids = [j for j in row.required_judgments if j not in row.judgments]
        if open_ids:
            raise ReviewIncompleteError(row.sha256, open_ids)
    entry = append(session, row, "status", "status", row.status, status, at=at, ctx=ctx)
    row.status = status
    row.status_by = ctx.reviewer
    row.status_at = at
    return entry


def check_field(action: ChangeAction, field: str) -> None:
    """Misuse by the caller (a bug, not bad input): ValueError."""
    if action in ("accept", "edit", "reject"):
        ok = TERM_FIELD.match(field) is not None
    elif action in ("answer", "acknowledge"):
        ok = JUDGMENT_FIELD.match(field) is not None
    elif action == "status":
        ok = field == "status"
    else:
        raise ValueError(f"unknown action {action!r}")
    if not ok:
        raise ValueError(f"{action!r} does not apply to field {field!r} (see assistant.store)")


def apply(
    row: ReviewRow, action: ChangeAction, field: str, value: Any, who: str, at: datetime
) -> None:
    """A reviewer act's effect on the state (JSON columns are replaced, never mutated)."""
    if action in ("answer", "acknowledge"):
        resolution = JudgmentResolution(
            resolution="answered" if action == "answer" else "acknowledged",
            answer=value,
            by=who,
            at=at,
        )
        key = field.removeprefix("judgments.")
        row.judgments = {**row.judgments, key: resolution.model_dump(mode="json")}
        return
    overrides = {k: v for k, v in row.terms_overrides.items() if k != field}
    if action == "edit":
        overrides[field] = value
    row.terms_overrides = overrides
    decision = {"accept": "accepted", "edit": "edited", "reject": "rejected"}[action]
    row.decisions = {**row.decisions, field: decision}


def as_json(value: object) -> Any:
    """A value for a JSON column: Decimal and dates as strings, models as objects."""
    return to_jsonable_python(value)


def now() -> datetime:
    return datetime.now(UTC)


def record_ref(stored: RecordRow) -> dict[str, Any]:
    return {"record_id": stored.id, "digest": stored.digest}


def state_of(row: ReviewRow) -> ReviewState:
    return ReviewState.model_validate(columns(row))
