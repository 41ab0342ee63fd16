"""The standard text as named clauses: Muster of a year, agreement changes, names and
errors (generator/bausteine.py, generator/compose.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import api
from generator.cli.main import main
from generator.errors import InputError, SetupError

from .conftest import DATA, ROOT

KLEVE = """land: nrw
jahr: {jahr}
traeger: kleve
vertretung:
  traeger: {{titel: Landrat, name: Silke Gorißen, geschlecht: w}}
  ministerium: {{titel: Staatssekretär, name: Dr. Max Muster}}
ziele:
  integration:
    zielwerte:
      - kennzahl: integrationen
        wert: 3
        absolut: 40
        grenze: mindestens
      - kennzahl: K2
        wert: 2,5
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A ministry's own project: states/ and templates/ copied, agreements beside them."""
    shutil.copytree(ROOT / "states", tmp_path / "states")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def _agreement(project: Path, jahr: int, extra: str = "") -> Path:
    file = project / "agreements" / str(jahr) / "nrw" / "kleve.yaml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(KLEVE.format(jahr=jahr) + extra, encoding="utf-8")
    return file


def _md(file: Path) -> str:
    return api.render(file, ["md"])["md"].decode("utf-8")


# The worked example of docs/neues-jahr.md: an invented year that changes wording, order,
# a document title's article, a target sentence form, and adds and drops clauses.
EXAMPLE = DATA / "neues_jahr"


def test_invented_year_muster_changes_wording_order_and_article(project: Path) -> None:
    shutil.copy(EXAMPLE / "2031.yaml", project / "states" / "nrw" / "2031.yaml")
    shutil.copy(EXAMPLE / "reflexiv_fuer.md.j2",
                project / "templates" / "_base" / "saetze" / "reflexiv_fuer.md.j2")
    text = _md(_agreement(project, 2031))
    # the year's paragraphs now stand before the priorities paragraph
    assert text.index("Der Arbeitsmarkt des Jahres 2031") < text.index("Darüber hinaus tragen")
    # a singular feminine title takes "der"
    assert ("bei der Umsetzung des SGB II der „Gemeinsamen Arbeitsmarktstrategie von MAGS "
            "NRW und BA für das Jahr 2031“ Rechnung.") in text
    assert "“, das bis zum 31. März 2031 fortgeschrieben wird, ist Bestandteil" in text
    assert "Westfalen und der Kreis Kleve vereinbaren sich für 2031" in text
    assert "Für die Nachhaltigkeit der Erreichung des Ziels" not in text
    assert ("zwei Steuerungsdialoge. Die Dialoge erfolgen auf der Grundlage der "
            "Jahresfortschrittswerte") in text
    assert text.index("Die Dialoge erfolgen") < text.index("am Netzwerk der Jobcenter in "
                                                           "Nordrhein-Westfalen.")
    assert ("Das Ziel ist für 2031 erreicht, wenn sich die absolute Zahl der Integrationen "
            "gegenüber dem Vorjahr um mindestens 3 Prozent (+ 40) erhöht.") in text
    # the other sentence forms stay as the catalogue has them
    assert "wenn die Integrationsquote 2031 gegenüber dem Vorjahr um 2,5 Prozent steigt" in text


def test_a_year_without_muster_keeps_the_last_clauses_not_its_year_data(project: Path) -> None:
    text = _md(_agreement(project, 2022))
    assert "## 2. Zusammenarbeit" in text  # clauses of the Muster 2019 chain
    assert "Gemeinsamen Schwerpunkten" not in text  # data of 2021 is for 2021 only
    assert "Auch in 2021" not in text


