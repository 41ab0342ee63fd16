"""`zv table` and `zv fill`: all targets in one table and back, byte for byte."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator import api
from generator.cli.main import main

from .conftest import ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "agreements", tmp_path / "agreements")
    return tmp_path / "agreements"


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def _table(runner: CliRunner, project: Path, name: str) -> Path:
    out = project.parent / name
    result = runner.invoke(main, ["table", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_xlsx_read_back(runner: CliRunner, project: Path) -> None:
    book = load_workbook(_table(runner, project, "ziele.xlsx"))
    assert book.sheetnames == ["2014", "2020", "2021", "2023", "Vergleich", "zv-stand"]
    assert book["zv-stand"].sheet_state == "hidden"  # what the table was made from
    sheet = book["2021"]
    header = [c.value for c in sheet[1]]
    assert header[:10] == ["Land", "Jahr", "Träger", "Ziel", "Kennzahl", "Titel", "Wert",
                           "Grenze", "absolute Zahl", "Basiswert"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N6"
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    first = rows[0]
    assert first[:8] == ["nrw", 2021, "Stadt Wuppertal", "integration", "integrationen",
                         first[5], 15.4, "mindestens"]
    assert sheet.cell(2, 7).number_format == "#,##0.0"
    assert "Prof. Dr. Uwe Schneidewind (Stadt Wuppertal)" in first[11]
    assert first[12] == "21.12.20; 02.12.2020"
    assert _table(runner, project, "again.xlsx").read_bytes() == \
        (project.parent / "ziele.xlsx").read_bytes()  # reproducible
    compare = [[c.value for c in r] for r in book["Vergleich"].iter_rows()]
    assert compare[0][-4:] == ["Wert 2014", "Wert 2020", "Wert 2021", "Wert 2023"]


def test_csv_as_german_excel_reads_it(runner: CliRunner, project: Path) -> None:
    data = _table(runner, project, "ziele.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    wuppertal = [r for r in rows if r["Träger"] == "Stadt Wuppertal"]
    assert [r["Wert"] for r in wuppertal] == ["15,4", "14,7", "-0,1", "2", "10"]
    assert wuppertal[3]["Grenze"] == "höchstens"
    assert Decimal(wuppertal[0]["Wert"].replace(",", ".")) == Decimal("15.4")


@pytest.mark.parametrize("name", ["ziele.xlsx", "ziele.csv"])
def test_unchanged_table_changes_no_byte(runner: CliRunner, project: Path, name: str) -> None:
    before = _snapshot(project)
    table = _table(runner, project, name)
    result = runner.invoke(main, ["fill", str(table), str(project), "--force"])
    assert result.exit_code == 0, result.output
    assert "0 Änderungen in 0 Dateien" in result.output
    assert _snapshot(project) == before


def _set_k2(table: Path, value: float) -> None:
    """Type `value` into the 2021 sheet's K2 target cell, as a clerk would in Excel."""
    book = load_workbook(table)
    for row in book["2021"].iter_rows(min_row=2):
        if row[4].value == "K2":
            row[6].value = value
    book.save(table)


def test_changed_value_reaches_file_and_document(runner: CliRunner, project: Path) -> None:
    before = _snapshot(project)
    table = _table(runner, project, "ziele.xlsx")
    _set_k2(table, 15.25)
    result = runner.invoke(main, ["fill", str(table), str(project), "--force"])
    assert result.exit_code == 0, result.output
    file = project / "2021/nrw/wuppertal.yaml"
    line = next(i for i, text in enumerate(before[file].decode().splitlines(), 1)
                if text.strip() == "wert: 14,7")
    assert f"{file}:{line}:15: ziele.integration.zielwerte[2].wert: 14,7 -> 15,25" in \
        result.output
    after = _snapshot(project)
    assert [p for p in after if after[p] != before[p]] == [file]
    old, new = before[file].decode().splitlines(), after[file].decode().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("        wert: 14,7", "        wert: 15,25")]
    assert "um 15,25 Prozent steigt (K 2 = 15,25 Prozent)" in api.markdown(api.load(file))


def test_csv_saved_by_excel_in_windows_1252(runner: CliRunner, project: Path) -> None:
    table = _table(runner, project, "ziele.csv")
    text = table.read_bytes().decode("utf-8-sig").replace(";14,7;", ";14,8;")
    table.write_bytes(text.encode("cp1252"))
    result = runner.invoke(main, ["fill", str(table), str(project), "--force"])
    assert result.exit_code == 0, result.output
    assert "wert: 14,7 -> 14,8" in result.output


def test_dry_run_writes_nothing(runner: CliRunner, project: Path) -> None:
    table = _table(runner, project, "ziele.csv")
    text = table.read_bytes().decode("utf-8-sig").replace(";14,7;", ";14,9;")
    table.write_bytes(text.encode("utf-8-sig"))
    before = _snapshot(project)
    result = runner.invoke(main, ["fill", str(table), str(project), "--dry-run", "--force"])
    assert result.exit_code == 0
    assert "wert: 14,7 -> 14,9" in result.output
    assert _snapshot(project) == before


