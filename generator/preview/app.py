"""The preview as an ASGI app (Starlette).

It serves the preview pages, server-sent events announcing each new state, the DOCX
and PDF of the current state, and its own two assets. Every address is matched against
a fixed route or the list of agreements found; nothing is read by a path taken from
the request, so no request can reach another file.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from .. import api
from ..errors import InputError, SetupError, ZvError
from ..writers import pdf
from . import page, watcher
from .snapshot import Preview, Project, summary

KEEPALIVE_SECONDS = 10.0
# Scripts only from the preview itself: even a text that slipped through escaping
# could not run. Inline styles are the family's stylesheet.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; "
     b"style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
     b"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]
HTML = "text/html; charset=utf-8"
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class Hub:
    """The version of what is shown, and the waiters for the next one."""

    def __init__(self) -> None:
        self.version = 1
        self.stopping = asyncio.Event()
        self._next = asyncio.Event()

    def bump(self) -> None:
        self.version += 1
        self._next.set()
        self._next = asyncio.Event()

    def stop(self) -> None:
        self.stopping.set()
        self._next.set()

    async def wait(self, seen: int, timeout: float) -> None:
        if self.version != seen or self.stopping.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._next.wait(), timeout)


class SecurityHeaders:
    """ASGI middleware: the security headers above on every response."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)
        await self.app(scope, receive, send_secured)


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def create_app(project: Project, allowed_hosts: list[str],
               report: Callable[[list[str]], None] | None = None) -> Starlette:
    """The preview as an ASGI app; the watcher runs while the app does. `report` gets
    the lines to show in the terminal after each update."""
    hub = Hub()
    has_pdf = pdf.find_soffice() is not None
    pdf_lock = threading.Lock()  # one LibreOffice at a time
    assets = {"vorschau.js": (_asset("vorschau.js"), "text/javascript; charset=utf-8"),
              "vorschau.css": (_asset("vorschau.css"), "text/css; charset=utf-8")}

    def preview_of(request: Request) -> Preview:
        found = project.get(request.path_params.get("key", ""))
        if found is None:
            raise HTTPException(404)
        return found

    async def index(request: Request) -> Response:
        if project.folder is None:
            return await document(request)
        for new in await asyncio.to_thread(project.rescan):
            await asyncio.to_thread(new.refresh)
        return Response(page.folder(project, hub.version), media_type=HTML)

    async def document(request: Request) -> Response:
        preview = preview_of(request)
        return Response(page.document(preview, hub.version, has_pdf, project.folder is not None),
                        media_type=HTML)

    async def events(request: Request) -> Response:
        if "key" in request.path_params:
            preview_of(request)

        async def stream() -> AsyncIterator[str]:
            yield "retry: 1000\n\n"
            seen = 0
            while not hub.stopping.is_set():
                if hub.version != seen:
                    seen = hub.version
                    yield f"event: stand\ndata: {seen}\n\n"
                else:
                    yield ": wach\n\n"
                await hub.wait(seen, KEEPALIVE_SECONDS)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"x-accel-buffering": "no"})

    async def download(request: Request) -> Response:
        preview = preview_of(request)
        fmt = request.url.path.rsplit(".", 1)[-1]
        if fmt == "pdf" and not has_pdf:
            raise HTTPException(404)
        try:
            data = await asyncio.to_thread(_make, preview.file, fmt, pdf_lock)
        except ZvError as exc:
            text = ("Die Vereinbarung enthält Fehler; die Datei wird erst nach der Korrektur "
                    f"erstellt. {exc}") if isinstance(exc, InputError) else str(exc)
            return Response(page.message(f"{fmt.upper()} nicht erstellt", text),
                            status_code=409, media_type=HTML)
        name = f"{preview.file.stem}.{fmt}"
        media = ("application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-"
                 "officedocument.wordprocessingml.document")
        return Response(data, media_type=media, headers={
            "content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    async def asset(request: Request) -> Response:
        if request.path_params["name"] not in assets:
            raise HTTPException(404)
        data, media = assets[request.path_params["name"]]
        return Response(data, media_type=media)

    async def slash(request: Request) -> Response:
        return RedirectResponse(f"/v/{quote(preview_of(request).key)}/")

    async def not_found(request: Request, exc: Exception) -> Response:
        code = exc.status_code if isinstance(exc, HTTPException) else 404
        title, text = ("Nicht gefunden", "Diese Adresse gibt es in der Vorschau nicht.") if (
            code == 404) else ("Nicht möglich", "Die Vorschau beantwortet nur Abrufe (GET).")
        return Response(page.message(title, text), status_code=code, media_type=HTML)

    async def on_change(changed: set[Path]) -> None:
        updated = await asyncio.to_thread(project.refresh, changed)
        if updated:
            hub.bump()
        if report is not None:
            for preview in updated:
                report(summary(preview))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(watcher.watch(project, on_change, hub.stopping))
        try:
            yield
        finally:
            hub.stop()
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(task, 3.0)

    routes = [Route("/", index), Route("/ereignisse", events), Route("/_zv/{name:str}", asset)]
    if project.folder is None:
        routes += [Route("/vereinbarung.docx", download), Route("/vereinbarung.pdf", download)]
    else:
        routes += [Route("/v/{key:path}/", document),
                   Route("/v/{key:path}/ereignisse", events),
                   Route("/v/{key:path}/vereinbarung.docx", download),
                   Route("/v/{key:path}/vereinbarung.pdf", download),
                   Route("/v/{key:path}", slash)]
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(SecurityHeaders),
                                Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)],
                    exception_handlers={HTTPException: not_found})
    app.state.hub = hub
    return app


def _make(file: Path, fmt: str, pdf_lock: threading.Lock) -> bytes:
    """The DOCX or PDF of the file as it is now, through the pipeline of zv render."""
    docx = api.render(file, ["docx"])["docx"]
    if fmt == "docx":
        return docx
    with pdf_lock, tempfile.TemporaryDirectory(prefix="zv-vorschau-") as tmp:
        staged = Path(tmp) / f"{file.stem}.docx"
        staged.write_bytes(docx)
        result = pdf.convert([staged])[staged]
    if isinstance(result, str):
        raise SetupError(result)
    return result
