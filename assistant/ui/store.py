"""The page's one door to the review store (`assistant.store.ReviewStore`).

Everything the page asks of the store goes through `PageStore`, so a change in the store's
interface is fixed here only. While the store package is not installed (it is built in
parallel), a process-local `MemoryStore` with the same interface stands in and the page says
that reviews are not kept.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import JsonValue

from assistant.schemas import Analysis, Flag, ReviewRecord, Severity

SOURCE = "page"

_store_judgment_id: Callable[[Flag], str] | None
try:  # the store's own id, so the page and the CLI name a judgment the same way
    from assistant.store.state import judgment_id as _store_judgment_id
except ImportError:  # pragma: no cover - until the store lands
    _store_judgment_id = None


def judgment_id(flag: Flag) -> str:
    """`<kind>-<10 hex of the message's sha256>`: an edit that changes the figures in a
    judgment's message makes a new judgment, which needs a new answer."""
    if _store_judgment_id is not None:
        return str(_store_judgment_id(flag))
    digest = hashlib.sha256(flag.message.encode()).hexdigest()[:10]
    return f"{flag.kind.value}-{digest}"


def required_judgments(analysis: Analysis) -> list[str]:
    ids = (judgment_id(f) for f in analysis.flags if f.severity is Severity.JUDGMENT)
    return list(dict.fromkeys(ids))


@dataclass
class Resolution:
    resolution: str
    answer: JsonValue
    by: str
    at: datetime


@dataclass
class MemoryState:
    """The fields of the store's `ReviewState` the page reads."""

    sha256: str
    contract: str
    source_name: str
    status: str = "draft"
    status_by: str | None = None
    status_at: datetime | None = None
    terms_overrides: dict[str, JsonValue] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)
    judgments: dict[str, Resolution] = field(default_factory=dict)
    record: ReviewRecord | None = None


@dataclass
class MemoryEntry:
    at: datetime
    reviewer: str
    action: str
    field: str
    old_value: JsonValue
    new_value: JsonValue
    extractor: str | None
    model: str | None
    prompt_version: str | None


class MemoryStore:
    """Stand-in with the store's interface; nothing outlives the server process."""

    persistent = False

    def __init__(self) -> None:
        self.states: dict[str, MemoryState] = {}
        self.entries: dict[str, list[MemoryEntry]] = {}

    def save_review(self, record: ReviewRecord, *, reviewer: str, source: str) -> MemoryState:
        state = self.states.setdefault(
            record.sha256, MemoryState(record.sha256, record.contract, record.source_name)
        )
        state.record = record
        return state

    def load_review(self, sha256: str) -> MemoryState | None:
        return self.states.get(sha256)

    def record_change(self, sha256: str, *, reviewer: str, field: str, **kw: Any) -> MemoryEntry:
        state = self.states[sha256]
        action, new = kw["action"], kw["new_value"]
        if field.startswith("terms."):
            state.terms_overrides.pop(field, None)
            if action == "edit":
                state.terms_overrides[field] = new
            state.decisions[field] = {"accept": "accepted", "edit": "edited"}.get(
                action, "rejected"
            )
        elif field.startswith("judgments."):
            state.judgments[field.removeprefix("judgments.")] = Resolution(
                "answered" if action == "answer" else "acknowledged", new, reviewer, _now()
            )
        entry = MemoryEntry(
            _now(),
            reviewer,
            action,
            field,
            kw["old_value"],
            new,
            kw["extractor"],
            kw["model"],
            kw["prompt_version"],
        )
        self.entries.setdefault(sha256, []).append(entry)
        if state.status == "reviewed":  # as the store: a change reopens a reviewed memo
            self.set_status(sha256, "draft", reviewer=reviewer)
        return entry

    def set_status(self, sha256: str, status: str, *, reviewer: str) -> MemoryState:
        state = self.states[sha256]
        old = state.status
        state.status, state.status_by, state.status_at = status, reviewer, _now()
        record = state.record
        self.entries.setdefault(sha256, []).append(
            MemoryEntry(
                _now(),
                reviewer,
                "status",
                "status",
                old,
                status,
                record.extractor.name if record else None,
                None,
                None,
            )
        )
        return state

    def audit_log(self, sha256: str) -> list[MemoryEntry]:
        return list(self.entries.get(sha256, []))

    def list_reviews(self) -> list[MemoryState]:
        return list(self.states.values())

    def status_for(self, sha256: str) -> str | None:
        state = self.states.get(sha256)
        return state.status if state else None


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class PageStore:
    """What the page does with the store: keep a machine review, log each change, restore."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    @classmethod
    def open(cls, url: str | None, out_dir: Path) -> PageStore:
        try:
            from assistant.store import ReviewStore
        except ImportError:
            return cls(MemoryStore())
        return cls(ReviewStore.open(url, out_dir=out_dir))

    @property
    def persistent(self) -> bool:
        return bool(getattr(self.backend, "persistent", True))

    def save(self, record: ReviewRecord, reviewer: str) -> Any:
        return self.backend.save_review(record, reviewer=reviewer, source=SOURCE)

    def load(self, sha256: str) -> Any | None:
        return self.backend.load_review(sha256)

    def load_record(self, state: Any) -> ReviewRecord | None:
        """The machine review a stored state applies to (to reopen without the PDF)."""
        record = getattr(state, "record", None)
        if record is None and hasattr(self.backend, "load_record"):
            record = self.backend.load_record(state.record_id)
        return record if isinstance(record, ReviewRecord) else None

    def change(
        self,
        record: ReviewRecord,
        *,
        reviewer: str,
        field: str,
        old: JsonValue,
        new: JsonValue,
        action: str,
    ) -> Any:
        info = record.extractor
        return self.backend.record_change(
            record.sha256,
            reviewer=reviewer,
            field=field,
            old_value=old,
            new_value=new,
            action=action,
            extractor=info.name,
            model=info.model,
            prompt_version=info.prompt_version,
        )

    def set_status(
        self, sha256: str, status: str, *, reviewer: str, required: Iterable[str] = ()
    ) -> Any:
        """Set draft or reviewed; `required` are the judgment ids of the analysis the page
        shows (the store refuses `reviewed` while one is open, where it checks)."""
        method = self.backend.set_status
        if "required_judgments" in inspect.signature(method).parameters:
            return method(sha256, status, reviewer=reviewer, required_judgments=list(required))
        return method(sha256, status, reviewer=reviewer)

    def audit(self, sha256: str) -> list[Any]:
        return list(self.backend.audit_log(sha256))

    def reviews(self) -> list[Any]:
        return list(self.backend.list_reviews())

    def status(self, sha256: str) -> str:
        value = self.backend.status_for(sha256)
        return str(getattr(value, "status", value) or "draft")

    def status_label(self, sha256: str) -> str | None:
        """The store's words for the memo's status ("reviewed by ... on ... UTC")."""
        value = self.backend.status_for(sha256)
        label = getattr(value, "label", None)
        return str(label) if label else None
