"""`zv web` as an ASGI app (Starlette).

Every address is a fixed route or the key of an agreement found in the project
(`sources.project.find_agreements`); nothing is read by a path taken from the request.
A server bound to another address than loopback needs the access token printed at
start (query parameter once, then a cookie). Every POST carries the server's CSRF token,
and its Origin, where the browser sends one, must be this server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import api
from ..errors import InputError, ZvError
from . import (
    clauses,
    comparing,
    creating,
    fields,
    history,
    pages,
    returned,
    saving,
    signed,
    uploading,
    years,
)
from .guard import Guard, read_form
from .listing import Listing
from .pdfs import Pdfs

HTML = "text/html; charset=utf-8"
ASSETS = {"web.css": "text/css; charset=utf-8", "web.js": "text/javascript; charset=utf-8"}


class Agreements:
    """The agreement files of a project by key: their path below the project without
    '.yaml' (`agreements/2021/nrw/wuppertal`). Looked up again on each request."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def found(self) -> dict[str, Path]:
        folder = self.root / "agreements"
        files = api.find_agreements([folder if folder.is_dir() else self.root])
        return {f.relative_to(self.root).with_suffix("").as_posix(): f for f in files
                if not f.name.startswith(".")}  # temporary files of a save or a render

    def get(self, key: str) -> Path:
        file = self.found().get(key)
        if file is None:
            raise HTTPException(404)
        return file


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def create_app(root: Path, allowed_hosts: list[str], token: str | None = None,
               ahead: bool = False) -> Starlette:
    """The web app for the project at `root`; `ahead`: PDFs made in the background."""
    agreements = Agreements(root)
    csrf = secrets.token_urlsafe(24)
    pdfs = Pdfs(ahead)
    listing = Listing(root)

    async def overview(request: Request) -> Response:
        found = agreements.found()
        rows = await asyncio.to_thread(listing.rows, list(found.values()))
        listed = [pages.Listed(key, row) for key, row in zip(found, rows, strict=True)]
        choices = {"jahr": sorted({i.row.jahr for i in listed if i.row.jahr}),
                   "land": sorted({i.row.land for i in listed if i.row.land}),
                   "stand": sorted({i.row.stand for i in listed})}
        chosen = {name: request.query_params.get(name, "") for name, _ in pages.FILTERS}
        shown = [i for i in listed if all(
            not chosen[name] or getattr(i.row, name) == chosen[name] for name in chosen)]
        lands = {(i.row.jahr, i.row.land) for i in listed if i.row.jahr and i.row.land}
        return Response(pages.overview(shown, chosen, choices, str(root), csrf,
                                       sorted(lands)),
                        media_type=HTML)

    async def year_table(request: Request) -> Response:
        jahr = request.path_params["jahr"]
        files = list(agreements.found().values())
        try:
            data = await asyncio.to_thread(years.table, files, jahr)
        except ZvError as exc:
            return Response(pages.message(f"Tabelle {jahr} nicht erstellt", str(exc)),
                            status_code=409, media_type=HTML)
        return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet", headers={
                            "content-disposition": f"attachment; filename=zielwerte-{jahr}.xlsx"})

    async def next_year(request: Request) -> Response:
        jahr = request.path_params["jahr"]
        await read_form(request, csrf)
        found = agreements.found()
        made = await asyncio.to_thread(years.drafts, list(found.values()), jahr,
                                       dt.date.today())
        keys = {path: key for key, path in agreements.found().items()}
        listed = [(str(m.source.relative_to(root)), keys.get(m.target) if m.target else None,
                   m.note, m.mentions) for m in made]
        return Response(pages.drafts(jahr, listed), media_type=HTML)

    def page(key: str, file: Path, outcome: saving.Outcome) -> bytes:
        data = file.read_bytes()
        loaded, errors, warnings = saving.load_quietly(file)
        try:
            form = fields.form(data.decode("utf-8"), loaded, file)
        except UnicodeDecodeError:
            form = fields.Form((), "Die Datei ist nicht in UTF-8 gespeichert; bitte im "
                               "Editor als UTF-8 speichern.")
        title = (f"{loaded.view.kurzname}" if loaded is not None else file.name)
        seen = saving.fingerprint(data)
        if loaded is not None:
            pdfs.prepare(file)  # the PDF link is usually the next thing a clerk uses
        return pages.agreement(key, title, form, seen, csrf, outcome, errors, warnings,
                               pdfs.available, seen[:16])

    async def agreement(request: Request) -> Response:
        key = request.path_params["key"]
        file = agreements.get(key)
        body = await asyncio.to_thread(page, key, file, saving.Outcome())
        return Response(body, media_type=HTML)

    async def save(request: Request) -> Response:
        key = request.path_params["key"]
        file = agreements.get(key)
        form = await read_form(request, csrf)
        seen = form.pop("_stand", "")
        form.pop("_csrf", None)
        outcome = await asyncio.to_thread(saving.save, file, form, seen)
        body = await asyncio.to_thread(page, key, file, outcome)
        code = 409 if outcome.conflict else 422 if outcome.errors else 200
        return Response(body, status_code=code, media_type=HTML)

    async def state(request: Request) -> Response:
        """The fingerprint of the file now: the page's script compares it with its own."""
        file = agreements.get(request.path_params["key"])
        data = await asyncio.to_thread(file.read_bytes)
        return Response(saving.fingerprint(data), media_type="text/plain; charset=utf-8")

    async def document(request: Request) -> Response:
        file = agreements.get(request.path_params["key"])
        try:
            html = await asyncio.to_thread(lambda: api.render(file, ["html"])["html"])
        except ZvError as exc:
            return Response(pages.bare("Dokument nicht erstellt", _why(exc)),
                            status_code=409, media_type=HTML)
        return Response(html, media_type=HTML)

    async def download(request: Request) -> Response:
        file = agreements.get(request.path_params["key"])
        fmt = request.url.path.rsplit(".", 1)[-1]
        if fmt == "pdf" and not pdfs.available:
            raise HTTPException(404)
        try:
            data = await asyncio.to_thread(pdfs.pdf if fmt == "pdf" else pdfs.docx, file)
        except ZvError as exc:
            return Response(pages.message(f"{fmt.upper()} nicht erstellt", _why(exc)),
                            status_code=409, media_type=HTML)
        media = ("application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-"
                 "officedocument.wordprocessingml.document")
        name = f"{file.stem}.{fmt}"
        return Response(data, media_type=media, headers={
            "content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise HTTPException(404)
        return Response(_asset(name), media_type=ASSETS[name])

    async def refused(request: Request, exc: Exception) -> Response:
        code = exc.status_code if isinstance(exc, HTTPException) else 500
        texts = {404: ("Nicht gefunden", "Diese Adresse gibt es hier nicht."),
                 403: ("Nicht erlaubt", str(getattr(exc, "detail", ""))),
                 405: ("Nicht möglich", "Diese Adresse beantwortet diese Anfrage nicht.")}
        title, text = texts.get(code, ("Nicht möglich", str(getattr(exc, "detail", ""))))
        return Response(pages.message(title, text), status_code=code, media_type=HTML)

    async def internal(request: Request, exc: Exception) -> Response:
        # A defect in zv: the clerk gets a page that says so, the terminal the details.
        return Response(pages.message("Interner Fehler", f"zv hat einen Fehler gemacht "
                                      f"({type(exc).__name__}: {exc}). Bitte melden; die "
                                      "Dateien sind unverändert, wenn nicht 'Gespeichert' "
                                      "angezeigt wurde."), status_code=500, media_type=HTML)

    routes = [Route("/", overview), Route("/_zv/{name:str}", asset),
              Route("/jahr/{jahr:int}/zielwerte.xlsx", year_table),
              Route("/jahr/{jahr:int}/naechstes-jahr", next_year, methods=["POST"]),
              Route("/v/{key:path}/dokument.html", document),
              Route("/v/{key:path}/stand.txt", state),
              Route("/v/{key:path}/vereinbarung.docx", download),
              Route("/v/{key:path}/vereinbarung.pdf", download),
              Route("/v/{key:path}", agreement, methods=["GET"]),
              Route("/v/{key:path}", save, methods=["POST"]),
              *comparing.routes(agreements.found), *creating.routes(root, csrf),
              *uploading.routes(root, csrf, agreements.found),
              *returned.routes(root, csrf, agreements.found), *clauses.routes(root),
              *signed.routes(root, csrf),
              *history.routes(root, agreements.get)]
    app = Starlette(routes=routes, exception_handlers={HTTPException: refused,
                                                            Exception: internal},
                    middleware=[Middleware(Guard, token=token, hosts=allowed_hosts)])
    app.state.csrf = csrf
    app.state.pdfs = pdfs
    return app


def _why(exc: ZvError) -> str:
    if isinstance(exc, InputError):
        return ("Die Vereinbarung enthält Fehler; die Datei wird erst nach der Korrektur "
                f"erstellt. {exc}")
    return str(exc)
