"""A submitted form written into its agreement file, or refused with the reasons.

Only values that differ from the file are written, each at the source position of its
YAML node as `zv fill` does it (cycle.nextyear's edits): every other byte of the file
stays. A value the file does not hold yet is added to its mapping (a flow mapping
`{...}` gets `, key: value`, a block mapping a new line). Before anything is written,
the new text is checked like `zv check` in a hidden file beside the agreement (the
project's folders and names resolve as for the agreement itself); with errors nothing
is written. The form carries the file's fingerprint: a file changed since the form was
loaded is a conflict, and nothing is overwritten.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import api, lifetime
from ..cycle.nextyear import Edit, apply
from ..errors import InputError, Problem, ZvError, os_message
from ..files import write_file
from ..loaded import Loaded
from ..sources.yamlread import Path_, format_path
from . import fields as F
from . import prose
from . import yamlwrite as W

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Change:
    name: str
    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Outcome:
    """What became of a submitted form."""

    saved: bool = False
    conflict: bool = False
    changes: tuple[Change, ...] = ()
    errors: tuple[Problem, ...] = ()  # why nothing was written
    warnings: tuple[Problem, ...] = ()  # of the saved file, as zv check gives them
    remaining: tuple[Problem, ...] = ()  # errors the file had before and still has
    entered: dict[str, str] = field(default_factory=dict)  # to show again when refused


def load_quietly(file: Path) -> tuple[Loaded | None, list[Problem], list[Problem]]:
    """The agreement with its warnings, or None with its errors."""
    try:
        loaded = api.load(file)
        warnings = api.check(file)
    except InputError as exc:  # the warnings that come with errors stay warnings
        return None, [p for p in exc.problems if not p.warning] or [
            Problem(file, 0, 0, "", str(exc))], [p for p in exc.problems if p.warning]
    except ZvError as exc:
        return None, [Problem(file, 0, 0, "", str(exc))], []
    return loaded, [], warnings


def save(file: Path, submitted: Mapping[str, str], seen: str) -> Outcome:
    """Write what `submitted` changes in `file`, loaded with fingerprint `seen`."""
    with _lock(file):
        try:
            data = file.read_bytes()
        except OSError:
            return Outcome(conflict=True)  # removed or renamed meanwhile
        if fingerprint(data) != seen:
            return Outcome(conflict=True)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return Outcome(errors=(Problem(file, 0, 0, "", "Datei ist nicht in UTF-8 "
                                           "gespeichert"),))
        loaded, before, _warnings = load_quietly(file)
        form = F.form(text, loaded, file)
        entered = {k: v for k, v in submitted.items() if k in form.fields()}
        if form.locked:
            return Outcome(errors=(Problem(file, 0, 0, "", form.locked),), entered=entered)
        edits, changes, problems = plan(file, text, form, entered)
        if problems:
            return Outcome(errors=tuple(problems), entered=entered)
        if not edits:
            return Outcome(saved=True)
        new_text = apply(text, edits)
        if not W.only_these(text, new_text, {F.path_of(c.name) for c in changes}):
            return Outcome(errors=(Problem(file, 0, 0, "", "zv kann diese Änderung nicht "
                                           "sicher in die Datei schreiben; bitte in der "
                                           "Datei selbst ändern"),), entered=entered)
        try:
            errors, warnings = check_text(file, new_text)
        except OSError as exc:
            return Outcome(errors=(_unwritable(file, exc),), entered=entered)
        # A draft from zv new has its open fields as errors: filling some of them is
        # progress. Only an error the file did not have before refuses the change.
        known = {(p.field, p.message) for p in before}
        if any((p.field, p.message) not in known for p in errors):
            return Outcome(errors=tuple(p for p in errors if (p.field, p.message) not in known),
                           entered=entered)
        if fingerprint(file.read_bytes()) != seen:
            return Outcome(conflict=True, entered=entered)
        try:
            write_file(file, new_text.encode("utf-8"))
        except OSError as exc:  # read-only folder, a file held open by another program
            return Outcome(errors=(_unwritable(file, exc),), entered=entered)
        return Outcome(saved=True, changes=tuple(changes), warnings=tuple(warnings),
                       remaining=tuple(errors))


def _unwritable(file: Path, exc: OSError) -> Problem:
    return Problem(file, 0, 0, "", f"Datei kann nicht geschrieben werden "
                   f"({os_message(exc)}); nichts wurde geändert")


def _text(file: Path, text: str, items: F.Items, known: F.Field, wanted: str,
          edits: list[Edit], changes: list[Change], problems: list[Problem]) -> None:
    """The edit of an own text, if it changed (see prose.py)."""
    value = prose.normal(wanted)
    if value == prose.normal(known.value):
        return
    path = F.path_of(known.name)
    node = prose.node_at(items, path)
    if not value:
        problems.append(Problem(file, 0, 0, format_path(path), "leer lassen ist hier nicht "
                                "möglich; einen ganzen Absatz bitte in der Datei entfernen"))
        return
    found = prose.edit(text, items, path, node, value) if isinstance(
        node, yaml.ScalarNode) else None
    if found is None or node is None:
        problems.append(Problem(file, 0, 0, format_path(path), "zv kann diesen Text nicht "
                                "sicher schreiben; bitte in der Datei ändern"))
        return
    edits.append(found)
    changes.append(Change(known.name, node.start_mark.line + 1, known.value, value))


def _lock(file: Path) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(file.resolve(), threading.Lock())


def check_text(file: Path, text: str) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings of `text` as the content of `file`, without touching it."""
    # Hidden and without '.yaml', so that `zv render agreements/` or a listing running
    # meanwhile does not take it for an agreement.
    fd, name = tempfile.mkstemp(prefix=lifetime.temp_file_prefix(file.name),
                                dir=file.parent)
    staged = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        try:
            warnings = api.check(staged)
        except InputError as exc:  # the warnings that come with errors stay warnings
            errors = [_renamed(p, staged, file) for p in exc.problems if not p.warning]
            return errors or [
                Problem(file, 0, 0, "", str(exc).replace(str(staged), str(file)))], [
                _renamed(p, staged, file) for p in exc.problems if p.warning]
        except ZvError as exc:
            return [Problem(file, 0, 0, "", str(exc).replace(str(staged), str(file)))], []
        return [], [_renamed(p, staged, file) for p in warnings]
    finally:
        staged.unlink(missing_ok=True)


