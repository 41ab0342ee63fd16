"""YAML with positions, and the merge of state defaults into an agreement.

PyYAML's composer gives every node a start mark; we build plain Python data from the
nodes ourselves so that each value keeps the file, line and column it came from. Floats
become Decimal from their source text, so "15.40" keeps its two places.
"""

from __future__ import annotations

import copy
import os
import stat
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem, os_message
from ..files import MAX_BYTES as MAX_BYTES
from ..model.values import MAX_DIGITS, number_problem

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
    # Values that could not be read (keep_going): left out of `data`, reported with the
    # problems validation finds, so that a clerk sees all of them at once.
    problems: list[Problem] = field(default_factory=list)

    def mark(self, path: Path_) -> Mark | None:
        """The mark of `path`, or of its closest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(tuple(path[:end]))
            if found is not None:
                return found
        return None


_constructor = yaml.constructor.SafeConstructor()
# Bounds that no agreement comes near but that keep hostile files cheap: an alias bomb
# ("&a [*a, *a, ...]" nested) expands to billions of values from a few lines.
MAX_VALUES = 100_000
MAX_DEPTH = 100
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
    ("exceeded maximum nesting depth", "zu tief verschachtelt"),
    ("did not find expected <document start>", "Text nach dem Ende der Daten; Einrückung "
     "oder '---' prüfen"),
    ("did not find expected comment or line break", "nach diesem Wert ist nur ein "
     "Kommentar (#) oder das Zeilenende erlaubt"),
    ("did not find expected node content", "hier fehlt ein Wert"),
    ("found a tab character", "Tabulator statt Leerzeichen in der Einrückung"),
    ("did not find expected ',' or '}'", "',' oder '}' erwartet (geschweifte Klammer "
     "nicht geschlossen?)"),
    ("did not find expected ',' or ']'", "',' oder ']' erwartet (eckige Klammer nicht "
     "geschlossen?)"),
    ("could not find expected directive name", "Zeile, die mit '%' beginnt, in "
     "Anführungszeichen setzen"),
    ("found undefined tag handle", "unbekannter YAML-Typ (Text mit '!' in "
     "Anführungszeichen setzen)"),
    ("found duplicate anchor", "Verweisname (&name) doppelt vergeben"),
    ("found incompatible YAML document", "YAML-Version wird nicht unterstützt"),
    ("found duplicate", "Angabe doppelt"),
    ("but found another document", "nur ein Dokument je Datei ('---' nur am Anfang)"),
    ("found unknown escape character", "unbekanntes Escape-Zeichen in Anführungszeichen "
     "(Backslash verdoppeln oder einfache Anführungszeichen verwenden)"),
)


def _yaml_message(problem: str) -> str:
    for english, german in _YAML_MESSAGES:
        if english in problem:
            return german
    return f"Aufbau an dieser Stelle nicht lesbar ({problem})"


def _mark(file: Path, node: yaml.Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


_STANDARD_TAGS = {
    yaml.ScalarNode: {"tag:yaml.org,2002:" + t for t in
                      ("str", "int", "float", "bool", "null", "timestamp")},
    yaml.SequenceNode: {"tag:yaml.org,2002:seq"},
    yaml.MappingNode: {"tag:yaml.org,2002:map"},
}


class _NodeProblem(Exception):
    """A node that cannot become a value; reported at the node's position."""

    def __init__(self, node: yaml.Node, message: str, hint: str = "",
                 path: Path_ = ()) -> None:
        super().__init__(message)
        self.node, self.message, self.hint, self.path = node, message, hint, path


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag not in _STANDARD_TAGS[yaml.ScalarNode]:
        if tag == "tag:yaml.org,2002:merge":
            raise _NodeProblem(node, "'<<' (Zusammenführen von Abschnitten) wird nicht "
                               "unterstützt", "Felder ausschreiben")
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise _NodeProblem(node, f"unbekannter YAML-Typ '{shown}'",
                           "Wert ohne '!' schreiben oder in Anführungszeichen setzen")
    if tag == "tag:yaml.org,2002:str":
        return node.value
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        text = node.value.replace("_", "")
        if len(text) > 4 * MAX_DIGITS:
            raise _NodeProblem(node, number_problem(Decimal(10) ** 99) or "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None  # 0x1F, 0o17, 1:30 (YAML 1.1 forms): PyYAML knows them
        if number is not None:
            problem = number_problem(number)
            if problem:
                raise _NodeProblem(node, problem)
            if tag == "tag:yaml.org,2002:float":
                return number
    try:
        return _constructor.construct_object(node)
    except (ValueError, OverflowError, yaml.YAMLError):
        if tag == "tag:yaml.org,2002:timestamp":
            raise _NodeProblem(node, f"'{node.value}' ist kein gültiges Datum") from None
        raise _NodeProblem(node, f"ungültiger Wert '{node.value[:40]}'") from None


class _Builder:
    """Plain data from composed nodes, with a mark for every path, within bounds."""

    def __init__(self, file: Path, out: Located, problems: list[Problem]) -> None:
        self.file, self.out, self.problems = file, out, problems
        self.count = 0
        self.open: set[int] = set()  # nodes being built: an alias to one of them is a cycle

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _NodeProblem(node, f"mehr als {MAX_VALUES:,} Werte".replace(",", ".") +
                               " (vervielfachen Verweise *name die Datei?)", path=path)
        if len(path) > MAX_DEPTH:
            raise _NodeProblem(node, f"mehr als {MAX_DEPTH} Ebenen verschachtelt",
                               path=path[:3])
        if node.tag not in _STANDARD_TAGS[type(node)]:
            _scalar(yaml.ScalarNode(node.tag, "", node.start_mark, node.end_mark))
        if id(node) in self.open:
            raise _NodeProblem(node, "Verweis (*name) auf den eigenen Abschnitt",
                               path=path)
        self.out.marks[path] = _mark(self.file, node)
        if isinstance(node, yaml.ScalarNode):
            try:
                return _scalar(node)
            except _NodeProblem as exc:
                self.problems.append(_problem(self.file, exc.node, path, exc.message,
                                              exc.hint))
                return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        file = self.file
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            try:
                key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            except _NodeProblem as exc:
                self.problems.append(_problem(file, exc.node, path, exc.message, exc.hint))
                continue
            if not isinstance(key, str):
                # Typically "{wert: 3,1}": in braces the comma ends the value, "1" is a key.
                self.problems.append(Problem(
                    file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    format_path(path), f"ungültiger Feldname {key_node.value!r}" if isinstance(
                        key_node, yaml.ScalarNode) else "ungültiger Feldname",
                    "Zahlen mit Komma in geschweiften Klammern in Anführungszeichen setzen: "
                    "wert: \"3,1\""))
                continue
            if key in result:
                self.problems.append(_problem(
                    file, key_node, (*path, key),
                    f"Feld '{key}' steht mehrfach in diesem Abschnitt"))
                continue
            child = (*path, key)
            value = self.build(value_node, child)
            self.out.marks[child] = _mark(file, key_node)
            if value is None:
                continue  # "feld:" left empty means not given, as a clerk would expect
            result[key] = value
        return result


def _problem(file: Path, node: yaml.Node, path: Path_, message: str,
             hint: str = "") -> Problem:
    mark = _mark(file, node)
    return Problem(file, mark.line, mark.column, format_path(path), message, hint)


def format_path(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(data: bytes | str, position: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) position."""
    before = data[:position]
    text = before.decode("utf-8", "replace") if isinstance(before, bytes) else before
    return text.count("\n") + 1, len(text) - (text.rfind("\n") + 1) + 1


def read_bytes(file: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES."""
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError([Problem(file, 0, 0, "", "keine gewöhnliche Datei (Ordner, "
                                      "Gerät oder Pipe)")])
        if info.st_size > MAX_BYTES:
            raise InputError([Problem(file, 0, 0, "", f"Datei zu groß (über "
                                      f"{MAX_BYTES // 1_000_000} MB)")])
        return file.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(file, 0, 0, "", "Datei nicht gefunden")]) from None
    except OSError as exc:
        raise InputError([Problem(file, 0, 0, "",
                                  f"Datei kann nicht gelesen werden: {os_message(exc)}")]) from None


