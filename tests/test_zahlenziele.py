"""Figures that depend on each other: computed when one is missing, checked otherwise."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from generator.model import Inhaltsteil, Tabelle, Zahlenziel, figures
from generator.sources.yamlread import Path_
from generator.view import figures as zahlenziele


class Collect:
    def __init__(self) -> None:
        self.errors: list[tuple[Path_, str]] = []
        self.warnings: list[tuple[Path_, str]] = []

    def add(self, path: Path_, message: str, hint: str = "") -> None:
        self.errors.append((path, message))

    def warn(self, path: Path_, message: str, hint: str = "") -> None:
        self.warnings.append((path, message))


def _ziel(**values: Any) -> Zahlenziel:
    return Zahlenziel.model_validate({"satz": "zielgruppe", "subjekt": "die Quote",
                                      "genus": "f", **values})


@pytest.mark.parametrize(("stated", "old", "new", "ok"), [
    ("3.0", "873", "899", True),       # exactly +2,98 %
    ("3.0", "14.05", "14.47", True),   # exactly +2,99 %
    ("-1.0", "32224", "31902", True),  # exactly -0,9993 %
    ("3.0", "19.6", "20.2", True),     # +3,06 %, but 19,6 and 20,2 are rounded themselves
    ("3.5", "873", "899", False),
    ("-1.0", "32294", "31902", False),  # -1,21 %
    ("3", "873", "905", False),
])
def test_change_consistent(stated: str, old: str, new: str, ok: bool) -> None:
    assert figures.change_consistent(Decimal(stated), Decimal(old), Decimal(new)) is ok


def test_missing_figure_is_computed() -> None:
    problems = Collect()
    done = zahlenziele.complete(_ziel(basis=873, ziel=899), (), problems)
    assert done.veraenderung == Decimal("3.0")
    done = zahlenziele.complete(_ziel(basis=32224, veraenderung="-1,0"), (), problems)
    assert done.ziel == Decimal("31902")
    done = zahlenziele.complete(_ziel(ziel="20,2", veraenderung="3,0", einheit="prozent"),
                                (), problems)
    assert done.basis == Decimal("19.6")
    assert problems.errors == problems.warnings == []


def test_mismatch_is_a_warning_with_both_values() -> None:
    problems = Collect()
    zahlenziele.complete(_ziel(basis=873, ziel=899, veraenderung="3,5"), ("x",), problems)
    assert problems.warnings == [(("x", "veraenderung"), "angegebene Veränderung +3,5 % passt "
                                  "nicht zu 873 -> 899 (+3,0 %)")]
    problems = Collect()
    zahlenziele.complete(_ziel(basis="14,05", ziel="14,47", veraenderung=4, einheit="prozent"),
                         (), problems)
    assert problems.warnings[0][1] == ("angegebene Veränderung +4 % passt nicht zu "
                                       "14,05 % -> 14,47 % (+3 %)")


def test_zero_basis_is_an_error() -> None:
    problems = Collect()
    zahlenziele.complete(_ziel(basis=0, ziel=5), ("x",), problems)
    assert problems.errors and "Ausgangswert 0" in problems.errors[0][1]


@pytest.mark.parametrize(("values", "message"), [
    ({"basis": 873}, "mindestens zwei von basis, ziel und veraenderung"),
    ({"basis": Decimal("32.224"), "veraenderung": -1}, "Tausenderpunkt"),
])
def test_invalid_figure_targets(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _ziel(**values)


def test_thousands_dot_in_quotes_is_a_number() -> None:
    assert _ziel(basis="32.224", veraenderung=-1).basis == Decimal(32224)


def test_building_blocks_and_tables_are_validated() -> None:
    with pytest.raises(ValidationError, match="genau eines von text, tabelle, zahlenziel"):
        Inhaltsteil.model_validate({"text": "a", "tabelle": {"kopf": [["x"]]}})
    with pytest.raises(ValidationError, match="Zeile 2 hat 1 Zellen"):
        Tabelle.model_validate({"kopf": [["a", "b"]], "zeilen": [["x"]]})
    assert Tabelle.model_validate({"kopf": [["Jahr"]], "zeilen": [[2016]]}).zeilen == [["2016"]]
