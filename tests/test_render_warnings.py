"""`zv render` shows the warnings `zv check` gives, after its result line; with --strict
a file with warnings is not written and the run fails."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli.main import main

from .conftest import ROOT

EMSLAND = ROOT / "agreements" / "2023" / "niedersachsen" / "emsland.yaml"  # no 2023 Muster
WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"  # one: '21.12.20'


def _without_warnings(tmp_path: Path) -> Path:
    file = tmp_path / "wuppertal.yaml"
    text = WUPPERTAL.read_text(encoding="utf-8")
    assert "{datum: 21.12.20}" in text
    file.write_text(text.replace("{datum: 21.12.20}", "{datum: 21.12.2020}"), encoding="utf-8")
    return file


def _render(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", *args, "--format", "md", "--out",
                                       str(tmp_path / "out")])
    return result.exit_code, result.stderr


def test_render_lists_the_warnings_after_the_result_line(tmp_path: Path) -> None:
    code, err = _render(tmp_path, str(EMSLAND), str(_without_warnings(tmp_path)))
    assert code == 0
    lines = err.splitlines()
    result = next(i for i, line in enumerate(lines) if "2 erstellt" in line)
    assert lines[result + 1].startswith("1 Warnung in 1 Datei")
    assert lines[result + 2].startswith(f"{EMSLAND}:8:1: jahr: Warnung: für 2023 gibt es "
                                        "kein Muster (states/niedersachsen/2023.yaml)")
    assert (tmp_path / "out" / "2023" / "niedersachsen" / "emsland.md").is_file()


def test_strict_writes_nothing_for_a_file_with_warnings(tmp_path: Path) -> None:
    code, err = _render(tmp_path, "--strict", str(EMSLAND), str(_without_warnings(tmp_path)))
    assert code == 1
    assert "nicht erstellt: 1 Warnung (--strict)" in err
    assert not (tmp_path / "out" / "2023").exists()
    assert (tmp_path / "out" / "wuppertal.md").is_file()


def test_a_file_without_warnings_prints_none(tmp_path: Path) -> None:
    code, err = _render(tmp_path, "--strict", str(_without_warnings(tmp_path)))
    assert code == 0, err
    assert "Warnung" not in err
