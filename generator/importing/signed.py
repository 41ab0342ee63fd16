"""`zv import` of a signed agreement zv did not write: its agreement file, found by rendering.

The file starts as a skeleton (Träger, persons, the goals' Kennzahlen with sample
values) and is changed only where the agreement rendered from it comes closer to the
document, counted in differing words: Kennzahlen added or dropped, limits, signs,
forms of address (search.py); then values by position, as for a returned draft
(values.py); what the standard text in force says otherwise becomes the clause's own
text (deviations.py). Nothing here is guessed from the document's wording alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..compare.docx_words import Item, Para, Token, tokenize
from ..errors import InputError, Problem, SetupError, ZvError
from ..model import Familie, State
from ..model.parties import TRAEGER
from ..sources.problems import name_hint
from ..sources.resolve import SETTINGS_FILE, muster_files, named_file
from ..sources.validation import validate_shared
from ..sources.yamlread import Located, load_shared
from .render import Renderer
from .values import shown

SAMPLE_DATE = "01.01.1900"
MAX_WORDS = 40_000  # an agreement is a few thousand words; more is no agreement
MAX_RENDERS = 900  # candidate agreements rendered at most
MAX_SECONDS = 90.0  # and for at most this long: then the best found so far stands
SAMPLE_NAME = "Vorname Nachname"
SAMPLE_TITLE = "Titel"
SAMPLE_PLACE = "Ort"
SAMPLE_STATEMENT = "Aussage"
SAMPLE_PARAGRAPH = "Absatz"
SAMPLE_SECTION = "Abschnitt"
SAMPLE_BASE = 1234
SAMPLE_BUDGET = 1_234_567
SAMPLES = (SAMPLE_DATE, SAMPLE_NAME, SAMPLE_TITLE, "Träger", "Partner", SAMPLE_PLACE,
           SAMPLE_STATEMENT, SAMPLE_PARAGRAPH, SAMPLE_SECTION)
_GOAL = re.compile(r"\bziele\.([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Target:
    """Where the imported agreement goes and what it is read against."""

    root: Path
    land: str
    jahr: int
    traeger: str
    familie: str
    state: State
    settings: Familie
    file: Path  # agreements/<jahr>/<land>/<traeger>.yaml (not yet written)
    state_file: Path
    own_traeger: bool  # the Träger is the state file's (else named in the agreement)

    @property
    def muster_file(self) -> Path:
        """states/<land>/<jahr>.yaml, or <jahr>-<familie>.yaml for another family."""
        stem = str(self.jahr) if self.familie == self.state.familie \
            else f"{self.jahr}-{self.familie}"
        return self.root / "states" / self.land / f"{stem}.yaml"


def target(root: Path, land: str, jahr: int, traeger: str, familie: str | None,
           exists_ok: bool = False, muster: bool = False) -> Target:
    """The checked target; InputError for an unknown state, Träger, family or year, an
    agreement file that exists, and (`muster`) a Muster of the year that exists."""
    here = Located({"land": land, "familie": familie}, {})
    where = root / "states"
    state_file = named_file(here, where, "land", land, where, ".yaml", "Landesdatei")
    state = validate_shared(State, state_file)[0]
    family = familie or state.familie
    folder = named_file(here, root / "templates", "familie", family, root / "templates", "",
                        "Vorlagenfamilie")
    settings = (validate_shared(Familie, folder / SETTINGS_FILE)[0]
                if (folder / SETTINGS_FILE).is_file() else Familie())
    own = family == state.familie or traeger in state.traeger
    if family == state.familie and traeger not in state.traeger:
        raise InputError([Problem(state_file, 0, 0, "traeger",
                                  f"Träger '{traeger}' steht nicht in der Landesdatei",
                                  name_hint(traeger, sorted(state.traeger), "bekannt", 0.5))])
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", traeger):
        raise InputError([Problem(state_file, 0, 0, "traeger",
                                  f"'{traeger}' taugt nicht als Dateiname (nur Kleinbuchstaben, "
                                  "Ziffern, - und _)")])
    day = dt.date(jahr, 1, 1)
    if settings.ministerien_als_partei and not any(m.covers(day) for m in state.ministerien):
        spans = ", ".join(_span(m) for m in state.ministerien) or "keine"
        raise InputError([Problem(state_file, 0, 0, "jahr",
                                  f"die Landesdatei deckt das Jahr {jahr} nicht ab: kein "
                                  f"Ministerium für den 01.01.{jahr}",
                                  f"Ministerien der Landesdatei: {spans}")])
    file = root / "agreements" / str(jahr) / land / f"{traeger}.yaml"
    if file.exists() and not exists_ok:
        raise InputError([Problem(file, 0, 0, "", "die Vereinbarungsdatei gibt es schon; zv "
                                  "import überschreibt keine Vereinbarung",
                                  "Datei umbenennen oder einen anderen Träger angeben")])
    found = Target(root, land, jahr, traeger, family, state, settings, file, state_file, own)
    if muster and found.muster_file.exists():
        raise InputError([Problem(found.muster_file, 0, 0, "", f"das Muster {jahr} gibt es "
                                  "schon; zv import überschreibt kein Muster",
                                  "ohne Muster übernehmen: die Abweichungen kommen dann in "
                                  "die Vereinbarung")])
    return found


def _span(ministerium: Any) -> str:
    start = f"{ministerium.von:%d.%m.%Y}" if ministerium.von else "…"
    end = f"{ministerium.bis:%d.%m.%Y}" if ministerium.bis else "…"
    return f"{ministerium.kurz or ministerium.name} {start}–{end}"


def document_items(paragraphs: list[str], file: Path) -> list[Item]:
    """The document's paragraphs as the word tokens the comparison reads; InputError for
    a text far longer than any agreement."""
    words = sum(len(p.split()) for p in paragraphs)
    if words > MAX_WORDS:
        raise InputError([Problem(file, 0, 0, "", f"der Text hat {words:,} Wörter; eine "
                                  f"Zielvereinbarung hat wenige Tausend (Grenze: "
                                  f"{MAX_WORDS:,})".replace(",", "."),
                                  "nur die Vereinbarung selbst angeben, ohne Anlagen")])
    return [Para(None, "", [Token(t) for t in tokenize(p)]) for p in paragraphs]


def skeleton(t: Target, goals: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The agreement as data before anything is read from the document."""
    data: dict[str, Any] = {"land": t.land, "jahr": t.jahr}
    if t.familie != t.state.familie:
        data["familie"] = t.familie
    if t.own_traeger:
        data["traeger"] = t.traeger
    else:
        data["traeger"] = {"name": "Träger", "genus": "f", "ort": "Ort"}
    data["status"] = "endfassung"
    if t.settings.partner:
        data["partner"] = {key: {"name": "Partner", "genus": "f", "ort": "Ort"}
                           for key in t.settings.partner}
    day = dt.date(t.jahr, 1, 1)
    vertretung: dict[str, Any] = {}
    if t.settings.ministerien_als_partei:  # a ministry the state file names nobody for
        for ministerium in t.state.ministerien:
            if ministerium.covers(day) and not any(p.covers(day)
                                                   for p in ministerium.vertretung):
                vertretung[ministerium.schluessel] = {"titel": SAMPLE_TITLE,
                                                      "name": SAMPLE_NAME}
    vertretung[TRAEGER] = {"titel": SAMPLE_TITLE, "name": SAMPLE_NAME}
    for key in t.settings.partner:
        vertretung[key] = {"funktion": SAMPLE_TITLE, "name": SAMPLE_NAME}
    data["vertretung"] = vertretung
    data["ziele"] = {goal: {"zielwerte": entries} for goal, entries in goals.items()}
    keys = [m.schluessel for m in t.state.ministerien if m.covers(day)
            ] if t.settings.ministerien_als_partei else []
    keys += [TRAEGER, *t.settings.partner]
    data["unterzeichnung"] = {key: {"datum": SAMPLE_DATE}
                              for key in dict.fromkeys(keys)}
    return data


