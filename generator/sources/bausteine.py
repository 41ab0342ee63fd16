"""The standard text of an agreement as an ordered list of named clauses (Bausteine).

A family's base text (templates/<familie>/bausteine.yaml) names every heading, paragraph
and list. A state's Muster of a year (states/<land>/<jahr>.yaml, or <jahr>-<familie>.yaml
for a family other than the state's own) names only what changed against its grundlage:
the Muster before it, or the family's text. An agreement may change clauses too. The
result is one list of clauses in document order, each knowing where its text comes from,
so errors and `zv bausteine` can point there.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError, Problem, SetupError
from ..files import looked_up
from ..model import EigenerBaustein, Familientext, Muster, MusterBaustein
from .validation import validate_shared
from .yamlread import Located, Path_, format_path, load_shared

FAMILY_FILE = "bausteine.yaml"
FAMILY_BASE = "familie"  # the grundlage that names the family's own text
_MUSTER_NAME = re.compile(r"(\d{4})(?:-([a-z0-9_]+))?")


@dataclass(frozen=True)
class Klausel:
    """One named clause: a template (family, Muster) or finished Markdown (agreement)."""

    name: str
    text: str
    wenn: str | None
    vorlage: bool
    quelle: Path
    zeile: int
    stand: str  # who gave the current text: "Familie nrw", "Muster 2021", "Vereinbarung"


@dataclass(frozen=True)
class Standardtext:
    """The clauses in force for one family and year, and the year's data of the Muster."""

    familie: str
    text: Familientext
    muster: str | None  # name of the Muster in force, None: the family's text
    klauseln: tuple[Klausel, ...]
    werte: Located | None  # `werte` of the Muster, for agreements of its own year
    dateien: tuple[Path, ...]  # every file the text was read from, family first
    # Fields the Muster in force sets for its own year (also when that year is earlier).
    werte_felder: tuple[str, ...] = ()


def muster_files(states: Path, land: str, familie: str, state_family: str) -> dict[str, Path]:
    """The Muster of a state for one family by name ("2021", "2016-ge"), oldest first."""
    return dict(looked_up(("muster_files", states, land, familie, state_family),
                          lambda: _muster_files(states, land, familie, state_family)))


def _muster_files(states: Path, land: str, familie: str, state_family: str
                  ) -> dict[str, Path]:
    folder = states / land
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for file in sorted(folder.glob("*.yaml")):
        match = _MUSTER_NAME.fullmatch(file.stem)
        if match and (match.group(2) or state_family) == familie:
            found[file.stem] = file
    return dict(sorted(found.items(), key=lambda item: item[0][:4]))


def is_muster_file(file: Path) -> bool:
    """states/<land>/<jahr>.yaml or <jahr>-<familie>.yaml."""
    return (file.parent.parent.name == "states" and file.suffix == ".yaml"
            and _MUSTER_NAME.fullmatch(file.stem) is not None)


def muster_key(stem: str, state_family: str) -> tuple[int, str]:
    """The year and family a Muster file name stands for."""
    match = _MUSTER_NAME.fullmatch(stem)
    assert match is not None
    return int(match.group(1)), match.group(2) or state_family


def name_hint(name: str, names: list[str], word: str = "erlaubt", cutoff: float = 0.6) -> str:
    """Close matches first, then every allowed name: never a single misleading guess."""
    close = difflib.get_close_matches(name, names, n=3, cutoff=cutoff)
    listing = f"{word}: " + ", ".join(names) if names else "keine vorhanden"
    if close:
        return "meinten Sie " + " oder ".join(f"'{c}'" for c in close) + "? " + listing
    return listing


def family_text(folder: Path) -> tuple[Familientext, Located, Path]:
    file = folder / FAMILY_FILE
    if not file.is_file():
        raise SetupError(f"{file}: der Standardtext der Vorlagenfamilie '{folder.name}' fehlt "
                         f"(jede Familie braucht {FAMILY_FILE})")
    text, located = validate_shared(Familientext, file)
    return text, located, file


def standard_text(folder: Path, states: Path, land: str, state_family: str, jahr: int,
                  chosen: str | None = None, chosen_at: Problem | None = None) -> Standardtext:
    """The clauses of family `folder.name` for `jahr`, after every Muster up to the one in
    force: `chosen` by the agreement, else the latest Muster of a year up to `jahr`."""
    familie = folder.name
    text, located, file = family_text(folder)
    klauseln = [Klausel(name, b.text, b.wenn, True, file,
                        _line(located, ("bausteine", name)), f"Familie {familie}")
                for name, b in text.bausteine.items()]
    available = muster_files(states, land, familie, state_family)
    if chosen is not None and chosen not in available:
        where = chosen_at or Problem(file, 0, 0, "muster", "")
        raise InputError([replace(where, message=f"unbekanntes Muster '{chosen}' für "
                                  f"{land}/{familie}", hint=name_hint(chosen, list(available)))])
    in_force = chosen or next((n for n in reversed(available) if int(n[:4]) <= jahr), None)
    chain = _chain(in_force, available)
    files = [file]
    werte = None
    felder: tuple[str, ...] = ()
    problems: list[Problem] = []
    for name in chain:
        muster_file = available[name]
        muster, raw = validate_shared(Muster, muster_file)
        files.append(muster_file)
        klauseln = apply(klauseln, muster.bausteine, raw, ("bausteine",), muster_file,
                         f"Muster {name}", problems)
        if name == in_force:
            felder = tuple(muster.werte)
        if name == in_force and int(name[:4]) == jahr and muster.werte:
            werte = Located(raw.data["werte"], {p[1:]: m for p, m in raw.marks.items()
                                                 if p[:1] == ("werte",)})
    if problems:
        raise InputError(problems)
    return Standardtext(familie, text, in_force, tuple(klauseln), werte, tuple(files), felder)


