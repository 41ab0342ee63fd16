"""`zv init`: a ministry's or jobcenter's own project, with its own copies of a state's
files (state file, Muster, family texts, sentence forms, layout), so that the project
owns and versions its text and an upgrade of zv never changes a signed agreement.

Never overwrites: a file that exists is kept as it is. `changes` shows, as a diff, how
zv's built-in files differ from the project's copies, and copies nothing.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..files import write_file
from ..sources.problems import name_hint
from ..sources.project import PACKAGE_ROOT
from ..sources.resolve import state_family_of

BASE = "_base"
README = """\
# Zielvereinbarungen ({land})

Dieses Projekt wurde mit `zv init` angelegt. Es enthält eigene Kopien der Landesdatei,
der Muster und der Standardtexte; ein neues zv ändert an ihnen nichts.

- `agreements/<jahr>/{land}/<name>.yaml`: eine Datei je Vereinbarung
  (neu: `zv new TRAEGER --jahr JAHR`)
- `states/{land}.yaml`, `states/{land}/<jahr>.yaml`: Landesdatei und Muster der Jahre
- `templates/`: Standardtext (`bausteine.yaml`), Satzformen und Layout je Vorlagenfamilie
- `output/`: erstellte Dateien (nicht versioniert)

Häufige Befehle:

    zv status                  # alle Vereinbarungen auf einen Blick
    zv check agreements        # prüfen, ohne etwas zu schreiben
    zv render agreements       # Markdown, HTML, DOCX und PDF nach output/
    zv next agreements/{jahr}  # Entwürfe für das nächste Jahr
    zv init --update .         # was sich an den eingebauten Texten von zv geändert hat

Die Datei `zv-schema.json` gibt Editoren (z. B. VS Code mit der YAML-Erweiterung)
Vervollständigung und Prüfung der Felder.
"""
GITIGNORE = "output/\n"
EDITOR = {"yaml.schemas": {"./zv-schema.json": "agreements/**/*.yaml"}}


@dataclass(frozen=True)
class Plan:
    """What `zv init` would copy or write: (target relative to the project, content)."""

    land: str
    files: tuple[tuple[str, bytes], ...]


def builtin_states() -> list[str]:
    """The states zv brings along."""
    return sorted(p.stem for p in (PACKAGE_ROOT / "states").glob("*.yaml"))


def plan(land: str, schema: str) -> Plan:
    """Every file a new project for `land` gets: the state's files, its own family and
    every family that is no state's own (used in all states, as for gemeinsame
    Einrichtungen), the shared _base, and the project's README, .gitignore, editor
    settings and JSON Schema."""
    states = PACKAGE_ROOT / "states"
    known = builtin_states()
    if land not in known:
        raise InputError([Problem(Path("--land"), 0, 0, "land",
                                  f"zv kennt kein Land '{land}'", name_hint(land, known))])
    own = {name: state_family_of(states / f"{name}.yaml") for name in known}
    templates = PACKAGE_ROOT / "templates"
    families = sorted(p.name for p in templates.iterdir() if p.is_dir()
                      and not p.name.startswith((".", "_"))
                      and (p.name == own[land] or p.name not in own.values()))
    sources = [states / f"{land}.yaml", *sorted((states / land).glob("*.yaml"))]
    for family in (BASE, *families):
        sources += sorted(p for p in (templates / family).rglob("*")
                          if p.is_file() and "__pycache__" not in p.parts)
    files = [(p.relative_to(PACKAGE_ROOT).as_posix(), p.read_bytes()) for p in sources]
    jahr = max((int(p.stem[:4]) for p in (states / land).glob("*.yaml")
                if p.stem[:4].isdigit()), default=2024)
    files += [
        ("README.md", README.format(land=land, jahr=jahr).encode("utf-8")),
        (".gitignore", GITIGNORE.encode("utf-8")),
        (".vscode/settings.json", (json.dumps(EDITOR, indent=2) + "\n").encode("utf-8")),
        ("zv-schema.json", schema.encode("utf-8")),
        ("agreements/.gitkeep", b""),
    ]
    return Plan(land, tuple(files))


def init(folder: Path, the_plan: Plan) -> tuple[list[Path], list[Path]]:
    """Write the plan's files below `folder`; returns (written, kept as they were)."""
    written, kept = [], []
    for name, data in the_plan.files:
        target = folder / name
        if target.exists():
            kept.append(target)
            continue
        write_file(target, data)
        written.append(target)
    return written, kept


def changes(folder: Path, the_plan: Plan) -> list[str]:
    """How zv's built-in files differ from the project's copies, as unified diff lines;
    files the project lacks are named. Only the state's and the templates' files."""
    out: list[str] = []
    for name, data in the_plan.files:
        if not name.startswith(("states/", "templates/")):
            continue
        target = folder / name
        if not target.exists():
            out.append(f"neu in zv, fehlt im Projekt: {name}")
            continue
        mine = target.read_bytes()
        if mine == data:
            continue
        try:
            old, new = mine.decode("utf-8"), data.decode("utf-8")
        except UnicodeDecodeError:
            out.append(f"geändert (binär): {name}")
            continue
        out.extend(line.rstrip("\n") for line in difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            f"Projekt/{name}", f"zv/{name}"))
    return out
