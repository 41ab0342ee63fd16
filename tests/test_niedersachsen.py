"""The Niedersachsen family: parties by period from the state file, computed budget,
target sentences, qualitative goals, numbered paragraphs and the signature block."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from generator import api
from generator.model import State
from generator.sources.validation import validate
from generator.sources.yamlread import load_yaml

from .conftest import ROOT, shown

HEIDEKREIS = ROOT / "agreements" / "2020" / "niedersachsen" / "heidekreis.yaml"
EMSLAND = ROOT / "agreements" / "2023" / "niedersachsen" / "emsland.yaml"
STATE = ROOT / "states" / "niedersachsen.yaml"

MW = "Niedersächsisches Ministerium für Wirtschaft, Arbeit, Verkehr und Digitalisierung"
MS = "Niedersächsisches Ministerium für Soziales, Gesundheit und Gleichstellung"
MS_2022 = "Niedersächsisches Ministerium für Soziales, Arbeit, Gesundheit und Gleichstellung"


def variant(tmp_path: Path, base: Path = HEIDEKREIS, **changes: Any) -> Path:
    """A copy of an agreement with top-level keys (or a__b paths) replaced; None deletes."""
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is None:
            del target[last]
        else:
            target[last] = value
    file = tmp_path / "variante.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return file


def md(file: Path) -> str:
    return api.render(file, ["md"])["md"].decode("utf-8")


def signature_rows(text: str) -> list[list[str]]:
    block = text.split("::: unterschriften\n", 1)[1].split("\n:::", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in block.splitlines() if not line.startswith("| ---")]


def test_state_file_lists_the_16_zkt_with_gender_and_seat() -> None:
    state = validate(State, load_yaml(STATE), STATE)
    assert len(state.traeger) == 16
    assert all(t.name.startswith("Landkreis ") and t.genus == "m" and t.ort
               for t in state.traeger.values())
    assert state.traeger["heidekreis"].ort == "Bad Fallingbostel"


def test_2020_parties_are_mw_ms_and_the_landkreis() -> None:
    loaded = api.load(HEIDEKREIS)
    assert [(p.schluessel, p.org.name) for p in loaded.view.parteien] == [
        ("mw", MW), ("ms", MS), ("traeger", "Landkreis Heidekreis")]
    # The signatories of 2020 come from the state file.
    assert [p.person.name for p in loaded.view.parteien] == [
        "Dr. Berend Lindner", "Heiger Scholz", "Manfred Ostermann"]


def test_2023_example_has_the_merged_ministry_only() -> None:
    loaded = api.load(EMSLAND)
    parteien = loaded.view.parteien
    assert [(p.schluessel, p.org.name, p.kurz) for p in parteien] == [
        ("ms", MS_2022, "MS"), ("traeger", "Landkreis Emsland", "Landkreis Emsland")]
    text = md(EMSLAND)
    assert "schließen das  \n**Niedersächsische Ministerium für Soziales, Arbeit, Gesundheit " \
           "und Gleichstellung (MS)**  \nmit dem  \n**Landkreis Emsland**" in text
    assert "Wirtschaft" not in text
    assert "Der Landkreis Emsland und das MS setzen sich dafür ein" in text
    assert "Das MS unterstützt die Zielerreichung des Landkreises" in text
    assert "Das MS stellt dem Landkreis Emsland regelmäßig" in text
    rows = signature_rows(text)
    assert rows[0] == ["Hannover, den 15.12.2022", "Meppen, den 01.12.2022"]
    assert rows[-1] == [MS_2022, "Landkreis Emsland"]
    assert api.load(EMSLAND).agreement.status == "entwurf"  # invented: marked ENTWURF


@pytest.mark.parametrize(("stichtag", "names"), [
    ("2017-01-01", ["Niedersächsisches Ministerium für Wirtschaft, Arbeit und Verkehr", MS]),
    ("2022-11-07", [MW, MS]),
    ("2022-11-08", [MS_2022]),
])
def test_ministries_follow_the_reference_date(tmp_path: Path, stichtag: str,
                                              names: list[str]) -> None:
    people = {"ms": {"name": "B"}, "traeger": {"name": "C"}}
    if len(names) > 1:
        people["mw"] = {"name": "A"}
    file = variant(tmp_path, stichtag=stichtag, vertretung=people,
                   unterzeichnung={"traeger": {"datum": "1.12.2016"}})
    loaded = api.load(file)
    assert [m.org.name for m in loaded.view.ministerien] == names


def test_ministry_without_signatory_is_reported(tmp_path: Path) -> None:
    from generator.errors import InputError

    file = variant(tmp_path, jahr=2024, unterzeichnung={"traeger": {}})
    with pytest.raises(InputError, match="es fehlt, wer die Partei 'ms' vertritt"):
        api.load(file)


def test_budget_total_is_computed(tmp_path: Path) -> None:
    text = md(variant(tmp_path, haushalt={"verwaltungskosten": 1_234_567,
                                          "eingliederung": "2.000.000"}))
    assert "- Verwaltungskosten 1.234.567 Euro\n" in text
    assert "- Leistungen zur Eingliederung in Arbeit 2.000.000 Euro.\n" in text
    assert "rd. 3,2 Mio. Euro für das Jahr 2020" in text


def test_stated_total_that_does_not_add_up_is_a_warning(tmp_path: Path) -> None:
    ok = variant(tmp_path, haushalt__gesamt_mio="16,6")
    assert [p for p in api.check(ok) if not p.field.startswith("unterzeichnung")] == []
    wrong = variant(tmp_path, haushalt__gesamt_mio="17,1")
    [warning] = [p for p in api.check(wrong) if not p.field.startswith("unterzeichnung")]
    assert warning.warning and warning.field == "haushalt.gesamt_mio"
    assert "17,1 Mio. Euro passt nicht zur Summe der Beträge (16.588.719 Euro, gerundet " \
           "16,6 Mio. Euro)" in warning.message
    assert warning.line > 0
    # The stated figure is what the text says; the warning is there to catch it.
    assert "rd. 17,1 Mio. Euro" in md(wrong)
    assert [p for p in api.check(HEIDEKREIS) if not p.field.startswith("unterzeichnung")] == []


def test_without_budget_section_numbers_stay_consistent(tmp_path: Path) -> None:
    text = md(variant(tmp_path, haushalt=None))
    assert "Haushaltsmittel" not in text
    assert "Gesamtbudget" not in text
    assert "### § 2 Ziele, Zielindikatoren" in text
    assert "die in § 2 vereinbarten Ziele" in text
    assert "der in § 2 Nr. 1 bis 3 vereinbarten Zielwerte" in text
    assert "(5) Abweichungen von den gesamtwirtschaftlichen Eckwerten" in text


@pytest.mark.parametrize(("kennzahl", "wert", "extra", "expected"), [
    ("K2", 3.1, {}, "wenn die Integrationsquote des Landkreises Heidekreis um 3,1 % im "
     "Vergleich zum Jahr 2019 steigt."),
    ("K2", -0.5, {}, "um 0,5 % im Vergleich zum Jahr 2019 sinkt."),
    ("K2", 0, {}, "wenn die Integrationsquote des Landkreises Heidekreis im Vergleich zum "
     "Jahr 2019 gleich bleibt."),
    ("K2", 2, {"grenze": "mindestens"}, "um mindestens 2 % im Vergleich"),
    ("K3", -1.5, {}, "wenn der durchschnittliche Bestand an Langzeitleistungsbeziehenden des "
     "Landkreises Heidekreis um 1,5 % im Vergleich zum Jahr 2019 reduziert wird."),
    ("K3", 1, {"grenze": "hoechstens"}, "um nicht mehr als 1 % im Vergleich zum Jahr 2019 "
     "erhöht wird."),
    ("K3", 0, {}, "im Vergleich zum Jahr 2019 konstant gehalten wird."),
    ("K2E4", 2.5, {}, "wenn die Integrationsquote der Alleinerziehenden des Landkreises "
     "Heidekreis um 2,5 %"),
])
def test_target_sentences(tmp_path: Path, kennzahl: str, wert: float,
                          extra: dict[str, object], expected: str) -> None:
    text = md(variant(tmp_path, ziele__integration__zielwerte=[
        {"kennzahl": kennzahl, "wert": wert, **extra}]))
    assert "Das Ziel ist im Jahr 2020 erreicht, " in text
    assert expected in text


def test_qualitative_goals_are_numbered_on_and_referenced(tmp_path: Path) -> None:
    text = md(HEIDEKREIS)
    assert re.findall(r"^#### (\d)\. ", text, re.M) == ["1", "2", "3", "4", "5"]
    assert "nach § 3 Nr. 4 und 5 werden im Rahmen" in text
    goal = {"titel": "Drittes Ziel", "text": "Ziel ist X.", "umsetzungsschritte": ["a", "b"],
            "erreicht_wenn": "X erreicht ist."}
    data = yaml.safe_load(HEIDEKREIS.read_text(encoding="utf-8"))
    text = md(variant(tmp_path, ziele__weitere=[*data["ziele"]["weitere"], goal]))
    assert "#### 6. Drittes Ziel\n\nZiel ist X. Nach Prüfung der regionalen Handlungsbedarfe " \
           "verständigen sich die Zielvereinbarungspartner für den Landkreis Heidekreis auf " \
           "folgende Umsetzungsschritte:\n\n- a\n- b\n\nDas Ziel ist erreicht, wenn X " \
           "erreicht ist.\n" in text
    assert "nach § 3 Nr. 4 bis 6 werden" in text
    text = md(variant(tmp_path, ziele__weitere=[goal]))
    assert "Die Umsetzung des vereinbarten Ziels nach § 3 Nr. 4 wird im Rahmen" in text
    text = md(variant(tmp_path, ziele__weitere=[]))
    assert "Die Umsetzung" not in text and "#### 4." not in text


def test_numbered_paragraphs_continue_with_the_agreements_own(tmp_path: Path) -> None:
    text = md(variant(tmp_path, zusammenarbeit={
        "steuerungsdialoge": 3, "absaetze": ["Ein eigener Absatz.", "Noch einer."]}))
    assert "mindestens jedoch dreimal jährlich" in text
    paragraphs = re.findall(r"^\((\d)\) ", text.split("### § 4")[1], re.M)
    assert paragraphs == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert "(7) Ein eigener Absatz.\n\n(8) Noch einer." in text
    assert re.findall(r"^\((\d)\) ", text.split("### § 3")[1].split("### § 4")[0],
                      re.M) == ["1", "2"]


def test_kennzahlen_verordnung_from_state_defaults(tmp_path: Path) -> None:
    text = md(HEIDEKREIS)
    assert "vom 12.08.2010 (BGBl. I S. 1152), die zuletzt durch Artikel 1 der Verordnung vom " \
           "15. März 2019 (BGBl. I S. 339) geändert worden ist, Anwendung." in text
    text = md(variant(tmp_path, kennzahlenverordnung={
        "durch": "Artikel 2", "datum": "2031-01-02", "fundstelle": "BGBl. 2031 I Nr. 7"}))
    assert "zuletzt durch Artikel 2 der Verordnung vom 2. Januar 2031 (BGBl. 2031 I Nr. 7)" \
        in text
    text = md(variant(tmp_path, jahr=2019, unterzeichnung={"traeger": {}}))
    assert "vom 12.08.2010 (BGBl. I S. 1152) Anwendung." in text


def test_signature_block_three_columns() -> None:
    rows = signature_rows(md(HEIDEKREIS))
    assert rows == [
        ["Hannover, den 28.11.2020", "Hannover, den 27. 2020", "Bad Fallingb., den 8. 2020"],
        ["In Vertretung", "In Vertretung", ""],
        ["", "", ""],
        ["(Dr. Berend Lindner)", "(Heiger Scholz)", "(Manfred Ostermann)"],
        [MW, MS, "Landkreis Heidekreis"],
    ]
    doc = Document(io.BytesIO(api.render(HEIDEKREIS, ["docx"])["docx"]))
    table = doc.tables[-1]
    assert len(table.columns) == 3
    assert [shown(c.text) for c in table.rows[3].cells] == [
        "(Dr. Berend Lindner)", "(Heiger Scholz)", "(Manfred Ostermann)"]


def test_seat_is_the_default_place(tmp_path: Path) -> None:
    rows = signature_rows(md(variant(tmp_path, unterzeichnung={})))
    assert rows[0] == ["Hannover, den", "Hannover, den", "Bad Fallingbostel, den"]
    assert len(rows) == 4  # nobody signs "In Vertretung": that row is left out


def test_another_landkreis_of_another_year(tmp_path: Path) -> None:
    file = tmp_path / "aurich.yaml"
    file.write_text(
        "land: niedersachsen\njahr: 2019\ntraeger: aurich\n"
        "vertretung:\n  mw: {name: M. W.}\n  ms: {name: M. S.}\n  traeger: {name: L. A.}\n"
        "haushalt: {verwaltungskosten: 12345678, eingliederung: 9876543}\n"
        "ziele:\n  integration:\n    zielwerte:\n      - kennzahl: K2\n        wert: 1,2\n",
        encoding="utf-8")
    text = md(file)
    assert "mit dem  \n**Landkreis Aurich**" in text
    assert "rd. 22,2 Mio. Euro für das Jahr 2019" in text
    assert "die Integrationsquote des Landkreises Aurich um 1,2 % im Vergleich zum Jahr " \
           "2018 steigt." in text
    assert signature_rows(text)[0] == ["Hannover, den", "Hannover, den", "Aurich, den"]
