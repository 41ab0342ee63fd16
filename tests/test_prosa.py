"""Markdown prose from the data: headings moved to their level, accusative subjects."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compose.templating import FILTERS
from generator.model import MarkdownText
from generator.text import document, german, headings


def test_headings_move_below_their_section() -> None:
    text = "# Konjunktur\n\nText.\n\n## Einzelheit\n\nFazit\n=====\n\n- # in einer Liste\n"
    shifted = headings.shift_headings(text, 3)
    assert shifted.splitlines()[0] == "### Konjunktur"
    assert "#### Einzelheit" in shifted and "### Fazit" in shifted
    assert "- # in einer Liste" in shifted
    levels = [b.level for b in document.parse(shifted) if isinstance(b, document.Heading)]
    assert levels == [3, 4, 3]


def test_headings_written_deeper_land_at_the_same_place() -> None:
    assert headings.shift_headings("### A\n\n#### B\n", 3) == "### A\n\n#### B\n"
    assert headings.shift_headings("# A\n", 9) == "###### A\n"
    assert headings.shift_headings("Nur Text.\n", 3) == "Nur Text.\n"


def _shift_by_full_parse(text: str, top: int) -> str:
    """shift_headings as it was: the whole Markdown parsed, inline text too."""
    tokens = document._MD.parse(text)
    found = [(tok.map, int(tok.tag[1]), tokens[i + 1].content)
             for i, tok in enumerate(tokens)
             if tok.type == "heading_open" and tok.level == 0 and tok.map]
    if not found:
        return text
    shift = top - min(level for _, level, _ in found)
    lines = text.split("\n")
    for (start, end), level, content in reversed(found):
        new_level = max(1, min(6, level + shift))
        lines[start:end] = ["#" * new_level + " " + " ".join(content.split("\n"))]
    return "\n".join(lines)


@pytest.mark.parametrize("text", [
    "# A\n", "Text # kein Titel\n", "#hashtag\n", "\\# escaped\n", "   # drei\n",
    "    # Code\n", "\t# Code\n", "  \t# Code\n", "```\n# im Code\n```\n\n## B\n",
    "~~~\n# x\n~~~\n", "Absatz\n# Titel mitten\n", "Titel\n=====\n", "Titel\n---\n",
    "Zwei\nZeilen\n===\n\n# C\n", "---\n", "***\n", "- # in Liste\n", "> # Zitat\n",
    "::: titel\n# im Container\n:::\n\n## drau\u00dfen\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "a | b\n--|--\n", "## A ##\n", "# A **fett** *k*\n", "#\n", "# \n", "####### sieben\n",
    "Text\r\n# A\r\n", "Text\r# A\r", "# A\r\n===\r\n", "Text\n  ===  \n", "Text\n= =\n",
    "- a\n\n  # in Liste\n\n# B\n", "[a]: http://x\n===\n", "1. a\n---\n", "Text\n\t---\n",
    "\u00a0# nbsp\n", "\x00# nul\n", "Nur Text.\n", "",
    # read line by line: lists, lazy lines, closing sequences, blanks markdown-it trims
    "- a\n# b\n", "1. a\n# b\n", "- a\nlazy\n# b\n", "Text\n#\n", "# #\n", "#\t x\n",
    "# A #\n", "# A#\n", "#  A  ##  \n", "# A \\#\n", "# a\u00a0\n", "#\u00a0a\n",
    "* * *\n# x\n", "***\n# x\n", "- a\n- # b\n# c\n", "###### sechs\n# eins\n",
    "## A\n\n### B\n\n# C\n", "# A\n# B\n#C\n", "+ a\n# b\n", "2) a\n# b\n",
])
@pytest.mark.parametrize("top", [1, 3, 5])
def test_shift_without_headings_is_a_full_parse(text: str, top: int) -> None:
    assert headings.shift_headings(text, top) == _shift_by_full_parse(text, top)


_LINES = ["# A", "## B", "Text", "Text *k* **f**", "===", "---", "- Punkt", "  - tiefer",
          "1. eins", "> Zitat", "    Code", "```", "~~~", "::: titel", ":::", "", "   # C",
          "\t# D", "#E", "| a | b |", "|---|---|", "  ===  ", "***", "[a]: http://x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=12), st.integers(1, 6),
       st.sampled_from(["\n", "\r\n"]))
def test_shift_is_a_full_parse_on_random_lines(lines: list[str], top: int, eol: str) -> None:
    text = eol.join(lines)
    assert headings.shift_headings(text, top) == _shift_by_full_parse(text, top)


_PLAIN_LINES = ["# A", "## B #", "###### F", "####### G", "#", "# ", "#x", "Text", "**f** *k*",
                "- Punkt", "* Stern", "+ Plus", "1. eins", "2) zwei", "***", "* * *", "",
                "#\tTab", "# A  ##", "# \u00a0", "Text # mitten", "\\# kein"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PLAIN_LINES), max_size=12), st.integers(1, 6))
def test_shift_line_by_line_is_a_full_parse(lines: list[str], top: int) -> None:
    text = "\n".join(lines)
    assert headings._by_lines_possible("\n" + text)  # the line-by-line path
    assert headings.shift_headings(text, top) == _shift_by_full_parse(text, top)


def test_filter_only_takes_markdown_fields() -> None:
    assert FILTERS["ueberschriften"](MarkdownText("# A"), 2) == "## A"
    with pytest.raises(TypeError, match="Markdown-Felder"):
        FILTERS["ueberschriften"]("# A", 2)


@pytest.mark.parametrize(("nominativ", "genus", "akkusativ"), [
    ("der durchschnittliche Bestand der Langzeitleistungsbezieher", "m",
     "den durchschnittlichen Bestand der Langzeitleistungsbezieher"),
    ("der Bestand", "m", "den Bestand"),
    ("ein hoher Anteil", "m", "einen hohen Anteil"),
    ("die Integrationsquote der Alleinerziehenden", "f",
     "die Integrationsquote der Alleinerziehenden"),
    ("das Niveau", "n", "das Niveau"),
])
def test_akkusativ(nominativ: str, genus: german.Genus, akkusativ: str) -> None:
    assert german.akkusativ(nominativ, genus) == akkusativ
