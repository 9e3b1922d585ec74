"""Which numbered lines start clauses: those whose number continues a plausible sequence.

The next number at some level, a first child, or a first `1` is accepted; page numbers,
amounts, dates, wrapped cross-references and most tables are not. A number that jumps or
starts lower-case is confirmed by the next numbered line; a run packed into a few lines (a
table of contents, a short list before the real numbering) is dropped when the numbering
starts over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.schemas.document import ClauseKind
from assistant.segment._lines import Line, Start, heading_in, is_toc_entry, prev_index, title_like
from assistant.segment._markers import Marker

_TOP_GAP = 3
"""How far a top-level number may jump (4 -> 7) and still count as the next one: a heading
merged into the previous line by the PDF's text layer must not end the numbering."""
_GAP = 2
_TOC_CHARS_PER_ENTRY = 160
"""A numbered run whose entries are one line of at most this many characters is a table of
contents."""
_WINDOW = 400
"""Lines looked ahead for the next numbered line when a number needs confirming."""
_SHORT_RUN_CHARS = 1200
"""Up to three numbered items in this little text, then a restart at 1: the items were a list
(the parties, the recitals) and the restart is the real numbering."""
_REFERENCE_END = re.compile(
    r"(?i)(?:\b(?:sections?|articles?|paragraphs?|clauses?|subsections?|exhibits?|schedules?"
    r"|annex(?:es)?|appendix|appendices|items?)|§)$"
)
_NUMBER_WORD_END = re.compile(
    r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|forty-five|fifty|sixty|seventy|eighty|ninety|hundred|thousand)$"
)
"""`thirty` / `(30) days`: a numeral repeating a number in words, not a list item."""


@dataclass(slots=True)
class _Entry:
    family: str
    style: str
    key: tuple[int, ...]
    start: Start


def _key(values: tuple[int, ...]) -> tuple[int, ...]:
    # `1.0 Definitions` is the top-level 1 of a document that numbers `1.0, 1.1, 2.0`.
    while len(values) > 1 and values[-1] == 0:
        values = values[:-1]
    return values


def _follows(prev: tuple[int, ...], new: tuple[int, ...]) -> bool:
    """Whether `new` can come next after `prev`: a first child or the next at some level."""
    if len(new) > len(prev) and new[: len(prev)] == prev:
        return all(x == 1 for x in new[len(prev) :])
    for depth in range(min(len(new), len(prev))):
        step = new[depth] - prev[depth]
        if step:
            limit = _TOP_GAP if depth == 0 else _GAP
            return 1 <= step <= limit and all(x == 1 for x in new[depth + 1 :])
    return False


def _next_in_line(prev: tuple[int, ...], new: tuple[int, ...]) -> bool:
    """`new` is the immediate successor of `prev`: its first child or a next sibling, no gap."""
    if len(new) == len(prev) + 1:
        return new[:-1] == prev and new[-1] == 1
    depth = len(new) - 1
    return depth < len(prev) and new[:depth] == prev[:depth] and new[depth] == prev[depth] + 1


