"""An entry of an inherited list changed by its name (`aendern: NAME`), without
repeating the list: the other entries stay, an unknown name is an error with the names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import api
from generator.errors import InputError

from .conftest import ROOT

HEIDEKREIS = ROOT / "agreements" / "2020" / "niedersachsen" / "heidekreis.yaml"


def _project(tmp_path: Path, change: str) -> Path:
    """The Muster 2020 gives every agreement the own goals of Heidekreis; the agreement
    changes one of them."""
    for name in ("states", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    data = yaml.safe_load(HEIDEKREIS.read_text(encoding="utf-8"))
    weitere = data["ziele"].pop("weitere")
    muster = tmp_path / "states" / "niedersachsen" / "2020.yaml"
    muster.write_text(muster.read_text(encoding="utf-8") + "  " + yaml.safe_dump(
        {"ziele": {"weitere": weitere}}, allow_unicode=True).replace("\n", "\n  ").rstrip()
        + "\n", encoding="utf-8")
    file = tmp_path / "agreements" / "2020" / "niedersachsen" / "heidekreis.yaml"
    file.parent.mkdir(parents=True)
    text = HEIDEKREIS.read_text(encoding="utf-8")
    head, rest = text.split("  weitere:\n", 1)
    tail = rest[rest.index("\nunterzeichnung:"):] if "\nunterzeichnung:" in rest else ""
    file.write_text(head + change + tail, encoding="utf-8")
    return file


def test_one_entry_changed_the_others_kept(tmp_path: Path) -> None:
    file = _project(tmp_path, "  weitere:\n    - aendern: Gleichstellungspolitisches Ziel\n"
                              "      text: Ziel ist eine geänderte Förderung.\n")
    text = api.render(file, ("md",))["md"].decode()
    assert "Ziel ist eine geänderte Förderung." in text
    assert "gleichberechtigte Förderung und Integration" not in text  # the old text
    assert "Umsetzung des Gesamtkonzeptes" in text  # the other entry stays
    assert "Sozialraumorientierte Beratung" in text  # and the rest of the changed one


def test_an_unknown_name_is_an_error_with_the_names(tmp_path: Path) -> None:
    file = _project(tmp_path, "  weitere:\n    - aendern: Gleichstellungsziel\n"
                              "      text: x\n")
    with pytest.raises(InputError) as caught:
        api.load(file)
    message = str(caught.value)
    assert "ziele.weitere[1].aendern: kein Eintrag 'Gleichstellungsziel' in ziele.weitere" \
        in message
    assert "vorhanden: Gleichstellungspolitisches Ziel" in message
    assert str(file) in message
