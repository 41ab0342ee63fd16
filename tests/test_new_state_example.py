"""The worked example of docs/neuer-landesteil.md: an invented state with a cover page,
a table of contents and §§ 1 to 4 with a fifth goal, added by files alone to a project
made with `zv init`. The page shows the example's files as they are."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, soffice
from .test_project import _zv as run_in

EXAMPLE = ROOT / "docs" / "beispiele" / "neues-land"
PAGE = ROOT / "docs" / "neuer-landesteil.md"
FILES = ("states/beispielland.yaml", "templates/beispielland/bausteine.yaml",
         "agreements/2024/beispielland/musterstadt.yaml")
SECTIONS = ["§ 1 Grundsätze", "§ 2 Ziele", "§ 3 Zusammenarbeit", "§ 4 Schlussbestimmungen"]


def _zv(folder: Path, *args: str) -> str:
    code, out, err = run_in(folder, *args)
    assert code == 0, err
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _zv(tmp_path, "init", "ministerium", "--land", "nrw")
    folder = tmp_path / "ministerium"
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    return folder


def test_the_page_shows_the_files_as_they_are() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for name in FILES:
        assert f"```yaml\n{(EXAMPLE / name).read_text(encoding='utf-8')}```" in page, name


def test_the_example_renders_with_sections_and_the_fifth_goal(project: Path) -> None:
    _zv(project, "check", "agreements")
    _zv(project, "render", "agreements", "--format", "md,html")
    text = (project / "output" / "2024" / "beispielland" / "musterstadt.md").read_text(
        encoding="utf-8")
    headings = re.findall(r"^## (.*)$", text, re.M)
    assert headings == SECTIONS
    assert "### 5. Fachkräftesicherung in Beispielland" in text
    assert "zwischen dem\n\n**Ministerium für Arbeit und Soziales des Landes Beispielland**" \
        in text
    page = (project / "output" / "2024" / "beispielland" / "musterstadt.html").read_text(
        encoding="utf-8")
    assert page.count('<a href="#abschnitt-') == len(SECTIONS)


def test_the_pdf_has_cover_contents_and_the_pages_of_the_sections(project: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice fehlt")
    _zv(project, "render", "agreements", "--format", "pdf")
    pdf = project / "output" / "2024" / "beispielland" / "musterstadt.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    assert "Zielvereinbarung 2024" in pages[0] and "§ 1" not in pages[0]  # the cover
    assert pages[1].lstrip().startswith("Inhalt")
    for section in SECTIONS:
        entry = next(line for line in pages[1].splitlines() if section in line)
        number = int(entry.rstrip().rsplit(".", 1)[-1])
        lines = [" ".join(line.split()) for line in pages[number - 1].splitlines()]
        assert section in lines, (section, number)
