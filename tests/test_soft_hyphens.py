"""The HTML breaks long words with the German patterns, never proper names, headings or
the centred blocks."""

from __future__ import annotations

import re

from generator import api
from generator.writers.soft_hyphens import SOFT, hyphenate, name_words

from .conftest import ROOT

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def test_words_break_where_the_patterns_allow_names_never() -> None:
    names = name_words("Stadt Wuppertal", "Prof. Dr. Uwe Schneidewind")
    text = hyphenate("Die Grundsicherung in Wuppertal, Oberbürgermeister Schneidewind", names)
    assert text.replace(SOFT, "|") == ("Die Grund|si|che|rung in Wuppertal, "
                                       "Ober|bür|ger|meis|ter Schneidewind")


def test_the_html_of_an_agreement() -> None:
    page = api.render(WUPPERTAL, ("html",))["html"].decode()
    body = page.split("<main", 1)[1]
    assert f"Grund{SOFT}si{SOFT}che{SOFT}rung" in body
    for name in ("Wuppertal", "Schneidewind", "Nordrhein", "Westfalen"):
        assert name in body.replace(SOFT, "")
        for word in re.findall(rf"[\w{SOFT}]*{name[:4]}[\w{SOFT}]*", body):
            if word.replace(SOFT, "") == name:
                assert SOFT not in word, word
    for heading in re.findall(r"<h\d>(.*?)</h\d>", body):
        assert SOFT not in heading
    for block in re.findall(r'<div class="(?:titel|parteien|formel)">(.*?)</div>', body, re.S):
        assert SOFT not in block
