"""Where a signed document says otherwise than the standard text in force: per clause.

The paragraphs zv renders (each known by its clause) and the document's paragraphs are
aligned: equal ones first, then similar ones paired in order. A clause whose paragraphs
are not all equal gets the document's wording as its own text: its rendered Markdown
with each changed paragraph replaced, a dropped one removed and an inserted one added
in place (formatting of the unchanged ones kept); a paragraph the Markdown does not
show word for word makes the whole clause the document's paragraphs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .. import api
from ..compare.docx_words import Item, Para
from ..compose.templating import md_escape
from ..model.values import blocks_problem
from .clauses import ClauseChange
from .render import Renderer

_SIMILAR = 0.5
_MAX_PAIRING = 40_000  # paragraph pairs compared within one changed stretch at most


@dataclass(frozen=True)
class Deviation:
    """A clause the document words otherwise."""

    change: ClauseChange  # the clause with the document's wording
    old: str  # its paragraphs as rendered, as plain text
    new: str  # its paragraphs in the document
    layout: bool  # one of zv's layout blocks (title, parties, signatures): not a text


@dataclass(frozen=True)
class Step:
    """One aligned pair: a rendered paragraph (old), a document paragraph (new)."""

    old: int | None
    new: int | None


def paragraphs(items: list[Item]) -> list[str]:
    out: list[str] = []
    for item in items:
        paras = [item] if isinstance(item, Para) else [
            p for row in item.rows for cell in row.cells for p in cell]
        out.extend(" ".join(p.text.replace("\u200b", " ").split()) for p in paras)
    return [p for p in out if p]


def align(old: list[str], new: list[str], similar: float = _SIMILAR) -> list[Step]:
    """Equal paragraphs matched first; in between, similar ones paired in order."""
    steps: list[Step] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps += [Step(i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            steps += _paired(old, new, i1, i2, j1, j2, similar)
    return steps


def _paired(old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int,
            similar: float) -> list[Step]:
    """Similar paragraphs of one changed stretch paired in order (greedy, bounded)."""
    steps: list[Step] = []
    j = j1
    for i in range(i1, i2):
        best, score = None, similar
        if (i2 - i1) * (j2 - j1) <= _MAX_PAIRING:
            for k in range(j, j2):
                matcher = difflib.SequenceMatcher(None, old[i].split(), new[k].split(),
                                                  autojunk=False)
                if matcher.quick_ratio() > score and matcher.ratio() > score:
                    best, score = k, matcher.ratio()
        if best is None:
            steps.append(Step(i, None))
            continue
        steps += [Step(None, k) for k in range(j, best)]
        steps.append(Step(i, best))
        j = best + 1
    steps += [Step(None, k) for k in range(j, j2)]
    return steps


def deviations(renderer: Renderer, text: str, edited: list[Item]) -> list[Deviation]:
    """The clauses whose text in the document differs, with the document's wording."""
    parts = api.clauses(renderer.load(text))
    owner: list[int] = []
    old: list[str] = []
    for k, (_, markdown) in enumerate(parts):
        for para in paragraphs(renderer.items_of_markdown(markdown)):
            owner.append(k)
            old.append(para)
    new = paragraphs(edited)
    if not old:
        return []
    by_clause: dict[int, list[Step]] = {}
    current = owner[0]
    for step in align(old, new):
        if step.old is not None:
            current = owner[step.old]
        by_clause.setdefault(current, []).append(step)
    out = []
    for k, steps in by_clause.items():
        if all(s.old is not None and s.new is not None and old[s.old] == new[s.new]
               for s in steps):
            continue
        ours = " ".join(old[s.old] for s in steps if s.old is not None).split()
        if ours and ours == " ".join(new[s.new] for s in steps if s.new is not None).split():
            continue  # the same words, only broken into paragraphs otherwise
        name, markdown = parts[k][0].name, parts[k][1]
        changed = _rewritten(markdown, steps, old, new)
        if changed is None:
            changed = "\n\n".join(md_escape(new[s.new]) for s in steps if s.new is not None)
        out.append(Deviation(
            ClauseChange(name, changed.strip(), ()),
            "\n\n".join(old[s.old] for s in steps if s.old is not None),
            "\n\n".join(new[s.new] for s in steps if s.new is not None),
            blocks_problem(markdown) is not None))
    return out


def _rewritten(markdown: str, steps: list[Step], old: list[str], new: list[str]
               ) -> str | None:
    """The clause's Markdown with the document's paragraphs in place, or None."""
    out: list[str] = []
    cursor = 0
    for step in steps:
        if step.old is None:
            assert step.new is not None
            out.append("\n\n" + md_escape(new[step.new]) + "\n\n")
            continue
        place = _where(markdown, old[step.old], cursor)
        if place is None:
            return None
        start, end = place.span()
        # Emphasis that closes right after the words belongs to the paragraph.
        closing = re.match(r"[*_]*", markdown[end:])
        end += closing.end() if closing else 0
        out.append(markdown[cursor:start])
        if step.new is None:
            cursor = end
            continue
        if old[step.old] == new[step.new]:
            out.append(markdown[start:end])
        else:
            out.append(md_escape(new[step.new]) + markdown[place.end():end])
        cursor = end
    out.append(markdown[cursor:])
    result = "".join(out)
    return re.sub(r"\n{3,}", "\n\n", result)


def _where(markdown: str, plain: str, start: int) -> re.Match[str] | None:
    """The paragraph's words in the Markdown from `start`, with any spaces and
    emphasis marks between them."""
    words = plain.split()
    if not words:
        return None
    gap = r"(?:\s|\*|_|\\)*"
    pattern = gap.join(re.escape(w) for w in words)
    return re.compile(pattern).search(markdown, start)
