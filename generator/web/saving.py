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

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .. import api, lifetime
from ..cycle.fill import _int, _number, _styled
from ..cycle.nextyear import Edit, apply
from ..errors import InputError, Problem, ZvError, os_message
from ..files import write_file
from ..loaded import Loaded
from ..model import full_date
from ..sources.yamlread import Path_, format_path
from . import fields as F

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()
# A plain scalar inside {...} must not hold these; elsewhere YAML reads them as text.
_FLOW = re.compile(r"[,\[\]{}]")


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
    except InputError as exc:
        return None, exc.problems or [Problem(file, 0, 0, "", str(exc))], []
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
        if not only_these(text, new_text, {F.path_of(c.name) for c in changes}):
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


def only_these(text: str, new_text: str, paths: set[Path_]) -> bool:
    """Whether `new_text` holds the same data as `text` except at `paths`, each of them a
    single value (no new structure): the last guard against a value that YAML would read
    as more than the clerk typed."""
    try:
        old, new = yaml.safe_load(text), yaml.safe_load(new_text)
    except yaml.YAMLError:
        return False
    for path in paths:
        value = _take(new, path)
        if isinstance(value, dict | list) or value is _MISSING:
            return False
        _put(old, path, value)
    return bool(old == new)


_MISSING = object()


def _take(data: object, path: Path_) -> object:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return _MISSING
    return data


def _put(data: object, path: Path_, value: object) -> None:
    for part in path[:-1]:
        if isinstance(data, dict):
            data = data.setdefault(part, {})
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return
    if isinstance(data, dict):
        data[path[-1]] = value
    elif isinstance(data, list) and isinstance(path[-1], int) and path[-1] < len(data):
        data[path[-1]] = value


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
        except InputError as exc:
            return [_renamed(p, staged, file) for p in exc.problems] or [
                Problem(file, 0, 0, "", str(exc).replace(str(staged), str(file)))], []
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
                edits.append(_cleared(text, node))
                changes.append(Change(name, node.start_mark.line + 1, known.value, ""))
            else:
                problems.append(Problem(file, 0, 0, where, "ein Wert ist nötig"
                                        if known.kind in (F.NUMBER, F.WHOLE) else
                                        "leer lassen ist hier nicht möglich"))
            continue
        try:
            written = _written(known, value, node, text)
        except ValueError as exc:
            problems.append(Problem(file, 0, 0, where, str(exc)))
            continue
        if node is not None and isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            if _in_flow(items, path):
                written = _flow_safe(written, value)
            if start == end and text[start - 1:start] == ":":
                written = " " + written  # an empty 'datum:' gets its value after a blank
            edits.append(Edit(start, end, written))
            changes.append(Change(name, node.start_mark.line + 1, known.value, value))
        elif node is None:
            # may land in a flow mapping `{...}`, new or existing
            missing[path] = _flow_safe(written, value)
            changes.append(Change(name, 0, "", value))
        else:
            problems.append(Problem(file, 0, 0, where, "steht in der Datei nicht als "
                                    "einfacher Wert; bitte in der Datei ändern"))
    for anchor, paths in _anchors(items, missing).items():
        edit = _inserted(text, items, anchor, {p[len(anchor):]: missing[p] for p in paths})
        if edit is None:
            problems.extend(Problem(file, 0, 0, format_path(p), "steht noch nicht in der "
                                    "Datei und kann hier nicht ergänzt werden; bitte in der "
                                    "Datei ergänzen") for p in paths)
        else:
            edits.append(edit)
    return edits, changes, problems


def _anchors(items: F.Items, missing: Mapping[Path_, str]) -> dict[Path_, list[Path_]]:
    """The missing paths by the deepest mapping of the file above them ((): the top),
    so that two new keys under one new mapping make one mapping, not two."""
    found: dict[Path_, list[Path_]] = {}
    for path in missing:
        anchor = path[:-1]
        while anchor and anchor not in items:
            anchor = anchor[:-1]
        found.setdefault(anchor, []).append(path)
    return found


