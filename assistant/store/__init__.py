"""The review store: each contract's review state and an append-only audit log, in SQLite
(one file beside the outputs, no set-up) or PostgreSQL (a team's shared store).

    store = ReviewStore.open(settings.database_url, out_dir=out)
    state = store.save_review(record, reviewer="jo", source="cli")
    store.record_change(record.sha256, reviewer="jo", field="terms.currency",
                        old_value="USD", new_value="EUR", action="edit")
    store.set_status(record.sha256, "reviewed", reviewer="jo")

See docs/store.md.
"""

from assistant.store.engine import default_database_url
from assistant.store.repository import ReviewStore, default_reviewer, record_digest
from assistant.store.state import (
    AppendOnlyError,
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
    TermDecision,
    judgment_id,
    judgment_ids,
)

__all__ = [
    "AppendOnlyError",
    "AuditAction",
    "AuditEntry",
    "ChangeAction",
    "JudgmentResolution",
    "MemoStatus",
    "ReviewIncompleteError",
    "ReviewState",
    "ReviewStatus",
    "ReviewStore",
    "ReviewSummary",
    "StoreError",
    "TermDecision",
    "default_database_url",
    "default_reviewer",
    "judgment_id",
    "judgment_ids",
    "record_digest",
]
