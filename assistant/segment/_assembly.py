"""Segmentation end to end: lines, markers, numbered and unnumbered clause starts, then the
clauses with their ids, levels and page ranges."""

from __future__ import annotations

from assistant.schemas.document import Clause, ClauseKind
from assistant.segment._headings import annex_starts, heading_starts, split_long, take_titles
from assistant.segment._lines import Line, Start, mark_boilerplate, split_lines
from assistant.segment._markers import parse_marker
from assistant.segment._numbering import Numbering


def segment(text: str, page_starts: list[int]) -> list[Clause]:
    """Clauses partitioning `text`; `page_starts` are the offsets where pages begin."""
    lines = split_lines(text, page_starts)
    if not lines:
        return []
    mark_boilerplate(lines, len(page_starts))
    markers = [None if ln.boilerplate else parse_marker(ln.text) for ln in lines]
    roots = annex_starts(lines, markers)
    starts: list[Start] = []
    bounds = [0, *(r.line for r in roots), len(lines)]
    for k in range(len(bounds) - 1):
        root = roots[k - 1] if k else None
        if root is not None:
            starts.append(root)
        Numbering(lines, markers, starts, root).run(bounds[k] + (root is not None), bounds[k + 1])
    consumed = take_titles(lines, markers, starts)
    starts.extend(heading_starts(lines, markers, consumed, roots, {s.line for s in starts}))
    starts.sort(key=lambda s: s.offset)
    if not starts or starts[0].line > 0:
        starts.insert(0, Start(lines[0].start, 0, ClauseKind.PREAMBLE, "Preamble", None))
    starts = split_long(lines, starts, len(text))
    return finalise(lines, starts, len(text))


def finalise(lines: list[Line], starts: list[Start], text_len: int) -> list[Clause]:
    seen: set[str] = set()
    suffixes: dict[str, int] = {}
    clauses: list[Clause] = []
    paragraphs = 0
    for k, start in enumerate(starts):
        if start.kind in (ClauseKind.HEADING, ClauseKind.PARAGRAPH):
            paragraphs += 1
            ident = f"P{paragraphs}"
        elif start.base is not None:
            ident = f"{start.base.id}{start.sep}{start.local}"
        else:
            ident = start.local
        if ident in seen:
            # The next free suffix is remembered per id: probing from #2 each time would be
            # quadratic in a document that repeats one number thousands of times.
            n = suffixes.get(ident, 2)
            while f"{ident}#{n}" in seen:
                n += 1
            suffixes[ident] = n + 1
            ident = f"{ident}#{n}"
        seen.add(ident)
        start.id = ident
        start.level = start.parent.level + 1 if start.parent is not None else 0
        nxt = starts[k + 1] if k + 1 < len(starts) else None
        last_line = lines[(nxt.line if nxt else len(lines)) - 1]
        clauses.append(
            Clause(
                id=ident,
                heading=start.heading,
                kind=start.kind,
                level=start.level,
                parent_id=start.parent.id if start.parent is not None else None,
                page_start=lines[start.line].page + 1,
                page_end=last_line.page + 1,
                char_start=start.offset,
                char_end=nxt.offset if nxt else text_len,
            )
        )
    return clauses
