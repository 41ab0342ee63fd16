"""`zv check`'s warnings about dates, years in drafts and thousands points."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli.main import main

from .conftest import ROOT

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
SIGNED = "unterzeichnung:\n  ministerium: {datum: 21.12.20}\n  traeger: {datum: 02.12.2020}"


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _warnings(tmp_path: Path, old: str, new: str) -> list[str]:
    text = WUPPERTAL.read_text(encoding="utf-8")
    assert old in text
    file = tmp_path / "w.yaml"
    file.write_text(text.replace(old, new), encoding="utf-8")
    return [p.format() for p in api.check(file)]


@pytest.mark.parametrize(("dates", "expected"), [
    ("{datum: 27. 2020}", "Datum '27. 2020' ohne Monat"),
    ("{datum: \"12.2020\"}", "Datum '12.2020' ohne Tag oder Monat"),
    ("{datum: \"2020\"}", "Datum '2020' ohne Tag und Monat"),
    ("{datum: 21.12.}", "Datum '21.12.' ohne Jahr"),
    ("{datum: 2.6.19}", "Datum '2.6.19' mit zweistelliger Jahreszahl"),
    ("{datum: 02.06.2019}", "Unterschrift am 02.06.2019 liegt weit außerhalb des "
     "Vereinbarungsjahres 2021"),
    ("{datum: 2022-01-03}", "Unterschrift am 03.01.2022 liegt weit außerhalb"),
])
def test_date_warnings(tmp_path: Path, dates: str, expected: str) -> None:
    found = _warnings(tmp_path, "traeger: {datum: 02.12.2020}", f"traeger: {dates}")
    line = _line(WUPPERTAL.read_text(encoding="utf-8"), "  traeger: {datum:")
    assert any(f"w.yaml:{line}:20: unterzeichnung.traeger.datum: Warnung: {expected}" in w
               for w in found), found


def test_good_dates_do_not_warn(tmp_path: Path) -> None:
    found = _warnings(tmp_path, SIGNED, "unterzeichnung:\n  ministerium: {datum: 2020-12-21}\n"
                      "  traeger: {datum: 01.07.2020}")
    assert found == []


def test_final_version_without_dates(tmp_path: Path) -> None:
    found = _warnings(tmp_path, SIGNED, "unterzeichnung:\n  ministerium: {datum: 2020-12-21}")
    line = _line(WUPPERTAL.read_text(encoding="utf-8"), "  ministerium: {datum:")
    assert found == [f"{tmp_path / 'w.yaml'}:{line}:3: unterzeichnung.traeger: Warnung: Endfassung "
                     "ohne Unterschriftsdatum von der Stadt Wuppertal (Datum unter "
                     "'unterzeichnung' ergänzen oder 'status: entwurf' setzen)"]
    assert _warnings(tmp_path, SIGNED, "status: entwurf") == []


def test_draft_naming_earlier_year(tmp_path: Path) -> None:
    own = ("jahr: 2022\nstatus: entwurf\nzusammenarbeit:\n  absaetze:\n    - Auch in 2021 "
           "bleibt es dabei.\n")
    found = _warnings(tmp_path, "jahr: 2021\n", own)
    line = _line(WUPPERTAL.read_text(encoding="utf-8"), "jahr: 2021") + 4
    assert any(f":{line}:15: zusammenarbeit.absaetze[1]: Warnung: der Text nennt das Jahr "
               "2021" in w for w in found), found
    final = _warnings(tmp_path, "jahr: 2021\n", own.replace("status: entwurf\n", ""))
    assert not any("nennt das Jahr" in w for w in final)


@pytest.mark.parametrize("value", ["1.000", "\"1.000\""])
def test_thousands_point_in_percentage(tmp_path: Path, value: str) -> None:
    found = _warnings(tmp_path, "wert: 14,7", f"wert: {value}")
    assert any("ziele.integration.zielwerte[2].wert: Warnung: '1.000' mit Punkt" in w
               for w in found), found


def test_strict_turns_warnings_into_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "w.yaml"
    file.write_text(WUPPERTAL.read_text(encoding="utf-8"), encoding="utf-8")
    relaxed = runner.invoke(main, ["check", str(file)])
    assert relaxed.exit_code == 0 and "zweistelliger Jahreszahl" in relaxed.output
    strict = runner.invoke(main, ["check", "--strict", str(file)])
    assert strict.exit_code == 1
    assert "1 von 1 Dateien mit Warnungen (--strict)" in strict.output


def test_a_count_with_a_thousands_point_is_warned(tmp_path: Path) -> None:
    text = WUPPERTAL.read_text(encoding="utf-8")
    first = _line(text, "        wert:")
    lines = text.splitlines()
    indent = lines[first - 1][: len(lines[first - 1]) - len(lines[first - 1].lstrip())]
    lines.insert(first, f"{indent}absolut: 1.000")
    file = tmp_path / "w.yaml"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [p.format() for p in api.check(file)]
    assert any(f"w.yaml:{first + 1}:" in w and "'1.000' mit Punkt wird als Dezimalzahl 1 "
               "gelesen, nicht als Anzahl 1000" in w for w in found), found


def test_a_file_in_another_years_folder_is_warned(tmp_path: Path) -> None:
    folder = tmp_path / "agreements" / "2021" / "nrw"
    folder.mkdir(parents=True)
    file = folder / "w.yaml"
    text = WUPPERTAL.read_text(encoding="utf-8")
    file.write_text(text.replace("\njahr: 2021\n", "\njahr: 2022\n"), encoding="utf-8")
    found = [p.format() for p in api.check(file)]
    assert any("jahr: Warnung: die Datei liegt im Ordner '2021', die Vereinbarung nennt "
               "jahr 2022 (Datei nach agreements/2022/nrw/ verschieben" in w for w in found)
    file.write_text(text, encoding="utf-8")
    assert not any("Ordner" in p.message for p in api.check(file))


def test_unreadable_values_come_with_every_other_problem(tmp_path: Path) -> None:
    text = WUPPERTAL.read_text(encoding="utf-8")
    text = text.replace("traeger: wuppertal\n", "traeger: wuppertal\ntraeger: wuppertal\n"
                        "stand: 2021-02-30\n", 1).replace("wert: 14,7", "wert: vierzehn")
    file = tmp_path / "w.yaml"
    file.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(file)])
    assert result.exit_code == 1
    assert "traeger: Feld 'traeger' steht mehrfach" in result.stderr
    assert "stand: '2021-02-30' ist kein gültiges Datum" in result.stderr
    assert "zielwerte[2].wert: 'vierzehn' ist keine Zahl" in result.stderr


def test_a_negative_value_with_hoechstens_is_warned(tmp_path: Path) -> None:
    found = _warnings(tmp_path, "        wert: 2\n        grenze: hoechstens",
                      "        wert: -2\n        grenze: hoechstens")
    assert any("grenze: Warnung: 'hoechstens' bei negativem Wert (-2)" in w for w in found)
    assert not any("hoechstens" in w for w in _warnings(tmp_path, "wert: 2\n", "wert: 2\n"))


def test_date_warnings_come_with_the_errors(tmp_path: Path) -> None:
    file = tmp_path / "w.yaml"
    file.write_text(WUPPERTAL.read_text(encoding="utf-8").replace("wert: 14,7",
                                                                  "wert: vierzehn"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(file)])
    assert result.exit_code == 1
    assert "wert: 'vierzehn' ist keine Zahl" in result.stderr
    assert "unterzeichnung.ministerium.datum: Warnung: Datum '21.12.20' mit zweistelliger " \
        "Jahreszahl" in result.stderr
