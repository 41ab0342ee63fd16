"""`zv next`: next year's draft of every example family, nothing overwritten."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli.main import main
from generator.cycle import nextyear
from generator.errors import InputError

from .conftest import AGREEMENTS, ROOT

TODAY = dt.date(2021, 11, 30)


def _copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.relative_to(ROOT)
    target.parent.mkdir(parents=True)
    shutil.copyfile(source, target)
    return target


@pytest.mark.parametrize("source", AGREEMENTS, ids=lambda p: p.stem)
def test_roll_forward_of_each_example(tmp_path: Path, source: Path) -> None:
    file = _copy(tmp_path, source)
    old = api.load(file).agreement.jahr
    made = nextyear.draft(file, TODAY)
    assert made.target == tmp_path / "agreements" / str(old + 1) / file.parent.name / file.name
    made.target.parent.mkdir(parents=True)
    made.target.write_text(made.text, encoding="utf-8")
    loaded = api.load(made.target)
    assert loaded.agreement.jahr == old + 1
    assert loaded.agreement.status == "entwurf"
    assert loaded.agreement.stand == TODAY
    assert all(u.datum is None for u in loaded.agreement.unterzeichnung.values())
    before = api.load(file).agreement.ziele
    for name in ("hilfebeduerftigkeit", "integration", "langzeitbezug"):  # targets kept
        assert getattr(loaded.agreement.ziele, name).zielwerte == getattr(
            before, name).zielwerte
    # Only the changed lines differ: comments, order and quoting stay.
    changed = [line for line in difflib.ndiff(source.read_text(encoding="utf-8").splitlines(),
                                              made.text.splitlines())
               if line[:1] in "+-"]
    for line in changed:
        assert any(word in line for word in ("jahr:", "status:", "stand:", "datum",
                                             "kurzname:")), line
    api.markdown(loaded)  # renders


def test_next_cli_writes_draft_and_names_old_years(runner: CliRunner, tmp_path: Path) -> None:
    file = _copy(tmp_path, ROOT / "agreements/2014/nrw/coesfeld.yaml")
    # No Muster for 2015: a draft would lack the year's texts, so zv makes none ...
    result = runner.invoke(main, ["next", str(file)])
    assert result.exit_code == 1
    assert "kein Entwurf für 2015: es gibt noch kein Muster des Jahres " \
        "(states/nrw/2015.yaml)" in result.output and "--without-muster" in result.output
    assert not (tmp_path / "agreements/2015").exists()
    # ... unless told to.
    result = runner.invoke(main, ["next", str(file), "--without-muster"])
    assert result.exit_code == 0, result.output
    target = tmp_path / "agreements/2015/nrw/coesfeld.yaml"
    assert target.is_file()
    text = target.read_text(encoding="utf-8")
    assert "jahr: 2015\nstatus: entwurf\n" in text
    assert "{datum: }" in text and "2.6.19" not in text
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "wird in 2014" in t)
    assert (f"{target}:{line}:50: ziele.hilfebeduerftigkeit.text: 2014: Das Jobcenter des "
            "Kreises Coesfeld wird in 2014") in result.output
    # The year's texts of the Muster 2014 do not apply to 2015: zv next says so.
    assert "jahr: Warnung: für 2015 gibt es kein Muster" in result.output
    file = _copy(tmp_path, ROOT / "agreements/2021/nrw/wuppertal.yaml")
    result = runner.invoke(main, ["next", str(file), "--without-muster"])
    target = tmp_path / "agreements/2022/nrw/wuppertal.yaml"
    text = target.read_text(encoding="utf-8")
    # never overwritten
    again = runner.invoke(main, ["next", str(file), "--without-muster"])
    assert again.exit_code == 1
    assert "gibt es schon" in again.output
    assert target.read_text(encoding="utf-8") == text


def test_next_with_year_and_check_of_draft(runner: CliRunner, tmp_path: Path) -> None:
    file = _copy(tmp_path, ROOT / "agreements/2021/nrw/wuppertal.yaml")
    assert runner.invoke(main, ["next", str(file), "--jahr", "2022",
                                "--without-muster"]).exit_code == 0
    draft = tmp_path / "agreements/2022/nrw/wuppertal.yaml"
    result = runner.invoke(main, ["check", str(draft)])
    assert result.exit_code == 0
    assert "Kommentar: Warnung: der Kommentar nennt das Jahr 2021, die Vereinbarung gilt " \
        "für 2022" in result.output
    assert runner.invoke(main, ["check", "--strict", str(draft)]).exit_code == 1
    # The state file names no signatory of the ministry for 2023: the draft would not
    # load, so it is not written; the error says what is missing, exit status 1.
    later = runner.invoke(main, ["next", str(file), "--jahr", "2023", "--without-muster"])
    assert later.exit_code == 1
    assert "es fehlt, wer die Partei 'ministerium' vertritt" in later.output
    assert not (tmp_path / "agreements/2023/nrw/wuppertal.yaml").exists()


def test_next_outside_year_folder_and_same_year(tmp_path: Path) -> None:
    file = tmp_path / "entwurf.yaml"
    shutil.copyfile(ROOT / "agreements/2021/nrw/wuppertal.yaml", file)
    assert nextyear.draft(file, TODAY).target == tmp_path / "entwurf-2022.yaml"
    with pytest.raises(InputError, match="schon für 2021"):
        nextyear.draft(file, TODAY, 2021)


def test_stichtag_moves_with_the_year(tmp_path: Path) -> None:
    file = tmp_path / "agreements" / "2021" / "nrw" / "w.yaml"
    file.parent.mkdir(parents=True)
    text = (ROOT / "agreements/2021/nrw/wuppertal.yaml").read_text(encoding="utf-8")
    file.write_text(text.replace("jahr: 2021\n", "jahr: 2021\nstichtag: 2021-07-01\n"),
                    encoding="utf-8")
    assert "stichtag: 2022-07-01\n" in nextyear.draft(file, TODAY).text


def test_next_for_a_folder_with_one_summary(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("states", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for year in ("2020", "2023"):
        shutil.copytree(ROOT / "agreements" / year, tmp_path / "agreements" / year)
    # A Muster for 2021 in Niedersachsen (with texts of its year): drafts for 2021 may be
    # made; for 2024 there is none, so its year's texts would be missing.
    muster = (ROOT / "states" / "niedersachsen" / "2020.yaml").read_text(encoding="utf-8")
    (tmp_path / "states" / "niedersachsen" / "2021.yaml").write_text(
        muster.replace("2020", "2021"), encoding="utf-8")
    result = runner.invoke(main, ["next", str(tmp_path / "agreements")])
    # The 2023 Emsland file has no 2024 Muster: refused, the rest made.
    assert result.exit_code == 1
    assert "emsland.yaml: kein Entwurf für 2024" in result.output
    draft = tmp_path / "agreements" / "2021" / "niedersachsen" / "heidekreis.yaml"
    assert draft.is_file()
    # The budget of 2020 is named for checking, with its place.
    text = draft.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "verwaltungskosten" in t)
    assert f"{draft}:{line}:" in result.output
    assert "haushalt.verwaltungskosten: 2020: Haushaltsmittel 2020: 8.793.355" in result.output
    assert "1 Entwurf geschrieben" in result.output and "1 Datei mit Fehlern" in result.output
