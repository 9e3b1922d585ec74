"""The review store's tables, as SQLAlchemy mappings. The migrations create them.

Three tables:

- `records`: every machine review (`analysis.json`) ever stored, insert-only;
- `reviews`: one row per document (sha256), the reviewer's current state of its review;
- `audit_log`: who changed what, when, insert-only.

`records` and `audit_log` are append-only by construction: the repository has no update or
delete path for them, the ORM refuses one (the listeners below), and the database refuses
one too (triggers created by the migration). A change to `models.py` needs a migration:
`tests/test_store_migrations.py` fails while the two disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    event,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Mapper,
    ORMExecuteState,
    Session,
    mapped_column,
)

from assistant.store.state import AppendOnlyError

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite (no time zones) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the review store; use UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class RecordRow(Base):
    """One machine review, verbatim: the `ReviewRecord` JSON revrec wrote as analysis.json."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    """sha256 of the record without its timestamp: the same review saved twice is one row."""
    record_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class ReviewRow(Base):
    """A document's review state: the only table the store updates in place."""

    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint("status IN ('draft', 'reviewed')", name="status"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    contract: Mapped[str] = mapped_column(String(255))
    source_name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    status_by: Mapped[str | None] = mapped_column(Text)
    status_at: Mapped[datetime | None]
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    summary: Mapped[dict[str, Any]]
    terms_overrides: Mapped[dict[str, Any]]
    decisions: Mapped[dict[str, Any]]
    judgments: Mapped[dict[str, Any]]
    required_judgments: Mapped[list[Any]]
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


AUDIT_ACTIONS = ("reviewed", "accept", "edit", "reject", "acknowledge", "answer", "status")


class AuditRow(Base):
    """One entry of the audit log. Never updated, never deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(
            "action IN (" + ", ".join(f"'{a}'" for a in AUDIT_ACTIONS) + ")", name="action"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("reviews.sha256"), index=True)
    at: Mapped[datetime]
    reviewer: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(Text)
    old_value: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    new_value: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    extractor: Mapped[str | None] = mapped_column(String(16))
    model: Mapped[str | None] = mapped_column(Text)
    prompt_version: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    entry_hash: Mapped[str] = mapped_column(String(64))


APPEND_ONLY: tuple[type[Base], ...] = (AuditRow, RecordRow)


def _refuse(operation: str) -> Any:
    def listener(_mapper: Mapper[Any], _connection: Any, target: Base) -> None:
        raise AppendOnlyError(f"{type(target).__tablename__} is append-only: {operation} refused")

    return listener


for _model in APPEND_ONLY:
    event.listen(_model, "before_update", _refuse("update"))
    event.listen(_model, "before_delete", _refuse("delete"))


class StoreSession(Session):
    """The store's sessions: bulk `update(AuditRow)` / `delete(RecordRow)` are refused too
    (they bypass the mapper events above)."""


@event.listens_for(StoreSession, "do_orm_execute")
def _refuse_bulk(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    names = {m.__tablename__ for m in APPEND_ONLY}
    if getattr(table, "name", None) in names:
        verb = "update" if state.is_update else "delete"
        raise AppendOnlyError(f"{table.name} is append-only: bulk {verb} refused")  # type: ignore[union-attr]
