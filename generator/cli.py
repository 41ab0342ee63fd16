"""The `zv` command line: parse arguments, call api, print. German for the user."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

_HELP = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=_HELP)
@click.version_option(__version__, prog_name="zv", message="%(prog)s %(version)s")
def main() -> None:
    """zv erstellt Zielvereinbarungen nach § 48b SGB II aus YAML-Dateien.

    Eine Vereinbarung steht in agreements/<jahr>/<land>/<name>.yaml; zv ergänzt sie um
    die Vorgaben des Landes (states/) und die Vorlagen der Familie (templates/) und
    schreibt Markdown, HTML und DOCX.
    """


def _fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)


@main.command(context_settings=_HELP)
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(pfade: tuple[Path, ...]) -> None:
    """Prüft Vereinbarungsdateien, ohne etwas zu schreiben.

    PFADE sind Dateien oder Ordner (alle *.yaml darunter). Fehler werden als
    datei:zeile:spalte: feld: meldung ausgegeben; Rückgabewert 1 bei Fehlern.
    Warnungen (z. B. Zahlen, die nicht zueinander passen) ändern den Rückgabewert
    nicht: nur Warnungen ergeben 0.
    """
    from . import api
    from .errors import ZvError

    failed = 0
    files = api.find_agreements(pfade)
    for file in files:
        try:
            warnings = api.check(file)
        except ZvError as exc:
            failed += 1
            _fail(str(exc).splitlines())
            continue
        for warning in warnings:
            click.echo(warning.format(), err=True)
        count = f" ({len(warnings)} Warnung{'en' if len(warnings) > 1 else ''})" if warnings else ""
        click.echo(f"{file}: in Ordnung{count}")
    if not files:
        _fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    if failed:
        click.echo(f"{failed} von {len(files)} Dateien fehlerhaft", err=True)
        sys.exit(1)


@main.command(context_settings=_HELP)
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "formate", default="md,html,docx", show_default=True,
              help="Ausgabeformate, durch Komma getrennt: md, html, docx")
@click.option("--out", "ziel", default=Path("output"), show_default=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="Zielordner; die Ordner unter agreements/ werden darin nachgebildet")
def render(pfade: tuple[Path, ...], formate: str, ziel: Path) -> None:
    """Erstellt die Vereinbarungen in den gewünschten Formaten.

    PFADE sind Dateien oder Ordner (alle *.yaml darunter).
    agreements/2021/nrw/wuppertal.yaml wird zu output/2021/nrw/wuppertal.docx;
    eine Datei außerhalb von agreements/ zu output/<name>.<format>. Eine fehlerhafte
    Datei wird gemeldet und nicht geschrieben, die übrigen werden erstellt.
    """
    from . import api
    from .errors import ZvError

    try:
        formats = api.parse_formats(formate)
    except ZvError as exc:
        _fail([f"Fehler: {exc}"])
        sys.exit(1)
    files = api.find_agreements(pfade)
    if not files:
        _fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    failed = 0
    for file in files:
        try:
            outputs = api.render(file, formats)
            written = api.write_outputs(file, outputs, ziel)
        except ZvError as exc:
            failed += 1
            _fail(str(exc).splitlines())
            continue
        except OSError as exc:
            failed += 1
            _fail([f"{file}: Schreiben fehlgeschlagen: {exc.strerror} ({exc.filename})"])
            continue
        click.echo(f"{file} -> " + ", ".join(str(p) for p in written))
    if failed:
        click.echo(f"{failed} von {len(files)} Dateien nicht erstellt", err=True)
        sys.exit(1)


@main.command(context_settings=_HELP)
def schema() -> None:
    """Gibt das JSON-Schema einer Vereinbarungsdatei aus (für Editoren)."""
    from . import api

    click.echo(api.schema(), nl=False)