@dataclass
class Numbering:
    """Accepts the numbered lines of one namespace (the main text or one attachment)."""

    lines: list[Line]
    markers: list[Marker | None]
    starts: list[Start]
    root: Start | None
    stack: list[_Entry] = field(default_factory=list)
    last_dec: tuple[int, ...] | None = None
    last_article: int | None = None
    run_begin: int | None = None
    """Index in `starts` of the current run's first clause; the run's shape is counted below."""
    run_last: Start | None = None
    run_len: int = 0
    run_short: int = 0
    run_tops: int = 0
    seen: dict[int, Marker | None] = field(default_factory=dict)
    """Candidate checks by line index: look-ahead and the main pass share them."""
    hi: int = 0
    """End (exclusive) of this namespace's lines; look-ahead never crosses it."""

    def run(self, lo: int, hi: int) -> None:
        self.hi = hi
        for i in range(lo, hi):
            mk = self._candidate(i)
            if mk is None:
                continue
            if mk.family == "dec":
                self._offer_dec(i, mk)
            elif mk.family == "article":
                self._offer_article(i, mk)
            else:
                self._offer_list(i, mk)

    def _candidate(self, i: int) -> Marker | None:
        if i not in self.seen:
            self.seen[i] = self._check(i)
        return self.seen[i]

    def _check(self, i: int) -> Marker | None:
        mk = self.markers[i]
        if mk is None or mk.family == "annex":
            return None
        if mk.family != "list" and is_toc_entry(mk.rest):
            return None
        j = prev_index(self.lines, i)
        if j < 0:
            return mk
        prev, prev_marker = self.lines[j].text, self.markers[j]
        # `... under Section` + `4.2 hereof`: a wrapped cross-reference, unless the line
        # before is itself a heading (`14. Fees from Sales of Articles`).
        heading_before = prev_marker is not None and title_like(prev_marker.rest)
        if _REFERENCE_END.search(prev) and not heading_before:
            return None
        if mk.family == "list" and mk.label.isdigit() and _NUMBER_WORD_END.search(prev):
            return None
        return mk

    def _next(self, i: int, family: str) -> Marker | None:
        """The next candidate of `family` in this namespace, within a bounded window."""
        for j in range(i + 1, min(self.hi, i + _WINDOW)):
            mk = self._candidate(j)
            if mk is not None and mk.family == family:
                return mk
        return None

    def _confirmed(self, i: int, new: tuple[int, ...], family: str) -> bool:
        nxt = self._next(i, family)
        return nxt is not None and _follows(new, _key(nxt.values))

    def _minor_run(self, offset: int) -> str:
        """`toc` for a table of contents (one short line per entry), `short` for a brief list
        before the real numbering (the parties, recitals), else ``."""
        if self.run_begin is None:
            return ""
        if self.run_len >= 3 and self.run_short >= 0.8 * (self.run_len - 1):
            return "toc"
        began = self.starts[self.run_begin].offset
        return "short" if self.run_tops <= 3 and offset - began <= _SHORT_RUN_CHARS else ""

    def _restart(self, i: int, new: tuple[int, ...], family: str, prev: tuple[int, ...]) -> bool:
        """Numbering that starts again at 1: after a table of contents, or a new part. A
        table of contents or a short list before it is dropped; a long run stays (its ids
        and the new run's collide and get `#2`)."""
        minor = self._minor_run(self.lines[i].start)
        if minor != "toc":
            nxt = self._next(i, family)
            if nxt is None:
                return False
            after = _key(nxt.values)
            if not _follows(new, after) or _follows(prev, after):
                return False
        if minor:
            assert self.run_begin is not None
            del self.starts[self.run_begin :]
        self.stack.clear()
        self.last_dec = self.last_article = self.run_begin = self.run_last = None
        self.run_len = self.run_short = self.run_tops = 0
        return True

    def _offer_dec(self, i: int, mk: Marker) -> None:
        new = _key(mk.values)
        prev = self.last_dec
        article = self.last_article
        fresh = all(x == 1 for x in new)
        if prev is None:
            ok = fresh or (
                article is not None and new[0] == article and all(x == 1 for x in new[1:])
            )
            ok = (ok and mk.strong) or self._confirmed(i, new, "dec")
        elif _follows(prev, new):
            ok = mk.strong or _next_in_line(prev, new) or self._confirmed(i, new, "dec")
            # `4. the relevant specifications` in a wrapped list, followed by 3.19: the line
            # after contradicts the jump, so the numbering stays where it was.
            nxt = self._next(i, "dec") if ok else None
            if nxt is not None:
                after = _key(nxt.values)
                ok = _follows(new, after) or not _follows(prev, after)
        elif article is not None and new[0] == article != prev[0] and all(x == 1 for x in new[1:]):
            ok = True
        else:
            ok = fresh and mk.strong and self._restart(i, new, "dec", prev)
        if not ok:
            return
        while self.stack:
            top = self.stack[-1]
            if top.family == "article" or (
                top.family == "dec" and len(top.key) < len(new) and new[: len(top.key)] == top.key
            ):
                break
            self.stack.pop()
        parent = self.stack[-1].start if self.stack else self.root
        start = self._add(i, ClauseKind.SECTION, mk.label, parent, self.root, "/", mk)
        self.stack.append(_Entry("dec", "", new, start))
        self.last_dec = new

    def _offer_article(self, i: int, mk: Marker) -> None:
        value = mk.values[0]
        last = self.last_article
        if last is None:
            ok = value <= 2 or self._confirmed(i, (value,), "article")
        elif 1 <= value - last <= _TOP_GAP:
            ok = True
        else:
            ok = value == 1 and self._restart(i, (1,), "article", (last,))
        if not ok:
            return
        self.stack.clear()
        start = self._add(i, ClauseKind.ARTICLE, mk.label, self.root, self.root, "/", mk)
        self.stack.append(_Entry("article", "", (value,), start))
        self.last_article = value

    def _offer_list(self, i: int, mk: Marker) -> None:
        depth, style, value = -1, "", 0
        for reading, ordinal in mk.options:
            for d in range(len(self.stack) - 1, depth, -1):
                entry = self.stack[d]
                if entry.family == "list" and entry.style == reading:
                    if 1 <= ordinal - entry.key[0] <= _GAP:
                        depth, style, value = d, reading, ordinal
                    break
        if depth < 0:
            firsts = [r for r, ordinal in mk.options if ordinal == 1]
            if not firsts:
                return
            style, value = firsts[0], 1
            depth = next(
                (d for d, e in enumerate(self.stack) if e.family == "list" and e.style == style),
                len(self.stack),
            )
        del self.stack[depth:]
        parent = self.stack[-1].start if self.stack else None
        token = mk.label
        if parent is not None:
            start = self._add(i, ClauseKind.SECTION, f"({token})", parent, parent, "", mk)
        else:
            local = f"({token})" if style.startswith("(") else token
            start = self._add(i, ClauseKind.SECTION, local, self.root, self.root, "/", mk)
        self.stack.append(_Entry("list", style, (value,), start))

    def _add(
        self,
        i: int,
        kind: ClauseKind,
        local: str,
        parent: Start | None,
        base: Start | None,
        sep: str,
        mk: Marker,
    ) -> Start:
        start = Start(
            self.lines[i].start, i, kind, local, parent, heading_in(mk.rest), not mk.rest, base, sep
        )
        if self.run_begin is None and mk.family != "list":
            self.run_begin = len(self.starts)
        if self.run_begin is not None:
            # Counted as the run grows, so judging it at a restart costs nothing.
            last = self.run_last
            if (
                last
                and start.line - last.line <= 2
                and start.offset - last.offset <= _TOC_CHARS_PER_ENTRY
            ):
                self.run_short += 1
            self.run_len += 1
            self.run_tops += sep == "/"
            self.run_last = start
        self.starts.append(start)
        return start
