"""The text as lines, and the clause starts chosen among them.

Clause starts are decided on whole non-blank lines; running headers and footers are marked
so that nothing else treats them as text. The helpers here judge a line's shape: a title, a
line of a table of contents, the line before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.schemas.document import ClauseKind
from assistant.segment._markers import H, parse_marker

TERMINAL = re.compile(r"[.!?:;\u037e\uff1a\uff1b\u3002][\"'”’)\]]*$")
"""A sentence end. pdfium often gives U+037E (Greek question mark) for `;`: 332 of CUAD's 391
contracts contain it."""
TOC_TAIL = re.compile(rf"(?:\.{{2,}}|…+|{H}){H}*\d{{1,3}}$")
_CONNECTORS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


@dataclass(slots=True)
class Line:
    start: int
    text: str
    page: int
    top: int
    """Position among its page's lines (0 = first): headers and attachment titles sit high."""
    boilerplate: bool = False


@dataclass(eq=False, slots=True)
class Start:
    offset: int
    line: int
    kind: ClauseKind
    local: str
    parent: Start | None
    heading: str | None = None
    rest_empty: bool = False
    base: Start | None = None
    """The clause whose id this one's id extends (`4.2` for `4.2(a)`, the exhibit for `2`)."""
    sep: str = ""
    id: str = ""
    level: int = 0


def split_lines(text: str, page_starts: list[int]) -> list[Line]:
    lines: list[Line] = []
    page, top = 0, 0
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + len(raw) - len(raw.lstrip())
        while page + 1 < len(page_starts) and start >= page_starts[page + 1]:
            page, top = page + 1, 0
        lines.append(Line(start, stripped, page, top))
        top += 1
    return lines


def mark_boilerplate(lines: list[Line], page_count: int) -> None:
    """Running headers and footers (`Page 3 of 10`, `Source: ...`): never a clause start."""
    if page_count < 3:
        return
    edge: list[tuple[Line, str]] = []
    pages_of: dict[str, set[int]] = {}
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        for ln in {id(x): x for x in page_lines[:3] + page_lines[-3:]}.values():
            # Digits vary between pages (page numbers) except on numbered lines, where
            # `EXHIBIT 1` and `EXHIBIT 2` or `4.` and `5.` are different clauses.
            key = " ".join(ln.text.lower().split())
            if parse_marker(ln.text) is None:
                key = re.sub(r"\d+", "#", key)
            edge.append((ln, key))
            pages_of.setdefault(key, set()).add(ln.page)
    threshold = max(3, page_count // 4)
    for ln, key in edge:
        if len(pages_of[key]) >= threshold:
            ln.boilerplate = True


def prev_index(lines: list[Line], i: int) -> int:
    """The nearest line before `i` that is not a running header or footer; -1 if none."""
    j = i - 1
    while j >= 0 and lines[j].boilerplate:
        j -= 1
    return j


def prev_text(lines: list[Line], i: int) -> str:
    j = prev_index(lines, i)
    return lines[j].text if j >= 0 else ""


def title_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14 or len(text) > 100 or words[-1].lower() in _CONNECTORS:
        return False
    for word in words:
        core = word.strip("\"'“”‘’(),;:.[]")
        if len(core) >= 4 and core[0].isalpha() and core[0].islower():
            return False
    return True


def heading_in(rest: str) -> str | None:
    """`Fees. The Customer shall...` -> `Fees`; None when the text opens with no title."""
    rest = rest.strip()
    if not rest or rest[0] in "\"'“‘":
        return None  # `"Affiliate" means ...`: a defined term opens a definition, not a title
    cut = re.search(rf"[.:](?=\s|$)|{H}[-–—]{H}", rest)
    head = rest[: cut.start()] if cut else rest
    head = " ".join(head.strip(" .:-–—").split())
    if head and len(head) <= 80 and title_like(head) and (cut or len(rest) <= 80):
        return head
    return None


def is_toc_entry(rest: str) -> bool:
    """`Definitions .... 4` or `Term and Termination 36`: a line of a table of contents."""
    m = TOC_TAIL.search(rest)
    if not m:
        return False
    title = rest[: m.start()].strip(" .")
    return not title or title_like(title)
