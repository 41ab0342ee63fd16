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


def test_the_parsed_patterns_are_kept_and_read_back(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pyphen

    from generator.writers.soft_hyphens import _cached

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = _cached(pyphen)
    kept = list((tmp_path / "zv").glob("pyphen-de_DE-*.pickle"))
    assert len(kept) == 1
    second = _cached(pyphen)  # from the file
    words = ["Grundsicherung", "Arbeitsuchende", "Leistungsberechtigten", "Hilfebedürftigkeit"]
    assert [second.inserted(w, hyphen="-") for w in words] == [
        first.inserted(w, hyphen="-") for w in words] == [
        pyphen.Pyphen(lang="de_DE").inserted(w, hyphen="-") for w in words]
    kept[0].write_bytes(b"kaputt")  # a damaged file is parsed again, not trusted
    assert _cached(pyphen).inserted("Grundsicherung", hyphen="-") == "Grund-si-che-rung"
