"""The parser's plain inline reading gives the tokens of markdown-it's inline parser."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import api
from generator.text import document, mdparser

from .conftest import AGREEMENTS, DATA

_FAST = mdparser.parser()
_FULL = mdparser.parser(plain_inline=False)


def _tokens(md: Any, text: str) -> list[dict[str, Any]]:
    return [t.as_dict() for t in md.parse(text)]


def test_the_plain_reading_is_installed() -> None:
    assert _FAST.core.ruler.get_active_rules() == ["normalize", "block", "inline", "text_join"]
    assert _FAST.core.ruler.__rules__[2].fn is mdparser._inline
    assert document._MD.core.ruler.__rules__[2].fn is mdparser._inline
    assert _FULL.core.ruler.__rules__[2].fn is not mdparser._inline


@pytest.mark.parametrize("text", [
    "Text", "a\nb", "a \nb", "a  \nb", "a   \nb", "a\t\nb", "a \t\nb", "a\t  \nb", "a\t \nb",
    "a\n   b", "a\n\t b", "a\n \u00a0b", "  \n", "a  \n  \nb", "Überschrift  \n", "# Titel  ",
    "- a  \n  b\n- c", "1. a\n2. b  \n   c", "| a | b |\n|---|--:|\n| 1  | 2 |\n| x |",
    "::: titel\nZeile  \nZeile\n:::", "Text mit **fett** und *kursiv*", "a\\\nb",
    "[Link](https://x.de)", "a & b", "a < b", "a_b", "`code`", "! kein Bild", "a!\nb",
    "Wert: +1,9 % (K 2 = - 2,7)", "a\u2028b", "a\u00a0\nb", "\u00a0a\u00a0", "a\x00b", "a\r\nb",
    "Setext  \n===", "a\n\nb  ", "#  A  #  ", "> a  \n> b",
])
def test_plain_reading_matches_the_inline_parser(text: str) -> None:
    assert _tokens(_FAST, text) == _tokens(_FULL, text)


_PIECES = ["a", "Wort", " ", "  ", "   ", "\t", "\n", "\n ", "\n\t", "  \n", "\u00a0", "-", "+",
           "1.", "#", "|", ":::", "*", "**", "_", "[x](y)", "&amp;", "<", "\\", "`", "!", "%",
           "=", ">", "~"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20))
def test_plain_reading_matches_on_random_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _tokens(_FAST, text) == _tokens(_FULL, text)


_FILES = [*AGREEMENTS, *sorted(p for p in DATA.rglob("*.yaml") if "bad" not in p.parts)]


@pytest.mark.parametrize("file", _FILES, ids=lambda p: p.stem)
def test_plain_reading_matches_on_the_agreements(file) -> None:  # type: ignore[no-untyped-def]
    try:
        text = api.markdown(api.load(file))
    except Exception:  # files in tests/data that are meant to fail
        pytest.skip("not renderable")
    assert _tokens(_FAST, text) == _tokens(_FULL, text)
