"""A signed agreement zv did not write (PDF, DOCX, text) uploaded and turned into a new
agreement file by the rules of `zv import --land --jahr --traeger`, in two steps: first
the summary and the file (and with "Muster" the year's Muster), nothing written; then
"Anlegen", which writes only files that still do not exist and that load together.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import tempfile
from html import escape
from pathlib import Path, PurePath

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import InputError, Problem, ZvError, os_message
from ..importing import fromtext, signed, textfile, textreport
from .guard import read_form, read_upload
from .pending import Kept, confirm_form, page, refused

MAX_FILE = 20_000_000
KEPT = 10
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,60}")


def check(root: Path, fields: dict[str, str], name: str, data: bytes
          ) -> tuple[fromtext.Rebuilt, str]:
    """What `zv import` makes of the uploaded text; InputError for bad input."""
    land, traeger = fields.get("land", "").strip(), fields.get("traeger", "").strip()
    familie = fields.get("familie", "").strip() or None
    year = fields.get("jahr", "").strip()
    problems = [Problem(Path(name or "?"), 0, 0, field, f"{label} fehlt oder ist ungültig")
                for field, label, ok in (
                    ("land", "Land", bool(_KEY.fullmatch(land))),
                    ("jahr", "Jahr", year.isdigit() and 1990 <= int(year) <= 2100),
                    ("traeger", "Träger", bool(_KEY.fullmatch(traeger))),
                    ("familie", "Familie", familie is None or bool(_KEY.fullmatch(familie))))
                if not ok]
    suffix = PurePath(name).suffix.lower()
    if suffix not in textfile.SUFFIXES:
        problems.append(Problem(Path(name or "?"), 0, 0, "", "nur PDF-, DOCX-, Text- oder "
                                "Markdown-Dateien (" + ", ".join(textfile.SUFFIXES) + ")"))
    if problems:
        raise InputError(problems)
    with tempfile.TemporaryDirectory(prefix="zv-web-") as tmp:
        staged = Path(tmp) / f"unterschrieben{suffix}"
        staged.write_bytes(data)
        paras = textfile.paragraphs(staged)
    muster = fields.get("muster") == "ja"
    target = signed.target(root, land, int(year), traeger, familie, muster=muster)
    rebuilt = fromtext.rebuild(paras, target, muster, dt.date.today(), Path(name))
    return rebuilt, "\n".join(textreport.summary(rebuilt, Path(name)))


def routes(root: Path, csrf: str) -> list[Route]:
    kept: Kept[fromtext.Rebuilt] = Kept(KEPT)

    async def upload(request: Request) -> Response:
        fields, files = await read_upload(request, csrf, limit=MAX_FILE)
        name, data = files.get("unterschrieben", ("", b""))
        if not data:
            return page("Keine Datei", "<p>Bitte eine Datei wählen.</p>", 422)
        try:
            rebuilt, summary = await asyncio.to_thread(check, root, fields, name, data)
        except ZvError as exc:
            return refused(exc, "Die Datei kann nicht übernommen werden")
        shown = "".join(f"<h2>{escape(path.relative_to(root).as_posix())} (neu)</h2>"
                        f"<pre>{escape(text)}</pre>" for path, text in rebuilt.files)
        return page("Unterschriebene Vereinbarung geprüft",
                    f"<pre class=\"zv-bericht\">{escape(summary)}</pre>{shown}"
                    + confirm_form(f"/unterschrieben/{kept.put(rebuilt)}", csrf, "Anlegen"))

    async def confirm(request: Request) -> Response:
        await read_form(request, csrf)
        rebuilt = kept.take(request.path_params["key"])
        if rebuilt is None:
            return page("Nicht mehr vorhanden", "<p>Dieser Text ist nicht mehr vorgemerkt. "
                         "Bitte die Datei noch einmal hochladen.</p>", 404)
        try:
            written = await asyncio.to_thread(fromtext.write_files, rebuilt)
        except FileExistsError:
            return page("Nicht angelegt", "<p>Eine der Dateien gibt es inzwischen; nichts "
                         "wurde geschrieben.</p>", 409)
        except (OSError, ZvError) as exc:
            detail = os_message(exc) if isinstance(exc, OSError) else str(exc)
            return page("Nicht angelegt", f"<p>Nichts wurde geschrieben.</p>"
                         f"<pre>{escape(detail)}</pre>", 500)
        names = ", ".join(p.relative_to(root).as_posix() for p in written)
        return page("Angelegt", f"<p>{escape(names)} geschrieben.</p>")

    return [Route("/unterschrieben", upload, methods=["POST"]),
            Route("/unterschrieben/{key:str}", confirm, methods=["POST"])]
