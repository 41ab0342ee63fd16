"""Commands around a ministry's own project: `zv init`, `zv new`, `zv status`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import HELP, fail, write


@click.command("init", context_settings=HELP)
@click.argument("ordner", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@click.option("--land", default=None, help="Land, dessen Dateien das Projekt bekommt, z. B. nrw")
@click.option("--update", "zeigen", is_flag=True,
              help="nur zeigen, was sich an den eingebauten Dateien von zv gegenüber den "
              "Kopien im Projekt unterscheidet (kopiert nichts)")
def init(ordner: Path, land: str | None, zeigen: bool) -> None:
    """Legt ein eigenes Projekt an (Standard: im aktuellen Ordner).

    ORDNER bekommt agreements/, die Dateien des Landes (Landesdatei, Muster,
    Standardtexte, Satzformen und Layout) unter states/ und templates/, eine
    .gitignore für output/, Editor-Einstellungen mit zv-schema.json und eine kurze
    README. Das Projekt besitzt damit seinen Text: ein neues zv ändert ihn nicht.
    Eine vorhandene Datei wird nie überschrieben.

    Mit --update zeigt zv, was sich an seinen eingebauten Dateien gegenüber den Kopien
    im Projekt unterscheidet (als Diff), und kopiert nichts.
    """
    from .. import api
    from ..errors import ZvError, os_message
    from ..project import init as setup

    if zeigen:
        known = setup.builtin_states()
        lands = [land] if land else [p.stem for p in sorted((ordner / "states").glob("*.yaml"))
                                     if p.stem in known]
        if not lands:
            fail([f"Fehler: {ordner} hat keine Landesdatei, die zv kennt "
                  f"(eingebaut: {', '.join(known)})"])
            sys.exit(1)
        _show_changes(ordner, lands)
        return
    if land is None:
        fail(["Fehler: --land fehlt (eingebaut: " + ", ".join(setup.builtin_states()) + ")"])
        sys.exit(1)
    try:
        plan = setup.plan(land, api.schema())
        written, kept = setup.init(ordner, plan)
    except ZvError as exc:
        fail(str(exc).splitlines())
        sys.exit(1)
    except OSError as exc:
        fail([f"Fehler: {ordner}: {os_message(exc)}"])
        sys.exit(2)
    contents = dict(plan.files)
    for target in kept:
        name = target.relative_to(ordner).as_posix()
        if target.is_file() and target.read_bytes() != contents[name]:
            click.echo(f"{target}: vorhanden und anders als in zv, nicht überschrieben",
                       err=True)
    click.echo(f"Projekt {ordner} für {land}: {len(written)} Dateien angelegt, "
               f"{len(kept)} vorhandene behalten", err=True)
    if written:
        click.echo(f"Weiter mit: cd {ordner} && zv new TRAEGER --jahr JAHR", err=True)


def _show_changes(ordner: Path, lands: list[str]) -> None:
    from .. import api
    from ..project import init as setup

    lines: list[str] = []
    compared: set[str] = set()
    for land in lands:
        plan = setup.plan(land, api.schema())
        files = [(n, d) for n, d in plan.files if n not in compared]
        compared.update(n for n, _ in files if n.startswith(("states/", "templates/")))
        lines += setup.changes(ordner, setup.Plan(land, tuple(files)))
    for line in lines:
        click.echo(line)
    click.echo(f"{len(compared)} Dateien verglichen ({', '.join(lands)}); " + (
        "keine Unterschiede" if not lines else
        "nichts kopiert (Änderungen selbst übernehmen)"), err=True)


def _project_land(folder: Path) -> str | None:
    """The state of a project with exactly one state file."""
    found = sorted(p.stem for p in (folder / "states").glob("*.yaml"))
    return found[0] if len(found) == 1 else None


@click.command("status", context_settings=HELP)
@click.argument("ordner", type=click.Path(path_type=Path), default=Path("agreements"))
@click.option("--format", "form", type=click.Choice(["text", "csv", "html"]), default="text",
              show_default=True, help="Ausgabe: Tabelle im Terminal, CSV für Excel, HTML-Seite")
@click.option("--out", "ziel", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Datei für csv/html [Standard: zv-status.csv bzw. zv-status.html]")
@click.option("--ausgabe", "ausgabe", type=click.Path(path_type=Path, file_okay=False),
              default=Path("output"), show_default=True,
              help="Ordner der erstellten Dateien (für die Spalte Ausgaben)")
def status(ordner: Path, form: str, ziel: Path | None, ausgabe: Path) -> None:
    """Zeigt alle Vereinbarungen eines Ordners auf einen Blick.

    Je Vereinbarung eine Zeile: Jahr, Land, Träger, Entwurf oder Endfassung, wer wann
    unterschrieben hat, Zahl der Warnungen und Fehler, ob die Ausgaben (md, html,
    docx) aktuell sind. Rückgabewert 1, wenn eine Datei fehlerhaft ist.
    """
    from .. import files as places
    from ..project import status as overview
    from ..sources import project

    if not ordner.exists():
        fail([f"Fehler: {ordner} gibt es nicht"])
        sys.exit(1)
    files = project.find_agreements([ordner])
    if not files:
        fail([f"keine Vereinbarungsdateien (*.yaml) in {ordner}"])
        sys.exit(1)
    found = overview.rows(files, ausgabe, (*places.FORMATS, "pdf"))
    if form == "text":
        click.echo(overview.text(found), nl=False)
    else:
        target = ziel or Path(f"zv-status.{form}")
        data = (overview.as_csv(found) if form == "csv" else
                overview.as_html(found, f"Zielvereinbarungen: {ordner}"))
        write(target, data)
    if any(row.fehler for row in found):
        sys.exit(1)


@click.command("new", context_settings=HELP)
@click.argument("traeger")
@click.option("--jahr", type=click.IntRange(2005, 2100), required=True,
              help="Jahr der Vereinbarung")
@click.option("--land", default=None,
              help="Land [Standard: das Land des Projekts, wenn es nur eines hat]")
def new(traeger: str, jahr: int, land: str | None) -> None:
    """Legt eine neue Vereinbarung zum Ausfüllen an.

    TRAEGER ist der Schlüssel des Trägers in der Landesdatei (z. B. kleve). Die Datei
    agreements/<jahr>/<land>/<traeger>.yaml enthält jedes auszufüllende Feld leer und
    mit einem Hinweis; welche Kennzahlen unter welchem Ziel stehen, kommt aus der
    jüngsten Vereinbarung des Landes im Projekt. zv check nennt danach jedes noch offene
    Feld. Eine vorhandene Datei wird nie überschrieben.
    """
    import datetime as dt

    from .. import api
    from ..errors import ZvError
    from ..project import new as making

    root = api.project_root(Path.cwd())
    land = land or _project_land(root)
    if land is None:
        fail(["Fehler: --land fehlt (das Projekt hat mehrere oder keine Landesdatei)"])
        sys.exit(1)
    try:
        made = making.draft(root, land, jahr, traeger, dt.date.today())
    except ZvError as exc:
        fail(str(exc).splitlines())
        sys.exit(1)
    write(made.target, made.text.encode("utf-8"))
    if made.template is not None:
        click.echo(f"Kennzahlen wie in {made.template}", err=True)
    try:
        api.check(made.target)
    except ZvError as exc:
        still = [p for p in getattr(exc, "problems", []) if p.message == "noch offen"]
        click.echo(f"{len(still)} Felder noch offen; zv check {made.target} nennt sie",
                   err=True)
