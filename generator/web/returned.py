"""A returned draft (a DOCX zv wrote, edited in Word) uploaded and taken over by the
rules of `zv import`, in two steps: first the summary (tracked changes, comments, the
values and clauses found, the YAML diff), nothing written; then "Übernehmen", only if
the agreement file did not change meanwhile. A signed Endfassung is never changed here.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import api
from ..errors import InputError, Problem, ZvError, os_message
from ..files import write_file
from ..importing import plan as plans
from ..importing import report, wordfile
from .guard import read_form, read_upload
from .pending import Kept, confirm_form, page, refused

MAX_DOCX = 20_000_000
KEPT = 20


def check(root: Path, known: dict[str, Path], name: str, data: bytes) -> plans.Plan:
    """The plan of `zv import` for an uploaded DOCX whose agreement is one of the
    project's (`known`); InputError for anything else."""
    with tempfile.TemporaryDirectory(prefix="zv-web-") as tmp:
        staged = Path(tmp) / "ruecklauf.docx"
        staged.write_bytes(data)
        source = wordfile.read(staged).properties.get(api.SOURCE_PROPERTY, "")
        agreement = next((f for f in known.values()
                          if f.relative_to(root).as_posix() == source), None)
        if agreement is None:
            raise InputError([Problem(Path(name), 0, 0, "", "die DOCX-Datei nennt keine "
                                      "Vereinbarung dieses Projekts" +
                                      (f" ({source})" if source else ""),
                                      "nur DOCX-Dateien, die zv aus diesem Projekt "
                                      "geschrieben hat")])
        return plans.plan(staged, agreement)


def routes(root: Path, csrf: str, found: Callable[[], dict[str, Path]]) -> list[Route]:
    kept: Kept[plans.Plan] = Kept(KEPT)

    async def upload(request: Request) -> Response:
        _fields, files = await read_upload(request, csrf, limit=MAX_DOCX)
        name, data = files.get("ruecklauf", ("", b""))
        if not data:
            return page("Keine Datei", "<p>Bitte eine DOCX-Datei wählen.</p>", 422)
        try:
            plan = await asyncio.to_thread(check, root, found(), name, data)
        except ZvError as exc:
            return refused(exc, "Die Datei kann nicht übernommen werden")
        summary = "\n".join(report.summary(plan))
        diff = "\n".join(report.yaml_diff(plan)) if plan.new_text != plan.old_text else ""
        body = (f"<pre class=\"zv-bericht\">{escape(summary)}</pre>"
                + (f"<h2>Änderungen der Datei</h2><pre>{escape(diff)}</pre>" if diff else ""))
        if plan.conflicts or plan.signed or not diff:
            reason = ("Konflikte (siehe oben)" if plan.conflicts else
                      "unterschriebene Endfassung: wird hier nicht geändert" if plan.signed
                      else "nichts zu übernehmen")
            return page("Rücklauf geprüft", f"{body}<p><strong>{escape(reason)}</strong>; "
                         "nichts geschrieben.</p>", 409 if plan.conflicts else 200)
        return page("Rücklauf geprüft", body + confirm_form(
            f"/ruecklauf/{kept.put(plan)}", csrf, "Übernehmen"))

    async def confirm(request: Request) -> Response:
        await read_form(request, csrf)
        plan = kept.take(request.path_params["key"])
        if plan is None:
            return page("Nicht mehr vorhanden", "<p>Dieser Rücklauf ist nicht mehr "
                         "vorgemerkt. Bitte die Datei noch einmal hochladen.</p>", 404)
        try:
            if plan.agreement.read_text(encoding="utf-8") != plan.old_text:
                return page("Nicht übernommen: Datei inzwischen geändert",
                             "<p>Die Vereinbarungsdatei wurde nach dem Hochladen geändert; "
                             "nichts wurde geschrieben. Bitte noch einmal hochladen.</p>", 409)
            await asyncio.to_thread(write_file, plan.agreement, plan.new_text.encode("utf-8"))
        except OSError as exc:
            return page("Nicht geschrieben", f"<p>{escape(os_message(exc))}</p>", 500)
        return page("Übernommen", f"<p>{escape(plan.agreement.relative_to(root).as_posix())} "
                     "geschrieben.</p>")

    return [Route("/ruecklauf", upload, methods=["POST"]),
            Route("/ruecklauf/{key:str}", confirm, methods=["POST"])]
