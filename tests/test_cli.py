"""The command line as a clerk meets it: messages, exit codes, nothing half-written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import main

from .conftest import ROOT

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def _copy(tmp_path: Path, extra: str = "", replace: tuple[str, str] | None = None) -> Path:
    text = WUPPERTAL.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    copy = tmp_path / "copy.yaml"
    copy.write_text(text + extra, encoding="utf-8")
    return copy


def _render(runner: CliRunner, file: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["render", str(file), "--out", str(out)])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def test_render_writes_all_formats(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _render(runner, WUPPERTAL, tmp_path)
    assert code == 0, output
    for ext in ("md", "html", "docx"):
        assert (tmp_path / "2021" / "nrw" / f"wuppertal.{ext}").is_file()


def test_render_folder_and_format_option(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["render", str(ROOT / "agreements"), "--format", "md",
                                  "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2021" / "nrw" / "wuppertal.md").is_file()
    assert not (tmp_path / "2021" / "nrw" / "wuppertal.docx").exists()


def test_unknown_key_names_file_line_and_key(runner: CliRunner, tmp_path: Path) -> None:
    copy = _copy(tmp_path, extra="zeile: 1\n")
    last_line = len(copy.read_text(encoding="utf-8").splitlines())
    out = tmp_path / "out"
    code, output = _render(runner, copy, out)
    assert code == 1
    assert f"copy.yaml:{last_line}:1: zeile: unbekanntes Feld 'zeile'" in output
    assert "meinten Sie 'ziele'?" in output
    assert "Traceback" not in output
    assert not out.exists() or not any(out.rglob("*"))


def test_all_problems_of_a_file_at_once(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "land: nrw\njahr: 2021\ntraeger: wuppertal\n"
        "vertretung:\n  traeger: {titl: Landrat, name: X, geschlecht: f}\n"
        "ziele:\n  integration:\n    zielwerte:\n      - {kennzahl: K2, wert: abc}\n"
        "zusammenarbeit:\n  steuerungsdialoge: zwei\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(":5:" in x and "vertretung.traeger.titl" in x and "'titel'" in x for x in lines)
    assert any(":5:" in x and "geschlecht" in x and "'m' oder 'w'" in x for x in lines)
    assert any(":9:" in x and "zielwerte[1].wert" in x and "keine Zahl" in x for x in lines)
    assert any(":11:" in x and "steuerungsdialoge" in x and "ganze Zahl" in x for x in lines)


def test_yaml_syntax_error_is_german(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "syntax.yaml"
    bad.write_text("land: nrw\njahr: 2021\n  traeger: x: y\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    assert "syntax.yaml:3:" in result.output and "YAML-Syntaxfehler" in result.output


def test_duplicate_key_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    copy = _copy(tmp_path, extra="jahr: 2022\n")
    result = runner.invoke(main, ["check", str(copy)])
    assert result.exit_code == 1
    assert "jahr: Feld 'jahr' steht mehrfach" in result.output


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("traeger: wuppertal", "traeger: wupertal", "Träger 'wupertal' steht nicht in der "
     "Landesdatei (meinten Sie 'wuppertal'?"),
    ("kennzahl: K2\n", "kennzahl: K22\n", "Kennzahl 'K22' steht nicht im Katalog"),
    ("land: nrw", "land: nrv", "unbekannte Landesdatei 'nrv'"),
    ("ministerium: {datum: 21.12.20}", "ministerum: {datum: 21.12.20}",
     "unbekannte Partei 'ministerum' (meinten Sie 'ministerium'?"),
    ("{datum: 02.12.2020}", "{datum: 31.02.2020}", "'31.02.2020' ist kein gültiges Datum"),
    ("wert: 15,4", "wert: 15,4,1", "'15,4,1' ist keine Zahl"),
])
def test_reference_errors(runner: CliRunner, tmp_path: Path, old: str, new: str,
                          expected: str) -> None:
    copy = _copy(tmp_path, replace=(old, new))
    code, output = _render(runner, copy, tmp_path / "out")
    assert code == 1
    assert expected in output
    assert output.startswith(str(copy))
    assert not (tmp_path / "out").exists()


def test_control_character_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    copy = _copy(tmp_path, replace=("Prof. Dr. Uwe Schneidewind", '"Uwe\\x07 S."'))
    code, output = _render(runner, copy, tmp_path / "out")
    assert code == 1
    assert "unzulässiges Steuerzeichen U+0007" in output


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "fehlt.yaml")])
    assert result.exit_code == 1
    assert "fehlt.yaml: Datei nicht gefunden" in result.output


def test_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["render", str(WUPPERTAL), "--format", "md,odt",
                                  "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "unbekanntes Format: odt" in result.output
    assert not any(tmp_path.iterdir())


def test_one_bad_file_does_not_stop_the_others(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "agreements" / "2021" / "nrw"
    folder.mkdir(parents=True)
    shutil.copy(WUPPERTAL, folder / "a.yaml")
    (folder / "b.yaml").write_text("land: nrw\njahr: x\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(tmp_path / "agreements"), "--out", str(out)])
    assert result.exit_code == 1
    assert (out / "2021" / "nrw" / "a.docx").is_file()
    assert not (out / "2021" / "nrw" / "b.md").exists()
    assert "b.yaml:2:" in result.output


def test_check_writes_nothing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                              ) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", str(WUPPERTAL)])
    assert result.exit_code == 0, result.output
    assert "in Ordnung" in result.output
    assert not any(tmp_path.iterdir())


def test_schema_is_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert {"land", "jahr", "traeger", "ziele"} <= set(schema["properties"])


def test_help_is_german(runner: CliRunner) -> None:
    result = runner.invoke(main, ["render", "--help"])
    assert result.exit_code == 0
    assert "Ausgabeformate" in result.output


def test_decimal_comma_in_braces_gets_a_hint(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "flow.yaml"
    bad.write_text("land: nrw\njahr: 2021\ntraeger: wuppertal\nziele:\n  integration:\n"
                   "    zielwerte:\n      - {kennzahl: K2, wert: 3,1}\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    assert "flow.yaml:7:32: ziele.integration.zielwerte[1]: ungültiger Feldname '1'" in (
        result.output)
    assert 'wert: "3,1"' in result.output


def test_outputs_are_readable_by_colleagues(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _render(runner, WUPPERTAL, tmp_path)
    assert code == 0, output
    mode = (tmp_path / "2021" / "nrw" / "wuppertal.md").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044  # group and others may read (default umask 022)


def test_check_of_a_project_folder_skips_state_and_template_files(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(main, ["check", "."])
    assert "states/nrw.yaml" not in result.output
    assert "familie.yaml" not in result.output


def test_wrong_traeger_key_is_reported_once(runner: CliRunner, tmp_path: Path) -> None:
    copy = _copy(tmp_path, replace=("traeger: wuppertal", "traeger: wupertal"))
    result = runner.invoke(main, ["check", str(copy)])
    assert result.exit_code == 1
    assert "Träger 'wupertal'" in result.output
    assert "unbekannte Partei" not in result.output


def test_empty_field_counts_as_not_given(runner: CliRunner, tmp_path: Path) -> None:
    copy = _copy(tmp_path, replace=("  integration:\n    zielwerte:",
                                     "  integration:\n    text:\n    eigene_ziele:\n"
                                     "    zielwerte:"))
    result = runner.invoke(main, ["check", str(copy)])
    assert result.exit_code == 0, result.output


def test_schema_accepts_the_short_traeger_form(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    traeger = schema["properties"]["traeger"]
    assert {"type": "string"} in traeger["anyOf"]
    assert "zusammenarbeit" not in schema.get("required", [])
