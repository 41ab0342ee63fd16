"""The DOCX body as a small tree of paragraphs and tables, written straight to XML text.

The builder (docx_body.py) and the layout rules (docx_layout.py) set properties on
these objects; `body_xml` writes them with the children in the schema's order and
attributes, escaping and empty-element forms as lxml serialises the same tree inside the
frame's w:document (whose root declares the w: and r: prefixes). So no element is made,
searched, serialised and parsed again per agreement.
"""

from __future__ import annotations

from typing import Any

from ..text.typografie import NB_HYPHEN

# What lxml refuses in text (it raises ValueError when such text is set): control
# characters; in UTF-8 these bytes stand for themselves only.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 13))
_TBL_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
             'w:noHBand="0" w:noVBand="1" w:val="04A0"/>')
_CELL_MARGINS = ('<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" '
                 'w:type="dxa"/></w:tblCellMar>')
_TOP_LINE = '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'


def text(value: str) -> str:
    """Character data as libxml2 writes it."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def attr(value: str) -> str:
    """An attribute value as libxml2 writes it (in double quotes)."""
    return (text(value).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


def check(xml: bytes) -> None:
    """Raise as lxml would for text it cannot hold (UTF-8 text; a lone surrogate has
    already failed to encode, as it does in lxml)."""
    if len(xml.translate(None, _CONTROL)) != len(xml):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL "
                         "bytes or control characters")


def run_texts(value: str) -> str:
    """The w:t (one per stretch) and w:noBreakHyphen of a run's text."""
    if NB_HYPHEN not in value:
        return f'<w:t xml:space="preserve">{text(value)}</w:t>' if value else ""
    out = []
    for i, part in enumerate(value.split(NB_HYPHEN)):
        if i:
            out.append("<w:noBreakHyphen/>")
        if part:
            out.append(f'<w:t xml:space="preserve">{text(part)}</w:t>')
    return "".join(out)


def run(value: str, bold: bool, italic: bool) -> str:
    inner = run_texts(value)
    if bold or italic:
        inner = ("<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
                 + "</w:rPr>" + inner)
    return f"<w:r>{inner}</w:r>" if inner else "<w:r/>"


# A table of contents as Word writes it: a TOC field around its entries; the page number
# of each entry is a run of its own that only the field's result shows (w:webHidden).
TOC_BEGIN = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
             'xml:space="preserve"> TOC \\o "1-{levels}" \\h \\z \\u </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
TOC_PAGE = "<w:r><w:rPr><w:webHidden/></w:rPr>"


def toc_page(page: str) -> str:
    """The run of an entry's page number (empty: not known yet)."""
    return TOC_PAGE + (f"<w:t>{text(page)}</w:t></w:r>" if page else "<w:t/></w:r>")
TOC_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def name_run(value: str, bold: bool, italic: bool) -> str:
    """A run in no language (zxx): Word and LibreOffice do not hyphenate it."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + '<w:lang w:val="zxx"/>'
    return f"<w:r><w:rPr>{props}</w:rPr>{run_texts(value)}</w:r>"


def link(r_id: str, style: str | None, value: str, bold: bool, italic: bool) -> str:
    props = ((f'<w:rStyle w:val="{attr(style)}"/>' if style is not None else "")
             + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else ""))
    rpr = f"<w:rPr>{props}</w:rPr>" if props else "<w:rPr/>"
    return f'<w:hyperlink r:id="{attr(r_id)}"><w:r>{rpr}{run_texts(value)}</w:r></w:hyperlink>'


BREAK = "<w:r><w:br/></w:r>"


class P:
    """A paragraph: its w:pPr (made by the first property set, as python-docx does) and
    its runs as finished XML. Properties not set keep the class's defaults."""

    ppr = False
    style: str | None = None
    keep: bool | None = None  # w:keepNext: on, val="0" or absent
    num: int | None = None
    border = False
    tab: str | None = None  # a w:tabs element
    hyphens = False  # w:suppressAutoHyphens
    before: int | None = None  # w:spacing/@w:before in twips
    left: int | None = None
    right: int | None = None
    jc: str | None = None

    def __init__(self, style: str | None = None) -> None:
        self.runs: list[str] = []
        if style is not None:
            self.ppr = True
            self.style = style

    def set(self, **values: Any) -> None:
        """Set properties; the first makes the w:pPr (python-docx's get_or_add_pPr)."""
        self.ppr = True
        for key, value in values.items():
            setattr(self, key, value)

    def xml(self, out: list[str]) -> None:
        if not self.ppr:
            out.append(f"<w:p>{''.join(self.runs)}</w:p>" if self.runs else "<w:p/>")
            return
        key = (self.style, self.keep, self.num, self.border, self.tab, self.hyphens,
               self.before, self.left, self.right, self.jc)
        start = _PPR.get(key)
        if start is None:
            if len(_PPR) > 4096:
                _PPR.clear()
            start = _PPR[key] = _paragraph_start(*key)
        out.append(start)
        out.extend(self.runs)
        out.append("</w:p>")


