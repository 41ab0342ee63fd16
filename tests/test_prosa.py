"""Markdown prose from the data: headings moved to their level, accusative subjects."""

from __future__ import annotations

import pytest

from generator import document, german
from generator.model import MarkdownText
from generator.templating import FILTERS


def test_headings_move_below_their_section() -> None:
    text = "# Konjunktur\n\nText.\n\n## Einzelheit\n\nFazit\n=====\n\n- # in einer Liste\n"
    shifted = document.shift_headings(text, 3)
    assert shifted.splitlines()[0] == "### Konjunktur"
    assert "#### Einzelheit" in shifted and "### Fazit" in shifted
    assert "- # in einer Liste" in shifted
    levels = [b.level for b in document.parse(shifted) if isinstance(b, document.Heading)]
    assert levels == [3, 4, 3]


def test_headings_written_deeper_land_at_the_same_place() -> None:
    assert document.shift_headings("### A\n\n#### B\n", 3) == "### A\n\n#### B\n"
    assert document.shift_headings("# A\n", 9) == "###### A\n"
    assert document.shift_headings("Nur Text.\n", 3) == "Nur Text.\n"


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
