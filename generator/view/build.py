"""Build the view of one agreement in named steps: parties -> catalogue -> figures ->
clauses. Every step reports into one collector, so all problems of a file come at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import InputError, Problem
from ..model import (
    TRAEGER,
    Aenderung,
    Agreement,
    Organisation,
    Praeambel,
    State,
    Zusammenarbeit,
)
from ..model import figures as numbers
from ..sources.bausteine import Klausel
from ..sources.data import Data
from ..sources.problems import Problems
from ..text import german
from . import parties, targets
from .parties import Partei


@dataclass(frozen=True)
class View:
    """What templates, `zv check` and the `zv diff` summary read of one agreement."""

    a: Agreement
    jahr: int
    land: State
    familie: str
    muster: str | None
    stichtag: dt.date
    parteien: tuple[Partei, ...]
    unterzeichner: tuple[Partei, ...]
    ministerien: tuple[Partei, ...]
    ministerium: Partei | None
    traeger: Partei
    jobcenter: Organisation
    partei: dict[str, Partei]
    praeambel: Praeambel
    rahmenbedingungen: list[str]
    kennzahlenverordnung: Aenderung | None
    ziele: dict[str, Any]
    zusammenarbeit: Zusammenarbeit | None
    haushalt: numbers.Budget | None
    kurzname: str
    klauseln: tuple[Klausel, ...]

    def template_context(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


STEPS = ("parteien", "katalog", "zahlen", "bausteine")


def build(data: Data) -> tuple[View, list[Problem]]:
    """The view and its warnings; raises InputError with every problem of every step,
    the faults of the agreement's clause changes included."""
    agreement, state = data.agreement, data.state
    problems = Problems(data.merged, data.sources.file)
    problems.items.extend(data.problems)
    stichtag = agreement.stichtag or dt.date(agreement.jahr, 1, 1)
    # 1. parties
    found = parties.build(agreement, state, data.settings, stichtag, problems)
    if agreement.zusammenarbeit is None:
        problems.add(("zusammenarbeit",), "Pflichtfeld fehlt: zusammenarbeit mit "
                     "steuerungsdialoge (weder in der Vereinbarung noch im Muster oder in "
                     "der Landesdatei)", "z. B. 'zusammenarbeit: {steuerungsdialoge: 2}'")
    # 2. catalogue and 3. figures
    ziele = targets.build(agreement, state, data.forms, problems)
    haushalt = _haushalt(agreement, problems)
    if problems.items:
        raise InputError(problems.items)
    traeger = found.traeger
    assert traeger is not None
    alle = found.alle
    by_key = {p.schluessel: p for p in alle}
    jobcenter = agreement.jobcenter or Organisation(
        name="Jobcenter " + parties.genitive(traeger), genus="n", ort=traeger.ort)
    ministerien = tuple(p for p in alle if p.ist_ministerium)
    view = View(
        a=agreement, jahr=agreement.jahr, land=state, familie=data.sources.family,
        muster=data.text.muster,
        stichtag=stichtag, parteien=alle, unterzeichner=found.unterzeichner,
        ministerien=ministerien, ministerium=ministerien[0] if ministerien else None,
        traeger=by_key[TRAEGER], jobcenter=jobcenter, partei=by_key,
        praeambel=agreement.praeambel, rahmenbedingungen=agreement.rahmenbedingungen,
        kennzahlenverordnung=agreement.kennzahlenverordnung, ziele=ziele,
        zusammenarbeit=agreement.zusammenarbeit,
        haushalt=haushalt,
        kurzname=agreement.kurzname or f"Zielvereinbarung {agreement.jahr} {traeger.name}",
        # 4. clauses: the family's, changed by each Muster and the agreement
        klauseln=data.klauseln)
    return view, problems.warnings


def _haushalt(agreement: Agreement, problems: Problems) -> numbers.Budget | None:
    """The budget with its computed total; a stated total that does not fit is a warning."""
    given = agreement.haushalt
    if given is None:
        return None
    result = numbers.budget(given.verwaltungskosten, given.eingliederung, given.gesamt_mio,
                            quelle=given.quelle)
    if not result.stimmt:
        problems.warn(("haushalt", "gesamt_mio"),
                      f"Gesamtbudget {german.zahl(result.gesamt_mio)} Mio. Euro passt nicht "
                      f"zur Summe der Beträge ({german.euro(result.summe)}, gerundet "
                      f"{german.mio_euro(result.summe, result.stellen)})",
                      "Beträge prüfen oder 'gesamt_mio' weglassen, dann rechnet zv selbst")
    return result
