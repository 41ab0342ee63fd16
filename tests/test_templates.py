"""The NRW template on other years and partners: grammar, counts and target sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import api

from .conftest import ROOT

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def render_variant(tmp_path: Path, **changes: object) -> str:
    data = yaml.safe_load(WUPPERTAL.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target.setdefault(
                key, {})
        target[last] = value
    file = tmp_path / "variante.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return api.render(file, ["md"])["md"].decode("utf-8")


def test_kreis_with_a_woman_landraetin(tmp_path: Path) -> None:
    text = render_variant(
        tmp_path, traeger="kleve", jahr=2022,
        vertretung={"traeger": {"titel": "Landrat", "name": "Silke Gorißen",
                                "geschlecht": "w"}},
        unterzeichnung={"ministerium": {"datum": "2021-12-20"}, "traeger": {}})
    assert "und dem\n\n**Kreis Kleve**" in text
    assert "vertreten durch Frau Landrätin Silke Gorißen" in text
    assert "und der Kreis Kleve als zugelassener kommunaler Träger" in text
    assert "das Jobcenter des Kreises Kleve vereinbaren sich für 2022" in text
    assert "„Lokale Planungsdokument 2022 des Jobcenters des Kreises Kleve“" in text
    assert "**Für den Kreis Kleve**" in text
    assert "| Düsseldorf, den 20.12.2021 | Kleve, den |" in text


def test_ministry_by_period(tmp_path: Path) -> None:
    text = render_variant(tmp_path, jahr=2016, traeger="coesfeld",
                          vertretung={"traeger": {"titel": "Landrat", "name": "K. P."}},
                          ziele__integration__zielwerte=[
                              {"kennzahl": "K2", "art": "niveau", "wert": 25, "basis": 24}])
    assert "Ministerium für Arbeit, Integration und Soziales" in text
    assert "(MAIS NRW)" in text
    assert "vertreten durch Herrn Staatssekretär Dr. Wilhelm Schäffer" in text


def test_level_form_needs_a_level(tmp_path: Path) -> None:
    from generator.errors import InputError

    with pytest.raises(InputError) as exc:
        render_variant(tmp_path, jahr=2016)
    assert ("ziele.integration.zielwerte[2].kennzahl: die Satzform 'niveau_dezember' "
            "beschreibt einen Zielwert mit art: niveau (art: niveau mit basis angeben)"
            in str(exc.value))


def test_counts_in_words(tmp_path: Path) -> None:
    text = render_variant(tmp_path, zusammenarbeit__steuerungsdialoge=3,
                          ziele__hilfebeduerftigkeit__analysefelder=["a,", "b und", "c."])
    assert "drei Steuerungsdialoge" in text
    assert "um diese drei Analysefelder erweitertes Monitoring" in text
    text = render_variant(tmp_path, zusammenarbeit__steuerungsdialoge=1)
    assert "in 2021 einen Steuerungsdialog." in text


@pytest.mark.parametrize(("kennzahl", "wert", "extra", "expected"), [
    ("integrationen", 2.5, {"grenze": "mindestens", "absolut": 60},
     "wenn sich die absolute Zahl der Integrationen um mindestens 2,5 Prozent gegenüber dem "
     "Vorjahr erhöht (+ 60)."),
    ("integrationen", 0, {}, "wenn sich die absolute Zahl der Integrationen gegenüber dem "
     "Vorjahr nicht verändert (+/- 0)."),
    ("K2", -2.7, {}, "wenn die Integrationsquote 2021 gegenüber dem Vorjahr um 2,7 Prozent "
     "sinkt (K 2 = - 2,7 Prozent)."),
    ("K2", 0, {}, "wenn die Integrationsquote 2021 gegenüber dem Vorjahr gleich bleibt "
     "(K 2 = +/- 0)."),
    ("K3", -2.7, {}, "wenn der durchschnittliche Bestand an Langzeitleistungsbeziehenden um "
     "2,7 Prozent unter dem Vorjahresergebnis liegt (K 3 = - 2,7 Prozent)."),
    ("K3", 2, {"grenze": "hoechstens"}, "um nicht mehr als 2 Prozent über dem "
     "Vorjahresergebnis liegt (K 3 = + 2 Prozent)."),
    ("integrationen_lzb", -1, {}, "um 1 Prozent unter der von 2020 liegt."),
    ("abstand_iq", 0.3, {}, "in 2021 um 0,3 Prozent-Punkte erhöht."),
])
def test_target_sentences(tmp_path: Path, kennzahl: str, wert: float,
                          extra: dict[str, object], expected: str) -> None:
    text = render_variant(tmp_path, ziele__integration__zielwerte=[
        {"kennzahl": kennzahl, "wert": wert, **extra}])
    assert expected in text


def test_own_indicator_without_catalog(tmp_path: Path) -> None:
    text = render_variant(tmp_path, ziele__integration__zielwerte=[{
        "kennzahl": "eigene", "titel": "Zahl der Ausbildungen", "wert": 5,
        "subjekt": "die Zahl der Ausbildungen", "genus": "f", "satz": "reflexiv"}])
    assert "- **Zahl der Ausbildungen**" in text
    assert "wenn sich die Zahl der Ausbildungen um 5 Prozent gegenüber dem Vorjahr erhöht." in text


def test_year_texts_from_state_defaults(tmp_path: Path) -> None:
    """Year-wide texts can live once in the state file's `vorgaben`."""
    root = tmp_path / "projekt"
    (root / "states").mkdir(parents=True)
    (root / "templates").symlink_to(ROOT / "templates")
    state = (ROOT / "states" / "nrw.yaml").read_text(encoding="utf-8")
    state += ("  - von_jahr: 2021\n    bis_jahr: 2021\n    werte:\n      praeambel:\n"
              "        absaetze: [Ein Satz für alle Träger des Jahres.]\n")
    (root / "states" / "nrw.yaml").write_text(state, encoding="utf-8")
    (root / "states" / "nrw").symlink_to(ROOT / "states" / "nrw")
    data = yaml.safe_load(WUPPERTAL.read_text(encoding="utf-8"))
    data.pop("zusammenarbeit", None)
    file = root / "agreements" / "2021" / "nrw" / "w.yaml"
    file.parent.mkdir(parents=True)
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = api.render(file, ["md"])["md"].decode("utf-8")
    assert "Ein Satz für alle Träger des Jahres." in text
    assert "zwei Steuerungsdialoge" in text


def test_yaml_text_is_never_a_template(tmp_path: Path) -> None:
    text = render_variant(tmp_path, praeambel__absaetze=["{{ 7 * 7 }} und {% if x %}"])
    assert "{{ 7 * 7 }} und {% if x %}" in text
    assert "49" not in text


def test_zero_with_kennzahl_says_plus_minus_zero_once(tmp_path: Path) -> None:
    text = render_variant(tmp_path, ziele__integration__zielwerte=[
        {"kennzahl": "integrationen", "wert": 0, "kurz": "K 9", "absolut": 0}])
    assert ("wenn sich die absolute Zahl der Integrationen gegenüber dem Vorjahr nicht "
            "verändert (K 9 = +/- 0) (+/- 0).") in text
    text = render_variant(tmp_path, ziele__integration__zielwerte=[
        {"kennzahl": "abstand_iq", "wert": 0}])
    assert "in 2021 nicht verändert (+/- 0)." in text
