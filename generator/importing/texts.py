"""Texts an agreement may add, read from a signed document at markers.

The model's optional paragraphs and lists (a goal's own paragraph, own targets and
analysis fields; paragraphs of the preamble, the conditions and the cooperation) and the
further goals after the three statutory ones (`ziele.weitere`: heading, paragraph, list,
steps, "erreicht, wenn"). Each is set to a sample, the sample read where the rendering
shows it (search.Search._marked, strictly: only what comes closer stays), a list item
by item.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..sources.yamlread import Path_
from . import changes
from .search import Search
from .signed import SAMPLE_PARAGRAPH, SAMPLE_SECTION, dump

_MAX_ITEMS = 40  # items of one list read at most
_MAX_SECTIONS = 8  # further goals read at most
# The agreement's optional texts (model/agreement.py, model/targets.py): path, list or not.
_OPTIONAL: tuple[tuple[Path_, bool], ...] = (
    (("praeambel", "absaetze"), True), (("rahmenbedingungen",), True),
    (("zusammenarbeit", "zusatz"), False), (("zusammenarbeit", "absaetze"), True))
_GOAL_TEXTS = (("text", False), ("eigene_ziele", True), ("analysefelder", True))
# a further goal's texts (model/targets.py, WeiteresZiel)
_SECTION_TEXTS = (("text", False), ("ziele", True), ("umsetzungsschritte", True),
                  ("erreicht_wenn", False))


_SECTION = re.compile(r"(?:[IVX]+|\d+|[A-Z])(?:\.|\s*[-–])\s")


def _heading(item: object) -> bool:
    """A short line numbered like a section ("IV. Verbesserung …", "IV - A - Ziele:") or
    ending in a colon: the next part of the document, not another item of a list."""
    if not isinstance(item, str):
        return False
    short = len(item.split()) <= 10
    return short and (_SECTION.match(item) is not None or item.rstrip().endswith(":"))


class Reading(Search):
    """The search with the agreement's optional texts."""

    def optional_texts(self, goals: list[str]) -> None:
        """Texts an agreement may add (the model's optional paragraphs and lists: a goal's
        own paragraph, own targets and analysis fields, paragraphs of the preamble, of the
        conditions and of the cooperation), each read alone at a marker where nothing gives
        it yet. The texts of one goal compete for what the document shows: the one that
        comes closest is kept, then the others are tried again beside it."""
        given = self.scorer.renderer.merged.data

        def open_(path: Path_) -> bool:
            return not changes.has(self.data, path) and not (
                changes.has(given, path) and changes.get(given, path) not in (None, "", []))

        groups = [[option] for option in _OPTIONAL]
        groups += [[(("ziele", g, key), many) for key, many in _GOAL_TEXTS] for g in goals]
        for group in groups:
            for path in self._read_group([(p, many) for p, many in group if open_(p)]):
                if path[0] != "ziele" or path[-1] == "analysefelder":
                    self.year_paths.add(path)  # the year's text (unless it names the
                    # Träger: fromtext keeps that with the agreement)

    def further_goals(self) -> None:
        """Further goals after the three statutory ones, one at a time: a heading read at
        its marker, then the goal's paragraph, list, steps and "erreicht, wenn"."""
        if changes.has(self.data, ("ziele", "weitere")):
            return
        for index in range(_MAX_SECTIONS):
            if self.scorer.exhausted():
                return
            ziele = self.data.setdefault("ziele", {})
            ziele.setdefault("weitere", []).append({"titel": SAMPLE_SECTION})
            self._read_samples(SAMPLE_SECTION)
            if not changes.has(self.data, ("ziele", "weitere", index, "titel")):
                return  # no further heading in the document (or no such section here)
            where = ("ziele", "weitere", index)
            self._read_group([((*where, key), many) for key, many in _SECTION_TEXTS])
            self._parts(where)

    def _parts(self, where: Path_) -> None:
        """A further goal's sub-sections (`teile`: "IV - A - …"), one at a time."""
        for number in range(_MAX_SECTIONS):
            if self.scorer.exhausted():
                return
            goal = changes.get(self.data, where)
            if not isinstance(goal, dict):
                return
            goal.setdefault("teile", []).append({"titel": SAMPLE_SECTION})
            self._read_samples(SAMPLE_SECTION)
            part = (*where, "teile", number)
            if not changes.has(self.data, (*part, "titel")):
                return
            self._read_group([((*part, "text"), False), ((*part, "ziele"), True)])

    def _read_group(self, fields: list[tuple[Path_, bool]]) -> list[Path_]:
        """The texts of one group, competing step by step for what the document shows:
        a field read at its marker, or the next item of a list already read. The step that
        comes closest is taken; on a tie a field before an item (text the template frames,
        as "Das Ziel ist erreicht, wenn …", is that field, not one more item). Returns the
        fields found."""
        left = list(fields)
        growing: list[Path_] = []
        kept: list[Path_] = []
        for _ in range(_MAX_ITEMS * 2):
            if self.scorer.exhausted() or not (left or growing):
                break
            start = (copy.deepcopy(self.data), self.text, self.best)
            tried = []
            steps = [(0, field) for field in left] + [(1, (path, True)) for path in growing]
            for rank, (path, many) in steps:
                self.data, self.text, self.best = copy.deepcopy(start[0]), start[1], start[2]
                if self._read_step(path, many, grow=rank == 1):
                    tried.append((self.best, rank, (path, many), self.data, self.text))
                elif rank == 1:
                    growing.remove(path)  # the list has ended
            self.data, self.text, self.best = start
            if not tried:
                break
            score, rank, (path, many), self.data, self.text = min(
                tried, key=lambda t: (t[0], t[1]))
            self.best = score
            if rank == 0:
                left.remove((path, many))
                kept.append(path)
                if many:
                    growing.append(path)
            if rank == 1 and self._ended(path):
                growing.remove(path)
        return kept

    def _read_step(self, path: Path_, many: bool, grow: bool) -> bool:
        """A field read at its marker, or (`grow`) the next item of its list."""
        if grow:
            items = changes.get(self.data, path) if changes.has(self.data, path) else None
            if not isinstance(items, list) or not items:
                return False
            items.append(SAMPLE_PARAGRAPH)
        else:
            changes.setting(path, [SAMPLE_PARAGRAPH] if many else SAMPLE_PARAGRAPH)(self.data)
        if not self._read_samples():
            return False
        items = changes.get(self.data, path) if changes.has(self.data, path) else None
        # the next section's heading is no item: a list ends (or never starts) before it
        return not (many and isinstance(items, list) and items and _heading(items[-1]))

    def _ended(self, path: Path_) -> bool:
        """Whether a list has reached its limit."""
        items = changes.get(self.data, path) if changes.has(self.data, path) else []
        return not isinstance(items, list) or len(items) >= _MAX_ITEMS

    def _read_samples(self, sample: Any = SAMPLE_PARAGRAPH) -> bool:
        """Reads the samples now in the data (strictly: only what comes closer), then
        drops those not found; whether any was found."""
        before = self.best
        self.text = dump(self.data)
        with_samples = self.scorer.score(self.text)
        if with_samples is None:  # a sample the model refuses: none of them
            self._drop_samples(sample, count=False)
            return False
        self.best = with_samples  # each value read must come closer than its sample
        self._marked(lambda path, value: value == sample, strict=True)
        self._drop_samples(sample)
        return self.best < before

