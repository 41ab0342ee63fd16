"""What applies to all agreements of a year: the target table (as `zv table`) and next
year's drafts (as `zv next`), for the agreements found in the project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import api
from ..cycle import nextyear
from ..cycle import table as tables
from ..cycle.facts import Facts, facts
from ..errors import InputError, Problem, ZvError, os_message
from ..files import write_file
from ..sources.yamlread import format_path


@dataclass(frozen=True)
class Made:
    """One agreement's draft for the next year: written, or why not."""

    source: Path
    target: Path | None  # None: not written
    note: str
    mentions: tuple[str, ...] = ()  # "Zeile 12: praeambel.absaetze[1]: 2021: …" to check


def _of_year(files: list[Path], jahr: int) -> tuple[list[tuple[Path, Facts]], list[Problem]]:
    """The agreements of `jahr` with their facts; the problems of files that fail to
    load and lie in a folder named by the year (others cannot be told apart)."""
    found, problems = [], []
    for file in files:
        try:
            info = facts(api.load(file))
        except ZvError as exc:
            if str(jahr) in file.parts:
                problems.append(Problem(file, 0, 0, "", str(exc).splitlines()[0]))
            continue
        if info.jahr == jahr:
            found.append((file, info))
    return found, problems


def table(files: list[Path], jahr: int) -> bytes:
    """The XLSX of `zv table` for the agreements of a year; InputError if one is faulty."""
    found, problems = _of_year(files, jahr)
    if problems:
        raise InputError(problems)
    if not found:
        raise InputError([Problem(Path("."), 0, 0, "", f"keine Vereinbarung für {jahr}")])
    return tables.to_xlsx(tables.rows([info for _file, info in found]))


def drafts(files: list[Path], jahr: int, today: dt.date) -> list[Made]:
    """Next year's draft of every agreement of `jahr`; an existing file is never
    overwritten, a faulty agreement is named and left out."""
    found, problems = _of_year(files, jahr)
    made = [Made(p.file, None, f"nicht lesbar: {p.message}") for p in problems]
    for file, _info in found:
        try:
            draft = nextyear.draft(file, today)
        except InputError as exc:
            made.append(Made(file, None, "; ".join(p.message for p in exc.problems)))
            continue
        try:
            write_file(draft.target, draft.text.encode("utf-8"))
        except OSError as exc:
            made.append(Made(file, None, f"nicht geschrieben ({os_message(exc)})"))
            continue
        note = (f"angelegt; {len(draft.mentions)} Stellen nennen ein früheres Jahr, "
                "bitte prüfen:" if draft.mentions else "angelegt")
        mentions = tuple(f"Zeile {m.line}: {format_path(m.path) if m.path else 'Kommentar'}: "
                         f"{m.year}: {m.excerpt}" for m in draft.mentions)
        made.append(Made(file, draft.target, note, mentions))
    return made
