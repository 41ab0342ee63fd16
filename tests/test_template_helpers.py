"""Generic template helpers every family may use: counters for numbered paragraphs,
names without article, short forms of names, multiplicative words."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import german
from generator.model import Organisation
from generator.numbering import Zaehler
from generator.templating import environment

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
