"""Proper names are never hyphenated: in the DOCX their words are runs in no language
(zxx), which Word and LibreOffice do not hyphenate; the PDF shows them whole."""

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

from .conftest import ROOT, soffice

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
NAME = "Donaudampfschifffahrtsgesellschaftskapitaen"
OTHER = "Rindfleischetikettierungsueberwachungsaufgaben"


def _agreement(tmp_path: Path) -> Path:
    text = WUPPERTAL.read_text(encoding="utf-8").replace("Prof. Dr. Uwe Schneidewind", NAME)
    words = " ".join([f"{NAME} {OTHER}"] * 12)
    file = tmp_path / "x.yaml"
    file.write_text(text + f"\nbausteine:\n  test:\n    nach: formel\n    text: |\n"
                    f"      {words}\n", encoding="utf-8")
    return file


def test_name_words_are_runs_without_language(tmp_path: Path) -> None:
    docx = api.render(_agreement(tmp_path), ("docx",))["docx"]
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    for name in (NAME, "Wuppertal"):
        runs = re.findall(rf"<w:r>(?:(?!</w:r>).)*?>{name}</w:t></w:r>", body)
        assert runs and all('<w:lang w:val="zxx"/>' in r for r in runs), name
    assert not re.search(rf'zxx"/></w:rPr><w:t xml:space="preserve">{OTHER}', body)


def test_the_pdf_breaks_other_words_but_never_a_name(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice fehlt")
    result = CliRunner().invoke(main, ["render", str(_agreement(tmp_path)), "--format", "pdf",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "out" / "x.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"Rindfl\w*-\s*$", text, re.M)  # hyphenation is on
    assert not re.search(r"Donau\w*-\s*$", text, re.M)
