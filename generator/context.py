"""From validated data to what the templates see: parties, resolved targets, the state.

Everything a template needs that follows from the data (which ministry holds on the
reference date, who signs for it, the full wording of a catalogued indicator) is worked
out here once, generically for every state and family.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import figures, german, zahlenziele
from .errors import InputError, Problem
from .figures import matches, percent_change, rounded
from .loading import Located, Path_, format_path
from .model import (
    Agreement,
    Familie,
    KennzahlText,
    Ministerium,
    Organisation,
    Person,
    State,
    Unterschrift,
    Ziel,
    Zielwert,
)

TRAEGER = "traeger"
# Sentence forms (templates/_base/saetze.md.j2) that state a level, not a change.
LEVEL_FORMS = frozenset({"niveau_dezember"})


@dataclass(frozen=True)
class Partei:
    """One party of the agreement as the templates use it."""

    schluessel: str
    org: Organisation
    person: Person | None
    unterschrift: Unterschrift
    kurz: str
    name_kurz: str
    ist_ministerium: bool

    @property
    def ort(self) -> str | None:
        return self.unterschrift.ort or self.org.ort


class _Problems:
    def __init__(self, located: Located, file: Path) -> None:
        self.located, self.file, self.items = located, file, list[Problem]()

        self.warnings: list[Problem] = []

    def _make(self, path: Path_, message: str, hint: str, warning: bool) -> Problem:
        mark = self.located.mark(path)
        return Problem(mark.file if mark else self.file, mark.line if mark else 0,
                       mark.column if mark else 0, format_path(path), message, hint, warning)

    def add(self, path: Path_, message: str, hint: str = "") -> None:
        self.items.append(self._make(path, message, hint, False))

    def warn(self, path: Path_, message: str, hint: str = "") -> None:
        """A figure that does not add up: reported by `zv check`, rendering goes on."""
        self.warnings.append(self._make(path, message, hint, True))


def _hint(key: str, options: list[str]) -> str:
    close = difflib.get_close_matches(key, options, n=1, cutoff=0.5)
    return f"meinten Sie '{close[0]}'?" if close else "bekannt: " + ", ".join(sorted(options))


def build(agreement: Agreement, state: State, located: Located, file: Path,
          familie: Familie | None = None) -> dict[str, Any]:
    """The template context; raises InputError for references the state does not know.

    `familie` (templates/<family>/familie.yaml) says which parties the family has (the
    state's ministries by default, the traeger, then the agreement's `partner`) and which
    layout choices (`aufbau`) it offers.
    """
    familie = familie or Familie()
    problems = _Problems(located, file)
    choices = _aufbau(agreement, familie, problems)
    stichtag = agreement.stichtag or dt.date(agreement.jahr, 1, 1)
    traeger = _traeger(agreement, state, problems)
    ministerien = [m for m in state.ministerien if m.covers(stichtag)]
    if not ministerien and familie.ministerien_als_partei:
        problems.add(("jahr",), f"die Landesdatei nennt kein Ministerium für den "
                     f"{stichtag:%d.%m.%Y}")
    parteien = [_ministerium(m, agreement, stichtag, problems) for m in ministerien
                if familie.ministerien_als_partei]
    if traeger is not None:
        parteien.append(Partei(TRAEGER, traeger, _person(agreement, TRAEGER, problems),
                               agreement.unterzeichnung.get(TRAEGER, Unterschrift()),
                               traeger.name, traeger.name, False))
    parteien.extend(_partner(agreement, familie, [p.schluessel for p in parteien], problems))
    if agreement.zusammenarbeit is None:
        problems.add(("zusammenarbeit",), "Pflichtfeld fehlt: zusammenarbeit mit "
                     "steuerungsdialoge (weder in der Vereinbarung noch in der Landesdatei)",
                     "z. B. 'zusammenarbeit: {steuerungsdialoge: 2}'")
    # A Träger that could not be resolved is reported once, not again as unknown party.
    keys = [p.schluessel for p in parteien] + ([] if traeger else [TRAEGER])
    for section in ("vertretung", "unterzeichnung"):
        for key in getattr(agreement, section):
            if key not in keys:
                problems.add((section, key), f"unbekannte Partei '{key}'", _hint(key, keys))
    catalog = {key: _merged(state.kennzahlen.get(key), value)
               for key, value in agreement.kennzahlen.items()}
    catalog = {**state.kennzahlen, **catalog}
    ziele: dict[str, Any] = {
        name: zahlenziele.complete_ziel(_ziel(value, catalog, ("ziele", name), problems),
                                        ("ziele", name), problems)
        for name, value in agreement.ziele if isinstance(value, Ziel)}
    ziele["weitere"] = [zahlenziele.complete_ziel(z, ("ziele", "weitere", i), problems)
                        for i, z in enumerate(agreement.ziele.weitere)]
    if problems.items:
        raise InputError(problems.items)
    assert traeger is not None
    jobcenter = agreement.jobcenter or Organisation(
        name="Jobcenter " + _gen(traeger), genus="n", ort=traeger.ort)
    partei = {p.schluessel: p for p in parteien}
    return {
        "a": agreement,
        "jahr": agreement.jahr,
        "land": state,
        "stichtag": stichtag,
        "parteien": parteien,
        "partei": partei,
        "unterzeichner": _signing_order(parteien, familie),
        "ministerien": [p for p in parteien if p.ist_ministerium],
        "ministerium": parteien[0] if parteien[0].ist_ministerium else None,
        "traeger": partei[TRAEGER],
        "jobcenter": jobcenter,
        "praeambel": agreement.praeambel,
        "ziele": ziele,
        "zusammenarbeit": agreement.zusammenarbeit,
        "aufbau": choices,
        "kurzname": agreement.kurzname or f"Zielvereinbarung {agreement.jahr} {traeger.name}",
        "haushalt": _haushalt(agreement, problems),  # before "warnungen": it may add some
        "warnungen": problems.warnings,
    }


def _haushalt(agreement: Agreement, problems: _Problems) -> figures.Budget | None:
    """The budget with its computed total; a stated total that does not fit is a warning."""
    given = agreement.haushalt
    if given is None:
        return None
    result = figures.budget(given.verwaltungskosten, given.eingliederung, given.gesamt_mio)
    if not result.stimmt:
        problems.warn(("haushalt", "gesamt_mio"),
                      f"Gesamtbudget {german.zahl(result.gesamt_mio)} Mio. Euro passt nicht "
                      f"zur Summe der Beträge ({german.euro(result.summe)}, gerundet "
                      f"{german.mio_euro(result.summe, result.stellen)})",
                      "Beträge prüfen oder 'gesamt_mio' weglassen, dann rechnet zv selbst")
    return result


def _partner(agreement: Agreement, familie: Familie, taken: list[str],
             problems: _Problems) -> list[Partei]:
    """The agreement's further parties; the family may require some of them."""
    for key in agreement.partner:
        if key in taken:
            problems.add(("partner", key), f"Schlüssel '{key}' ist schon vergeben",
                         "bitte einen anderen Namen wählen, z. B. 'agentur'")
    for key in familie.partner:
        if key not in agreement.partner:
            problems.add(("partner",), f"es fehlt der Partner '{key}'",
                         "die Vorlagenfamilie verlangt: " + ", ".join(familie.partner))
    return [Partei(key, org, _person(agreement, key, problems),
                   agreement.unterzeichnung.get(key, Unterschrift()), org.name, org.name, False)
            for key, org in agreement.partner.items() if key not in taken]


