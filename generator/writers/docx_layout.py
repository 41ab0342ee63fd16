"""Page layout rules of the DOCX body that Word and LibreOffice both honour.

- The signature block (`::: unterschriften`) never breaks across pages and never stands
  alone on a page: every paragraph of the block and the last paragraph of the text before
  it keep with the next one, and no row may split.
- Each signatory gets a signature line (top border of the paragraph under the blank row);
  a place without a date ("Düsseldorf, den") gets an underlined tab to write it on.
- Headings written as a bold paragraph or bold list item stay with the text they head.
"""

from __future__ import annotations

from docx.shared import Cm, Emu, Pt

from ..text.document import Inline, plain
from . import docx_xml as x

# Gap between the signature lines of neighbouring columns, and their longest length.
_LINE_GAP = Cm(0.6)
_LINE_MAX = Cm(8.0)
_LINE_SPACE = Pt(2).twips  # between a signature line and the paragraph's text
_BLOCK_SPACE = Pt(18).twips  # between the text and the signature block
# What follows the date's tab: LibreOffice draws the leader only when something follows.
_DATE_RUN = '<w:r><w:t xml:space="preserve"> </w:t><w:tab/><w:t>\u200b</w:t></w:r>'


def keep_heading(para: x.P) -> None:
    para.set(keep=True, jc="left", hyphens=True)


def signature_table(table: x.Tbl, rows: list[tuple[Inline, ...]], width: int) -> None:
    """Lines and blanks of one signature table whose rows were just filled from `rows`.

    Cell margins of zero (written with the table) put the first column's text on the
    text margin.
    """
    columns = len(table.grid)
    column = Emu(width // max(columns, 1))
    indent = Emu(max(_LINE_GAP, column - _LINE_MAX))
    right = indent.twips
    blank = next((i for i, row in enumerate(rows) if not any(plain(c).strip() for c in row)),
                 None)
    for r, tr in enumerate(table.rows):
        tr.cant_split = True
        for c, cell in enumerate(tr.cells):
            para = cell.p
            para.set(right=right)
            text = plain(rows[r][c]).strip() if c < len(rows[r]) else ""
            if blank is not None and r == blank + 1:
                para.set(border=True, before=_LINE_SPACE)
            if r < (blank if blank is not None else 1) and text.endswith(", den"):
                _date_blank(para, Emu(column - indent - Cm(0.1)))


def _date_blank(para: x.P, end: Emu) -> None:
    """A tab filled with a line to the end of the column: room to write the date.

    A tab leader, not an underlined tab: neither Word nor LibreOffice underlines
    whitespace at the end of a line; and LibreOffice draws the leader only when
    something follows the tab, hence the zero-width space.
    """
    para.set(tab=f'<w:tabs><w:tab w:pos="{end.twips}" w:val="right" '
                 f'w:leader="underscore"/></w:tabs>')
    para.runs.append(_DATE_RUN)


def keep_block_with_text(items: list[x.Item], before: x.Item | None) -> None:
    """The signature block stays whole and on the page of the text's last paragraph.

    `items` are the body elements of the block (tables and the empty paragraphs that
    separate them), `before` the element just before it.
    """
    if before is not None:
        for p in [before] if isinstance(before, x.P) else _last_row(before):
            p.set(keep=True)
    for item in items:
        for p in item.paragraphs() if isinstance(item, x.Tbl) else [item]:
            p.set(keep=True)
    # Distance from the text above; tables after the first are set apart by the empty
    # paragraph between them.
    first = next((item for item in items if isinstance(item, x.Tbl)), None)
    if first is not None and first.rows:
        for cell in first.rows[0].cells:
            cell.p.set(before=_BLOCK_SPACE)
    last = items[-1] if items else None
    if isinstance(last, x.Tbl):
        for p in _last_row(last):
            p.set(keep=None)


def _last_row(table: x.Tbl) -> list[x.P]:
    return [cell.p for cell in table.rows[-1].cells] if table.rows else []
