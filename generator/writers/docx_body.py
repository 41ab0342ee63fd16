"""Blocks -> WordprocessingML body elements (w:p, w:tbl) in a frame document: styles,
lists with restarts, tables with merged header cells, links, keep-with-next."""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.styles import BabelFish
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from ..document import (
    Block,
    Container,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
    header_grid,
    is_bold_heading,
)
from ..errors import SetupError
from ..typografie import NB_HYPHEN
from .docx_layout import (
    element,
    keep_block_with_text,
    keep_heading,
    paragraph_properties,
    set_keep_next,
    signature_table,
)

# Container name -> paragraph style of the frame.
CONTAINER_STYLES = {
    "titel": "ZV Titel",
    "parteien": "ZV Parteien",
    "formel": "ZV Formel",
    "unterschriften": "ZV Unterschrift",
}
_TBL, _SECT_PR, _PSTYLE, _VAL = qn("w:tbl"), qn("w:sectPr"), qn("w:pStyle"), qn("w:val")
_SPACE, _TYPE, _W = qn("xml:space"), qn("w:type"), qn("w:w")


def _text(run: Any, text: str) -> None:
    _append_text(run._r, text)


def _append_text(r: Any, text: str) -> None:
    """One w:t per run; python-docx's text setter walks the string char by char.

    A non-breaking hyphen is Word's own element, not a character the font may lack.
    """
    for i, part in enumerate(text.split(NB_HYPHEN)):
        if i:
            r.append(element("w:noBreakHyphen"))
        if part:
            t = element("w:t")
            t.text = part
            t.set(_SPACE, "preserve")
            r.append(t)


def _column_widths(table: Any) -> list[str | None]:
    """The w:w of a cell in each grid column, as python-docx's `tc.width =` writes it."""
    return [str(Emu(col.w).twips) if col.w is not None else None
            for col in table._tbl.tblGrid.gridCol_lst]


def _add_row(tbl: Any, widths: list[str | None]) -> list[Any]:
    """table.add_row() without python-docx's schema searches: a w:tr with one w:tc per grid
    column, each with its width and an empty paragraph. Returns the cells."""
    tr = element("w:tr")
    tbl.append(tr)
    cells = []
    for width in widths:
        tc = element("w:tc")
        if width is not None:
            tc_pr = element("w:tcPr")
            tc_w = element("w:tcW")
            tc_w.set(_TYPE, "dxa")
            tc_w.set(_W, width)
            tc_pr.append(tc_w)
            tc.append(tc_pr)
        tc.append(element("w:p"))
        tr.append(tc)
        cells.append(tc)
    return cells


def _merge(region: list[list[Any]]) -> Any:
    """What python-docx's CT_Tc.merge does to a rectangle of empty, unmerged cells (rows
    of w:tc, top down), without its searches through the whole table for each step: each
    row's first cell swallows the others (widths added, gridSpan), the rows joined by
    vMerge. Returns the top-left w:tc."""
    height = len(region)
    for i, line in enumerate(region):
        tc = line[0]
        for other in line[1:]:
            tc._add_width_of(other)
            tc.grid_span += other.grid_span
            other._remove()
        tc.vMerge = None if height == 1 else ("restart" if i == 0 else "continue")
    return region[0][0]


def _set_style(p: Any, style_id: str) -> None:
    """The paragraph's w:pStyle (first in w:pPr), as python-docx's `pPr.style =` sets it."""
    ppr = paragraph_properties(p)
    style = ppr[0] if len(ppr) and ppr[0].tag == _PSTYLE else None
    if style is None:
        style = element("w:pStyle")
        ppr.insert(0, style)
    style.set(_VAL, style_id)


def style_ids(doc: Any) -> dict[str, str]:
    """Style name -> id. python-docx looks a style name up by scanning all styles on every
    paragraph; the frame's names map to ids once instead."""
    return {BabelFish.internal2ui(name.get(qn("w:val"))): style.get(qn("w:styleId"))
            for style in doc.styles.element.iterchildren(qn("w:style"))
            if (name := style.find(qn("w:name"))) is not None}


