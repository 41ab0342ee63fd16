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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError, Problem
from ..model import EigenerBaustein, Familientext, Muster, MusterBaustein
from .problems import name_hint
from .validation import validate_shared
from .yamlread import Located, Path_, format_path


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


def standard_text(family_file: Path, chain: Sequence[tuple[str, Path]], jahr: int
                  ) -> Standardtext:
    """The clauses of the family text `family_file` after every Muster of `chain` (oldest
    first, the last one in force) has changed them, and the data the Muster in force
    gives its own year."""
    familie = family_file.parent.name
    text, located = validate_shared(Familientext, family_file)
    klauseln = [Klausel(name, b.text, b.wenn, True, family_file,
                        _line(located, ("bausteine", name)), f"Familie {familie}")
                for name, b in text.bausteine.items()]
    in_force = chain[-1][0] if chain else None
    files = [family_file]
    werte = None
    felder: tuple[str, ...] = ()
    problems: list[Problem] = []
    for name, muster_file in chain:
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
