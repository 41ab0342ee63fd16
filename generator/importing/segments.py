"""A document's paragraphs cut where zv's rendering has its paragraphs.

Text copied from a PDF often has no blank line between paragraphs (pdftotext without
-layout runs a page together), and a Markdown text may join a heading with its first
line. The document's words are aligned with the rendered agreement's words; wherever a
rendered paragraph begins and the words on both sides of the break stand in both texts,
the document gets a paragraph break there too. The document's own breaks stay: what zv
does not render (a Träger's own text) keeps the paragraphs it had.
"""

from __future__ import annotations

import difflib
import itertools

MAX_WORDS = 60_000  # words of both sides aligned at most; more: the paragraphs stay


def resegmented(document: list[str], rendered: list[str]) -> list[str]:
    """The document's paragraphs, broken also where the rendering breaks."""
    words: list[str] = []
    cuts: set[int] = set()
    for para in document:
        cuts.add(len(words))
        words.extend(para.split())
    ours: list[str] = []
    starts: set[int] = set()
    for para in rendered:
        starts.add(len(ours))
        ours.extend(para.split())
    if not words or len(words) + len(ours) > MAX_WORDS:
        return list(document)
    matcher = difflib.SequenceMatcher(None, ours, words, autojunk=False)
    # A break counts where the words on both sides of it stand in both texts, one after
    # the other: a rendered paragraph that merely begins with common words ("Für das
    # Land …") inside a paragraph of the document's own cuts nothing.
    same: dict[int, int] = {}
    changed: dict[int, int] = {}  # a changed stretch begins: where it begins in the document
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            same.update((i1 + k, j1 + k) for k in range(i2 - i1))
        else:
            changed[i1] = j1
    for i in starts:
        before = same.get(i - 1)
        if before is None:
            continue
        if same.get(i) == before + 1 or changed.get(i) == before + 1:
            cuts.add(before + 1)
    bounds = [*sorted(c for c in cuts if 0 <= c < len(words)), len(words)]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds) if b > a]