def load_yaml(file: Path, data: bytes | None = None, keep_going: bool = False) -> Located:
    """Read one YAML file (or `data`, the content it is about to get); raises InputError
    naming file and line for any problem. With `keep_going`, values that cannot be read
    (a duplicate key, an impossible date) are left out and kept in `problems`; what makes
    the file unreadable still raises."""
    raw = read_bytes(file) if data is None else data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_of(raw, exc.start)
        raise InputError([Problem(
            file, line, column, "", f"Datei ist nicht UTF-8-kodiert (Byte {exc.start})",
            "im Editor als UTF-8 speichern")]) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = _yaml_message(exc.problem or exc.context or "unbekannter Fehler")
        raise InputError([Problem(file, line, column, "",
                                  f"YAML-Syntaxfehler: {what}",
                                  hint="Einrückung und Doppelpunkte prüfen")]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_of(text, exc.position)
        raise InputError([Problem(file, line, column, "",
                                  f"unzulässiges Steuerzeichen U+{exc.character:04X}",
                                  "Zeichen löschen")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, 0, 0, "", f"YAML-Fehler: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(file, 0, 0, "",
                                  f"mehr als {MAX_DEPTH} Ebenen verschachtelt")]) from None
    out = Located(None)
    if node is None:
        raise InputError([Problem(file, 1, 1, "", "Datei ist leer")])
    problems: list[Problem] = []
    try:
        out.data = _Builder(file, out, problems).build(node, ())
    except _NodeProblem as exc:
        raise InputError([_problem(file, exc.node, exc.path, exc.message, exc.hint)]) from None
    if problems and not keep_going:
        raise InputError(problems)
    out.problems = problems
    if not isinstance(out.data, dict):
        raise InputError([Problem(file, 1, 1, "",
                                  "erwartet wird eine Zuordnung 'feld: wert' auf oberster Ebene")])
    return out