def _chain(in_force: str | None, available: Mapping[str, Path]) -> list[str]:
    """The Muster from the oldest to the one in force, following each grundlage."""
    chain: list[str] = []
    name = in_force
    while name is not None:
        if name in chain:
            raise InputError([Problem(available[name], 0, 0, "grundlage",
                                      "Kreis in den Grundlagen: " + " -> ".join([*chain, name]))])
        chain.append(name)
        raw = load_shared(available[name])
        grundlage = raw.data.get("grundlage")
        grundlage = str(grundlage) if isinstance(grundlage, int) else grundlage
        if grundlage == FAMILY_BASE:
            break
        if grundlage is None:
            earlier = [n for n in available if n[:4] < name[:4]]
            name = earlier[-1] if earlier else None
        elif isinstance(grundlage, str) and grundlage in available:
            name = grundlage
        else:
            mark = raw.mark(("grundlage",))
            raise InputError([Problem(available[chain[-1]], mark.line if mark else 0,
                                      mark.column if mark else 0, "grundlage",
                                      f"unbekanntes Muster '{grundlage}'",
                                      name_hint(str(grundlage),
                                                [FAMILY_BASE, *available]))])
    return list(reversed(chain))


def _line(located: Located, path: Path_) -> int:
    mark = located.mark(path)
    return mark.line if mark else 0


def apply(klauseln: list[Klausel], changes: Mapping[str, MusterBaustein | EigenerBaustein],
          located: Located, where: Path_, file: Path, stand: str,
          problems: list[Problem]) -> list[Klausel]:
    """`klauseln` with `changes` applied in order: replace, move, insert, drop."""
    out = list(klauseln)

    def problem(path: Path_, message: str, hint: str = "") -> None:
        mark = located.mark(path)
        problems.append(Problem(mark.file if mark else file, mark.line if mark else 0,
                                mark.column if mark else 0, format_path(path), message, hint))

    for name, change in changes.items():
        path = (*where, name)
        names = [k.name for k in out]
        if change.streichen:
            if name in names:
                out.pop(names.index(name))
            else:
                problem(path, f"unbekannter Baustein '{name}'", name_hint(name, names))
            continue
        anchor_key = "vor" if change.vor is not None else "nach"
        anchor = change.vor if change.vor is not None else change.nach
        others = [n for n in names if n != name]
        if anchor is not None and anchor not in others:
            problem((*path, anchor_key), f"unbekannter Baustein '{anchor}'",
                    name_hint(anchor, others))
            continue
        vorlage = isinstance(change, MusterBaustein)
        if name in names:
            old = out.pop(names.index(name))
            new = old
            if change.text is not None:
                # An agreement's own text always stands; a Muster keeps the condition
                # unless it gives a new one.
                wenn = (change.wenn or old.wenn) if isinstance(change, MusterBaustein) else None
                new = replace(old, text=change.text, wenn=wenn, vorlage=vorlage, quelle=file,
                              zeile=_line(located, path), stand=stand)
            elif isinstance(change, MusterBaustein) and change.wenn is not None:
                new = replace(old, wenn=change.wenn)
            position = names.index(name) if anchor is None else _position(out, change)
            out.insert(position, new)
        elif change.text is None:
            problem(path, f"unbekannter Baustein '{name}'", name_hint(name, names))
        elif anchor is None:
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            problem(path, f"unbekannter Baustein '{name}': ein neuer Baustein braucht 'vor' "
                    "oder 'nach'", name_hint(name, names) if close else
                    "z. B. 'nach: " + names[-1] + "'" if names else "")
        else:
            wenn = change.wenn if isinstance(change, MusterBaustein) else None
            out.insert(_position(out, change),
                       Klausel(name, change.text, wenn, vorlage, file, _line(located, path),
                               stand))
    return out


def _position(klauseln: list[Klausel], change: MusterBaustein | EigenerBaustein) -> int:
    names = [k.name for k in klauseln]
    if change.vor is not None:
        return names.index(change.vor)
    assert change.nach is not None
    return names.index(change.nach) + 1


def first_words(text: str, limit: int = 70) -> str:
    """The beginning of a clause for listings, on one line."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
