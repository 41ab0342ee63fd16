"""References an agreement makes to its state and standard text, checked on the raw data
too: when the schema already failed, a clerk still learns in the same run about an
unknown Träger, Kennzahl, party or clause name (all problems of a file at once)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import TRAEGER, Familie, State
from .bausteine import Klausel
from .problems import Problems, known_hint, name_hint
from .yamlread import Located

GOALS = ("hilfebeduerftigkeit", "integration", "langzeitbezug")


def raw_problems(located: Located, state: State, familie: Familie,
                 klauseln: Sequence[Klausel], file: Path) -> list[Problem]:
    data = located.data
    problems = Problems(located, file)
    if not isinstance(data, dict):
        return []
    traeger = data.get("traeger")
    key = traeger.get("schluessel") if isinstance(traeger, dict) else traeger
    if isinstance(key, str) and key not in state.traeger:
        problems.add(("traeger",), f"Träger '{key}' steht nicht in der Landesdatei",
                     known_hint(key, list(state.traeger)))
    own = data.get("kennzahlen")
    catalog = list(dict.fromkeys([*state.kennzahlen, *(own if isinstance(own, dict) else {})]))
    found = data.get("ziele")
    ziele: dict[str, Any] = found if isinstance(found, dict) else {}
    goals: list[tuple[tuple[str | int, ...], Any]] = [
        (("ziele", name), ziele.get(name)) for name in GOALS]
    weitere = ziele.get("weitere")
    if isinstance(weitere, list):
        goals += [(("ziele", "weitere", i), z) for i, z in enumerate(weitere)]
    for path, goal in goals:
        werte = goal.get("zielwerte") if isinstance(goal, dict) else None
        for i, wert in enumerate(werte if isinstance(werte, list) else []):
            name = wert.get("kennzahl") if isinstance(wert, dict) else None
            if isinstance(name, str) and name not in catalog and "satz" not in wert:
                problems.add((*path, "zielwerte", i, "kennzahl"),
                             f"Kennzahl '{name}' steht nicht im Katalog der Landesdatei; "
                             "dann sind titel, subjekt, genus und satz anzugeben",
                             known_hint(name, catalog))
    partner = data.get("partner")
    parties = [*(m.schluessel for m in state.ministerien if familie.ministerien_als_partei),
               TRAEGER, *(partner if isinstance(partner, dict) else {})]
    for section in ("vertretung", "unterzeichnung"):
        given = data.get(section)
        for party in given if isinstance(given, dict) else {}:
            if party not in parties:
                problems.add((section, party), f"unbekannte Partei '{party}'",
                             known_hint(party, sorted(set(parties))))
    names = [k.name for k in klauseln]
    changes = data.get("bausteine")
    for name, change in changes.items() if isinstance(changes, dict) else []:
        new = isinstance(change, dict) and ("vor" in change or "nach" in change)
        if name not in names and not new:
            problems.add(("bausteine", name), f"unbekannter Baustein '{name}'",
                         name_hint(name, names))
    return problems.items