def _written(known: F.Field, value: str, node: yaml.Node | None, text: str) -> str:
    """The YAML text for `value` of an input; ValueError in German if bad."""
    kind = known.kind
    if "\n" in value or "\r" in value:
        raise ValueError("nur eine Zeile ist möglich")
    if kind in (F.NUMBER, F.WHOLE):
        number = _number(value)
        if number is None or (kind == F.WHOLE and _int(value) is None):
            raise ValueError(f"'{value}' ist keine {'ganze ' if kind == F.WHOLE else ''}Zahl"
                             " (Beispiel: 15,4)")
        new: Decimal | int = int(number) if kind == F.WHOLE else number
        if isinstance(node, yaml.ScalarNode) and node.value:
            return _styled(node, new, text)
        return str(new).replace(".", ",")
    if known.options():
        allowed = [c for c, _ in known.options() if c]
        if value not in allowed:
            raise ValueError(f"'{value}' ist nicht möglich, nur: {', '.join(allowed)}")
        return _scalar(value)
    if kind in (F.DATE, F.DAY):
        day = _date(value)
        if day is None:
            raise ValueError(f"'{value}' ist kein Datum (Beispiel: 21.12.2020)")
        iso = kind == F.DAY or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
        return day.isoformat() if iso else _scalar(value)
    return _scalar(value)


def _date(value: str) -> dt.date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return full_date(value)


def _scalar(value: str) -> str:
    """`value` as a YAML string: plain where YAML reads it back as this text, else in
    double quotes (JSON's escaping is YAML's)."""
    try:
        plain = yaml.safe_load(f"k: {value}\n")
    except yaml.YAMLError:
        plain = None
    if plain == {"k": value} and value == value.strip() and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow_safe(written: str, value: str) -> str:
    """`written` as it may stand inside `{...}`: quoted if it holds a flow indicator."""
    if written[:1] in "'\"" or not (_FLOW.search(written) or ":" in written):
        return written
    return json.dumps(value, ensure_ascii=False)


def _in_flow(items: F.Items, path: Path_) -> bool:
    parent = items.get(path[:-1])
    return parent is not None and bool(getattr(parent[1], "flow_style", False))


def _cleared(text: str, node: yaml.Node) -> Edit:
    start, end = node.start_mark.index, node.end_mark.index
    if text[start - 1:start] == " " and text[end:end + 1] in ("\n", ""):
        start -= 1
    return Edit(start, end, "")


def _inserted(text: str, items: F.Items, anchor: Path_,
              below: Mapping[Path_, str]) -> Edit | None:
    """New keys in the mapping at `anchor` (the top level for ()), each new mapping
    below it written as a flow mapping `{key: value}`. None where `anchor` is no mapping
    or a new path would need a list position."""
    tree: dict[str, object] = {}
    for rest, value in below.items():
        if any(not isinstance(part, str) for part in rest):
            return None
        level = tree
        for part in rest[:-1]:
            nested = level.setdefault(str(part), {})
            if not isinstance(nested, dict):
                return None
            level = nested
        level[str(rest[-1])] = value
    entries = [(key, _flow(value)) for key, value in tree.items()]
    if anchor == ():
        return _top(text, items, entries)
    return _into(text, items[anchor][1], entries)


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return str(value)


def _top(text: str, items: F.Items, entries: list[tuple[str, str]]) -> Edit | None:
    """New top-level keys after the line of `jahr` (where zv next puts status and stand)."""
    year = items.get(("jahr",))
    if year is None:
        return None
    eol = "\r\n" if "\r\n" in text else "\n"
    line_end = text.find("\n", year[1].end_mark.index)
    at = len(text) if line_end < 0 else line_end + 1
    prefix = eol if line_end < 0 else ""
    return Edit(at, at, prefix + "".join(f"{k}: {v}{eol}" for k, v in entries))


def _into(text: str, node: yaml.Node, entries: list[tuple[str, str]]) -> Edit | None:
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return None
    if node.flow_style:
        close = node.end_mark.index - 1
        if text[close:close + 1] != "}":
            return None
        at = len(text[:close].rstrip())
        return Edit(at, at, "".join(f", {k}: {v}" for k, v in entries))
    first_key, _ = node.value[0]
    _, last = node.value[-1]
    indent = " " * first_key.start_mark.column
    end = last.end_mark.index
    if text[end - 1:end] != "\n":
        line_end = text.find("\n", end)
        end = len(text) if line_end < 0 else line_end + 1
    eol = "\r\n" if "\r\n" in text else "\n"
    prefix = "" if text[end - 1:end] in ("\n", "") else eol
    return Edit(end, end, prefix + "".join(f"{indent}{k}: {v}{eol}" for k, v in entries))
