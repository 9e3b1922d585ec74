"""The contract's title: a short heading near the top, else `this ... Agreement` in the preamble."""

from __future__ import annotations

import re

from assistant.extract.rules._common import HEAD_CHARS, IC, Extraction, clean
from assistant.schemas import Term

TITLE_WORDS = re.compile(
    r"\b(?:agreement|contract|licen[cs]e|order form|terms of service|terms and conditions|"
    r"statement of work|amendment|addendum|memorandum of understanding|lease|subscription|"
    r"master services|purchase order|letter of intent|term sheet|memorandum)\b",
    IC,
)
TITLE_REJECT = re.compile(
    r"^(?:exhibit|schedule|annex|appendix|attachment)\b|confidential|page \d|\[\*|\*\*\*|"
    r"^table of contents|redacted|omitted|^source:|^\d+$|^section\b|^article\b|"
    r"\b(?:this|the|hereto|hereby|shall|between|pursuant|means|dated|whereas)\b",
    IC,
)
PREAMBLE_TITLE = re.compile(
    r"\bthis\s{1,5}((?:[A-Z][\w&/,'-]*\s{1,5}){1,8}?"
    r"(?:Agreement|AGREEMENT|Contract|CONTRACT|Order Form|License|LICENSE|Licence))\b"
)


def title(ex: Extraction) -> Term[str] | None:
    head = ex.text[: min(len(ex.text), 2500)]
    offset = 0
    lines: list[tuple[int, str]] = []
    for line in head.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    for i, (pos, line) in enumerate(lines[:40]):
        body = line.strip()
        if not (4 <= len(body) <= 150) or not TITLE_WORDS.search(body):
            continue
        letters = [c for c in body if c.isalpha()]
        if not letters or TITLE_REJECT.search(body):
            continue
        upper = sum(c.isupper() for c in letters) / len(letters)
        if upper < 0.6 and not body.istitle():
            continue
        start = pos + line.index(body)
        end = start + len(body)
        # A title broken over two lines: join an all-capitals line just above it.
        if i > 0 and upper >= 0.9:
            prev_pos, prev = lines[i - 1]
            pb = prev.strip()
            if 3 <= len(pb) <= 80 and pb.isupper() and not TITLE_REJECT.search(pb):
                start = prev_pos + prev.index(pb)
        value = clean(ex.text[start:end]).strip(" .:")
        return ex.term(value, [(start, end)], 0.8 if upper >= 0.9 else 0.6)
    m = PREAMBLE_TITLE.search(ex.text, 0, min(len(ex.text), HEAD_CHARS))
    if m:
        value = clean(m.group(1))
        return ex.term(value, [m.span(1)], 0.6)
    return None
