"""Answers per part and per chunk -> `ContractTerms`, deterministically.

Verified items become terms; unverifiable ones become candidates (`verified=False`) in a
separate `ContractTerms`, so nothing downstream can take a candidate for a fact. Chunks are
merged in document order: for a single-valued field the first verified value wins; list
items are de-duplicated by value (parties by name and role) and their citations pooled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from assistant.llm.models import Item, verified_item
from assistant.schemas import Citation, ContractTerms, Document, Party, Term
from assistant.schemas.textnorm import normalise


@dataclass(frozen=True)
class Answer:
    """One part's answer for one chunk."""

    chunk_index: int
    response: BaseModel
    verified: bool
    """False for an answer read without verification after the retries ran out."""


@dataclass
class Merged:
    terms: ContractTerms
    candidates: ContractTerms

    @property
    def candidate_count(self) -> int:
        return _count(self.candidates)


def _count(terms: ContractTerms) -> int:
    total = 0
    for name in ContractTerms.model_fields:
        value = getattr(terms, name)
        total += len(value) if isinstance(value, list) else int(value is not None)
    return total


def _term(item: Item[Any], verified: bool) -> Term[Any]:
    return Term[Any](
        value=item.value,
        citations=[q.citation() for q in item.evidence],
        confidence=item.confidence,
        verified=verified,
    )


def _identity(value: object) -> str:
    if isinstance(value, Party):
        return json.dumps(["party", value.name.casefold().strip(" .,"), value.role.value])
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json"), sort_keys=True)
    return json.dumps(value, sort_keys=True, default=str)


def _pool(first: Sequence[Citation], more: Iterable[Citation]) -> list[Citation]:
    seen = {(c.clause_id, c.page, normalise(c.quote)) for c in first}
    out = list(first)
    for c in more:
        key = (c.clause_id, c.page, normalise(c.quote))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _items(value: object) -> list[Item[Any]]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]  # type: ignore[list-item]


def merge(answers: Iterable[Answer], document: Document) -> Merged:
    """Fold every answer into verified terms and unverified candidates."""
    facts: dict[str, dict[str, Term[Any]]] = {}
    maybes: dict[str, dict[str, Term[Any]]] = {}
    for answer in sorted(answers, key=lambda a: a.chunk_index):
        for field in type(answer.response).model_fields:
            for item in _items(getattr(answer.response, field)):
                ok = answer.verified or verified_item(item, document)
                target = facts if ok else maybes
                bucket = target.setdefault(field, {})
                key = _identity(item.value)
                if key in bucket:
                    old = bucket[key]
                    bucket[key] = old.model_copy(
                        update={"citations": _pool(old.citations, _term(item, ok).citations)}
                    )
                else:
                    bucket[key] = _term(item, ok)
    return Merged(_assemble(facts, None), _assemble(maybes, facts))


def _assemble(
    found: dict[str, dict[str, Term[Any]]], verified: dict[str, dict[str, Term[Any]]] | None
) -> ContractTerms:
    fields: dict[str, Any] = {}
    for name, info in ContractTerms.model_fields.items():
        terms = list(found.get(name, {}).values())
        if verified is not None:
            # A candidate the verified terms already state adds nothing.
            known = verified.get(name, {})
            terms = [t for t in terms if _identity(t.value) not in known]
            if known and not _is_list(info.annotation):
                terms = []
        if not terms:
            continue
        dumped = [t.model_dump() for t in terms]
        fields[name] = dumped if _is_list(info.annotation) else dumped[0]
    return ContractTerms.model_validate(fields)


def _is_list(annotation: object) -> bool:
    return getattr(annotation, "__origin__", None) is list or str(annotation).startswith("list[")
