"""Clause segmentation: page texts -> a `Document` whose clauses partition the text.

Clauses are a flat, ordered list: each runs from its start to the next clause's start, and
together they cover every non-blank character. Hierarchy lives only in `parent_id`/`level`.

Clause starts are decided on whole lines, in linear passes:

1. Attachment headings (`EXHIBIT A`, `Schedule 1`, `Annex II`, `Order Form`) split the text
   into namespaces; numbering starts afresh in each.
2. Inside a namespace a numbered line (`ARTICLE V`, `Section 4.2`, `4.2`, `(a)`, `iv.`) starts
   a clause only when its number continues a plausible sequence: the next number at some
   level, a first child, or a first `1`. That rejects page numbers, amounts, dates, wrapped
   cross-references and most tables. A numbered run packed into a few lines (a table of
   contents) is dropped when the numbering starts over.
3. All-caps headings (`FEES AND PAYMENT`) start clauses; a clause still longer than
   `MAX_CLAUSE_CHARS` is split at paragraph breaks, which only ever follow a sentence end.

Ids (docs/ingest.md): numbers keep their written form (`4.2`, `1.01`; `Section 4.2` -> `4.2`);
articles become roman (`ARTICLE 5` -> `Article V`); list items hang off their parent
(`4.2(a)(iv)`); attachments prefix what is inside them (`Exhibit A/2`); headings and
paragraphs are `P1`, `P2`, ... in document order; text before the first clause is `Preamble`;
an id seen before gets `#2`, `#3`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from assistant.schemas.document import PAGE_SEPARATOR, Clause, ClauseKind, Document, Page

MAX_CLAUSE_CHARS = 2500
"""A clause longer than this is split at paragraph breaks (never inside a sentence)."""
_MIN_PIECE_CHARS = 400
"""Pieces of a split clause are at least this long: definitions and table rows are grouped."""

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

_H = r"[^\S\n]"  # blank on one line, including the no-break spaces pdfium emits
_OPEN = "\"'“‘([*"
_TERMINAL = re.compile(r"[.!?:;\u037e\uff1a\uff1b\u3002][\"'”’)\]]*$")
"""A sentence end. pdfium often gives U+037E (Greek question mark) for `;`: 332 of CUAD's 391
contracts contain it."""
_RULE = re.compile(r"[-_=*.·\s]{3,}")
_COLUMNS = re.compile(rf"\S{_H}{{3,}}\S")
"""A table row: cells set apart by runs of blanks (or a rule line of dashes)."""
_REFERENCE_END = re.compile(
    r"(?i)(?:\b(?:sections?|articles?|paragraphs?|clauses?|subsections?|exhibits?|schedules?"
    r"|annex(?:es)?|appendix|appendices|items?)|§)$"
)
_NUMBER_WORD_END = re.compile(
    r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|forty-five|fifty|sixty|seventy|eighty|ninety|hundred|thousand)$"
)
"""`thirty` / `(30) days`: a numeral repeating a number in words, not a list item."""
_TOC_TAIL = re.compile(rf"(?:\.{{2,}}|…+|{_H}){_H}*\d{{1,3}}$")
_CONNECTORS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)
_ENTITY = re.compile(r"\b(?:INC|LLC|L\.?L\.?C|CORP|CORPORATION|LTD|LIMITED|L\.?P|PLC|GMBH|S\.?A)\b")
_LABEL = re.compile(r"^(?:BY|NAME|TITLE|DATE|ITS|ATTN|ATTENTION|ADDRESS|PHONE|FAX|E-?MAIL)\b")
_BULLET = "•●·▪◦‣○■□-–*"

_ARTICLE = re.compile(
    rf"(?:ARTICLE|Article){_H}*[-–—]?{_H}*(?P<n>\d{{1,3}}|[IVXLCivxlc]{{1,7}}|[A-Z]{{3,9}})"
    rf"(?![\w.]*\d)(?:\.|{_H}*[-–—:])?(?=\s|$)"
)
_SECTION = re.compile(
    rf"(?:SECTION|Section|§){_H}*(?P<n>\d{{1,3}}(?:\.\d{{1,3}}){{0,4}})(?P<dot>\.)?(?=\s|$)"
)
_DECIMAL = re.compile(rf"(?P<n>\d{{1,3}}(?:\.\d{{1,3}}){{0,4}})(?P<dot>\.)?(?={_H}|$|[A-Z\"“‘(\[])")
_PAREN = re.compile(rf"\((?P<t>[A-Za-z]{{1,4}}|\d{{1,2}})\)(?={_H}|$|[A-Za-z\"“‘(\[])")
_RPAREN = re.compile(rf"(?P<t>[A-Za-z]{{1,4}}|\d{{1,2}})\)(?={_H})")
_LETTER_DOT = re.compile(
    rf"(?:(?P<t>[A-Z]|[IVXL]{{2,6}})\.(?={_H}+[A-Z\"“‘(\[]|{_H}*$)"
    rf"|(?P<l>[a-z]|[ivxl]{{2,6}})\.(?={_H}+\S|{_H}*$))"
)
"""`A. The Licensor` needs a capital after it (initials: `J. Smith`); `a. in cash` does not."""
_ANNEX = re.compile(
    rf"(?P<kw>EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment"
    rf"|ADDENDUM|Addendum|ORDER{_H}FORM|Order{_H}Form|STATEMENT{_H}OF{_H}WORK|Statement{_H}of{_H}Work)"
    rf"(?!\w){_H}*(?P<id>[\"“]?(?:[A-Z]{{1,2}}(?:-?\d{{1,2}})?|\d{{1,3}}(?:[.-]\d{{1,3}})*|[IVX]{{1,5}})"
    rf"(?![\w.]\w)[\"”]?(?:{_H}?\([a-z0-9]{{1,4}}\))*)?"
)
_ANNEX_KINDS = {
    "exhibit": ("Exhibit", ClauseKind.EXHIBIT),
    "schedule": ("Schedule", ClauseKind.SCHEDULE),
    "annex": ("Annex", ClauseKind.EXHIBIT),
    "appendix": ("Appendix", ClauseKind.EXHIBIT),
    "attachment": ("Attachment", ClauseKind.EXHIBIT),
    "addendum": ("Addendum", ClauseKind.EXHIBIT),
    "order form": ("Order Form", ClauseKind.ORDER_FORM),
    "statement of work": ("Statement of Work", ClauseKind.EXHIBIT),
}
_WORD_NUMBERS = {
    word: n
    for n, word in enumerate(
        ("ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN",
         "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN",
         "NINETEEN", "TWENTY"),
        start=1,
    )
}  # fmt: skip
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(token: str) -> int | None:
    """`iv` -> 4; None when `token` is not a well-formed roman numeral."""
    up = token.upper()
    if not up or not _ROMAN.fullmatch(up):
        return None
    total = 0
    for ch, nxt in zip(up, [*up[1:], ""], strict=True):
        value = _ROMAN_DIGITS[ch]
        total += -value if nxt and _ROMAN_DIGITS[nxt] > value else value
    return total


def to_roman(value: int) -> str:
    out = []
    for digit, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= digit:
            out.append(sym)
            value -= digit
    return "".join(out)


def _alpha_value(token: str) -> int | None:
    # `a` -> 1, `z` -> 26, `aa` -> 27: lists past (z) double the letter.
    if token.isalpha() and token == token[0] * len(token) and len(token) <= 3:
        return (ord(token[0].lower()) - ord("a") + 1) + 26 * (len(token) - 1)
    return None


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    page: int
    top: int
    """Position among its page's lines (0 = first): headers and attachment titles sit high."""
    boilerplate: bool = False


