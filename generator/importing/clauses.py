"""Edits of the standard text as the agreement's own clause changes (`bausteine:`).

A changed, added or removed paragraph that no field explains belongs to a clause: the
clause whose rendered paragraphs hold it. Its new text is the clause as rendered for
this agreement with the paragraph changed, a finished text (names and the year written
out), as the docs describe `bausteine:` of an agreement. It counts only if the
agreement rendered with it is closer to the returned document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from .. import api
from ..compare.docx_words import Item, Para
from ..compare.textdiff import ratio
from ..cycle.checks import compose
from ..cycle.nextyear import Edit, apply
from ..errors import InputError, SetupError
from .render import Renderer
from .values import Hunk, distance, shown
from .yamledit import after, folded

_SIMILAR = 0.6
MAX_PARAGRAPHS = 200  # changed paragraphs looked up in the clauses at most


@dataclass(frozen=True)
class ClauseChange:
    name: str
    text: str  # the clause's new finished text (Markdown)
    hunks: tuple[Hunk, ...]


def changes(renderer: Renderer, text: str, left: Sequence[Hunk], edited: Sequence[Item]
            ) -> tuple[list[ClauseChange], str, list[Hunk]]:
    """The clause changes that explain hunks, the file's text with them, the hunks left."""
    if not left:
        return [], text, []
    try:
        parts = api.clauses(renderer.load(text))
    except (InputError, SetupError):
        return [], text, list(left)
    paragraphs = [(k, _plain(p.text)) for k, (_, markdown) in enumerate(parts)
                  for p in renderer.items_of_markdown(markdown) if isinstance(p, Para)]
    texts = {k: markdown for k, (_, markdown) in enumerate(parts)}
    by_para: dict[int, list[Hunk]] = {}
    for hunk in left:
        by_para.setdefault(id(hunk.old_para or hunk.new_para), []).append(hunk)
    touched: dict[int, list[Hunk]] = {}
    rest: list[Hunk] = []
    for number, group in enumerate(by_para.values()):
        if number >= MAX_PARAGRAPHS:
            rest.extend(group)
            continue
        hunk = group[0]
        anchor = hunk.old_para or hunk.after
        found = _clause(paragraphs, anchor) if anchor is not None else None
        if found is None:
            rest.extend(group)
            continue
        k, old_text = found
        changed = _changed(texts[k], old_text, hunk)
        if changed is None:
            rest.extend(group)
            continue
        texts[k] = changed
        touched.setdefault(k, []).extend(group)
    base = distance(renderer.items(text), edited)
    accepted: list[ClauseChange] = []
    if not touched:
        return [], text, rest
    for k, group in touched.items():
        change = ClauseChange(parts[k][0].name, texts[k].strip(), tuple(group))
        try:
            candidate = with_clauses(text, [change])
            gain = base - distance(renderer.items(candidate), edited)
        except (InputError, SetupError, ValueError):
            gain = 0
        if gain > 0:
            accepted.append(change)
        else:
            rest.extend(group)
    if not accepted:
        return [], text, rest
    try:
        return accepted, with_clauses(text, accepted), rest
    except ValueError:  # each could be written alone: keep the first only
        return accepted[:1], with_clauses(text, accepted[:1]), [
            *rest, *(h for c in accepted[1:] for h in c.hunks)]


def clause_names(renderer: Renderer, text: str, paras: Sequence[Para | None]
                 ) -> list[str | None]:
    """The clause each paragraph (of the returned document) comes from, if found."""
    if not any(paras):
        return [None for _ in paras]
    try:
        parts = api.clauses(renderer.load(text))
    except (InputError, SetupError):
        return [None for _ in paras]
    paragraphs = [(k, _plain(p.text)) for k, (_, markdown) in enumerate(parts)
                  for p in renderer.items_of_markdown(markdown) if isinstance(p, Para)]
    out: list[str | None] = []
    for para in paras:
        found = _clause(paragraphs, para) if para is not None else None
        out.append(parts[found[0]][0].name if found is not None else None)
    return out


