"""`zv next`: next year's draft from this year's agreement file.

The draft is the same file with a handful of values changed in place (jahr, status,
stand, signature dates, the year in kurzname): every other byte, comments, order and
quoting included, stays as the clerk wrote it. The edits are made at the exact source
positions of the YAML nodes, so nothing is re-serialised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import InputError, Problem
from ..sources.yamlread import Path_
from .checks import Mention, comment_mentions, compose, year_mentions

AHEAD = 5  # a draft is for at most this many years after the current one


@dataclass(frozen=True)
class Draft:
    source: Path
    target: Path
    text: str
    jahr: int
    mentions: tuple[Mention, ...]   # earlier years in free texts and comments of the draft


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def apply(text: str, edits: list[Edit]) -> str:
    """Replace source spans; edits must not overlap."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def mapping_items(node: yaml.Node, path: Path_ = ()) -> dict[Path_, tuple[yaml.Node, yaml.Node]]:
    """Key and value node of every mapping entry below `node`, by path."""
    found: dict[Path_, tuple[yaml.Node, yaml.Node]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                found[(*path, key.value)] = (key, value)
                found.update(mapping_items(value, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.update(mapping_items(item, (*path, i)))
    return found


def target_path(file: Path, old: int, new: int) -> Path:
    """agreements/2021/nrw/x.yaml -> agreements/2022/nrw/x.yaml; else x-2022.yaml beside."""
    parts = list(file.parts)
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] == str(old):
            parts[i] = str(new)
            return Path(*parts)
    return file.with_name(f"{file.stem}-{new}{file.suffix}")


def draft(file: Path, today: dt.date, jahr: int | None = None) -> Draft:
    """The draft for `jahr` (default: the next year); raises InputError if it cannot be
    made or its file exists already."""
    try:
        text = file.read_text(encoding="utf-8")
        root = compose(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise InputError([Problem(file, 0, 0, "", "Datei kann nicht gelesen werden; "
                                  "zuerst 'zv check' ausführen")]) from None
    items = mapping_items(root) if root is not None else {}
    year_item = items.get(("jahr",))
    if year_item is None or year_item[1].tag != "tag:yaml.org,2002:int" or \
            not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise InputError([Problem(file, 1, 1, "jahr", "kein Jahr (jahr: JJJJ) auf oberster "
                                  "Ebene gefunden")])
    old = int(year_item[1].value)
    new = old + 1 if jahr is None else jahr
    # A draft follows its source: an earlier year has other Muster, parties and rules
    # (before the state's first Muster none at all), and a --jahr far ahead is a typo.
    wrong = (f"die Datei gilt schon für {old}" if new == old else
             f"Entwurf für {new} aus einer Vereinbarung für {old}: das Jahr des Entwurfs "
             f"muss nach {old} liegen" if new < old else
             f"Entwurf für {new}: mehr als {AHEAD} Jahre nach dem laufenden Jahr "
             f"{today.year}" if jahr is not None and new > today.year + AHEAD else "")
    if wrong:
        raise InputError([Problem(file, year_item[1].start_mark.line + 1,
                                  year_item[1].start_mark.column + 1, "jahr", wrong,
                                  "--jahr prüfen")])
    target = target_path(file, old, new)
    if target.exists():
        raise InputError([Problem(target, 0, 0, "", "Datei gibt es schon; zv next "
                                  "überschreibt nichts")])
    new_text = apply(text, _edits(text, items, old, new, today))
    mentions = sorted([*year_mentions(new_text, new), *comment_mentions(new_text, new),
                       *_budget(new_text, old)], key=lambda m: (m.line, m.column))
    return Draft(file, target, new_text, new, tuple(mentions))


def _budget(text: str, old: int) -> list[Mention]:
    """The budget figures of the source year: they are the new year's only by chance."""
    root = compose(text)
    found = []
    for path, (_, node) in (mapping_items(root) if root is not None else {}).items():
        if path[:1] == ("haushalt",) and len(path) == 2 and isinstance(node, yaml.ScalarNode):
            found.append(Mention(node.start_mark.line + 1, node.start_mark.column + 1, path,
                                 old, f"Haushaltsmittel {old}: {node.value}"))
    return found


def _value(node: yaml.Node, text: str) -> Edit:
    return Edit(node.start_mark.index, node.end_mark.index, text)


def _edits(text: str, items: dict[Path_, tuple[yaml.Node, yaml.Node]], old: int, new: int,
           today: dt.date) -> list[Edit]:
    edits = [_value(items[("jahr",)][1], str(new))]
    added = []
    for key, value in (("status", "entwurf"), ("stand", today.isoformat())):
        if (key,) in items:
            edits.append(_value(items[(key,)][1], value))
        else:
            added.append(f"{key}: {value}\n")
    if added:
        end_of_line = text.find("\n", items[("jahr",)][1].end_mark.index)
        at = len(text) if end_of_line < 0 else end_of_line + 1
        prefix = "\n" if end_of_line < 0 else ""
        edits.append(Edit(at, at, prefix + "".join(added)))
    for path, (_key, node) in items.items():
        if len(path) == 3 and path[0] == "unterzeichnung" and path[2] == "datum" and \
                isinstance(node, yaml.ScalarNode) and node.value:
            edits.append(_cleared(text, node))
    stichtag = items.get(("stichtag",))
    if stichtag is not None and stichtag[1].tag == "tag:yaml.org,2002:timestamp":
        edits.append(_value(stichtag[1], _shifted(stichtag[1].value, new - old)))
    kurzname = items.get(("kurzname",))
    if kurzname is not None and isinstance(kurzname[1], yaml.ScalarNode):
        name = kurzname[1]
        source = text[name.start_mark.index:name.end_mark.index]
        if str(old) in source:
            edits.append(_value(name, source.replace(str(old), str(new))))
    return edits


def _shifted(value: str, years: int) -> str:
    """An ISO date moved by whole years (29 February becomes 28 February)."""
    day = dt.date.fromisoformat(value[:10])
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return day.replace(year=day.year + years, day=28).isoformat()


def _cleared(text: str, node: yaml.Node) -> Edit:
    """A signature date removed, its key left empty for the date of the new signing."""
    start, end = node.start_mark.index, node.end_mark.index
    if text[start - 1:start] == " " and text[end:end + 1] in ("\n", ""):
        start -= 1  # no trailing blank after 'datum:' in block style
    return Edit(start, end, "")
