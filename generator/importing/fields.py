"""The agreement file's values (and those it inherits) as the document shows them.

Every scalar of the agreement file is a field with its YAML path and source position.
A field's forms are the texts the document may show for it (the value as written, a
number without its sign or as a word, an ISO date as a German one); a form changed in
the document becomes the field's new value (yamledit.py writes it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..cycle.checks import compose, walk
from ..sources.yamlread import Path_, format_path
from ..text.german import zahlwort

_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)?")
# Fields whose value is a name of a file or a key, never a text the document shows.
_KEYS = {"land", "jahr", "traeger", "familie", "muster", "kennzahl", "status", "grenze"}


@dataclass(frozen=True, eq=False)
class Field:
    """A value of the agreement file, or one it inherits (state `vorgaben`, the Muster's
    `werte`) and may set for itself: then `node` is None and the key is added."""

    path: Path_
    node: yaml.ScalarNode | None
    source: str  # the value as written in the file, quotes included; "" if inherited
    value: str  # the value as text

    @property
    def name(self) -> str:
        return format_path(self.path)

    @property
    def line(self) -> int:
        return int(self.node.start_mark.line) + 1 if self.node is not None else 0


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
        out.append(Field(path, node, text[node.start_mark.index:node.end_mark.index],
                         node.value))
    return out


def inherited(merged: Any, own: list[Field]) -> list[Field]:
    """Values the agreement takes from its state or Muster (`merged`: the data merged in
    order), outside lists, as fields the agreement file may set."""
    written = {f.path for f in own}
    out = []

    def visit(data: Any, path: Path_) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                if isinstance(key, str):
                    visit(value, (*path, key))
        elif isinstance(data, bool) or not path or path in written:
            return
        elif (isinstance(data, int | str) and str(data).strip() and path[-1] not in _KEYS
              and path[0] != "bausteine"):
            out.append(Field(path, None, "", str(data)))

    visit(merged, ())
    return out


_MARKER = re.compile(r"\s*(?:#+\s+|[-*+]\s+|\d+[.)]\s+|>\s*)?")


def forms(field: Field) -> Iterator[Form]:
    if field.path[-1:] == ("geschlecht",):
        return  # shown as "Herrn"/"Frau" and in the title: values.py tries it there
    value = field.value
    yield Form(value, lambda new: new)
    if "\n" in value.strip():  # a Markdown text: each line without its block marker
        lines = value.split("\n")
        for number, line in enumerate(lines):
            marker = _MARKER.match(line)
            prefix = marker.group(0) if marker else ""
            if line[len(prefix):].strip():
                yield Form(line[len(prefix):].rstrip(), _line_back(lines, number, prefix))
    if value.isdigit() and int(value) <= 12:  # "zwei Steuerungsdialoge"
        for word in sorted({w for w, n in _NUMBER_WORDS.items() if n == int(value)}):
            yield Form(word, lambda new: str(_NUMBER_WORDS[new]) if new in _NUMBER_WORDS
                       else new if new.isdigit() else None)
    if _NUMBER.fullmatch(value):  # "-0,1" reads "um 0,1 Prozent-Punkte verringert"
        sign = value[0]
        yield Form(value[1:], lambda new: sign + new if _digits(new) else None)
    if re.fullmatch(r"-?\d{4,}", value):  # 3489 shown as "3.489"
        yield Form(f"{int(value):,}".replace(",", "."),
                   lambda new: new.replace(".", "") if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})*",
                                                                  new) else
                   new if _digits(new) else None)
    if "." in value and re.fullmatch(r"-?\d+\.\d+", value):  # 15.4 shown as "15,4"
        yield Form(value.replace(".", ","),
                   lambda new: new.replace(",", ".") if _digits(new) else None)
    iso = _ISO.fullmatch(value)
    if iso:
        day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        yield Form(f"{day:%d.%m.%Y}", _from_german_date)
        yield Form(f"{day.day}. {_MONTHS[day.month - 1]} {day.year}", _from_long_date)


_NUMBER_WORDS = {zahlwort(n, genus, kasus): n for n in range(13)
                 for genus in ("m", "f", "n") for kasus in ("nom", "gen", "dat", "akk")}


def _line_back(lines: list[str], number: int, prefix: str) -> Callable[[str], str | None]:
    def back(new: str) -> str | None:
        if "\n" in new or not new.strip():
            return None
        return "\n".join([*lines[:number], prefix + new, *lines[number + 1:]])
    return back


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
