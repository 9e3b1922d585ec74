"""The reviewer's decisions on extracted terms: accept, edit or reject, applied to `ContractTerms`.

The rule (docs/app.md): an edit replaces the value of one `Term` and keeps the term's
citations, so the memo still points at the clause the value was read from; the term is then
marked reviewer-edited (in the page, the memo's reviewer section and the audit log). A
rejected term is removed, as if the extractor had not found it. Decisions and edited values
are keyed by the term's place in the *extracted* terms (`terms.fee_lines[1]`, the review
store's convention), so the effective terms are a pure function of the extraction, the
decisions and the edited values: the same edits always give the same terms, analysis and memo.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, JsonValue, ValidationError

from assistant.errors import RevrecError
from assistant.schemas import ContractTerms, Duration, DurationUnit, Term

TermDecision = Literal["accepted", "edited", "rejected"]
PREFIX = "terms."


class EditError(RevrecError):
    """A value the reviewer typed cannot be used (wrong format or out of range)."""


@dataclass(frozen=True)
class EditableField:
    """One value of a term the page offers for editing."""

    path: str
    field: str
    """The value's name within the term (`amount`), or "" for the whole value."""
    label: str
    kind: str
    """`text`, `number`, `integer`, `date`, `duration`, `yes_no` or `choice`."""
    current: str
    options: tuple[str, ...] = ()
    optional: bool = True


@dataclass(frozen=True)
class TermRow:
    """One row of the terms table."""

    path: str
    name: str
    value: str
    status: str
    """`pending`, `accepted`, `edited` (reviewer-edited) or `rejected`."""
    term: Term[Any]


_INDEXED = re.compile(r"^terms\.(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(day|week|month|year)s?\s*$", re.IGNORECASE)
_NAMES = {"fee_lines": "Fee", "parties": "Party", "termination_rights": "Termination right"}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def term_paths(terms: ContractTerms) -> list[tuple[str, Term[Any]]]:
    """Every populated term with its path, in the model's field order."""
    out: list[tuple[str, Term[Any]]] = []
    for name in type(terms).model_fields:
        value = getattr(terms, name)
        if isinstance(value, list):
            out.extend((f"{PREFIX}{name}[{i}]", term) for i, term in enumerate(value))
        elif value is not None:
            out.append((PREFIX + name, value))
    return out


def get_term(terms: ContractTerms, path: str) -> Term[Any] | None:
    name, index = _split(path)
    value = getattr(terms, name, None)
    if index is None:
        return value if isinstance(value, Term) else None
    if isinstance(value, list) and index < len(value):
        return value[index]
    return None


def describe(value: object) -> str:
    """A term's value as one line of plain text (never HTML)."""
    if isinstance(value, BaseModel) and not isinstance(value, Duration):
        # Descriptions (often a whole sentence of the contract) last, so figures show first.
        names = sorted(type(value).model_fields, key=lambda n: n == "description")
        parts = []
        for name in names:
            text = display(getattr(value, name))
            if text:
                parts.append(f"{name.replace('_', ' ')}: {text}")
        return "; ".join(parts)
    return display(value)


def display(value: object) -> str:
    """One value as the reviewer types it: `12 months`, `2026-08-01`, `yes`, `12500.00`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}" if value else ""
    return " ".join(str(value).split())


def editable_fields(path: str, term: Term[Any]) -> list[EditableField]:
    """The values of one term the reviewer can edit (lists such as price tiers are not)."""
    value = term.value
    if isinstance(value, BaseModel) and not isinstance(value, Duration):
        fields = []
        for name, info in type(value).model_fields.items():
            base, optional = _base_type(info.annotation)
            kind = _kind(base)
            if kind is None:
                continue
            options = tuple(m.value for m in base) if kind == "choice" else ()
            fields.append(
                EditableField(
                    path=path,
                    field=name,
                    label=name.replace("_", " "),
                    kind=kind,
                    current=display(getattr(value, name)),
                    options=options,
                    optional=optional,
                )
            )
        return fields
    kind = _kind(type(value)) or "text"
    return [EditableField(path, "", "value", kind, display(value), optional=False)]


def parse_value(field: EditableField, text: str) -> object:
    """The typed text as a value of the field's type; an `EditError` says what is wrong."""
    raw = text.strip()
    if not raw:
        if field.optional:
            return None
        raise EditError(f"{field.label}: a value is required")
    try:
        if field.kind == "number":
            return Decimal(raw.replace(",", "").replace(" ", ""))
        if field.kind == "integer":
            return int(raw.replace(",", ""))
        if field.kind == "date":
            return date.fromisoformat(raw)
        if field.kind == "yes_no":
            if raw.lower() in _YES:
                return True
            if raw.lower() in _NO:
                return False
            raise ValueError
        if field.kind == "duration":
            match = _DURATION.match(raw)
            if not match:
                raise ValueError
            return Duration(value=Decimal(match[1]), unit=DurationUnit(match[2].lower() + "s"))
        if field.kind == "choice":
            if raw not in field.options:
                raise ValueError
            return raw
    except (ValueError, InvalidOperation):
        raise EditError(f"{field.label}: {_EXPECTED[field.kind]}") from None
    return " ".join(raw.split())


