"""A new agreement from the browser, as `zv new` makes it: the Träger chosen from the
state files of the project, the year typed; the file is written only if it does not
exist, and the browser goes on to its form."""

from __future__ import annotations

import asyncio
import datetime as dt
from html import escape
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..errors import InputError, ZvError, os_message
from ..files import write_file
from ..model import State
from ..project import new as making
from ..sources.validation import validate_shared
from . import pages
from .guard import read_form

HTML = "text/html; charset=utf-8"


def traeger(root: Path) -> dict[str, list[tuple[str, str]]]:
    """The Träger of every readable state file: land -> (key, official name)."""
    found = {}
    for file in sorted((root / "states").glob("*.yaml")):
        try:
            state = validate_shared(State, file)[0]
        except ZvError:
            continue
        found[file.stem] = sorted(((key, org.name) for key, org in state.traeger.items()),
                                  key=lambda item: item[1])
    return found


def routes(root: Path, csrf: str) -> list[Route]:
    async def form(request: Request) -> Response:
        known = await asyncio.to_thread(traeger, root)
        return Response(page(known, csrf, str(dt.date.today().year + 1)), media_type=HTML)

    async def create(request: Request) -> Response:
        fields = await read_form(request, csrf)
        land, _, key = fields.get("traeger", "").partition("/")
        year = fields.get("jahr", "").strip()
        known = await asyncio.to_thread(traeger, root)

        def refuse(text: str) -> Response:
            return Response(page(known, csrf, year, text, fields.get("traeger", "")),
                            status_code=422, media_type=HTML)

        if not year.isdigit() or not 2005 <= int(year) <= 2100:
            return refuse(f"'{year}' ist kein Jahr (Beispiel: {dt.date.today().year + 1})")
        if land not in known or key not in dict(known[land]):
            return refuse("Bitte einen Träger aus der Liste wählen.")
        try:
            made = await asyncio.to_thread(making.draft, root, land, int(year), key,
                                           dt.date.today())
            await asyncio.to_thread(write_file, made.target, made.text.encode("utf-8"))
        except InputError as exc:
            return refuse("; ".join(p.message for p in exc.problems) or str(exc))
        except ZvError as exc:
            return refuse(str(exc))
        except OSError as exc:
            return refuse(f"Datei nicht geschrieben ({os_message(exc)})")
        address = made.target.relative_to(root).with_suffix("").as_posix()
        return RedirectResponse(f"/v/{quote(address)}", status_code=303)

    return [Route("/neu", form, methods=["GET"]), Route("/neu", create, methods=["POST"])]


def page(known: dict[str, list[tuple[str, str]]], csrf: str, year: str, error: str = "",
         chosen: str = "") -> bytes:
    groups = "".join(
        f'<optgroup label="{escape(land)}">' + "".join(
            f'<option value="{escape(land)}/{escape(key)}"'
            f'{" selected" if f"{land}/{key}" == chosen else ""}>{escape(name)}</option>'
            for key, name in entries) + "</optgroup>" for land, entries in known.items())
    note = (f'<div class="zv-fehler" role="alert"><h2>Nicht angelegt</h2><p>{escape(error)}'
            "</p></div>\n") if error else ""
    body = f"""<h1>Neue Vereinbarung</h1>
<p>Wie <code>zv new</code>: eine Datei mit allen auszufüllenden Feldern, leer und mit
Hinweisen; die Kennzahlen je Ziel kommen aus der jüngsten Vereinbarung des Landes.
Eine vorhandene Datei wird nie überschrieben. Danach öffnet sich ihr Formular.</p>
{note}<form method="post" action="/neu" class="zv-neu">
<input type="hidden" name="_csrf" value="{escape(csrf)}">
<div class="zv-feld"><label for="neu-traeger">Träger</label>
<select id="neu-traeger" name="traeger"><option value="">bitte wählen</option>{groups}
</select></div>
<div class="zv-feld"><label for="neu-jahr">Jahr</label>
<input type="text" id="neu-jahr" name="jahr" value="{escape(year)}" inputmode="numeric"
autocomplete="off"></div>
<p><button type="submit">Anlegen</button></p>
</form>"""
    return pages.frame("Neue Vereinbarung", body, "/neu")
