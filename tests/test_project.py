"""A ministry's own project: `zv init` copies a state's files and never overwrites,
`zv new` writes an agreement to fill in, `zv status` lists every agreement; and the
wheel carries the built-in states and templates, so that an installed zv works outside
this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import main

from .conftest import ROOT
from .similarity import similarity

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def _zv(folder: Path, *args: str) -> tuple[int, str, str]:
    here = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(here)
    return result.exit_code, result.stdout, result.stderr


def _project(tmp_path: Path) -> Path:
    folder = tmp_path / "ministerium"
    code, _, err = _zv(tmp_path, "init", str(folder), "--land", "nrw")
    assert code == 0, err
    return folder


def test_init_copies_the_states_files_and_never_overwrites(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    assert (folder / "states" / "nrw.yaml").read_bytes() == \
        (ROOT / "states" / "nrw.yaml").read_bytes()
    for name in ("2014", "2019", "2021"):
        assert (folder / "states" / "nrw" / f"{name}.yaml").is_file()
    for family in ("_base", "nrw", "ge"):  # ge: used in every state (gemeinsame Einrichtung)
        assert (folder / "templates" / family / "makros.md.j2").is_file()
    assert not (folder / "templates" / "niedersachsen").exists()
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "output/\n"
    assert '"yaml.schemas"' in (folder / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert (folder / "zv-schema.json").is_file() and (folder / "README.md").is_file()
    mine = folder / "templates" / "nrw" / "bausteine.yaml"
    mine.write_text("# eigene Fassung\n", encoding="utf-8")
    code, _, err = _zv(tmp_path, "init", str(folder), "--land", "nrw")
    assert code == 0
    assert mine.read_text(encoding="utf-8") == "# eigene Fassung\n"
    assert "anders als in zv, nicht überschrieben" in err
    code, out, _ = _zv(folder, "init", "--update", ".")
    assert code == 0
    assert "--- Projekt/templates/nrw/bausteine.yaml" in out
    assert mine.read_text(encoding="utf-8") == "# eigene Fassung\n"  # --update copies nothing


def test_init_refuses_an_unknown_state(tmp_path: Path) -> None:
    code, _, err = _zv(tmp_path, "init", str(tmp_path / "p"), "--land", "nrv")
    assert code == 1
    assert "zv kennt kein Land 'nrv'" in err and "meinten Sie 'nrw'" in err
    assert not (tmp_path / "p").exists()


def test_the_project_renders_from_its_own_files(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    target = folder / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(WUPPERTAL, target)
    code, _, err = _zv(folder, "render", "agreements", "--format", "md")
    assert code == 0, err
    made = (folder / "output" / "2021" / "nrw" / "wuppertal.md").read_text(encoding="utf-8")
    reference = (ROOT / "tests" / "data" / "references" / "wuppertal_2021.txt").read_text(
        encoding="utf-8")
    assert similarity(reference, made) >= 0.97
    code, out, _ = _zv(folder, "status")
    assert code == 0
    assert "agreements/2021/nrw/wuppertal.yaml" in out and "Stadt Wuppertal" in out
    assert "Endfassung, unterschrieben" in out and "aktuell (md)" in out


def test_a_project_without_a_state_names_the_command_that_brings_it(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    target = folder / "agreements" / "2020" / "niedersachsen" / "heidekreis.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(ROOT / "agreements" / "2020" / "niedersachsen" / "heidekreis.yaml", target)
    code, _, err = _zv(folder, "check", "agreements/2020")
    assert code == 1
    assert "zv init" in err and "--land niedersachsen" in err


def test_new_writes_every_open_field_and_check_names_them(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    (folder / "agreements" / "2021" / "nrw").mkdir(parents=True)
    shutil.copy(WUPPERTAL, folder / "agreements" / "2021" / "nrw" / "wuppertal.yaml")
    code, _, err = _zv(folder, "new", "kleve", "--jahr", "2021")
    assert code == 0, err
    made = folder / "agreements" / "2021" / "nrw" / "kleve.yaml"
    text = made.read_text(encoding="utf-8")
    assert "traeger: kleve" in text and "status: entwurf" in text
    assert "Wuppertal" not in text.split("Angelegt")[1]  # nothing of the other Träger
    assert text.count("- kennzahl:") == 5  # as in Wuppertal's agreement of the year
    code, _, err = _zv(folder, "check", str(made))
    assert code == 1
    assert err.count("noch offen") == 5 and "vertretung.traeger" in err
    code, _, err = _zv(folder, "new", "kleve", "--jahr", "2021")
    assert code == 1 and "überschreibt nichts" in err
    code, _, err = _zv(folder, "new", "kleeve", "--jahr", "2021")
    assert code == 1 and "meinten Sie 'kleve'" in err


def test_status_as_csv_and_html(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    (folder / "agreements" / "2021" / "nrw").mkdir(parents=True)
    shutil.copy(WUPPERTAL, folder / "agreements" / "2021" / "nrw" / "wuppertal.yaml")
    (folder / "agreements" / "2021" / "nrw" / "kaputt.yaml").write_text("land: nrw\n",
                                                                       encoding="utf-8")
    code, _, _ = _zv(folder, "status", "--format", "csv")
    assert code == 1  # one broken file
    rows = (folder / "zv-status.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Datei;Jahr;Land;Träger;Stand")
    assert any("kaputt.yaml" in r and "fehlerhaft" in r for r in rows)
    assert any("wuppertal.yaml;2021;nrw;Stadt Wuppertal;" in r for r in rows)
    _zv(folder, "status", "--format", "html", "--out", "s.html")
    page = (folder / "s.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Stadt Wuppertal" in page


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the checkout")
def test_the_wheel_carries_states_and_templates(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "-q", "-w", str(tmp_path / "w"),
                            str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "w").glob("zv-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/builtin/states/nrw.yaml" in names
    assert "generator/builtin/templates/nrw/frame.docx" in names
    assert "generator/preview/static/vorschau.js" in names
    assert {"generator/web/static/web.js", "generator/web/static/web.css"} <= set(names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(WUPPERTAL, work / "wuppertal.yaml")
    # zv from the unpacked wheel (its dependencies from this environment), run outside
    # every project: it takes its own built-in files, then makes a project of its own.
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import generator.sources.project as p; "
                            "print(p.PACKAGE_ROOT)"], cwd=work, env=env, capture_output=True,
                           text=True)
    assert where.stdout.strip() == str(site / "generator" / "builtin")
    run = subprocess.run([sys.executable, "-c", "from generator.cli.main import main; main()",
                          "render", "wuppertal.yaml", "--format", "md", "--out", "out"],
                         cwd=work, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Stadt Wuppertal" in (work / "out" / "wuppertal.md").read_text(encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "from generator.cli.main import main; main()",
                          "init", "p", "--land", "nrw"], cwd=work, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (work / "p" / "templates" / "nrw" / "frame.docx").is_file()