_EXPECTED = {
    "number": "expected a number such as 12500.00",
    "integer": "expected a whole number such as 30",
    "date": "expected a date as YYYY-MM-DD",
    "yes_no": "expected yes or no",
    "duration": "expected a length such as '12 months', '30 days' or '2 years'",
    "choice": "expected one of the listed options",
    "text": "expected text",
}


def edit_term(term: Term[Any], field: EditableField, text: str) -> Term[Any]:
    """The term with one value replaced; citations and confidence are kept."""
    new = parse_value(field, text)
    value = term.value
    try:
        if field.field:
            data = value.model_dump()
            data[field.field] = new
            new_value: object = type(value).model_validate(data)
        else:
            new_value = new
        return term_class(field.path).model_validate({**term.model_dump(), "value": new_value})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise EditError(f"{field.label}: {err['msg']}") from None


def value_json(term: Term[Any]) -> JsonValue:
    """A term's value as JSON, as the review store keeps edited values."""
    dumped: dict[str, JsonValue] = term.model_dump(mode="json")
    return dumped["value"]


def with_value(term: Term[Any], value: JsonValue, path: str) -> Term[Any]:
    """The term with its value replaced by a stored (JSON) value; citations kept."""
    return term_class(path).model_validate({**term.model_dump(mode="json"), "value": value})


def term_class(path: str) -> type[Term[Any]]:
    """The declared `Term[X]` of a path: extractors build plain `Term`s, whose value would
    not be validated as an X."""
    name, _ = _split(path)
    annotation = ContractTerms.model_fields[name].annotation
    while not (isinstance(annotation, type) and issubclass(annotation, Term)):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


def term_status(
    decisions: dict[str, TermDecision], overrides: dict[str, JsonValue], path: str
) -> str:
    decision = decisions.get(path)
    if decision == "rejected":
        return "rejected"
    if path in overrides:
        return "edited"
    return decision or "pending"


def apply_decisions(
    original: ContractTerms,
    decisions: dict[str, TermDecision],
    overrides: dict[str, JsonValue],
) -> ContractTerms:
    """The terms the analysis uses: edited values in place, rejected terms removed.

    A path that does not exist in `original` (a decision made on another extraction) is
    ignored."""
    update: dict[str, Any] = {}
    for name in type(original).model_fields:
        value = getattr(original, name)
        if isinstance(value, list):
            kept = []
            for i, term in enumerate(value):
                path = f"{PREFIX}{name}[{i}]"
                if decisions.get(path) != "rejected":
                    kept.append(_effective(term, overrides.get(path), path).model_dump())
            update[name] = kept
        elif value is not None:
            path = PREFIX + name
            rejected = decisions.get(path) == "rejected"
            update[name] = (
                None if rejected else _effective(value, overrides.get(path), path).model_dump()
            )
    return ContractTerms.model_validate({**original.model_dump(), **update})


def rows(
    original: ContractTerms, decisions: dict[str, TermDecision], overrides: dict[str, JsonValue]
) -> list[TermRow]:
    """The terms table: each extracted term with its current value and status."""
    out = []
    for path, term in term_paths(original):
        shown = _effective(term, overrides.get(path), path)
        out.append(
            TermRow(
                path=path,
                name=_label(path),
                value=describe(shown.value),
                status=term_status(decisions, overrides, path),
                term=shown,
            )
        )
    return out


def find_field(path: str, term: Term[Any], name: str) -> EditableField | None:
    return next((f for f in editable_fields(path, term) if f.field == name), None)


def _effective(term: Term[Any], override: JsonValue | None, path: str) -> Term[Any]:
    return term if override is None else with_value(term, override, path)


def _label(path: str) -> str:
    name, index = _split(path)
    label = _NAMES.get(name, name.replace("_", " ").capitalize())
    return f"{label} {index + 1}" if index is not None else label


def _split(path: str) -> tuple[str, int | None]:
    match = _INDEXED.match(path)
    if not match or match["name"] not in ContractTerms.model_fields:
        raise ValueError(f"not a term path: {path!r}")
    index = match["index"]
    return match["name"], int(index) if index is not None else None


def _base_type(annotation: Any) -> tuple[Any, bool]:
    """`Decimal | None` -> (Decimal, True); `Annotated[X, ...]` -> X."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return None, optional
            annotation = args[0]
        else:
            return annotation, optional


def _kind(base: Any) -> str | None:
    if base is bool:
        return "yes_no"
    if base is str:
        return "text"
    if base is int:
        return "integer"
    if base in (Decimal, float):
        return "number"
    if base is date:
        return "date"
    if base is Duration:
        return "duration"
    if isinstance(base, type) and issubclass(base, Enum):
        return "choice"
    return None