class Builder:
    def __init__(self, doc: Any, ids: dict[str, str] | None = None,
                 typed: dict[tuple[str, Any], Any] | None = None) -> None:
        self.doc = doc
        self.part = doc.part
        self.style_ids = ids if ids is not None else style_ids(doc)
        # Table and character style ids, kept with the prepared frame.
        self._typed_ids: dict[tuple[str, Any], Any] = typed if typed is not None else {}

    def _style_id(self, name: str, kind: Any) -> str | None:
        """The id python-docx sets for a table or character style, looked up once."""
        if (name, kind) not in self._typed_ids:
            self._typed_ids[name, kind] = self.part.get_style_id(self.doc.styles[name], kind)
        style_id: str | None = self._typed_ids[name, kind]
        return style_id

    def add_paragraph(self, target: Any, style: str | None) -> Any:
        after_table = self._last_element(target)
        para = self._append_paragraph(target)
        if after_table is not None and after_table.tag == _TBL:
            # A table has no spacing of its own: the paragraph after it keeps a distance.
            para.paragraph_format.space_before = Pt(8)
        if style is not None:
            style_id = self.style_ids.get(style)
            if style_id is None:
                raise SetupError(f"Absatzformat '{style}' fehlt in frame.docx")
            _set_style(para._p, style_id)
        return para

    @staticmethod
    def _append_paragraph(target: Any) -> Any:
        """target.add_paragraph() without python-docx's search for a w:sectPr to keep last
        (the body being built has none until its end)."""
        body = target._element
        p = element("w:p")
        if len(body) and body[-1].tag == _SECT_PR:
            body[-1].addprevious(p)
        else:
            body.append(p)
        return DocxParagraph(p, target)

    def block(self, block: Block, style: str | None, container: Any = None) -> None:
        target = container if container is not None else self.doc
        if isinstance(block, Heading):
            para = self.add_paragraph(target, f"Heading {min(block.level, 5)}")
            self.runs(para, block.runs)
        elif isinstance(block, Paragraph):
            para = self.add_paragraph(target, style)
            self.runs(para, block.runs)
            if style is None and is_bold_heading(block.runs):
                keep_heading(para)
        elif isinstance(block, ListBlock):
            self.list(block, target, 0)
        elif isinstance(block, Table):
            self.table(block, style, target)
        else:
            assert isinstance(block, Container)
            inner = CONTAINER_STYLES.get(block.name, style)
            body = target._element if block.name == "unterschriften" else None
            before = self._last_element(target)
            start = len(body) if body is not None else 0
            for child in block.children:
                if isinstance(child, Table) and block.name == "unterschriften":
                    self.table(child, inner, target, signature=True)
                else:
                    self.block(child, inner, container)
            if body is not None:
                added = [el for el in list(body)[start:] if el.tag != qn("w:sectPr")]
                keep_block_with_text(added, before)

    def list(self, block: ListBlock, target: Any, depth: int) -> None:
        base = "List Number" if block.ordered else "List Bullet"
        style = base if depth == 0 else f"{base} {min(depth + 1, 3)}"
        num_id = self._restart(style, block.start) if block.ordered else None
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, ListBlock):
                    self.list(child, target, depth + 1)
                    continue
                if isinstance(child, Paragraph | Heading):
                    para = self.add_paragraph(target, style if first else None)
                    if not first:
                        para.paragraph_format.left_indent = Pt(18 * (depth + 1))
                    elif num_id is not None:
                        self._set_num(para, num_id)
                    self.runs(para, child.runs)
                    if is_bold_heading(child.runs):
                        keep_heading(para)
                    first = False
                else:
                    self.block(child, None, target)

    def table(self, block: Table, style: str | None, target: Any,
              signature: bool = False) -> None:
        rows = ([block.header] if any(block.header) else []) + list(block.rows)
        columns = max(len(r) for r in rows) if rows else 1
        self._separate_from_table(target)
        if not signature:
            self._keep_lead_in_with_table(target)
        table = target.add_table(0, columns, self.doc._block_width)
        # On the text margin, like the paragraphs around it.
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        if not signature:
            table._tbl.tblStyle_val = self._style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        else:
            width = element("w:tblW")
            width.set(qn("w:w"), "5000")
            width.set(qn("w:type"), "pct")
            tbl_pr = table._tbl.tblPr
            for old in tbl_pr.findall(qn("w:tblW")):
                tbl_pr.remove(old)
            tbl_pr.append(width)
        # Several header rows are filled after the loop, once their cells are merged.
        spanned = block.header_rows > 1 and not signature and bool(block.header)
        widths = _column_widths(table)
        for r, row in enumerate(rows):
            cells = [_Cell(tc, table) for tc in _add_row(table._tbl, widths)]
            empty = not any(row)
            for c in range(columns):
                para = DocxParagraph(cells[c]._tc[-1], cells[c])
                _set_style(para._p, self.style_ids[style or "ZV Tabelle"])
                if spanned and r < block.header_rows:
                    continue
                content = row[c] if c < len(row) else ()
                header = r == 0 and bool(block.header) and any(block.header) and not signature
                self.runs(para, content, bold=header)
                if signature and empty:
                    para.paragraph_format.space_before = Pt(36)
            if not signature:
                # Rows keep together; a table longer than a page still breaks, and then
                # its header rows repeat.
                for cell in cells:
                    set_keep_next(cell._tc[-1], r < len(rows) - 1)
        if signature:
            signature_table(table, rows, self.doc._block_width)
        if spanned:
            self._header_cells(table, block)
        if not signature:
            self._repeat_header(table, block.header_rows if spanned else 1)

    def _header_cells(self, table: Any, block: Table) -> None:
        """Merge the cells of a multi-row header as its empty cells say, then fill them.

        The grid is read once before merging (table.cell() reads all of it on every call):
        the header's cells do not overlap, so each corner looked up is not merged yet.
        """
        grid, columns = table._cells, table._column_count
        for r, row in enumerate(header_grid(block)):
            for cell in row:
                target = grid[r * columns + cell.column]
                if cell.colspan > 1 or cell.rowspan > 1:
                    region = [[grid[(r + i) * columns + cell.column + j]._tc
                               for j in range(cell.colspan)] for i in range(cell.rowspan)]
                    if all(tc._is_empty for line in region for tc in line):
                        target = _Cell(_merge(region), table)
                    else:
                        corner = ((r + cell.rowspan - 1) * columns + cell.column
                                  + cell.colspan - 1)
                        target = target.merge(grid[corner])
                    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                para = target.paragraphs[0]
                if cell.colspan > 1:
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self.runs(para, cell.runs, bold=True)

    def _keep_lead_in_with_table(self, target: Any) -> None:
        """The paragraph that introduces a table ("... wie folgt:") stays on its page."""
        last = self._last_element(target)
        if last is not None and last.tag == qn("w:p"):
            set_keep_next(last, True)

    @staticmethod
    def _last_element(target: Any) -> Any:
        return next((el for el in reversed(target._element) if el.tag != _SECT_PR), None)

    def _separate_from_table(self, target: Any) -> None:
        """Word joins two tables that touch into one: put an empty paragraph between."""
        last = self._last_element(target)
        if last is not None and last.tag == _TBL:
            self._append_paragraph(target)

    def _repeat_header(self, table: Any, count: int = 1) -> None:
        for row in table.rows[:count]:
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(element("w:tblHeader"))

    def runs(self, para: Any, runs: Inline, bold: bool = False) -> None:
        for run in runs:
            if run.text == "\n":
                para.add_run().add_break()
                continue
            if run.href is not None:
                self._hyperlink(para, run.text, run.href, run.bold or bold, run.italic)
                continue
            r = element("w:r")
            para._p.append(r)
            _append_text(r, run.text)
            # Only what is on, in the schema's order (w:b before w:i), as python-docx's
            # `bold = True` and `italic = True` make it.
            if run.bold or bold or run.italic:
                r_pr = element("w:rPr")
                r.insert(0, r_pr)
                if run.bold or bold:
                    r_pr.append(element("w:b"))
                if run.italic:
                    r_pr.append(element("w:i"))

    def _hyperlink(self, para: Any, text: str, href: str, bold: bool, italic: bool) -> None:
        rel = self.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = element("w:hyperlink")
        link.set(qn("r:id"), rel)
        r = para.add_run()
        r._r.style = self._style_id("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        _text(r, text)
        r.bold = bold or None
        r.italic = italic or None
        link.append(r._r)
        para._p.append(link)

    def _restart(self, style: str, start: int) -> int:
        """A fresh numbering instance, so every ordered list counts from its own start."""
        numbering = self.part.numbering_part.numbering_definitions._numbering
        key = (style, "abstractNum")
        if key not in self._typed_ids:
            style_el = self.doc.styles[style].element
            num_pr = style_el.pPr.numPr if style_el.pPr is not None else None
            self._typed_ids[key] = (
                None if num_pr is None or num_pr.numId is None
                else numbering.num_having_numId(num_pr.numId.val).abstractNumId.val)
        abstract = self._typed_ids[key]
        if abstract is None:
            return 0
        num = numbering.add_num(abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(start)
        return int(num.numId)

    def _set_num(self, para: Any, num_id: int) -> None:
        if num_id:
            num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_numId().val = num_id
            num_pr.get_or_add_ilvl().val = 0
