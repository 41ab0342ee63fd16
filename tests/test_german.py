"""Tests for generator.text.german: the case forms, titles and numbers the templates print."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from generator.text import german
from generator.text.german import (
    Genus,
    Geschlecht,
    Kasus,
    anrede,
    artikel,
    buchstabe,
    datum,
    euro,
    genitiv_name,
    mal_wort,
    mio_euro,
    nominalphrase,
    ordinal_roemisch,
    personenartikel,
    titel,
    titel_nach_kasus,
    zahl,
    zahl_mit_vorzeichen,
    zahlwort,
)

MAGS = "Ministerium für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen"
AGENTUR = "Agentur für Arbeit Düsseldorf"

# name, genus, nominative, dative, accusative, genitive
TABELLE: list[tuple[str, Genus, str, str, str, str]] = [
    (
        "Stadt Wuppertal", "f",
        "die Stadt Wuppertal", "der Stadt Wuppertal",
        "die Stadt Wuppertal", "der Stadt Wuppertal",
    ),
    (
        "Kreis Kleve", "m",
        "der Kreis Kleve", "dem Kreis Kleve", "den Kreis Kleve", "des Kreises Kleve",
    ),
    (
        "Landkreis Heidekreis", "m",
        "der Landkreis Heidekreis", "dem Landkreis Heidekreis",
        "den Landkreis Heidekreis", "des Landkreises Heidekreis",
    ),
    (
        "Ennepe-Ruhr-Kreis", "m",
        "der Ennepe-Ruhr-Kreis", "dem Ennepe-Ruhr-Kreis",
        "den Ennepe-Ruhr-Kreis", "des Ennepe-Ruhr-Kreises",
    ),
    (
        "Jobcenter Düsseldorf", "n",
        "das Jobcenter Düsseldorf", "dem Jobcenter Düsseldorf",
        "das Jobcenter Düsseldorf", "des Jobcenters Düsseldorf",
    ),
    (
        MAGS, "n",
        f"das {MAGS}", f"dem {MAGS}", f"das {MAGS}",
        "des Ministeriums für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen",
    ),
    (
        AGENTUR, "f",
        f"die {AGENTUR}", f"der {AGENTUR}", f"die {AGENTUR}", f"der {AGENTUR}",
    ),
]

TABELLEN_KASUS: tuple[Kasus, ...] = ("nom", "dat", "akk", "gen")
ZELLEN: list[tuple[str, Genus, Kasus, str]] = [
    (name, genus, kasus, erwartet)
    for name, genus, *formen in TABELLE
    for kasus, erwartet in zip(TABELLEN_KASUS, formen, strict=True)
]


@pytest.mark.parametrize(("name", "genus", "kasus", "erwartet"), ZELLEN)
def test_nominalphrase_table(name: str, genus: Genus, kasus: Kasus, erwartet: str) -> None:
    assert nominalphrase(name, genus, kasus) == erwartet


@pytest.mark.parametrize(
    ("genus", "formen"),
    [
        ("m", ("der", "des", "dem", "den")),
        ("f", ("die", "der", "der", "die")),
        ("n", ("das", "des", "dem", "das")),
    ],
)
def test_artikel(genus: Genus, formen: tuple[str, ...]) -> None:
    assert tuple(artikel(genus, k) for k in ("nom", "gen", "dat", "akk")) == formen


@pytest.mark.parametrize(
    ("name", "genus", "erwartet"),
    [
        ("Kreis Coesfeld", "m", "Kreises Coesfeld"),
        ("Ennepe-Ruhr-Kreis", "m", "Ennepe-Ruhr-Kreises"),
        ("Hochsauerlandkreis", "m", "Hochsauerlandkreises"),
        ("Landkreis Heidekreis", "m", "Landkreises Heidekreis"),
        ("Jobcenter Düsseldorf", "n", "Jobcenters Düsseldorf"),
        (
            "Ministerium für Arbeit, Gesundheit und Soziales",
            "n",
            "Ministeriums für Arbeit, Gesundheit und Soziales",
        ),
        ("Stadt Wuppertal", "f", "Stadt Wuppertal"),
        (AGENTUR, "f", AGENTUR),
        ("Landeshauptstadt Düsseldorf", "f", "Landeshauptstadt Düsseldorf"),
        ("Märkischer Kreis", "m", "Märkischen Kreises"),
        ("Jobcenter Kreis Gütersloh", "n", "Jobcenters Kreis Gütersloh"),
    ],
)
def test_genitiv_name(name: str, genus: Genus, erwartet: str) -> None:
    assert genitiv_name(name, genus) == erwartet


@pytest.mark.parametrize(
    ("kasus", "erwartet"),
    [
        ("nom", "der Rheinisch-Bergische Kreis"),
        ("gen", "des Rheinisch-Bergischen Kreises"),
        ("dat", "dem Rheinisch-Bergischen Kreis"),
        ("akk", "den Rheinisch-Bergischen Kreis"),
    ],
)
def test_nominalphrase_inflects_leading_adjective(kasus: Kasus, erwartet: str) -> None:
    assert nominalphrase("Rheinisch-Bergischer Kreis", "m", kasus) == erwartet


def test_nominalphrase_genitive_override_only_in_genitive() -> None:
    assert nominalphrase("Kreis Kleve", "m", "gen", genitiv="Kreises Kleve (K)") == (
        "des Kreises Kleve (K)"
    )
    assert nominalphrase("Kreis Kleve", "m", "dat", genitiv="Kreises Kleve (K)") == (
        "dem Kreis Kleve"
    )


@pytest.mark.parametrize(
    ("grundform", "weiblich"),
    [
        ("Landrat", "Landrätin"),
        ("Oberbürgermeister", "Oberbürgermeisterin"),
        ("Bürgermeister", "Bürgermeisterin"),
        ("Staatssekretär", "Staatssekretärin"),
        ("Geschäftsführer", "Geschäftsführerin"),
        ("Minister", "Ministerin"),
        ("Ministerialdirigent", "Ministerialdirigentin"),
        ("Abteilungsleiter", "Abteilungsleiterin"),
        ("Kreisdirektor", "Kreisdirektorin"),
        ("Stadtdirektor", "Stadtdirektorin"),
        ("Beigeordneter", "Beigeordnete"),
        ("Vorsitzender der Geschäftsführung", "Vorsitzende der Geschäftsführung"),
        ("Erster Beigeordneter", "Erste Beigeordnete"),
        ("Dezernent", "Dezernentin"),
        ("Präsident", "Präsidentin"),
        ("Direktor", "Direktorin"),
        ("Regierungsrat", "Regierungsrätin"),
        ("Beamter", "Beamtin"),
        ("Landrätin", "Landrätin"),
        ("Geschäftsführerin", "Geschäftsführerin"),
        ("Vorsitzende der Geschäftsführung", "Vorsitzende der Geschäftsführung"),
    ],
)
def test_titel(grundform: str, weiblich: str) -> None:
    assert titel(grundform, "w") == weiblich
    assert titel(grundform, "m") == grundform


@pytest.mark.parametrize(
    ("geschlecht", "grundform", "erwartet"),
    [
        ("m", "Landrat", "Herr Landrat"),
        ("w", "Landrat", "Frau Landrätin"),
        ("m", "Oberbürgermeister", "Herr Oberbürgermeister"),
        ("w", "Oberbürgermeister", "Frau Oberbürgermeisterin"),
        ("m", "Staatssekretär", "Herr Staatssekretär"),
        ("w", "Staatssekretär", "Frau Staatssekretärin"),
    ],
)
def test_anrede_mit_titel(geschlecht: Geschlecht, grundform: str, erwartet: str) -> None:
    assert f"{anrede(geschlecht, 'nom')} {titel(grundform, geschlecht)}" == erwartet


@pytest.mark.parametrize(
    ("geschlecht", "erwartet"),
    [("m", "der Geschäftsführer"), ("w", "die Geschäftsführerin")],
)
def test_personenartikel_mit_titel(geschlecht: Geschlecht, erwartet: str) -> None:
    gesagt = f"{personenartikel(geschlecht, 'nom')} {titel('Geschäftsführer', geschlecht)}"
    assert gesagt == erwartet


def test_vertreten_durch() -> None:
    gesagt = f"vertreten durch {anrede('m', 'akk')} {titel('Landrat', 'm')}"
    assert gesagt == "vertreten durch Herrn Landrat"


@pytest.mark.parametrize(
    ("kasus", "m", "w"),
    [("nom", "Herr", "Frau"), ("gen", "Herrn", "Frau"), ("dat", "Herrn", "Frau"),
     ("akk", "Herrn", "Frau")],
)
def test_anrede(kasus: Kasus, m: str, w: str) -> None:
    assert (anrede("m", kasus), anrede("w", kasus)) == (m, w)


@pytest.mark.parametrize(
    ("grundform", "geschlecht", "kasus", "erwartet"),
    [
        ("Vorsitzender der Geschäftsführung", "m", "nom", "der Vorsitzende der Geschäftsführung"),
        ("Vorsitzender der Geschäftsführung", "m", "akk", "den Vorsitzenden der Geschäftsführung"),
        ("Vorsitzender der Geschäftsführung", "m", "dat", "dem Vorsitzenden der Geschäftsführung"),
        ("Vorsitzender der Geschäftsführung", "m", "gen", "des Vorsitzenden der Geschäftsführung"),
        ("Vorsitzender", "w", "nom", "die Vorsitzende"),
        ("Vorsitzender", "w", "akk", "die Vorsitzende"),
        ("Vorsitzender", "w", "dat", "der Vorsitzenden"),
        ("Vorsitzender", "w", "gen", "der Vorsitzenden"),
        ("Erster Beigeordneter", "m", "dat", "dem Ersten Beigeordneten"),
        ("Geschäftsführer", "m", "akk", "den Geschäftsführer"),
        ("Geschäftsführer", "w", "dat", "der Geschäftsführerin"),
        ("Landrat", "m", "dat", "dem Landrat"),
        ("Landrat", "m", "gen", "des Landrats"),
        ("Präsident", "m", "akk", "den Präsidenten"),
        ("Landrat", "w", "gen", "der Landrätin"),
    ],
)
def test_titel_nach_kasus(
    grundform: str, geschlecht: Geschlecht, kasus: Kasus, erwartet: str
) -> None:
    form = titel_nach_kasus(grundform, geschlecht, kasus)
    assert f"{personenartikel(geschlecht, kasus)} {form}" == erwartet


@pytest.mark.parametrize(
    ("wert", "stellen", "erwartet"),
    [
        (Decimal("15.4"), None, "15,4"),
        (Decimal("2"), None, "2"),
        (Decimal("2.0"), None, "2,0"),
        (4400, None, "4.400"),
        (Decimal("8793355"), None, "8.793.355"),
        (Decimal("-1.5"), None, "-1,5"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("16.55"), 1, "16,6"),
        (16.55, 1, "16,6"),
        (0.1, None, "0,1"),
        (Decimal("-0.04"), 1, "0,0"),
        (Decimal("2.5"), 0, "3"),
    ],
)
def test_zahl(wert: Decimal | int | float, stellen: int | None, erwartet: str) -> None:
    assert zahl(wert, stellen) == erwartet


def test_geld() -> None:
    assert euro(Decimal("8793355")) == "8.793.355 Euro"
    assert "rd. " + mio_euro(16588719) == "rd. 16,6 Mio. Euro"
    assert mio_euro(16550000) == "16,6 Mio. Euro"
    assert mio_euro(Decimal("16588719"), stellen=2) == "16,59 Mio. Euro"


@pytest.mark.parametrize(
    ("wert", "stellen", "leerzeichen", "erwartet"),
    [
        (2, None, True, "+ 2"),
        (Decimal("-2.7"), None, True, "- 2,7"),
        (0, None, True, "+/- 0"),
        (2, None, False, "+2"),
        (Decimal("-2.7"), None, False, "-2,7"),
        (0, None, False, "+/-0"),
        (Decimal("-0.04"), 1, True, "+/- 0,0"),
        (Decimal("1234.5"), 0, True, "+ 1.235"),
    ],
)
def test_zahl_mit_vorzeichen(
    wert: Decimal | int, stellen: int | None, leerzeichen: bool, erwartet: str
) -> None:
    assert zahl_mit_vorzeichen(wert, stellen, leerzeichen) == erwartet


def test_datum() -> None:
    tag = datetime.date(2020, 12, 21)
    assert datum(tag) == "21.12.2020"
    assert datum(datetime.date(2021, 3, 1)) == "01.03.2021"
    assert datum(tag, "lang") == "21. Dezember 2020"
    assert datum(datetime.date(2021, 3, 1), "tag_monat") == "1. März"


@pytest.mark.parametrize(
    ("n", "erwartet"),
    [(0, "null"), (2, "zwei"), (3, "drei"), (4, "vier"), (12, "zwölf"), (13, "13"),
     (1000, "1.000"), (-1, "-1")],
)
def test_zahlwort(n: int, erwartet: str) -> None:
    assert zahlwort(n) == erwartet


@pytest.mark.parametrize(
    ("genus", "kasus", "erwartet"),
    [("m", "nom", "ein"), ("m", "akk", "einen"), ("m", "dat", "einem"), ("m", "gen", "eines"),
     ("f", "nom", "eine"), ("f", "dat", "einer"), ("n", "akk", "ein"), ("n", "gen", "eines")],
)
def test_zahlwort_eins(genus: Genus, kasus: Kasus, erwartet: str) -> None:
    assert zahlwort(1, genus, kasus) == erwartet


@pytest.mark.parametrize(
    ("n", "erwartet"), [(1, "einmal"), (2, "zweimal"), (12, "zwölfmal"), (13, "13-mal")]
)
def test_mal_wort(n: int, erwartet: str) -> None:
    assert mal_wort(n) == erwartet


@pytest.mark.parametrize(
    ("n", "erwartet"),
    [(1, "I"), (2, "II"), (4, "IV"), (9, "IX"), (14, "XIV"), (19, "XIX"), (39, "XXXIX"),
     (40, "XL")],
)
def test_ordinal_roemisch(n: int, erwartet: str) -> None:
    assert ordinal_roemisch(n) == erwartet


def test_buchstabe() -> None:
    assert [buchstabe(n) for n in (1, 2, 26)] == ["A", "B", "Z"]


def test_values_match_literals() -> None:
    assert german.GENUS_VALUES == ("m", "f", "n")
    assert german.KASUS_VALUES == ("nom", "gen", "dat", "akk")
    assert german.GESCHLECHT_VALUES == ("m", "w")


@pytest.mark.parametrize(
    ("aufruf", "meldung"),
    [
        (lambda: artikel("x", "nom"), "unbekanntes Genus 'x' (erlaubt: m, f, n)"),  # type: ignore[arg-type]
        (lambda: artikel("m", "abl"), "unbekannter Kasus 'abl'"),  # type: ignore[arg-type]
        (lambda: nominalphrase("Kreis Kleve", "w", "nom"), "unbekanntes Genus 'w'"),  # type: ignore[arg-type]
        (lambda: titel("Landrat", "f"), "unbekanntes Geschlecht 'f' (erlaubt: m, w)"),  # type: ignore[arg-type]
        (lambda: anrede("d", "nom"), "unbekanntes Geschlecht 'd'"),  # type: ignore[arg-type]
        (lambda: personenartikel("m", "Dativ"), "unbekannter Kasus 'Dativ'"),  # type: ignore[arg-type]
        (lambda: zahlwort(2, "x"), "unbekanntes Genus"),  # type: ignore[arg-type]
        (lambda: ordinal_roemisch(0), "römische Zahl"),
        (lambda: buchstabe(27), "Buchstabe"),
        (lambda: zahl(float("nan")), "keine endliche Zahl"),
        (lambda: zahl(True), "keine Zahl"),
        (lambda: datum(datetime.date(2020, 1, 1), "iso"), "unbekannte Datumsform"),  # type: ignore[arg-type]
        (lambda: titel("  ", "w"), "Amtsbezeichnung ist leer"),
    ],
)
def test_invalid_values(aufruf: Callable[[], object], meldung: str) -> None:
    with pytest.raises(ValueError, match=re.escape(meldung)):
        aufruf()


def test_von_with_the_dative_article() -> None:
    from generator.text.german import von

    assert von("Ministerium für Arbeit", "n") == "vom Ministerium für Arbeit"
    assert von("Stadt Wuppertal", "f") == "von der Stadt Wuppertal"
    assert von("Kreis Kleve", "m") == "vom Kreis Kleve"
