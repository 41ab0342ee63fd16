"""What `zv import` of a returned draft changes: found, checked, nothing written here.

The DOCX names its agreement file (or --agreement does); its text as zv wrote it
(every tracked change rejected) and as it came back (every change accepted) give the
edits; each edit is a field's new value (found by rendering, values.py), a conflict
(the agreement file changed the same place since the DOCX was written) or a change of
the standard text, which is reported and not taken over.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import api
from ..compare.docx_words import flat_paras
from ..errors import InputError, Problem, SetupError
from ..sources.project import PACKAGE_ROOT, project_root
from . import wordfile
from .clauses import ClauseChange, clause_names
from .clauses import changes as clause_changes
from .fields import Field, fields, forms, inherited
from .render import Renderer
from .values import Hunk, Value, distance, find, hunks, shown
from .yamledit import replaced


@dataclass(frozen=True)
class Conflict:
    names: tuple[str, ...]  # the fields (YAML paths) edited in both, if known
    hunk: Hunk


@dataclass(frozen=True)
class Plan:
    returned: wordfile.Returned
    agreement: Path
    old_text: str
    new_text: str
    values: list[Value]
    clauses: list[ClauseChange]  # edits of the standard text as the agreement's clauses
    left: list[Hunk]  # edits not taken over
    conflicts: list[Conflict]
    changed_since: bool  # the agreement file is not the one the DOCX was written from
    untracked: bool  # no tracked changes: compared with the text zv renders now
    signed: bool  # a signed Endfassung
    remaining: int  # words that still differ when the new file is rendered
    places: list[str]  # for each comment: the field or clause its text belongs to


def agreement_of(returned: wordfile.Returned, given: Path | None) -> Path:
    """The agreement file: --agreement, else the one named in the DOCX's properties."""
    file = returned.file
    if given is not None:
        if not given.is_file():
            raise InputError([Problem(given, 0, 0, "", "Vereinbarungsdatei nicht gefunden")])
        return given
    name = returned.properties.get(api.SOURCE_PROPERTY)
    if not name:
        raise InputError([Problem(file, 0, 0, "", "die DOCX-Datei nennt keine "
                                  "Vereinbarungsdatei (nicht von zv geschrieben oder die "
                                  "Eigenschaften wurden entfernt)",
                                  "mit --agreement DATEI angeben")])
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or relative.suffix != ".yaml":
        raise InputError([Problem(file, 0, 0, "", f"ungültige Angabe der Vereinbarungsdatei "
                                  f"'{name}'", "mit --agreement DATEI angeben")])
    roots = []
    for start in (Path.cwd(), file.parent):
        try:
            root = project_root(start)
        except SetupError:
            continue
        # zv's own project only where the search started in it: a missing file in a
        # clerk's project is never taken from zv's examples.
        if root != PACKAGE_ROOT or start.resolve().is_relative_to(PACKAGE_ROOT):
            roots.append(root)
    roots = roots or [PACKAGE_ROOT]
    searched = list(dict.fromkeys(str(root) for root in roots))
    for root in dict.fromkeys(roots):
        candidate = root.joinpath(*relative.parts)
        if candidate.is_file():
            try:  # shown as the clerk would write it, from the current folder
                return candidate.relative_to(Path.cwd().resolve())
            except ValueError:
                return candidate
    raise InputError([Problem(file, 0, 0, "", f"Vereinbarungsdatei {name} nicht gefunden "
                              f"(gesucht in: {', '.join(searched)})",
                              "im Projektordner aufrufen oder mit --agreement DATEI angeben")])


