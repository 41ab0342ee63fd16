"""Earlier versions of an agreement from git, compared with the file as it is now (as
`zv diff` does it): what changed since the last commit, since last year's signing.

Only versions git lists for the file are offered, and a version is taken from the
request only if it is one of them; git is asked with fixed arguments, never with text
from the request. Without git or outside a repository the page says so.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import lifetime
from ..compare import diff as diffs
from ..compare import report
from ..errors import ZvError
from . import pages

HTML = "text/html; charset=utf-8"
LIMIT = 30
TIMEOUT = 20


@dataclass(frozen=True)
class Version:
    commit: str
    day: str
    author: str
    subject: str


def _git(root: Path, *arguments: str) -> bytes | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, "-C", str(root), *arguments], capture_output=True,
                              timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def versions(root: Path, file: Path) -> list[Version] | None:
    """The commits that changed the file, newest first; None without git or repository."""
    out = _git(root, "log", f"-n{LIMIT}", "--format=%H%x09%ad%x09%an%x09%s", "--date=short",
               "--", file.relative_to(root).as_posix())
    if out is None:
        return None
    found = []
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split("\t", 3)
        if len(parts) == 4:
            found.append(Version(*parts))
    return found


def compared(root: Path, file: Path, version: Version) -> diffs.Comparison:
    """The version (ALT) against the file now (NEU). The old text is put beside the
    file, hidden, so that it finds the same project (states/, templates/)."""
    # "./": relative to the project, which may be a folder inside the repository
    old = _git(root, "show", f"{version.commit}:./{file.relative_to(root).as_posix()}")
    if old is None:
        raise ZvError("diese Fassung kann git nicht liefern")
    fd, name = tempfile.mkstemp(prefix=lifetime.temp_file_prefix(file.name), dir=file.parent)
    staged = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(old)
        comparison = diffs.compare(staged, file)
    finally:
        staged.unlink(missing_ok=True)
    shown = Path(f"{file.relative_to(root).as_posix()} (Fassung {version.commit[:8]} vom "
                 f"{version.day})")
    return dataclasses.replace(comparison, old=dataclasses.replace(comparison.old, file=shown))


def routes(root: Path, get: Callable[[str], Path]) -> list[Route]:
    """`get` gives the file of an agreement key (404 for an unknown one)."""

    async def chosen(request: Request) -> tuple[str, Path, list[Version] | None,
                                                 Version | None]:
        key = request.path_params["key"]
        file = get(key)
        found = await asyncio.to_thread(versions, root, file)
        wanted = request.query_params.get("fassung", "")
        version = next((v for v in found or [] if v.commit == wanted), None)
        return key, file, found, version

    async def listing(request: Request) -> Response:
        key, _file, found, version = await chosen(request)
        return Response(page(key, found, version), media_type=HTML)

    async def shown(request: Request) -> Response:
        _key, file, _found, version = await chosen(request)
        if version is None:
            return Response(pages.bare("Nicht gefunden", "Diese Fassung gibt es nicht."), 404,
                            media_type=HTML)
        try:
            comparison = await asyncio.to_thread(compared, root, file, version)
        except ZvError as exc:
            return Response(pages.bare("Kein Vergleich", str(exc)), 409, media_type=HTML)
        return Response(report.html_page(comparison), media_type=HTML)

    async def redline(request: Request) -> Response:
        _key, file, _found, version = await chosen(request)
        if version is None:
            return Response(pages.message("Nicht gefunden", "Diese Fassung gibt es nicht."),
                            404, media_type=HTML)
        try:
            data = await asyncio.to_thread(lambda: diffs.redline_docx(
                compared(root, file, version), "zv", dt.date.today()))
        except ZvError as exc:
            return Response(pages.message("Kein Vergleich", str(exc)), 409, media_type=HTML)
        name = f"{file.stem}-seit-{version.day}.docx"
        return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document", headers={
                            "content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    return [Route("/verlauf/{key:path}/bericht.html", shown),
            Route("/verlauf/{key:path}/aenderungen.docx", redline),
            Route("/verlauf/{key:path}", listing)]


def page(key: str, found: list[Version] | None, version: Version | None) -> bytes:
    base = f"/verlauf/{quote(key)}"
    title = f"Frühere Fassungen: {key}.yaml"
    if found is None:
        body = ("<p>Ohne git (oder außerhalb eines git-Repositorys) kennt zv keine früheren "
                "Fassungen. Zwei Dateien vergleicht die Seite „Vergleich“.</p>")
    elif not found:
        body = "<p>git kennt noch keine Fassung dieser Datei (noch nicht eingecheckt).</p>"
    else:
        rows = "\n".join(
            f"<tr><td>{escape(v.day)}</td><td>{escape(v.subject)}</td>"
            f"<td>{escape(v.author)}</td><td><a href=\"{base}?fassung={v.commit}\""
            + (' aria-current="true"' if v == version else "")
            + f">mit heute vergleichen<span class=\"zv-sr\"> (Fassung vom {escape(v.day)})"
            "</span></a></td></tr>" for v in found)
        body = ('<table class="zv-tabelle">\n<caption>Fassungen in git, neueste zuerst'
                '</caption>\n<thead><tr><th scope="col">Datum</th><th scope="col">'
                'Beschreibung</th><th scope="col">Von</th><th scope="col">Vergleich</th>'
                f"</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>")
    if version is not None:
        query = f"?fassung={version.commit}"
        body += (f"<h2>Fassung vom {escape(version.day)} und heute</h2>\n"
                 f'<p><a href="{base}/aenderungen.docx{query}">heute mit Änderungsverfolgung '
                 "seit dieser Fassung herunterladen (DOCX)</a></p>\n"
                 f'<iframe class="zv-bericht" src="{base}/bericht.html{query}" '
                 f'title="Vergleich der Fassung vom {escape(version.day)} mit heute"></iframe>')
    return pages.frame(title, f"<h1>{escape(title)}</h1>\n"
                       f'<p><a href="/v/{quote(key)}">zurück zur Vereinbarung</a></p>\n{body}')
