"""New values written into the agreement file's text in place, in the file's own style.

A value the file has is replaced at its node's position (quotes, block scalar header
and indentation kept): only that value's lines change. A value the file inherits is
added as a key below its nearest mapping in the file. Every write is read back; a value
that would read differently unquoted is quoted.
"""

from __future__ import annotations

import re

import yaml

from ..cycle.checks import compose, walk
from ..cycle.nextyear import Edit, apply
from ..sources.yamlread import Path_
from .fields import Field

_PLAIN = re.compile(r"[\w][\w .,+\-/()]*", re.UNICODE)
WIDTH = 88
_LONG = 60  # a new text longer than this is written as a folded block


def styled(field: Field, value: str, quoted: bool = False) -> str:
    """The new value as source text in the style of the old one (its quotes); `quoted`:
    in double quotes unless the old one had single quotes."""
    style = field.node.style if field.node is not None else None
    if style in (">", "|") and not quoted:
        return _block(field, value)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if quoted or style == '"' or not _PLAIN.fullmatch(value) or value != value.strip():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return value


def folded(text: str, indent: int) -> list[str]:
    """A text's paragraphs as the lines of a folded block, wrapped at spaces."""
    lines: list[str] = []
    for number, paragraph in enumerate(text.strip("\n").split("\n")):
        if number:
            lines.append("")
        line = ""
        for word in paragraph.split(" "):
            if line and indent + len(line) + 1 + len(word) > WIDTH:
                lines.append(" " * indent + line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(" " * indent + line)
    return lines


def _block(field: Field, value: str) -> str:
    """A block scalar in the old one's header and indentation (folded: wrapped again),
    followed by the blank lines that followed it."""
    source = field.source
    header, _, body = source.partition("\n")
    content = [line for line in body.split("\n") if line.strip()]
    indent = len(content[0]) - len(content[0].lstrip()) if content else 2
    trailing = source[len(source.rstrip()):] or "\n"
    assert field.node is not None
    if field.node.style == "|":
        lines = [" " * indent + line if line else ""
                 for line in value.rstrip("\n").split("\n")]
    else:
        lines = folded(value, indent)
    return header + "\n" + "\n".join(lines) + trailing


def _new(value: str, indent: int, quoted: bool) -> str:
    """A value for a new key: plain, quoted, or a folded block for a long text."""
    if "\n" in value or (len(value) > _LONG and "  " not in value and not quoted):
        return ">-\n" + "\n".join(folded(value, indent + 2))
    if quoted or not _PLAIN.fullmatch(value) or value != value.strip():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return value


def after(text: str, node: yaml.Node) -> int:
    """The position after the line on which `node` ends."""
    last = node.end_mark.index
    if last > 0 and text[last - 1] == "\n":
        return int(last)
    line_end = text.find("\n", last)
    return len(text) if line_end < 0 else line_end + 1


def inserted(text: str, path: Path_, value: str, quoted: bool = False) -> str:
    """`path: value` added below the nearest mapping of the path in the file (a block
    mapping: as new lines; a flow mapping: as its last entry); raises ValueError where
    the file holds that place otherwise."""
    root = compose(text)
    if not isinstance(root, yaml.MappingNode) or not path:
        raise ValueError("no mapping")
    node: yaml.Node = root
    depth = 0
    while depth < len(path) - 1:
        part = path[depth]
        found: yaml.Node | None = None
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            found = node.value[part] if 0 <= part < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == part), None)
        if found is None:
            break
        node, depth = found, depth + 1
    if not isinstance(node, yaml.MappingNode) or any(isinstance(p, int) for p in path[depth:]):
        raise ValueError("not a mapping")
    if depth == len(path) - 1 and any(k.value == path[-1] for k, _ in node.value):
        raise ValueError("the key exists")
    if node.flow_style:
        end = node.end_mark.index - 1
        if depth != len(path) - 1 or text[end:end + 1] != "}":
            raise ValueError("a flow mapping")
        entry = f"{path[-1]}: {_new(value, 0, True) if quoted or ',' in value else value}"
        return text[:end] + (", " if node.value else "") + entry + text[end:]
    indent = 0 if node is root else node.value[0][0].start_mark.column
    rest = [str(part) for part in path[depth:]]
    lines = "".join(f"{' ' * (indent + 2 * i)}{key}:\n" for i, key in enumerate(rest[:-1]))
    last = indent + 2 * (len(rest) - 1)
    lines += f"{' ' * last}{rest[-1]}: {_new(value, last, quoted)}\n"
    if node is root:
        return text.rstrip("\n") + "\n" + lines
    position = after(text, node.value[-1][1])
    return text[:position] + lines + text[position:]


def replaced(text: str, values: dict[Field, str]) -> str:
    """The file's text with these fields' values changed (or added); raises ValueError
    if a value cannot be written so that it reads back as given."""
    quoted: set[Path_] = set()
    for _ in range(2):
        edits = [Edit(f.node.start_mark.index, f.node.end_mark.index,
                      styled(f, v, f.path in quoted)) for f, v in values.items()
                 if f.node is not None]
        new = apply(text, edits)
        for field, value in values.items():
            if field.node is None:
                new = inserted(new, field.path, value, field.path in quoted)
        try:
            root = compose(new)
        except yaml.YAMLError:
            root = None
        nodes = dict(walk(root)) if root is not None else {}
        wrong = {f.path for f, v in values.items()
                 if not isinstance(nodes.get(f.path), yaml.ScalarNode)
                 or nodes[f.path].value != v}
        if not wrong:
            return new
        if not wrong - quoted:
            break
        quoted |= wrong
    raise ValueError("value does not read back")
