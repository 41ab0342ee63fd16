"""Target sentence forms from fixture files: YAML in, sentence out (tests/data/saetze/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.compose import markdown
from generator.model import Organisation, Zahlenziel, Zielwert
from generator.sources import resolve

from .conftest import DATA, ROOT

FOLDERS = (ROOT / "templates" / "nrw", ROOT / "templates" / "_base", ROOT / "templates")
# One file per family: tests/data/saetze/<familie>.yaml
CASES = [(file.stem, i, case) for file in sorted((DATA / "saetze").glob("*.yaml"))
         for i, case in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")))]


def _target(case: dict[str, Any]) -> Zielwert | Zahlenziel:
    if "zahlenziel" in case:
        return Zahlenziel.model_validate(case["zahlenziel"])
    return Zielwert.model_validate({"einheit": "prozent", **case["zielwert"]})


@pytest.mark.parametrize(("familie", "index", "case"), CASES,
                         ids=[f"{n}-{i + 1}-{_target(c).satz}" for n, i, c in CASES])
def test_sentence(familie: str, index: int, case: dict[str, Any]) -> None:
    folders = (ROOT / "templates" / familie, *FOLDERS[1:])
    wer = Organisation(**case["wer"]) if "wer" in case else None
    assert markdown.sentence(folders, _target(case), case["jahr"], wer) == case["satz"]


@pytest.mark.parametrize("familie", ["_base", "ge"])
def test_every_form_file_has_a_fixture(familie: str) -> None:
    forms = resolve.forms((ROOT / "templates" / familie,))
    covered = {_target(case).satz for _, _, case in CASES}
    assert forms <= covered, forms - covered


def test_a_new_form_is_a_file(tmp_path: Path) -> None:
    """A year's variant of a form needs no Python: a file in saetze/ is found by name."""
    (tmp_path / "saetze").mkdir()
    (tmp_path / "saetze" / "reflexiv_fuer.md.j2").write_text(
        "Das Ziel ist für {{ jahr }} erreicht, wenn sich {{ z.subjekt }} gegenüber dem "
        "Vorjahr {{ um(z) }}{{ absolut(z) }} {{ richtung(z, 'erhöht', 'verringert') }}.",
        encoding="utf-8")
    z = Zielwert(kennzahl="x", subjekt="die Zahl", genus="f", satz="reflexiv_fuer",
                 wert=3, absolut=40, einheit="prozent")
    assert "reflexiv_fuer" in resolve.forms((tmp_path, *FOLDERS))
    assert markdown.sentence((tmp_path, *FOLDERS), z, 2031) == (
        "Das Ziel ist für 2031 erreicht, wenn sich die Zahl gegenüber dem Vorjahr um 3 "
        "Prozent (+ 40) erhöht.")
