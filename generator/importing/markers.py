"""Sample values read from the document by marker: each set to a word of its own, the
agreement rendered, and the document's words found where the rendered paragraph has it.

The paragraphs are paired in order (deviations.align, loosely), a paragraph out of order
(a table read by rows in one text and by columns in another) with the most similar one
left; within a paragraph the words around the markers anchor them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..compare.docx_words import Item, Para, flat_paras
from ..sources.yamlread import Path_
from .deviations import Step, align

LOOSE = 0.3  # paragraphs with sample values paired in order from this similarity


def read(rendered: list[Item], document: list[Item], markers: dict[str, Path_]
         ) -> dict[Path_, list[tuple[str, bool]]]:
    """For each field, the document's texts that may stand in place of its marker, each
    with whether it must render strictly closer to count: read paragraph by paragraph
    first, then in the whole text in order (a paragraph the document runs together with
    the one before it; such a reading must prove itself)."""
    out: dict[Path_, list[tuple[str, bool]]] = {}
    for found, strict in ((by_paragraph(rendered, document, markers), False),
                          (in_order(rendered, document, markers), True)):
        for path, value in found.items():
            if path[-1:] in _SHORT and ("\n" in value or len(value.split()) > 12):
                continue  # a name, title, place or date is a few words of one line
            # one paragraph (a line, an item of a list, a paragraph of a text): a reading
            # across paragraphs would take what other fields show
            value = value.split("\n\n")[0]
            if all(value != v for v, _ in out.setdefault(path, [])):
                out[path].append((value, strict))
    return out


_SHORT = {("name",), ("titel",), ("funktion",), ("ort",), ("datum",)}


def in_order(rendered: list[Item], document: list[Item], markers: dict[str, Path_]
             ) -> dict[Path_, str]:
    """The document's words where the rendered words have a marker, the whole text
    aligned word by word; a value across paragraphs keeps their breaks."""
    endings: dict[str, str] = {}
    ours = [_marker(w, markers, endings) for p in flat_paras(rendered) for w in _words(p)]
    if not any(w in markers for w in ours):
        return {}
    theirs: list[str] = []
    where: list[tuple[int, int]] = []  # paragraph and token of each of their words
    paras = flat_paras(document)
    for n, para in enumerate(paras):
        for k, token in enumerate(para.tokens):
            if not token.text.isspace() and token.text != "\u200b":
                theirs.append(token.text)
                where.append((n, k))
    values: dict[Path_, str] = {}
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in ("replace", "delete") or not any(w in markers for w in ours[i1:i2]):
            continue
        for run, start, end in _anchored(ours[i1:i2], theirs[j1:j2], markers):
            if end <= start:
                continue
            text = _text(paras, where[j1 + start], where[j1 + end - 1])
            for name, value in zip(run, _split(text, len(run)), strict=True):
                ending = endings.get(name, "")
                if ending and value.endswith(ending):
                    value = value[:-len(ending)]
                if value:
                    values[markers[name]] = value
    return values


def _text(paras: list[Para], first: tuple[int, int], last: tuple[int, int]) -> str:
    """The document's text from one word to another, paragraphs apart by a blank line."""
    parts = []
    for n in range(first[0], last[0] + 1):
        tokens = paras[n].tokens
        start = first[1] if n == first[0] else 0
        end = last[1] + 1 if n == last[0] else len(tokens)
        parts.append(" ".join("".join(t.text for t in tokens[start:end]).split()))
    return "\n\n".join(p for p in parts if p)


def by_paragraph(rendered: list[Item], document: list[Item], markers: dict[str, Path_]
                 ) -> dict[Path_, str]:
    """The document's text in place of each marker, paragraph by paragraph."""
    theirs = flat_paras(document)
    shown = flat_paras(rendered)
    steps = align([" ".join(_words(p)) for p in shown], [" ".join(_words(p)) for p in theirs],
                  LOOSE)
    paired = {s.old: s.new for s in steps if s.old is not None and s.new is not None}
    by_position = _pairs(steps)
    free = set(range(len(theirs))) - set(paired.values())
    values: dict[Path_, str] = {}
    endings: dict[str, str] = {}
    for number, para in enumerate(shown):
        words = [_marker(w, markers, endings) for w in _words(para)]
        if not any(w in markers for w in words):
            continue
        context = [w for w in words if w not in markers]
        if number not in paired and not context and by_position.get(number) in free:
            paired[number] = by_position[number]  # a paragraph that is only its marker
            free.discard(paired[number])
        if number not in paired:  # out of order (a table read by rows): the most similar
            found_at = _most_similar(context, theirs, free)
            if found_at is None:
                continue
            paired[number] = found_at
            free.discard(found_at)
        for names, found in _aligned(words, theirs[paired[number]], markers):
            for name, value in zip(names, _split(found, len(names)), strict=True):
                ending = endings.get(name, "")
                if ending and value.endswith(ending):  # "Oberbürgermeisterin": the base form
                    value = value[:-len(ending)]
                if value:
                    values[markers[name]] = value
    return values


