"""`zv import` of a signed text: the agreement file (and with --muster the year's Muster).

signed.py checks the target and makes the skeleton, search.py finds the data by
rendering, deviations.py the clauses the document words otherwise. With --muster,
what is not particular to the one agreement (clauses that name no target value, the
year's data) goes into states/<land>/<jahr>.yaml, the Träger's names replaced by their
placeholders, so that the year's other agreements render from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import load
from ..compare.docx_words import Item
from ..compose import markdown as compose
from ..errors import InputError, Problem, ZvError
from ..files import write_file
from ..project.new import latest_agreement
from ..sources.bausteine import Klausel
from ..sources.resolve import muster_files
from ..sources.yamlread import Path_
from .changes import leaves
from .clauses import ClauseChange, with_clauses
from .deviations import Deviation, align, deviations, paragraphs
from .signed import (
    Scorer,
    Target,
    carried_werte,
    document_items,
    dump,
    goal_names,
    skeleton,
    yaml_text,
)
from .texts import Reading
from .yamledit import folded

# Keys of an agreement that are its own; every other value found is the year's.
OWN = {"land", "jahr", "traeger", "familie", "status", "partner", "vertretung", "ziele",
       "unterzeichnung", "haushalt", "stand", "muster", "kurzname", "bausteine"}
# Clauses that show target values stay with the agreement (a Muster must not fix them).
_VALUES = ("ziele.", "ziel(", "zielwerte", "haushalt")
_PLACEHOLDERS = ("traeger|in_dat", "traeger|gen", "traeger|dat", "traeger|akk", "traeger|nom",
                 "jobcenter|gen", "jobcenter|dat", "jobcenter|akk", "jobcenter|nom",
                 "traeger.name", "traeger.ort")
_MIN_PAIRED = 3


@dataclass(frozen=True)
class Rebuilt:
    target: Target
    text: str  # the agreement file
    muster: str | None  # the year's Muster file, with --muster
    matched: float  # share of the document's words the standard text gives as it is
    words: int
    deviations: list[Deviation]  # clause texts in the agreement file
    muster_clauses: list[Deviation]  # clause texts in the Muster
    layout: list[Deviation]  # zv's layout blocks that read otherwise: named only
    missing: list[str]  # fields the document does not show (sample values kept)
    changed_values: list[str]  # values of the standard text the agreement sets otherwise
    year_values: list[str]  # fields set in the Muster's werte
    remaining: int  # words that still differ when the file is rendered
    renders: int
    cut_short: bool  # the search ended at its limit of renders or time

    @property
    def files(self) -> list[tuple[Path, str]]:
        """The files to write, the Muster first."""
        own = [(self.target.file, self.text)]
        return own if self.muster is None else [(self.target.muster_file, self.muster), *own]


def write_files(rebuilt: Rebuilt) -> list[Path]:
    """The new files written, none over an existing one, and the agreement loaded with
    them; on any failure what was written is removed again and the error raised
    (FileExistsError, another OSError, or the ZvError of loading)."""
    written: list[Path] = []
    try:
        for path, text in rebuilt.files:
            if path.exists():
                raise FileExistsError(f"{path}: gibt es inzwischen")
            write_file(path, text.encode("utf-8"))
            written.append(path)
        load(rebuilt.target.file)
    except (OSError, ZvError):
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def rebuild(paras: list[str], t: Target, with_muster: bool, today: dt.date,
            source: Path) -> Rebuilt:
    """The agreement (and with `with_muster` the year's Muster) that renders the signed
    document's paragraphs; nothing is written. The steps in order: the skeleton and the
    check that the text is one of the family's; the year's data carried in; Kennzahlen;
    choices; values by position, by marker and as optional texts; the clauses that still
    read otherwise; with --muster the split into the agreement's own and the year's."""
    edited = document_items(paras, source)
    _, goals, _ = latest_agreement(t.root, t.land, t.familie, t.jahr, t.state.familie)
    start = skeleton(t, {g: [{"kennzahl": k} for k in ks] for g, ks in goals.items()})
    scorer = Scorer(t, dump(start), edited)
    _check_family(scorer, t, dump(start), edited, source)
    search = Reading(scorer, start)
    search.carry(carried_werte(t))
    search.resegment()
    goals_named = goal_names(scorer.renderer)
    search.structure(goals_named, list(t.state.kennzahlen))
    search.choices()
    search.resegment()
    search.values()
    search.marked()
    search.optional_texts(goals_named)
    search.further_goals()
    search.choices()
    search.values()
    search.prune()
    search.resegment()
    edited = scorer.edited
    rendered = paragraphs(scorer.renderer.items(search.text))
    words_done = " ".join(rendered).split()
    document_words = " ".join(paragraphs(edited)).split()
    matcher = difflib.SequenceMatcher(None, words_done, document_words, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    matched = same / max(1, len(document_words))
    found = deviations(scorer.renderer, search.text, edited)
    # zv's own layout blocks (title, parties, signatures) are no agreement's text: there
    # a difference is the document's layout (or a value not found) and is only named.
    layout = [d for d in found if d.layout]
    texts = [d for d in found if not d.layout]
    own, year_texts = texts, []
    data = search.data
    muster_text = None
    year: dict[str, Any] = {}
    if with_muster:
        shown = names(scorer, search.text)
        own_paths = {path for path, value in leaves(data) if _naming(value, shown)}
        data, year = _split(data, search.year_paths - own_paths, own_paths)
        klauseln = {k.name: k for k in scorer.renderer.loaded.view.klauseln}
        own = [d for d in texts if _shows_values(klauseln.get(d.change.name))]
        year_texts = [dataclasses.replace(d, change=dataclasses.replace(
            d.change, text=_templated(shown, d.change.text)))
            for d in texts if d not in own]
        muster_text = _muster(t, year, [d.change for d in year_texts], today)
    text = _header(t, today, with_muster) + dump(data)
    if own:
        text = with_clauses(text, [d.change for d in own])
    remaining = scorer.score(text) if muster_text is None else None
    return Rebuilt(t, text, muster_text, matched, len(document_words), own, year_texts,
                   layout, search.missing(),
                   [] if with_muster else _paths(_split(data, search.year_paths)[1]),
                   sorted(_paths(year)), remaining or 0,
                   scorer.renders, scorer.exhausted())


def _split(data: dict[str, Any], year: set[Path_], own_paths: frozenset[Path_] | set[Path_]
           = frozenset()) -> tuple[dict[str, Any], dict[str, Any]]:
    """The agreement's own data and the year's: a value is the year's if it came from a
    Muster or the state (`year`) or stands outside the agreement's own keys, unless it is
    one of `own_paths`."""
    own: dict[str, Any] = {}
    other: dict[str, Any] = {}

    def put(target: dict[str, Any], path: Path_, value: Any) -> None:
        node: Any = target
        for part, following in itertools.pairwise(path):
            if isinstance(node, list):
                while len(node) <= int(part):
                    node.append({} if isinstance(following, str) else [])
                node = node[int(part)]
            else:
                node = node.setdefault(part, {} if isinstance(following, str) else [])
        if isinstance(node, list):
            node.append(value)
        else:
            node[path[-1]] = value

    for path, value in leaves(data):
        is_year = path not in own_paths and (
            path[0] not in OWN or any(path[:n] in year for n in range(1, len(path) + 1)))
        put(other if is_year else own, path, value)
    return own, other


def _check_family(scorer: Scorer, t: Target, text: str, edited: list[Item], source: Path
                  ) -> None:
    """A document in which no paragraph of the family's standard text is found."""
    old = paragraphs(scorer.renderer.items(text))
    new = paragraphs(edited)
    paired = sum(1 for s in align(old, new) if s.old is not None and s.new is not None)
    if paired < min(_MIN_PAIRED, len(old)):
        raise InputError([Problem(source, 0, 0, "", f"im Text wurde kein Baustein des "
                                  f"Standardtexts ({t.familie}, {t.jahr}) gefunden: "
                                  f"{paired} von {len(new)} Absätzen passen",
                                  "Land, Jahr und --familie prüfen; ist es überhaupt eine "
                                  "Zielvereinbarung?")])


def _shows_values(klausel: Klausel | None) -> bool:
    return klausel is None or any(mark in klausel.text for mark in _VALUES)


def names(scorer: Scorer, text: str) -> dict[str, str]:
    """How the agreement (`text`) shows its Träger and Jobcenter, each with the
    placeholder that shows it so (`"des Kreises Kleve": "traeger|gen"`)."""
    try:
        loaded = scorer.renderer.load(text)
    except ZvError:
        return {}
    shown: dict[str, str] = {}
    for n, expr in enumerate(_PLACEHOLDERS):
        probe = Klausel(f"zv-import-{n}", "{{ " + expr + " }}", None, True, loaded.file, 0,
                        "zv import")
        view = dataclasses.replace(loaded.view, klauseln=(probe,))
        try:  # a family without a jobcenter: that placeholder is not there
            parts = compose.clauses((*loaded.folders, loaded.root / "templates"), view,
                                    loaded.text)
        except ZvError:
            continue
        for _, value in parts:
            if len(value.strip()) >= 4 and value not in shown:
                shown[value] = expr
    return shown


def _templated(shown: dict[str, str], text: str) -> str:
    """A clause's finished text as a Muster template: Jinja's own signs made literal, the
    Träger's names as the placeholders that give them."""
    text = text.replace("{", "{{ '{' }}") if "{" in text else text
    for value in sorted(shown, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "{{ " + shown[value] + " }}", text)
    return text


def _naming(value: Any, shown: dict[str, str]) -> bool:
    """Whether a value of the year names the imported Träger (then it is the agreement's)."""
    return isinstance(value, str) and any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", value) for name in shown)


def _muster(t: Target, year: dict[str, Any], clauses: list[ClauseChange],
            today: dt.date) -> str:
    earlier = [n for n in muster_files(t.root / "states", t.land, t.familie, t.state.familie)
               if int(n[:4]) < t.jahr]
    lines = [f"# Muster {t.jahr} ({t.state.kurz or t.state.name}): mit zv import --muster am "
             f"{today:%d.%m.%Y} aus dem",
             "# unterschriebenen Text einer Vereinbarung erzeugt. Es nennt nur, was sich "
             "gegenüber dem",
             "# Muster davor geändert hat; bitte lesen und prüfen (docs/import.md).",
             f"beschreibung: {t.state.kurz or t.state.name}, Vereinbarungen {t.jahr}"]
    if not earlier:
        lines.append("grundlage: familie")
    out = "\n".join(lines) + "\n"
    if year:
        out += "\n" + yaml_text({"werte": year})
    if clauses:
        out += "\nbausteine:\n"
        for clause in clauses:
            if not clause.text:
                out += f"  {clause.name}: {{streichen: true}}\n"
                continue
            body = clause.text
            if "\n" in body:
                out += f"  {clause.name}: |-\n" + "\n".join(
                    "    " + line if line else "" for line in body.split("\n")) + "\n"
            else:
                out += f"  {clause.name}: >-\n" + "\n".join(folded(body, 4)) + "\n"
    return out


def _header(t: Target, today: dt.date, with_muster: bool) -> str:
    whence = "und dem Muster des Jahres" if with_muster else "(Standardtext in Kraft)"
    return (f"# Zielvereinbarung {t.jahr}: mit zv import am {today:%d.%m.%Y} aus dem "
            f"unterschriebenen Text\n# erzeugt {whence}. Bitte lesen und prüfen; "
            "Feldbeschreibung: docs/felder.md\n")


def _paths(data: Any, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _paths(v, f"{prefix}{k}.")]
    return [prefix.rstrip(".")]
