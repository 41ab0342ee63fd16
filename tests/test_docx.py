"""The DOCX: opened again with python-docx and converted by a real LibreOffice."""

from __future__ import annotations

import io
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator import api

from .conftest import ROOT, shown, soffice

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return api.render(WUPPERTAL, ["docx"])["docx"]


def test_frame_styles_page_and_footer(docx_bytes: bytes) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    styles = {p.style.name for p in doc.paragraphs}
    assert {"ZV Titel", "ZV Parteien", "ZV Formel", "Heading 2", "Heading 3",
            "List Bullet"} <= styles
    footer = section.footer.paragraphs[0]
    assert "Zielvereinbarung 2021 Stadt Wuppertal" in footer.text
    instructions = [f.get(qn("w:instr")).strip()
                    for f in footer._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert doc.core_properties.author == "zv"


def test_bold_goal_titles_and_signature_table(docx_bytes: bytes) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    bold = [shown(r.text) for p in doc.paragraphs for r in p.runs if r.bold]
    assert "Veränderung der Integrationsquote (K 2)" in bold
    signature = doc.tables[-1]
    assert signature.rows[0].cells[0].text == "Düsseldorf, den 21.12.20"
    assert shown(signature.rows[-1].cells[1].text) == "Prof. Dr. Uwe Schneidewind"


def test_special_characters_reach_the_docx(tmp_path: Path) -> None:
    text = WUPPERTAL.read_text(encoding="utf-8").replace(
        "Prof. Dr. Uwe Schneidewind", "'Dr. A & B <C> „Zitat“ *x*'")
    file = tmp_path / "sonder.yaml"
    file.write_text(text, encoding="utf-8")
    outputs = api.render(file, ["docx", "html"])
    doc = Document(io.BytesIO(outputs["docx"]))
    assert shown(doc.tables[-1].rows[-1].cells[1].text) == "Dr. A & B <C> „Zitat“ *x*"
    assert "Dr.\u00a0A &amp; B &lt;C&gt; „Zitat“ *x*" in outputs["html"].decode("utf-8")


def test_reproducible_bytes_at_different_times(tmp_path: Path) -> None:
    first = api.render(WUPPERTAL, ["md", "html", "docx"])
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    second = api.render(WUPPERTAL, ["md", "html", "docx"])
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first["docx"])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_libreoffice_opens_and_converts(docx_bytes: bytes, tmp_path: Path) -> None:
    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice ist nicht installiert")
    source = tmp_path / "wuppertal.docx"
    source.write_bytes(docx_bytes)
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "wuppertal.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Verbesserung der Integration in Erwerbstätigkeit" in text
        assert "Seite 1 von" in text
