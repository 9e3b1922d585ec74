"""Clause starts that are not numbered: attachment headings, all-caps headings, a title on
the line after a bare number, and paragraph breaks that split a clause that is too long."""

from __future__ import annotations

import re
from bisect import bisect_right

from assistant.schemas.document import ClauseKind
from assistant.segment._lines import (
    TERMINAL,
    TOC_TAIL,
    Line,
    Start,
    heading_in,
    is_toc_entry,
    prev_text,
    title_like,
)
from assistant.segment._markers import OPEN, H, Marker

MAX_CLAUSE_CHARS = 2500
"""A clause longer than this is split at paragraph breaks (never inside a sentence)."""
_MIN_PIECE_CHARS = 400
"""Pieces of a split clause are at least this long: definitions and table rows are grouped."""
_RULE = re.compile(r"[-_=*.·\s]{3,}")
_COLUMNS = re.compile(rf"\S{H}{{3,}}\S")
"""A table row: cells set apart by runs of blanks (or a rule line of dashes)."""
_ENTITY = re.compile(r"\b(?:INC|LLC|L\.?L\.?C|CORP|CORPORATION|LTD|LIMITED|L\.?P|PLC|GMBH|S\.?A)\b")
_LABEL = re.compile(r"^(?:BY|NAME|TITLE|DATE|ITS|ATTN|ATTENTION|ADDRESS|PHONE|FAX|E-?MAIL)\b")
_BULLET = "•●·▪◦‣○■□-–*"


def annex_starts(lines: list[Line], markers: list[Marker | None]) -> list[Start]:
    roots: list[Start] = []
    current = ""

    def is_annex(j: int) -> bool:
        mk = markers[j] if 0 <= j < len(markers) else None
        return mk is not None and mk.family == "annex"

    for i, mk in enumerate(markers):
        if mk is None or mk.family != "annex":
            continue
        ln = lines[i]
        # Page 1 carries the filing's own label (`Exhibit 10.3`), not an attachment. Adjacent
        # attachment lines are a list of attachments; a repeat of the current title is a
        # running header; a line continuing a sentence is a cross-reference.
        if ln.page == 0 or is_toc_entry(mk.rest) or is_annex(i - 1) or is_annex(i + 1):
            continue
        if mk.label == current:
            continue
        prev = prev_text(lines, i)
        if ln.top > 3 and prev and (prev[-1].islower() or prev[-1] == ","):
            continue
        heading = heading_in(mk.rest.lstrip(" -–—:."))
        roots.append(Start(ln.start, i, mk.kind, mk.label, None, heading, not mk.rest))
        current = mk.label
    return roots


def take_titles(lines: list[Line], markers: list[Marker | None], starts: list[Start]) -> set[int]:
    """`ARTICLE I` / `DEFINITIONS` on the next line: that line is the heading, not a clause."""
    consumed: set[int] = set()
    for start in starts:
        j = start.line + 1
        if start.heading is not None or not start.rest_empty or j >= len(lines):
            continue
        ln = lines[j]
        if ln.boilerplate or markers[j] is not None or len(ln.text) > 80:
            continue
        if title_like(ln.text) or ln.text.isupper():
            start.heading = " ".join(ln.text.strip(" .:").split()) or None
            consumed.add(j)
    return consumed


def _is_caps_heading(text: str) -> bool:
    if len(text) > 80 or not text.isupper() or _ENTITY.search(text) or _LABEL.match(text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    longest = max((len(w) for w in re.findall(r"[A-Z]+", text)), default=0)
    # `JUNE 30, 2001` is a date and `ARTICLE I DEFINITIONS 1` a line of a table of contents.
    return letters >= 4 and longest >= 4 and digits * 2 < letters and not TOC_TAIL.search(text)


def heading_starts(
    lines: list[Line],
    markers: list[Marker | None],
    consumed: set[int],
    roots: list[Start],
    taken: set[int],
) -> list[Start]:
    root_lines = [r.line for r in roots]
    out: list[Start] = []
    for i, ln in enumerate(lines):
        if i in taken or i in consumed or ln.boilerplate or markers[i] is not None:
            continue
        if not _is_caps_heading(ln.text):
            continue
        prev = prev_text(lines, i)
        # Only after a finished sentence: the title block of page 1 and the second line of a
        # two-line heading are not new clauses.
        if not prev or not (TERMINAL.search(prev) or prev[-1] in "*)]"):
            continue
        k = bisect_right(root_lines, i) - 1
        root = roots[k] if k >= 0 else None
        heading = " ".join(ln.text.strip(" .:").split())
        out.append(Start(ln.start, i, ClauseKind.HEADING, "", root, heading))
    return out


def _paragraph_breaks(lines: list[Line]) -> list[bool]:
    """Where a new paragraph begins: after a sentence end on a short line, at a bullet, or
    between the rows of a table."""
    widths = sorted(len(ln.text) for ln in lines if len(ln.text) >= 20)
    full = widths[int(len(widths) * 0.75)] if widths else 80
    breaks = [False] * len(lines)
    prev: Line | None = None
    for i, ln in enumerate(lines):
        if ln.boilerplate:
            continue
        if prev is not None:
            first = ln.text[0]
            opens = first.isupper() or first.isdigit() or first in OPEN or first in _BULLET
            if TERMINAL.search(prev.text):
                short = len(prev.text) < 0.8 * full or prev.page != ln.page or first in _BULLET
                breaks[i] = opens and short
            else:
                # Tables have no sentences to split: any row of a table may begin a piece.
                breaks[i] = opens and bool(_COLUMNS.search(prev.text) or _RULE.fullmatch(prev.text))
        prev = ln
    return breaks


def split_long(lines: list[Line], starts: list[Start], text_len: int) -> list[Start]:
    breaks: list[bool] | None = None
    out: list[Start] = []
    for k, start in enumerate(starts):
        out.append(start)
        end_line = starts[k + 1].line if k + 1 < len(starts) else len(lines)
        end = starts[k + 1].offset if k + 1 < len(starts) else text_len
        if end - start.offset <= MAX_CLAUSE_CHARS:
            continue
        if breaks is None:
            breaks = _paragraph_breaks(lines)
        piece = start.offset
        for j in range(start.line + 1, end_line):
            # Short paragraphs (a definition, a table row) are kept together up to a size.
            if breaks[j] and lines[j].start - piece >= _MIN_PIECE_CHARS:
                out.append(Start(lines[j].start, j, ClauseKind.PARAGRAPH, "", start))
                piece = lines[j].start
    return out
