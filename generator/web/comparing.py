"""Two agreements compared in the browser, as `zv diff` does it: the report page of
`zv diff --format html` and the redline DOCX (NEU with tracked changes) to download.

Both sides are keys of the agreements found, never paths from the request; nothing is
written, so these are plain GET routes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..compare import diff as diffs
from ..compare import report
from ..errors import ZvError
from . import pages

HTML = "text/html; charset=utf-8"


def routes(found: Callable[[], dict[str, Path]]) -> list[Route]:
    """The routes of the comparison; `found` gives the agreements by key."""

    def sides(request: Request) -> tuple[str, str, Path | None, Path | None]:
        known = found()
        old, new = (request.query_params.get(n, "") for n in ("alt", "neu"))
        return old, new, known.get(old), known.get(new)

    async def choose(request: Request) -> Response:
        old, new, old_file, new_file = sides(request)
        body = _form(sorted(found()), old, new)
        if old_file is not None and new_file is not None:
            query = urlencode({"alt": old, "neu": new})
            body += (f'<p><a href="/vergleich/redline.docx?{escape(query)}">NEU mit '
                     "Änderungsverfolgung herunterladen (DOCX)</a></p>\n"
                     f'<iframe class="zv-bericht" src="/vergleich/bericht?{escape(query)}" '
                     f'title="Vergleich von {escape(old)} und {escape(new)}"></iframe>')
        elif old or new:
            body += "<p>Bitte zwei Vereinbarungen aus den Listen wählen.</p>"
        return Response(pages.frame("Vergleich", body, "/vergleich"), media_type=HTML)

    async def page(request: Request) -> Response:
        _old, _new, old_file, new_file = sides(request)
        if old_file is None or new_file is None:
            return Response(pages.message("Nicht gefunden", "Diese Vereinbarung gibt es "
                                          "hier nicht.", "/vergleich"), 404, media_type=HTML)
        try:
            comparison = await asyncio.to_thread(diffs.compare, old_file, new_file)
        except ZvError as exc:
            return Response(pages.message("Kein Vergleich", str(exc), "/vergleich"), 409,
                            media_type=HTML)
        return Response(report.html_page(comparison), media_type=HTML)

    async def redline(request: Request) -> Response:
        _old, _new, old_file, new_file = sides(request)
        if old_file is None or new_file is None:
            return Response(pages.message("Nicht gefunden", "Diese Vereinbarung gibt es "
                                          "hier nicht.", "/vergleich"), 404, media_type=HTML)
        try:
            data = await asyncio.to_thread(lambda: diffs.redline_docx(
                diffs.compare(old_file, new_file), "zv", dt.date.today()))
        except ZvError as exc:
            return Response(pages.message("Kein Vergleich", str(exc), "/vergleich"), 409,
                            media_type=HTML)
        name = f"{new_file.stem}-aenderungen.docx"
        return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document", headers={
                            "content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    return [Route("/vergleich", choose), Route("/vergleich/bericht", page),
            Route("/vergleich/redline.docx", redline)]


def _form(keys: list[str], old: str, new: str) -> str:
    def select(name: str, label: str, chosen: str) -> str:
        options = ['<option value="">bitte wählen</option>'] + [
            f'<option value="{escape(k)}"{" selected" if k == chosen else ""}>'
            f"{escape(k)}</option>" for k in keys]
        return (f'<p><label for="vergleich-{name}">{label}</label>\n'
                f'<select id="vergleich-{name}" name="{name}">{"".join(options)}</select></p>')

    return ("<h1>Zwei Fassungen vergleichen</h1>\n<p>Wie <code>zv diff</code>: geänderte "
            "Daten (Zielwerte, Parteien, Personen, Unterschriften) und der Text Wort für "
            "Wort.</p>\n"
            '<form class="zv-filter" method="get" action="/vergleich">\n'
            + select("alt", "ALT (z. B. Vorjahr)", old) + "\n"
            + select("neu", "NEU", new) + "\n"
            '<p><button type="submit">Vergleichen</button></p>\n</form>\n')
