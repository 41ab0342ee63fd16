"""Parse a document piece by piece, keeping each piece's blocks for the next document.

The agreements of a batch share most of their paragraphs word for word; only those with
names, figures and dates differ. Parsing them again for every agreement was the largest
single cost of a batch, so a document is cut into pieces at blank lines and the blocks of
each piece are kept by its text. Only pieces not seen before go to markdown-it, all of
a run of them in one call.

Correctness does not rest on where the cuts are made, only on two facts checked by
markdown-it itself:

- A piece starts after a blank line at a line that begins in column 0 with a character
  that cannot continue a list ("-", "+", "*" or a digit might start another item). After
  such a line, the blocks before it are the same whatever the line is, provided one of
  them is: the line starts a new top-level block (markdown-it's line map says so) or is
  swallowed by something still open (a container or code fence), whatever it holds.
- So a piece's blocks are kept only when, in the run it was parsed in, a new top-level
  block starts at the first line after it (the next piece, or a sentinel paragraph
  appended to the run). Such a piece is closed: in any document, followed by any
  piece, it parses to the same blocks.

Cuts inside a `:::` container or a code fence are skipped by a plain line scan, only so
that a container with blank lines inside is parsed as one piece; a wrong guess there
costs time, never correctness. A document with link reference definitions (which act on
the whole document) or carriage returns is parsed whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice, pairwise
from typing import Generic, TypeVar

from markdown_it import MarkdownIt
from markdown_it.token import Token

B = TypeVar("B")

_SENTINEL = "zv-ende-des-abschnitts"
_NO_CUT = frozenset(" \t-+*0123456789")
_FENCES = ("```", "~~~")


def pieces(text: str) -> list[tuple[int, int]]:
    """(offset, line) of each piece's start; the first piece starts at (0, 0)."""
    starts = [(0, 0)]
    offset = 0
    blank = False
    depth = 0  # open containers, as far as a line scan can tell
    fence = ""
    for number, line in enumerate(text.split("\n")):
        if not line.strip(" \t"):
            blank = True
        else:
            if blank and not depth and not fence and line[0] not in _NO_CUT:
                starts.append((offset, number))
            blank = False
            if fence:
                if line.startswith(fence):
                    fence = ""
            elif line.startswith(_FENCES):
                fence = line[:3]
            elif line.startswith(":::"):
                depth = depth + 1 if line.lstrip(":").strip() else max(depth - 1, 0)
        offset += len(line) + 1
    return starts


class PieceCache(Generic[B]):
    """Blocks by piece text for one parser and one token-to-blocks conversion."""

    def __init__(self, md: MarkdownIt, convert: Callable[[Sequence[Token]], list[B]],
                 size: int = 2048) -> None:
        self._md = md
        self._convert = convert
        self._size = size
        self._known: dict[str, tuple[B, ...]] = {}

    def parse(self, text: str) -> list[B] | None:
        """The document's blocks, or None when it must be parsed whole."""
        if "\r" in text:
            return None
        starts = pieces(text)
        bounds = [offset for offset, _ in starts] + [len(text)]
        texts = [text[bounds[k]:bounds[k + 1]] for k in range(len(starts))]
        out: list[B] = []
        i = 0
        while i < len(texts):
            known = self._known.pop(texts[i], None)
            if known is not None:
                self._known[texts[i]] = known  # now the most recently used
                out.extend(known)
                i += 1
                continue
            j = i + 1
            while j < len(texts) and texts[j] not in self._known:
                j += 1
            parsed = self._run(texts[i:j], [line - starts[i][1] for _, line in starts[i:j]])
            if parsed is None:
                return None
            out.extend(parsed)
            i = j
        return out

    def _run(self, texts: list[str], lines: list[int]) -> list[B] | None:
        """Parse consecutive unknown pieces in one call and keep the closed ones."""
        source = "".join(texts)
        if not source.endswith("\n"):
            source += "\n"
        end = source.count("\n") + 1  # the sentinel's line, after one blank line
        env: dict[str, object] = {}
        tokens = self._md.parse(f"{source}\n{_SENTINEL}\n", env)
        if env.get("references"):
            return None
        wanted = {line: k for k, line in enumerate(lines)}
        wanted[end] = len(texts)
        cuts: list[tuple[int, int]] = []  # (token index, piece index) where a piece starts
        for index, token in enumerate(tokens):
            if token.level == 0 and token.nesting >= 0 and token.map is not None:
                piece = wanted.get(token.map[0])
                if piece is not None:
                    cuts.append((index, piece))
        if not cuts or cuts[-1][1] != len(texts):
            return None  # the sentinel was swallowed: something is still open at the end
        if cuts[0][1] != 0:
            cuts.insert(0, (0, 0))
        out: list[B] = []
        for (first, k), (after, next_k) in pairwise(cuts):
            blocks = self._convert(tokens[first:after])
            out.extend(blocks)
            if next_k == k + 1:  # one piece, closed
                self._keep(texts[k], tuple(blocks))
        return out

    def _keep(self, text: str, blocks: tuple[B, ...]) -> None:
        """Keep a piece; when full, drop the quarter used least recently (the pieces
        with one agreement's names and figures, not the standard text every one has)."""
        if len(self._known) >= self._size:
            for old in list(islice(self._known, max(1, self._size // 4))):
                del self._known[old]
        self._known[text] = blocks
