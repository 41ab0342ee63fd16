"""A table of contents (`::: inhalt-N`): a real TOC field in the DOCX with the page
numbers LibreOffice lays out, the same numbers in the PDF, linked entries in the HTML."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli.main import main
from generator.text import document
from generator.writers import toc_pages

from .conftest import ROOT, soffice

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
HEADINGS = ["1. Ziele 2021", "I. Verringerung der Hilfebedürftigkeit",
            "II. Verbesserung der Integration in Erwerbstätigkeit",
            "III. Vermeidung von langfristigem Leistungsbezug", "2. Zusammenarbeit"]
CONTENTS = """
bausteine:
  inhalt:
    nach: formel
    text: |
      ::: seitenumbruch
      :::

      **Inhalt**

      ::: inhalt-3
      :::

      ::: seitenumbruch
      :::
"""


def _agreement(tmp_path: Path) -> Path:
    file = tmp_path / "w.yaml"
    file.write_text(WUPPERTAL.read_text(encoding="utf-8") + CONTENTS, encoding="utf-8")
    return file


def test_the_blocks_list_the_headings_after_the_contents() -> None:
    blocks = document.parse("# Titel\n\n::: inhalt-2\n:::\n\n# Eins\n\n## Zwei\n\n### Drei\n")
    contents = blocks[1]
    assert isinstance(contents, document.Contents)
    assert [(level, document.plain(runs), j) for level, runs, j in contents.entries] == [
        (1, "Eins", 2), (2, "Zwei", 3)]


def test_docx_has_a_toc_field_and_html_linked_entries(tmp_path: Path) -> None:
    out = api.render(_agreement(tmp_path), ("html", "docx"))
    body = zipfile.ZipFile(io.BytesIO(out["docx"])).read("word/document.xml").decode()
    assert '<w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText>' in body
    assert body.count('w:fldCharType="begin"') == body.count('w:fldCharType="end"')
    assert toc_pages.entries(out["docx"]) == HEADINGS
    page = out["html"].decode()
    nav = re.search(r'<nav class="inhalt" aria-label="Inhalt">(.*?)</nav>', page, re.S)
    assert nav is not None
    targets = re.findall(r'href="#(abschnitt-\d+)"', nav.group(1))
    assert len(targets) == len(HEADINGS)
    for target in targets:
        assert f'id="{target}"' in page


def test_pdf_and_docx_show_the_pages_the_headings_begin_on(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice fehlt")
    result = CliRunner().invoke(main, ["render", str(_agreement(tmp_path)), "--format",
                                       "docx,pdf", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "out" / "w.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    listed = {}
    for heading in HEADINGS:
        line = next(line for line in pages[1].splitlines() if heading in line)
        listed[heading] = int(line.rstrip().rsplit(".", 1)[-1].strip(". "))
    for heading, number in listed.items():
        lines = [" ".join(line.split()) for line in pages[number - 1].splitlines()]
        assert heading in lines, (heading, number)
    docx = (tmp_path / "out" / "w.docx").read_bytes()
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    numbers = re.findall(r"<w:webHidden/></w:rPr><w:t>(\d+)</w:t>", body)
    assert [int(n) for n in numbers] == [listed[h] for h in HEADINGS]
