"""`ReviewStore`: the one way revrec reads and writes reviews and the audit log.

Every change runs in one transaction that locks the document's `reviews` row, appends to the
audit log and updates the state together: the log and the state cannot disagree. There is no
method that updates or deletes an audit row or a stored machine review.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from pydantic_core import to_jsonable_python
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import sessionmaker

from assistant.schemas import ReviewRecord
from assistant.store.engine import WRITE, default_database_url, make_engine, parse_url
from assistant.store.models import AuditRow, RecordRow, ReviewRow, StoreSession
from assistant.store.state import (
    JUDGMENT_FIELD,
    TERM_FIELD,
    AuditAction,
    AuditEntry,
    ChangeAction,
    JudgmentResolution,
    MemoStatus,
    ReviewIncompleteError,
    ReviewState,
    ReviewStatus,
    ReviewSummary,
    StoreError,
    judgment_ids,
)

_HASHED = (
    "sha256", "at", "reviewer", "action", "field", "old_value", "new_value",
    "extractor", "model", "prompt_version", "source", "record_id",
)  # fmt: skip


def default_reviewer() -> str:
    """Who runs `revrec review`: the operating-system user."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def record_digest(record: ReviewRecord) -> str:
    """The machine review's content hash, without its timestamp: a rerun that concludes the
    same is the same review."""
    content = record.model_dump_json(exclude={"reviewed_at"})
    return hashlib.sha256(content.encode()).hexdigest()


def _json(value: object) -> Any:
    """A value for a JSON column: Decimal and dates as strings, models as objects."""
    return to_jsonable_python(value)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Context:
    """Who made a change, from where, and what produced the values it touches."""

    reviewer: str
    source: str | None
    extractor: str | None
    model: str | None
    prompt_version: str | None

    @classmethod
    def of(cls, row: ReviewRow, reviewer: str, source: str | None) -> _Context:
        """Provenance of the document's current machine review."""
        summary = row.summary
        return cls(
            _who(reviewer),
            source,
            summary["extractor"],
            summary["model"],
            summary["prompt_version"],
        )


