"""The HTML of `zv web`: overview, agreement page with its form, short messages.

Every page has the same frame: a skip link, a header with the navigation, one <main>.
Everything is escaped here; the document itself is the HTML writer's page, shown in a
frame of its own so that its stylesheet stays with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

from ..errors import Problem
from ..project.status import Row
from . import fields as F
from .saving import Outcome

FILTERS = (("jahr", "Jahr"), ("land", "Land"), ("stand", "Stand"))


def frame(title: str, body: str, here: str = "") -> bytes:
    """A complete page: skip link, header with navigation, main."""
    current = ' aria-current="page"'
    links = "".join(f'<li><a href="{href}"{current if href == here else ""}>{text}</a></li>'
                    for href, text in (("/", "Übersicht"), ("/neu", "Neue Vereinbarung"),
                                       ("/vergleich", "Vergleich")))
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – zv</title>
<link rel="stylesheet" href="/_zv/web.css">
<script src="/_zv/web.js" defer></script>
</head>
<body>
<a class="zv-sprung" href="#inhalt">Zum Inhalt springen</a>
<header class="zv-kopf">
<p class="zv-marke">zv – Zielvereinbarungen</p>
<nav aria-label="Hauptnavigation">
<ul>{links}</ul>
</nav>
</header>
<main id="inhalt" tabindex="-1" aria-label="{escape(title)}">
{body}
</main>
</body>
</html>
""".encode()


def message(title: str, text: str, back: str = "/") -> bytes:
    return frame(title, f"<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>\n"
                 f'<p><a href="{escape(back)}">Zurück</a></p>')


def bare(title: str, text: str) -> bytes:
    """A message inside the document's frame: no navigation of its own."""
    return (f'<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{escape(title)}</title>\n<link rel="stylesheet" href="/_zv/web.css">\n'
            f"</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>\n"
            "</main>\n</body>\n</html>\n").encode()


@dataclass(frozen=True)
class Listed:
    key: str
    row: Row


def overview(listed: Sequence[Listed], chosen: Mapping[str, str],
             choices: Mapping[str, Sequence[str]], root: str, csrf: str,
             lands: Sequence[tuple[str, str]] = ()) -> bytes:
    """Every agreement of the project as a table, with filters that work without script."""
    selects = []
    for name, label in FILTERS:
        options = ['<option value="">alle</option>'] + [
            f'<option value="{escape(v)}"{" selected" if chosen.get(name) == v else ""}>'
            f"{escape(v)}</option>" for v in choices.get(name, ())]
        selects.append(f'<p><label for="filter-{name}">{label}</label>\n'
                       f'<select id="filter-{name}" name="{name}">{"".join(options)}</select>'
                       "</p>")
    lines = []
    for item in listed:
        row = item.row
        check = (f'<span class="zv-rot">{row.fehler} Fehler</span>' if row.fehler else
                 f"{row.warnungen} Warnung{'en' if row.warnungen != 1 else ''}"
                 if row.warnungen else "in Ordnung")
        name = row.traeger or item.key
        lines.append(
            f'<tr><td><a href="/v/{escape(quote(item.key))}">{escape(name)}</a>'
            f'<br><span class="zv-datei">{escape(item.key)}.yaml</span></td>'
            f"<td>{escape(row.jahr)}</td><td>{escape(row.land)}</td>"
            f"<td>{escape(row.stand)}</td><td>{escape(row.unterschriften)}</td>"
            f"<td>{check}</td></tr>")
    table = (
        '<table class="zv-tabelle">\n<caption>'
        f"{len(listed)} Vereinbarung{'en' if len(listed) != 1 else ''}</caption>\n"
        '<thead><tr><th scope="col">Träger</th><th scope="col">Jahr</th>'
        '<th scope="col">Land</th><th scope="col">Stand</th>'
        '<th scope="col">Unterschriften</th><th scope="col">Prüfung</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(lines) + "\n</tbody>\n</table>") if listed else (
        "<p>Keine Vereinbarung passt zu diesen Filtern.</p>")
    body = (f"<h1>Vereinbarungen</h1>\n<p>Projekt: <span class=\"zv-datei\">{escape(root)}"
            "</span></p>\n"
            '<form class="zv-filter" method="get" action="/" role="search" '
            'aria-label="Vereinbarungen filtern">\n' + "\n".join(selects) +
            '\n<p><button type="submit">Filtern</button> <a href="/">alle zeigen</a></p>\n'
            "</form>\n" + table + _years(choices.get("jahr", ()), csrf, lands))
    return frame("Übersicht", body, "/")