@dataclass(slots=True)
class _Marker:
    family: str
    """`article`, `dec` (4.2), `list` ((a), iv.) or `annex` (Exhibit A)."""
    values: tuple[int, ...]
    label: str
    rest: str
    options: tuple[tuple[str, int], ...] = ()
    """List items only: (style, ordinal) readings; `(i)` may be roman 1 or the letter after h."""
    strong: bool = True
    kind: ClauseKind = ClauseKind.SECTION


@dataclass(eq=False, slots=True)
class _Start:
    offset: int
    line: int
    kind: ClauseKind
    local: str
    parent: _Start | None
    heading: str | None = None
    rest_empty: bool = False
    base: _Start | None = None
    """The clause whose id this one's id extends (`4.2` for `4.2(a)`, the exhibit for `2`)."""
    sep: str = ""
    id: str = ""
    level: int = 0


def _title_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14 or len(text) > 100 or words[-1].lower() in _CONNECTORS:
        return False
    for word in words:
        core = word.strip("\"'“”‘’(),;:.[]")
        if len(core) >= 4 and core[0].isalpha() and core[0].islower():
            return False
    return True


def _heading(rest: str) -> str | None:
    """`Fees. The Customer shall...` -> `Fees`; None when the text opens with no title."""
    rest = rest.strip()
    if not rest or rest[0] in "\"'“‘":
        return None  # `"Affiliate" means ...`: a defined term opens a definition, not a title
    cut = re.search(rf"[.:](?=\s|$)|{_H}[-–—]{_H}", rest)
    head = rest[: cut.start()] if cut else rest
    head = " ".join(head.strip(" .:-–—").split())
    if head and len(head) <= 80 and _title_like(head) and (cut or len(rest) <= 80):
        return head
    return None