class ReviewStore:
    """Review state and audit log in SQLite (default) or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._reading = sessionmaker(engine, class_=StoreSession, expire_on_commit=False)
        self._writing = sessionmaker(
            engine.execution_options(**{WRITE: True}),
            class_=StoreSession,
            expire_on_commit=False,
        )

    @classmethod
    def open(cls, url: str | None = None, *, out_dir: Path | None = None) -> ReviewStore:
        """Open the store and migrate it to the newest schema.

        `url` None: the `REVREC_DATABASE_URL` setting, else `<out_dir>/revrec.db`, else the
        user's data folder (see `default_database_url`).
        """
        from assistant.store import migrate  # alembic: loaded only to open a store

        if url is None:
            from assistant.settings import load_settings

            url = load_settings().database_url or default_database_url(out_dir)
        engine = make_engine(parse_url(url))
        store = cls(engine)
        try:
            with store._errors():
                migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return store

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- machine reviews ------------------------------------------------------------------

    def save_review(self, record: ReviewRecord, *, reviewer: str, source: str) -> ReviewState:
        """Store a machine review (`analysis.json`) as the document's current one.

        A new document starts as a draft. A different review of a known document replaces
        the one the state applies to (the old stays in `records`), keeps the reviewer's
        overrides, decisions and answers, and returns a reviewed memo to draft. Saving the
        same review again changes nothing and logs nothing.
        """
        digest = record_digest(record)
        for attempt in range(2):
            try:
                with self._session(write=True) as session:
                    return self._save(session, record, digest, reviewer, source)
            except IntegrityError:
                # Another process stored this new document between our read and insert.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _save(
        self,
        session: StoreSession,
        record: ReviewRecord,
        digest: str,
        reviewer: str,
        source: str,
    ) -> ReviewState:
        row = session.get(ReviewRow, record.sha256, with_for_update=True)
        previous = session.get(RecordRow, row.record_id) if row is not None else None
        if row is not None and previous is not None and previous.digest == digest:
            return _state(row)
        now = _now()
        stored = RecordRow(
            sha256=record.sha256,
            digest=digest,
            record_json=record.model_dump_json(),
            created_at=now,
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
            "updated_at": now,
        }
        if row is None:
            row = ReviewRow(
                sha256=record.sha256,
                status="draft",
                terms_overrides={},
                decisions={},
                judgments={},
                revision=0,
                created_at=now,
                **fields,
            )
            session.add(row)
            session.flush()
        else:
            for name, value in fields.items():
                setattr(row, name, value)
        old = _record_ref(previous) if previous is not None else None
        new = {**_record_ref(stored), "revrec_version": record.revrec_version}
        info = record.extractor
        ctx = _Context(_who(reviewer), source, info.name, info.model, info.prompt_version)
        self._append(session, row, "reviewed", "record", old, new, at=now, ctx=ctx)
        if row.status == "reviewed":
            self._change_status(session, row, "draft", at=now, ctx=ctx)
        row.revision += 1
        return _state(row)

    def load_record(self, record_id: int) -> ReviewRecord | None:
        """A stored machine review: `state.record_id` is the one a review state applies to;
        older ones stay readable by their ids (the `reviewed` audit entries name them)."""
        with self._session() as session:
            stored = session.get(RecordRow, record_id)
            return ReviewRecord.model_validate_json(stored.record_json) if stored else None

    # -- the reviewer's state -------------------------------------------------------------

    def load_review(self, sha256: str) -> ReviewState | None:
        with self._session() as session:
            row = session.get(ReviewRow, sha256)
            return _state(row) if row is not None else None

    def list_reviews(self) -> list[ReviewState]:
        """Every stored review, by contract name: the portfolio."""
        with self._session() as session:
            rows = session.scalars(select(ReviewRow).order_by(ReviewRow.contract, ReviewRow.sha256))
            return [_state(r) for r in rows]

    def status_for(self, sha256: str) -> MemoStatus | None:
        """What the memo footer should say about this document's review (None: not stored)."""
        with self._session() as session:
            row = session.get(ReviewRow, sha256)
            if row is None:
                return None
            state = _state(row)
            count = session.scalar(
                select(func.count()).select_from(AuditRow).where(AuditRow.sha256 == sha256)
            )
            return MemoStatus(
                status=state.status,
                by=state.status_by if state.status == "reviewed" else None,
                at=state.status_at if state.status == "reviewed" else None,
                open_judgments=len(state.open_judgments),
                audit_entries=count or 0,
            )

    def record_change(
        self,
        sha256: str,
        *,
        reviewer: str,
        field: str,
        old_value: object,
        new_value: object,
        action: ChangeAction,
        extractor: str | None = None,
        model: str | None = None,
        prompt_version: str | None = None,
        source: str | None = "page",
    ) -> AuditEntry:
        """Log one reviewer act and apply it to the state, in one transaction.

        `accept` (the extracted value stands), `edit` (`new_value` replaces it), `reject`
        (the term is wrong and not replaced) on `terms.<field>[<i>]`; `answer` or
        `acknowledge` on `judgments.<id>` (`new_value`: the answer or note); `status` on
        `status`. Any change to a reviewed memo returns it to draft (logged as well).
        Extractor, model and prompt version default to the stored machine review's.
        """
        _check_field(action, field)
        with self._session(write=True) as session:
            row = self._locked(session, sha256)
            ctx = _Context.of(row, reviewer, source)
            ctx = replace(
                ctx,
                extractor=extractor or ctx.extractor,
                model=model if model is not None else ctx.model,
                prompt_version=prompt_version if prompt_version is not None else ctx.prompt_version,
            )
            now = _now()
            if action == "status":
                if new_value != "draft" and new_value != "reviewed":
                    raise ValueError(f"status must be 'draft' or 'reviewed', not {new_value!r}")
                entry = self._change_status(session, row, new_value, at=now, ctx=ctx)
            else:
                old, new = _json(old_value), _json(new_value)
                entry = self._append(session, row, action, field, old, new, at=now, ctx=ctx)
                _apply(row, action, field, new, ctx.reviewer, now)
                if row.status == "reviewed":
                    self._change_status(session, row, "draft", at=now, ctx=ctx)
            row.revision += 1
            row.updated_at = now
            return _entry(entry)

    def set_status(
        self,
        sha256: str,
        status: ReviewStatus,
        *,
        reviewer: str,
        required_judgments: Sequence[str] | None = None,
        source: str | None = "page",
    ) -> ReviewState:
        """Mark the memo draft or reviewed (logged). `reviewed` is refused while a judgment
        is open: those of the stored analysis, or `required_judgments` (ids from
        `judgment_ids`) of the analysis the reviewer is looking at, after edits; the latter
        become the state's `required_judgments`."""
        if status not in ("draft", "reviewed"):
            raise ValueError(f"status must be 'draft' or 'reviewed', not {status!r}")
        with self._session(write=True) as session:
            row = self._locked(session, sha256)
            now = _now()
            ctx = _Context.of(row, reviewer, source)
            self._change_status(session, row, status, at=now, ctx=ctx, required=required_judgments)
            row.revision += 1
            row.updated_at = now
            return _state(row)

    # -- the audit log --------------------------------------------------------------------

    def audit_log(self, sha256: str) -> list[AuditEntry]:
        """The document's audit entries, oldest first."""
        with self._session() as session:
            rows = session.scalars(
                select(AuditRow).where(AuditRow.sha256 == sha256).order_by(AuditRow.id)
            )
            return [_entry(r) for r in rows]

    def verify_audit_log(self, sha256: str) -> list[int]:
        """Ids of entries whose hash chain is broken: empty when the log is intact.

        The triggers stop UPDATE and DELETE; the chain shows it if someone with the power to
        drop the triggers rewrote or removed an entry anyway.
        """
        broken: list[int] = []
        previous = sha256
        for entry in self.audit_log(sha256):
            content = entry.model_dump(mode="json", include=set(_HASHED))
            if _chain(previous, content) != entry.entry_hash:
                broken.append(entry.id)
            previous = entry.entry_hash
        return broken

    # -- internals ------------------------------------------------------------------------

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[StoreSession]:
        with self._errors(), (self._writing if write else self._reading).begin() as session:
            yield session

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, InterfaceError) as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise StoreError(f"review store {self.url}: {reason}") from exc

    def _locked(self, session: StoreSession, sha256: str) -> ReviewRow:
        row = session.get(ReviewRow, sha256, with_for_update=True)
        if row is None:
            raise StoreError(f"no review stored for document {sha256[:12]}: review it first")
        return row

    def _append(
        self,
        session: StoreSession,
        row: ReviewRow,
        action: AuditAction,
        field: str,
        old_value: Any,
        new_value: Any,
        *,
        at: datetime,
        ctx: _Context,
    ) -> AuditRow:
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
        content = AuditEntry.model_validate({**_columns(entry), "id": 0, "entry_hash": ""})
        entry.entry_hash = _chain(
            previous or row.sha256, content.model_dump(mode="json", include=set(_HASHED))
        )
        session.add(entry)
        session.flush()
        return entry

    def _change_status(
        self,
        session: StoreSession,
        row: ReviewRow,
        status: ReviewStatus,
        *,
        at: datetime,
        ctx: _Context,
        required: Sequence[str] | None = None,
    ) -> AuditRow:
        if status == "reviewed":
            if required is not None:
                row.required_judgments = list(dict.fromkeys(required))
            open_ids = [j for j in row.required_judgments if j not in row.judgments]
            if open_ids:
                raise ReviewIncompleteError(row.sha256, open_ids)
        entry = self._append(session, row, "status", "status", row.status, status, at=at, ctx=ctx)
        row.status = status
        row.status_by = ctx.reviewer
        row.status_at = at
        return entry


def _who(reviewer: str) -> str:
    who = " ".join(reviewer.split())
    if not who:
        raise StoreError("a change to a review needs the reviewer's name")
    return who


def _check_field(action: ChangeAction, field: str) -> None:
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


def _apply(
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


def _record_ref(stored: RecordRow) -> dict[str, Any]:
    return {"record_id": stored.id, "digest": stored.digest}


def _chain(previous: str, content: dict[str, Any]) -> str:
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous}\n{payload}".encode()).hexdigest()


def _columns(row: ReviewRow | AuditRow) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def _state(row: ReviewRow) -> ReviewState:
    return ReviewState.model_validate(_columns(row))


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry.model_validate(_columns(row))
