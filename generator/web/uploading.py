"""An edited target table (from `zv table` or the overview's download) uploaded and
written back by the rules of `zv fill`, in two steps.

1. Upload: every row is checked and matched as `zv fill` does it; nothing is written.
   The page lists each change (file, line, field, old -> new) and keeps the plan on the
   server with the fingerprint of each file it changes.
2. "Übernehmen": only if none of those files changed meanwhile (else a conflict: shown,
   nothing written) are the files written. A signed Endfassung is never changed here,
   as in the form.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import api
from ..cycle import fill as fills
from ..cycle.facts import Facts, facts
from ..errors import InputError, Problem, ZvError, os_message
from ..files import write_file
from . import fields as F
from .guard import read_form, read_upload
from .pending import Kept, confirm_form, page, refused
from .saving import fingerprint, load_quietly

MAX_TABLE = 10_000_000
KEPT = 20


@dataclass(frozen=True)
class Pending:
    plan: fills.Plan
    seen: dict[Path, str]  # fingerprint of each file the plan changes


def check(files: list[Path], name: str, data: bytes) -> tuple[fills.Plan, dict[Path, str]]:
    """The plan of `zv fill` for an uploaded table; InputError naming every bad row."""
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    before = {f: fingerprint(f.read_bytes()) for f in files}
    known: list[Facts] = []
    for file in files:
        try:
            known.append(facts(api.load(file)))
        except ZvError:
            continue  # a row for it is reported as not found
    with tempfile.TemporaryDirectory(prefix="zv-web-") as tmp:
        staged = Path(tmp) / f"tabelle{suffix}"
        staged.write_bytes(data)
        try:
            plan = fills.plan(staged, fills.read_table(staged), known,
                              fills.made_from(staged))
        except InputError as exc:
            raise InputError([_named(p, staged, name) for p in exc.problems]) from None
    locked = []
    for file in plan.texts:
        loaded, _errors, _warnings = load_quietly(file)
        if F.form(file.read_text(encoding="utf-8"), loaded, file).locked:
            locked.append(Problem(file, 0, 0, "", "unterschriebene Endfassung: wird hier "
                                  "nicht geändert"))
    if locked:
        raise InputError(locked)
    return plan, {f: before[f] for f in plan.texts if f in before}


def _named(problem: Problem, staged: Path, name: str) -> Problem:
    return Problem(Path(name) if problem.file == staged else problem.file, problem.line,
                   problem.column, problem.field, problem.message, problem.hint)


def write(pending: Pending) -> list[Path]:
    """Write the plan's files; the files changed meanwhile instead (nothing written)."""
    changed = [f for f, seen in pending.seen.items() if fingerprint(f.read_bytes()) != seen]
    if changed:
        return changed
    for file, text in pending.plan.texts.items():
        write_file(file, text.encode("utf-8"))
    return []


def routes(root: Path, csrf: str, found: Callable[[], dict[str, Path]]) -> list[Route]:
    kept: Kept[Pending] = Kept(KEPT)

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    async def upload(request: Request) -> Response:
        _fields, files = await read_upload(request, csrf, limit=MAX_TABLE)
        name, data = files.get("tabelle", ("", b""))
        if not data:
            return page("Keine Tabelle", "<p>Bitte eine Tabelle (XLSX oder CSV) wählen.</p>",
                         422)
        try:
            plan, seen = await asyncio.to_thread(check, list(found().values()), name, data)
        except InputError as exc:
            return refused(exc, "Die Tabelle hat Fehler")
        if not plan.changes:
            return page("Keine Änderungen", "<p>Die Tabelle enthält keine geänderten "
                         "Werte.</p>")
        key = kept.put(Pending(plan, seen))
        items = "".join(f"<li><code>{escape(shown(c.file))}:{c.line}</code> "
                        f"<code>{escape(c.path)}</code>: {escape(c.old)} → {escape(c.new)}</li>"
                        for c in plan.changes)
        body = (f"<p>{len(plan.changes)} Änderung{'en' if len(plan.changes) != 1 else ''} in "
                f"{len(plan.texts)} Datei{'en' if len(plan.texts) != 1 else ''}; noch ist "
                f"nichts geschrieben.</p><ul>{items}</ul>"
                + confirm_form(f"/tabelle/{key}", csrf, "Übernehmen"))
        return page("Änderungen aus der Tabelle", body)

    async def confirm(request: Request) -> Response:
        await read_form(request, csrf)
        pending = kept.take(request.path_params["key"])
        if pending is None:
            return page("Nicht mehr vorhanden", "<p>Diese Änderungen sind nicht mehr "
                         "vorgemerkt (schon übernommen oder zu alt). Bitte die Tabelle noch "
                         "einmal hochladen.</p>", 404)
        try:
            changed = await asyncio.to_thread(write, pending)
        except OSError as exc:
            return page("Nicht geschrieben", f"<p>{escape(os_message(exc))}</p>", 500)
        if changed:
            items = "".join(f"<li><code>{escape(shown(f))}</code></li>" for f in changed)
            return page("Nicht übernommen: Dateien inzwischen geändert",
                         "<p>Diese Dateien wurden nach dem Hochladen geändert; nichts wurde "
                         f"geschrieben. Bitte die Tabelle noch einmal hochladen.</p><ul>{items}"
                         "</ul>", 409)
        return page("Übernommen", f"<p>{len(pending.plan.changes)} Werte in "
                     f"{len(pending.plan.texts)} Dateien geschrieben.</p>")

    return [Route("/tabelle", upload, methods=["POST"]),
            Route("/tabelle/{key:str}", confirm, methods=["POST"])]

