"""Render the eval-set contract sources (`eval_set/sources/*.md`) into `eval_set/pdf/<stem>.pdf`.

Usage::

    python eval_set/build_pdfs.py            # (re)write every PDF
    python eval_set/build_pdfs.py --check    # exit 1 if a committed PDF differs from a fresh render

Rendering is deterministic: reportlab's `invariant` mode (no timestamps, a content-derived
document id), fixed metadata and standard fonts only, so a regeneration is byte-identical and
`--check` can compare bytes.

Source markup (a tiny Markdown-like language; one block per blank-line-separated paragraph):

    ---                      front matter, optional, first thing in the file:
    font: Times              Times or Helvetica
    size: 10                 body font size in points
    footer: text             footer printed on every page with "Page N"
    align: justify           justify or left
    ---
    # Title                  centred bold title
    ## Heading               bold heading
    ### Sub-heading          smaller bold heading
    ^ text                   centred paragraph
    > text                   indented paragraph (`>>` indents twice)
    [pagebreak]              start a new page
    [table OPTIONS]          a table until [/table]; one row per line, cells separated by `|`.
      OPTIONS: `header` (first row bold, shaded), `plain` (no grid),
               `widths=30,70` (column widths in percent of the frame)
    [two-column]             the blocks until [/two-column] are set in two columns, on pages
                             of their own
    %% comment               ignored

Inline: `**bold**`, `*italic*`; a line ending in a backslash forces a line break. Lines of one
paragraph are joined with a space. `&`, `<` and `>` are escaped for reportlab.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

EVAL_DIR = Path(__file__).resolve().parent
SOURCES_DIR = EVAL_DIR / "sources"
PDF_DIR = EVAL_DIR / "pdf"

FONTS = {
    "Times": ("Times-Roman", "Times-Bold"),
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
}
MARGIN = inch
COLUMN_GAP = 0.3 * inch


class SourceError(ValueError):
    """A source file uses markup this script does not understand."""


@dataclass
class Block:
    kind: str
    """`title`, `h2`, `h3`, `center`, `para`, `table`, `pagebreak`, `two_column`."""
    text: str = ""
    indent: int = 0
    rows: list[list[str]] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    children: list[Block] = field(default_factory=list)


@dataclass
class Source:
    name: str
    meta: dict[str, str]
    blocks: list[Block]


# --------------------------------------------------------------------------- parsing


def parse(text: str, name: str = "<source>") -> Source:
    lines = text.splitlines()
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        try:
            end = lines.index("---", 1)
        except ValueError as exc:
            raise SourceError(f"{name}: front matter is not closed with ---") from exc
        for raw in lines[1:end]:
            key, sep, value = raw.partition(":")
            if not sep:
                raise SourceError(f"{name}: bad front-matter line {raw!r}")
            meta[key.strip()] = value.strip()
        lines = lines[end + 1 :]
    blocks, rest = _parse_blocks(iter(lines), name, closing=None)
    if rest is not None:
        raise SourceError(f"{name}: unexpected {rest}")
    return Source(name=name, meta=meta, blocks=blocks)


def _parse_blocks(
    lines: Iterator[str], name: str, closing: str | None
) -> tuple[list[Block], str | None]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(_paragraph(para))
            para.clear()

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("%%"):
            continue
        if not stripped:
            flush()
            continue
        if stripped.startswith("[/"):
            flush()
            if stripped != closing:
                raise SourceError(f"{name}: {stripped} without its opening block")
            return blocks, None
        if stripped == "[pagebreak]":
            flush()
            blocks.append(Block("pagebreak"))
        elif stripped.startswith("[table"):
            flush()
            blocks.append(_parse_table(stripped, lines, name))
        elif stripped == "[two-column]":
            flush()
            children, _ = _parse_blocks(lines, name, closing="[/two-column]")
            blocks.append(Block("two_column", children=children))
        elif stripped.startswith("#") and not para:
            level = len(stripped) - len(stripped.lstrip("#"))
            kind = {1: "title", 2: "h2", 3: "h3"}.get(level)
            if kind is None:
                raise SourceError(f"{name}: heading level {level} is not supported")
            blocks.append(Block(kind, text=stripped[level:].strip()))
        else:
            para.append(line)
    flush()
    if closing is not None:
        raise SourceError(f"{name}: {closing} is missing")
    return blocks, None


def _paragraph(lines: list[str]) -> Block:
    first = lines[0].strip()
    kind, indent = "para", 0
    if first.startswith("^ "):
        kind = "center"
        lines = [first[2:], *lines[1:]]
    elif first.startswith(">"):
        indent = len(first) - len(first.lstrip(">"))
        lines = [first[indent:].strip(), *lines[1:]]
    parts: list[str] = []
    for line in lines:
        line = line.strip()
        if line.endswith("\\"):
            parts.append(_inline(line[:-1].rstrip()) + "<br/>")
        else:
            parts.append(_inline(line) + " ")
    return Block(kind, text="".join(parts).strip(), indent=indent)


def _parse_table(opening: str, lines: Iterator[str], name: str) -> Block:
    options: dict[str, str] = {}
    for word in opening.strip("[]").split()[1:]:
        key, _, value = word.partition("=")
        options[key] = value
    rows: list[list[str]] = []
    for raw in lines:
        stripped = raw.strip()
        if stripped == "[/table]":
            break
        if not stripped or stripped.startswith("%%"):
            continue
        rows.append([cell.strip() for cell in stripped.strip("|").split("|")])
    else:
        raise SourceError(f"{name}: [/table] is missing")
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Block("table", rows=rows, options=options)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def _inline(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BOLD.sub(r"<b>\1</b>", text)
    return _ITALIC.sub(r"<i>\1</i>", text)


# --------------------------------------------------------------------------- rendering


@dataclass
class Styles:
    body: ParagraphStyle
    title: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    center: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    regular_font: str
    bold_font: str


def _styles(meta: dict[str, str]) -> Styles:
    family = meta.get("font", "Times")
    if family not in FONTS:
        raise SourceError(f"font {family!r}: use one of {', '.join(FONTS)}")
    regular, bold = FONTS[family]
    size = float(meta.get("size", "10"))
    align = {"justify": TA_JUSTIFY, "left": TA_LEFT}[meta.get("align", "justify")]
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=size,
        leading=size * 1.3,
        alignment=align,
        spaceAfter=size * 0.6,
    )
    return Styles(
        body=body,
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=size + 4,
            leading=(size + 4) * 1.25,
            alignment=TA_CENTER,
            spaceAfter=size,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=size + 1,
            leading=(size + 1) * 1.3,
            alignment=TA_LEFT,
            spaceBefore=size * 0.6,
            spaceAfter=size * 0.4,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=bold,
            alignment=TA_LEFT,
            spaceBefore=size * 0.3,
            keepWithNext=1,
        ),
        center=ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        cell=ParagraphStyle(
            "cell",
            parent=body,
            fontSize=size - 1,
            leading=(size - 1) * 1.25,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        cell_bold=ParagraphStyle(
            "cell_bold",
            parent=body,
            fontName=bold,
            fontSize=size - 1,
            leading=(size - 1) * 1.25,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        regular_font=regular,
        bold_font=bold,
    )


def _flowables(blocks: list[Block], styles: Styles, frame_width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if block.kind == "pagebreak":
            out.append(PageBreak())
        elif block.kind == "two_column":
            column = (frame_width - COLUMN_GAP) / 2
            out += [NextPageTemplate("two"), PageBreak()]
            out += _flowables(block.children, styles, column)
            out += [NextPageTemplate("one"), PageBreak()]
        elif block.kind == "table":
            out.append(_table(block, styles, frame_width))
        elif block.kind in ("title", "h2", "h3", "center"):
            out.append(
                Paragraph(
                    _inline(block.text) if block.kind != "center" else block.text,
                    getattr(styles, block.kind),
                )
            )
        else:
            style = styles.body
            if block.indent:
                style = ParagraphStyle(
                    f"indent{block.indent}",
                    parent=styles.body,
                    leftIndent=0.35 * inch * block.indent,
                )
            out.append(Paragraph(block.text, style))
    return out


def _table(block: Block, styles: Styles, frame_width: float) -> Table:
    header = "header" in block.options
    ncols = len(block.rows[0])
    if "widths" in block.options:
        percents = [float(p) for p in block.options["widths"].split(",")]
        if len(percents) != ncols:
            raise SourceError(f"table widths {percents} do not match {ncols} columns")
    else:
        percents = [100 / ncols] * ncols
    widths = [frame_width * p / 100 for p in percents]
    data = [
        [
            Paragraph(_inline(cell), styles.cell_bold if header and i == 0 else styles.cell)
            for cell in row
        ]
        for i, row in enumerate(block.rows)
    ]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if "plain" not in block.options:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)))
    table.setStyle(TableStyle(commands))
    table.spaceAfter = styles.body.spaceAfter
    return table


def render(source_path: Path, out_path: Path) -> int:
    """Render one source file to `out_path`; return the number of pages."""
    source = parse(source_path.read_text(encoding="utf-8"), source_path.name)
    styles = _styles(source.meta)
    title = source.meta.get("title") or next(
        (re.sub(r"<[^>]+>", "", b.text) for b in source.blocks if b.kind == "title"),
        source_path.stem,
    )
    footer = source.meta.get("footer", "")
    width, height = LETTER
    frame_width = width - 2 * MARGIN
    frame_height = height - 2 * MARGIN
    column = (frame_width - COLUMN_GAP) / 2

    def on_page(canvas, doc) -> None:
        # Drawn at the end of the page so the footer follows the body in the text layer.
        canvas.saveState()
        canvas.setFont(styles.regular_font, 8)
        text = f"{footer}    Page {doc.page}" if footer else f"Page {doc.page}"
        canvas.drawCentredString(width / 2, MARGIN / 2, text)
        canvas.restoreState()

    doc = BaseDocTemplate(
        str(out_path),
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="revrec eval set (fictional contract)",
        subject="Fictional contract for the revrec ASC 606 eval set",
        creator="eval_set/build_pdfs.py",
        keywords=[],
        invariant=1,
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "one",
                [Frame(MARGIN, MARGIN, frame_width, frame_height, id="body")],
                onPageEnd=on_page,
            ),
            PageTemplate(
                "two",
                [
                    Frame(MARGIN, MARGIN, column, frame_height, id="left"),
                    Frame(MARGIN + column + COLUMN_GAP, MARGIN, column, frame_height, id="right"),
                ],
                onPageEnd=on_page,
            ),
        ]
    )
    story = _flowables(source.blocks, styles, frame_width)
    while story and isinstance(story[-1], (PageBreak, NextPageTemplate)):
        story.pop()
    story.append(Spacer(1, 1))
    doc.build(story)
    return doc.page


def sources() -> list[Path]:
    return sorted(SOURCES_DIR.glob("*.md"))


def build_all(out_dir: Path) -> dict[str, int]:
    """Render every source into `out_dir`; return pages per PDF name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {f"{src.stem}.pdf": render(src, out_dir / f"{src.stem}.pdf") for src in sources()}


def check(pdf_dir: Path = PDF_DIR) -> list[str]:
    """Problems that make the committed PDFs differ from a fresh render (empty when up to date)."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh_dir = Path(tmp)
        build_all(fresh_dir)
        fresh = {p.name for p in fresh_dir.glob("*.pdf")}
        committed = {p.name for p in pdf_dir.glob("*.pdf")}
        problems += [
            f"{name}: missing, run eval_set/build_pdfs.py" for name in sorted(fresh - committed)
        ]
        problems += [
            f"{name}: no source in eval_set/sources/" for name in sorted(committed - fresh)
        ]
        for name in sorted(fresh & committed):
            if (fresh_dir / name).read_bytes() != (pdf_dir / name).read_bytes():
                problems.append(f"{name}: differs from a fresh render, run eval_set/build_pdfs.py")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare committed PDFs with a fresh render"
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"{len(sources())} PDFs up to date")
        return 1 if problems else 0
    for name, pages in build_all(PDF_DIR).items():
        print(f"{name}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