def _signing_order(parteien: list[Partei], familie: Familie) -> list[Partei]:
    """Parties in the order the family signs; parties it does not name keep their order."""
    rank = {key: i for i, key in enumerate(familie.unterschriften)}
    return sorted(parteien, key=lambda p: rank.get(p.schluessel, len(rank)))


def _gen(org: Organisation) -> str:
    return german.nominalphrase(org.name, org.genus, "gen", org.genitiv)


def _traeger(agreement: Agreement, state: State, problems: _Problems) -> Organisation | None:
    given = agreement.traeger
    values: dict[str, Any] = {}
    if given.schluessel is not None:
        known = state.traeger.get(given.schluessel)
        if known is None:
            problems.add(("traeger",), f"Träger '{given.schluessel}' steht nicht in der "
                         "Landesdatei", _hint(given.schluessel, list(state.traeger)))
            return None
        values = known.model_dump()
    values.update(given.model_dump(exclude={"schluessel"}, exclude_none=True))
    missing = [f for f in ("name", "genus") if f not in values]
    if missing:
        problems.add(("traeger",), "Angabe fehlt: " + ", ".join(missing))
        return None
    return Organisation(**values)


def _person(agreement: Agreement, key: str, problems: _Problems,
            default: Person | None = None) -> Person | None:
    person = agreement.vertretung.get(key, default)
    if person is None:
        problems.add(("vertretung",), f"es fehlt, wer die Partei '{key}' vertritt",
                     f"'vertretung: {key}: name: ...' ergänzen")
    return person


