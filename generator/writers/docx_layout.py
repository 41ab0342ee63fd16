"""Page layout rules of the DOCX body that Word and LibreOffice both honour.

- The signature block (`::: unterschriften`) never breaks across pages and never stands
  alone on a page: every paragraph of the block and the last paragraph of the text before
  it keep with the next one, and no row may split.
- Each signatory gets a signature line (top border of the paragraph under the blank row);
  a place without a date ("Düsseldorf, den") gets an underlined tab to write it on.
- Headings written as a bold paragraph or bold list item stay with the text they head.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.shared import Cm, Emu, Pt
from lxml import etree

from ..document import Inline, plain

# Gap between the signature lines of neighbouring columns, and their longest length.
_LINE_GAP = Cm(0.6)
_LINE_MAX = Cm(8.0)
# The children of w:pPr in the order the schema (CT_PPr) requires.
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
              "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")


@cache
def _prototype(tag: str) -> Any:
    prefixed = NamespacePrefixedTag(tag)
    return oxml_parser.makeelement(prefixed.clark_name, nsmap=prefixed.nsmap)


def element(tag: str) -> Any:
    """python-docx's OxmlElement("w:p") (the same element class and namespaces), copied
    from one made once per tag: several times faster than making it anew."""
    return copy.copy(_prototype(tag))


_PPR, _PSTYLE, _KEEP_NEXT, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext"), qn("w:val")

# The children of w:tblPr in the order the schema (CT_TblPr) requires.
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
                "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
                "tblDescription", "tblPrChange")


def _schema_order(parent: Any, order: tuple[str, ...]) -> None:
    """Sort the children of `parent` into the schema's sequence (unknown ones last)."""
    children = list(parent)
    children.sort(key=lambda el: order.index(etree.QName(el).localname)
                  if etree.QName(el).localname in order else len(order))
    for child in children:
        parent.append(child)


def insert_ppr(ppr: Any, element: Any) -> None:
    """Put `element` into w:pPr at its place in the schema's sequence (Word insists)."""
    name = etree.QName(element).localname
    later = _PPR_ORDER[_PPR_ORDER.index(name) + 1:]
    anchor = next((child for child in ppr if etree.QName(child).localname in later), None)
    if anchor is not None:
        anchor.addprevious(element)
    else:
        ppr.append(element)


def paragraph_properties(p: Any) -> Any:
    """The w:pPr of a paragraph, made as its first child if missing."""
    if len(p) and p[0].tag == _PPR:
        return p[0]
    ppr = element("w:pPr")
    p.insert(0, ppr)
    return ppr


def set_keep_next(p: Any, value: bool | None) -> None:
    """w:keepNext as python-docx's `keep_with_next` sets it (None removes it, False is
    val="0"), without its search through every tag of the schema."""
    ppr = paragraph_properties(p)
    keep = ppr.find(_KEEP_NEXT)
    if value is None:
        if keep is not None:
            ppr.remove(keep)
        return
    if keep is None:
        keep = element("w:keepNext")
        if len(ppr) and ppr[0].tag == _PSTYLE:
            ppr[0].addnext(keep)
        else:
            ppr.insert(0, keep)
    if value:
        keep.attrib.pop(_VAL, None)
    else:
        keep.set(_VAL, "0")


def keep_heading(para: Any) -> None:
    set_keep_next(para._p, True)
    para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    insert_ppr(paragraph_properties(para._p), element("w:suppressAutoHyphens"))


def _keep_next(p: Any, on: bool = True) -> None:
    set_keep_next(p, on or None)


def _paragraphs(element: Any) -> list[Any]:
    return [p for p in element.iter(qn("w:p"))]


def signature_table(table: Any, rows: list[tuple[Inline, ...]], width: int) -> None:
    """Lines and blanks of one signature table whose rows were just filled from `rows`."""
    columns = len(table.columns)
    tbl_pr = table._tbl.tblPr
    # Cell margins of zero put the first column's text on the text margin.
    margins = element("w:tblCellMar")
    for side in ("left", "right"):
        edge = element(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)
    _schema_order(tbl_pr, _TBLPR_ORDER)
    column = Emu(width // max(columns, 1))
    indent = Emu(max(_LINE_GAP, column - _LINE_MAX))
    blank = next((i for i, row in enumerate(rows) if not any(plain(c).strip() for c in row)),
                 None)
    for r, row in enumerate(table.rows):
        row._tr.get_or_add_trPr().append(element("w:cantSplit"))
        for c, cell in enumerate(row.cells):
            para = cell.paragraphs[0]
            para.paragraph_format.right_indent = indent
            text = plain(rows[r][c]).strip() if c < len(rows[r]) else ""
            if blank is not None and r == blank + 1:
                _top_line(para)
            if r < (blank if blank is not None else 1) and text.endswith(", den"):
                _date_blank(para, Emu(column - indent - Cm(0.1)))


def _top_line(para: Any) -> None:
    borders = element("w:pBdr")
    top = element("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    insert_ppr(para._p.get_or_add_pPr(), borders)
    para.paragraph_format.space_before = Pt(2)


def _date_blank(para: Any, end: Emu) -> None:
    """A tab filled with a line to the end of the column: room to write the date.

    A tab leader, not an underlined tab: neither Word nor LibreOffice underlines
    whitespace at the end of a line; and LibreOffice draws the leader only when
    something follows the tab, hence the zero-width space.
    """
    para.paragraph_format.tab_stops.add_tab_stop(end, WD_TAB_ALIGNMENT.RIGHT,
                                                 WD_TAB_LEADER.LINES)
    run = para.add_run(" ")
    run._r.append(element("w:tab"))
    t = element("w:t")
    t.text = "\u200b"
    run._r.append(t)


def keep_block_with_text(elements: list[Any], before: Any) -> None:
    """The signature block stays whole and on the page of the text's last paragraph.

    `elements` are the body elements of the block (tables and the empty paragraphs that
    separate them), `before` the element just before it.
    """
    if before is not None:
        for p in (_paragraphs(before)[-1:] if before.tag == qn("w:p")
                  else _last_row_paragraphs(before)):
            _keep_next(p)
    for el in elements:
        for p in _paragraphs(el) if el.tag == qn("w:tbl") else [el]:
            _keep_next(p)
    # Distance from the text above; tables after the first are set apart by the empty
    # paragraph between them.
    first = next((el for el in elements if el.tag == qn("w:tbl")), None)
    if first is not None:
        for p in _paragraphs(first.find(qn("w:tr"))):
            _space_before(p, Pt(18))
    last = elements[-1] if elements else None
    if last is not None and last.tag == qn("w:tbl"):
        for p in _last_row_paragraphs(last):
            _keep_next(p, False)


def _space_before(p: Any, space: Pt) -> None:
    spacing = p.get_or_add_pPr().get_or_add_spacing()
    spacing.before = space


def _last_row_paragraphs(tbl: Any) -> list[Any]:
    rows = tbl.findall(qn("w:tr"))
    return _paragraphs(rows[-1]) if rows else []