class _Dumper(yaml.SafeDumper):
    """YAML as zv's own files are written: a small mapping of plain values on one line
    (`traeger: {titel: Landrat, name: …}`), a long text folded, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _mapping(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flat = all(isinstance(v, str | int | float | bool) and len(str(v)) < 40
               and "," not in str(v) for v in data.values())
    short = len(str(data)) < 70
    return dumper.represent_mapping("tag:yaml.org,2002:map", data,
                                    flow_style=bool(data) and flat and short)


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    if len(data) > 70 and "\n" not in data and data == data.strip():
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=">")
    return dumper.represent_str(data)


_Dumper.add_representer(dict, _mapping)
_Dumper.add_representer(str, _text)


def dump(data: dict[str, Any]) -> str:
    """The agreement's YAML text, its sample values made distinct."""
    return yaml_text(_numbered(data))


def yaml_text(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)


def _numbered(data: dict[str, Any]) -> dict[str, Any]:
    """Sample values made distinct, so that each shows where it stands."""
    out = copy.deepcopy(data)
    count = 0
    for goal in (out.get("ziele") or {}).values():
        for entry in (goal.get("zielwerte") or [] if isinstance(goal, dict) else []):
            if entry.get("wert") is None:
                count += 1
                entry["wert"] = f"{count + 6},{count % 9 + 1}"
    return dict(out)


