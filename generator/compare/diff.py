"""`zv diff`: what changed between two versions of an agreement.

Three views of one comparison: a summary of the data (targets with their values as the
document formats them, parties, people, signatures, added and removed paragraphs), a
word diff of the rendered text, and a redline DOCX (generator/redline.py). Agreement
files (YAML) give all three; DOCX files (edited by hand in Word) give the text diff of
their body. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import api
from ..errors import InputError, Problem, SetupError
from ..loaded import Loaded
from ..model import TRAEGER, Person, Ziel, Zielwert
from ..text import german
from ..view import Partei, labels, wording
from ..writers import Job
from ..writers import docx as docx_writer
from . import docx_words, redline, textdiff
from .textdiff import ItemDiff

GROUPS = ("Ziele", "Parteien", "Unterzeichnung", "Absätze", "Weitere Angaben")
# Fields shown elsewhere in the summary: parties and signatures, targets.
_PARTY_FIELDS = {"traeger", "vertretung", "unterzeichnung"}
_EXCERPT = 70


@dataclass(frozen=True)
class Change:
    group: str
    text: str


@dataclass(frozen=True)
class Side:
    """One version: an agreement file (loaded and ready to render) or a DOCX file."""

    file: Path
    loaded: Loaded | None
    job: Job | None
    docx: bytes | None


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    summary: list[Change]
    body: list[ItemDiff]

    @property
    def different(self) -> bool:
        return bool(self.summary) or any(d.status != "equal" for d in self.body)


def read(file: Path) -> Side:
    if file.suffix.lower() == ".docx":
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError([Problem(file, 0, 0, "", f"Datei nicht lesbar ({exc.strerror})")]
                             ) from None
        return Side(file, None, None, data)
    loaded = api.load(file)
    return Side(file, loaded, api.job(loaded), None)


def compare(old_file: Path, new_file: Path) -> Comparison:
    old, new = read(old_file), read(new_file)
    summary = (data_summary(old.loaded, new.loaded)
               if old.loaded is not None and new.loaded is not None else [])
    if old.job is not None and new.job is not None:
        body = redline.compare(docx_writer.frame_document(new.job), old.job, new.job)
    else:
        body = textdiff.diff_items(_items(old), _items(new))
    return Comparison(old, new, summary, body)


def _items(side: Side) -> list[docx_words.Item]:
    if side.job is not None:
        return docx_words.read_items(
            docx_writer.build_elements(docx_writer.frame_document(side.job), side.job.blocks))
    assert side.docx is not None
    try:
        return docx_words.docx_items(side.docx)
    except ValueError:
        raise InputError([Problem(side.file, 0, 0, "", "keine lesbare DOCX-Datei")]) from None


def redline_docx(comparison: Comparison, author: str, date: dt.date | None) -> bytes:
    """The redline; only for two agreement files, whose blocks can be rebuilt."""
    old, new = comparison.old, comparison.new
    if old.job is None or new.job is None or new.loaded is None:
        raise SetupError("eine DOCX-Datei mit Änderungsverfolgung entsteht nur aus zwei "
                         "Vereinbarungsdateien (YAML); DOCX-Dateien werden nur als Text "
                         "verglichen")
    return redline.write(old.job, new.job, author, date or api.stand(new.loaded))


# --- the summary of the data ----------------------------------------------------------

def data_summary(old: Loaded, new: Loaded) -> list[Change]:
    changes = _targets(old.view.ziele, new.view.ziele)
    changes += _parties(list(old.view.parteien), list(new.view.parteien))
    a = old.agreement.model_dump(exclude=_PARTY_FIELDS)
    b = new.agreement.model_dump(exclude=_PARTY_FIELDS)
    _walk(a, b, (), changes)
    order = {g: i for i, g in enumerate(GROUPS)}
    return sorted(changes, key=lambda c: order[c.group])  # stable: document order kept


def _targets(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    for name in [*new, *(n for n in old if n not in new)]:
        a, b = old.get(name), new.get(name)
        before = _by_indicator(a.zielwerte if isinstance(a, Ziel) else [])
        after = _by_indicator(b.zielwerte if isinstance(b, Ziel) else [])
        for key in [*after, *(k for k in before if k not in after)]:
            x, y = before.get(key), after.get(key)
            if x is None and y is not None:
                out.append(Change("Ziele", f"neuer Zielwert {_label(y)}: {_value(y)}"))
            elif y is None and x is not None:
                out.append(Change("Ziele", f"Zielwert entfallen {_label(x)}: {_value(x)}"))
            elif x is not None and y is not None:
                if _value(x) != _value(y):
                    out.append(Change("Ziele", f"{_label(y)}: {_value(x)} -> {_value(y)}"))
                for field in ("text", "aussage"):
                    if getattr(x, field) != getattr(y, field):
                        what = "Absatz" if field == "text" else "Aussage"
                        out.append(Change("Ziele", f"{_label(y)}: {what} "
                                          f"{_show(getattr(x, field))} -> "
                                          f"{_show(getattr(y, field))}"))
    return out


def _by_indicator(values: Sequence[Zielwert]) -> dict[tuple[str, int], Zielwert]:
    seen: dict[str, int] = {}
    out = {}
    for z in values:
        n = seen[z.kennzahl] = seen.get(z.kennzahl, 0) + 1
        out[(z.kennzahl, n)] = z
    return out


def _label(z: Zielwert) -> str:
    title = z.titel or z.kennzahl
    if z.kurz and z.kurz.replace(" ", "") not in title.replace(" ", ""):
        return f"{title} ({z.kurz})"
    return title


def _value(z: Zielwert) -> str:
    """The target in the document's words (view.wording): limit, sign, unit, count."""
    text = wording.aussage(z)
    if z.basis is not None:
        base = wording.wert_mit_einheit(z, z.basis) if z.art == "niveau" else german.zahl(
            z.basis)
        text += f", Ausgangswert {base}"
    return text