def test_listing_shows_names_in_order_and_where_the_text_comes_from(runner: CliRunner) -> None:
    result = runner.invoke(main, ["bausteine", "nrw", "2021"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    names = [line.split()[0] for line in lines[3:]]
    assert names[:4] == ["titel", "parteien", "formel", "praeambel.grundsicherung"]
    assert names[-1] == "unterschriften"
    assert "es gilt: Muster 2021" in lines[0]
    row = next(line for line in lines if line.startswith("praeambel.schwerpunkte "))
    assert "Muster 2019" in row and "[wenn praeambel.schwerpunkte]" in row
    assert "praeambel.ueberschrift" not in result.output  # dropped by Muster 2019
    old = runner.invoke(main, ["bausteine", "nrw", "2014"]).output
    assert "praeambel.ueberschrift" in old and "es gilt: Muster 2014" in old


def test_listing_of_an_unknown_state_names_the_known_ones(runner: CliRunner) -> None:
    result = runner.invoke(main, ["bausteine", "nrv", "2021"])
    assert result.exit_code == 1
    assert "unbekannte Landesdatei 'nrv'" in result.output
    assert "niedersachsen, nrw" in result.output


def test_agreement_replaces_inserts_moves_and_drops_clauses(project: Path) -> None:
    extra = """bausteine:
  praeambel.planungsdokument: Unser eigener Satz mit {{ jahr }} und *Betonung*.
  eigener.absatz:
    nach: ziel3.zielwerte
    text: Ein Absatz nur für den Kreis Kleve.
  praeambel.gleichstellung:
    vor: praeambel.grundsicherung
  ziel1.monitoring: {streichen: true}
"""
    text = _md(_agreement(project, 2021, extra))
    assert "Unser eigener Satz mit {{ jahr }} und *Betonung*." in text  # data, no template
    assert "Lokale Planungsdokument" not in text
    assert text.index("Ein Absatz nur für den Kreis Kleve.") > text.index("### III.")
    assert text.index("Die Gleichstellung von Frauen") < text.index("Die Grundsicherung")
    assert "Für die Nachhaltigkeit der Erreichung" not in text


def test_unknown_clause_names_are_listed_with_position(project: Path) -> None:
    extra = """bausteine:
  praeambel.planungsdokumnet: Ein Text.
  neu:
    nach: ziel9.text
    text: Noch ein Text.
  neu2: Text ohne Stelle.
"""
    file = _agreement(project, 2021, extra)
    with pytest.raises(InputError) as caught:
        api.load(file)
    messages = [p.format() for p in caught.value.problems]
    assert len(messages) == 3
    assert messages[0].startswith(f"{file}:17:3: bausteine.praeambel.planungsdokumnet: "
                                  "unbekannter Baustein 'praeambel.planungsdokumnet': ein "
                                  "neuer Baustein braucht 'vor' oder 'nach' (meinten Sie "
                                  "'praeambel.planungsdokument'")
    assert "erlaubt: titel, parteien, formel, praeambel.grundsicherung" in messages[0]
    assert f"{file}:19:5: bausteine.neu.nach: unbekannter Baustein 'ziel9.text'" in messages[1]
    assert messages[2].endswith("bausteine.neu2: unbekannter Baustein 'neu2': ein neuer "
                                "Baustein braucht 'vor' oder 'nach' (z. B. 'nach: "
                                "unterschriften')")


def test_all_problems_of_a_file_at_once(project: Path) -> None:
    file = _agreement(project, 2021, "zusammenarbeit: {steuerungsdialoge: zwei}\n"
                                     "bausteine: {ziel1.txt: Text}\n")
    file.write_text(file.read_text(encoding="utf-8").replace("traeger: kleve",
                                                             "traeger: klev"),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.load(file)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["traeger", "zusammenarbeit.steuerungsdialoge", "bausteine.ziel1.txt"]


def test_muster_errors_point_into_the_muster(project: Path) -> None:
    muster = project / "states" / "nrw" / "2031.yaml"
    muster.write_text("bausteine:\n  ziel4.text: {nach: ziel3.txt, text: X}\n"
                      "  ziel1.text: {streichen: true, text: Y}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.load(_agreement(project, 2031))
    text = str(caught.value)
    assert f"{muster}:3:3: bausteine.ziel1.text: 'streichen: true' steht allein" in text
    muster.write_text("bausteine:\n  ziel4.text: {nach: ziel3.txt, text: X}\n",
                      encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.load(_agreement(project, 2031))
    assert (f"{muster}:2:16: bausteine.ziel4.text.nach: unbekannter Baustein 'ziel3.txt' "
            "(meinten Sie 'ziel3.text'") in str(caught.value)


def test_grundlage_must_exist_and_not_loop(project: Path) -> None:
    muster = project / "states" / "nrw" / "2031.yaml"
    muster.write_text("grundlage: 2020\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.load(_agreement(project, 2031))
    assert "grundlage: unbekanntes Muster '2020'" in str(caught.value)
    assert "erlaubt: familie, 2014, 2019, 2021, 2031" in str(caught.value)
    muster.write_text("grundlage: 2032\n", encoding="utf-8")
    (project / "states" / "nrw" / "2032.yaml").write_text("grundlage: 2031\n",
                                                         encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.load(_agreement(project, 2031))
    assert "Kreis in den Grundlagen: 2031 -> 2032 -> 2031" in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("{{ jobcentr|nom }}", "Fehler in der Vorlage: unbekannter Name 'jobcentr'"),
    ("{% if jahr %}offen", "Syntaxfehler in der Vorlage: Vorlage endet mitten in einem Block"),
    ("{{ 1 // 0 }}", "Fehler in der Vorlage: Division durch null"),
])
def test_template_errors_name_file_line_clause_and_family(project: Path, text: str,
                                                          expected: str) -> None:
    muster = project / "states" / "nrw" / "2031.yaml"
    muster.write_text(f"bausteine:\n  ziele.einleitung: |\n    Erste Zeile.\n    {text}\n",
                      encoding="utf-8")
    with pytest.raises(SetupError) as caught:
        api.render(_agreement(project, 2031), ["md"])
    message = str(caught.value)
    assert message.startswith(f"{muster}:2: Baustein 'ziele.einleitung' (Familie nrw), "
                              "Zeile 2 des Textes: ")
    assert expected in message


def test_error_in_a_sentence_form_names_its_file(project: Path) -> None:
    form = project / "templates" / "_base" / "saetze" / "steigen.md.j2"
    form.write_text("Zeile eins\n{{ z.gibtsnicht|zahl }}\n", encoding="utf-8")
    with pytest.raises(SetupError) as caught:
        api.render(_agreement(project, 2021), ["md"])
    assert str(caught.value).startswith(f"{form}:2: Fehler in der Vorlage")


def test_unknown_sentence_form_lists_the_files(project: Path) -> None:
    file = _agreement(project, 2021)
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["kennzahlen"] = {"K2": {"satz": "steigend"}}
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.load(file)
    message = str(caught.value)
    assert "kennzahlen.K2.satz: unbekannte Satzform 'steigend' (meinten Sie 'steigen'" in message
    assert "reflexiv, reflexiv_jahr, steigen" in message


def test_family_and_land_are_names_not_paths(project: Path) -> None:
    for line, field in (("familie: ../nrw", "familie"), ("familie: _base", "familie"),
                        ("land: ../states/nrw", "land")):
        file = _agreement(project, 2021)
        text = file.read_text(encoding="utf-8")
        text = text.replace("land: nrw", line) if field == "land" else text + line + "\n"
        file.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            api.load(file)
        assert f"{field}: unbekannte" in str(caught.value), line
        assert "erlaubt: " in str(caught.value)


def test_in_dat_declines_the_name(project: Path) -> None:
    data = yaml.safe_load((ROOT / "agreements" / "2016" / "nrw" / "duesseldorf.yaml")
                          .read_text(encoding="utf-8"))
    data["traeger"] = {"name": "Märkischer Kreis", "genus": "m", "ort": "Lüdenscheid"}
    file = project / "mk.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "festgelegten Ziele im Märkischen Kreis." in _md(file)


def test_shared_files_are_read_again_when_changed(project: Path) -> None:
    """A long-lived process (batch worker, preview) sees an edited Muster."""
    import os

    file = _agreement(project, 2021)
    assert "Auch in 2021 wird das MAGS NRW" in _md(file)
    muster = project / "states" / "nrw" / "2021.yaml"
    muster.write_text(muster.read_text(encoding="utf-8").replace(
        "Auch in 2021 wird das MAGS NRW", "Auch 2021 wird das MAGS NRW"), encoding="utf-8")
    stat = muster.stat()
    os.utime(muster, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert "Auch 2021 wird das MAGS NRW" in _md(file)


def test_check_of_muster_and_state_files(project: Path, runner: CliRunner) -> None:
    """`zv check states/` checks every state file and Muster without an agreement."""
    result = runner.invoke(main, ["check", str(project / "states")])
    assert result.exit_code == 0, result.output
    assert f"{project / 'states' / 'nrw' / '2021.yaml'}: in Ordnung" in result.output
    bad = project / "states" / "nrw" / "2033.yaml"
    bad.write_text("bausteine:\n  ziel1.text: |\n    {% if jahr %}offen\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: ziel1.text: Syntaxfehler in der Vorlage, Zeile 1 des Textes: " \
           "Vorlage endet mitten in einem Block" in result.output
    bad.write_text("werte:\n  praembel: {absaetze: [x]}\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert f"{bad}:2:3: praembel: unbekanntes Feld 'praembel' (meinten Sie 'praeambel'?)" \
        in result.output


def test_half_project_is_a_setup_fault(tmp_path: Path, runner: CliRunner) -> None:
    """states/ without templates/: no quiet fall-back to zv's own files."""
    (tmp_path / "states").mkdir()
    shutil.copy(ROOT / "states" / "nrw.yaml", tmp_path / "states" / "nrw.yaml")
    file = tmp_path / "w.yaml"
    shutil.copy(ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml", file)
    result = runner.invoke(main, ["check", str(file)])
    assert result.exit_code == 2
    assert f"{tmp_path} hat einen Ordner states/, aber keinen Ordner templates/" in result.output


def test_bausteine_names_the_projects_files_by_their_project_path() -> None:
    result = CliRunner().invoke(main, ["bausteine", "nrw", "2021"])
    assert result.exit_code == 0
    assert ("gelesen aus: templates/nrw/bausteine.yaml, states/nrw/2019.yaml, "
            "states/nrw/2021.yaml") in result.output
