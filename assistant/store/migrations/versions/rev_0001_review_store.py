"""Review store: machine reviews, review state, append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

The audit log and the stored machine reviews refuse UPDATE and DELETE in the database
itself (triggers), not only in revrec's code: a script or a SQL console connected as the
application's user cannot rewrite history either. On PostgreSQL TRUNCATE is refused too. The
table owner or a superuser can still drop the triggers; see docs/store.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_log", "records")

PG_FUNCTION = """
CREATE FUNCTION revrec_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revrec: % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
    for table in APPEND_ONLY:
        if dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION revrec_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION revrec_append_only()"
            )
        elif dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'revrec: {table} is append-only: {verb} "
                    "refused'); END"
                )
        else:  # pragma: no cover - ReviewStore.open refuses other databases
            raise RuntimeError(f"no append-only triggers for {dialect}")


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
    )
    op.create_index(op.f("ix_records_sha256"), "records", ["sha256"])
    op.create_table(
        "reviews",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("contract", sa.String(length=255), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_by", sa.Text(), nullable=True),
        sa.Column("status_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("terms_overrides", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("judgments", sa.JSON(), nullable=False),
        sa.Column("required_judgments", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'reviewed')", name=op.f("ck_reviews_status")),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_reviews_record_id_records")
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_reviews")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("old_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("new_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("extractor", sa.String(length=16), nullable=True),
        sa.Column("model", sa.Text(), nullable=True),
        sa.Column("prompt_version", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "action IN ('reviewed', 'accept', 'edit', 'reject', 'acknowledge', 'answer', 'status')",
            name=op.f("ck_audit_log_action"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_audit_log_record_id_records")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["reviews.sha256"], name=op.f("fk_audit_log_sha256_reviews")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_sha256"), "audit_log", ["sha256"])
    _append_only_triggers()


def downgrade() -> None:
    # Dropping the audit log is not a migration step: an auditor relies on it outliving
    # revrec's versions. Remove the database by hand if it really must go.
    raise NotImplementedError("the review store's first migration cannot be downgraded")