def carried_werte(t: Target) -> dict[str, Any]:
    """The year data (`werte`) of the latest earlier Muster, when the year has none of its
    own: the starting point for this year's."""
    available = muster_files(t.root / "states", t.land, t.familie, t.state.familie)
    if any(int(name[:4]) == t.jahr for name in available):
        return {}
    for name in reversed([n for n in available if int(n[:4]) < t.jahr]):
        try:
            werte = load_shared(available[name]).data.get("werte")
        except ZvError:
            continue
        if isinstance(werte, dict) and werte:
            return dict(werte)
    return {}


def goal_names(renderer: Renderer) -> list[str]:
    """The goals the standard text in force names (`ziele.NAME`), in order."""
    names: list[str] = []
    for klausel in renderer.loaded.view.klauseln:
        for found in _GOAL.finditer(f"{klausel.text} {klausel.wenn or ''}"):
            if found[1] not in names and found[1] != "weitere":
                names.append(found[1])
    return names


def plain(items: list[Item], by_columns: bool = False) -> list[Item]:
    """Rendered items as a PDF's text reads: a table's cells as paragraphs one after the
    other (row by row, or column by column), non-breaking spaces and hyphens plain."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Para):
            paras = [item]
        elif by_columns:
            width = max((len(row.cells) for row in item.rows), default=0)
            paras = [p for column in range(width) for row in item.rows
                     if column < len(row.cells) for p in row.cells[column]]
        else:
            paras = [p for row in item.rows for cell in row.cells for p in cell]
        for p in paras:
            if any("\u00a0" in t.text or "\u2011" in t.text for t in p.tokens):
                p = Para(p.element, p.style, [Token(shown(t.text), t.run, t.link)
                                              for t in p.tokens])
            out.append(p)
    return out


class PlainRenderer(Renderer):
    """Renders as a PDF's text reads (plain()); `by_columns` as the document's tables."""

    by_columns = False

    def items_of_markdown(self, markdown: str) -> list[Item]:
        return plain(super().items_of_markdown(markdown), self.by_columns)


class Distance:
    """Words that differ between a rendering and the document, over the whole text in
    order (paragraph breaks do not count: a text copied from a PDF has its own). The
    document's side of the comparison is indexed once."""

    def __init__(self, edited: list[Item]) -> None:
        self.new = [w for p in plain(edited) for w in _words(p)]
        self.matcher = difflib.SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(self.new)

    def __call__(self, items: list[Item]) -> int:
        old = [w for p in plain(items) for w in _words(p)]
        self.matcher.set_seq1(old)
        same = sum(m.size for m in self.matcher.get_matching_blocks())
        return len(old) + len(self.new) - 2 * same


def _words(item: Item) -> tuple[str, ...]:
    assert isinstance(item, Para)
    return tuple(t.text for t in item.tokens if not t.text.isspace() and t.text != "\u200b")


class Scorer:
    """Renders candidate agreements and counts the words they differ from the document."""

    def __init__(self, t: Target, text: str, edited: list[Item]) -> None:
        try:
            self.renderer = PlainRenderer(t.file, text.encode("utf-8"))
        except InputError as exc:  # the project's own files do not load for this year
            raise SetupError(f"die Vorlagen für {t.land} {t.jahr} lassen sich nicht laden:\n"
                             f"{exc}") from None
        self.edited = edited
        self.renders = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.distance = Distance(edited)
        # A signature table reads row by row in one PDF's text, column by column in another.
        rows = self.score(text)
        self.renderer.by_columns = True
        columns = self.score(text)
        self.renderer.by_columns = columns is not None and (rows is None or columns < rows)

    def use(self, paragraphs: list[str]) -> None:
        """Compare with the document cut into these paragraphs from now on."""
        self.edited = [Para(None, "", [Token(t) for t in tokenize(p)]) for p in paragraphs]
        self.distance = Distance(self.edited)

    def exhausted(self) -> bool:
        """The search has rendered enough (or long enough): what it has found stands."""
        return self.renders >= MAX_RENDERS or time.monotonic() > self.deadline

    def score(self, text: str) -> int | None:
        """Differing words, None where the text does not load or render."""
        self.renders += 1
        try:
            return self.distance(self.renderer.items(text))
        except (InputError, SetupError, ValueError):
            return None
