"""Which files one agreement depends on, found by the names it gives.

The agreement names its state (`land`), its year and optionally its family and Muster;
the state file names the default family; each Muster names its grundlage. `resolve`
follows these names and returns them as one frozen record of paths, so that the later
steps (read, validate, build the view) never go looking for a file again. `land` and
`familie` are names of existing files and folders, never paths.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem, SetupError
from ..model import Agreement, State
from .problems import name_hint
from .project import PACKAGE_ROOT, looked_up, project_root
from .validation import validate, validate_shared
from .yamlread import Located, load_shared, load_yaml, read_bytes

FAMILY_FILE = "bausteine.yaml"  # a family's standard text
SETTINGS_FILE = "familie.yaml"  # a family's settings (optional)
FAMILY_BASE = "familie"  # the grundlage that names the family's own text
FORMS = "saetze"  # the folder of sentence forms in a family or _base
_MUSTER_NAME = re.compile(r"(\d{4})(?:-([a-z0-9_]+))?")


@dataclass(frozen=True)
class Sources:
    """Every file one agreement depends on. The agreement itself is read already: its
    keys name all the others."""

    file: Path
    agreement: Located
    root: Path
    land: str
    jahr: int
    state_file: Path
    family: str  # the family whose text the agreement uses
    family_file: Path  # templates/<family>/bausteine.yaml
    settings_file: Path | None  # templates/<family>/familie.yaml, if the family has one
    muster: tuple[tuple[str, Path], ...]  # the Muster chain, oldest first; last: in force
    folders: tuple[Path, ...]  # templates of the family, then of _base
    source: bytes = b""  # the agreement's bytes as read: fingerprinted and checked as such

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Every file the document depends on, for watching and stamps."""
        return (self.file, self.state_file, self.family_file, *(f for _, f in self.muster))


def resolve(file: Path, data: bytes | None = None) -> Sources:
    """The agreement `file` (or `data`, the content it is about to get) with the paths of
    every file it depends on."""
    source = read_bytes(file) if data is None else data
    raw = load_yaml(file, source, keep_going=True)
    land, jahr = raw.data.get("land"), raw.data.get("jahr")
    if not isinstance(land, str) or not isinstance(jahr, int) or isinstance(jahr, bool):
        try:
            validate(Agreement, raw, file)  # reports what is wrong with land/jahr and more
            found = [Problem(file, 1, 1, "land", "Land und Jahr sind anzugeben")]
        except InputError as exc:
            found = exc.problems
        raise InputError(with_read_problems(raw, found))
    root = project_root(file.parent)
    state_file = named_file(raw, file, "land", land, root / "states", ".yaml", "Landesdatei")
    state_family = state_family_of(state_file)
    chosen = raw.data.get("familie")
    family = chosen if isinstance(chosen, str) else state_family
    # The family the state file names is its fault, not the agreement's.
    named_by = (raw, file) if isinstance(chosen, str) else (load_shared(state_file), state_file)
    folder = named_file(*named_by, "familie", family, root / "templates", "", "Vorlagenfamilie")
    muster = raw.data.get("muster")
    mark = raw.mark(("muster",))
    chain = muster_chain(root / "states", land, family, state_family, jahr,
                         str(muster) if muster is not None else None,
                         Problem(file, mark.line if mark else 0, mark.column if mark else 0,
                                 "muster", ""))
    settings = folder / SETTINGS_FILE
    return Sources(file, raw, root, land, jahr, state_file, family, family_file(folder),
                   settings if settings.is_file() else None, chain,
                   (folder, root / "templates" / "_base"), source)


def with_read_problems(raw: Located, problems: list[Problem]) -> list[Problem]:
    """`problems` with those of values that could not be read, in file order; a field
    that could not be read is not also reported as missing."""
    unread = {p.field for p in raw.problems}
    kept = [p for p in problems if p.field not in unread]
    return sorted([*raw.problems, *kept], key=lambda p: (str(p.file), p.line, p.column))


def named_file(raw: Located, file: Path, key: str, name: str, folder: Path, suffix: str,
               what: str) -> Path:
    """The file (suffix) or folder (no suffix) that `name` names in `folder`: only what
    exists there, never a path."""
    known = looked_up(("names", folder, suffix), lambda: sorted(
        p.stem if suffix else p.name for p in folder.glob("*" + suffix)
        if not p.name.startswith(("_", ".")) and (p.is_file() if suffix else p.is_dir())))
    if name in known:
        return folder / f"{name}{suffix}"
    mark = raw.mark((key,))
    builtin = PACKAGE_ROOT / folder.name / f"{name}{suffix}"
    hint = name_hint(name, known)
    if folder.parent != PACKAGE_ROOT and builtin.exists():
        land = name if suffix else "LAND"
        hint += (f"; zv bringt '{name}' mit: 'zv init {folder.parent} --land {land}' "
                 "kopiert die Dateien des Landes ins Projekt")
    raise InputError([Problem(file, mark.line if mark else 0, mark.column if mark else 0,
                              key, f"unbekannte {what} '{name}' (in {folder})", hint)])


def state_family_of(state_file: Path) -> str:
    """The state's default family; a state file without a valid one is reported whole."""
    family = load_shared(state_file).data.get("familie")
    if isinstance(family, str):
        return family
    return validate_shared(State, state_file)[0].familie


def family_file(folder: Path) -> Path:
    """The family's standard text; a family folder without one is a setup fault."""
    file = folder / FAMILY_FILE
    if not file.is_file():
        raise SetupError(f"{file}: der Standardtext der Vorlagenfamilie '{folder.name}' fehlt "
                         f"(jede Familie braucht {FAMILY_FILE})")
    return file


def muster_chain(states: Path, land: str, familie: str, state_family: str, jahr: int,
                 chosen: str | None = None, chosen_at: Problem | None = None
                 ) -> tuple[tuple[str, Path], ...]:
    """The Muster of `familie` from the oldest to the one in force: `chosen` by the
    agreement, else the latest Muster of a year up to `jahr`; each grundlage followed."""
    available = muster_files(states, land, familie, state_family)
    if chosen is not None and chosen not in available:
        where = chosen_at or Problem(states / land, 0, 0, "muster", "")
        raise InputError([Problem(where.file, where.line, where.column, where.field,
                                  f"unbekanntes Muster '{chosen}' für {land}/{familie}",
                                  name_hint(chosen, list(available)))])
    in_force = chosen or next((n for n in reversed(available) if int(n[:4]) <= jahr), None)
    return tuple((name, available[name]) for name in _chain(in_force, available))


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


def forms(folders: Sequence[Path]) -> set[str]:
    """Names of the sentence forms: saetze/<name>.md.j2 in the family's folders."""
    return set(looked_up(("forms", tuple(folders)), lambda: {
        file.name.removesuffix(".md.j2") for folder in folders
        for file in (folder / FORMS).glob("*.md.j2") if not file.name.startswith("_")}))
