"""Generic template helpers every family may use: counters for numbered paragraphs,
names without article, short forms of names, multiplicative words."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.compose.templating import environment
from generator.model import Organisation
from generator.text import german
from generator.text.numbering import Zaehler

from .conftest import ROOT


def render(source: str, **context: object) -> str:
    env = environment([ROOT / "templates" / "_base", ROOT / "templates"])
    return env.from_string(source).render(context)


def test_counter_counts_on_across_macros_and_loops() -> None:
    text = render(
        '{% set absatz = zaehler("({})") %}'
        "{% macro a() %}{{ absatz.weiter() }}{% endmacro %}"
        "{{ absatz.weiter() }} {{ a() }}{% for x in extra %} {{ absatz.weiter() }}{% endfor %}"
        " {{ absatz.aktuell() }}", extra=["x", "y"])
    assert text == "(1) (2) (3) (4) (4)"


def test_counter_forms_and_restart() -> None:
    assert [Zaehler("§ {}").weiter(), Zaehler("{}.", art="roemisch", start=4).weiter(),
            Zaehler("{})", art="buchstabe").weiter()] == ["§ 1", "IV.", "A)"]
    z = Zaehler()
    z.weiter()
    assert z.neu() == "" and z.weiter() == "(1)"
    with pytest.raises(ValueError, match="genau ein"):
        Zaehler("(n)")
    with pytest.raises(ValueError, match="Zählart"):
        Zaehler(art="griechisch")  # type: ignore[arg-type]


def test_counter_labels_are_escaped_like_any_text() -> None:
    assert render('{{ zaehler("[{}]").weiter() }}') == r"\[1\]"


@pytest.mark.parametrize(("name", "genus", "kasus", "erwartet"), [
    ("Niedersächsisches Ministerium für Soziales", "n", "nom",
     "Niedersächsische Ministerium für Soziales"),
    ("Niedersächsisches Ministerium für Soziales", "n", "dat",
     "Niedersächsischen Ministerium für Soziales"),
    ("Landkreis Heidekreis", "m", "gen", "Landkreises Heidekreis"),
    ("Stadt Wuppertal", "f", "dat", "Stadt Wuppertal"),
])
def test_name_after_article(name: str, genus: german.Genus, kasus: german.Kasus,
                            erwartet: str) -> None:
    assert german.name_nach_artikel(name, genus, kasus) == erwartet
    org = Organisation(name=name, genus=genus)
    assert render("{{ o|artikel(k) }} {{ o|nach_artikel(k) }}", o=org, k=kasus) == (
        german.nominalphrase(name, genus, kasus))


@pytest.mark.parametrize(("name", "genus", "genitiv"), [
    ("Landkreis Heidekreis", "m", "des Landkreises"),
    ("Landkreis Rotenburg (Wümme)", "m", "des Landkreises"),
    ("Stadt Mülheim an der Ruhr", "f", "der Stadt"),
    ("Märkischer Kreis", "m", "des Märkischen Kreises"),
    ("Ennepe-Ruhr-Kreis", "m", "des Ennepe-Ruhr-Kreises"),
])
def test_short_form(name: str, genus: german.Genus, genitiv: str) -> None:
    org = Organisation(name=name, genus=genus, ort="X")
    assert render("{{ o|kurzform|gen }}", o=org) == genitiv


def test_mal_filter() -> None:
    assert render("{{ 2|mal }} jährlich, {{ 1|mal }}, {{ 14|mal }}") == (
        "zweimal jährlich, einmal, 14-mal")


def test_helpers_exist_for_every_family(tmp_path: Path) -> None:
    """Nothing here is registered per family: the base environment has it all."""
    env = environment([tmp_path])
    assert {"nach_artikel", "kurzform", "mal"} <= set(env.filters)
    assert "zaehler" in env.globals


def _partei(key: str, name: str, person: str, ort: str, datum: str | None = None,
            iv: bool = False) -> object:
    from generator.model import Person, Unterschrift
    from generator.view import Partei

    org = Organisation(name=name, genus="n" if "Ministerium" in name else "m", ort=ort)
    return Partei(key, org, Person(name=person), Unterschrift(datum=datum, in_vertretung=iv),
                  key.upper(), name, "Ministerium" in name)


ZEILEN = ["ort_datum", "in_vertretung", "leer", "name_klammern", "institution"]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_signature_block_has_one_column_per_party(n: int) -> None:
    from generator.text import document

    parteien = [_partei(f"p{i}", f"Ministerium {i}", f"Person {i}", f"Ort {i}", "1.2.2020")
                for i in range(n)]
    text = render('{% import "makros.md.j2" as u %}{{ u.unterschriften(p, z)|md }}',
                  p=parteien, z=ZEILEN)
    [block] = document.parse(text)
    assert isinstance(block, document.Container) and block.name == "unterschriften"
    [table] = block.children
    assert isinstance(table, document.Table)
    assert len(table.header) == n and all(len(row) == n for row in table.rows)
    assert [document.plain(c) for c in table.header] == [
        f"Ort {i}, den 1.2.2020" for i in range(n)]
    # No one signs "In Vertretung": that row is left out; the empty row stays.
    assert [document.plain(row[0]) for row in table.rows] == [
        "", "(Person 0)", "Ministerium 0"]


def test_signature_block_in_vertretung_and_partial_dates() -> None:
    parteien = [_partei("mw", "Ministerium A", "Dr. A", "Hannover", "28.11.2020", iv=True),
                _partei("ms", "Ministerium B", "B", "Hannover", "27. 2020", iv=True),
                _partei("traeger", "Landkreis C", "C", "Bad Fallingb.", "8. 2020")]
    text = render('{% import "makros.md.j2" as u %}{{ u.unterschriften(p, z)|md }}',
                  p=parteien, z=ZEILEN)
    assert text.splitlines() == [
        "::: unterschriften",
        "| Hannover, den 28.11.2020 | Hannover, den 27. 2020 | Bad Fallingb., den 8. 2020 |",
        "| --- | --- | --- |",
        "| In Vertretung | In Vertretung |  |",
        "|  |  |  |",
        "| (Dr. A) | (B) | (C) |",
        "| Ministerium A | Ministerium B | Landkreis C |",
        ":::",
    ]


def test_signature_block_unknown_row_kind_is_a_template_error() -> None:
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError, match="unbekannte Zeilenart ort"):
        render('{% import "makros.md.j2" as u %}{{ u.unterschriften(p, ["ort"])|md }}',
               p=[_partei("a", "Landkreis A", "A", "A")])
