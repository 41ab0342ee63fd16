"""The inputs of an agreement's form, each named by its YAML path.

A name is the path of the value in the agreement file with dots between keys and list
positions counted from 0 (`ziele.langzeitbezug.zielwerte.0.wert`), so a browser test,
a screen reader's field list and the YAML file say the same thing. The value shown is
the value as the file writes it ('15,4', not 15.4); a value the file does not hold yet
is shown empty, with what applies instead as a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..cycle.checks import compose
from ..cycle.nextyear import mapping_items
from ..errors import ZvError
from ..loaded import Loaded
from ..model import State
from ..sources.project import project_root
from ..sources.validation import validate_shared
from ..sources.yamlread import Path_
from ..view.targets import catalogue

# kind -> what the input accepts; the page and the saving both go by it
TEXT, NUMBER, WHOLE, DATE, LIMIT, STATUS = "text", "zahl", "ganzzahl", "datum", "grenze", "status"
DAY = "tag"  # a date the model reads as a date: written as JJJJ-MM-TT
KEY = "kennzahl"  # a key of the state's indicator catalogue
PROSE = "absatz"  # an own text (Markdown), several lines
GOALS = {"hilfebeduerftigkeit": "Verringerung der Hilfebedürftigkeit",
         "integration": "Verbesserung der Integration in Erwerbstätigkeit",
         "langzeitbezug": "Vermeidung von langfristigem Leistungsbezug"}
CHOICES = {
    LIMIT: (("", "keine"), ("mindestens", "mindestens"), ("hoechstens", "höchstens")),
    STATUS: (("entwurf", "Entwurf"), ("endfassung", "Endfassung")),
}
TARGET_FIELDS = (("wert", "Wert", NUMBER), ("grenze", "Grenze", LIMIT),
                 ("absolut", "absolute Zahl", WHOLE), ("basis", "Basiswert", NUMBER))
Items = dict[Path_, tuple[yaml.Node, yaml.Node]]


@dataclass(frozen=True)
class Field:
    name: str  # the YAML path, see above
    label: str
    kind: str
    value: str  # as the file writes it; "" where the file has no value
    present: bool  # the file holds a scalar at this path (else saving inserts it)
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # value, text; else CHOICES of the kind

    def options(self) -> tuple[tuple[str, str], ...]:
        return self.choices or CHOICES.get(self.kind, ())


@dataclass(frozen=True)
class Group:
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Form:
    groups: tuple[Group, ...]
    locked: str  # why the form is read-only; "" if it can be edited

    def fields(self) -> dict[str, Field]:
        return {f.name: f for group in self.groups for f in group.fields}


def name_of(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def path_of(name: str) -> Path_:
    return tuple(int(p) if p.isdigit() else p for p in name.split("."))


def input_name(problem_field: str) -> str:
    """The input a problem's field points at: 'a.b[2].c' (zv check) -> 'a.b.1.c'."""
    return re.sub(r"\[(\d+)\]", lambda m: f".{int(m.group(1)) - 1}", problem_field)


def items_of(text: str) -> Items:
    try:
        root = compose(text)
    except yaml.YAMLError:
        return {}
    return mapping_items(root) if isinstance(root, yaml.MappingNode) else {}


def form(text: str, loaded: Loaded | None, file: Path | None = None) -> Form:
    """The form of an agreement file's text; `loaded` (None if it has errors) gives the
    parties and the values that apply where the file has none; without it the Kennzahlen
    come from the state file the agreement names (in the project around `file`)."""
    items = items_of(text)

    def field(path: Path_, label: str, kind: str, hint: str = "", default: str = "",
              choices: tuple[tuple[str, str], ...] = ()) -> Field:
        found = items.get(path)
        if found is not None and isinstance(found[1], yaml.ScalarNode):
            return Field(name_of(path), label, kind, found[1].value, True, choices=choices)
        return Field(name_of(path), label, kind, default, False, hint, choices)

    groups = [Group("Stand der Vereinbarung", (
        field(("status",), "Status", STATUS, default="endfassung"),
        field(("stand",), "Stand des Entwurfs (TT.MM.JJJJ oder JJJJ-MM-TT)", DAY)))]
    parties = _parties(items, loaded)
    people, places = [], []
    for key, short, person, place in parties:
        people += [field(("vertretung", key, "titel"), f"{short}: Titel", TEXT,
                         _standard(person[0])),
                   field(("vertretung", key, "name"), f"{short}: Name", TEXT,
                         _standard(person[1]))]
        places += [field(("unterzeichnung", key, "ort"), f"{short}: Ort", TEXT,
                         _standard(place)),
                   field(("unterzeichnung", key, "datum"), f"{short}: Datum (TT.MM.JJJJ)",
                         DATE)]
    if people:
        groups.append(Group("Vertretung", tuple(people)))
    titles = _catalogue(loaded) if loaded is not None or file is None else \
        _state_catalogue(file, items)
    for path, kennzahl in _targets(items):
        known = tuple((key, f"{title} [{key}]") for key, title in titles.items())
        if kennzahl not in titles:
            known = ((kennzahl, kennzahl or "bitte wählen"), *known)
        short = f"Zielwert {int(path[-1]) + 1}"
        groups.append(Group(f"{_ziel_label(path)}, {short}", (
            field((*path, "kennzahl"), f"Kennzahl ({short})", KEY, choices=known),
            *(field((*path, key), f"{label} ({short})", kind)
              for key, label, kind in TARGET_FIELDS))))
    own = tuple(Field(name_of(path), label, TEXT if path[-1] == "titel" else PROSE,
                      node.value, True) for path, label, node in texts(items))
    if own:
        groups.append(Group("Eigene Texte", own))
    if places:
        groups.append(Group("Unterzeichnung", tuple(places)))
    return Form(tuple(groups), _locked(items, loaded))