def _parties(old: list[Partei], new: list[Partei]) -> list[Change]:
    out: list[Change] = []
    before = {p.schluessel: p for p in old}
    after = {p.schluessel: p for p in new}
    for key, b in after.items():
        a = before.get(key)
        if a is None:
            out.append(Change("Parteien", f"neue Partei: {b.org.name}"))
            continue
        role = "Träger" if key == TRAEGER else f"Ministerium ({b.kurz})"
        if a.org.name != b.org.name:
            out.append(Change("Parteien", f"{role}: {a.org.name} -> {b.org.name}"))
        if _person(a.person) != _person(b.person):
            out.append(Change("Parteien", f"Vertretung {b.kurz}: {_person(a.person)} -> "
                              f"{_person(b.person)}"))
        sign = f"Unterschrift {b.kurz}"
        if a.ort != b.ort:
            out.append(Change("Unterzeichnung", f"{sign}, Ort: {_show(a.ort)} -> {_show(b.ort)}"))
        if a.unterschrift.datum != b.unterschrift.datum:
            out.append(Change("Unterzeichnung", f"{sign}, Datum: {_date(a.unterschrift.datum)} "
                              f"-> {_date(b.unterschrift.datum)}"))
        if a.unterschrift.in_vertretung != b.unterschrift.in_vertretung:
            out.append(Change("Unterzeichnung", f"{sign}, In Vertretung: "
                              f"{_show(a.unterschrift.in_vertretung)} -> "
                              f"{_show(b.unterschrift.in_vertretung)}"))
    out.extend(Change("Parteien", f"Partei entfallen: {a.org.name}")
               for key, a in before.items() if key not in after)
    return out


def _person(person: Person | None) -> str:
    if person is None:
        return "(niemand)"
    parts = [german.titel(person.titel, person.geschlecht) if person.titel else "",
             person.name or person.funktion or ""]
    return " ".join(p for p in parts if p) or "(ohne Namen)"


def _date(value: dt.date | str | None) -> str:
    if isinstance(value, dt.date):
        return german.datum(value)
    return value or "(offen)"


def _walk(a: Any, b: Any, path: tuple[str | int, ...], out: list[Change]) -> None:
    """Every other difference in the data, generically, by its path in the YAML file."""
    if a == b or (path and path[-1] == "zielwerte"):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*b, *(k for k in a if k not in b)]:
            _walk(a.get(key), b.get(key), (*path, key), out)
    elif isinstance(a, list) and isinstance(b, list):
        _walk_list(a, b, path, out)
    elif _empty(a) and isinstance(b, dict | list):
        out.append(Change(_group(path), f"{labels.label(path)}: ergänzt{_title(b)}"))
    elif _empty(b) and isinstance(a, dict | list):
        out.append(Change(_group(path), f"{labels.label(path)}: entfallen{_title(a)}"))
    else:
        out.append(Change(_group(path), f"{labels.label(path)}: {_show(a)} -> {_show(b)}"))


def _walk_list(a: list[Any], b: list[Any], path: tuple[str | int, ...],
               out: list[Change]) -> None:
    records = all(isinstance(x, dict) for x in [*a, *b])

    def key(x: Any) -> str:
        return str(x.get("titel", "")) if isinstance(x, dict) else str(x)

    pairs = textdiff.align(a, b, key, lambda x, y: textdiff.ratio(key(x), key(y))
                           if records else textdiff.ratio(str(x), str(y)))
    for i, j in pairs:
        where = labels.label((*path, j if j is not None else i or 0))
        if i is not None and j is not None:
            if records:
                _walk(a[i], b[j], (*path, j), out)
            elif a[i] != b[j]:
                out.append(Change("Absätze", f"{where}: geändert: {_show(a[i])} -> "
                                  f"{_show(b[j])}"))
        elif j is not None:
            shown = _title(b[j]) if records else f": {_show(b[j])}"
            out.append(Change("Absätze", f"{where}: ergänzt{shown}"))
        elif i is not None:
            shown = _title(a[i]) if records else f": {_show(a[i])}"
            out.append(Change("Absätze", f"{labels.label((*path, i))}: entfallen{shown}"))


def _group(path: tuple[str | int, ...]) -> str:
    return "Absätze" if any(isinstance(p, int) for p in path) else "Weitere Angaben"


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _title(value: Any) -> str:
    if isinstance(value, dict) and value.get("titel"):
        return f" {_show(value['titel'])}"
    return ""


def _show(value: Any) -> str:
    if value is None:
        return "(leer)"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)  # a year or a count as written
    if isinstance(value, Decimal):
        return german.zahl(value)
    if isinstance(value, dt.date):
        return german.datum(value)
    text = " ".join(str(value).split())
    if len(text) > _EXCERPT:
        text = text[:_EXCERPT - 1].rstrip() + "…"
    return f"„{text}“"
