"""The resolved facts of one agreement that the yearly cycle needs (`zv table`, `zv fill`,
`zv check`'s date warnings): parties with signatories and dates, and every target with
its catalogue title.

`facts()` flattens the typed view of a loaded agreement (generator/view) into rows for
tables and checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..loaded import Loaded
from ..model import Genus


@dataclass(frozen=True)
class Signatory:
    key: str            # party key as in 'vertretung' and 'unterzeichnung'
    party: str          # the party's name, e.g. 'Stadt Wuppertal'
    person: str         # who signs, e.g. 'Prof. Dr. Uwe Schneidewind'
    datum: dt.date | str | None
    genus: Genus = "f"  # the party's grammatical gender, for "vom"/"von der"


@dataclass(frozen=True)
class Target:
    ziel: str           # 'integration', or 'weitere[1]'
    index: int          # position in the Ziel's 'zielwerte' (0-based)
    kennzahl: str
    titel: str
    wert: Decimal
    grenze: str | None
    absolut: int | None
    basis: Decimal | None
    einheit: str


@dataclass(frozen=True)
class Facts:
    file: Path
    land: str
    land_name: str
    jahr: int
    status: str
    stand: dt.date | None
    traeger: str        # name of the Träger, e.g. 'Stadt Wuppertal'
    signatories: tuple[Signatory, ...]
    targets: tuple[Target, ...]


def facts(loaded: Loaded) -> Facts:
    """Resolved data of a loaded agreement, read from its view."""
    view = loaded.view
    agreement = loaded.agreement
    signatories = tuple(
        Signatory(p.schluessel, p.org.name, _person(p.person), p.unterschrift.datum,
                  p.org.genus)
        for p in view.parteien)
    targets: list[Target] = []
    ziele = view.ziele
    named = [(name, z) for name, z in ziele.items() if name != "weitere"]
    named += [(f"weitere[{i + 1}]", z) for i, z in enumerate(ziele.get("weitere", []))]
    for name, ziel in named:
        for i, wert in enumerate(ziel.zielwerte):
            targets.append(Target(name, i, wert.kennzahl, wert.titel or wert.kennzahl,
                                  wert.wert, wert.grenze, wert.absolut, wert.basis,
                                  wert.einheit or "prozent"))
    return Facts(loaded.file, agreement.land, view.land.name, agreement.jahr,
                 agreement.status, agreement.stand, view.traeger.org.name,
                 signatories, tuple(targets))


def _person(person: Any) -> str:
    if person is None:
        return ""
    return str(person.name or person.funktion or person.titel or "")