def _years(years: Sequence[str], csrf: str, lands: Sequence[tuple[str, str]]) -> str:
    """Per year: the target table to download, next year's drafts for all, the clauses
    in force for each state with agreements that year."""
    if not years:
        return ""
    rows = []
    for jahr in years:
        following = int(jahr) + 1
        rows.append(
            f"<li><strong>{jahr}</strong>: "
            f'<a href="/jahr/{jahr}/zielwerte.xlsx">Zielwerte {jahr} als Tabelle (XLSX)</a>'
            + "".join(f' · <a href="/bausteine/{escape(land)}/{jahr}">Bausteine {escape(land)}'
                      f" {jahr}</a>" for year, land in lands if year == jahr)
            + f'<form class="zv-inline" method="post" action="/jahr/{jahr}/naechstes-jahr">'
            f'<input type="hidden" name="_csrf" value="{escape(csrf)}">'
            f'<button type="submit">Entwürfe {following} aus allen Vereinbarungen {jahr} '
            "anlegen</button></form></li>")
    return ('\n<section aria-labelledby="jahre-titel">\n<h2 id="jahre-titel">Aufgaben eines '
            "Jahres</h2>\n<p>Die Tabelle ist dieselbe wie die von <code>zv table</code>. "
            "Entwürfe des nächsten Jahres entstehen wie mit <code>zv next</code>; eine "
            "vorhandene Datei wird nie überschrieben.</p>\n<ul class=\"zv-jahre\">"
            + "\n".join(rows) + "</ul>\n"
            '<form method="post" action="/tabelle" enctype="multipart/form-data" '
            'class="zv-hochladen">'
            f'<input type="hidden" name="_csrf" value="{escape(csrf)}">'
            '<p><label for="tabelle">Bearbeitete Zieltabelle (XLSX oder CSV) zurückschreiben, '
            "wie <code>zv fill</code></label>"
            '<input type="file" id="tabelle" name="tabelle" accept=".xlsx,.csv"> '
            '<button type="submit">Tabelle prüfen</button></p></form>\n'
            '<form method="post" action="/ruecklauf" enctype="multipart/form-data" '
            'class="zv-hochladen">'
            f'<input type="hidden" name="_csrf" value="{escape(csrf)}">'
            '<p><label for="ruecklauf">Bearbeiteten Entwurf (DOCX aus Word) übernehmen, '
            "wie <code>zv import</code></label>"
            '<input type="file" id="ruecklauf" name="ruecklauf" accept=".docx"> '
            '<button type="submit">Rücklauf prüfen</button></p></form>\n'
            '<form method="post" action="/unterschrieben" enctype="multipart/form-data" '
            'class="zv-hochladen">'
            f'<input type="hidden" name="_csrf" value="{escape(csrf)}">'
            '<fieldset><legend>Unterschriebene Vereinbarung (PDF, DOCX oder Text), die nicht '
            "aus zv stammt, als neue Vereinbarungsdatei anlegen, wie <code>zv import</code>"
            "</legend>"
            '<p><label for="unterschrieben">Datei</label> '
            '<input type="file" id="unterschrieben" name="unterschrieben" '
            'accept=".pdf,.docx,.txt,.md"></p>'
            '<p><label for="u-land">Land (z. B. nrw)</label> '
            '<input type="text" id="u-land" name="land" required> '
            '<label for="u-jahr">Jahr</label> '
            '<input type="number" id="u-jahr" name="jahr" min="1990" max="2100" required> '
            '<label for="u-traeger">Träger (z. B. kleve)</label> '
            '<input type="text" id="u-traeger" name="traeger" required> '
            '<label for="u-familie">Familie (nur wenn nicht die des Landes, z. B. ge)</label> '
            '<input type="text" id="u-familie" name="familie"></p>'
            '<p><input type="checkbox" id="u-muster" name="muster" value="ja"> '
            '<label for="u-muster">auch das Muster des Jahres anlegen (wenn es noch keines '
            "gibt)</label></p>"
            '<p><button type="submit">Text prüfen</button></p></fieldset></form>\n</section>')


