"""What the review store hands out: a contract's review state and its audit entries.

Plain pydantic models, no database: the page and the CLI read these; `repository.py` turns
rows into them. Field names used in the audit log and the state follow one convention:

- `terms.<field>` or `terms.<field>[<i>]` for a term (`accept`, `edit`, `reject`);
- `judgments.<id>` for an open judgment (`answer`, `acknowledge`), `<id>` from `judgment_id`;
- `status` for the memo's status; `record` for a machine review (`reviewed`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from typing import Literal

from pydantic import JsonValue

from assistant.errors import RevrecError
from assistant.schemas import Analysis, Flag, PartyRole, ReviewRecord, Severity
from assistant.schemas._base import Money, Strict

ReviewStatus = Literal["draft", "reviewed"]
ChangeAction = Literal["accept", "edit", "reject", "acknowledge", "answer", "status"]
AuditAction = Literal["reviewed", "accept", "edit", "reject", "acknowledge", "answer", "status"]
"""`reviewed`: revrec (CLI or page) reviewed the document; the others are a reviewer's acts."""
TermDecision = Literal["accepted", "edited", "rejected"]

TERM_FIELD = re.compile(r"^terms\.[a-z_]+(\[\d+\])?$")
JUDGMENT_FIELD = re.compile(r"^judgments\.[a-z_]+-[0-9a-f]{10}$")


class StoreError(RevrecError):
    """The review store cannot be opened or refused a change; the message is for the user."""


class ReviewIncompleteError(StoreError):
    """A memo cannot be marked reviewed while judgments are open."""

    def __init__(self, sha256: str, open_ids: list[str]) -> None:
        self.sha256 = sha256
        self.open_ids = open_ids
        kinds = ", ".join(dict.fromkeys(i.rsplit("-", 1)[0] for i in open_ids))
        super().__init__(
            f"cannot mark the memo reviewed: {len(open_ids)} open judgment(s) need an answer "
            f"or an acknowledgement ({kinds})"
        )


class AppendOnlyError(StoreError):
    """Something tried to rewrite or delete an audit row or a stored machine review."""


def judgment_id(flag: Flag) -> str:
    """A judgment's stable id: its kind and a hash of its message.

    The message carries the figures the judgment is about, so an edit that changes them makes
    a new judgment: an acknowledgement covers the text the reviewer actually saw.
    """
    digest = hashlib.sha256(flag.message.encode()).hexdigest()[:10]
    return f"{flag.kind.value}-{digest}"


def judgment_ids(analysis: Analysis) -> list[str]:
    """Ids of the flags that need the reviewer's decision (severity `judgment`), in order."""
    ids = (judgment_id(f) for f in analysis.flags if f.severity is Severity.JUDGMENT)
    return list(dict.fromkeys(ids))


class JudgmentResolution(Strict):
    """How the reviewer closed one judgment."""

    resolution: Literal["answered", "acknowledged"]
    answer: JsonValue = None
    """The reviewer's answer (`answer`) or note (`acknowledge`), as passed to the store."""
    by: str
    at: datetime


class ReviewSummary(Strict):
    """The portfolio columns of one review, taken from its machine review."""

    customer: str | None = None
    effective_date: date | None = None
    transaction_price: Money | None = None
    currency: str | None = None
    performance_obligations: int = 0
    flags: int = 0
    flag_kinds: list[str] = []
    extractor: str
    model: str | None = None
    prompt_version: str | None = None
    revrec_version: str
    settings_fingerprint: str
    machine_reviewed_at: datetime

    @classmethod
    def of(cls, record: ReviewRecord) -> ReviewSummary:
        customer = record.terms.party(PartyRole.CUSTOMER)
        effective = record.terms.effective_date
        analysis = record.analysis
        return cls(
            customer=customer.value.name if customer else None,
            effective_date=effective.value if effective else None,
            transaction_price=analysis.step3.total,
            currency=analysis.step3.currency,
            performance_obligations=len(analysis.step2.performance_obligations),
            flags=len(analysis.flags),
            flag_kinds=list(dict.fromkeys(f.kind.value for f in analysis.flags)),
            extractor=record.extractor.name,
            model=record.extractor.model,
            prompt_version=record.extractor.prompt_version,
            revrec_version=record.revrec_version,
            settings_fingerprint=record.settings_fingerprint,
            machine_reviewed_at=record.reviewed_at,
        )


class ReviewState(Strict):
    """One contract's review as the reviewer left it: reopening a contract restores this."""

    sha256: str
    """The document's hash: the key (the same PDF under two names is one review)."""
    contract: str
    source_name: str
    status: ReviewStatus
    status_by: str | None = None
    status_at: datetime | None = None
    record_id: int
    """The stored machine review (`ReviewStore.load_record`) the state applies to."""
    summary: ReviewSummary
    terms_overrides: dict[str, JsonValue] = {}
    """Edited values by field (`terms.<field>` or `terms.<field>[<i>]`), as JSON."""
    decisions: dict[str, TermDecision] = {}
    judgments: dict[str, JudgmentResolution] = {}
    """Answered or acknowledged judgments by id (`judgment_id`)."""
    required_judgments: list[str] = []
    """Judgment ids that must be resolved before the memo can be marked reviewed: those of
    the stored analysis, or those the page passed to `set_status` for the analysis it shows."""
    revision: int
    """Goes up by one with every change, so a page can tell its copy is stale."""
    created_at: datetime
    updated_at: datetime

    @property
    def open_judgments(self) -> list[str]:
        return [j for j in self.required_judgments if j not in self.judgments]


class AuditEntry(Strict):
    """One row of the append-only audit log."""

    id: int
    sha256: str
    at: datetime
    """When, in UTC."""
    reviewer: str
    action: AuditAction
    field: str
    old_value: JsonValue = None
    new_value: JsonValue = None
    extractor: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    source: str | None = None
    """What made the change: `cli`, `page`, ..."""
    record_id: int | None = None
    """The machine review the change applies to."""
    entry_hash: str
    """sha256 over the previous entry's hash and this entry's content (`verify_audit_log`)."""


class MemoStatus(Strict):
    """What the memo footer says about the review: draft or reviewed, by whom, when."""

    status: ReviewStatus
    by: str | None = None
    at: datetime | None = None
    open_judgments: int = 0
    audit_entries: int = 0

    @property
    def label(self) -> str:
        if self.status == "reviewed" and self.at is not None:
            return f"reviewed by {self.by} on {self.at:%Y-%m-%d %H:%M} UTC"
        return "draft, not reviewed"


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
    "ReviewSummary",
    "StoreError",
    "TermDecision",
    "judgment_id",
    "judgment_ids",
]