def _starts_like_text(rest: str) -> bool:
    return not rest or rest[0].isupper() or rest[0] in _OPEN


def _parse_marker(text: str) -> _Marker | None:
    """The numbering or attachment marker that opens a line, if it looks like one."""
    first = text[0]
    m = _DECIMAL.match(text) if first.isdigit() else None
    if m:
        values = tuple(int(p) for p in m["n"].split("."))
        rest = text[m.end() :].strip()
        numbered = bool(m["dot"]) or len(values) > 1
        if rest[:1].isdigit() or not (_starts_like_text(rest) or numbered):
            return None
        if not rest and not numbered:
            return None  # a bare number on its own line is a page number or a table cell
        # `7. i-Escrow shall`, `5.1.1 operate the Hotel`: a lowercase start is weak evidence;
        # such a line only counts as the immediate next number.
        strong = numbered and _starts_like_text(rest)
        return _Marker("dec", values, m["n"], rest, strong=strong)
    if first in "S§":
        m = _SECTION.match(text)
        if m:
            rest = text[m.end() :].strip(" \t\xa0.-–—:")
            if not _starts_like_text(rest):
                return None
            values = tuple(int(p) for p in m["n"].split("."))
            return _Marker("dec", values, m["n"], rest)
    if first in "Aa":
        m = _ARTICLE.match(text)
        if m:
            token = m["n"]
            value = (
                int(token) if token.isdigit() else roman_value(token) or _WORD_NUMBERS.get(token)
            )
            rest = text[m.end() :].strip(" \t\xa0.-–—:")
            if value and _starts_like_text(rest):
                return _Marker(
                    "article", (value,), f"Article {to_roman(value)}", rest, kind=ClauseKind.ARTICLE
                )
            return None
    annex = _parse_annex(text)
    if annex is not None:
        return annex
    if first == "(":
        m = _PAREN.match(text)
        wrap = "({})"
    else:
        m = _LETTER_DOT.match(text)
        wrap = "{}."
        if not m:
            m = _RPAREN.match(text)
            wrap = "{})"
    if not m:
        return None
    token = m["t"] or m["l"] if wrap == "{}." else m["t"]
    options = _list_readings(token, wrap)
    if not options:
        return None
    rest = text[m.end() :].strip()
    return _Marker("list", (), token, rest, options=options)


def _list_readings(token: str, wrap: str) -> tuple[tuple[str, int], ...]:
    if token.isdigit():
        return ((wrap.format("1"), int(token)),)
    readings = []
    case = "a" if token.islower() else "A" if token.isupper() else ""
    if not case:
        return ()
    roman = roman_value(token)
    if roman is not None and roman <= 40:
        readings.append((wrap.format("i" if case == "a" else "I"), roman))
    alpha = _alpha_value(token)
    if alpha is not None:
        readings.append((wrap.format(case), alpha))
    return tuple(readings)


def _parse_annex(text: str) -> _Marker | None:
    m = _ANNEX.match(text)
    if not m:
        return None
    name, kind = _ANNEX_KINDS[" ".join(m["kw"].lower().split())]
    ident = re.sub(r"\s+|[\"“”]", "", m["id"] or "")
    rest = text[m.end() :].strip()
    letters = ident.split("-")[0].split("(")[0]
    if (
        letters.isalpha()
        and len(letters) == 2
        and letters[0] != letters[1]
        and not roman_value(letters)
    ):
        return None  # `SCHEDULE OF CHARGES`: a word, not an identifier
    if not ident and kind is not ClauseKind.ORDER_FORM and rest and rest[:3].upper() != "TO ":
        return None  # `Schedule` without an identifier is only a heading as `SCHEDULE TO ...`
    if rest:
        head = rest.lstrip(" -–—:.")
        if rest[0] in ",;(" or (head and head[0].islower() and not head.lower().startswith("to ")):
            return None
    label = f"{name} {ident}" if ident else name
    return _Marker("annex", (), label, rest, kind=kind)


def build_document(page_texts: list[str], source_name: str, sha256: str) -> Document:
    """A `Document` from the text of each page, in order, with its clauses."""
    pages: list[Page] = []
    offset = 0
    for number, page_text in enumerate(page_texts, start=1):
        pages.append(Page(number=number, char_start=offset, char_end=offset + len(page_text)))
        offset += len(page_text) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(page_texts)
    return Document(
        source_name=source_name,
        sha256=sha256,
        page_count=len(pages),
        text=text,
        pages=pages,
        clauses=segment(text, [p.char_start for p in pages]),
    )


