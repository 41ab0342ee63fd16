"""The clauses of the standard text in force for a state and year, as `zv bausteine
--text` shows them: name, who set the text, its condition and the whole text. Read
only; the state is one of the project's state files, never a path from the request."""

from __future__ import annotations

import asyncio
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import api
from ..errors import ZvError
from ..sources.bausteine import Standardtext
from . import pages

HTML = "text/html; charset=utf-8"


def routes(root: Path) -> list[Route]:
    async def show(request: Request) -> Response:
        land, jahr = request.path_params["land"], request.path_params["jahr"]
        if land not in {f.stem for f in (root / "states").glob("*.yaml")}:
            return Response(pages.message("Nicht gefunden", f"Keine Landesdatei '{land}' "
                                          "im Projekt."), 404, media_type=HTML)
        try:
            text = await asyncio.to_thread(api.standard, land, jahr, None, root)
        except ZvError as exc:
            return Response(pages.message("Bausteine nicht lesbar", str(exc)), 409,
                            media_type=HTML)
        return Response(page(root, land, jahr, text), media_type=HTML)

    return [Route("/bausteine/{land:str}/{jahr:int}", show)]


def page(root: Path, land: str, jahr: int, text: Standardtext) -> bytes:
    def shown(file: Path) -> str:
        return file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)

    source = f"Muster {text.muster}" if text.muster else "Standardtext der Familie"
    rows = "\n".join(
        f"<tr><th scope=\"row\"><code>{escape(k.name)}</code></th><td>{escape(k.stand)}"
        f"<br><span class=\"zv-datei\">{escape(shown(k.quelle))}:{k.zeile}</span></td>"
        f"<td>{escape(k.wenn or '')}</td>"
        f"<td><pre class=\"zv-baustein\">{escape(k.text.strip())}</pre></td></tr>"
        for k in text.klauseln)
    werte = (f"<p>Werte des Musters für alle Vereinbarungen {jahr}: "
             f"{escape(', '.join(text.werte.data))}</p>\n" if text.werte is not None else "")
    body = (f"<h1>Bausteine {escape(land)} {jahr}</h1>\n<p>Familie {escape(text.familie)}, "
            f"es gilt: {escape(source)}. Gelesen aus: "
            + ", ".join(f'<span class="zv-datei">{escape(shown(f))}</span>'
                        for f in text.dateien) + "</p>\n" + werte +
            "<p>Mit diesen Namen ändert ein Muster (<code>states/&lt;land&gt;/&lt;jahr&gt;"
            ".yaml</code>) oder eine einzelne Vereinbarung (Abschnitt <code>bausteine:</code>)"
            " den Text; Anleitung in docs/neues-jahr.md.</p>\n"
            '<table class="zv-tabelle">\n<caption>'
            f"{len(text.klauseln)} Bausteine in ihrer Reihenfolge</caption>\n"
            '<thead><tr><th scope="col">Name</th><th scope="col">Festgelegt durch</th>'
            '<th scope="col">Bedingung</th><th scope="col">Text</th></tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>")
    return pages.frame(f"Bausteine {land} {jahr}", body)
