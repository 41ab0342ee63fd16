"""The preview's HTML: the page of `zv render` with a panel above the document.

The document part is the HTML writer's output byte for byte (same escaping, same
links); the preview only adds a stylesheet and a script in <head> and the panel (file,
problems, downloads) at the start of <body>. Without JavaScript the page is complete.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from ..errors import Problem
from .snapshot import Preview, Project

ASSETS = ('<link rel="stylesheet" href="/_zv/vorschau.css">\n'
          '<script src="/_zv/vorschau.js" defer></script>\n')
_EMPTY = ('<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
          "<title>{title}</title>\n</head>\n<body>\n<main class=\"{main}\">\n{body}\n</main>\n"
          "</body>\n</html>\n")


def document(preview: Preview, version: int, pdf: bool, in_folder: bool) -> bytes:
    """The agreement as `zv render` writes it, with the preview's panel above it."""
    shown = preview.shown
    links = ['<a href="vereinbarung.docx" download>DOCX herunterladen</a>']
    if pdf:
        links.append('<a href="vereinbarung.pdf" download>PDF herunterladen</a>')
    if in_folder:
        links.append('<a href="/">alle Vereinbarungen</a>')
    stage = "Endfassung" if shown.final else "Entwurf"
    bar = (f'<p class="zv-leiste"><strong>Vorschau</strong> '
           f'<span class="zv-datei">{escape(str(preview.file))}</span> '
           f'<span class="zv-stufe">{stage}</span> '
           f'<span class="zv-zeit">Stand {shown.since:%H:%M:%S}</span> '
           + " ".join(links) + "</p>")
    sections = [bar]
    if shown.errors:
        kept = ("Angezeigt wird der letzte fehlerfreie Stand." if shown.html else
                "Die Vereinbarung kann erst nach der Korrektur angezeigt werden.")
        sections.append(_problems("zv-fehler", f"{_count(len(shown.errors), 'Fehler', 'Fehler')}"
                                  f" – {kept}", shown.errors))
    if shown.warnings:
        sections.append(_problems("zv-warnungen", _count(len(shown.warnings), "Warnung",
                                                         "Warnungen"), shown.warnings))
    panel = _panel(version, "\n".join(sections))
    if shown.html is None:
        return _EMPTY.format(title=escape(preview.file.name), main="dokument",
                             body="").replace("<head>\n", "<head>\n" + ASSETS, 1).replace(
            "<body>\n", "<body>\n" + panel, 1).encode("utf-8")
    return _insert(shown.html, panel)


def _insert(html: bytes, panel: str) -> bytes:
    """Put the assets into <head> and the panel before the document's first element."""
    page = html.decode("utf-8")
    head = page.index("</head>")
    body = page.index("<body>", head) + len("<body>\n")
    return (page[:head] + ASSETS + page[head:body] + panel + page[body:]).encode("utf-8")


def _panel(version: int, inner: str) -> str:
    return (f'<header id="zv-vorschau" class="zv-vorschau" data-stand="{version}">\n'
            f"{inner}\n</header>\n")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _problems(css: str, title: str, problems: tuple[Problem, ...]) -> str:
    items = "\n".join(problem(p) for p in problems)
    return (f'<section class="{css}">\n<h2>{escape(title)}</h2>\n<ul>\n{items}\n</ul>\n'
            "</section>")


def problem(item: Problem) -> str:
    """One problem as `zv check` prints it, with the line of the file it points at."""
    text = f'<li><code class="zv-meldung">{escape(item.format())}</code>'
    line = source_line(item.file, item.line)
    if line is not None:
        caret = " " * (max(item.column, 1) - 1) + "^" if item.column else ""
        width = len(str(item.line))
        text += (f'\n<pre class="zv-zeile">{item.line} | {escape(line)}'
                 + (f"\n{' ' * width}   {caret}" if caret else "") + "</pre>")
    return text + "</li>"


def source_line(file: Path, number: int) -> str | None:
    """Line `number` (1-based) of a file a problem names; None where there is none."""
    if number < 1:
        return None
    try:
        with file.open(encoding="utf-8") as handle:
            for i, line in enumerate(handle, 1):
                if i == number:
                    return line.rstrip("\r\n").expandtabs()
    except (OSError, UnicodeDecodeError):
        return None
    return None


def folder(project: Project, version: int) -> bytes:
    """The agreements below a folder with their status, each linked to its preview."""
    rows = []
    for key, preview in sorted(project.previews.items()):
        shown = preview.shown
        if shown.errors:
            check = f'<span class="zv-rot">{_count(len(shown.errors), "Fehler", "Fehler")}</span>'
        elif shown.warnings:
            check = _count(len(shown.warnings), "Warnung", "Warnungen")
        else:
            check = "in Ordnung"
        rows.append(f'<tr><td><a href="/v/{escape(quote(key))}/">{escape(key)}</a></td>'
                    f'<td>{"Endfassung" if shown.final else "Entwurf"}</td><td>{check}</td></tr>')
    body = ('<table>\n<thead><tr><th>Vereinbarung</th><th>Stand</th><th>Prüfung</th></tr>'
            "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>") if rows else (
        "<p>Keine Vereinbarungsdateien (*.yaml) gefunden.</p>")
    assert project.folder is not None
    title = f"Vorschau: {project.folder}"
    panel = _panel(version, f'<p class="zv-leiste"><strong>{escape(title)}</strong></p>')
    page = _EMPTY.format(title=escape(title), main="zv-liste", body=body)
    return page.replace("<head>\n", "<head>\n" + ASSETS, 1).replace(
        "<body>\n", "<body>\n" + panel, 1).encode("utf-8")


def message(title: str, text: str) -> bytes:
    """A short page for a refused request (not found, download failed)."""
    body = f"<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>"
    return _EMPTY.format(title=escape(title), main="zv-meldung", body=body).encode("utf-8")
