"""Markdown -> blocks: the one parse that every writer renders from.

The dialect is CommonMark with GFM tables and `::: name` containers; a container names
the layout a block needs (title block, parties, signatures) and maps to a CSS class in
the HTML and to a style in the DOCX frame. One container is a table annotation instead:
`::: kopfzeilen-2` around a GFM table makes its first body row a second header row (GFM
has only one); empty header cells then continue the cell above, or in the first header
row the cell to their left, which the writers render as merged cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from markdown_it.token import Token

from .mdparser import CONTAINER_NAME, parser
from .mdpieces import PieceCache
from .typografie import feste_bindestriche, schuetze

_HEADER_ROWS = re.compile(r"kopfzeilen-([1-9])")
# The `::: name` blocks of the dialect: layout (titel, parteien, formel, unterschriften),
# a page break (seitenumbruch, empty) and table header rows (kopfzeilen-N).
# A table of contents: `::: inhalt-N` lists the headings of levels 1 to N after it.
BLOCKS = ("titel", "parteien", "formel", "unterschriften", "seitenumbruch", "inhalt-N",
          "kopfzeilen-N")
PAGE_BREAK = "seitenumbruch"
_CONTENTS = re.compile(r"inhalt-([1-6])")


def known_block(name: str) -> bool:
    """Whether `::: name` is a block of zv's dialect."""
    return (name in BLOCKS or _HEADER_ROWS.fullmatch(name) is not None
            or _CONTENTS.fullmatch(name) is not None)
# Centred containers: their lines are short, so a compound ("Nordrhein-Westfalen") is
# kept whole and the line breaks before it.
_CENTRED = frozenset({"titel", "parteien", "formel"})


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting; text "\n" is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    runs: Inline


@dataclass(frozen=True)
class Paragraph:
    runs: Inline


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


Align = Literal["left", "center", "right", ""]


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    aligns: tuple[Align, ...] = ()
    # Header rows in all: `header` plus the first header_rows - 1 of `rows`.
    header_rows: int = 1


