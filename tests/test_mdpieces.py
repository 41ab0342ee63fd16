"""Parsing piece by piece with kept blocks gives the blocks of one whole parse."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import api
from generator.text import document, mdpieces
from generator.text.mdparser import parser

from .conftest import AGREEMENTS, DATA


def _fresh() -> mdpieces.PieceCache[document.Block]:
    return mdpieces.PieceCache(parser(), document._convert)


def _check(cache: mdpieces.PieceCache[document.Block], text: str) -> None:
    blocks = cache.parse(text)
    whole = document.parse_whole(text)
    assert blocks is None or tuple(blocks) == whole, text


_FILES = [*AGREEMENTS, *sorted(p for p in DATA.rglob("*.yaml") if "bad" not in p.parts)]


def _texts() -> list[str]:
    texts = []
    for file in _FILES:
        try:
            texts.append(api.markdown(api.load(file)))
        except Exception:  # files in tests/data that are meant to fail
            continue
    return texts


def test_the_agreements_parse_alike_cold_warm_and_in_any_order() -> None:
    texts = _texts()
    assert len(texts) >= 5
    # Other partners and figures, and documents mixed from the agreements' pieces:
    # the same pieces in new neighbourhoods.
    texts += [t.replace("Wuppertal", "Solingen").replace("2,", "3,") for t in texts]
    whole = len(texts)
    rng = random.Random(2026)
    pieces = [p for t in texts for p in t.split("\n\n")]
    texts += ["\n\n".join(rng.sample(pieces, 30)) for _ in range(40)]
    cache = _fresh()
    for number, text in enumerate(texts):  # cold: every piece is new
        assert number >= whole or cache.parse(text) is not None
        _check(cache, text)
    for text in texts:  # warm: pieces come from other agreements
        _check(cache, text)
    shuffled = texts[:]
    random.Random(7).shuffle(shuffled)
    other = _fresh()
    for text in shuffled:
        _check(other, text)


def test_most_pieces_of_a_second_agreement_are_kept() -> None:
    cache = _fresh()
    wuppertal = next(f for f in AGREEMENTS if f.stem == "wuppertal" and "2021" in f.parts)
    text = api.markdown(api.load(wuppertal))
    cache.parse(text)
    kept = len(cache._known)
    assert kept > 10
    cache.parse(text.replace("Wuppertal", "Solingen"))
    assert len(cache._known) - kept < kept / 2


@pytest.mark.parametrize("text", [
    "::: titel\nA\n\nB\n:::\n\nC\n",  # a container with a blank line inside
    "::: titel\nA\n\nB\n",  # never closed: swallows the rest
    "A\n\n::: titel\nB\n\n:::\n\n:::\n\nC",  # a stray closing line
    "```\ncode\n\nmore\n```\n\nText\n",
    "```\ncode\n\nText\n",  # an open fence
    "- a\n\n- b\n\nText\n\n- c\n",  # a loose list, then another list
    "- a\n- b\n\nText\n",
    "1. a\n\n2. b\n\n3) c\n\nText",
    "Text\n\n    code\n\nText\n",
    "> a\n\nb\n\n> c\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nText\n",
    "[x]: https://example.org\n\nEin [Link][x].\n",  # references act on the whole text
    "Ein [Link][x].\n\n[x]: https://example.org\n",
    "a\r\n\r\nb",
    "\n\n\nText\n\n\n\nText\n\n",
    "Setext\n===\n\nText\n---\n\nmehr",
    "# Titel\n\n## Teil\n\nText  \n\nText\\\n",
    "::: parteien\nzwischen\n\n::: titel\ninnen\n:::\n\nund\n:::\n\nEnde",
])
def test_edge_cases_parse_alike(text: str) -> None:
    cache = _fresh()
    _check(cache, text)
    _check(cache, text)  # again, now from kept pieces
    for other in ("Vorher\n\n" + text, text + "\n\nNachher\n", "- x\n\n" + text):
        _check(cache, other)


_LINES = ["Text", "Wort **fett**", "  eingerückt", "    code", "\t", "", "", "", "- a",
          "  - b", "* c", "+ d", "1. e", "2) f", "::: titel", "::: kopfzeilen-2", ":::",
          "::::", "```", "~~~", "# Titel", "===", "---", "> zitat", "| a | b |",
          "|---|---|", "| 1 | 2 |", "[x]: /y", "[Link][x]", "\u00a0frei", "***", "<div>"]


@settings(max_examples=int(os.environ.get("ZV_HYPOTHESIS_PIECES", "600")), deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINES), min_size=1, max_size=12), min_size=1,
                max_size=4))
def test_random_documents_parse_alike(documents: list[list[str]]) -> None:
    cache = _fresh()
    texts = ["\n".join(lines) for lines in documents]
    for text in texts + texts[::-1]:  # the same pieces again, in other neighbourhoods
        _check(cache, text)


def test_the_standard_text_outlives_a_full_cache() -> None:
    cache = mdpieces.PieceCache(parser(), document._convert, size=40)
    standard = "".join(f"Absatz {n} des Standardtexts.\n\n" for n in range(10))
    runs: list[int] = []
    parse_run = cache._run

    def counted(texts: list[str], lines: list[int]) -> list[document.Block] | None:
        runs.append(len(texts))
        return parse_run(texts, lines)

    cache._run = counted  # type: ignore[method-assign]
    for number in range(100):  # each agreement brings pieces of its own
        text = standard + "".join(f"Name {number}-{k}.\n\n" for k in range(5))
        runs.clear()
        _check(cache, text)
        assert len(cache._known) <= 40
        # After the first, only the agreement's own five pieces are read, in one run.
        assert runs == ([15] if number == 0 else [5])
