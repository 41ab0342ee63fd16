"""Page layout and typography rules, read from the rendered DOCX and HTML (issue 11)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from generator import api
from generator.text.document import Container, Paragraph, Table, is_bold_heading, parse
from generator.text.typografie import NBSP, feste_bindestriche, schuetze

from .conftest import REFERENCES, ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, bytes]]:
    return {name: api.render(ROOT / name, ["docx", "html"]) for name in REFERENCES}


def _body(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def _signature_tables(body: etree._Element) -> list[etree._Element]:
    """The tables whose paragraphs have the frame's signature style."""
    return [t for t in body.findall(f"{W}tbl")
            if t.find(f".//{W}pStyle[@{W}val='ZVUnterschrift']") is not None]


@pytest.mark.parametrize(("text", "expected"), [
    ("nach § 48b Abs. 1 S. 1 Nr. 4 SGB II", "nach §~48b Abs.~1 S.~1 Nr.~4 SGB~II"),
    ("§§ 14 ff. und SGB VIII", "§§~14 ff. und SGB~VIII"),
    ("(K 2 = + 2 Prozent)", "(K~2 = +~2~Prozent)"),
    ("um 2,5 Prozent auf 31.902 Personen", "um 2,5~Prozent auf 31.902~Personen"),
    ("um 3,0 % und 1,2 Mio. Euro", "um 3,0~% und 1,2~Mio.~Euro"),
    ("Herrn Dr. Edmund Heller, Prof. Dr. Uwe", "Herrn~Dr.~Edmund Heller, Prof.~Dr.~Uwe"),
    ("am 21. Dezember 2020, z. B. heute", "am 21.~Dezember~2020, z.~B. heute"),
    ("gemäß § 1 Abs. 2 Satz 3", "gemäß §~1 Abs.~2 Satz~3"),
    ("Er sagt es. Dann geht er", "Er sagt es. Dann geht er"),
])
def test_non_breaking_spaces_din_5008(text: str, expected: str) -> None:
    assert schuetze(text).replace(NBSP, "~") == expected


def test_protection_is_applied_once_when_parsing() -> None:
    blocks = parse("Gemäß § 48b SGB II\n\n::: formel\ndes Landes Nordrhein-Westfalen\n:::\n")
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].runs[0].text == f"Gemäß §{NBSP}48b SGB{NBSP}II"
    formel = blocks[1]
    assert isinstance(formel, Container) and isinstance(formel.children[0], Paragraph)
    assert formel.children[0].runs[0].text == feste_bindestriche("des Landes Nordrhein-Westfalen")
    assert "\u2011" in formel.children[0].runs[0].text


