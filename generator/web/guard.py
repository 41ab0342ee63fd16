"""What every request to `zv web` passes: security headers, the Host header check
(against DNS rebinding), the access token of a server reachable from other machines,
and for every POST the CSRF token and the origin."""

from __future__ import annotations

import secrets
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..preview.app import App, Message, Receive, Scope, Send
from . import pages

HTML = "text/html; charset=utf-8"
COOKIE = "zv_zugang"
MAX_FORM = 1_000_000
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; "
     b"style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
     b"connect-src 'self'; "
     b"form-action 'self'; base-uri 'none'; frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on
    # its own POSTs, and the origin check below could not tell them from a foreign page.
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"SAMEORIGIN"),
]

def same(given: str, secret: str) -> bool:
    """A constant-time comparison that also takes what no browser of ours sends
    (compare_digest refuses non-ASCII text)."""
    return secrets.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


class Guard:
    """ASGI middleware: security headers on every response; only the allowed names in
    the Host header (against DNS rebinding); with a token, no request without it (the
    token in the query once sets the cookie)."""

    def __init__(self, app: App, token: str | None, hosts: list[str]) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        request = Request(scope)
        host = request.headers.get("host", "")
        name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0] \
            if host.count(":") == 1 else host
        if "*" not in self.hosts and name not in self.hosts:
            response: Response = Response(pages.message(
                "Unbekannte Adresse", f"Dieser Server antwortet nur unter "
                f"{', '.join(self.hosts)}."), status_code=400, media_type=HTML)
            await response(scope, receive, secured)
            return
        if self.token is not None:
            given = request.query_params.get("zugang")
            if given is not None and same(given, self.token):
                response = RedirectResponse(scope["path"], status_code=303)
                response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, secured)
                return
            if not same(request.cookies.get(COOKIE, ""), self.token):
                response = Response(pages.message(
                    "Zugang nötig", "Dieser Server ist nur mit dem Zugangsschlüssel "
                    "erreichbar, den 'zv web' beim Start ausgibt (Adresse mit ?zugang=…)."),
                    status_code=403, media_type=HTML)
                await response(scope, receive, secured)
                return
        await self.app(scope, receive, secured)


async def read_form(request: Request, csrf: str) -> dict[str, str]:
    """The fields of a urlencoded POST, after the CSRF token and the origin are checked."""
    fields, _files = await read_upload(request, csrf, urlencoded_only=True)
    return fields


async def read_upload(request: Request, csrf: str, urlencoded_only: bool = False,
                      limit: int = MAX_FORM) -> tuple[dict[str, str],
                                                      dict[str, tuple[str, bytes]]]:
    """The text fields and uploaded files (name -> (file name, bytes)) of a POST, after
    the CSRF token and the origin are checked. Multipart is read with the standard
    library's MIME parser (no python-multipart needed)."""
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(403, "Die Anfrage kommt nicht von dieser Seite.")
    kind = request.headers.get("content-type", "")
    multipart = kind.startswith("multipart/form-data") and not urlencoded_only
    if not (multipart or kind.startswith("application/x-www-form-urlencoded")):
        raise HTTPException(403, "Nur Formulare dieser Seite können speichern.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, "Das Formular ist zu groß.")
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    try:
        if multipart:
            message = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + kind.encode("latin-1") + b"\r\n\r\n" + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if not isinstance(name, str):
                    continue
                payload = part.get_payload(decode=True)
                data = payload if isinstance(payload, bytes) else b""
                filename = part.get_filename()
                if filename is not None:
                    files[name] = (filename, data)
                else:
                    fields[name] = data.decode("utf-8")
        else:
            fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except (UnicodeError, ValueError):
        raise HTTPException(400, "Das Formular ist nicht lesbar.") from None
    if not same(fields.get("_csrf", ""), csrf):
        raise HTTPException(403, "Das Formular ist abgelaufen oder kommt nicht von dieser "
                            "Seite (CSRF-Schutz). Bitte die Seite neu laden.")
    return fields, files