def segment(text: str, page_starts: list[int]) -> list[Clause]:
    """Clauses partitioning `text`; `page_starts` are the offsets where pages begin."""
    lines = _split_lines(text, page_starts)
    if not lines:
        return []
    _mark_boilerplate(lines, len(page_starts))
    markers = [None if ln.boilerplate else _parse_marker(ln.text) for ln in lines]
    roots = _annex_starts(lines, markers)
    starts: list[_Start] = []
    bounds = [0, *(r.line for r in roots), len(lines)]
    for k in range(len(bounds) - 1):
        root = roots[k - 1] if k else None
        if root is not None:
            starts.append(root)
        _Numbering(lines, markers, starts, root).run(bounds[k] + (root is not None), bounds[k + 1])
    consumed = _take_titles(lines, markers, starts)
    starts.extend(_heading_starts(lines, markers, consumed, roots, {s.line for s in starts}))
    starts.sort(key=lambda s: s.offset)
    if not starts or starts[0].line > 0:
        starts.insert(0, _Start(lines[0].start, 0, ClauseKind.PREAMBLE, "Preamble", None))
    starts = _split_long(lines, starts, len(text))
    return _finalise(lines, starts, len(text))


def _split_lines(text: str, page_starts: list[int]) -> list[_Line]:
    lines: list[_Line] = []
    page, top = 0, 0
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + len(raw) - len(raw.lstrip())
        while page + 1 < len(page_starts) and start >= page_starts[page + 1]:
            page, top = page + 1, 0
        lines.append(_Line(start, start + len(stripped), stripped, page, top))
        top += 1
    return lines


