"""Faults of a state file are reported at the state file, not at the agreement."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli.main import main

from .conftest import ROOT


def test_a_typo_in_the_states_family_points_to_the_state_file(tmp_path: Path) -> None:
    for name in ("states", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    state = tmp_path / "states" / "nrw.yaml"
    text = state.read_text(encoding="utf-8")
    state.write_text(text.replace("\nfamilie: nrw\n", "\nfamilie: nrww\n"), encoding="utf-8")
    line = text.splitlines().index("familie: nrw") + 1
    (tmp_path / "agreements" / "2021" / "nrw").mkdir(parents=True)
    shutil.copy(ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml",
                tmp_path / "agreements" / "2021" / "nrw")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "agreements")])
    assert result.exit_code == 1
    assert f"{state}:{line}:1: familie: unbekannte Vorlagenfamilie 'nrww'" in result.stderr
    assert "meinten Sie 'nrw'?" in result.stderr
