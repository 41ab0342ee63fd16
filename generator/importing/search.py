"""The agreement file that renders closest to a signed document, found step by step.

Every step proposes changes of the data (a Kennzahl added to a goal or dropped, a limit,
a sign, a form of address, a value read at its position) and keeps a change only if
the agreement rendered with it differs from the document in fewer words. The number of
renders is bounded; a document unlike the standard text ends early.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..errors import ZvError
from ..sources.yamlread import Path_, format_path
from . import changes, markers
from .changes import Change
from .deviations import paragraphs
from .fields import fields, inherited
from .segments import resegmented
from .signed import (
    SAMPLE_BASE,
    SAMPLE_BUDGET,
    SAMPLE_DATE,
    SAMPLE_PARAGRAPH,
    SAMPLE_PLACE,
    SAMPLE_SECTION,
    SAMPLE_STATEMENT,
    SAMPLES,
    Scorer,
    dump,
)
from .values import find, hunks

_ROUNDS = 4
_LIMITS = (None, "mindestens", "hoechstens")


class Search:
    def __init__(self, scorer: Scorer, data: dict[str, Any]) -> None:
        self.scorer = scorer
        self.data = data
        self.text = dump(data)
        score = scorer.score(self.text)
        if score is None:
            raise ValueError("skeleton does not render")
        self.best = score
        # Values of the year (the Muster's `werte`), not the agreement's own: carried over
        # from the latest earlier Muster, or found where the Muster or state gives them.
        self.year_paths: set[Path_] = set()
        self.carried: dict[Path_, Any] = {}

    def _try(self, change: Callable[[dict[str, Any]], bool]) -> bool:
        """Apply `change` to a copy; keep it if the rendering comes closer."""
        if self.scorer.exhausted():
            return False
        candidate = copy.deepcopy(self.data)
        if not change(candidate):
            return False
        text = dump(candidate)
        score = self.scorer.score(text)
        if score is None or score >= self.best:
            return False
        self.data, self.text, self.best = candidate, text, score
        return True

    def structure(self, goals: list[str], catalogue: list[str]) -> None:
        """Kennzahlen per goal: the best addition or exchange at a time, then drops.
        After the first round only what came closer once is tried again."""
        promising: set[tuple[str, str]] | None = None
        for _ in range(12):
            options: list[tuple[tuple[str, str] | None, Change]] = []
            for goal in goals:
                present = changes.kennzahlen(self.data, goal)
                wanted = [k for k in catalogue if k not in present
                          and (promising is None or (goal, k) in promising)]
                options += [((goal, k), changes.adding(goal, k, at)) for k in wanted
                            for at in range(len(present) + 1)]
                for position in range(len(present)):
                    options += [((goal, k), changes.exchanging(goal, position, k)) for k in wanted]
                options += [(None, changes.dropping(goal, p)) for p in range(len(present))]
            better = self._best_of(options)
            if promising is None:
                promising = better
            if not better:
                break

    def _best_of(self, options: list[tuple[tuple[str, str] | None, Change]]
                 ) -> set[tuple[str, str]]:
        """Takes the one option that comes closest; returns the keys of all that came
        closer (none: nothing changed)."""
        best: tuple[int, dict[str, Any], str] | None = None
        better: set[tuple[str, str]] = set()
        for key, change in options:
            if self.scorer.exhausted():
                break
            candidate = copy.deepcopy(self.data)
            if not change(candidate):
                continue
            text = dump(candidate)
            score = self.scorer.score(text)
            if score is None and key is not None:  # a sentence form that needs a base value
                candidate = changes.with_base(candidate, key)
                text = dump(candidate)
                score = self.scorer.score(text)
            if score is None or score >= self.best:
                continue
            if key is not None:
                better.add(key)
            if best is None or score < best[0]:
                best = (score, candidate, text)
        if best is None:
            return set()
        self.best, self.data, self.text = best
        return better or {("", "")}

    def choices(self) -> None:
        """Limits, signs, absolute numbers, forms of address, 'in Vertretung'."""
        for goal, position, entry in list(changes.all_entries(self.data)):
            where = ("ziele", goal, "zielwerte", position)
            for limit in _LIMITS:
                self._try(changes.setting((*where, "grenze"), limit))
            if "basis" not in entry:
                self._try(changes.setting((*where, "basis"), SAMPLE_BASE + position))
            if "aussage" not in entry:  # a statement of its own ("fast unverändert bleibt")
                self._try(changes.setting((*where, "aussage"), SAMPLE_STATEMENT))
            self._try(changes.negated(goal, position))
            self._try(changes.setting((*where, "absolut"), 100 + position))
        budget = any("haushalt" in f"{k.text} {k.wenn or ''}"
                     for k in self.scorer.renderer.loaded.view.klauseln)
        if budget and "haushalt" not in self.data:  # amounts the text may show one by one
            self._try(changes.setting(("haushalt",), {"verwaltungskosten": SAMPLE_BUDGET,
                                                      "eingliederung": SAMPLE_BUDGET + 1}))
        if isinstance(self.data.get("traeger"), dict):
            for genus in ("m", "f", "n"):
                self._try(changes.setting(("traeger", "genus"), genus))
        for key in list(self.data.get("partner") or {}):
            for genus in ("m", "f", "n"):
                self._try(changes.setting(("partner", key, "genus"), genus))
        for key in list(self.data.get("vertretung") or {}):
            self._try(changes.setting(("vertretung", key, "geschlecht"), "w"))
        for key in list(self.data.get("unterzeichnung") or {}):
            self._try(changes.setting(("unterzeichnung", key, "in_vertretung"), True))

    def values(self) -> None:
        """Values read at their position (rounds: one found value may show the next)."""
        for _ in range(_ROUNDS):
            renderer = self.scorer.renderer
            try:
                now = renderer.items(self.text)
                merged = renderer.load(self.text)
            except Exception:
                return
            del merged
            known = fields(self.text)
            known += inherited(renderer.merged.data, known)
            edits = hunks(now, self.scorer.edited)
            found, _ = find(renderer, self.text, known, edits, self.scorer.edited, now)
            changed = False
            for value in sorted(found, key=lambda v: -v.gain):
                if self._try(changes.setting(value.field.path, changes.scalar(value.value))):
                    changed = True
                    if value.field.node is None:  # a value of the Muster or state
                        self.year_paths.add(value.field.path)
            if not changed:
                break

    def marked(self) -> None:
        """Text fields still at their sample value (persons, names, dates): each set to a
        marker word, and the document's words where the rendered paragraph has it. Places
        come second: beside a found name or date, their paragraph is known."""
        self._marked(lambda path, value: value in SAMPLES)
        for entry in (self.data.get("unterzeichnung") or {}).values():
            if isinstance(entry, dict) and "ort" not in entry:
                entry["ort"] = SAMPLE_PLACE
        self._marked(lambda path, value: value in SAMPLES and path[-1:] == ("ort",))
        for path, value in list(changes.leaves(self.data)):
            if value == SAMPLE_PLACE and path[:1] == ("unterzeichnung",):
                changes.removing(path)(self.data)  # no better place found: the party's own
        # A paragraph before a target's sentence (`kennzahlen.K.text` of the year) where
        # neither the Muster nor the state gives one.
        given = self.scorer.renderer.merged.data.get("kennzahlen") or {}
        for _, _, entry in list(changes.all_entries(self.data)):
            key = entry.get("kennzahl")
            if isinstance(key, str) and not (given.get(key) or {}).get("text") \
                    and not ((self.data.get("kennzahlen") or {}).get(key) or {}).get("text"):
                self.data.setdefault("kennzahlen", {}).setdefault(key, {})["text"] = \
                    SAMPLE_PARAGRAPH
        self.text = dump(self.data)
        self._marked(lambda path, value: value == SAMPLE_PARAGRAPH)
        self._drop_samples()
        # The year's texts carried over from the last Muster, as they stand now: a text
        # the new year rewrote entirely is read where its paragraph stands.
        self._marked(lambda path, value: len(value) > 30 and self.carried.get(path) == value)

    def _drop_samples(self, sample: Any = SAMPLE_PARAGRAPH, count: bool = True) -> None:
        """The samples not read dropped (a section without its heading as a whole), and
        the rendering counted again."""
        for path, value in reversed(list(changes.leaves(self.data))):
            if value == sample:
                whole = path[-1:] == ("titel",) and sample == SAMPLE_SECTION
                changes.removing(path[:-1] if whole else path)(self.data)
        self.data = changes.pruned(self.data)
        self.text = dump(self.data)
        if not count:
            return
        score = self.scorer.score(self.text)
        if score is not None:
            self.best = score

    def _marked(self, wanted: Callable[[Path_, str], bool], strict: bool = False) -> None:
        paths = [path for path, value in changes.leaves(self.data)
                 if isinstance(value, str) and wanted(path, value)]
        if not paths:
            return
        marks = {(f"{n % 28 + 1:02d}.{n // 28 % 12 + 1:02d}.1900"
                    if changes.get(self.data, path) == SAMPLE_DATE else f"Zvfeld{n}x"): path
                   for n, path in enumerate(paths)}
        candidate = copy.deepcopy(self.data)
        for marker, path in marks.items():
            changes.setting(path, marker)(candidate)
        try:
            rendered = self.scorer.renderer.items(dump(candidate))
        except Exception:
            return
        for path, found in markers.read(rendered, self.scorer.edited, marks).items():
            if len(found) == 1:
                self._take(path, found[0][0], strict or found[0][1])
                continue
            # several readings (by paragraph, in text order): the one that comes closest
            start = (copy.deepcopy(self.data), self.text, self.best)
            taken = []
            for value, must in found:
                self.data, self.text, self.best = copy.deepcopy(start[0]), start[1], start[2]
                if self._take(path, value, strict or must):
                    taken.append((self.best, self.data, self.text))
            self.data, self.text, self.best = start
            if taken:
                self.best, self.data, self.text = min(taken, key=lambda t: t[0])

    def _take(self, path: Path_, value: str, strict: bool) -> bool:
        """What stands in the marker's place is the value if it renders no worse (an
        out-of-order signature block may hide the gain; `strict`: only if it renders
        closer); else it may run on ("28.11.2020 In Vertretung"): the longest beginning
        that renders closer."""
        if self._try(changes.setting(path, changes.scalar(value))):
            return True
        if not strict and self._try_equal(changes.setting(path, changes.scalar(value))):
            return True
        words = value.split()
        return any(self._try(changes.setting(path, changes.scalar(" ".join(words[:end]))))
                   for end in range(len(words) - 1, max(0, len(words) - 6), -1))

    def resegment(self) -> None:
        """The document's paragraphs cut also where the current rendering has its own
        (segments.py): a text copied from a PDF without blank lines compares by paragraph."""
        try:
            rendered = paragraphs(self.scorer.renderer.items(self.text))
        except ZvError:
            return
        document = paragraphs(self.scorer.edited)
        cut = resegmented(document, rendered)
        if cut == document:
            return
        self.scorer.use(cut)
        score = self.scorer.score(self.text)
        if score is not None:
            self.best = score

    def carry(self, werte: dict[str, Any]) -> None:
        """The latest earlier Muster's year data as a start: each value kept only where
        the document shows it (found changed by values(), else dropped by prune())."""
        data = changes.merged(self.data, copy.deepcopy(werte))
        text = dump(data)
        score = self.scorer.score(text)
        if score is None:  # the old year's data does not fit this year's text
            return
        self.data, self.text, self.best = data, text, score
        self.carried = dict(changes.leaves(werte))
        self.year_paths |= set(self.carried)

    def prune(self) -> None:
        """Sample values the document does not show are dropped again, and so are the
        carried year values that render no closer than without them."""
        for goal, position, _ in reversed(list(changes.all_entries(self.data))):
            self._try_equal(changes.dropping(goal, position))  # a target the text lacks
        unchanged = {path for path, value in changes.leaves(self.data)
                     if path in self.carried and self.carried[path] == value}
        # Whole carried parts first (an entry of a list goes as a whole), then their pieces.
        parts = sorted({path[:n] for path in unchanged for n in range(1, len(path) + 1)},
                       key=lambda p: (len(p), [str(x) for x in p]), reverse=False)
        gone: list[Path_] = []
        for part in parts:
            if any(part[:len(g)] == g for g in gone):
                continue
            inside = [p for p, _ in changes.leaves(changes.get(self.data, part))] \
                if changes.has(self.data, part) else []
            if inside and all((*part, *p) in unchanged for p in inside) \
                    and self._try_equal(changes.removing(part)):
                gone.append(part)
        self._try_equal(lambda data: changes.replaced_by(data, changes.pruned(data)))
        for path, value in list(changes.leaves(self.data)):
            if (value in SAMPLES or path[-1:] == ("in_vertretung",)
                    or path[:1] + path[2:] == ("unterzeichnung", "ort")) \
                    and not self._try(changes.removing(path)):
                self._try_equal(changes.removing(path))

    def missing(self) -> list[str]:
        """Fields still at a sample value: the document does not show them."""
        return [format_path(path) for path, value in changes.leaves(self.data) if value in SAMPLES]

    def _try_equal(self, change: Callable[[dict[str, Any]], bool]) -> bool:
        """Keep a removal that renders as close as before."""
        candidate = copy.deepcopy(self.data)
        if not change(candidate):
            return False
        text = dump(candidate)
        score = self.scorer.score(text)
        if score is None or score > self.best:
            return False
        self.data, self.text, self.best = candidate, text, score
        return True
