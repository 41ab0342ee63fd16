"""The German summary of `zv import` of a signed text: what was found, what deviates."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..compare.report import plain_marks
from .deviations import Deviation
from .fromtext import Rebuilt

_CONTEXT = 5
_MAX_STRETCHES = 6
_EXCERPT = 70


def summary(r: Rebuilt, source: Path) -> Iterator[str]:
    t = r.target
    yield f"Unterschriebener Text: {source} ({r.words} Wörter)"
    yield f"Vereinbarung: {_shown(t.file)} (neu)"
    if r.muster is not None:
        yield f"Muster des Jahres: {_shown(t.muster_file)} (neu)"
    yield (f"Übereinstimmung mit dem Standardtext {t.jahr} ({t.state.kurz or t.state.name}, "
           f"Familie {t.familie}): {_percent(r.matched)} der Wörter stehen so im "
           "Standardtext (mit den gefundenen Werten)")
    if r.cut_short:
        yield (f"Die Suche endete nach {r.renders} Proben an ihrer Grenze; das Ergebnis ist "
               "das beste bis dahin (bitte besonders sorgfältig prüfen).")
    yield ""
    yield "Gefunden:"
    yield from _found(r)
    if r.missing:
        yield ("Nicht im Text gefunden (Beispielwert steht in der Datei; bitte eintragen): "
               + ", ".join(r.missing))
    yield ""
    where = ("als eigener Text der Vereinbarung unter bausteine:" if r.muster is None else
             "mit Zielwerten: als eigener Text der Vereinbarung unter bausteine:")
    if r.changed_values:
        yield ("Werte anders als im Standardtext (Muster oder Landesdatei): "
               + ", ".join(r.changed_values))
    yield (f"Abweichungen vom Standardtext: {len(r.deviations)} Baustein(e), {where}"
           if r.deviations else "Abweichungen vom Standardtext: keine")
    for deviation in r.deviations:
        yield from _deviation(deviation)
    if r.muster is not None:
        yield (f"Im Muster {t.jahr}: {len(r.muster_clauses)} Baustein(e) neu gefasst, "
               f"{len(r.year_values)} Wert(e) des Jahres (werte:)")
        for deviation in r.muster_clauses:
            yield from _deviation(deviation)
        for name in r.year_values:
            yield f"  - werte: {name}"
    if r.layout:
        yield (f"Titel-, Parteien- oder Unterschriftenblock anders gesetzt: {len(r.layout)} "
               "(nicht übernommen: zv setzt diese Blöcke selbst; bitte prüfen)")
        for deviation in r.layout:
            yield from _deviation(deviation)
    if r.muster is None:
        yield ""
        yield (f"Neu erzeugt weicht der Text in {r.remaining} Wörtern vom unterschriebenen "
               "Text ab" + (" (Reihenfolge im Unterschriftenblock, Seitenränder u. ä.)"
                            if r.remaining else "") + ".")


def _found(r: Rebuilt) -> Iterator[str]:
    data = _data(r)
    traeger = data.get("traeger")
    if isinstance(traeger, dict):
        yield f"  - Träger: {traeger.get('name')} (Genus {traeger.get('genus')})"
    for key, partner in (data.get("partner") or {}).items():
        yield f"  - Partner {key}: {partner.get('name')} (Genus {partner.get('genus')})"
    for key, person in (data.get("vertretung") or {}).items():
        words = [str(person.get(k)) for k in ("titel", "funktion", "name") if person.get(k)]
        extra = " (Frau)" if person.get("geschlecht") == "w" else ""
        yield f"  - Vertretung {key}: {' '.join(words)}{extra}"
    for further in (data.get("ziele") or {}).get("weitere") or []:
        parts = [f"{len(further[k])} {word}" for k, word in (
            ("ziele", "Aufzählungspunkt(e)"), ("umsetzungsschritte", "Umsetzungsschritt(e)"))
            if further.get(k)]
        yield f"  - Weiteres Ziel: {further.get('titel')}" + (
            f" ({', '.join(parts)})" if parts else "")
    for goal, content in (data.get("ziele") or {}).items():
        if goal == "weitere":
            continue
        entries = []
        for entry in (content or {}).get("zielwerte") or []:
            limit = f" {entry['grenze']}" if entry.get("grenze") else ""
            absolut = f" (absolut {entry['absolut']})" if entry.get("absolut") else ""
            entries.append(f"{entry.get('kennzahl')}{limit} {entry.get('wert')}{absolut}")
        content = content or {}
        own = ["eigener Absatz" if content.get("text") else "",
               f"{len(content['eigene_ziele'])} eigene(s) Ziel(e)"
               if content.get("eigene_ziele") else "",
               f"{len(content['analysefelder'])} Analysefelder"
               if content.get("analysefelder") else ""]
        parts = ["; ".join(entries), *own]
        yield f"  - Ziel {goal}: " + (", ".join(p for p in parts if p) or "keine Zielwerte")
    for key, sign in (data.get("unterzeichnung") or {}).items():
        parts = [str(sign[k]) for k in ("ort", "datum") if sign.get(k)]
        if sign.get("in_vertretung"):
            parts.append("in Vertretung")
        yield f"  - Unterschrift {key}: " + (", ".join(parts) or "ohne Datum (im Text nicht "
                                                  "gefunden; bitte eintragen)")


def _data(r: Rebuilt) -> dict[str, Any]:
    import yaml

    try:
        loaded = yaml.safe_load(r.text)
    except yaml.YAMLError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _deviation(deviation: Deviation) -> Iterator[str]:
    name = deviation.change.name
    if not deviation.new:
        yield f"  - Baustein {name}: fehlt im Text (gestrichen)"
        return
    if not deviation.old:
        yield f"  - Baustein {name}: {_excerpt(deviation.new)} (neu)"
        return
    yield f"  - Baustein {name}:"
    for stretch in word_diff(deviation.old, deviation.new)[:_MAX_STRETCHES]:
        yield f"      {stretch}"


def word_diff(old: str, new: str) -> list[str]:
    """The changed stretches of two texts, word by word, with a few words around."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out = []
    for group in matcher.get_grouped_opcodes(_CONTEXT):
        parts = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(" ".join(a[i1:i2]))
                continue
            if i2 > i1:
                parts.append(plain_marks("delete", _excerpt(" ".join(a[i1:i2]))))
            if j2 > j1:
                parts.append(plain_marks("insert", _excerpt(" ".join(b[j1:j2]))))
        out.append("… " + " ".join(p for p in parts if p) + " …")
    return out


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return f"„{text[:_EXCERPT]}…“" if len(text) > _EXCERPT else text


def _percent(share: float) -> str:
    return f"{share * 100:.1f} %".replace(".", ",")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
