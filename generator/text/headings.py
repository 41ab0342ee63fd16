"""Headings of Markdown from the data moved to the level of the section they stand in.

A clerk starts her own headings with "#"; a template inserts the text with
`ueberschriften(n)` and its highest heading lands on level n. The result must be what a
full Markdown parse finds, since the canonical Markdown is parsed again afterwards: a
heading is what markdown-it takes for one at the top level (not in a list, quote or
container), an ATX line or a setext underline. Most texts hold no heading line at all,
and most of the rest are plain paragraphs, lists and "#" lines, whose headings can be
read line by line; anything else is parsed (blocks only, the inline text is not needed).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim

from .mdparser import parser


def _block_parser() -> MarkdownIt:
    """The dialect of document.parse without the inline pass."""
    md = parser()
    md.disable("inline")
    return md


_BLOCKS = _block_parser()

# A line that may start a heading or underline one (setext): a heading at the top level
# has at most indentation before its "#", an underline nothing but "=" or "-". Searched
# in the text after a "\n", so that the regex engine can look for that character.
_HEADING_LINE = re.compile(r"\n[ \t]*(?:#|(?:=+|-+)[ \t]*(?=\n|$))")
_UNDERLINE = re.compile(r"\n(?:=+|-+)[ \t]*(?=\n|$)")
# What the line-by-line reading below does not follow: indented lines (list item
# bodies, code), setext underlines, and the characters of fences (` ~), quotes (>),
# tables (|), containers (:::), reference definitions (]:) and of markdown-it's own
# line handling (\r, \0).
_NOT_BY_LINES = ("\n ", "\n\t", "\r", "\0", "|", "`", "~", ">", ":::", "]:")


def _by_lines_possible(text: str) -> bool:
    return (not any(s in text for s in _NOT_BY_LINES)
            and _UNDERLINE.search(text) is None)


Found = list[tuple[int, int, int, str]]  # first line, line after, level, content


def shift_headings(text: str, top: int) -> str:
    """Move the headings of a Markdown text so that its highest one is at level `top`.

    The structure below it is kept (a "##" under a "#" stays one level deeper); levels
    are capped at 6. Only headings outside lists and quotes are moved.
    """
    text_after_break = "\n" + text
    # Markdown-it reads a lone "\r" as a line break too; such text is parsed.
    if "\r" not in text and _HEADING_LINE.search(text_after_break) is None:
        return text
    lines = text.split("\n")
    found = (_by_lines(lines) if _by_lines_possible(text_after_break)
             else _by_parse(text))
    if not found:
        return text
    shift = top - min(level for _, _, level, _ in found)
    for start, end, level, content in reversed(found):
        new_level = max(1, min(6, level + shift))
        lines[start:end] = ["#" * new_level + " " + " ".join(content.split("\n"))]
    return "\n".join(lines)


def _by_parse(text: str) -> Found:
    tokens = _BLOCKS.parse(text)
    return [(tok.map[0], tok.map[1], int(tok.tag[1]), tokens[i + 1].content)
            for i, tok in enumerate(tokens)
            if tok.type == "heading_open" and tok.level == 0 and tok.map]


def _by_lines(lines: list[str]) -> Found:
    """The headings of a text without indented lines, fences, quotes, tables, containers
    and setext underlines: every line that starts an ATX heading. Such a line is never
    inside a block: a list item goes on only with indented lines, and a heading ends a
    paragraph (also a lazy line of one in a list)."""
    found: Found = []
    for i, line in enumerate(lines):
        if line.startswith("#"):
            heading = _atx(line)
            if heading is not None:
                found.append((i, i + 1, *heading))
    return found


def _atx(line: str) -> tuple[int, str] | None:
    """Level and content of an ATX heading line starting with "#", as markdown-it's
    heading rule reads them (rules_block/heading.py), or None for another line."""
    level = len(line) - len(line.lstrip("#"))
    if level > 6 or (level < len(line) and line[level] not in " \t"):
        return None
    end = level + len(line[level:].rstrip(" \t"))  # trailing blanks
    closing = level + len(line[level:end].rstrip("#"))  # a closing sequence "  ##"
    if closing > level and line[closing - 1] in " \t":
        end = closing
    return level, mdTrim(line[level:end])
