"""`::: seitenumbruch` starts a new page in DOCX, PDF and the HTML's print view; a block
that the dialect does not know is an error naming the known ones."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from generator import api
from generator.errors import InputError, SetupError

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
    with pytest.raises(InputError) as caught:  # in an agreement: its own text is refused
        api.render(_agreement(tmp_path, "seitenumbruchh"), ("md",))
    message = str(caught.value)
    assert "bausteine.umbruch.text: Zeile 1: '::: seitenumbruchh'" in message
    assert "'::: seitenumbruch' und '::: inhalt-N'" in message
    # in a family's text (a template): a setup fault naming the clause and the blocks
    for name in ("states", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    family = tmp_path / "templates" / "nrw" / "bausteine.yaml"
    text = family.read_text(encoding="utf-8")
    family.write_text(text.replace("  titel: |\n    ::: titel\n",
                                   "  titel: |\n    ::: seitenumbrch\n    :::\n\n    ::: titel\n"),
                      encoding="utf-8")
    (tmp_path / "agreements").mkdir()
    file = tmp_path / "agreements" / "w.yaml"
    file.write_text(WUPPERTAL.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SetupError) as setup:
        api.render(file, ("md",))
    message = str(setup.value)
    assert "Baustein 'titel'" in message and "unbekannter Block '::: seitenumbrch'" in message
    assert "bekannt: titel, parteien, formel, unterschriften, seitenumbruch, inhalt-N" in message


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