@dataclass(frozen=True)
class HeaderCell:
    """A cell of a multi-row table header, with the columns and rows it spans."""

    runs: Inline
    column: int
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Container:
    name: str
    children: tuple[Block, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Contents:
    """A table of contents (`::: inhalt-N`): the headings of levels 1 to N that follow it,
    each with its position among the document's top-level blocks (for links)."""

    levels: int
    entries: tuple[tuple[int, Inline, int], ...] = ()  # (level, text, block index)


Block = Heading | Paragraph | ListBlock | Table | Container | Contents


_MD = parser()
_PIECES: PieceCache[Block] = PieceCache(_MD, lambda tokens: _convert(tokens))


def parse(text: str) -> tuple[Block, ...]:
    """Parse the canonical Markdown of an agreement into blocks; the blocks of pieces
    seen in an earlier document are taken as they were (mdpieces.py)."""
    blocks = _PIECES.parse(text)
    return _with_contents(tuple(blocks)) if blocks is not None else parse_whole(text)


def parse_whole(text: str) -> tuple[Block, ...]:
    """Parse the whole text in one markdown-it run (what parse must always equal)."""
    blocks, _ = _blocks(_MD.parse(text), 0, None)
    return _with_contents(tuple(blocks))


def _with_contents(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Each table of contents with the headings after it: done on the whole document,
    since the pieces of a document are parsed (and kept) one by one."""
    if not any(isinstance(b, Contents) for b in blocks):
        return blocks
    out = list(blocks)
    for i, block in enumerate(blocks):
        if isinstance(block, Contents):
            out[i] = replace(block, entries=tuple(
                (b.level, b.runs, j) for j, b in enumerate(blocks)
                if j > i and isinstance(b, Heading) and b.level <= block.levels))
    return tuple(out)


def _convert(tokens: Sequence[Token]) -> list[Block]:
    return _blocks(tokens, 0, None)[0]


def _blocks(tokens: Sequence[Token], i: int, close: str | None) -> tuple[list[Block], int]:
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if close is not None and tok.type == close:
            return out, i + 1
        if tok.type == "heading_open":
            out.append(Heading(int(tok.tag[1]), _inline(tokens[i + 1])))
            i += 3
        elif tok.type == "paragraph_open":
            out.append(Paragraph(_inline(tokens[i + 1])))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            block, i = _list(tokens, i)
            out.append(block)
        elif tok.type == "table_open":
            table, i = _table(tokens, i)
            out.append(table)
        elif tok.type == "container_zv_open":
            match = CONTAINER_NAME.match(tok.info)
            children, i = _blocks(tokens, i + 1, "container_zv_close")
            name = match.group(1) if match else ""
            out.extend(_annotated(name, children))
        else:  # hr, code and other blocks the dialect does not use are skipped
            i += 1
    return out, i


def _annotated(name: str, children: list[Block]) -> list[Block]:
    """A `kopfzeilen-N` container marks header rows of its tables; others stay containers."""
    contents = _CONTENTS.fullmatch(name)
    if contents is not None:
        return [Contents(int(contents.group(1)))]
    rows = _HEADER_ROWS.fullmatch(name)
    if rows is None:
        if name in _CENTRED:
            children = [_unbroken(b) for b in children]
        return [Container(name, tuple(children))]
    return [replace(b, header_rows=min(int(rows.group(1)), len(b.rows) + 1))
            if isinstance(b, Table) else b for b in children]


def _unbroken(block: Block) -> Block:
    """The block with the hyphens inside its words made non-breaking."""
    def runs(inline: Inline) -> Inline:
        return tuple(replace(r, text=feste_bindestriche(r.text)) for r in inline)

    if isinstance(block, Heading | Paragraph):
        return replace(block, runs=runs(block.runs))
    if isinstance(block, Container):
        return replace(block, children=tuple(_unbroken(b) for b in block.children))
    return block


def header_grid(table: Table) -> list[list[HeaderCell]]:
    """The header rows of `table` as cells with spans, by the empty-cell convention.

    An empty header cell continues the cell above it (a row span); in the first header
    row, or where the cell above spans several columns, it continues the cell to its
    left (a column span). A one-row header is returned as it is, without spans.
    """
    rows = [table.header, *table.rows[: table.header_rows - 1]]
    width = max(len(r) for r in rows)
    grid: list[list[HeaderCell]] = []
    owner: list[list[tuple[int, int]]] = []  # (row, index) of the cell covering each slot
    for r, row in enumerate(rows):
        cells: list[HeaderCell] = []
        owners: list[tuple[int, int]] = []
        for c in range(width):
            runs = row[c] if c < len(row) else ()
            if table.header_rows > 1 and not plain(runs).strip():
                if r > 0:
                    above_r, above_i = owner[r - 1][c]
                    above = grid[above_r][above_i]
                    if above.colspan == 1 and above_r + above.rowspan == r:
                        grid[above_r][above_i] = replace(above, rowspan=above.rowspan + 1)
                        owners.append((above_r, above_i))
                        continue
                if cells and cells[-1].column + cells[-1].colspan == c:
                    cells[-1] = replace(cells[-1], colspan=cells[-1].colspan + 1)
                    owners.append((r, len(cells) - 1))
                    continue
            cells.append(HeaderCell(runs, c))
            owners.append((r, len(cells) - 1))
        grid.append(cells)
        owner.append(owners)
    return grid


def _list(tokens: Sequence[Token], i: int) -> tuple[ListBlock, int]:
    opening = tokens[i]
    ordered = opening.type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(opening.attrGet("start") or 1) if ordered else 1
    items: list[tuple[Block, ...]] = []
    i += 1
    while tokens[i].type != close:
        children, i = _blocks(tokens, i + 1, "list_item_close")
        items.append(tuple(children))
    return ListBlock(ordered, start, tuple(items)), i + 1


def _table(tokens: Sequence[Token], i: int) -> tuple[Table, int]:
    header: list[Inline] = []
    rows: list[list[Inline]] = []
    aligns: list[Align] = []
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and not in_head:
            rows.append([])
        elif tok.type in ("th_open", "td_open"):
            cell = _inline(tokens[i + 1])
            if in_head:
                header.append(cell)
                style = str(tok.attrGet("style") or "")
                aligns.append(style.removeprefix("text-align:") if style else "")  # type: ignore[arg-type]
            else:
                rows[-1].append(cell)
        i += 1
    return Table(tuple(header), tuple(tuple(r) for r in rows), tuple(aligns)), i + 1


def _inline(token: Token) -> Inline:
    """The runs of an inline token; neighbouring pieces of the same format are joined so
    that writers emit fewer, longer runs (a line break stays a run of its own)."""
    runs: list[Run] = []
    parts: list[str] = []  # the pieces of the run being joined
    form: tuple[bool, bool, str | None] = (False, False, None)
    bold = italic = 0
    href: str | None = None
    for child in token.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            text = child.content
            if not text:
                continue
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            text = "\n"
        else:
            if kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                href = safe_href(str(child.attrGet("href") or ""))
            elif kind == "link_close":
                href = None
            continue
        this = (bold > 0, italic > 0, href)
        if parts and this == form and text != "\n" and parts != ["\n"]:
            parts.append(text)
            continue
        if parts:
            runs.append(Run(schuetze("".join(parts)), *form))
        parts, form = [text], this
    if parts:
        runs.append(Run(schuetze("".join(parts)), *form))
    return tuple(runs)


# An allow list: Windows opens ms-msdt:, search-ms: and many more with local programs.
LINK_SCHEMES = ("http", "https", "mailto")


def safe_href(href: str) -> str | None:
    """The link target if its scheme is allowed, else None: the text stays, unlinked."""
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", href)
    if scheme is None or scheme.group(1).lower() not in LINK_SCHEMES:
        return None
    return href


def plain(runs: Inline) -> str:
    return "".join(run.text for run in runs)


# The longest paragraph read as a heading when it is bold throughout.
_HEADING_CHARS = 200


def is_bold_heading(runs: Inline) -> bool:
    """A short paragraph or list item bold throughout heads the text after it.

    A bold sentence (ending in a full stop) is emphasis, not a heading.
    """
    text = plain(runs).strip()
    return (0 < len(text) <= _HEADING_CHARS and not text.endswith(".")
            and all(r.bold for r in runs if r.text.strip()))