# Paragraph properties -> the paragraph's start tag and w:pPr, written once each.
_PPR: dict[tuple[Any, ...], str] = {}


def _paragraph_start(style: str | None, keep: bool | None, num: int | None, border: bool,
                     tab: str | None, hyphens: bool, before: int | None, left: int | None,
                     right: int | None, jc: str | None) -> str:
    out = []
    if style is not None:
        out.append(f'<w:pStyle w:val="{attr(style)}"/>')
    if keep is not None:
        out.append("<w:keepNext/>" if keep else '<w:keepNext w:val="0"/>')
    if num is not None:
        out.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>')
    if border:
        out.append(_TOP_LINE)
    if tab is not None:
        out.append(tab)
    if hyphens:
        out.append("<w:suppressAutoHyphens/>")
    if before is not None:
        out.append(f'<w:spacing w:before="{before}"/>')
    if left is not None or right is not None:
        out.append("<w:ind" + (f' w:left="{left}"' if left is not None else "")
                   + (f' w:right="{right}"' if right is not None else "") + "/>")
    if jc is not None:
        out.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:p><w:pPr>{''.join(out)}</w:pPr>" if out else "<w:p><w:pPr/>"


class Tc:
    __slots__ = ("center", "p", "span", "vmerge", "width")

    def __init__(self, width: int | None, p: P) -> None:
        self.width = width
        self.span = 1
        self.vmerge: str | None = None
        self.center = False
        self.p = p


class Tr:
    __slots__ = ("cant_split", "cells", "header")

    def __init__(self, cells: list[Tc]) -> None:
        self.header = False
        self.cant_split = False
        self.cells = cells


class Tbl:
    __slots__ = ("grid", "rows", "signature", "style")

    def __init__(self, style: str | None, signature: bool, grid: list[int]) -> None:
        self.style = style
        self.signature = signature
        self.grid = grid
        self.rows: list[Tr] = []

    def paragraphs(self) -> list[P]:
        return [tc.p for tr in self.rows for tc in tr.cells]

    def xml(self, out: list[str]) -> None:
        out.append("<w:tbl><w:tblPr>")
        if self.signature:
            out.append('<w:tblW w:w="5000" w:type="pct"/><w:jc w:val="left"/>')
            out.append(_CELL_MARGINS)
        else:
            if self.style is not None:
                out.append(f'<w:tblStyle w:val="{attr(self.style)}"/>')
            out.append('<w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/>')
        out.append(_TBL_LOOK)
        out.append("</w:tblPr>")
        if self.grid:
            out.append("<w:tblGrid>")
            out.extend(f'<w:gridCol w:w="{w}"/>' for w in self.grid)
            out.append("</w:tblGrid>")
        else:
            out.append("<w:tblGrid/>")
        for tr in self.rows:
            if not tr.cells and not tr.header and not tr.cant_split:
                out.append("<w:tr/>")
                continue
            out.append("<w:tr>")
            if tr.header:
                out.append("<w:trPr><w:tblHeader/></w:trPr>")
            elif tr.cant_split:
                out.append("<w:trPr><w:cantSplit/></w:trPr>")
            for tc in tr.cells:
                out.append("<w:tc>")
                props = []
                if tc.width is not None:
                    props.append(f'<w:tcW w:type="dxa" w:w="{tc.width}"/>')
                if tc.span > 1:
                    props.append(f'<w:gridSpan w:val="{tc.span}"/>')
                if tc.vmerge is not None:
                    props.append("<w:vMerge/>" if tc.vmerge == "continue"
                                 else f'<w:vMerge w:val="{tc.vmerge}"/>')
                if tc.center:
                    props.append('<w:vAlign w:val="center"/>')
                if props:
                    out.append("<w:tcPr>" + "".join(props) + "</w:tcPr>")
                tc.p.xml(out)
                out.append("</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")


Item = P | Tbl


def body_xml(items: list[Item]) -> str:
    """The body's elements as lxml serialises them inside the frame's document."""
    out: list[str] = []
    for item in items:
        item.xml(out)
    return "".join(out)
