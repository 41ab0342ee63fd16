"""Word-level comparison of two document bodies, shared by the text diff and the redline.

Both sides are read by docxbody: built from an agreement's blocks in its family frame,
or the body of a DOCX file. Paragraphs and tables are aligned first (difflib on their
text, then similar ones paired in order), then the words of each pair are compared.
Tables of the same width are compared row by row and cell by cell.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from .docx_words import Item, Para, Row, Tab, Token, tokenize

# Two texts count as one paragraph in two versions when this share of their words agree.
SIMILAR = 0.5
# Above this many candidate pairs a changed stretch is paired greedily, not optimally.
_DP_LIMIT = 40_000

Tag = Literal["equal", "delete", "insert"]
T = TypeVar("T")


@dataclass(frozen=True)
class Piece:
    tag: Tag
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)


Status = Literal["equal", "changed", "inserted", "deleted"]


def _status(old: object, new: object, same: bool) -> Status:
    """A side missing means inserted or deleted; otherwise equal or changed."""
    if old is None:
        return "inserted"
    if new is None:
        return "deleted"
    return "equal" if same else "changed"


@dataclass
class ParaDiff:
    old: Para | None
    new: Para | None
    pieces: list[Piece]

    @property
    def status(self) -> Status:
        return _status(self.old, self.new, all(p.tag == "equal" for p in self.pieces))


@dataclass
class RowDiff:
    old: Row | None
    new: Row | None
    cells: list[list[ParaDiff]] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return _status(self.old, self.new,
                       all(d.status == "equal" for cell in self.cells for d in cell))


@dataclass
class TableDiff:
    old: Tab | None
    new: Tab | None
    rows: list[RowDiff]

    @property
    def status(self) -> Status:
        return _status(self.old, self.new, all(r.status == "equal" for r in self.rows))


ItemDiff = ParaDiff | TableDiff


def diff_items(old: Sequence[Item], new: Sequence[Item]) -> list[ItemDiff]:
    result: list[ItemDiff] = []
    for i, j in align(old, new, _item_key, _item_similarity):
        a = old[i] if i is not None else None
        b = new[j] if j is not None else None
        if isinstance(a, Tab) or isinstance(b, Tab):
            assert not isinstance(a, Para) and not isinstance(b, Para)
            result.append(_diff_table(a, b))
        else:
            assert not isinstance(a, Tab) and not isinstance(b, Tab)
            result.append(diff_para(a, b))
    return result


def diff_para(old: Para | None, new: Para | None) -> ParaDiff:
    if old is None:
        assert new is not None
        return ParaDiff(None, new, [Piece("insert", tuple(new.tokens))] if new.tokens else [])
    if new is None:
        return ParaDiff(old, None, [Piece("delete", tuple(old.tokens))] if old.tokens else [])
    return ParaDiff(old, new, word_pieces(old.tokens, new.tokens))


def word_pieces(old: Sequence[Token], new: Sequence[Token]) -> list[Piece]:
    """The word diff: equal stretches carry the NEW tokens, a change deletes then inserts."""
    a, b = [t.text for t in old], [t.text for t in new]
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in _absorb_spaces(ops, a):
        if tag == "equal":
            pieces.append(Piece("equal", tuple(new[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", tuple(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", tuple(new[j1:j2])))
    return pieces


def _absorb_spaces(ops: Sequence[tuple[str, int, int, int, int]],
                   a: list[str]) -> list[tuple[str, int, int, int, int]]:
    """A bare space between two changes joins them: "[-a b-]{+x y+}", not "[-a-]{+x+} ...".

    Readers see changed phrases, not a change per word with the spaces kept in between.
    """
    out: list[tuple[str, int, int, int, int]] = []
    for k, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        between = (tag == "equal" and 0 < k < len(ops) - 1
                   and all(not t.strip() for t in a[i1:i2]))
        if tag != "equal" or between:
            if out and out[-1][0] != "equal":
                _, pi1, _, pj1, _ = out[-1]
                out[-1] = ("replace", pi1, i2, pj1, j2)
                continue
            out.append(("replace", i1, i2, j1, j2))
        else:
            out.append(op)
    return out


def _diff_table(old: Tab | None, new: Tab | None) -> TableDiff:
    rows: list[RowDiff] = []
    old_rows, new_rows = (old.rows if old else []), (new.rows if new else [])
    # Rows are places in a grid: changed rows are paired by position where the counts
    # agree (a signature block with other names), by similarity where rows came or went.
    for i, j in align(old_rows, new_rows, lambda r: r.texts, _row_similarity,
                      positional=True):
        a = old_rows[i] if i is not None else None
        b = new_rows[j] if j is not None else None
        rows.append(_diff_row(a, b))
    return TableDiff(old, new, rows)


def _diff_row(old: Row | None, new: Row | None) -> RowDiff:
    if old is None or new is None:
        row = old or new
        assert row is not None
        cells = [[diff_para(None, p) if old is None else diff_para(p, None) for p in cell]
                 for cell in row.cells]
        return RowDiff(old, new, cells)
    cells = []
    for a, b in zip(old.cells, new.cells, strict=True):
        # A cell of one paragraph on both sides is one text, however much it changed.
        pairs: list[tuple[int | None, int | None]] = (
            [(0, 0)] if len(a) == len(b) == 1 else align(a, b, _item_key, _item_similarity))
        cells.append([diff_para(a[i] if i is not None else None, b[j] if j is not None else None)
                      for i, j in pairs])
    return RowDiff(old, new, cells)


def _words(text: str) -> list[str]:
    return [t for t in tokenize(text) if t.strip()]


def ratio(a: str, b: str) -> float:
    """How much of two texts agrees, word by word (0 to 1), with cheap bounds first."""
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _item_key(item: Item) -> Hashable:
    if isinstance(item, Para):
        return ("p", item.style, item.text)
    return ("tbl", tuple(r.texts for r in item.rows))


def _item_similarity(a: Item, b: Item) -> float:
    if isinstance(a, Para) and isinstance(b, Para):
        return ratio(a.text, b.text) if a.style == b.style else 0.0
    if isinstance(a, Tab) and isinstance(b, Tab) and a.width == b.width:
        return ratio(_table_text(a), _table_text(b))
    return 0.0


def _table_text(tab: Tab) -> str:
    return "\n".join(" ".join(r.texts) for r in tab.rows)


def _comparable(a: object, b: object) -> bool:
    return not isinstance(a, Row) or not isinstance(b, Row) or len(a.cells) == len(b.cells)


def _row_similarity(a: Row, b: Row) -> float:
    if len(a.cells) != len(b.cells):
        return 0.0
    return ratio(" ".join(a.texts), " ".join(b.texts))


def align(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable],
          similar: Callable[[T, T], float],
          positional: bool = False) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) in document order; None where one side has no partner.

    Equal items are matched by difflib; within a changed stretch, similar items are
    paired so that the sum of their similarities is highest and their order is kept.
    With `positional`, a changed stretch of equally many items on both sides is paired
    item by item if each pair may be paired at all (similarity above zero).
    """
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new],
                                      autojunk=False)
    out: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend((i1 + k, j1 + k) for k in range(i2 - i1))
        elif positional and i2 - i1 == j2 - j1 and all(
                _comparable(old[i1 + k], new[j1 + k]) for k in range(i2 - i1)):
            out.extend((i1 + k, j1 + k) for k in range(i2 - i1))
        else:
            out.extend(_pair(old, new, i1, i2, j1, j2, similar))
    return out