def _renamed(problem: Problem, staged: Path, file: Path) -> Problem:
    if problem.file != staged:
        return problem
    return Problem(file, problem.line, problem.column, problem.field, problem.message,
                   problem.hint, problem.warning)


def plan(file: Path, text: str, form: F.Form, entered: Mapping[str, str]
         ) -> tuple[list[Edit], list[Change], list[Problem]]:
    """The edits for every changed value; problems name the field they belong to."""
    items = F.items_of(text)
    edits: list[Edit] = []
    changes: list[Change] = []
    problems: list[Problem] = []
    missing: dict[Path_, str] = {}  # path not in the file -> YAML text of its value
    for name, wanted in entered.items():
        known = form.fields()[name]
        if known.kind == F.PROSE:
            _text(file, text, items, known, wanted, edits, changes, problems)
            continue
        value = wanted.strip()
        if value == known.value.strip():
            continue
        path = F.path_of(name)
        where = format_path(path)
        found = items.get(path)
        node = found[1] if found is not None else None
        if not value:
            if node is not None and isinstance(node, yaml.ScalarNode) and \
                    known.kind in (F.DATE, F.DAY, F.LIMIT, F.TEXT):
                edits.append(W.cleared(text, node))
                changes.append(Change(name, node.start_mark.line + 1, known.value, ""))
            else:
                problems.append(Problem(file, 0, 0, where, "ein Wert ist nötig"
                                        if known.kind in (F.NUMBER, F.WHOLE) else
                                        "leer lassen ist hier nicht möglich"))
            continue
        try:
            written = W.written(known, value, node, text)
        except ValueError as exc:
            problems.append(Problem(file, 0, 0, where, str(exc)))
            continue
        if node is not None and isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            if W.in_flow(items, path):
                written = W.flow_safe(written, value)
            if start == end and text[start - 1:start] == ":":
                written = " " + written  # an empty 'datum:' gets its value after a blank
            edits.append(Edit(start, end, written))
            changes.append(Change(name, node.start_mark.line + 1, known.value, value))
        elif node is None:
            # may land in a flow mapping `{...}`, new or existing
            missing[path] = W.flow_safe(written, value)
            changes.append(Change(name, 0, "", value))
        else:
            problems.append(Problem(file, 0, 0, where, "steht in der Datei nicht als "
                                    "einfacher Wert; bitte in der Datei ändern"))
    for anchor, paths in W.anchors(items, missing).items():
        edit = W.inserted(text, items, anchor, {p[len(anchor):]: missing[p] for p in paths})
        if edit is None:
            problems.extend(Problem(file, 0, 0, format_path(p), "steht noch nicht in der "
                                    "Datei und kann hier nicht ergänzt werden; bitte in der "
                                    "Datei ergänzen") for p in paths)
        else:
            edits.append(edit)
    return edits, changes, problems
