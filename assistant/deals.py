"""Deals: an agreement reviewed with its amendments, and batch-level findings.

**Which file amends which.** `revrec review AMENDMENT.pdf --amends ORIGINAL.pdf` says it
explicitly: every contract named (or found under a named folder) other than ORIGINAL is an
amendment of ORIGINAL, applied in natural name order ("Amendment 2" before "Amendment 10").
Without `--amends`, the *deal-folder convention* applies to every folder reviewed: a folder
whose PDFs include files with `amend` in the name (case-insensitive: "Amendment No. 1.pdf",
"msa-amend-2.pdf") and **exactly one** other PDF is one deal; that PDF is the original and the
amendment files modify it in natural name order. A folder with amendment files and no other
PDF, or several, is not a deal: its files are reviewed as standalone contracts and the batch
reports a note.

**Order.** Originals are reviewed first; each amendment is then reviewed against the original
as modified by the amendments before it. An amendment's review is up to date only if its own
file, the original and the earlier amendments are unchanged (their hashes are part of its
settings fingerprint).

**Contract combination (25-9).** After the batch, contracts with the same customer entered
into within 30 days of each other are flagged (`engine.combination`); the flag is written into
each one's analysis.json and memo, atomically. Amendments are left out: they are modifications
of their original, not candidates for combination.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.engine.combination import BatchContract, combination_conclusions, with_combination
from assistant.engine.modification import classify_modification, initial_state, with_modification
from assistant.errors import RevrecError
from assistant.extract import Extractor
from assistant.extract.amendment import read_amendment
from assistant.review import review_document
from assistant.schemas import (
    ContractState,
    Document,
    ModificationRecord,
    OriginalRef,
    ReviewRecord,
    SspTable,
)

AMENDMENT_NAME = re.compile(r"amend", re.IGNORECASE)
"""A file whose name matches is an amendment under the deal-folder convention."""


@dataclass(frozen=True)
class Link:
    """An amendment's place in its deal."""

    original: Path
    earlier: tuple[Path, ...] = ()
    """Amendments of the same original applied before this one, in order."""


def is_amendment_name(path: Path) -> bool:
    return AMENDMENT_NAME.search(path.stem) is not None


def natural_key(path: Path) -> list[object]:
    """`Amendment 2` sorts before `Amendment 10`."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


def link_deals(
    found: Sequence[Path], named: Sequence[Path], amends: Path | None
) -> tuple[dict[Path, Link], list[str]]:
    """Which discovered file amends which: the `--amends` original, else deal folders.

    Returns the links by amendment path (resolved) and notes for the user."""
    notes: list[str] = []
    if amends is not None:
        original = amends.resolve()
        amendments = sorted((p for p in found if p != original), key=natural_key)
        return _chain(original, amendments), notes
    links: dict[Path, Link] = {}
    folders = {p.resolve() for p in named if p.is_dir()}
    by_folder: dict[Path, list[Path]] = {}
    for path in found:
        if any(path.is_relative_to(f) for f in folders):
            by_folder.setdefault(path.parent, []).append(path)
    for folder, paths in sorted(by_folder.items()):
        amendments = sorted((p for p in paths if is_amendment_name(p)), key=natural_key)
        others = [p for p in paths if not is_amendment_name(p)]
        if not amendments:
            continue
        if len(others) != 1:
            what = "no other contract" if not others else f"{len(others)} other contracts"
            notes.append(
                f"{folder.name}/: amendment files beside {what}, so the folder is not one deal; "
                "its files are reviewed on their own (use --amends ORIGINAL.pdf to link them)"
            )
            continue
        links.update(_chain(others[0], amendments))
    return links, notes


def _chain(original: Path, amendments: Sequence[Path]) -> dict[Path, Link]:
    return {a: Link(original, tuple(amendments[:i])) for i, a in enumerate(amendments)}


def deal_fingerprint(fingerprint: str, link: Link, sha_of: dict[Path, str]) -> str:
    """The settings fingerprint of an amendment: also the hashes of what it amends."""
    parts = [fingerprint, sha_of.get(link.original, "")]
    parts += [sha_of.get(p, "") for p in link.earlier]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- one amendment


def review_amendment(
    document: Document,
    extractor: Extractor,
    ssp: SspTable,
    *,
    original: ReviewRecord,
    earlier: Sequence[ReviewRecord],
    contract: str,
    settings_fingerprint: str,
) -> ReviewRecord:
    """Extract the amendment, classify the modification, and package the record (no I/O).

    The record's terms and five-step analysis are the amendment's own (everything cited into
    the amendment); its `modification` section holds the classification and the contract
    before and after, citing both documents."""
    own = review_document(
        document, extractor, ssp, contract=contract, settings_fingerprint=settings_fingerprint
    )
    amendment = read_amendment(document, original.terms, own.terms)
    before = _state_before(original, earlier)
    modification = classify_modification(
        before, amendment, ssp, original_terms=original.terms, amendment_contract=own.terms
    )
    return own.model_copy(
        update={
            "analysis": with_modification(own.analysis, modification),
            "modification": ModificationRecord(
                original=OriginalRef(
                    contract=original.contract,
                    source_name=original.source_name,
                    sha256=original.sha256,
                    clauses=original.clauses,
                ),
                earlier_amendments=[r.source_name for r in earlier],
                amendment=amendment,
                modification=modification,
            ),
        }
    )


def _state_before(original: ReviewRecord, earlier: Sequence[ReviewRecord]) -> ContractState:
    for record in reversed(earlier):
        if record.modification is None:
            raise RevrecError(f"{record.source_name} was not reviewed as an amendment")
        return record.modification.modification.after
    return initial_state(original.terms, original.analysis)


# --------------------------------------------------------------------------- combination


def combine(records: Iterable[ReviewRecord]) -> list[ReviewRecord]:
    """Records whose analysis changes once the batch's combination flags are written in
    (added, updated or removed); amendments are left out."""
    candidates = [r for r in records if r.modification is None]
    found = combination_conclusions(
        [BatchContract(r.contract, r.source_name, r.terms) for r in candidates]
    )
    changed = []
    for record in candidates:
        analysis = with_combination(record.analysis, found.get(record.contract))
        if analysis != record.analysis:
            changed.append(record.model_copy(update={"analysis": analysis}))
    return changed


__all__ = [
    "AMENDMENT_NAME",
    "Link",
    "combine",
    "deal_fingerprint",
    "is_amendment_name",
    "link_deals",
    "natural_key",
    "review_amendment",
]
