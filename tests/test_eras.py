"""One NRW family from 2014 to today: eras are Muster files and catalogue data, not
copies of a template."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from generator import api
from generator.cli.main import main

from .conftest import ROOT

COESFELD = ROOT / "agreements" / "2014" / "nrw" / "coesfeld.yaml"
WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def _write(tmp_path: Path, data: dict[str, object], name: str = "v.yaml") -> Path:
    file = tmp_path / name
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return file


def _md(file: Path) -> str:
    return api.render(file, ["md"])["md"].decode("utf-8")


def test_level_target_change_is_computed(tmp_path: Path) -> None:
    data = yaml.safe_load(COESFELD.read_text(encoding="utf-8"))
    del data["ziele"]["integration"]["zielwerte"][0]["veraenderung"]
    data["ziele"]["integration"]["zielwerte"][0].update(wert="24,0", basis="25,0")
    text = _md(_write(tmp_path, data))
    assert ("im Dezember 2014 (t-0) 24,0 % beträgt. Gegenüber dem Dezemberwert 2013 (t-0) "
            "von 25,0 % bedeutet dies eine Verringerung um 4,0 Prozent.") in text


def test_stated_change_is_checked(tmp_path: Path) -> None:
    text = COESFELD.read_text(encoding="utf-8").replace("veraenderung: 12,9",
                                                       "veraenderung: 13,9")
    copy = tmp_path / "copy.yaml"
    copy.write_text(text, encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "veraenderung: 13,9" in x)
    result = CliRunner().invoke(main, ["check", str(copy)])
    assert result.exit_code == 0
    assert (f"copy.yaml:{line}:9: ziele.integration.zielwerte[1].veraenderung: Warnung: "
            "angegebene Veränderung +13,9 % passt nicht zu 22,5 % -> 25,4 % (+12,9 %)"
            ) in result.output
    # Its signature dates ("2.6.19") are warned about; its figures add up.
    assert "veraenderung: Warnung" not in CliRunner().invoke(
        main, ["check", str(COESFELD)]).output


def test_era_structure_of_2014() -> None:
    text = _md(COESFELD)
    assert "### Präambel" in text
    assert "## Schwerpunkte der Arbeitsmarkt- und Integrationspolitik" in text
    assert "### 4. Verbesserung der Zusammenarbeit der Akteure" in text
    assert "## 1. Ziele für das Jobcenter des Kreises Coesfeld 2014" in text
    assert "### IV. Verbesserung von Leistungsprozessen" in text
    assert "#### IV - C - Fokussierung auf spezielle Zielgruppen:" in text
    assert "### V. Unterstützungsangebote" in text
    assert "## 2. Dialoge zur Zielsteuerung" in text
    assert "zwei Zielsteuerungsdialoge pro Jahr" in text
    assert "darüber hinaus folgendes Ziel:\n\n**Reduzierung" in text
    assert "| In Vertretung |  |" in text


def test_mixed_era_from_a_muster_and_own_clauses(tmp_path: Path) -> None:
    """2017 with the MAGS Muster chosen, and the 'Präambel' heading put back by the
    agreement itself: eras are Muster files, a local deviation is a clause change."""
    data = yaml.safe_load(WUPPERTAL.read_text(encoding="utf-8"))
    data.update(jahr=2017, traeger="kleve", muster="2019",
                vertretung={"traeger": {"titel": "Landrat", "name": "W. S."}},
                kennzahlen={"K2": {"satz": "steigen"}, "K3": {"satz": "vorjahresergebnis"}},
                zusammenarbeit={"steuerungsdialoge": 2},
                bausteine={"praeambel.ueberschrift": {"vor": "praeambel.grundsicherung",
                                                      "text": "### Präambel"}})
    text = _md(_write(tmp_path, data))
    assert "### Präambel\n\nDie Grundsicherung für Arbeitsuchende soll es" in text
    assert "(MAIS NRW)" in text
    assert "## 1. Ziele 2017" in text
    assert "vereinbaren sich für 2017 zu folgenden Zielen" in text
    assert "## 2. Zusammenarbeit" in text


def test_unknown_muster_lists_the_allowed_names(tmp_path: Path) -> None:
    data = yaml.safe_load(WUPPERTAL.read_text(encoding="utf-8"))
    data["muster"] = "2091"
    result = CliRunner().invoke(main, ["check", str(_write(tmp_path, data))])
    assert result.exit_code == 1
    assert "muster: unbekanntes Muster '2091' für nrw/nrw" in result.output
    assert "erlaubt: 2014, 2019, 2021" in result.output


def test_links_are_hyperlinks_in_html_and_docx() -> None:
    outputs = api.render(COESFELD, ["html", "docx"])
    assert ('<a href="http://www.arbeit.nrw.de">www.arbeit.nrw.de</a>'
            in outputs["html"].decode("utf-8"))
    doc = Document(io.BytesIO(outputs["docx"]))
    links = list(doc.element.body.iter(qn("w:hyperlink")))
    assert len(links) == 1
    target = doc.part.rels[links[0].get(qn("r:id"))].target_ref
    assert target == "http://www.arbeit.nrw.de"


def test_partial_dates_and_places_per_party(tmp_path: Path) -> None:
    data = yaml.safe_load(COESFELD.read_text(encoding="utf-8"))
    data["unterzeichnung"] = {"ministerium": {"datum": "27. 2014", "in_vertretung": True},
                              "traeger": {"ort": "Dülmen", "datum": "2014-05-09"}}
    text = _md(_write(tmp_path, data))
    assert "| Düsseldorf, den 27. 2014 | Dülmen, den 09.05.2014 |" in text