_CACHE: dict[str, tuple[tuple[int, int], Located]] = {}


def load_shared(file: Path) -> Located:
    """`load_yaml` for files many agreements share (state, Muster, family text): parsed
    once per process while the file is unchanged (same size and modification time).
    The result is shared: callers must not change it (`merge` and `sub` do not)."""
    try:
        stat = file.stat()
    except OSError:
        return load_yaml(file)  # reports the problem with the file's name
    # The absolute path as key: resolving links would cost more than the parse saves.
    key, stamp = os.path.abspath(file), (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    located = load_yaml(file)
    _CACHE[key] = (stamp, located)
    return located


# An entry of an inherited list changed by its name, without repeating the list:
# "- aendern: Gleichstellungspolitisches Ziel" with the fields to change.
CHANGE = "aendern"
_NAMES = ("titel", "kennzahl", "name", "schluessel")


def merge(base: Located, override: Located) -> Located:
    """Deep-merge mappings; `override` wins, lists are replaced whole, unless every item
    of the override's list names an entry of the base's list (`aendern: NAME`): then
    those entries are changed and the others kept.

    Marks follow the value that survives, so an error in a default points into the
    state file and an error in the agreement into the agreement.
    """
    result = Located(copy.deepcopy(base.data), dict(base.marks))
    # Marks below each path, indexed once: scanning all marks per key is quadratic.
    below_base, below_override = _below(base.marks), _below(override.marks)

    def take(here: Path_, there: Path_) -> None:
        """The override's value at `there` replaces the result's at `here`."""
        for stale in below_base.get(here, ()):
            result.marks.pop(stale, None)
        result.marks.update({(*here, *p[len(there):]): override.marks[p]
                             for p in below_override.get(there, ())})

    def walk(target: dict[Any, Any], source: dict[Any, Any], here: Path_,
             there: Path_) -> None:
        for key, value in source.items():
            child, source_child = (*here, key), (*there, key)
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                walk(target[key], value, child, source_child)
                result.marks[child] = override.marks.get(  # type: ignore[assignment]
                    source_child, result.marks.get(child))
                continue
            if _by_name(value) and isinstance(target.get(key), list):
                entries(target[key], value, child, source_child)
                continue
            target[key] = copy.deepcopy(value)
            take(child, source_child)

    def entries(target: list[Any], items: list[Any], here: Path_, there: Path_) -> None:
        for i, item in enumerate(items):
            wanted = item[CHANGE]
            found = next((j for j, e in enumerate(target) if isinstance(e, dict)
                          and any(e.get(n) == wanted for n in _NAMES)), None)
            if found is None:
                mark = override.marks.get((*there, i, CHANGE))
                names = [str(e.get(n)) for e in target if isinstance(e, dict)
                         for n in _NAMES if e.get(n) is not None][:20]
                raise InputError([Problem(
                    mark.file if mark else Path(), mark.line if mark else 0,
                    mark.column if mark else 0, format_path((*there, i, CHANGE)),
                    f"kein Eintrag '{wanted}' in {format_path(here)} zu ändern",
                    "vorhanden: " + ", ".join(names) if names else "die Liste ist leer")])
            rest = {k: v for k, v in item.items() if k != CHANGE}
            walk(target[found], rest, (*here, found), (*there, i))

    walk(result.data, override.data, (), ())
    result.marks[()] = override.marks.get((), result.marks.get(()))  # type: ignore[assignment]
    return result


def _by_name(value: Any) -> bool:
    return (isinstance(value, list) and bool(value)
            and all(isinstance(v, dict) and CHANGE in v for v in value))


def _below(marks: dict[Path_, Mark]) -> dict[Path_, list[Path_]]:
    """For each path, the marked paths at or below it."""
    index: dict[Path_, list[Path_]] = {}
    for path in marks:
        for end in range(1, len(path) + 1):
            index.setdefault(path[:end], []).append(path)
    return index


def sub(located: Located, path: Path_) -> Located:
    """The part of `located` below `path`, with its marks re-rooted."""
    data = located.data
    for part in path:
        data = data[part]
    n = len(path)
    return Located(data, {p[n:]: m for p, m in located.marks.items() if p[:n] == path})
