"""Who represents a party: a title before the name, a function with article, no name."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.compose.templating import FILTERS
from generator.model import Person

from .test_templates import render_variant


@pytest.mark.parametrize(("person", "vertreten", "amt"), [
    ({"titel": "Oberbürgermeister", "name": "[REDACTED]"},
     "Herrn Oberbürgermeister [REDACTED]", "Oberbürgermeister"),
    ({"funktion": "Vorsitzender der Geschäftsführung", "name": "[REDACTED]"},
     "den Vorsitzenden der Geschäftsführung Herrn [REDACTED]",
     "Vorsitzender der Geschäftsführung"),
    ({"funktion": "Vorsitzender der Geschäftsführung", "name": "Dr. A. B.", "geschlecht": "w"},
     "die Vorsitzende der Geschäftsführung Frau Dr. A. B.", "Vorsitzende der Geschäftsführung"),
    ({"funktion": "Geschäftsführer", "name": "C. D.", "geschlecht": "w"},
     "die Geschäftsführerin Frau C. D.", "Geschäftsführerin"),
    ({"titel": "Oberbürgermeister"}, "den Oberbürgermeister", "Oberbürgermeister"),
    ({"titel": "Landrat", "geschlecht": "w"}, "die Landrätin", "Landrätin"),
    ({"funktion": "Geschäftsführer"}, "den Geschäftsführer", "Geschäftsführer"),
    ({"name": "E. F."}, "Herrn E. F.", ""),
])
def test_vertreten_and_signature_line(person: dict[str, str], vertreten: str, amt: str) -> None:
    p = Person.model_validate(person)
    assert FILTERS["vertreten"](p) == vertreten
    assert FILTERS["amt"](p) == amt


def test_a_person_needs_a_name_a_title_or_a_function() -> None:
    with pytest.raises(ValidationError, match="name, titel oder funktion"):
        Person.model_validate({"geschlecht": "w"})


def test_nrw_signature_without_name_shows_the_title(tmp_path: Path) -> None:
    text = render_variant(tmp_path, vertretung={"traeger": {"titel": "Oberbürgermeister"}})
    assert "vertreten durch den Oberbürgermeister" in text
    assert "| Dr. Edmund Heller | Oberbürgermeister |" in text
