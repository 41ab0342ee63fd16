"""`zv diff` in the yearly cycle: status, the signature block as a section, today's date."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from generator.cli.main import main
from generator.compare import diff, report

from .conftest import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = WUPPERTAL.read_text(encoding="utf-8")
    assert old in text
    file = tmp_path / "neu.yaml"
    file.write_text(text.replace(old, new), encoding="utf-8")
    return file


def test_status_change_in_summary(tmp_path: Path) -> None:
    draft = _variant(tmp_path, "jahr: 2021\n", "jahr: 2021\nstatus: entwurf\n")
    lines = report.report(diff.compare(WUPPERTAL, draft))
    assert "    Status (Entwurf oder Endfassung): „endfassung“ -> „entwurf“" in lines


def test_signature_block_is_its_own_section(tmp_path: Path) -> None:
    signed = _variant(tmp_path, "traeger: {datum: 02.12.2020}", "traeger: {datum: 03.12.2020}")
    comparison = diff.compare(WUPPERTAL, signed)
    lines = report.report(comparison)
    at = lines.index("@@ Unterschriften @@")
    assert "[-02.12.2020-]{+03.12.2020+}" in lines[at + 1]
    assert "@@ 2. Zusammenarbeit @@" not in lines
    assert "<h3>Unterschriften</h3>" in report.html_page(comparison)


def test_redline_dated_today_unless_given(runner: CliRunner, tmp_path: Path) -> None:
    changed = _variant(tmp_path, "wert: 14,7", "wert: 2,7")
    out = tmp_path / "redline.docx"
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(changed), "--format", "docx",
                                  "--out", str(out)])
    assert result.exit_code == 1, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    dates = {el.get(f"{W}date") for el in root.iter(f"{W}ins", f"{W}del")}
    assert dates == {f"{dt.date.today():%Y-%m-%d}T00:00:00Z"}


def test_the_terminal_diff_shows_no_layout_characters_and_names_the_catalogue(
        tmp_path: Path) -> None:
    folder = tmp_path / "agreements" / "2021" / "nrw"
    folder.mkdir(parents=True)
    for name in ("states", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    old = folder / "wuppertal.yaml"
    shutil.copy(ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml", old)
    result = CliRunner().invoke(main, ["next", str(old), "--without-muster"])
    assert result.exit_code == 0, result.output
    new = tmp_path / "agreements" / "2022" / "nrw" / "wuppertal.yaml"
    lines = report.report(diff.compare(old, new))
    assert not [line for line in lines if "\t" in line or "\u200b" in line]
    assert "    Katalogeintrag abstand_iq: entfallen" in lines  # the year's paragraph
    signature = next(line for line in lines if "den[- 21.12.20-]" in line)
    assert "{+" not in signature