def _standard(value: str | None) -> str:
    return f"ohne Eintrag gilt: {value}" if value else ""


def _parties(items: Items, loaded: Loaded | None
             ) -> list[tuple[str, str, tuple[str | None, str | None], str | None]]:
    """Key, short name, (titel, name) and place of each party, in the document's order;
    without a loaded agreement the keys the file names."""
    if loaded is not None:
        return [(p.schluessel, p.kurz, (p.person.titel, p.person.name) if p.person else
                 (None, None), p.ort or p.org.ort) for p in loaded.view.parteien]
    keys: list[str] = []
    for path in items:
        if len(path) == 2 and path[0] in ("vertretung", "unterzeichnung") and \
                isinstance(path[1], str) and path[1] not in keys:
            keys.append(path[1])
    return [(key, "Träger" if key == "traeger" else key, (None, None), None) for key in keys]


def _targets(items: Items) -> list[tuple[Path_, str]]:
    """The path of every Zielwert of the file with its Kennzahl."""
    found = []
    for path, (_key, node) in items.items():
        if path[:1] == ("ziele",) and path[-1] == "zielwerte" and \
                isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                if isinstance(item, yaml.MappingNode):
                    kennzahl = items.get((*path, i, "kennzahl"))
                    name = kennzahl[1].value if kennzahl and isinstance(
                        kennzahl[1], yaml.ScalarNode) else "?"
                    found.append(((*path, i), str(name)))
    return found


def _ziel_label(path: Path_) -> str:
    if len(path) > 2 and path[1] == "weitere" and isinstance(path[2], int):
        return f"Weiteres Ziel {path[2] + 1}"
    return GOALS.get(str(path[1]), f"Ziel {path[1]}")


def _catalogue(loaded: Loaded | None) -> dict[str, str]:
    """Title of every Kennzahl the agreement may name (state's catalogue and its own)."""
    if loaded is None:
        return {}
    return {key: entry.titel or key
            for key, entry in catalogue(loaded.agreement, loaded.state).items()}


def _state_catalogue(file: Path, items: Items) -> dict[str, str]:
    """Kennzahl titles of the state file an agreement names, for a file that does not load
    (a new draft with open fields); empty where that state file is not readable."""
    land = items.get(("land",))
    if land is None or not isinstance(land[1], yaml.ScalarNode) or \
            not re.fullmatch(r"[\w-]+", land[1].value):
        return {}
    try:
        state_file = project_root(file.parent) / "states" / f"{land[1].value}.yaml"
        state = validate_shared(State, state_file)[0]
    except (ZvError, OSError):
        return {}
    return {key: entry.titel or key for key, entry in state.kennzahlen.items()}


def texts(items: Items) -> list[tuple[Path_, str, yaml.ScalarNode]]:
    """Every own text of the file with its label, in the file's order."""
    found = []
    for path, (_key, node) in items.items():
        if isinstance(node, yaml.ScalarNode):
            label = _label(path)
            if label is not None:
                found.append((path, label, node))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                label = _label((*path, i))
                if label is not None and isinstance(item, yaml.ScalarNode):
                    found.append(((*path, i), label, item))
    return sorted(found, key=lambda entry: entry[2].start_mark.index)


def _label(path: Path_) -> str | None:
    """The German label of a text's path, None for a path that is no own text."""
    n = path[-1] + 1 if isinstance(path[-1], int) else 0
    match path:
        case ("rahmenbedingungen",):
            return "Rahmenbedingungen"
        case ("rahmenbedingungen", int()):
            return f"Rahmenbedingungen, Absatz {n}"
        case ("praeambel", "absaetze", int()):
            return f"Präambel, weiterer Absatz {n}"
        case ("zusammenarbeit", "zusatz"):
            return "Zusammenarbeit: Sätze am Ende des Absatzes"
        case ("zusammenarbeit", "absaetze", int()):
            return f"Zusammenarbeit, weiterer Absatz {n}"
        case ("ziele", "weitere", int(j), *rest):
            return _goal_part(f"Weiteres Ziel {j + 1}", tuple(rest))
        case ("ziele", str(goal), *rest):
            return _goal_part(GOALS.get(goal, f"Ziel {goal}"), tuple(rest))
    return None


def _goal_part(goal: str, rest: Path_) -> str | None:
    match rest:
        case ("titel",):
            return f"{goal}: Überschrift"
        case ("text",):
            return f"{goal}: eigener Absatz"
        case ("eigene_ziele", int(i)):
            return f"{goal}: eigenes Ziel {i + 1}"
        case ("umsetzungsschritte", int(i)):
            return f"{goal}: Umsetzungsschritt {i + 1}"
        case ("erreicht_wenn",):
            return f"{goal}: erreicht, wenn"
    return None


def _locked(items: Items, loaded: Loaded | None) -> str:
    """Why the file may not be edited here: a signed Endfassung."""
    status = items.get(("status",))
    if status is not None and isinstance(status[1], yaml.ScalarNode) and \
            status[1].value == "entwurf":
        return ""
    if loaded is None or not loaded.view.parteien:
        return ""
    if all(p.unterschrift.datum for p in loaded.view.parteien):
        return ("Unterschriebene Endfassung: alle Parteien haben unterschrieben. Sie wird "
                "hier nicht geändert; eine Änderung wäre eine neue Vereinbarung (Entwurf "
                "mit 'zv next' oder Status 'entwurf' in der Datei).")
    return ""
