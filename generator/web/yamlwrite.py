"""Values written into an agreement file's text at their YAML positions.

A changed value replaces the source span of its node (`cycle.nextyear.Edit`), numbers in
the style of the file (`cycle.fill`); a value the file lacks is added to the deepest
mapping that exists (a flow mapping `{...}` gets `, key: value`, a block mapping a new
line, the top level a line after `jahr`). `only_these` is the last guard: the new text
must hold the old data with exactly the named values changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal

import yaml

from ..cycle.fill import _int, _number, _styled
from ..cycle.nextyear import Edit
from ..model import full_date
from ..sources.yamlread import Path_
from . import fields as F

# A plain scalar inside {...} must not hold these; elsewhere YAML reads them as text.
_FLOW = re.compile(r"[,\[\]{}]")


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


def anchors(items: F.Items, missing: Mapping[Path_, str]) -> dict[Path_, list[Path_]]:
    """The missing paths by the deepest mapping of the file above them ((): the top),
    so that two new keys under one new mapping make one mapping, not two."""
    found: dict[Path_, list[Path_]] = {}
    for path in missing:
        anchor = path[:-1]
        while anchor and anchor not in items:
            anchor = anchor[:-1]
        found.setdefault(anchor, []).append(path)
    return found


def written(known: F.Field, value: str, node: yaml.Node | None, text: str) -> str:
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
        return scalar(value)
    if kind in (F.DATE, F.DAY):
        day = _date(value)
        if day is None:
            raise ValueError(f"'{value}' ist kein Datum (Beispiel: 21.12.2020)")
        iso = kind == F.DAY or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
        return day.isoformat() if iso else scalar(value)
    return scalar(value)


def _date(value: str) -> dt.date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return full_date(value)


def scalar(value: str) -> str:
    """`value` as a YAML string: plain where YAML reads it back as this text, else in
    double quotes (JSON's escaping is YAML's)."""
    try:
        plain = yaml.safe_load(f"k: {value}\n")
    except yaml.YAMLError:
        plain = None
    if plain == {"k": value} and value == value.strip() and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_safe(written: str, value: str) -> str:
    """`written` as it may stand inside `{...}`: quoted if it holds a flow indicator."""
    if written[:1] in "'\"" or not (_FLOW.search(written) or ":" in written):
        return written
    return json.dumps(value, ensure_ascii=False)


def in_flow(items: F.Items, path: Path_) -> bool:
    parent = items.get(path[:-1])
    return parent is not None and bool(getattr(parent[1], "flow_style", False))


def cleared(text: str, node: yaml.Node) -> Edit:
    start, end = node.start_mark.index, node.end_mark.index
    if text[start - 1:start] == " " and text[end:end + 1] in ("\n", ""):
        start -= 1
    return Edit(start, end, "")


def inserted(text: str, items: F.Items, anchor: Path_,
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
