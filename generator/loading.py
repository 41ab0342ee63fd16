"""YAML with positions, and the merge of state defaults into an agreement.

PyYAML's composer gives every node a start mark; we build plain Python data from the
nodes ourselves so that each value keeps the file, line and column it came from. Floats
become Decimal from their source text, so "15.40" keeps its two places.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    file: Path
    line: int
    column: int


@dataclass
class Located:
    """Plain data plus where each path of it was written."""

    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, path: Path_) -> Mark | None:
        """The mark of `path`, or of its closest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(tuple(path[:end]))
            if found is not None:
                return found
        return None


_constructor = yaml.constructor.SafeConstructor()
# libyaml's parser where available: the same nodes and marks, several times faster.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# PyYAML's messages are English; these are the ones a clerk meets.
_YAML_MESSAGES = (
    ("mapping values are not allowed", "hier ist kein 'feld: wert' möglich"),
    ("could not find expected ':'", "':' nach dem Feldnamen erwartet"),
    ("cannot start any token", "Zeichen ist hier nicht erlaubt (Tabulator? bitte Leerzeichen)"),
    ("expected <block end>", "Einrückung passt nicht zu den Zeilen darüber"),
    ("did not find expected key", "Feldname erwartet; Einrückung prüfen"),
    ("did not find expected '-' indicator", "Listeneintrag mit '- ' erwartet"),
    ("found unexpected end of stream", "Datei endet mitten in einem Wert "
     "(Anführungszeichen nicht geschlossen?)"),
    ("found undefined alias", "unbekannter Verweis (*name)"),
    ("expected alphabetic or numeric character", "Text, der mit '*' oder '&' beginnt, "
     "in Anführungszeichen setzen"),
    ("found unknown escape character", "unbekanntes Escape-Zeichen in Anführungszeichen "
     "(Backslash verdoppeln oder einfache Anführungszeichen verwenden)"),
)


def _yaml_message(problem: str) -> str:
    for english, german in _YAML_MESSAGES:
        if english in problem:
            return german
    return problem


def _mark(file: Path, node: yaml.Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    if node.tag == "tag:yaml.org,2002:float":
        try:
            number = Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            return _constructor.construct_object(node)
        return number if number.is_finite() else _constructor.construct_object(node)
    return _constructor.construct_object(node)


def _build(file: Path, node: yaml.Node, path: Path_, out: Located,
           problems: list[Problem]) -> Any:
    out.marks[path] = _mark(file, node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                # Typically "{wert: 3,1}": in braces the comma ends the value, "1" is a key.
                problems.append(Problem(
                    file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    format_path(path), f"ungültiger Feldname {key_node.value!r}" if isinstance(
                        key_node, yaml.ScalarNode) else "ungültiger Feldname",
                    "Zahlen mit Komma in geschweiften Klammern in Anführungszeichen setzen: "
                    "wert: \"3,1\""))
                continue
            if key in result:
                problems.append(_problem(
                    file, key_node, (*path, key),
                    f"Feld '{key}' steht mehrfach in diesem Abschnitt"))
                continue
            child = (*path, key)
            value = _build(file, value_node, child, out, problems)
            out.marks[child] = _mark(file, key_node)
            if value is None:
                continue  # "feld:" left empty means not given, as a clerk would expect
            result[key] = value
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(file, item, (*path, i), out, problems)
                for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node)


def _problem(file: Path, node: yaml.Node, path: Path_, message: str) -> Problem:
    mark = _mark(file, node)
    return Problem(file, mark.line, mark.column, format_path(path), message)


def format_path(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(file: Path) -> Located:
    """Read one YAML file; raises InputError naming file and line for any problem."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(file, 0, 0, "", "Datei nicht gefunden")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(file, 0, 0, "",
                                  f"Datei ist nicht UTF-8-kodiert (Byte {exc.start})")]) from None
    except OSError as exc:
        raise InputError([Problem(file, 0, 0, "",
                                  f"Datei kann nicht gelesen werden: {exc.strerror}")]) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = _yaml_message(exc.problem or exc.context or "unbekannter Fehler")
        raise InputError([Problem(file, line, column, "",
                                  f"YAML-Syntaxfehler: {what}",
                                  hint="Einrückung und Doppelpunkte prüfen")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, 0, 0, "", f"YAML-Fehler: {exc}")]) from None
    out = Located(None)
    if node is None:
        raise InputError([Problem(file, 1, 1, "", "Datei ist leer")])
    problems: list[Problem] = []
    out.data = _build(file, node, (), out, problems)
    if problems:
        raise InputError(problems)
    if not isinstance(out.data, dict):
        raise InputError([Problem(file, 1, 1, "",
                                  "erwartet wird eine Zuordnung 'feld: wert' auf oberster Ebene")])
    return out


_CACHE: dict[Path, tuple[tuple[int, int], Located]] = {}


def load_shared(file: Path) -> Located:
    """`load_yaml` for files many agreements share (state, Muster, family text): parsed
    once per process while the file is unchanged (same size and modification time).
    The result is shared: callers must not change it (`merge` and `sub` do not)."""
    try:
        stat = file.stat()
    except OSError:
        return load_yaml(file)  # reports the problem with the file's name
    key, stamp = file.resolve(), (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    located = load_yaml(file)
    _CACHE[key] = (stamp, located)
    return located


def merge(base: Located, override: Located) -> Located:
    """Deep-merge mappings; `override` wins, lists are replaced whole.

    Marks follow the value that survives, so an error in a default points into the
    state file and an error in the agreement into the agreement.
    """
    result = Located(copy.deepcopy(base.data), dict(base.marks))

    def walk(target: dict[Any, Any], source: dict[Any, Any], path: Path_) -> None:
        for key, value in source.items():
            child = (*path, key)
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                walk(target[key], value, child)
                result.marks[child] = override.marks.get(child, result.marks.get(child))  # type: ignore[assignment]
                continue
            for stale in [p for p in result.marks if p[: len(child)] == child]:
                del result.marks[stale]
            target[key] = copy.deepcopy(value)
            result.marks.update({p: m for p, m in override.marks.items()
                                 if p[: len(child)] == child})

    walk(result.data, override.data, ())
    result.marks[()] = override.marks.get((), result.marks.get(()))  # type: ignore[assignment]
    return result


def sub(located: Located, path: Path_) -> Located:
    """The part of `located` below `path`, with its marks re-rooted."""
    data = located.data
    for part in path:
        data = data[part]
    n = len(path)
    return Located(data, {p[n:]: m for p, m in located.marks.items() if p[:n] == path})
