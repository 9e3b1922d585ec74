"""The memo as the reviewer downloads it: Markdown, HTML and Word.

The Markdown memo is `render_memo`'s, with a reviewer section appended (decisions, answers,
acknowledged judgments, status). HTML and Word are made from that Markdown by one parser
(markdown-it-py, CommonMark with tables) so the three say the same thing. Contract text is
hostile: raw HTML in it is never passed through (`html=False` escapes it), and links and
images are switched off, so a memo can neither run script nor fetch anything.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

from docx import Document as WordDocument
from docx.shared import Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

from assistant.outputs import safe_name
from assistant.render import render_memo
from assistant.render_filters import cell, md
from assistant.ui.session import ContractReview
from assistant.ui.store import judgment_id
from assistant.ui.terms import describe, get_term, term_status, with_value


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable(["image", "link"])


def page_memo(review: ContractReview, status: str | None = None) -> str:
    """The memo with the reviewer's section; deterministic for the same review state.

    `status` is the store's line for a reviewed memo ("reviewed by ... on ... UTC"), shown in
    the memo's status row and footer; a draft never shows one."""
    record = review.record()
    if review.status == "reviewed":
        status = status or f"reviewed by {review.reviewed_by or 'the reviewer'}"
    else:
        status = None
    memo = render_memo(record, status)
    return memo.rstrip("\n") + "\n\n" + _reviewer_section(review) + "\n"


def _reviewer_section(review: ContractReview) -> str:
    lines = ["## R. Reviewer decisions", ""]
    if review.status == "reviewed":
        lines.append(f"Status: **reviewed** by {md(review.reviewed_by or 'the reviewer')}.")
    else:
        lines.append("Status: **draft**, not yet marked reviewed.")
    lines.append("")
    paths = [p for p in review.decisions if review.decisions[p] != "pending"]
    paths += [p for p in review.overrides if p not in review.decisions]
    if paths:
        lines += [
            "Edited values keep the citations of the extracted term (the clause the value was "
            "read from); rejected terms are left out of the analysis.",
            "",
            "| Term | Decision | Value used |",
            "| --- | --- | --- |",
        ]
        for path in paths:
            status = term_status(review.decisions, review.overrides, path)
            label = "reviewer-edited" if status == "edited" else status
            term = get_term(review.extracted.terms, path)
            shown = ""
            if status == "edited" and term is not None:
                shown = describe(with_value(term, review.overrides[path], path).value)
            lines.append(f"| {cell(path.removeprefix('terms.'))} | {label} | {cell(shown)} |")
        lines.append("")
    else:
        lines += ["No extracted term was changed by the reviewer.", ""]
    inputs = review.inputs
    if inputs is not None:
        answered = [
            name
            for name, value in inputs
            if value not in (None, [], "") and not name.endswith(("_evidence", "_reason"))
        ]
        if answered:
            lines += [
                "Answered by the reviewer: " + ", ".join(md(a) for a in answered) + ".",
                "",
            ]
    flags = {judgment_id(f): f for f in review.record().analysis.flags}
    notes = [
        (flags[k], note)
        for k, (resolution, note) in review.judgments.items()
        if resolution == "acknowledged" and k in flags
    ]
    if notes:
        lines += ["| Acknowledged judgment | Reviewer's note |", "| --- | --- |"]
        for flag, note in notes:
            lines.append(f"| {cell(flag.kind.value)}: {cell(flag.message)} | {cell(note)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def file_stem(review: ContractReview) -> str:
    return safe_name(f"{review.extracted.contract}-memo")


def to_html(markdown: str, title: str) -> str:
    """A standalone HTML page; every text comes through the parser's escaping."""
    body = _parser().render(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:Georgia,serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;"
        "vertical-align:top}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    )


def to_html_fragment(markdown: str) -> str:
    """The memo body alone, for the page's preview."""
    return _parser().render(markdown)


def to_docx(markdown: str) -> bytes:
    """A Word document: headings, paragraphs with bold and italic, lists, tables, quotes."""
    doc = WordDocument()
    doc.styles["Normal"].font.size = Pt(10)
    tokens = _parser().parse(markdown)
    _Writer(doc).blocks(tokens)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


class _Writer:
    """Walks markdown-it's block tokens and writes the matching Word elements."""

    def __init__(self, doc: object) -> None:
        self.doc = doc
        self.list_style: list[str] = []
        self.quote = 0

    def blocks(self, tokens: Sequence[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                level = min(int(tok.tag[1]), 4)
                heading = self.doc.add_heading(level=level - 1 if level > 1 else 0)  # type: ignore[attr-defined]
                self.inline(heading, tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                style = None
                if self.list_style:
                    style = self.list_style[-1]
                elif self.quote:
                    style = "Quote"
                para = self.doc.add_paragraph(style=style)  # type: ignore[attr-defined]
                self.inline(para, tokens[i + 1])
                i += 3
                continue
            if kind == "bullet_list_open":
                self.list_style.append("List Bullet")
            elif kind == "ordered_list_open":
                self.list_style.append("List Number")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_style.pop()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind in ("fence", "code_block"):
                self.doc.add_paragraph(tok.content.rstrip("\n"), style="No Spacing")  # type: ignore[attr-defined]
            elif kind == "table_open":
                end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                self.table(tokens[i : end + 1])
                i = end + 1
                continue
            i += 1

    def table(self, tokens: Sequence[Token]) -> None:
        grid: list[list[Token]] = []
        for i, tok in enumerate(tokens):
            if tok.type == "tr_open":
                grid.append([])
            elif tok.type in ("th_open", "td_open"):
                grid[-1].append(tokens[i + 1])
        if not grid:
            return
        width = max(len(r) for r in grid)
        table = self.doc.add_table(rows=len(grid), cols=width)  # type: ignore[attr-defined]
        table.style = "Table Grid"
        for r, row in enumerate(grid):
            for c, inline in enumerate(row):
                para = table.cell(r, c).paragraphs[0]
                self.inline(para, inline, bold=r == 0)

    def inline(self, para: object, token: Token, *, bold: bool = False) -> None:
        strong = em = 0
        for child in token.children or []:
            kind = child.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            elif kind == "em_close":
                em -= 1
            elif kind in ("text", "code_inline", "html_inline"):
                run = para.add_run(child.content)  # type: ignore[attr-defined]
                run.bold = bold or strong > 0 or None
                run.italic = em > 0 or None
            elif kind in ("softbreak", "hardbreak"):
                para.add_run(" ")  # type: ignore[attr-defined]