def _pairs(steps: list[Step]) -> dict[int, int]:
    """Paired paragraphs by index; between two pairs, the unpaired ones of both sides
    paired by position (a paragraph that is only a marker resembles nothing)."""
    out: dict[int, int] = {}
    old: list[int] = []
    new: list[int] = []
    for step in [*steps, Step(-1, -1)]:
        if step.old is not None and step.new is not None:
            out.update(zip(old, new, strict=False))
            old, new = [], []
            if step.old >= 0:
                out[step.old] = step.new
        elif step.old is not None:
            old.append(step.old)
        elif step.new is not None:
            new.append(step.new)
    return out


def _marker(word: str, markers: dict[str, Path_], endings: dict[str, str]) -> str:
    """The marker a rendered word shows, also with an ending the template added (a title
    in its female form: "Zvfeld0xin"); other words as they are."""
    if word in markers:
        return word
    for marker in markers:
        if marker.startswith("Zvfeld") and word.startswith(marker) and word[len(marker):].isalpha():
            endings[marker] = word[len(marker):]
            return marker
    return word


_ACADEMIC = re.compile(r"(Prof|Dr|Dipl|PD|Mag|Lic)\b")


def _words(para: Para) -> list[str]:
    return [t.text for t in para.tokens if not t.text.isspace() and t.text != "\u200b"]


def _most_similar(context: list[str], document: list[Para], free: set[int]) -> int | None:
    best, score = None, LOOSE
    for number in sorted(free):
        words = _words(document[number])
        ratio = difflib.SequenceMatcher(None, context, words, autojunk=False).ratio()
        if words and ratio > score:
            best, score = number, ratio
    return best


def _aligned(words: list[str], best: Para, markers: dict[str, Path_]
              ) -> Iterator[tuple[list[str], str]]:
    """For each run of markers in the rendered paragraph, the text of the document's
    paragraph that stands in their place (the words around them agreeing)."""
    tokens = [t.text for t in best.tokens]
    where = [i for i, t in enumerate(tokens) if not t.isspace() and t != "\u200b"]
    matcher = difflib.SequenceMatcher(None, words, [tokens[i] for i in where],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in ("replace", "delete"):
            continue
        names = [w for w in words[i1:i2] if w in markers]
        if not names:
            continue
        new = [tokens[i] for i in where[j1:j2]]
        for run, start, end in _anchored(words[i1:i2], new, markers):
            text = "".join(tokens[where[j1 + start]:where[j1 + end - 1] + 1]) \
                if end > start else ""
            yield run, " ".join(text.split())


def _anchored(old: list[str], new: list[str], markers: dict[str, Path_]
              ) -> Iterator[tuple[list[str], int, int]]:
    """Runs of markers among other words ("Zvfeld8x Herrn Zvfeld9x" against "Vorsitzenden
    der Geschäftsführung Herr Müller"): each other word anchored at the first similar
    word of the document, each run of markers given what stands between anchors."""
    at = 0
    run: list[str] = []
    for word in old:
        if word in markers:
            run.append(word)
            continue
        anchor = next((k for k in range(at + (1 if run else 0), len(new))
                       if difflib.SequenceMatcher(None, word, new[k]).ratio() >= 0.75), None)
        if anchor is None:
            return
        if run:
            yield run, at, anchor
            run = []
        at = anchor + 1
    if run:
        yield run, at, len(new)


def _split(text: str, parts: int) -> list[str]:
    """Words in place of adjacent markers: one part each; two parts (title and name)
    split before an academic title or before the last two words."""
    words = text.split()
    if parts == 1:
        return [text]
    if parts != 2 or len(words) < 2:
        return [""] * parts
    at = next((i for i, w in enumerate(words) if i and _ACADEMIC.match(w)),
              max(1, len(words) - 2))
    return [" ".join(words[:at]), " ".join(words[at:])]
