"""`zv new`: a new agreement file to fill in, for one Träger and year.

Every field a clerk must fill is there, empty, with a German comment; `zv check` reports
each empty one as "noch offen". Which Kennzahlen stand under which goal is taken from the
latest agreement of the same state and family in the project (the year's practice),
else the catalogue of the state file is named in a comment. Texts of another Träger
(own goals, paragraphs) are never copied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem, ZvError
from ..model import Familie, State
from ..sources.problems import name_hint
from ..sources.resolve import SETTINGS_FILE, muster_chain, named_file
from ..sources.validation import validate_shared
from ..sources.yamlread import Located, load_yaml

GOALS = ("integration", "langzeitbezug")


@dataclass(frozen=True)
class Draft:
    target: Path
    text: str
    template: Path | None  # the agreement whose Kennzahlen were taken


def draft(root: Path, land: str, jahr: int, traeger: str, today: dt.date) -> Draft:
    """The new agreement's path and text; raises InputError for an unknown state or
    Träger and for a file that exists already."""
    here = Located({"land": land, "traeger": traeger}, {})
    where = root / "states"
    state_file = named_file(here, where, "land", land, where, ".yaml", "Landesdatei")
    state = validate_shared(State, state_file)[0]
    if traeger not in state.traeger:
        raise InputError([Problem(state_file, 0, 0, "traeger",
                                  f"Träger '{traeger}' steht nicht in der Landesdatei",
                                  name_hint(traeger, sorted(state.traeger), "bekannt", 0.5))])
    target = root / "agreements" / str(jahr) / land / f"{traeger}.yaml"
    if target.exists():
        raise InputError([Problem(target, 0, 0, "", "die Datei gibt es schon; zv new "
                                  "überschreibt nichts")])
    chain = muster_chain(where, land, state.familie, state.familie, jahr)
    muster = chain[-1][0] if chain else None
    folder = root / "templates" / state.familie
    settings = (validate_shared(Familie, folder / SETTINGS_FILE)[0]
                if (folder / SETTINGS_FILE).is_file() else Familie())
    template, goals, haushalt = latest_agreement(root, land, state.familie, jahr)
    org = state.traeger[traeger]
    lines = [
        f"# Zielvereinbarung {jahr}: {org.name}. Angelegt mit zv new am {today:%d.%m.%Y}.",
        "# Leere Felder ausfüllen; zv check nennt jedes noch offene Feld mit seiner Zeile.",
        "# Feldbeschreibung: docs/felder.md",
    ]
    if muster is None or int(muster[:4]) != jahr:
        lines.append(f"# Achtung: für {jahr} gibt es noch kein Muster (states/{land}/{jahr}"
                     ".yaml); zv check warnt, bis es angelegt ist (docs/neues-jahr.md).")
    lines += [f"land: {land}", f"jahr: {jahr}", f"traeger: {traeger}", "status: entwurf",
              f"stand: {today.isoformat()}", "", "vertretung:"]
    for key in ("traeger", *settings.partner):
        lines += [f"  {key}:", "    titel:  # z. B. Landrat, Oberbürgermeisterin",
                  "    name:   # wer unterschreibt"]
    if settings.partner:
        lines += ["", "partner:  # Name und Genus (m, f, n) jedes Partners"]
        lines += [f"  {key}: {{name: , genus: }}" for key in settings.partner]
    if haushalt:
        lines += ["", "haushalt:  # in Euro", "  verwaltungskosten:", "  eingliederung:"]
    lines += ["", "ziele:"]
    catalogue = ", ".join(state.kennzahlen) or "keine"
    for goal in goals or {name: [] for name in GOALS}:
        lines += [f"  {goal}:", "    zielwerte:"]
        for kennzahl in goals.get(goal) or [""]:
            name = kennzahl or f"  # eine Kennzahl des Katalogs: {catalogue}"
            lines += [f"      - kennzahl: {name}",
                      "        wert:  # Veränderung mit Vorzeichen, z. B. 2,5 oder -1,0",
                      "        # grenze: mindestens  (oder hoechstens; weglassen: genau)"]
    lines += ["", "# Nach der Unterzeichnung: die Daten eintragen und status: endfassung.",
              "# unterzeichnung:", "#   traeger: {datum: TT.MM.JJJJ}"]
    return Draft(target, "\n".join(lines) + "\n", template)


def latest_agreement(root: Path, land: str, familie: str, jahr: int,
                     state_family: str | None = None
                     ) -> tuple[Path | None, dict[str, list[str]], bool]:
    """The latest agreement of the state and family up to `jahr`: its goals with their
    Kennzahlen, and whether it states a budget."""
    candidates = []
    for file in sorted((root / "agreements").glob(f"*/{land}/*.yaml")):
        try:
            data = load_yaml(file).data
        except ZvError:
            continue
        year = data.get("jahr")
        if (isinstance(year, int) and year <= jahr and data.get("land") == land
                and data.get("familie", state_family or familie) == familie):
            candidates.append((year, str(file), file, data))
    if not candidates:
        return None, {}, False
    _, _, file, data = max(candidates, key=lambda c: (c[0], c[1]))
    goals: dict[str, list[str]] = {}
    ziele = data.get("ziele")
    for goal, content in (ziele.items() if isinstance(ziele, dict) else []):
        werte = content.get("zielwerte") if isinstance(content, dict) else None
        if goal == "weitere" or not isinstance(werte, list):
            continue
        goals[goal] = [str(w["kennzahl"]) for w in werte
                       if isinstance(w, dict) and "kennzahl" in w]
    return file, goals, "haushalt" in data