def _mark_boilerplate(lines: list[_Line], page_count: int) -> None:
    """Running headers and footers (`Page 3 of 10`, `Source: ...`): never a clause start."""
    if page_count < 3:
        return
    edge: list[tuple[_Line, str]] = []
    pages_of: dict[str, set[int]] = {}
    by_page: dict[int, list[_Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        for ln in {id(x): x for x in page_lines[:3] + page_lines[-3:]}.values():
            # Digits vary between pages (page numbers) except on numbered lines, where
            # `EXHIBIT 1` and `EXHIBIT 2` or `4.` and `5.` are different clauses.
            key = " ".join(ln.text.lower().split())
            if _parse_marker(ln.text) is None:
                key = re.sub(r"\d+", "#", key)
            edge.append((ln, key))
            pages_of.setdefault(key, set()).add(ln.page)
    threshold = max(3, page_count // 4)
    for ln, key in edge:
        if len(pages_of[key]) >= threshold:
            ln.boilerplate = True


def _is_toc_entry(rest: str) -> bool:
    """`Definitions .... 4` or `Term and Termination 36`: a line of a table of contents."""
    m = _TOC_TAIL.search(rest)
    if not m:
        return False
    title = rest[: m.start()].strip(" .")
    return not title or _title_like(title)


def _prev_text(lines: list[_Line], i: int) -> str:
    j = i - 1
    while j >= 0 and lines[j].boilerplate:
        j -= 1
    return lines[j].text if j >= 0 else ""


def _annex_starts(lines: list[_Line], markers: list[_Marker | None]) -> list[_Start]:
    roots: list[_Start] = []
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
        if ln.page == 0 or _is_toc_entry(mk.rest) or is_annex(i - 1) or is_annex(i + 1):
            continue
        if mk.label == current:
            continue
        prev = _prev_text(lines, i)
        if ln.top > 3 and prev and (prev[-1].islower() or prev[-1] == ","):
            continue
        heading = _heading(mk.rest.lstrip(" -–—:."))
        roots.append(_Start(ln.start, i, mk.kind, mk.label, None, heading, not mk.rest))
        current = mk.label
    return roots


@dataclass(slots=True)
class _Entry:
    family: str
    style: str
    key: tuple[int, ...]
    start: _Start


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
class _Numbering:
    """Accepts the numbered lines of one namespace (the main text or one attachment)."""

    lines: list[_Line]
    markers: list[_Marker | None]
    starts: list[_Start]
    root: _Start | None
    stack: list[_Entry] = field(default_factory=list)
    last_dec: tuple[int, ...] | None = None
    last_article: int | None = None
    run_begin: int | None = None
    """Index in `starts` of the current run's first clause; the run's shape is counted below."""
    run_last: _Start | None = None
    run_len: int = 0
    run_short: int = 0
    run_tops: int = 0
    seen: dict[int, _Marker | None] = field(default_factory=dict)
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

    def _candidate(self, i: int) -> _Marker | None:
        if i not in self.seen:
            self.seen[i] = self._check(i)
        return self.seen[i]

    def _check(self, i: int) -> _Marker | None:
        mk = self.markers[i]
        if mk is None or mk.family == "annex":
            return None
        if mk.family != "list" and _is_toc_entry(mk.rest):
            return None
        j = i - 1
        while j >= 0 and self.lines[j].boilerplate:
            j -= 1
        if j < 0:
            return mk
        prev, prev_marker = self.lines[j].text, self.markers[j]
        # `... under Section` + `4.2 hereof`: a wrapped cross-reference, unless the line
        # before is itself a heading (`14. Fees from Sales of Articles`).
        heading_before = prev_marker is not None and _title_like(prev_marker.rest)
        if _REFERENCE_END.search(prev) and not heading_before:
            return None
        if mk.family == "list" and mk.label.isdigit() and _NUMBER_WORD_END.search(prev):
            return None
        return mk

    def _next(self, i: int, family: str) -> _Marker | None:
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

    def _offer_dec(self, i: int, mk: _Marker) -> None:
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

    def _offer_article(self, i: int, mk: _Marker) -> None:
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

    def _offer_list(self, i: int, mk: _Marker) -> None:
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
        parent: _Start | None,
        base: _Start | None,
        sep: str,
        mk: _Marker,
    ) -> _Start:
        start = _Start(
            self.lines[i].start, i, kind, local, parent, _heading(mk.rest), not mk.rest, base, sep
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


def _take_titles(
    lines: list[_Line], markers: list[_Marker | None], starts: list[_Start]
) -> set[int]:
    """`ARTICLE I` / `DEFINITIONS` on the next line: that line is the heading, not a clause."""
    consumed: set[int] = set()
    for start in starts:
        j = start.line + 1
        if start.heading is not None or not start.rest_empty or j >= len(lines):
            continue
        ln = lines[j]
        if ln.boilerplate or markers[j] is not None or len(ln.text) > 80:
            continue
        if _title_like(ln.text) or ln.text.isupper():
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
    return letters >= 4 and longest >= 4 and digits * 2 < letters and not _TOC_TAIL.search(text)


def _heading_starts(
    lines: list[_Line],
    markers: list[_Marker | None],
    consumed: set[int],
    roots: list[_Start],
    taken: set[int],
) -> list[_Start]:
    root_lines = [r.line for r in roots]
    out: list[_Start] = []
    for i, ln in enumerate(lines):
        if i in taken or i in consumed or ln.boilerplate or markers[i] is not None:
            continue
        if not _is_caps_heading(ln.text):
            continue
        prev = _prev_text(lines, i)
        # Only after a finished sentence: the title block of page 1 and the second line of a
        # two-line heading are not new clauses.
        if not prev or not (_TERMINAL.search(prev) or prev[-1] in "*)]"):
            continue
        k = bisect_right(root_lines, i) - 1
        root = roots[k] if k >= 0 else None
        heading = " ".join(ln.text.strip(" .:").split())
        out.append(_Start(ln.start, i, ClauseKind.HEADING, "", root, heading))
    return out


def _paragraph_breaks(lines: list[_Line]) -> list[bool]:
    """Where a new paragraph begins: after a sentence end on a short line, at a bullet, or
    between the rows of a table."""
    widths = sorted(len(ln.text) for ln in lines if len(ln.text) >= 20)
    full = widths[int(len(widths) * 0.75)] if widths else 80
    breaks = [False] * len(lines)
    prev: _Line | None = None
    for i, ln in enumerate(lines):
        if ln.boilerplate:
            continue
        if prev is not None:
            first = ln.text[0]
            opens = first.isupper() or first.isdigit() or first in _OPEN or first in _BULLET
            if _TERMINAL.search(prev.text):
                short = len(prev.text) < 0.8 * full or prev.page != ln.page or first in _BULLET
                breaks[i] = opens and short
            else:
                # Tables have no sentences to split: any row of a table may begin a piece.
                breaks[i] = opens and bool(_COLUMNS.search(prev.text) or _RULE.fullmatch(prev.text))
        prev = ln
    return breaks


def _split_long(lines: list[_Line], starts: list[_Start], text_len: int) -> list[_Start]:
    breaks: list[bool] | None = None
    out: list[_Start] = []
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
                out.append(_Start(lines[j].start, j, ClauseKind.PARAGRAPH, "", start))
                piece = lines[j].start
    return out


def _finalise(lines: list[_Line], starts: list[_Start], text_len: int) -> list[Clause]:
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
