"""A draft (status: entwurf) carries ENTWURF on every page and its date in the footer."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator import api, batch

from .conftest import ROOT, soffice

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def _draft(tmp_path: Path, status: str = "status: entwurf\nstand: 2021-11-30\n") -> Path:
    text = WUPPERTAL.read_text(encoding="utf-8").replace("jahr: 2021\n", f"jahr: 2021\n{status}")
    file = tmp_path / "entwurf.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def _parts(data: bytes, prefix: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in sorted(z.namelist())
                       if n.startswith(prefix))


def test_draft_mark_in_docx_header_and_footer(tmp_path: Path) -> None:
    data = api.render(_draft(tmp_path), ["docx"])["docx"]
    assert ">ENTWURF<" in _parts(data, "word/header")
    assert "Entwurf, Stand 30.11.2021" in _parts(data, "word/footer")
    assert "ENTWURF" not in _parts(data, "word/document.xml")
    final = api.render(WUPPERTAL, ["docx"])["docx"]
    assert "ENTWURF" not in _parts(final, "word/") and "Entwurf" not in _parts(final, "word/")
    assert api.render(_draft(tmp_path), ["docx"])["docx"] == data  # reproducible


def test_draft_mark_in_html(tmp_path: Path) -> None:
    page = api.render(_draft(tmp_path), ["html"])["html"].decode("utf-8")
    assert ">ENTWURF</p>" in page and "Entwurf, Stand 30.11.2021" in page
    assert "ENTWURF" not in api.render(WUPPERTAL, ["html"])["html"].decode("utf-8")


def test_draft_without_stand_uses_document_date(tmp_path: Path) -> None:
    page = api.render(_draft(tmp_path, "status: entwurf\n"), ["html"])["html"].decode()
    assert "Entwurf, Stand 21.12.2020" in page  # the latest signature date


def test_draft_mark_on_every_pdf_page(tmp_path: Path) -> None:
    if soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice oder pdftotext fehlt")
    file = _draft(tmp_path)
    results = batch.run([file], ["pdf"], tmp_path / "out")
    assert results[0].status == "erstellt", results[0].messages
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "entwurf.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 3
    for page in pages:
        assert "ENTWURF" in page and "Entwurf, Stand 30.11.2021" in page