def drafts(jahr: int, made: Sequence[tuple[str, str | None, str, Sequence[str]]]
           ) -> bytes:
    """What `Entwürfe anlegen` did: (source, key of the new file or None, note, places
    in the draft that name an earlier year)."""
    items = "".join(
        f"<li><span class=\"zv-datei\">{escape(source)}</span>: "
        + (f'<a href="/v/{escape(quote(key))}">{escape(key)}.yaml</a> ' if key else "")
        + escape(note)
        + ("<ul>" + "".join(f"<li>{escape(m)}</li>" for m in mentions) + "</ul>"
           if mentions else "") + "</li>" for source, key, note, mentions in made)
    body = (f"<h1>Entwürfe {jahr + 1}</h1>\n<ul>{items}</ul>\n"
            '<p><a href="/">Zur Übersicht</a></p>') if made else (
        f"<h1>Entwürfe {jahr + 1}</h1>\n<p>Keine Vereinbarung für {jahr} gefunden.</p>")
    return frame(f"Entwürfe {jahr + 1}", body)


def agreement(key: str, title: str, form: F.Form, seen: str, csrf: str, outcome: Outcome,
              problems: Sequence[Problem], warnings: Sequence[Problem], pdf: bool,
              shown: str) -> bytes:
    """The agreement's form beside its document, with what the last save did."""
    base = f"/v/{quote(key)}"
    notes = _outcome(outcome, {name: f.label for name, f in form.fields().items()})
    errors = list(outcome.errors) or list(problems)
    shown_warnings = list(outcome.warnings) if outcome.saved else list(warnings)
    at_field: dict[str, list[Problem]] = {}
    loose: list[Problem] = []
    names = form.fields()
    for p in [*errors, *shown_warnings]:
        name = F.input_name(p.field)
        (at_field.setdefault(name, []) if name in names else loose).append(p)
    if loose:
        notes += _problem_list(loose)
    locked = bool(form.locked)
    if locked:
        notes += (f'<p class="zv-gesperrt" id="gesperrt"><strong>Nur lesbar.</strong> '
                  f"{escape(form.locked)}</p>")
    groups = "\n".join(_group(g, outcome.entered, at_field, locked) for g in form.groups)
    # the script watches the file only where a save is possible
    watch = "" if locked else f' data-stand="{escape(seen)}"'
    button = "" if locked else ('<p class="zv-speichern"><button type="submit">Speichern'
                                "</button></p>")
    downloads = [f'<a href="{base}/vereinbarung.docx">DOCX herunterladen</a>']
    if pdf:
        downloads.append(f'<a href="{base}/vereinbarung.pdf">PDF herunterladen</a>')
    downloads.append(f'<a href="/vergleich?neu={escape(quote(key))}">mit einer anderen '
                     "Vereinbarung vergleichen</a>")
    downloads.append(f'<a href="/verlauf/{escape(quote(key))}">frühere Fassungen</a>')
    body = f"""<h1>{escape(title)}</h1>
<p><span class="zv-datei">{escape(key)}.yaml</span> · {" · ".join(downloads)}</p>
<div class="zv-seiten">
<section class="zv-formular" aria-labelledby="formular-titel">
<h2 id="formular-titel">Angaben</h2>
{notes}
<form method="post" action="{base}"{watch} novalidate>
<input type="hidden" name="_csrf" value="{escape(csrf)}">
<input type="hidden" name="_stand" value="{escape(seen)}">
{button}
{groups}
{button}
</form>
</section>
<section class="zv-dokument" aria-labelledby="dokument-titel">
<h2 id="dokument-titel">Dokument</h2>
<iframe src="{base}/dokument.html?stand={escape(shown)}" title="Dokument: {escape(title)}">
</iframe>
</section>
</div>"""
    return frame(title, body)