def _plain(text: str) -> str:
    return " ".join(shown(text).split())


def _clause(paragraphs: list[tuple[int, str]], para: Para) -> tuple[int, str] | None:
    wanted = _plain(para.text)
    best, score = None, _SIMILAR
    for k, text in paragraphs:
        if text == wanted:
            return k, text
        similar = ratio(text, wanted)
        if similar > score:
            best, score = (k, text), similar
    return best


def _where(markdown: str, plain: str) -> re.Match[str] | None:
    """The paragraph in the clause's Markdown: its words with any spaces between."""
    words = plain.split()
    if not words:
        return None
    return re.search(r"\s+".join(re.escape(w) for w in words), markdown)


def _changed(markdown: str, old_text: str, hunk: Hunk) -> str | None:
    """The clause's Markdown with the hunk's paragraph as it came back."""
    place = _where(markdown, old_text)
    if place is None:
        return None
    if hunk.old_para is None:  # a paragraph inserted after this one
        assert hunk.new_para is not None
        return (markdown[:place.end()] + "\n\n" + _plain(hunk.new_para.text)
                + markdown[place.end():])
    if hunk.new_para is None:  # the paragraph removed
        return (markdown[:place.start()].rstrip() + "\n\n" + markdown[place.end():].lstrip())
    return markdown[:place.start()] + _plain(hunk.new_para.text) + markdown[place.end():]


def with_clauses(text: str, clauses: Sequence[ClauseChange]) -> str:
    """The agreement file's text with these clauses' texts under `bausteine:` (new keys
    appended, an existing text replaced); raises ValueError where it cannot say how."""
    root = compose(text)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("no mapping")
    section = next((v for k, v in root.value if k.value == "bausteine"), None)
    if section is None:
        entries = "".join(_entry(c, 2) for c in clauses)
        return text.rstrip("\n") + "\n\nbausteine:\n" + entries
    if not isinstance(section, yaml.MappingNode) or section.flow_style or not section.value:
        raise ValueError("bausteine not a block mapping")
    indent = section.value[0][0].start_mark.column
    known = {k.value: (k, v) for k, v in section.value}
    edits: list[Edit] = []
    added = ""
    for clause in clauses:
        if clause.name not in known:
            added += _entry(clause, indent)
            continue
        key, value = known[clause.name]
        if not clause.text:  # the clause's whole text removed: the clause is dropped
            edits.append(Edit(value.start_mark.index, value.end_mark.index, _DROP))
            continue
        if isinstance(value, yaml.MappingNode):
            if value.flow_style:
                raise ValueError("clause change as a flow mapping")
            inner = {k.value: v for k, v in value.value}
            if not isinstance(inner.get("text"), yaml.ScalarNode):
                raise ValueError("clause change without text")
            column = next(k.start_mark.column for k, _ in value.value if k.value == "text")
            value = inner["text"]
        else:
            column = key.start_mark.column
        edits.append(Edit(value.start_mark.index, value.end_mark.index,
                          _literal(clause.text, column + 2)))
    if added:
        position = after(text, section.value[-1][1])
        if position == len(text) and not text.endswith("\n"):
            text += "\n"
            position += 1
        edits.append(Edit(position, position, added))
    return apply(text, edits)


_DROP = "{streichen: true}"


def _entry(clause: ClauseChange, indent: int) -> str:
    value = _literal(clause.text, indent + 2) if clause.text else _DROP
    return f"{' ' * indent}{clause.name}: {value}\n"


def _literal(text: str, indent: int) -> str:
    """A YAML block scalar of the text, its last line break dropped: one paragraph
    folded (wrapped at spaces), else literal (every line as it is)."""
    text = text.strip()
    if "\n" not in text and "  " not in text and "\t" not in text:
        return ">-\n" + "\n".join(folded(text, indent))
    lines = text.split("\n")
    return "|-\n" + "\n".join(" " * indent + line if line else "" for line in lines)
