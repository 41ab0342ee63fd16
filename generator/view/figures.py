"""Figures that depend on each other, completed and checked by one rule: of a base value,
a target value and the percent change between them, the missing one is computed; when
all three are given, a mismatch beyond rounding becomes a warning that names the file,
the line and both values. Figure targets (Zahlenziel) and level targets (Zielwert with
art: niveau) both go through `change_of`.

Every value is taken as rounded to the places it is written with, so "873 -> 899 is
+3,0 %" passes (exactly +2,98 %) while "+3,5 %" does not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from ..model import Inhaltsteil, Zahlenziel, Ziel, Zielwert
from ..model.figures import (
    apply_change,
    base_of,
    change_consistent,
    percent_change,
    places,
    rounded,
)
from ..sources.yamlread import Path_
from ..text import german

# A change computed from basis and ziel is stated with one decimal place ("+3,0 %").
CHANGE_PLACES = 1


class Reporter(Protocol):
    def add(self, path: Path_, message: str, hint: str = "") -> None: ...

    def warn(self, path: Path_, message: str, hint: str = "") -> None: ...


def complete_ziel(ziel: Ziel, path: Path_, problems: Reporter) -> Ziel:
    """`ziel` with every figure target in `zahlenziele` and `inhalt` completed."""
    zahlen = [complete(z, (*path, "zahlenziele", i), problems)
              for i, z in enumerate(ziel.zahlenziele)]
    inhalt = [_baustein(b, (*path, "inhalt", i), problems) for i, b in enumerate(ziel.inhalt)]
    return ziel.model_copy(update={"zahlenziele": zahlen, "inhalt": inhalt})


def _baustein(baustein: Inhaltsteil, path: Path_, problems: Reporter) -> Inhaltsteil:
    if baustein.zahlenziel is None:
        return baustein
    done = complete(baustein.zahlenziel, (*path, "zahlenziel"), problems)
    return baustein.model_copy(update={"zahlenziel": done})


def complete(z: Zahlenziel, path: Path_, problems: Reporter) -> Zahlenziel:
    """Fill in the missing figure; warn if three given figures do not fit together."""
    basis, ziel, change = z.basis, z.ziel, z.veraenderung
    try:
        if basis is not None and ziel is not None:
            change = change_of(basis, ziel, change, z.einheit, path, problems)
        elif basis is not None and change is not None:
            ziel = rounded(apply_change(basis, change), places(basis))
        elif ziel is not None and change is not None:
            basis = rounded(base_of(ziel, change), places(ziel))
    except ValueError as exc:  # a basis of 0, a change of -100 %
        problems.add(path, str(exc))
        return z
    return z.model_copy(update={"basis": basis, "ziel": ziel, "veraenderung": change})


def change_of(basis: Decimal, ziel: Decimal, stated: Decimal | None, einheit: str,
              path: Path_, problems: Reporter) -> Decimal:
    """The percent change from `basis` to `ziel`: computed (one decimal place) when not
    stated; a stated one is kept and checked within the rounding of all three values."""
    if stated is None:
        return rounded(percent_change(basis, ziel), CHANGE_PLACES)
    if not change_consistent(stated, basis, ziel):
        problems.warn((*path, "veraenderung"), _mismatch(einheit, stated, basis, ziel))
    return stated


def complete_level(wert: Zielwert, path: Path_, problems: Reporter) -> Decimal | None:
    """The percent change of a level target (art: niveau) from its base value."""
    if wert.basis is None:
        problems.add((*path, "basis"), "Ausgangswert fehlt: bei art 'niveau' ist basis anzugeben")
        return None
    try:
        return change_of(wert.basis, wert.wert, wert.veraenderung, wert.einheit or "prozent",
                         path, problems)
    except ValueError as exc:
        problems.add((*path, "basis"), str(exc))
        return None


def _mismatch(einheit: str, stated: Decimal, basis: Decimal, ziel: Decimal) -> str:
    exact = percent_change(basis, ziel)
    # Show the computed change with the places of the stated one, unless rounding to
    # them would make both look equal (stated +3,0 against exact +3,04 -> show +3,04).
    shown = rounded(exact, places(stated))
    if shown == stated:
        shown = rounded(exact, places(stated) + 1)
    unit = " %" if einheit == "prozent" else ""
    return (f"angegebene Veränderung {_percent(stated)} passt nicht zu "
            f"{german.zahl(basis)}{unit} -> {german.zahl(ziel)}{unit} ({_percent(shown)})")


def _percent(value: Decimal) -> str:
    return german.zahl_mit_vorzeichen(value, leerzeichen=False).replace("+/-", "±") + " %"
