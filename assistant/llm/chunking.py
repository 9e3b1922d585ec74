"""The contract as the model sees it: blocks of text, each under its clause id and page,
packed into chunks that fit the token budget of one request.

A block is a stretch of text in one innermost clause on one page, so the marker above it
gives the model exactly the clause id and page a citation needs. A contract that does not
fit is split between blocks, in document order (never inside a block unless one block alone
is over budget), so every run cuts the same contract at the same places.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from assistant.schemas import Document

CHARS_PER_TOKEN = 4
"""Rough and conservative for English contracts; no tokenizer is downloaded."""


def estimate_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)


@dataclass(frozen=True)
class Block:
    clause_id: str | None
    """None for text outside every clause (nothing there can be cited)."""
    page: int
    heading: str | None
    text: str
    continued: bool = False
    """The clause began in an earlier block (previous page or an over-long clause)."""

    def marker(self) -> str:
        where = f"clause {self.clause_id}" if self.clause_id else "outside any clause"
        parts = [where, f"page {self.page}"]
        if self.heading and not self.continued:
            parts.append(self.heading)
        if self.continued:
            parts.append("continued")
        return "[" + " | ".join(parts) + "]"

    def rendered(self) -> str:
        return f"{self.marker()}\n{self.text}\n"


@dataclass(frozen=True)
class Chunk:
    index: int
    """1-based."""
    count: int
    blocks: tuple[Block, ...]

    @property
    def first_clause(self) -> str:
        return next((b.clause_id for b in self.blocks if b.clause_id), "-")

    @property
    def last_clause(self) -> str:
        return next((b.clause_id for b in reversed(self.blocks) if b.clause_id), "-")


def blocks_of(document: Document) -> list[Block]:
    """Every non-blank stretch of the text, cut at clause boundaries and page breaks."""
    cuts = {0, len(document.text)}
    for clause in document.clauses:
        cuts.update((clause.char_start, clause.char_end))
    for page in document.pages:
        cuts.update((page.char_start, page.char_end))
    points = sorted(c for c in cuts if 0 <= c <= len(document.text))
    blocks: list[Block] = []
    seen: set[str] = set()
    for start, end in pairwise(points):
        text = document.text[start:end].strip()
        if not text:
            continue
        owner = document.clause_at(start)
        page_no = document.page_at(start)
        clause_id = owner.id if owner else None
        last = blocks[-1] if blocks else None
        if last and last.clause_id == clause_id and last.page == page_no:
            blocks[-1] = Block(
                clause_id, page_no, last.heading, f"{last.text}\n{text}", continued=last.continued
            )
            continue
        continued = clause_id is not None and clause_id in seen
        if clause_id:
            seen.add(clause_id)
        heading = owner.heading if owner else None
        blocks.append(Block(clause_id, page_no, heading, text, continued))
    return blocks


def split_block(block: Block, max_tokens: int) -> list[Block]:
    """An over-long block in pieces of at most `max_tokens`, cut at line ends where possible."""
    limit = max(1, max_tokens * CHARS_PER_TOKEN - len(block.marker()) - 32)
    pieces: list[str] = []
    current = ""
    for line in block.text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit and current:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [
        Block(block.clause_id, block.page, block.heading, piece, block.continued or i > 0)
        for i, piece in enumerate(pieces)
    ]


def plan_chunks(document: Document, budget_tokens: int) -> list[Chunk]:
    """Blocks packed greedily, in document order, into chunks of at most `budget_tokens`."""
    if budget_tokens < 1:
        raise ValueError("budget_tokens must be positive")
    groups: list[list[Block]] = [[]]
    used = 0
    for original in blocks_of(document):
        for block in (
            split_block(original, budget_tokens)
            if estimate_tokens(original.rendered()) > budget_tokens
            else [original]
        ):
            cost = estimate_tokens(block.rendered())
            if groups[-1] and used + cost > budget_tokens:
                groups.append([])
                used = 0
            groups[-1].append(block)
            used += cost
    groups = [g for g in groups if g] or [[]]
    return [Chunk(i + 1, len(groups), tuple(g)) for i, g in enumerate(groups)]
