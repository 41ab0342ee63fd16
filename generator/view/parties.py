"""The parties step: ministries by reference date, the Träger, further partners, who
represents and signs for each, in the family's signing order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..model import (
    TRAEGER,
    Agreement,
    Familie,
    Ministerium,
    Organisation,
    Person,
    State,
    Unterschrift,
)
from ..sources.problems import Problems, known_hint
from ..text import german


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


@dataclass(frozen=True)
class Parteien:
    alle: tuple[Partei, ...]
    unterzeichner: tuple[Partei, ...]
    traeger: Organisation | None


def build(agreement: Agreement, state: State, familie: Familie, stichtag: dt.date,
          problems: Problems) -> Parteien:
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
    # A Träger that could not be resolved is reported once, not again as unknown party.
    keys = [p.schluessel for p in parteien] + ([] if traeger else [TRAEGER])
    for section in ("vertretung", "unterzeichnung"):
        for key in getattr(agreement, section):
            if key not in keys:
                problems.add((section, key), f"unbekannte Partei '{key}'", known_hint(key, keys))
    rank = {key: i for i, key in enumerate(familie.unterschriften)}
    order = sorted(parteien, key=lambda p: rank.get(p.schluessel, len(rank)))
    return Parteien(tuple(parteien), tuple(order), traeger)


def _partner(agreement: Agreement, familie: Familie, taken: list[str],
             problems: Problems) -> list[Partei]:
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


def genitive(org: Organisation) -> str:
    return german.nominalphrase(org.name, org.genus, "gen", org.genitiv)


def _traeger(agreement: Agreement, state: State, problems: Problems) -> Organisation | None:
    given = agreement.traeger
    values: dict[str, Any] = {}
    if given.schluessel is not None:
        known = state.traeger.get(given.schluessel)
        if known is None:
            problems.add(("traeger",), f"Träger '{given.schluessel}' steht nicht in der "
                         "Landesdatei", known_hint(given.schluessel, list(state.traeger)))
            return None
        values = known.model_dump()
    values.update(given.model_dump(exclude={"schluessel"}, exclude_none=True))
    missing = [f for f in ("name", "genus") if f not in values]
    if missing:
        problems.add(("traeger",), "Angabe fehlt: " + ", ".join(missing))
        return None
    return Organisation(**values)


def _person(agreement: Agreement, key: str, problems: Problems,
            default: Person | None = None) -> Person | None:
    person = agreement.vertretung.get(key, default)
    if person is None:
        problems.add(("vertretung",), f"es fehlt, wer die Partei '{key}' vertritt",
                     f"'vertretung: {key}: name: ...' ergänzen")
    return person


def _ministerium(m: Ministerium, agreement: Agreement, stichtag: dt.date,
                 problems: Problems) -> Partei:
    default = next((Person(name=p.name, titel=p.titel, geschlecht=p.geschlecht)
                    for p in m.vertretung if p.covers(stichtag)), None)
    org = Organisation(name=m.name, genus=m.genus, genitiv=m.genitiv, ort=m.ort)
    return Partei(m.schluessel, org, _person(agreement, m.schluessel, problems, default),
                  agreement.unterzeichnung.get(m.schluessel, Unterschrift()), m.kurz,
                  m.name_kurz or m.name, True)