def test_bad_rows_leave_every_file_untouched(runner: CliRunner, project: Path) -> None:
    table = _table(runner, project, "ziele.csv")
    lines = table.read_bytes().decode("utf-8-sig").splitlines()
    lines[1] = lines[1].replace(";25,4;", ";viel;")                     # Coesfeld K2
    lines[3] = lines[3].replace(";Landkreis Heidekreis;", ";Landkreis Heide;")
    lines[5] = lines[5].replace(";15,4;mindestens;", ";15,9;meistens;")  # Wuppertal
    table.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    before = _snapshot(project)
    result = runner.invoke(main, ["fill", str(table), str(project), "--force"])
    assert result.exit_code == 1
    assert f"{table}: Zeile 2, Spalte Wert: 'viel' ist keine Zahl (Beispiel: 15,4)" in \
        result.output
    assert "Zeile 4, Spalte Kennzahl: keine Vereinbarung niedersachsen 2020 Landkreis " \
        "Heide mit der Kennzahl 'K2'" in result.output
    assert "Zeile 6, Spalte Grenze: 'meistens' ist keine Grenze" in result.output
    assert "nichts geschrieben" in result.output
    assert _snapshot(project) == before


def test_fill_keeps_the_style_of_the_file(runner: CliRunner, project: Path) -> None:
    file = project / "2021/nrw/wuppertal.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("        wert: 2\n        grenze: hoechstens",
                                 "        wert: \"+2,50\"\n        grenze: 'hoechstens'"),
                    encoding="utf-8")
    table = _table(runner, project, "ziele.csv")
    lines = table.read_bytes().decode("utf-8-sig").splitlines()
    at = next(i for i, line in enumerate(lines) if ";K3;" in line and "Wuppertal" in line)
    lines[at] = lines[at].replace(";2,50;höchstens;", ";3;mindestens;")
    table.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    result = runner.invoke(main, ["fill", str(table), str(project), "--force"])
    assert result.exit_code == 0, result.output
    new = file.read_text(encoding="utf-8")
    assert "        wert: \"+3,00\"\n        grenze: 'mindestens'" in new


def test_excel_float_noise_and_repeated_paths(runner: CliRunner, project: Path) -> None:
    table = _table(runner, project, "ziele.xlsx")
    _set_k2(table, 15.299999999999999)
    result = runner.invoke(main, ["fill", str(table), str(project), str(project / "2021"),
                                  "--force"])
    assert result.exit_code == 0, result.output
    assert "wert: 14,7 -> 15,3" in result.output


WUPPERTAL_FILE = Path("2021") / "nrw" / "wuppertal.yaml"


def _csv_with_k2(runner: CliRunner, project: Path, value: str) -> Path:
    """A CSV from `zv table` with Wuppertal's K2 value typed over."""
    table = _table(runner, project, "ziele.csv")
    text = table.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    for i, line in enumerate(lines):
        cells = line.split(";")
        if len(cells) > 6 and cells[2] == "Stadt Wuppertal" and cells[4] == "K2":
            cells[6] = value
            lines[i] = ";".join(cells)
    table.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    return table


def test_a_value_changed_in_the_file_alone_stays(runner: CliRunner, project: Path) -> None:
    """The XLSX and CSV filled one after the other used to undo each other's change."""
    xlsx = _table(runner, project, "ziele.xlsx")
    file = project / WUPPERTAL_FILE
    file.write_text(file.read_text(encoding="utf-8").replace("wert: 14,7", "wert: 14,9"),
                    encoding="utf-8")
    result = runner.invoke(main, ["fill", str(xlsx), str(project), "--force"])
    assert result.exit_code == 0, result.output
    assert "wert: 14,9" in file.read_text(encoding="utf-8")
    assert "0 Änderungen" in result.output


def test_a_value_changed_in_table_and_file_is_a_conflict(runner: CliRunner,
                                                         project: Path) -> None:
    table = _csv_with_k2(runner, project, "15,0")
    file = project / WUPPERTAL_FILE
    file.write_text(file.read_text(encoding="utf-8").replace("wert: 14,7", "wert: 14,9"),
                    encoding="utf-8")
    before = _snapshot(project)
    result = runner.invoke(main, ["fill", str(table), str(project), "--force"])
    assert result.exit_code == 1
    assert "Spalte Wert: in der Tabelle und seit 'zv table' auch in" in result.output
    assert "dort jetzt 14,9" in result.output and "nichts geschrieben" in result.output
    assert _snapshot(project) == before


def test_a_signed_final_version_needs_force(runner: CliRunner, project: Path) -> None:
    table = _csv_with_k2(runner, project, "15,0")
    before = _snapshot(project)
    result = runner.invoke(main, ["fill", str(table), str(project)])
    assert result.exit_code == 1
    assert "wuppertal.yaml ist eine unterschriebene Endfassung und wird nicht geändert " \
        "(mit --force doch)" in result.output
    assert _snapshot(project) == before
    result = runner.invoke(main, ["fill", str(table), str(project), "--force"])
    assert result.exit_code == 0, result.output
    assert "wert: 15,0" in (project / WUPPERTAL_FILE).read_text(encoding="utf-8")