def _pair(old: Sequence[T], new: Sequence[T], i1: int, i2: int, j1: int, j2: int,
          similar: Callable[[T, T], float]) -> list[tuple[int | None, int | None]]:
    n, m = i2 - i1, j2 - j1
    pairs: list[tuple[int, int]] = []
    if n and m and n * m <= _DP_LIMIT:
        sim = [[s if (s := similar(old[i1 + i], new[j1 + j])) >= SIMILAR else 0.0
                for j in range(m)] for i in range(n)]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(1, n + 1):
            for j in range(1, m + 1):
                value = max(best[i - 1][j], best[i][j - 1])
                if sim[i - 1][j - 1]:
                    value = max(value, best[i - 1][j - 1] + sim[i - 1][j - 1])
                best[i][j] = value
        i, j = n, m
        while i and j:
            if sim[i - 1][j - 1] and best[i][j] == best[i - 1][j - 1] + sim[i - 1][j - 1]:
                pairs.append((i1 + i - 1, j1 + j - 1))
                i, j = i - 1, j - 1
            elif best[i][j] == best[i - 1][j]:
                i -= 1
            else:
                j -= 1
        pairs.reverse()
    elif n and m:
        start = j1
        for i in range(i1, i2):  # greedy: the first similar item further on
            for j in range(start, j2):
                if similar(old[i], new[j]) >= SIMILAR:
                    pairs.append((i, j))
                    start = j + 1
                    break
    out: list[tuple[int | None, int | None]] = []
    pi, pj = i1, j1
    for a, b in [*pairs, (i2, j2)]:
        out.extend((i, None) for i in range(pi, a))
        out.extend((None, j) for j in range(pj, b))
        if a < i2 and b < j2:
            out.append((a, b))
        pi, pj = a + 1, b + 1
    return out
