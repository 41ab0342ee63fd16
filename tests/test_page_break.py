"""`::: seitenumbruch` starts a new page in DOCX, PDF and the HTML's print view; a block
that the dialect does not know is an error naming the known ones."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from generator import api
from generator.errors import InputError

from .conftest import ROOT

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
CHANGE = """
bausteine:
  umbruch:
    nach: formel
    text: |
      ::: {name}
      :::
"""


def _agreement(tmp_path: Path, name: str) -> Path:
    file = tmp_path / "w.yaml"
    file.write_text(WUPPERTAL.read_text(encoding="utf-8") + CHANGE.format(name=name),
                    encoding="utf-8")
    return file


def test_a_page_break_in_docx_and_html(tmp_path: Path) -> None:
    out = api.render(_agreement(tmp_path, "seitenumbruch"), ("md", "html", "docx"))
    body = zipfile.ZipFile(io.BytesIO(out["docx"])).read("word/document.xml").decode()
    assert body.count('<w:br w:type="page"/>') == 1
    # after the formula, before the preamble
    assert body.index("für das Jahr 2021 folgende") < body.index('w:type="page"') < body.index(
        "Die Grundsicherung für Arbeitsuchende soll")
    page = out["html"].decode()
    assert '<div class="seitenumbruch">' in page and ".seitenumbruch { break-after: page" in page


def test_an_unknown_block_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        api.render(_agreement(tmp_path, "seitenumbruchh"), ("md",))
    message = str(caught.value)
    assert "unbekannter Block '::: seitenumbruchh'" in message
    assert "bekannt: titel, parteien, formel, unterschriften, seitenumbruch" in message
    assert "bausteine.umbruch" in message


def test_the_pdf_starts_a_new_page_at_the_break(tmp_path: Path) -> None:
    import subprocess

    from click.testing import CliRunner

    from generator.cli.main import main

    from .conftest import soffice

    if soffice() is None:
        pytest.skip("LibreOffice fehlt")
    file = _agreement(tmp_path, "seitenumbruch")
    result = CliRunner().invoke(main, ["render", str(file), "--format", "pdf", "--out",
                                       str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "out" / "w.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")
    assert "Zielvereinbarung" in pages[0] and "Die Grundsicherung" not in pages[0]
    assert pages[1].lstrip().startswith("Die Grundsicherung für Arbeitsuchende")
