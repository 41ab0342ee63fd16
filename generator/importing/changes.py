"""Changes of an agreement's data as the search proposes them, and paths into the data.

Each change is a function that changes a copy of the data in place and says whether it
changed anything; the search keeps the copy only if it renders closer to the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from ..sources.yamlread import Path_
from .signed import SAMPLE_BASE

Change = Callable[[dict[str, Any]], bool]


def scalar(value: str) -> Any:
    """A value read from the document as the YAML file would hold it ("- 3,2" as -3,2)."""
    value = re.sub(r"^([+-])\s+(?=\d)", r"\1", value.strip())
    try:
        loaded = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    return loaded if isinstance(loaded, int | float | str) and not isinstance(loaded, bool) \
        and str(loaded) == value else value


def entries(data: dict[str, Any], goal: str) -> list[dict[str, Any]]:
    entries = ((data.get("ziele") or {}).get(goal) or {}).get("zielwerte") or []
    return list(entries)


def kennzahlen(data: dict[str, Any], goal: str) -> list[str]:
    return [str(e.get("kennzahl")) for e in entries(data, goal)]


def all_entries(data: dict[str, Any]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for goal, content in (data.get("ziele") or {}).items():
        if not isinstance(content, dict):  # `weitere`: a list of further goals
            continue
        for position, entry in enumerate(content.get("zielwerte") or []):
            yield goal, position, entry


def adding(goal: str, kennzahl: str, at: int) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        ziele = data.setdefault("ziele", {})
        entries = ziele.setdefault(goal, {}).setdefault("zielwerte", [])
        entries.insert(at, {"kennzahl": kennzahl})
        return True
    return change


def with_base(data: dict[str, Any], key: tuple[str, str]) -> dict[str, Any]:
    """The entries of this Kennzahl without a base value given a sample one (and read as
    a level target, whose sentence states it)."""
    goal, kennzahl = key
    for entry in ((data.get("ziele") or {}).get(goal) or {}).get("zielwerte") or []:
        if entry.get("kennzahl") == kennzahl and "basis" not in entry:
            entry.update({"art": "niveau", "basis": SAMPLE_BASE})
    return data


def exchanging(goal: str, position: int, kennzahl: str) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        data["ziele"][goal]["zielwerte"][position] = {"kennzahl": kennzahl}
        return True
    return change


def dropping(goal: str, position: int) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        entries = data["ziele"][goal]["zielwerte"]
        del entries[position]
        if not entries:
            del data["ziele"][goal]
        return True
    return change


def negated(goal: str, position: int) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        entry = data["ziele"][goal]["zielwerte"][position]
        value = str(entry.get("wert", ""))
        if not value:
            return False
        entry["wert"] = value[1:] if value.startswith("-") else "-" + value
        return True
    return change


def setting(path: Path_, value: Any) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        node: Any = data
        for part in path[:-1]:
            if isinstance(node, dict):
                node = node.setdefault(part, {})
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return False
        last = path[-1]
        if isinstance(node, dict):
            if value is None:
                return node.pop(last, None) is not None
            if node.get(last) == value:
                return False
            node[last] = value
            return True
        if isinstance(node, list) and isinstance(last, int) and last < len(node):
            if value is None:
                del node[last]
            else:
                node[last] = value
            return True
        return False
    return change


def merged(data: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` below `data`: what `data` sets wins."""
    out = dict(extra)
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(value, out[key])
        else:
            out[key] = value
    return out


def replaced_by(data: dict[str, Any], new: dict[str, Any]) -> bool:
    if new == data:
        return False
    data.clear()
    data.update(new)
    return True


def pruned(data: Any) -> Any:
    """Empty mappings and lists left by removals dropped."""
    if isinstance(data, dict):
        out = {k: pruned(v) for k, v in data.items()}
        return {k: v for k, v in out.items() if v not in ({}, [])}
    if isinstance(data, list):
        return [pruned(v) for v in data]
    return data


def has(data: Any, path: Path_) -> bool:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return False
    return True


def get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def removing(path: Path_) -> Callable[[dict[str, Any]], bool]:
    return setting(path, None)


def leaves(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for number, value in enumerate(data):
            yield from leaves(value, (*path, number))
    else:
        yield path, data
