"""How a changed own text (Markdown paragraph, own goal, step; fields.texts finds them)
is written back.

Only texts the file already holds are offered; a new paragraph or list item is added in
the file. A text in a block scalar (`>-` folded, `|-` literal) stays one, in the same
style and indentation, a folded one wrapped at the width of the lines it had; a one-line
text that becomes several lines becomes a literal block. Whatever is written must read
back as exactly the typed text (`yamlwrite.only_these`); where the block form does not,
the text is written as one double-quoted line, and where that does not either, it is
refused.
"""

from __future__ import annotations

import json
import re

import yaml

from ..cycle.nextyear import Edit, apply
from ..sources.yamlread import Path_
from . import fields as F
from . import yamlwrite as W

WIDTH = 90  # a folded text's lines, where the file gives no width of its own


def node_at(items: F.Items, path: Path_) -> yaml.Node | None:
    """The node at `path`, also an item of a list (which mapping_items does not list)."""
    if path in items:
        return items[path][1]
    if path and isinstance(path[-1], int) and path[:-1] in items:
        parent = items[path[:-1]][1]
        if isinstance(parent, yaml.SequenceNode) and path[-1] < len(parent.value):
            item: yaml.Node = parent.value[path[-1]]
            return item
    return None


def normal(value: str) -> str:
    """A textarea's text as it is kept: line ends \\n, no blanks at line ends or around."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def edit(text: str, items: F.Items, path: Path_, node: yaml.ScalarNode,
         value: str) -> Edit | None:
    """The edit that writes `value` at `node`, verified; None if none reads back right."""
    start, end = node.start_mark.index, node.end_mark.index
    span = text[start:end]
    flow = W.in_flow(items, path)
    tries: list[str] = []
    if node.style in (">", "|"):
        tail = span[_content_end(span):]
        tries.append(_block(span, node.style, value, _indent(span)) + tail)
        tries.append(json.dumps(value, ensure_ascii=False) + tail)
    else:
        rest_of_line = text[end:].split("\n", 1)[0]
        if "\n" not in value:
            written = W.scalar(value)
            tries.append(W.flow_safe(written, value) if flow else written)
        elif not flow and not rest_of_line.strip():
            key_column = (items[path][0].start_mark.column + 2 if path in items
                          else node.start_mark.column)
            tries.append(_block("", "|", value, " " * key_column))
        tries.append(json.dumps(value, ensure_ascii=False))
    for written in tries:
        candidate = Edit(start, end, written)
        if W.only_these(text, apply(text, [candidate]), {path}):
            return candidate
    return None


def _content_end(span: str) -> int:
    """Where the block's last content line ends (its line break and blank lines follow)."""
    content = span.rstrip(" \n")
    newline = span.find("\n", len(content))
    return len(span) if newline < 0 else newline


def _indent(span: str) -> str:
    for line in span.split("\n")[1:]:
        if line.strip():
            return line[:len(line) - len(line.lstrip(" "))]
    return "  "


def _block(span: str, style: str, value: str, indent: str) -> str:
    """`value` as a block scalar with strip chomping (the text ends without a break)."""
    if style == "|":
        lines = value.split("\n")
    else:
        width = max([len(line) for line in span.split("\n")[1:] if line.strip()] or [WIDTH])
        lines = _folded(value, max(width - len(indent), 40))
    return f"{style}-\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)


def _folded(value: str, width: int) -> list[str]:
    """Source lines of a folded scalar whose content is `value`: a break in the value
    is a blank line, each paragraph wrapped at single blanks between words."""
    lines: list[str] = []
    for piece in re.split(r"(\n+)", value):
        if piece.startswith("\n"):
            lines.extend([""] * len(piece))
            continue
        line = ""
        for word in re.split(r"(?<=\S) (?=\S)", piece):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines
