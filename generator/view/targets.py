"""The catalogue and figures steps: each target value gets the wording of its indicator
from the state's catalogue (as the year's Muster and the agreement amend it), its
sentence form is checked against the form files, and dependent figures are completed."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..model import Agreement, KennzahlText, State, Ziel, Zielwert
from ..sources.problems import Problems, known_hint
from ..text import german
from . import figures

# Sentence forms that state a level, not a change.
LEVEL_FORMS = frozenset({"niveau_dezember"})


def catalogue(agreement: Agreement, state: State) -> dict[str, KennzahlText]:
    merged = {key: _merged(state.kennzahlen.get(key), value)
              for key, value in agreement.kennzahlen.items()}
    return {**state.kennzahlen, **merged}


def build(agreement: Agreement, state: State, forms: Collection[str],
          problems: Problems) -> dict[str, Any]:
    """The goals with resolved and completed targets: the three goals by name, and
    `weitere`, a list."""
    catalog = catalogue(agreement, state)
    for key, entry in catalog.items():
        if entry.satz is not None and entry.satz not in forms:
            where = ("kennzahlen", key, "satz")
            problems.add(where, f"unbekannte Satzform '{entry.satz}'",
                         known_hint(entry.satz, sorted(forms)))
    ziele: dict[str, Any] = {}
    for name, value in agreement.ziele:
        if isinstance(value, Ziel):
            path = ("ziele", name)
            ziele[name] = figures.complete_ziel(
                _ziel(value, catalog, forms, path, problems), path, problems)
    ziele["weitere"] = [
        figures.complete_ziel(_ziel(z, catalog, forms, ("ziele", "weitere", i), problems),
                              ("ziele", "weitere", i), problems)
        for i, z in enumerate(agreement.ziele.weitere)]
    return ziele


def _merged(base: KennzahlText | None, update: KennzahlText) -> KennzahlText:
    if base is None:
        return update
    return KennzahlText(**{**base.model_dump(exclude_none=True),
                           **update.model_dump(exclude_none=True)})


def _ziel(ziel: Any, catalog: dict[str, KennzahlText], forms: Collection[str],
          path: tuple[str | int, ...], problems: Problems) -> Any:
    resolved: list[Zielwert] = []
    for i, wert in enumerate(ziel.zielwerte):
        known = catalog.get(wert.kennzahl)
        values = known.model_dump(exclude_none=True) if known else {}
        values.update(wert.model_dump(exclude_none=True))
        values.setdefault("einheit", "prozent")
        where = (*path, "zielwerte", i)
        missing = [f for f in ("titel", "subjekt", "genus", "satz") if f not in values]
        if missing:
            if known is None:
                problems.add((*where, "kennzahl"),
                             f"Kennzahl '{wert.kennzahl}' steht nicht im Katalog der "
                             "Landesdatei; dann sind titel, subjekt, genus und satz anzugeben",
                             known_hint(wert.kennzahl, list(catalog)))
            else:
                problems.add((*where, "kennzahl"), "Angabe fehlt: " + ", ".join(missing))
            continue
        if values["satz"] not in forms:
            if wert.satz is not None:  # a catalogue entry is reported once, above
                problems.add((*where, "satz"), f"unbekannte Satzform '{values['satz']}'",
                             known_hint(values["satz"], sorted(forms)))
            continue
        level_form = values["satz"] in LEVEL_FORMS
        if level_form != (wert.art == "niveau"):
            problems.add((*where, "kennzahl"),
                         f"die Satzform '{values['satz']}' "
                         + ("beschreibt einen Zielwert mit art: niveau"
                            if level_form else "passt nicht zu art: niveau"),
                         "art: niveau mit basis angeben" if level_form else
                         "satz: niveau_dezember wählen")
            continue
        if wert.art == "niveau":
            values["veraenderung"] = figures.complete_level(wert, where, problems)
        elif wert.grenze == "hoechstens" and wert.wert < 0:
            # "sinkt um nicht mehr als 2 Prozent" limits a decrease: rarely what a target
            # to lower a figure means.
            problems.warn((*where, "grenze"), f"'hoechstens' bei negativem Wert "
                          f"({german.zahl(wert.wert)}): der Satz sagt, der Wert sinke um "
                          "nicht mehr als diesen Betrag", "für eine Senkung um wenigstens "
                          "diesen Betrag 'grenze: mindestens' schreiben")
        resolved.append(Zielwert.model_validate(values))
    for i, z in enumerate(getattr(ziel, "zahlenziele", [])):
        if z.satz not in forms:
            problems.add((*path, "zahlenziele", i, "satz"), f"unbekannte Satzform '{z.satz}'",
                         known_hint(z.satz, sorted(forms)))
    for i, teil in enumerate(getattr(ziel, "inhalt", [])):
        if teil.zahlenziel is not None and teil.zahlenziel.satz not in forms:
            problems.add((*path, "inhalt", i, "zahlenziel", "satz"),
                         f"unbekannte Satzform '{teil.zahlenziel.satz}'",
                         known_hint(teil.zahlenziel.satz, sorted(forms)))
    return ziel.model_copy(update={"zielwerte": resolved})
