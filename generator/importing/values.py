"""Which field of the agreement file an edit in the document changed, found by rendering.

The document as zv wrote it and as it came back are compared word by word; each changed
stretch (a hunk) is tried against the fields whose shown form it lies in. A candidate
value counts only if the agreement rendered with it is closer to the returned text
than before: values are found by what zv itself writes, never by guessing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..compare.docx_words import Item, Para
from ..compare.textdiff import ItemDiff, ParaDiff, Piece, TableDiff, diff_items
from ..errors import InputError
from ..sources.yamlread import Path_
from .fields import Field, forms
from .render import Renderer
from .yamledit import replaced

MAX_TRIES = 400  # candidate values rendered at most (about 10 ms each)


@dataclass(frozen=True)
class Hunk:
    """One changed stretch of a paragraph: characters start:end of the old text."""

    old_para: Para | None
    new_para: Para | None
    start: int
    end: int
    old: str
    new: str
    pieces: tuple[Piece, ...]  # the paragraph's word diff, for the summary
    after: Para | None = None  # an inserted paragraph's old neighbour before it


@dataclass(frozen=True)
class Value:
    field: Field
    value: str  # the new value as the file would hold it (unquoted)
    hunk: Hunk
    gain: int  # how many differing words it removes


def shown(text: str) -> str:
    """Text as read: non-breaking spaces and hyphens as plain ones (same length)."""
    return text.replace("\u00a0", " ").replace("\u2011", "-")


def para_diffs(diffs: Sequence[ItemDiff]) -> Iterator[ParaDiff]:
    for d in diffs:
        if isinstance(d, TableDiff):
            for row in d.rows:
                for cell in row.cells:
                    yield from cell
        else:
            yield d


def hunks(old: Sequence[Item], new: Sequence[Item]) -> list[Hunk]:
    out = []
    previous: Para | None = None
    for d in para_diffs(diff_items(old, new)):
        before, previous = previous, d.old or previous
        if d.status == "equal":
            continue
        pieces = tuple(d.pieces)
        position = 0
        current: list[int | str] | None = None
        for piece in (*pieces, Piece("equal", ())):
            if piece.tag == "equal":
                if current is not None:
                    start, end, gone, added = current
                    assert isinstance(start, int) and isinstance(end, int)
                    out.append(Hunk(d.old, d.new, start, end, str(gone), str(added), pieces,
                                    before))
                    current = None
                position += len(piece.text)
                continue
            if current is None:
                current = [position, position, "", ""]
            if piece.tag == "delete":
                current[1] = position + len(piece.text)
                current[2] = str(current[2]) + piece.text
                position += len(piece.text)
            else:
                current[3] = str(current[3]) + piece.text
    return out


def distance(old: Sequence[Item], new: Sequence[Item]) -> int:
    """Words (not spaces) that differ between two bodies."""
    return sum(1 for d in para_diffs(diff_items(old, new)) for p in d.pieces
               if p.tag != "equal" for t in p.tokens if not t.text.isspace())


def candidates(hunk: Hunk, fields: Sequence[Field]) -> Iterator[tuple[Field, str]]:
    """Fields whose shown form holds the hunk, with the value the edited form gives."""
    if hunk.old_para is None:
        return
    text = shown(hunk.old_para.text)
    new = shown(hunk.new)
    for field in fields:
        for form in forms(field):
            wanted = shown(form.text)
            if not wanted:
                continue
            start = text.find(wanted)
            while start >= 0:
                end = start + len(wanted)
                if start <= hunk.start and hunk.end <= end and _bounded(text, start, end):
                    edited = wanted[:hunk.start - start] + new + wanted[hunk.end - start:]
                    value = form.back(edited.strip())
                    if value and value != field.value:
                        yield field, value
                start = text.find(wanted, start + 1)
    yield from _anrede(hunk, fields)


_ANREDE = {"Herrn": "m", "Herr": "m", "Frau": "w"}


def _anrede(hunk: Hunk, fields: Sequence[Field]) -> Iterator[tuple[Field, str]]:
    """"Herrn" changed to "Frau" (or back): the `geschlecht` of the person named right
    after it (which also gives the title's form: "Oberbürgermeisterin")."""
    assert hunk.old_para is not None
    old_words, new_words = set(hunk.old.split()), set(hunk.new.split())
    wanted = next((g for word, g in _ANREDE.items()
                   if word in new_words and word not in old_words), None)
    if wanted is None or not old_words & set(_ANREDE):
        return
    window = shown(hunk.old_para.text)[hunk.start:hunk.end + 80]
    by_path = {f.path: f for f in fields}
    for field in fields:
        if field.path[-1:] in (("name",), ("titel",)) and shown(field.value) in window:
            path = (*field.path[:-1], "geschlecht")
            current = by_path.get(path) or Field(path, None, "", "m")
            if current.value != wanted:
                yield current, wanted


def _bounded(text: str, start: int, end: int) -> bool:
    """The form stands as whole words ("2" is no field inside "2021")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def find(renderer: Renderer, text: str, fields: Sequence[Field], edits: Sequence[Hunk],
         edited: Sequence[Item], now: Sequence[Item]) -> tuple[list[Value], list[Hunk]]:
    """The values the hunks change (best per hunk), and the hunks no field explains."""
    base = distance(now, edited)
    tried: dict[tuple[Path_, str], int | None] = {}
    budget = MAX_TRIES
    found: list[Value] = []
    left: list[Hunk] = []
    for hunk in edits:
        best: Value | None = None
        for field, value in candidates(hunk, fields):
            key = (field.path, value)
            if key not in tried and budget <= 0:
                continue  # a document rewritten throughout: the rest is left to the clerk
            if key not in tried:
                budget -= 1
                try:
                    items = renderer.items(replaced(text, {field: value}))
                    tried[key] = base - distance(items, edited)
                except (InputError, ValueError):
                    tried[key] = None
            gain = tried[key]
            if gain is not None and gain > 0 and (best is None or gain > best.gain):
                best = Value(field, value, hunk, gain)
        if best is None:
            left.append(hunk)
        else:
            found.append(best)
    return found, left