def plan(docx: Path, given: Path | None = None) -> Plan:
    """Everything the returned DOCX changes; raises InputError for bad input."""
    returned = wordfile.read(docx)
    file = agreement_of(returned, given)
    try:
        data = file.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(file, 0, 0, "", f"Vereinbarungsdatei nicht lesbar ({exc})")
                          ]) from None
    renderer = Renderer(file)
    loaded = renderer.loaded
    now = renderer.items_of(loaded)
    changed_since = returned.properties.get(api.FINGERPRINT_PROPERTY) != api.fingerprint(data)
    # A paragraph that reads as zv renders it now needs nothing (imported before, or a
    # redline of `zv diff` whose changes the file has).
    current = {p.text for p in flat_paras(now)}
    # Edited without tracking changes, from the file as it is: what zv renders now is the
    # text it wrote. (With tracked changes, their rejection is: zv's templates may have
    # changed since, and their changes are no edit of the document.)
    untracked = not returned.revisions and not changed_since
    base = now if untracked else returned.written
    edits = [h for h in hunks(base, returned.edited)
             if (h.new_para.text if h.new_para is not None else None) not in current
             and not (h.new_para is None and h.old_para is not None
                      and h.old_para.text not in current)]
    known = fields(text)
    known += inherited(renderer.merged.data, known)
    conflicts: list[Conflict] = []
    if changed_since:
        since = hunks(returned.written, now)
        clear = []
        for hunk in edits:
            both = [y for y in since if y.old_para is not None and y.old_para is hunk.old_para
                    and y.start <= hunk.end and hunk.start <= y.end]
            if any((y.start, y.end, y.new) == (hunk.start, hunk.end, hunk.new) for y in both):
                continue  # the file made the same change: taken over already
            if both:
                conflicts.append(Conflict(_names(both, known), hunk))
            else:
                clear.append(hunk)
        edits = clear
    found, left = find(renderer, text, known, edits, returned.edited, now)
    values, new_text, dropped = _combined(renderer, text, found)
    left += dropped
    changed_clauses, new_text, left = clause_changes(renderer, new_text, left,
                                                     returned.edited)
    remaining = distance(renderer.items(new_text) if new_text != text else now,
                         returned.edited)
    parteien = loaded.view.parteien
    signed = (loaded.agreement.status == "endfassung" and bool(parteien)
              and all(p.unterschrift.datum for p in parteien))
    places = _places(returned, values, known, renderer, new_text)
    return Plan(returned, file, text, new_text, values, changed_clauses, left, conflicts,
                changed_since, untracked, signed, remaining, places)


def _combined(renderer: Renderer, text: str, found: list[Value]
              ) -> tuple[list[Value], str, list[Hunk]]:
    """The values found, best first, each kept if the file still renders with it and the
    values before it; one value per field (a second edit of the same value that agrees
    is no change of its own). Returns the values, the new text and the hunks dropped."""
    values: list[Value] = []
    dropped: list[Hunk] = []
    new_text = text
    for value in sorted(found, key=lambda v: -v.gain):
        same = next((v for v in values if v.field.path == value.field.path), None)
        if same is not None:
            if same.value != value.value:
                dropped.append(value.hunk)
            continue
        try:
            candidate = replaced(text, {v.field: v.value for v in [*values, value]})
            renderer.items(candidate)
        except (InputError, ValueError):
            dropped.append(value.hunk)
            continue
        values.append(value)
        new_text = candidate
    values.sort(key=lambda v: (v.field.line == 0, v.field.line, v.field.name))
    return values, new_text, dropped


def _places(returned: wordfile.Returned, values: list[Value], known: list[Field],
            renderer: Renderer, text: str) -> list[str]:
    """For each comment the field its text shows (a changed value or a value as it
    stands), else the clause of its paragraph."""
    paras = {id(p.element): p for p in flat_paras(returned.edited)}
    out: list[str | None] = []
    for comment in returned.comments:
        anchor = " ".join(shown(comment.anchor).split())
        name = None
        for value in values:
            para = value.hunk.new_para
            if (para is not None and para.element is comment.paragraph and anchor
                    and shown(value.hunk.new).strip() in anchor):
                name = f"Feld {value.field.name}"
        for field in known:
            if name is None and anchor and any(" ".join(shown(f.text).split()) == anchor
                                               for f in forms(field)):
                name = f"Feld {field.name}"
        out.append(name)
    missing = [i for i, name in enumerate(out) if name is None]
    clause = clause_names(renderer, text, [paras.get(id(returned.comments[i].paragraph))
                                           for i in missing])
    for i, found in zip(missing, clause, strict=True):
        out[i] = f"Baustein {found}" if found else ""
    return [name or "" for name in out]


def _names(changes: list[Hunk], known: list[Field]) -> tuple[str, ...]:
    """Fields whose value (as the file holds it now) stands where the file changed."""
    names = []
    for change in changes:
        if change.new_para is None:
            continue
        text = shown(change.new_para.text)
        added = shown(change.new).strip()
        for field in known:
            if any(added and added in shown(f.text) and shown(f.text) in text
                   for f in forms(field)):
                names.append(field.name)
    return tuple(dict.fromkeys(names))
