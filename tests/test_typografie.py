"""The fast path of typografie.schuetze: same result as every rule on the whole text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import api
from generator.text.typografie import (
    _ABKUERZUNG,
    _REGEL_ZU,
    _REGELN,
    _SIGNALE,
    NBSP,
    schuetze,
    schuetze_alle_regeln,
)

from .conftest import AGREEMENTS


def test_every_rule_has_signals() -> None:
    assert len(_SIGNALE) == len(_REGELN)
    assert all(signale or i == _ABKUERZUNG[0] for i, signale in enumerate(_SIGNALE))
    assert len(_REGEL_ZU) == sum(len(s) for s in _SIGNALE)  # no string for two rules


def test_signals_cannot_hide_each_other() -> None:
    """One regex pass finds the signals without overlap: a match must not cover the start
    of another occurrence, nor two signals match at the same place."""
    signals = list(_REGEL_ZU)
    for a in signals:
        for b in signals:
            if a != b:
                assert not b.startswith(a), (a, b)
            for i in range(1, len(a)):
                overlap = a[i:i + len(b)]
                assert not b.startswith(overlap), (a, b, i)


@pytest.mark.parametrize("text", [
    "nach § 48b Abs. 1 S. 1 Nr. 4 SGB II", "§§ 14 ff. und SGB VIII", "(K 2 = + 2 Prozent)",
    "um 2,5 Prozent auf 31.902 Personen", "um 3,0 % und 1,2 Mio. Euro",
    "Herrn Dr. Edmund Heller, Prof. Dr. Uwe", "am 21. Dezember 2020, z. B. heute",
    "5 v. H. und 5 v.H.", "Dipl.- 5", "Dipl.-Ing. Meier", "Abs. a. b.", "S. a. und S. 1",
    "1,2 Mio.  Euro", "2  Prozent", f"2{NBSP}Prozent und 3 Prozent", "+/- 0", "(- 2", "x- 2",
    "u. a. m.", "i. V. Meier", "Frau  Dr. Maier", "K3 = - 2,7", "Januar 2021, 1. März 2020",
    "Mai  2020", "", " ", "Satz 2 und Absatz 3 und Nummer IV", "Artikel 3, Art. 4",
    "v. H. 5", "Ein Satz. Noch einer. A. B.", "Abs.\n1 und 2\nProzent",
])
def test_fast_path_is_every_rule(text: str) -> None:
    assert schuetze(text) == schuetze_alle_regeln(text)


_WORDS = ["§", "§§", "Abs.", "Abs", "S.", "S", "Satz", "Absatz", "Nummer", "Artikel", "Art.",
          "Nr.", "Ziff.", "lit.", "SGB", "K", "K3", "II", "VIII", "IV", "a", "b.", "Dr.",
          "Prof.", "Dipl.-Ing.", "Dipl.-", "Herr", "Herrn", "Frau", "z.", "B.", "v.", "H.",
          "v.H.", "1", "12", "2,5", "31.902", "2020", "Prozent", "Prozentpunkte", "%", "€",
          "Euro", "EUR", "Mio.", "Tsd.", "Personen", "Jahre", "+", "-", "–", "+/-", "21.",
          "Dezember", "März", "Mai", "(", ")", ".", "x", "Wort", NBSP, "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(["", " ", "  ", " "])),
                max_size=14))
def test_fast_path_is_every_rule_on_word_salad(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in parts)
    assert schuetze(text) == schuetze_alle_regeln(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("§SKAbDrHMT.+-–19 aV%\u00a0\n")), max_size=30))
def test_fast_path_is_every_rule_on_characters(text: str) -> None:
    assert schuetze(text) == schuetze_alle_regeln(text)


@pytest.mark.parametrize("file", AGREEMENTS, ids=lambda p: p.stem)
def test_fast_path_is_every_rule_on_the_agreements(file) -> None:  # type: ignore[no-untyped-def]
    text = api.markdown(api.load(file))
    for paragraph in text.split("\n\n"):
        assert schuetze(paragraph) == schuetze_alle_regeln(paragraph)
