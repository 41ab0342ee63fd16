"""Blocks -> the body of a frame document (docx_xml's paragraphs and tables): styles,
lists with restarts, tables with merged header cells, links, keep-with-next."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.styles import BabelFish

from ..errors import SetupError
from ..text.document import (
    PAGE_BREAK,
    Block,
    Container,
    Contents,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
    header_grid,
    is_bold_heading,
)
from . import docx_xml as x
from .docx_layout import keep_block_with_text, keep_heading, signature_table
from .soft_hyphens import WORD

# Container name -> paragraph style of the frame.
CONTAINER_STYLES = {
    "titel": "ZV Titel",
    "parteien": "ZV Parteien",
    "formel": "ZV Formel",
    "unterschriften": "ZV Unterschrift",
}
_PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'
_AFTER_TABLE = Pt(8).twips
_INDENT = Pt(18).twips
_SIGN_SPACE = Pt(36).twips

# A numbering instance for an ordered list: (abstract numbering id, start) -> its numId.
Numbers = Callable[[int, int], int]


def style_ids(doc: Any) -> dict[str, str]:
    """Style name -> id. python-docx looks a style name up by scanning all styles on every
    paragraph; the frame's names map to ids once instead."""
    return {BabelFish.internal2ui(name.get(qn("w:val"))): style.get(qn("w:styleId"))
            for style in doc.styles.element.iterchildren(qn("w:style"))
            if (name := style.find(qn("w:name"))) is not None}


def doc_numbers(doc: Any) -> Numbers:
    """Numbering instances added to the document's own numbering part (python-docx)."""
    def add(abstract: int, start: int) -> int:
        numbering = doc.part.numbering_part.numbering_definitions._numbering
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)
    return add


