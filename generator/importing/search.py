"""The agreement file that renders closest to a signed document, found step by step.

Every step proposes changes of the data (a Kennzahl added to a goal or dropped, a limit,
a sign, a form of address, a value read at its position) and keeps a change only if
the agreement rendered with it differs from the document in fewer words. The number of
renders is bounded; a document unlike the standard text ends early.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from ..compare.docx_words import Item, Para
from ..sources.yamlread import Path_, format_path
from .deviations import align
from .fields import fields, inherited
from .signed import SAMPLE_BASE, SAMPLE_DATE, SAMPLE_PLACE, SAMPLE_STATEMENT, SAMPLES, Scorer, dump
from .values import find, hunks

MAX_RENDERS = 900
Change = Callable[[dict[str, Any]], bool]
_LOOSE = 0.3  # paragraphs with sample values paired in order from this similarity
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
        if self.scorer.renders >= MAX_RENDERS:
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
                present = _kennzahlen(self.data, goal)
                wanted = [k for k in catalogue if k not in present
                          and (promising is None or (goal, k) in promising)]
                options += [((goal, k), _adding(goal, k, at)) for k in wanted
                            for at in range(len(present) + 1)]
                for position in range(len(present)):
                    options += [((goal, k), _exchanging(goal, position, k)) for k in wanted]
                options += [(None, _dropping(goal, p)) for p in range(len(present))]
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
            if self.scorer.renders >= MAX_RENDERS:
                break
            candidate = copy.deepcopy(self.data)
            if not change(candidate):
                continue
            text = dump(candidate)
            score = self.scorer.score(text)
            if score is None and key is not None:  # a sentence form that needs a base value
                candidate = _with_base(candidate, key)
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
        for goal, position, entry in list(_all_entries(self.data)):
            where = ("ziele", goal, "zielwerte", position)
            for limit in _LIMITS:
                self._try(_setting((*where, "grenze"), limit))
            if "basis" not in entry:
                self._try(_setting((*where, "basis"), SAMPLE_BASE + position))
            if "aussage" not in entry:  # a statement of its own ("fast unverändert bleibt")
                self._try(_setting((*where, "aussage"), SAMPLE_STATEMENT))
            self._try(_negated(goal, position))
            self._try(_setting(("ziele", goal, "zielwerte", position, "absolut"), 100 + position))
        if isinstance(self.data.get("traeger"), dict):
            for genus in ("m", "f", "n"):
                self._try(_setting(("traeger", "genus"), genus))
        for key in list(self.data.get("partner") or {}):
            for genus in ("m", "f", "n"):
                self._try(_setting(("partner", key, "genus"), genus))
        for key in list(self.data.get("vertretung") or {}):
            self._try(_setting(("vertretung", key, "geschlecht"), "w"))
        for key in list(self.data.get("unterzeichnung") or {}):
            self._try(_setting(("unterzeichnung", key, "in_vertretung"), True))

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
                if self._try(_setting(value.field.path, _scalar(value.value))):
                    changed = True
                    if value.field.node is None:  # a value of the Muster or state
                        self.year_paths.add(value.field.path)
            if not changed:
                break

    def marked(self) -> None:
        """Text fields still at their sample value (persons, names, dates): each set to a
        marker word, and the document's words where the rendered paragraph has it. Places
        come second: beside a found name or date, their paragraph is known."""
        self._marked(lambda path: True)
        for entry in (self.data.get("unterzeichnung") or {}).values():
            if isinstance(entry, dict) and "ort" not in entry:
                entry["ort"] = SAMPLE_PLACE
        self._marked(lambda path: path[-1:] == ("ort",))
        for path, value in list(leaves(self.data)):
            if value == SAMPLE_PLACE and path[:1] == ("unterzeichnung",):
                _removing(path)(self.data)  # no better place found: the party's own

    def _marked(self, wanted: Callable[[Path_], bool]) -> None:
        paths = [path for path, value in leaves(self.data)
                 if isinstance(value, str) and value in SAMPLES and wanted(path)]
        if not paths:
            return
        markers = {(f"{n % 28 + 1:02d}.{n // 28 % 12 + 1:02d}.1900"
                    if _get(self.data, path) == SAMPLE_DATE else f"Zvfeld{n}x"): path
                   for n, path in enumerate(paths)}
        candidate = copy.deepcopy(self.data)
        for marker, path in markers.items():
            _setting(path, marker)(candidate)
        try:
            rendered = self.scorer.renderer.items(dump(candidate))
        except Exception:
            return
        document = _paras(self.scorer.edited)
        shown = _paras(rendered)
        paired = {step.old: step.new for step in align(
            [" ".join(_words(p)) for p in shown], [" ".join(_words(p)) for p in document],
            _LOOSE) if step.old is not None and step.new is not None}
        free = set(range(len(document))) - set(paired.values())
        values: dict[Path_, str] = {}
        for number, para in enumerate(shown):
            words = _words(para)
            if not any(w in markers for w in words):
                continue
            if number not in paired:  # out of order (a table read by rows): the most similar
                found_at = _most_similar([w for w in words if w not in markers], document, free)
                if found_at is None:
                    continue
                paired[number] = found_at
                free.discard(found_at)
            for names, found in _aligned(words, document[paired[number]], markers):
                for name, value in zip(names, _split(found, len(names)), strict=True):
                    if value:
                        values[markers[name]] = value
        for path, value in values.items():
            # The words in a marker's place may run on ("28.11.2020 In Vertretung"): the
            # longest beginning that renders closer is the value.
            words = value.split()
            for end in range(len(words), max(0, len(words) - 6), -1):
                if self._try(_setting(path, _scalar(" ".join(words[:end])))):
                    break

    def carry(self, werte: dict[str, Any]) -> None:
        """The latest earlier Muster's year data as a start: each value kept only where
        the document shows it (found changed by values(), else dropped by prune())."""
        data = _merged(self.data, copy.deepcopy(werte))
        text = dump(data)
        score = self.scorer.score(text)
        if score is None:  # the old year's data does not fit this year's text
            return
        self.data, self.text, self.best = data, text, score
        self.carried = dict(leaves(werte))
        self.year_paths |= set(self.carried)

    def prune(self) -> None:
        """Sample values the document does not show are dropped again, and so are the
        carried year values that render no closer than without them."""
        unchanged = {path for path, value in leaves(self.data)
                     if path in self.carried and self.carried[path] == value}
        # Whole carried parts first (an entry of a list goes as a whole), then their pieces.
        parts = sorted({path[:n] for path in unchanged for n in range(1, len(path) + 1)},
                       key=lambda p: (len(p), [str(x) for x in p]), reverse=False)
        gone: list[Path_] = []
        for part in parts:
            if any(part[:len(g)] == g for g in gone):
                continue
            inside = [p for p, _ in leaves(_get(self.data, part))] \
                if _has(self.data, part) else []
            if inside and all((*part, *p) in unchanged for p in inside) \
                    and self._try_equal(_removing(part)):
                gone.append(part)
        self._try_equal(lambda data: _replaced_by(data, _pruned(data)))
        for path, value in list(leaves(self.data)):
            if (value in SAMPLES or path[-1:] == ("in_vertretung",)
                    or path[:1] + path[2:] == ("unterzeichnung", "ort")) \
                    and not self._try(_removing(path)):
                self._try_equal(_removing(path))

    def missing(self) -> list[str]:
        """Fields still at a sample value: the document does not show them."""
        return [format_path(path) for path, value in leaves(self.data) if value in SAMPLES]

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


_ACADEMIC = re.compile(r"(Prof|Dr|Dipl|PD|Mag|Lic)\b")


def _paras(items: list[Item]) -> list[Para]:
    out: list[Para] = []
    for item in items:
        if isinstance(item, Para):
            out.append(item)
        else:
            out.extend(p for row in item.rows for cell in row.cells for p in cell)
    return out


def _words(para: Para) -> list[str]:
    return [t.text for t in para.tokens if not t.text.isspace() and t.text != "\u200b"]


def _most_similar(context: list[str], document: list[Para], free: set[int]) -> int | None:
    best, score = None, _LOOSE
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


def _scalar(value: str) -> Any:
    """A value read from the document as the YAML file would hold it."""
    try:
        loaded = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    return loaded if isinstance(loaded, int | float | str) and not isinstance(loaded, bool) \
        and str(loaded) == value else value


def _entries(data: dict[str, Any], goal: str) -> list[dict[str, Any]]:
    entries = ((data.get("ziele") or {}).get(goal) or {}).get("zielwerte") or []
    return list(entries)


def _kennzahlen(data: dict[str, Any], goal: str) -> list[str]:
    return [str(e.get("kennzahl")) for e in _entries(data, goal)]


def _all_entries(data: dict[str, Any]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for goal, content in (data.get("ziele") or {}).items():
        for position, entry in enumerate((content or {}).get("zielwerte") or []):
            yield goal, position, entry


def _adding(goal: str, kennzahl: str, at: int) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        ziele = data.setdefault("ziele", {})
        entries = ziele.setdefault(goal, {}).setdefault("zielwerte", [])
        entries.insert(at, {"kennzahl": kennzahl})
        return True
    return change


def _with_base(data: dict[str, Any], key: tuple[str, str]) -> dict[str, Any]:
    """The entries of this Kennzahl without a base value given a sample one (and read as
    a level target, whose sentence states it)."""
    goal, kennzahl = key
    for entry in ((data.get("ziele") or {}).get(goal) or {}).get("zielwerte") or []:
        if entry.get("kennzahl") == kennzahl and "basis" not in entry:
            entry.update({"art": "niveau", "basis": SAMPLE_BASE})
    return data


def _exchanging(goal: str, position: int, kennzahl: str) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        data["ziele"][goal]["zielwerte"][position] = {"kennzahl": kennzahl}
        return True
    return change


def _dropping(goal: str, position: int) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        entries = data["ziele"][goal]["zielwerte"]
        del entries[position]
        if not entries:
            del data["ziele"][goal]
        return True
    return change


def _negated(goal: str, position: int) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        entry = data["ziele"][goal]["zielwerte"][position]
        value = str(entry.get("wert", ""))
        if not value:
            return False
        entry["wert"] = value[1:] if value.startswith("-") else "-" + value
        return True
    return change


def _setting(path: Path_, value: Any) -> Callable[[dict[str, Any]], bool]:
    def change(data: dict[str, Any]) -> bool:
        node: Any = data
        for part in path[:-1]:
            if isinstance(node, dict):
                node = node.setdefault(part, {})
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return False
        last = path[-1]
        if isinstance(node, dict):
            if value is None:
                return node.pop(last, None) is not None
            if node.get(last) == value:
                return False
            node[last] = value
            return True
        if isinstance(node, list) and isinstance(last, int) and last < len(node):
            if value is None:
                del node[last]
            else:
                node[last] = value
            return True
        return False
    return change


def _merged(data: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` below `data`: what `data` sets wins."""
    out = dict(extra)
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(value, out[key])
        else:
            out[key] = value
    return out


def _replaced_by(data: dict[str, Any], new: dict[str, Any]) -> bool:
    if new == data:
        return False
    data.clear()
    data.update(new)
    return True


def _pruned(data: Any) -> Any:
    """Empty mappings and lists left by removals dropped."""
    if isinstance(data, dict):
        out = {k: _pruned(v) for k, v in data.items()}
        return {k: v for k, v in out.items() if v not in ({}, [])}
    if isinstance(data, list):
        return [_pruned(v) for v in data]
    return data


def _has(data: Any, path: Path_) -> bool:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return False
    return True


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _removing(path: Path_) -> Callable[[dict[str, Any]], bool]:
    return _setting(path, None)


def leaves(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for number, value in enumerate(data):
            yield from leaves(value, (*path, number))
    else:
        yield path, data