def test_bold_headings_are_told_from_bold_sentences() -> None:
    def runs(md: str) -> Paragraph:
        block = parse(md)[0]
        assert isinstance(block, Paragraph)
        return block

    assert is_bold_heading(runs("**Veränderung der Integrationsquote (K 2)**").runs)
    assert not is_bold_heading(runs("**Das Ziel ist erreicht.**").runs)
    assert not is_bold_heading(runs("**Fett** und normal").runs)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_hyphenation_is_on_in_the_docx(name: str, rendered: dict[str, dict[str, bytes]]) -> None:
    with zipfile.ZipFile(io.BytesIO(rendered[name]["docx"])) as z:
        settings = etree.fromstring(z.read("word/settings.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    assert settings.find(f"{W}autoHyphenation") is not None
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "de-DE"
    # Headings and the centred title lines are not hyphenated.
    for style_id in ("Heading1", "Heading2", "Heading3", "ZVTitel", "ZVFormel", "ZVParteien"):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style is not None and style.find(f"{W}pPr/{W}suppressAutoHyphens") is not None


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_signature_block_keeps_together_and_with_the_text(
        name: str, rendered: dict[str, dict[str, bytes]]) -> None:
    body = _body(rendered[name]["docx"])
    tables = _signature_tables(body)
    assert tables
    children = list(body)
    first = children.index(tables[0])
    before = children[first - 1]
    assert before.tag == f"{W}p" and before.find(f"{W}pPr/{W}keepNext") is not None
    # Between the first and last table: separating paragraphs keep with the next table.
    for el in children[first:children.index(tables[-1])]:
        if el.tag == f"{W}p":
            assert el.find(f"{W}pPr/{W}keepNext") is not None
    for t, table in enumerate(tables):
        rows = table.findall(f"{W}tr")
        for r, row in enumerate(rows):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            last = t == len(tables) - 1 and r == len(rows) - 1
            for p in row.iter(f"{W}p"):
                assert (p.find(f"{W}pPr/{W}keepNext") is not None) != last
        # Aligned with the text: left, no cell margins.
        assert table.find(f"{W}tblPr/{W}jc").get(f"{W}val") == "left"
        assert table.find(f"{W}tblPr/{W}tblCellMar/{W}left").get(f"{W}w") == "0"


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_every_signatory_has_a_line(name: str, rendered: dict[str, dict[str, bytes]]) -> None:
    doc = Document(io.BytesIO(rendered[name]["docx"]))
    for table in [t for t in doc.tables if t._tbl in _signature_tables(doc.element.body)]:
        texts = [[c.text.strip() for c in row.cells] for row in table.rows]
        blank = next(i for i, row in enumerate(texts) if not any(row))
        for cell in table.rows[blank + 1].cells:
            border = cell.paragraphs[0]._p.find(f"{W}pPr/{W}pBdr/{W}top")
            assert border is not None and border.get(f"{W}val") == "single"


def test_a_place_without_date_gets_a_line_to_write_on(
        rendered: dict[str, dict[str, bytes]]) -> None:
    body = _body(rendered["agreements/2016/nrw/duesseldorf.yaml"]["docx"])
    dated = 0
    for table in _signature_tables(body):
        p = table.find(f"{W}tr").find(f".//{W}p")
        text = "".join(t.text or "" for t in p.iter(f"{W}t")).strip("\u200b ")
        assert text == "Düsseldorf, den"
        tab = p.find(f"{W}pPr/{W}tabs/{W}tab")
        assert tab is not None and tab.get(f"{W}leader") == "underscore"
        assert p.find(f".//{W}r/{W}tab") is not None
        dated += 1
    assert dated == 3
    # A place with its date gets none.
    wuppertal = _body(rendered["agreements/2021/nrw/wuppertal.yaml"]["docx"])
    assert _signature_tables(wuppertal)[0].find(f".//{W}tabs") is None


def test_headings_and_bold_list_headings_keep_with_next(
        rendered: dict[str, dict[str, bytes]]) -> None:
    doc = Document(io.BytesIO(rendered["agreements/2021/nrw/wuppertal.yaml"]["docx"]))
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.style.paragraph_format.keep_with_next for p in headings)
    bold_items = [p for p in doc.paragraphs if p.style.name == "List Bullet"
                  and p.runs and all(r.bold for r in p.runs)]
    assert len(bold_items) >= 4
    for p in bold_items:
        assert p.paragraph_format.keep_with_next
        assert p._p.find(f"{W}pPr/{W}suppressAutoHyphens") is not None


def test_paragraph_after_a_table_keeps_its_distance(
        rendered: dict[str, dict[str, bytes]]) -> None:
    body = _body(rendered["agreements/2016/nrw/duesseldorf.yaml"]["docx"])
    children = list(body)
    data_tables = [t for t in body.findall(f"{W}tbl") if t not in _signature_tables(body)]
    assert data_tables
    for table in data_tables:
        assert table.find(f"{W}tblPr/{W}jc").get(f"{W}val") == "left"
        after = children[children.index(table) + 1]
        assert after.tag == f"{W}p"
        assert int(after.find(f"{W}pPr/{W}spacing").get(f"{W}before")) >= 120


def test_links_look_like_text_and_work(rendered: dict[str, dict[str, bytes]]) -> None:
    docx = rendered["agreements/2014/nrw/coesfeld.yaml"]["docx"]
    doc = Document(io.BytesIO(docx))
    link = doc.styles["Hyperlink"].font
    assert str(link.color.rgb) == "000000" and not link.underline
    body = _body(docx)
    hyperlink = body.find(f".//{W}hyperlink")
    assert hyperlink is not None
    rel = doc.part.rels[hyperlink.get(qn("r:id"))]
    assert rel.target_ref == "http://www.arbeit.nrw.de"


def test_compound_in_centred_formula_does_not_break(
        rendered: dict[str, dict[str, bytes]]) -> None:
    docx = rendered["agreements/2021/nrw/wuppertal.yaml"]["docx"]
    formel = [p for p in _body(docx).iter(f"{W}p")
              if p.find(f"{W}pPr/{W}pStyle[@{W}val='ZVFormel']") is not None]
    assert any(p.find(f".//{W}noBreakHyphen") is not None for p in formel)
    html = rendered["agreements/2021/nrw/wuppertal.yaml"]["html"].decode("utf-8")
    assert '<span class="nobr">Nordrhein-Westfalen</span>' in html


def test_html_is_german_hyphenated_and_prints_as_a4(
        rendered: dict[str, dict[str, bytes]]) -> None:
    html = rendered["agreements/2021/nrw/wuppertal.yaml"]["html"].decode("utf-8")
    assert '<html lang="de">' in html
    css = html[html.index("<style>"):html.index("</style>")]
    assert re.search(r"@page\s*{\s*size:\s*A4;\s*margin:\s*20mm 25mm;", css)
    assert "counter(page)" in css and "counter(pages)" in css
    assert "hyphens: auto" in css
    assert re.search(r"h1, h2, h3, h4, h5 {[^}]*text-align: left;[^}]*break-after: avoid", css)
    assert re.search(r"p\.zwischentitel {[^}]*text-align: left;[^}]*break-after: avoid", css)
    assert re.search(r"@media print {.*a { color: inherit; text-decoration: none; }", css, re.S)
    assert ('<p class="zwischentitel"><strong>Veränderung der Integrationsquote '
            f"(K{NBSP}2)</strong></p>") in html
    assert '<tr class="unterschrift-name"><td>Dr.' in html


def test_html_signature_blank_for_missing_date(rendered: dict[str, dict[str, bytes]]) -> None:
    html = rendered["agreements/2016/nrw/duesseldorf.yaml"]["html"].decode("utf-8")
    assert html.count('Düsseldorf, den <span class="datum-leer"></span>') == 3


def test_signature_tables_parsed_as_tables() -> None:
    blocks = parse("::: unterschriften\n| A, den |\n| --- |\n| |\n| Name |\n:::\n")
    assert isinstance(blocks[0], Container) and isinstance(blocks[0].children[0], Table)
