"""Target sentence forms from fixture files: YAML in, sentence out (tests/data/saetze/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import compose
from generator.model import Organisation, Zielwert

from .conftest import DATA, ROOT

FOLDERS = (ROOT / "templates" / "nrw", ROOT / "templates" / "_base", ROOT / "templates")
CASES = [(file.stem, i, case) for file in sorted((DATA / "saetze").glob("*.yaml"))
         for i, case in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")))]


@pytest.mark.parametrize(("name", "index", "case"), CASES,
                         ids=[f"{n}-{i + 1}-{c['zielwert']['satz']}" for n, i, c in CASES])
def test_sentence(name: str, index: int, case: dict[str, Any]) -> None:
    z = Zielwert.model_validate({"einheit": "prozent", **case["zielwert"]})
    wer = Organisation(**case["wer"]) if "wer" in case else None
    assert compose.sentence(FOLDERS, z, case["jahr"], wer) == case["satz"]


def test_every_form_file_has_a_fixture() -> None:
    forms = compose.forms((ROOT / "templates" / "_base",))
    covered = {case["zielwert"]["satz"] for _, _, case in CASES}
    assert forms - covered <= {"bestand_dezember"}, forms - covered


def test_a_new_form_is_a_file(tmp_path: Path) -> None:
    """A year's variant of a form needs no Python: a file in saetze/ is found by name."""
    (tmp_path / "saetze").mkdir()
    (tmp_path / "saetze" / "reflexiv_fuer.md.j2").write_text(
        "Das Ziel ist für {{ jahr }} erreicht, wenn sich {{ z.subjekt }} gegenüber dem "
        "Vorjahr {{ um(z) }}{{ absolut(z) }} {{ richtung(z, 'erhöht', 'verringert') }}.",
        encoding="utf-8")
    z = Zielwert(kennzahl="x", subjekt="die Zahl", genus="f", satz="reflexiv_fuer",
                 wert=3, absolut=40, einheit="prozent")
    assert "reflexiv_fuer" in compose.forms((tmp_path, *FOLDERS))
    assert compose.sentence((tmp_path, *FOLDERS), z, 2031) == (
        "Das Ziel ist für 2031 erreicht, wenn sich die Zahl gegenüber dem Vorjahr um 3 "
        "Prozent (+ 40) erhöht.")
