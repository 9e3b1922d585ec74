"""`ReviewStore`: the one way revrec reads and writes reviews and the audit log.

Every change runs in one transaction that locks the document's `reviews` row, appends to the
audit log and updates the state together: the log and the state cannot disagree. There is no
method that updates or deletes an audit row or a stored machine review.

The audit log's hash chain is in `_audit.py`; how a review or an act changes the state, in
`_changes.py`; this module holds the connection and the transactions around them.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Self

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import sessionmaker

from assistant.schemas import ReviewRecord
from assistant.store._audit import Context, append, broken_links, entry_of
from assistant.store._changes import (
    apply,
    as_json,
    change_status,
    check_field,
    now,
    save_record,
    state_of,
)
from assistant.store.engine import WRITE, default_database_url, make_engine, parse_url
from assistant.store.models import AuditRow, RecordRow, ReviewRow, StoreSession
from assistant.store.state import (
    AuditEntry,
    ChangeAction,
    MemoStatus,
    ReviewState,
    ReviewStatus,
    StoreError,
)


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
                    return save_record(session, record, digest, reviewer, source)
            except IntegrityError:
                # Another process stored this new document between our read and insert.
                if attempt:
                    raise
        raise AssertionError("unreachable")

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
            return state_of(row) if row is not None else None

    def list_reviews(self) -> list[ReviewState]:
        """Every stored review, by contract name: the portfolio."""
        with self._session() as session:
            rows = session.scalars(select(ReviewRow).order_by(ReviewRow.contract, ReviewRow.sha256))
            return [state_of(r) for r in rows]

    def status_for(self, sha256: str) -> MemoStatus | None:
        """What the memo footer should say about this document's review (None: not stored)."""
        with self._session() as session:
            row = session.get(ReviewRow, sha256)
            if row is None:
                return None
            state = state_of(row)
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
        check_field(action, field)
        with self._session(write=True) as session:
            row = self._locked(session, sha256)
            ctx = Context.of(row, reviewer, source)
            ctx = replace(
                ctx,
                extractor=extractor or ctx.extractor,
                model=model if model is not None else ctx.model,
                prompt_version=prompt_version if prompt_version is not None else ctx.prompt_version,
            )
            at = now()
            if action == "status":
                if new_value != "draft" and new_value != "reviewed":
                    raise ValueError(f"status must be 'draft' or 'reviewed', not {new_value!r}")
                entry = change_status(session, row, new_value, at=at, ctx=ctx)
            else:
                old, new = as_json(old_value), as_json(new_value)
                entry = append(session, row, action, field, old, new, at=at, ctx=ctx)
                apply(row, action, field, new, ctx.reviewer, at)
                if row.status == "reviewed":
                    change_status(session, row, "draft", at=at, ctx=ctx)
            row.revision += 1
            row.updated_at = at
            return entry_of(entry)

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
            at = now()
            ctx = Context.of(row, reviewer, source)
            change_status(session, row, status, at=at, ctx=ctx, required=required_judgments)
            row.revision += 1
            row.updated_at = at
            return state_of(row)

    # -- the audit log --------------------------------------------------------------------

    def audit_log(self, sha256: str) -> list[AuditEntry]:
        """The document's audit entries, oldest first."""
        with self._session() as session:
            rows = session.scalars(
                select(AuditRow).where(AuditRow.sha256 == sha256).order_by(AuditRow.id)
            )
            return [entry_of(r) for r in rows]

    def verify_audit_log(self, sha256: str) -> list[int]:
        """Ids of entries whose hash chain is broken: empty when the log is intact.

        The triggers stop UPDATE and DELETE; the chain shows it if someone with the power to
        drop the triggers rewrote or removed an entry anyway.
        """
        return broken_links(sha256, self.audit_log(sha256))

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
