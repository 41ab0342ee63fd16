"""The German summary of an import: revisions, comments, values taken over, the rest."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

from .. import api
from ..compare.report import fold, plain_marks
from . import wordfile
from .plan import Plan
from .values import Hunk, shown

_EXCERPT = 60
_CONTEXT = 6


def when(stamp: str) -> str:
    """Word's w:date (2021-11-30T10:15:00Z) as 30.11.2021 10:15."""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?", stamp)
    if not found:
        return stamp
    day = f"{found[3]}.{found[2]}.{found[1]}"
    return f"{day} {found[4]}:{found[5]}" if found[4] else day


def _quoted(text: str) -> str:
    text = " ".join(shown(text).split())
    return f"„{text[:_EXCERPT]}…“" if len(text) > _EXCERPT else f"„{text}“"


def _short(value: str) -> str:
    """A value on one line; a long text shortened like a quotation."""
    text = " ".join(value.split())
    return text if len(text) <= _EXCERPT else _quoted(text)


def _who(author: str, date: str) -> str:
    parts = [author or "unbekannt"]
    if date:
        parts.append(when(date))
    return ", ".join(parts)


def summary(plan: Plan) -> Iterator[str]:
    returned = plan.returned
    yield f"Rücklauf: {returned.file}"
    state = ("unverändert seit dem Schreiben der DOCX" if not plan.changed_since else
             "seit dem Schreiben der DOCX geändert"
             if api.FINGERPRINT_PROPERTY in returned.properties else
             "die DOCX nennt keine Prüfsumme: als geändert behandelt")
    yield f"Vereinbarung: {plan.agreement} ({state})"
    if plan.signed:
        yield "Die Vereinbarung ist eine unterschriebene Endfassung."
    yield ""
    yield f"Nachverfolgte Änderungen im Dokument: {len(returned.revisions)}"
    if plan.untracked:
        yield ("  (ohne Nachverfolgung bearbeitet: verglichen mit dem Text, den zv aus der "
               "unveränderten Vereinbarungsdatei erzeugt)")
    elif not returned.revisions:
        yield ("  (ohne Nachverfolgung bearbeitet und die Vereinbarungsdatei seitdem geändert: "
               "Änderungen ohne Nachverfolgung erkennt zv so nicht)")
    for revision in returned.revisions:
        new = f" durch {_quoted(revision.new)}" if revision.new else ""
        yield (f"  - {revision.kind} ({_who(revision.author, revision.date)}): "
               f"{_quoted(revision.text)}{new}")
    yield f"Kommentare: {len(returned.comments)}"
    for comment, place in zip(returned.comments, plan.places, strict=True):
        anchor = f" zu {_quoted(comment.anchor)}" if comment.anchor else ""
        where = f" ({place})" if place else ""
        yield (f"  - {_who(comment.author, comment.date)}{anchor}{where}: "
               f"{_quoted(comment.text)}")
    yield ""
    yield f"Übernommene Werte: {len(plan.values)}"
    for value in plan.values:
        field = value.field
        where = (f"{plan.agreement}:{field.line}: {field.name}" if field.node is not None
                 # inherited from the state or the Muster: set in the agreement from now on
                 else f"{plan.agreement}: {field.name} (neu, bisher aus Landesdatei oder "
                 "Muster)")
        long = "\n" in value.value or len(value.value) > _EXCERPT
        change = (_hunk(value.hunk) if long else
                  f"{_short(field.value)} -> {_short(value.value)}")
        para = value.hunk.new_para
        who = wordfile.authors(para.element, value.hunk.new) if para is not None else []
        yield f"  - {where}: {change}" + (f" ({', '.join(who)})" if who else "")
    if plan.clauses:
        yield (f"Geänderter Standardtext: {len(plan.clauses)} Baustein(e), als eigener Text "
               "der Vereinbarung unter bausteine:")
        for clause in plan.clauses:
            yield f"  - Baustein {clause.name}:"
            for hunk in _by_paragraph(clause.hunks):
                yield f"      {_hunk(hunk)}"
    if plan.conflicts:
        yield (f"Konflikte: {len(plan.conflicts)} (in der DOCX und, seit zv die DOCX "
               "geschrieben hat, auch in der Vereinbarungsdatei geändert)")
        for conflict in plan.conflicts:
            names = ", ".join(conflict.names) or "Feld unbekannt"
            yield f"  - Konflikt: {names}: {_hunk(conflict.hunk)}"
    if plan.remaining:
        yield (f"Neu erzeugt weicht der Text danach in {plan.remaining} Wörtern vom "
               "zurückgekommenen Dokument ab (siehe „Nicht übernommen“ und Konflikte).")
    if plan.left:
        yield (f"Nicht übernommen: {len(plan.left)} Änderung(en) (kein Feld und kein "
               "Baustein der Vereinbarung gefunden; bitte von Hand eintragen)")
        for hunk in _by_paragraph(plan.left):
            yield f"  - {_hunk(hunk)}"


def _by_paragraph(hunks: Sequence[Hunk]) -> list[Hunk]:
    """One hunk per paragraph: its word diff shows every change of the paragraph."""
    seen: dict[int, Hunk] = {}
    for hunk in hunks:
        seen.setdefault(id(hunk.pieces), hunk)
    return list(seen.values())


def _hunk(hunk: Hunk) -> str:
    parts = fold(hunk.pieces, _CONTEXT)
    text = "".join(plain_marks(tag, shown(t)) if tag != "equal" else shown(t)
                   for tag, t in parts)
    return " ".join(text.split())


def yaml_diff(plan: Plan) -> list[str]:
    name = str(plan.agreement)
    return [line.rstrip("\n") for line in difflib.unified_diff(
        plan.old_text.splitlines(keepends=True), plan.new_text.splitlines(keepends=True),
        name, name)]