def _ministerium(m: Ministerium, agreement: Agreement, stichtag: dt.date,
                 problems: _Problems) -> Partei:
    default = next((Person(name=p.name, titel=p.titel, geschlecht=p.geschlecht)
                    for p in m.vertretung if p.covers(stichtag)), None)
    org = Organisation(name=m.name, genus=m.genus, genitiv=m.genitiv, ort=m.ort)
    return Partei(m.schluessel, org, _person(agreement, m.schluessel, problems, default),
                  agreement.unterzeichnung.get(m.schluessel, Unterschrift()), m.kurz,
                  m.name_kurz or m.name, True)


def _aufbau(agreement: Agreement, familie: Familie,
            problems: _Problems) -> dict[str, str | bool]:
    """The family's layout choices: its defaults, overridden by the agreement (or state)."""
    options = familie.aufbau
    choices = {key: option.standard for key, option in options.items()}
    for key, value in agreement.aufbau.items():
        option = options.get(key)
        if option is None:
            problems.add(("aufbau", key), f"unbekannte Wahl '{key}'",
                         _hint(key, list(options)))
        elif value not in option.werte or type(value) is not type(option.standard):
            allowed = ", ".join(str(v).lower() for v in option.werte)
            problems.add(("aufbau", key), f"ungültiger Wert {value!r} (erlaubt: {allowed})")
        else:
            choices[key] = value
    return choices


def _merged(base: KennzahlText | None, update: KennzahlText) -> KennzahlText:
    if base is None:
        return update
    return KennzahlText(**{**base.model_dump(exclude_none=True),
                           **update.model_dump(exclude_none=True)})


def _ziel(ziel: Ziel, catalog: dict[str, KennzahlText], path: Path_,
          problems: _Problems) -> Ziel:
    resolved: list[Zielwert] = []
    for i, wert in enumerate(ziel.zielwerte):
        known = catalog.get(wert.kennzahl)
        values = known.model_dump(exclude_none=True) if known else {}
        values.update(wert.model_dump(exclude_none=True))
        values.setdefault("einheit", "prozent")
        missing = [f for f in ("titel", "subjekt", "genus", "satz") if f not in values]
        if missing:
            where = (*path, "zielwerte", i, "kennzahl")
            if known is None:
                problems.add(where, f"Kennzahl '{wert.kennzahl}' steht nicht im Katalog der "
                             "Landesdatei; dann sind titel, subjekt, genus und satz anzugeben",
                             _hint(wert.kennzahl, list(catalog)))
            else:
                problems.add(where, "Angabe fehlt: " + ", ".join(missing))
            continue
        where = (*path, "zielwerte", i)
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
            values["veraenderung"] = _niveau(wert, where, problems)
        resolved.append(Zielwert.model_validate(values))
    return ziel.model_copy(update={"zielwerte": resolved})


def _niveau(wert: Zielwert, path: Path_, problems: _Problems) -> Decimal | None:
    """The percent change of a level target: computed from the base, or checked."""
    if wert.basis is None:
        problems.add((*path, "basis"), "Ausgangswert fehlt: bei art 'niveau' ist basis anzugeben")
        return None
    try:
        computed = percent_change(wert.basis, wert.wert)
    except ValueError as exc:
        problems.add((*path, "basis"), str(exc))
        return None
    stated = wert.veraenderung
    if stated is None:
        return rounded(computed, 1)
    if not matches(stated, computed):
        problems.warn((*path, "veraenderung"),
                      f"angegebene Veränderung {german.zahl_mit_vorzeichen(stated)} Prozent passt "
                      f"nicht zu {german.zahl(wert.basis)} -> {german.zahl(wert.wert)} "
                      f"(berechnet {german.zahl_mit_vorzeichen(computed, 1)} Prozent)")
    return stated
