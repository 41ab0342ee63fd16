"""Tables with several header rows (`::: kopfzeilen-N`) in every format."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn

from generator.text import document
from generator.writers import Job, write

from .conftest import ROOT

KONTAKTDICHTE = """Vorher.

::: kopfzeilen-2
| Kundengruppe | Kontaktdichte | |
| --- | --- | --- |
| | Alt | Neu |
| Marktnahe | monatlich | monatlich |
| Marktferne (UP) | 1 x Jahr | 2 x Jahr |
:::

Nachher.
"""


def _job(text: str) -> Job:
    return Job(markdown=text, blocks=document.parse(text),
               folders=(ROOT / "templates" / "_base",), kurzname="Test", titel="Test",
               jahr=2016, stand=dt.date(2016, 1, 1))


def test_container_marks_header_rows_and_spans() -> None:
    blocks = document.parse(KONTAKTDICHTE)
    table = blocks[1]
    assert isinstance(table, document.Table)
    assert table.header_rows == 2
    grid = [[(document.plain(c.runs), c.column, c.colspan, c.rowspan) for c in row]
            for row in document.header_grid(table)]
    assert grid == [[("Kundengruppe", 0, 1, 2), ("Kontaktdichte", 1, 2, 1)],
                    [("Alt", 1, 1, 1), ("Neu", 2, 1, 1)]]
    assert [document.plain(r[0]) for r in table.rows[1:]] == ["Marktnahe", "Marktferne (UP)"]


def test_one_header_row_has_no_spans() -> None:
    table = document.parse("| A | |\n| --- | --- |\n| x | y |\n")[0]
    assert isinstance(table, document.Table)
    assert table.header_rows == 1
    assert [c.colspan for c in document.header_grid(table)[0]] == [1, 1]


def test_html_has_two_header_rows_with_spans() -> None:
    html = write("html", _job(KONTAKTDICHTE)).decode("utf-8")
    assert ('<tr><th scope="col" rowspan="2">Kundengruppe</th>'
            '<th scope="colgroup" colspan="2">Kontaktdichte</th></tr>') in html
    assert '<tr><th scope="col">Alt</th><th scope="col">Neu</th></tr>' in html
    head, body = html.split("</thead>")
    assert "Marktnahe" not in head and "<td>Marktnahe</td>" in body
    assert "<td></td>" not in body


def test_docx_repeats_both_header_rows_and_merges_cells() -> None:
    doc = Document(io.BytesIO(write("docx", _job(KONTAKTDICHTE))))
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    rows = table._tbl.tr_lst
    assert [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
            for tr in rows] == [True, True, False, False]
    first = rows[0].tc_lst
    assert first[0].vMerge == "restart" and first[1].grid_span == 2
    assert rows[1].tc_lst[0].vMerge == "continue"
    assert [c.text for c in table.rows[1].cells] == ["Kundengruppe", "Alt", "Neu"]
    bold = [r.text for c in table.rows[0].cells for p in c.paragraphs for r in p.runs if r.bold]
    assert "Kundengruppe" in bold and "Kontaktdichte" in bold
    assert {p.style.name for c in table.rows[2].cells for p in c.paragraphs} == {"ZV Tabelle"}


def test_docx_keeps_neighbouring_tables_apart() -> None:
    text = "::: unterschriften\n| A, den |\n| --- |\n| x |\n\n| B, den |\n| --- |\n| y |\n:::\n"
    doc = Document(io.BytesIO(write("docx", _job(text))))
    body = [el.tag for el in doc.element.body if el.tag != qn("w:sectPr")]
    tables = [i for i, tag in enumerate(body) if tag == qn("w:tbl")]
    assert len(tables) == 2 and tables[1] - tables[0] == 2
    assert body[tables[0] + 1] == qn("w:p")


def test_docx_lead_in_paragraph_stays_with_its_table() -> None:
    doc = Document(io.BytesIO(write("docx", _job(KONTAKTDICHTE))))
    body = [el for el in doc.element.body if el.tag != qn("w:sectPr")]
    tbl = next(i for i, el in enumerate(body) if el.tag == qn("w:tbl"))
    assert body[tbl - 1].pPr.keepNext_val is True
    assert body[tbl + 1].pPr is None or not body[tbl + 1].pPr.keepNext_val