def _outcome(outcome: Outcome, labels: Mapping[str, str]) -> str:
    if outcome.conflict:
        return ('<div class="zv-konflikt" role="alert"><h3>Nicht gespeichert: die Datei '
                "wurde inzwischen geändert</h3><p>Die Datei hat sich seit dem Laden dieser "
                "Seite geändert (in einem anderen Fenster oder einem Editor). Nichts wurde "
                "überschrieben. Unten steht der aktuelle Stand der Datei; bitte die "
                "Änderung dort noch einmal eintragen.</p></div>\n")
    if outcome.errors:
        return ('<div class="zv-fehler" role="alert"><h3>Nicht gespeichert</h3><p>'
                f"{len(outcome.errors)} Fehler; die Datei ist unverändert. Die Meldungen "
                "stehen an den Feldern.</p></div>\n")
    if outcome.saved:
        if not outcome.changes:
            return '<p class="zv-gespeichert" role="status">Nichts geändert.</p>\n'
        items = "".join(f"<li>{escape(labels.get(c.name, c.name))}: {escape(_short(c.old))}"
                        f" → {escape(_short(c.new))}"
                        + (f" (Zeile {c.line})" if c.line else " (ergänzt)")
                        + f'<br><code class="zv-pfad">{escape(c.name)}</code></li>'
                        for c in outcome.changes)
        still = (f"<p>In der Datei bleiben {len(outcome.remaining)} Fehler, die schon vorher "
                 "bestanden (etwa noch offene Felder); sie stehen an den Feldern.</p>"
                 if outcome.remaining else "")
        return (f'<div class="zv-gespeichert" role="status"><h3>Gespeichert</h3><ul>{items}'
                f"</ul>{still}</div>\n")
    return ""


def _short(value: str) -> str:
    """A value as the note of a save shows it: a long text by its start."""
    if not value:
        return "(leer)"
    line = " ".join(value.split())
    return line if len(line) <= 60 else line[:57] + "…"


def _problem_list(problems: Sequence[Problem]) -> str:
    items = "".join(f'<li class="{"zv-warnung" if p.warning else "zv-fehlermeldung"}">'
                    f"{escape(p.format())}</li>" for p in problems)
    return f'<section class="zv-meldungen" aria-label="Meldungen"><ul>{items}</ul></section>\n'


def _id(name: str) -> str:
    return "feld-" + name.replace(".", "-")


def _group(group: F.Group, entered: Mapping[str, str],
           at_field: Mapping[str, list[Problem]], locked: bool) -> str:
    rows = []
    for field in group.fields:
        value = entered.get(field.name, field.value)
        found = at_field.get(field.name, [])
        ident = _id(field.name)
        described = []
        extra = ""
        if field.hint:
            described.append(f"{ident}-hinweis")
            extra += f'<span class="zv-hinweis" id="{ident}-hinweis">{escape(field.hint)}</span>'
        if found:
            described.append(f"{ident}-meldung")
            css = "zv-feldmeldung" if any(not p.warning for p in found) else "zv-feldwarnung"
            extra += (f'<span class="{css}" id="{ident}-meldung">'
                      + " ".join(escape(("Warnung: " if p.warning else "Fehler: ") + p.message
                                        + (f" ({p.hint})" if p.hint else ""))
                                 for p in found) + "</span>")
        attrs = f'id="{ident}" name="{escape(field.name)}"'
        if described:
            attrs += f' aria-describedby="{" ".join(described)}"'
        if any(not p.warning for p in found):
            attrs += ' aria-invalid="true"'
        if locked:
            attrs += " disabled"
        if field.kind == F.PROSE:
            height = min(14, max(3, len(value) // 45 + value.count("\n") + 1))
            control = f'<textarea {attrs} rows="{height}">{escape(value)}</textarea>'
        elif field.options():
            options = "".join(f'<option value="{escape(v)}"{" selected" if v == value else ""}>'
                              f"{escape(text)}</option>" for v, text in field.options())
            control = f"<select {attrs}>{options}</select>"
        else:
            mode = ' inputmode="decimal"' if field.kind in (F.NUMBER, F.WHOLE) else ""
            control = (f'<input type="text" {attrs} value="{escape(value)}"{mode} '
                       'autocomplete="off">')
        rows.append(f'<div class="zv-feld"><label for="{ident}">{escape(field.label)}</label>'
                    f"{control}{extra}</div>")
    return (f"<fieldset>\n<legend>{escape(group.title)}</legend>\n" + "\n".join(rows)
            + "\n</fieldset>")


def query(chosen: Mapping[str, str]) -> str:
    return urlencode({k: v for k, v in chosen.items() if v})
