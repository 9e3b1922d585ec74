"""One contract under review on the page: the extraction, the reviewer's acts, the result.

`ContractReview.record()` is a pure function of the extracted record, the term decisions and
edited values, the reviewer's answers and the SSP table: an edit re-runs the engine and the
memo at once, and the same acts always give the same memo, byte for byte (the record keeps
the time of its extraction, never the time of the edit). Every act is also written to the
review store's audit log, and `restore` rebuilds the page state from the store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import JsonValue, ValidationError

from assistant.engine import analyse
from assistant.errors import RevrecError
from assistant.schemas import Document, Flag, ReviewerInputs, ReviewRecord, Severity, SspTable
from assistant.ui.store import PageStore, judgment_id, required_judgments
from assistant.ui.terms import (
    EditableField,
    TermDecision,
    apply_decisions,
    edit_term,
    get_term,
    value_json,
    with_value,
)

INPUTS_JUDGMENT = "reviewer_inputs"
"""Judgment-id kind under which a reviewer-inputs file is recorded as an answer."""


class ReviewBlockedError(RevrecError):
    """The memo cannot be marked reviewed yet."""


@dataclass
class ContractReview:
    """Page state for one contract (kept in the Streamlit session, restored from the store)."""

    extracted: ReviewRecord
    """The record as the extractor and engine produced it, before any reviewer act."""
    ssp: SspTable
    document: Document | None = None
    """The parsed contract, for the document view; None when reopened without its PDF."""
    pdf: bytes | None = None
    source: Path | None = None
    """The PDF on the server (batch), to open the document view on demand."""
    decisions: dict[str, TermDecision] = field(default_factory=dict)
    overrides: dict[str, JsonValue] = field(default_factory=dict)
    """Edited term values by path (`terms.fee_lines[0]`), as JSON."""
    judgments: dict[str, tuple[str, JsonValue]] = field(default_factory=dict)
    """Judgment id -> (`answered` or `acknowledged`, the answer or the note)."""
    status: str = "draft"
    reviewed_by: str = ""
    _cache: tuple[str, ReviewRecord] | None = field(default=None, repr=False)

    @property
    def sha256(self) -> str:
        return self.extracted.sha256

    @property
    def inputs(self) -> ReviewerInputs | None:
        """The reviewer's answers that the engine applies (merged in the order given)."""
        merged: dict[str, Any] = {}
        for resolution, answer in self.judgments.values():
            if resolution == "answered" and isinstance(answer, dict):
                merged.update(answer)
        return ReviewerInputs.model_validate(merged) if merged else None

    def record(self) -> ReviewRecord:
        """The record with the acts applied (engine re-run; memoised on the acts)."""
        inputs = self.inputs
        key = repr(
            (
                sorted(self.decisions.items()),
                sorted(self.overrides.items(), key=str),
                inputs.model_dump_json() if inputs else "",
            )
        )
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        if not self.decisions and not self.overrides and inputs is None:
            result = self.extracted
        else:
            terms = apply_decisions(self.extracted.terms, self.decisions, self.overrides)
            analysis = analyse(terms, self.ssp, inputs)
            result = self.extracted.model_copy(update={"terms": terms, "analysis": analysis})
        self._cache = (key, result)
        return result

    def open_judgments(self) -> list[Flag]:
        """Judgments the engine still raises that the reviewer has neither answered nor
        acknowledged (an answered judgment is usually no longer raised at all)."""
        return [
            f
            for f in self.record().analysis.flags
            if f.severity is Severity.JUDGMENT and judgment_id(f) not in self.judgments
        ]

    def can_mark_reviewed(self) -> bool:
        return not self.open_judgments()

    # -- the reviewer's acts: each changes the page state and appends to the audit log --

    def edit(self, store: PageStore, reviewer: str, field: EditableField, text: str) -> None:
        current = self._extracted_term(field.path)
        if field.path in self.overrides:
            current = with_value(current, self.overrides[field.path], field.path)
        new_term = edit_term(current, field, text)  # raises EditError before anything changes
        old, new = value_json(current), value_json(new_term)
        if old == new:
            return
        store.change(
            self.extracted, reviewer=reviewer, field=field.path, old=old, new=new, action="edit"
        )
        self.overrides[field.path] = new
        self.decisions[field.path] = "edited"
        self._touch()

    def decide(self, store: PageStore, reviewer: str, path: str, decision: TermDecision) -> None:
        """`accepted`: the extracted value stands (an earlier edit is dropped); `rejected`:
        the term is wrong and left out of the analysis."""
        self._extracted_term(path)
        action = {"accepted": "accept", "rejected": "reject"}[decision]
        old = self.overrides.get(path, self.decisions.get(path))
        store.change(
            self.extracted, reviewer=reviewer, field=path, old=old, new=decision, action=action
        )
        self.overrides.pop(path, None)
        self.decisions[path] = decision
        self._touch()

    def answer(self, store: PageStore, reviewer: str, flag_id: str, answer: dict[str, Any]) -> None:
        """Apply reviewer inputs (a `ReviewerInputs` fragment) as the answer to a judgment."""
        merged = {**(self.inputs.model_dump(mode="json") if self.inputs else {}), **answer}
        try:
            ReviewerInputs.model_validate(merged)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise RevrecError(f"reviewer inputs: {where}: {err['msg']}") from None
        old = self.judgments.get(flag_id, (None, None))[1]
        store.change(
            self.extracted,
            reviewer=reviewer,
            field=f"judgments.{flag_id}",
            old=old,
            new=answer,
            action="answer",
        )
        self.judgments[flag_id] = ("answered", answer)
        self._touch()

    def answer_with_file(self, store: PageStore, reviewer: str, toml_text: str) -> None:
        try:
            inputs = ReviewerInputs.from_toml(toml_text)
        except (ValueError, ValidationError) as exc:
            raise RevrecError(f"reviewer inputs file: {_first_error(exc)}") from None
        data = inputs.model_dump(mode="json", exclude_defaults=True)
        digest = hashlib.sha256(toml_text.encode()).hexdigest()[:10]
        self.answer(store, reviewer, f"{INPUTS_JUDGMENT}-{digest}", data)

    def acknowledge(self, store: PageStore, reviewer: str, flag: Flag, note: str) -> None:
        flag_id = judgment_id(flag)
        note = " ".join(note.split())
        if not note:
            raise RevrecError("say in a few words why the judgment is acceptable as it stands")
        store.change(
            self.extracted,
            reviewer=reviewer,
            field=f"judgments.{flag_id}",
            old=None,
            new=note,
            action="acknowledge",
        )
        self.judgments[flag_id] = ("acknowledged", note)
        self._touch()

    def mark(self, store: PageStore, reviewer: str, status: str) -> None:
        if status == "reviewed" and not self.can_mark_reviewed():
            count = len(self.open_judgments())
            raise ReviewBlockedError(
                f"{count} open judgment{'s' if count != 1 else ''} must be answered or "
                "acknowledged before the memo can be marked reviewed"
            )
        required = required_judgments(self.record().analysis)
        store.set_status(self.sha256, status, reviewer=reviewer, required=required)
        self.status = status
        self.reviewed_by = reviewer if status == "reviewed" else ""

    def _touch(self) -> None:
        # A change to the terms or answers reopens a reviewed memo: it no longer says what was
        # signed off. The store does the same on its side (and logs it).
        self._cache = None
        self.status, self.reviewed_by = "draft", ""

    def _extracted_term(self, path: str) -> Any:
        term = get_term(self.extracted.terms, path)
        if term is None:
            raise RevrecError(f"{path}: no such term in this contract")
        return term

    # -- restoring --

    @classmethod
    def restore(
        cls,
        record: ReviewRecord,
        state: Any,
        ssp: SspTable,
        *,
        document: Document | None = None,
        pdf: bytes | None = None,
    ) -> ContractReview:
        """Page state from the store's `ReviewState` (or a fresh review when it is None)."""
        review = cls(extracted=record, ssp=ssp, document=document, pdf=pdf)
        if state is None:
            return review
        review.overrides = dict(getattr(state, "terms_overrides", {}) or {})
        review.decisions = dict(getattr(state, "decisions", {}) or {})
        for flag_id, res in (getattr(state, "judgments", {}) or {}).items():
            review.judgments[flag_id] = (res.resolution, res.answer)
        review.status = str(getattr(state, "status", "draft") or "draft")
        review.reviewed_by = str(getattr(state, "status_by", "") or "")
        # Values stored for a path this extraction does not have, or that no longer validate,
        # are left out rather than breaking the page.
        for path in list(review.overrides):
            term = get_term(record.terms, path)
            try:
                if term is None:
                    raise ValueError(path)
                with_value(term, review.overrides[path], path)
            except (ValueError, ValidationError):
                del review.overrides[path]
        return review


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
    return str(exc).splitlines()[0]