class Builder:
    """Builds blocks into `items`. `ids` (style names) and `typed` (table and character
    style ids, list abstract numberings, the text width) are kept with a prepared frame."""

    def __init__(self, doc: Any, ids: dict[str, str] | None = None,
                 typed: dict[tuple[str, Any], Any] | None = None,
                 numbers: Numbers | None = None) -> None:
        self.doc = doc
        self.part = doc.part
        self.style_ids = ids if ids is not None else style_ids(doc)
        self._typed_ids: dict[tuple[str, Any], Any] = typed if typed is not None else {}
        self._numbers = numbers if numbers is not None else doc_numbers(doc)
        if ("width", None) not in self._typed_ids:
            self._typed_ids["width", None] = int(doc._block_width)
        self.width: int = self._typed_ids["width", None]
        self.items: list[x.Item] = []
        self.names: frozenset[str] = frozenset()  # words never hyphenated (proper names)

    def _style_id(self, name: str, kind: Any) -> str | None:
        """The id python-docx sets for a table or character style, looked up once."""
        if (name, kind) not in self._typed_ids:
            self._typed_ids[name, kind] = self.part.get_style_id(self.doc.styles[name], kind)
        style_id: str | None = self._typed_ids[name, kind]
        return style_id

    def _paragraph_style(self, style: str) -> str:
        style_id = self.style_ids.get(style)
        if style_id is None:
            raise SetupError(f"Absatzformat '{style}' fehlt in frame.docx")
        return style_id

    def add_paragraph(self, style: str | None) -> x.P:
        items = self.items
        para = x.P(self._paragraph_style(style) if style is not None else None)
        if items and items[-1].__class__ is x.Tbl:
            # A table has no spacing of its own: the paragraph after it keeps a distance.
            para.ppr = True
            para.before = _AFTER_TABLE
        items.append(para)
        return para

    def block(self, block: Block, style: str | None) -> None:
        if isinstance(block, Heading):
            para = self.add_paragraph(f"Heading {min(block.level, 5)}")
            self.runs(para, block.runs)
        elif isinstance(block, Paragraph):
            para = self.add_paragraph(style)
            self.runs(para, block.runs)
            if style is None and is_bold_heading(block.runs):
                keep_heading(para)
        elif isinstance(block, ListBlock):
            self.list(block, 0)
        elif isinstance(block, Table):
            self.table(block, style)
        elif isinstance(block, Contents):
            self.contents(block, style)
        else:
            assert isinstance(block, Container)
            if block.name == PAGE_BREAK:
                self.add_paragraph(style).runs.append(_PAGE_BREAK)
                return
            inner = CONTAINER_STYLES.get(block.name, style)
            signatures = block.name == "unterschriften"
            before = self.items[-1] if self.items else None
            start = len(self.items)
            for child in block.children:
                if isinstance(child, Table) and signatures:
                    self.table(child, inner, signature=True)
                else:
                    self.block(child, inner)
            if signatures:
                keep_block_with_text(self.items[start:], before)

    def list(self, block: ListBlock, depth: int) -> None:
        base = "List Number" if block.ordered else "List Bullet"
        style = base if depth == 0 else f"{base} {min(depth + 1, 3)}"
        num_id = self._restart(style, block.start) if block.ordered else None
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, ListBlock):
                    self.list(child, depth + 1)
                    continue
                if isinstance(child, Paragraph | Heading):
                    para = self.add_paragraph(style if first else None)
                    if not first:
                        para.set(left=_INDENT * (depth + 1))
                    elif num_id:
                        para.set(num=num_id)
                    self.runs(para, child.runs)
                    if is_bold_heading(child.runs):
                        keep_heading(para)
                    first = False
                else:
                    self.block(child, None)

    def table(self, block: Table, style: str | None, signature: bool = False) -> None:
        rows = ([block.header] if any(block.header) else []) + list(block.rows)
        columns = max(len(r) for r in rows) if rows else 1
        last = self.items[-1] if self.items else None
        if isinstance(last, x.Tbl):
            # Word joins two tables that touch into one: an empty paragraph between.
            last = x.P()
            self.items.append(last)
        if not signature and isinstance(last, x.P):
            # The paragraph that introduces a table ("... wie folgt:") stays on its page.
            last.set(keep=True)
        column = Emu(self.width // columns).twips if columns > 0 else 0
        table = x.Tbl(None if signature else self._style_id("Table Grid", WD_STYLE_TYPE.TABLE),
                      signature, [column] * columns)
        self.items.append(table)
        # Several header rows are filled after the loop, once their cells are merged.
        spanned = block.header_rows > 1 and not signature and bool(block.header)
        cell_style = self.style_ids[style or "ZV Tabelle"] if rows else ""
        header = bool(block.header) and any(block.header) and not signature
        for r, row in enumerate(rows):
            cells = [x.Tc(column, x.P(cell_style)) for _ in range(columns)]
            table.rows.append(x.Tr(cells))
            empty = not any(row)
            for c, cell in enumerate(cells):
                if spanned and r < block.header_rows:
                    continue
                self.runs(cell.p, row[c] if c < len(row) else (), bold=header and r == 0)
                if signature and empty:
                    cell.p.set(before=_SIGN_SPACE)
            if not signature:
                # Rows keep together; a table longer than a page still breaks, and then
                # its header rows repeat.
                keep = r < len(rows) - 1
                for cell in cells:
                    cell.p.keep = keep
        if signature:
            signature_table(table, rows, self.width)
        if spanned:
            self._header_cells(table, block)
        if not signature:
            for tr in table.rows[:block.header_rows if spanned else 1]:
                tr.header = True

    def _header_cells(self, table: x.Tbl, block: Table) -> None:
        """Merge the cells of a multi-row header as its empty cells say, then fill them:
        each row's first cell swallows the others (widths added, gridSpan), the rows are
        joined by vMerge (what python-docx's merge does to empty cells)."""
        grid = [list(tr.cells) for tr in table.rows]  # before merging
        for r, row in enumerate(header_grid(block)):
            for cell in row:
                target = grid[r][cell.column]
                if cell.colspan > 1 or cell.rowspan > 1:
                    for i in range(cell.rowspan):
                        line = grid[r + i][cell.column:cell.column + cell.colspan]
                        first = line[0]
                        first.vmerge = (None if cell.rowspan == 1
                                        else "restart" if i == 0 else "continue")
                        for other in line[1:]:
                            if first.width and other.width:
                                first.width += other.width
                            first.span += other.span
                            table.rows[r + i].cells.remove(other)
                    target.center = True
                if cell.colspan > 1:
                    target.p.set(jc="center")
                self.runs(target.p, cell.runs, bold=True)

    def runs(self, para: x.P, runs: Inline, bold: bool = False) -> None:
        out = para.runs
        for run in runs:
            if run.href is None and run.text != "\n":
                if self.names:
                    out.extend(self._name_runs(run.text, run.bold or bold, run.italic))
                else:
                    out.append(x.run(run.text, run.bold or bold, run.italic))
            elif run.text == "\n":
                out.append(x.BREAK)
            else:
                r_id = self.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK,
                                           is_external=True)
                style = self._style_id("Hyperlink", WD_STYLE_TYPE.CHARACTER)
                out.append(x.link(r_id, style, run.text, run.bold or bold, run.italic))

    def contents(self, block: Contents, style: str | None) -> None:
        """A table of contents as Word's TOC field: its entries written as the field's
        result (headings, dot leader, page number), so that the document opens complete
        and Word can update it. The page numbers are filled in where LibreOffice makes
        the PDF (`toc_pages`); until then they are empty."""
        leader = (f'<w:tabs><w:tab w:val="right" w:leader="dot" '
                  f'w:pos="{Emu(self.width).twips}"/></w:tabs>')
        last = len(block.entries) - 1
        top = min(level for level, _, _ in block.entries) if block.entries else 1
        for k, (level, runs, _) in enumerate(block.entries):
            para = self.add_paragraph(style)
            para.set(tab=leader, hyphens=True, jc="left",
                     left=_INDENT * (level - top) if level > top else None)
            if k == 0:
                para.runs.append(x.TOC_BEGIN.format(levels=block.levels))
            self.runs(para, runs)
            para.runs += ["<w:r><w:tab/></w:r>", x.toc_page("")]
            if k == last:
                para.runs.append(x.TOC_END)

    def _name_runs(self, text: str, bold: bool, italic: bool) -> builtins.list[str]:
        """The text as runs, the words of proper names in runs of their own that are
        never hyphenated."""
        out: builtins.list[str] = []  # `list` is a method of this class
        start = 0
        for match in WORD.finditer(text):
            if match.group(0).lower() in self.names:
                if match.start() > start:
                    out.append(x.run(text[start:match.start()], bold, italic))
                out.append(x.name_run(match.group(0), bold, italic))
                start = match.end()
        if start < len(text) or not out:
            out.append(x.run(text[start:], bold, italic))
        return out

    def _restart(self, style: str, start: int) -> int:
        """A fresh numbering instance, so every ordered list counts from its own start."""
        key = (style, "abstractNum")
        if key not in self._typed_ids:
            numbering = self.part.numbering_part.numbering_definitions._numbering
            style_el = self.doc.styles[style].element
            num_pr = style_el.pPr.numPr if style_el.pPr is not None else None
            self._typed_ids[key] = (
                None if num_pr is None or num_pr.numId is None
                else numbering.num_having_numId(num_pr.numId.val).abstractNumId.val)
        abstract = self._typed_ids[key]
        if abstract is None:
            return 0
        return self._numbers(abstract, start)
