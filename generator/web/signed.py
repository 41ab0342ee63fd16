"""A signed agreement zv did not write (PDF, DOCX, text) uploaded and turned into a new
agreement file by the rules of `zv import --land --jahr --traeger`, in two steps: first
the summary and the file (and with "Muster" the year's Muster), nothing written; then
"Anlegen", which writes only files that still do not exist and that load together.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePath

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import api
from ..errors import InputError, Problem, ZvError, os_message
from ..files import write_file
from ..importing import fromtext, signed, textfile, textreport
from .guard import read_form, read_upload
from .uploading import _page

MAX_FILE = 20_000_000
KEPT = 10
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,60}")


@dataclass(frozen=True)
class Prepared:
    files: tuple[tuple[Path, str], ...]  # the files to write, Muster first
    agreement: Path


def check(root: Path, fields: dict[str, str], name: str, data: bytes
          ) -> tuple[fromtext.Rebuilt, Prepared, str]:
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
    target = signed.target(root, land, int(year), traeger, familie)
    muster = fields.get("muster") == "ja"
    if muster and textreport.muster_file(target).exists():
        raise InputError([Problem(textreport.muster_file(target), 0, 0, "", f"das Muster "
                                  f"{year} gibt es schon", "ohne „Muster“ übernehmen")])
    rebuilt = fromtext.rebuild(paras, target, muster, dt.date.today(), Path(name))
    files = [(target.file, rebuilt.text)]
    if rebuilt.muster is not None:
        files.insert(0, (textreport.muster_file(target), rebuilt.muster))
    summary = "\n".join(textreport.summary(rebuilt, Path(name)))
    return rebuilt, Prepared(tuple(files), target.file), summary


def routes(root: Path, csrf: str) -> list[Route]:
    kept: OrderedDict[str, Prepared] = OrderedDict()
    lock = threading.Lock()

    async def upload(request: Request) -> Response:
        fields, files = await read_upload(request, csrf, limit=MAX_FILE)
        name, data = files.get("unterschrieben", ("", b""))
        if not data:
            return _page("Keine Datei", "<p>Bitte eine Datei wählen.</p>", 422)
        try:
            _, prepared, summary = await asyncio.to_thread(check, root, fields, name, data)
        except ZvError as exc:
            problems = exc.problems if isinstance(exc, InputError) else []
            items = "".join(f"<li>{escape(p.format())}</li>" for p in problems) or \
                f"<li>{escape(str(exc))}</li>"
            return _page("Nicht übernommen", "<p>Die Datei kann nicht übernommen werden; "
                         f"nichts wurde geschrieben.</p><ul>{items}</ul>", 422)
        shown = "".join(f"<h2>{escape(path.relative_to(root).as_posix())} (neu)</h2>"
                        f"<pre>{escape(text)}</pre>" for path, text in prepared.files)
        key = secrets.token_urlsafe(12)
        with lock:
            kept[key] = prepared
            while len(kept) > KEPT:
                kept.popitem(last=False)
        return _page("Unterschriebene Vereinbarung geprüft",
                     f"<pre class=\"zv-bericht\">{escape(summary)}</pre>{shown}"
                     f'<form method="post" action="/unterschrieben/{key}">'
                     f'<input type="hidden" name="_csrf" value="{escape(csrf)}">'
                     '<p><button type="submit">Anlegen</button> '
                     '<a href="/">Abbrechen</a></p></form>')

    async def confirm(request: Request) -> Response:
        await read_form(request, csrf)
        with lock:
            prepared = kept.pop(request.path_params["key"], None)
        if prepared is None:
            return _page("Nicht mehr vorhanden", "<p>Dieser Text ist nicht mehr vorgemerkt. "
                         "Bitte die Datei noch einmal hochladen.</p>", 404)
        if any(path.exists() for path, _ in prepared.files):
            return _page("Nicht angelegt", "<p>Eine der Dateien gibt es inzwischen; nichts "
                         "wurde geschrieben.</p>", 409)
        written: list[Path] = []
        try:
            for path, text in prepared.files:
                await asyncio.to_thread(write_file, path, text.encode("utf-8"))
                written.append(path)
            await asyncio.to_thread(api.load, prepared.agreement)
        except (OSError, ZvError) as exc:
            for path in written:
                path.unlink(missing_ok=True)
            detail = os_message(exc) if isinstance(exc, OSError) else str(exc)
            return _page("Nicht angelegt", f"<p>Nichts wurde geschrieben.</p>"
                         f"<pre>{escape(detail)}</pre>", 500)
        names = ", ".join(p.relative_to(root).as_posix() for p in written)
        return _page("Angelegt", f"<p>{escape(names)} geschrieben.</p>")

    return [Route("/unterschrieben", upload, methods=["POST"]),
            Route("/unterschrieben/{key:str}", confirm, methods=["POST"])]
