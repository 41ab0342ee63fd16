"""The agreement file's values as the document shows them, and new values written back.

Every scalar of the agreement file is a field with its YAML path and source position.
A field's forms are the texts the document may show for it (the value as written, a
number without its sign, an ISO date as a German one); a form changed in the document
becomes the field's new source text, written at the value's position in the file's
style (quotes kept), so that only that value's line changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml

from ..cycle.checks import compose, walk
from ..cycle.nextyear import Edit, apply
from ..sources.yamlread import Path_, format_path

_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)?")
_PLAIN = re.compile(r"[\w][\w .,+\-/()]*", re.UNICODE)
# Fields whose value is a name of a file or a key, never a text the document shows.
_KEYS = {"land", "jahr", "traeger", "familie", "muster", "kennzahl", "status", "grenze"}


@dataclass(frozen=True)
class Field:
    path: Path_
    node: yaml.ScalarNode
    source: str  # the value as written in the file, quotes included

    @property
    def name(self) -> str:
        return format_path(self.path)

    @property
    def line(self) -> int:
        return int(self.node.start_mark.line) + 1


@dataclass(frozen=True)
class Form:
    """One way the document shows a field, and how a changed form becomes the value."""

    text: str
    back: Callable[[str], str | None]


def fields(text: str) -> list[Field]:
    """Every scalar value of the agreement file outside the keys that name files."""
    root = compose(text)
    if root is None:
        return []
    out = []
    for path, node in walk(root):
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            continue
        if any(isinstance(p, str) and p in _KEYS for p in path[-1:]) or not path:
            continue
        if node.tag == "tag:yaml.org,2002:bool" or path[0] == "bausteine":
            continue
        out.append(Field(path, node, text[node.start_mark.index:node.end_mark.index]))
    return out


def forms(field: Field) -> Iterator[Form]:
    value = field.node.value
    yield Form(value, lambda new: new)
    if _NUMBER.fullmatch(value):  # "-0,1" reads "um 0,1 Prozent-Punkte verringert"
        sign = value[0]
        yield Form(value[1:], lambda new: sign + new if _digits(new) else None)
    if "." in value and re.fullmatch(r"-?\d+\.\d+", value):  # 15.4 shown as "15,4"
        yield Form(value.replace(".", ","),
                   lambda new: new.replace(",", ".") if _digits(new) else None)
    iso = _ISO.fullmatch(value)
    if iso:
        day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        yield Form(f"{day:%d.%m.%Y}", _from_german_date)
        yield Form(f"{day.day}. {_MONTHS[day.month - 1]} {day.year}", _from_long_date)


def _digits(text: str) -> bool:
    return re.fullmatch(r"\d+(?:[.,]\d+)?", text) is not None


def _from_german_date(text: str) -> str | None:
    found = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text.strip())
    return _iso(found[3], found[2], found[1]) if found else None


def _from_long_date(text: str) -> str | None:
    found = re.fullmatch(r"(\d{1,2})\.\s*(\w+)\s+(\d{4})", text.strip())
    if not found or found[2] not in _MONTHS:
        return None
    return _iso(found[3], str(_MONTHS.index(found[2]) + 1), found[1])


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def styled(field: Field, value: str, quoted: bool = False) -> str:
    """The new value as source text in the style of the old one (its quotes); `quoted`:
    in double quotes unless the old one had single quotes."""
    style = field.node.style
    if style in (">", "|") and not quoted:
        return _block(field, value)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if quoted or style == '"' or not _PLAIN.fullmatch(value) or value != value.strip():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return value


_WIDTH = 88


def _block(field: Field, value: str) -> str:
    """A block scalar in the old one's header and indentation (folded: wrapped again),
    followed by the blank lines that followed it."""
    source = field.source
    header, _, body = source.partition("\n")
    content = [line for line in body.split("\n") if line.strip()]
    indent = " " * (len(content[0]) - len(content[0].lstrip())) if content else "  "
    trailing = source[len(source.rstrip()):] or "\n"
    lines: list[str] = []
    if field.node.style == "|":
        lines = [indent + line if line else "" for line in value.rstrip("\n").split("\n")]
    else:
        for number, paragraph in enumerate(value.rstrip("\n").split("\n")):
            if number:
                lines.append("")
            line = ""
            for word in paragraph.split(" "):
                if line and len(indent) + len(line) + 1 + len(word) > _WIDTH:
                    lines.append(indent + line)
                    line = word
                else:
                    line = f"{line} {word}" if line else word
            lines.append(indent + line)
    return header + "\n" + "\n".join(lines) + trailing


def replaced(text: str, values: dict[Field, str]) -> str:
    """The file's text with these fields' values changed at their positions; a value
    that would read differently unquoted (a comma in a flow mapping) is quoted."""
    quoted: set[Path_] = set()
    for _ in range(2):
        edits = [Edit(f.node.start_mark.index, f.node.end_mark.index,
                      styled(f, v, f.path in quoted)) for f, v in values.items()]
        new = apply(text, edits)
        try:
            root = compose(new)
        except yaml.YAMLError:
            root = None
        nodes = dict(walk(root)) if root is not None else {}
        wrong = {f.path for f, v in values.items()
                 if not isinstance(nodes.get(f.path), yaml.ScalarNode)
                 or nodes[f.path].value != v}
        if not wrong - quoted:
            break
        quoted |= wrong
    return new
