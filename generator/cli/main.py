"""The `zv` command line: parse arguments, call api, print. German for the user."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from .. import __version__
from . import texts
from .common import HELP as _HELP
from .common import fail as _fail

texts.install()

# Commands defined in other modules, imported only when used (or listed by --help), so
# that `zv render` over unchanged files loads no more than it needs.
_ELSEWHERE = {"diff": "review:diff", "preview": "review:preview",
              "next": "cycle:next_year", "table": "cycle:table",
              "fill": "cycle:fill", "init": "project:init", "status": "project:status",
              "new": "project:new", "import": "importing:import_docx", "web": "web:web"}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _ELSEWHERE and cmd_name not in self.commands:
            module, name = _ELSEWHERE[cmd_name].split(":")
            command = getattr(importlib.import_module(f".{module}", __package__), name)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Group, context_settings=_HELP)
@click.version_option(__version__, prog_name="zv", message="%(prog)s %(version)s")
def main() -> None:
    """zv erstellt Zielvereinbarungen nach § 48b SGB II aus YAML-Dateien.

    Eine Vereinbarung steht in agreements/<jahr>/<land>/<name>.yaml; zv ergänzt sie um
    die Angaben des Landes (states/<land>.yaml), das Muster des Jahres
    (states/<land>/<jahr>.yaml) und den Standardtext der Vorlagenfamilie (templates/)
    und schreibt Markdown, HTML, DOCX und PDF.
    """


@main.command(context_settings=_HELP)
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", "streng", is_flag=True,
              help="Warnungen wie Fehler behandeln: Rückgabewert 1 (z. B. für CI)")
def check(pfade: tuple[Path, ...], streng: bool) -> None:
    """Prüft Vereinbarungsdateien, ohne etwas zu schreiben.

    PFADE sind Dateien oder Ordner (alle *.yaml darunter). Fehler werden als
    datei:zeile:spalte: feld: meldung ausgegeben; Rückgabewert 1 bei Fehlern.
    Auch ein Muster (states/<land>/<jahr>.yaml: Namen der Bausteine, Platzhalter,
    Werte) und eine Landesdatei lassen sich so allein prüfen, z. B. zv check states/.
    Warnungen (Zahlen, die nicht zueinander passen; unvollständige, zweistellige oder
    unpassende Unterschriftsdaten; Endfassung ohne Datum; Jahreszahlen des Vorjahres im
    Text eines Entwurfs; 1.000 statt 1,0 bei Prozentwerten) ändern den Rückgabewert
    nicht, außer mit --strict.
    """
    from .. import api
    from ..errors import SetupError, ZvError, internal_error

    failed = warned = 0
    setup_fault = False
    files = api.find_agreements(pfade)
    for file in files:
        try:
            warnings = api.check(file)
        except SetupError as exc:
            failed += 1
            setup_fault = True
            _fail([f"{file}: Fehler: {exc}"])
            continue
        except ZvError as exc:
            failed += 1
            _fail(str(exc).splitlines())
            continue
        except Exception as exc:  # a defect in zv: reported with the file, the rest go on
            failed += 1
            _fail([internal_error(file, exc)])
            continue
        for warning in warnings:
            click.echo(warning.format(), err=True)
        warned += bool(warnings)
        count = f" ({len(warnings)} Warnung{'en' if len(warnings) > 1 else ''})" if warnings else ""
        click.echo(f"{file}: in Ordnung{count}")
    if not files:
        _fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    if failed:
        click.echo(f"{failed} von {len(files)} Dateien fehlerhaft", err=True)
        sys.exit(2 if setup_fault else 1)
    if streng and warned:
        click.echo(f"{warned} von {len(files)} Dateien mit Warnungen (--strict)", err=True)
        sys.exit(1)


@main.command(context_settings=_HELP)
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "formate", default=None,
              help="Ausgabeformate, durch Komma getrennt: md, html, docx, pdf "
              "[Standard: md,html,docx und pdf, wenn LibreOffice installiert ist]")
@click.option("--out", "ziel", default=Path("output"), show_default=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="Zielordner; die Ordner unter agreements/ werden darin nachgebildet")
@click.option("--force", is_flag=True,
              help="auch unveränderte Vereinbarungen neu erstellen")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Zahl paralleler Prozesse [Standard: alle Prozessorkerne]")
@click.option("--pdf-timeout", "pdf_timeout", type=click.FloatRange(min=0.1), default=60,
              show_default=True, metavar="SEKUNDEN",
              help="Zeitgrenze T für LibreOffice: ein Lauf über mehrere Dateien endet, wenn "
              "T Sekunden lang kein PDF fertig wird (spätestens nach T + 1 s je Datei); "
              "danach bekommt jede noch fehlende Datei einen eigenen Versuch von höchstens "
              "T (die Dateien nach einer, die hängt, wieder einen gemeinsamen Lauf); "
              "insgesamt höchstens 3 T + 1 s je Datei")
@click.option("--strict", "streng", is_flag=True,
              help="eine Datei mit Warnungen nicht schreiben: Rückgabewert 1 (z. B. für CI)")
def render(pfade: tuple[Path, ...], formate: str | None, ziel: Path, force: bool,
           jobs: int | None, pdf_timeout: float, streng: bool) -> None:
    """Erstellt die Vereinbarungen in den gewünschten Formaten.

    PFADE sind Dateien oder Ordner (alle *.yaml darunter).
    agreements/2021/nrw/wuppertal.yaml wird zu output/2021/nrw/wuppertal.docx;
    eine Datei außerhalb von agreements/ zu output/<name>.<format>.

    \b
    - Mehrere Dateien werden parallel erstellt; PDFs entstehen aus den DOCX-Dateien in
      bis zu zwei LibreOffice-Läufen nebeneinander, die schon starten, während die
      übrigen DOCX noch entstehen (PDF/A-2b, alle Schriften eingebettet).
    - Unveränderte Vereinbarungen (gleiche Datei, Landesdateien und Muster, Vorlagen
      und Programmversion) werden übersprungen, außer mit --force.
    - Eine fehlerhafte Datei wird gemeldet und nicht geschrieben; die übrigen werden
      erstellt. Rückgabewert 1, wenn eine Datei fehlschlug, 2 bei einem Fehler der
      Einrichtung (Vorlage, Layoutdatei, voller Datenträger).
    - Die Warnungen von zv check (z. B. kein Muster für das Jahr, unpassende
      Unterschriftsdaten) stehen nach der Ergebniszeile, gezählt und mit Datei und Zeile;
      mit --strict wird eine Datei mit Warnungen nicht geschrieben. Für unveränderte
      Dateien zeigt zv check sie erneut.
    """
    import time

    # Light modules only: the rendering stack is imported when a file needs rendering,
    # so a run over unchanged files stays fast.
    from .. import batch
    from .. import files as places
    from ..errors import ZvError
    from ..sources import project

    started = time.monotonic()
    try:
        formats = places.parse_formats(formate) if formate else places.default_formats()
    except ZvError as exc:
        _fail([f"Fehler: {exc}"])
        sys.exit(1)
    files = project.find_agreements(pfade)
    if not files:
        _fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    if "pdf" in formats:
        _warn_without_soffice()

    interactive = sys.stderr.isatty()
    bar = click.progressbar(length=batch.steps(files, formats), label="Erstelle",
                            file=sys.stderr) if interactive else None

    def report(result: batch.FileResult) -> None:
        if result.status == "fehler":
            if bar is not None:
                click.echo("", err=True)
            _fail(result.messages)
        elif result.status == "erstellt" and bar is None:
            click.echo(f"{result.file} -> " + ", ".join(str(p) for p in result.written))
        elif bar is None:
            click.echo(f"{result.file}: unverändert")

    def progress(count: int) -> None:
        if bar is not None:
            bar.update(count)

    try:
        if bar is not None:
            with bar:
                results = batch.run(files, formats, ziel, force, jobs, report, pdf_timeout,
                                    progress, strict=streng)
        else:
            results = batch.run(files, formats, ziel, force, jobs, report, pdf_timeout,
                                strict=streng)
    except ZvError as exc:  # the stamp file: every file was reported already
        _fail([f"Fehler: {exc}"])
        sys.exit(2)
    setup_fault = any(r.setup for r in results)
    counts = {status: sum(r.status == status for r in results)
              for status in ("erstellt", "unveraendert", "fehler")}
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    click.echo(f"{counts['erstellt']} erstellt, {counts['unveraendert']} unverändert, "
               f"{counts['fehler']} fehlerhaft ({seconds} s)", err=True)
    warnings = [w for r in results for w in r.warnings]
    if warnings:
        warned = sum(bool(r.warnings) for r in results)
        click.echo(f"{len(warnings)} Warnung{'en' if len(warnings) > 1 else ''} in {warned} "
                   f"Datei{'en' if warned > 1 else ''} (Dateien wurden erstellt; "
                   "--strict macht daraus Fehler):", err=True)
        for warning in warnings:
            click.echo(warning, err=True)
    if setup_fault:
        sys.exit(2)
    if counts["fehler"]:
        sys.exit(1)


def _warn_without_soffice() -> None:
    from ..files import find_soffice

    if find_soffice() is None:
        from ..writers import pdf  # only for its hint: it costs an unchanged run time

        _fail([f"Fehler: LibreOffice ist nicht installiert; PDF-Dateien können nicht erstellt "
               f"werden ({pdf.INSTALL_HINT}). Die übrigen Formate werden geschrieben."])


@main.command(context_settings=_HELP,
              short_help="Zeigt, welche Bausteine des Standardtexts in einem Jahr gelten.")
@click.argument("land")
@click.argument("jahr", type=int)
@click.option("--familie", default=None,
              help="Vorlagenfamilie [Standard: die der Landesdatei, z. B. nrw]")
@click.option("--text", "ganz", is_flag=True,
              help="den ganzen Text jedes Bausteins zeigen, so eingerückt, dass er sich in "
              "den Abschnitt bausteine: eines Musters kopieren lässt")
def bausteine(land: str, jahr: int, familie: str | None, ganz: bool) -> None:
    """Zeigt die Bausteine des Standardtexts für LAND und JAHR in ihrer Reihenfolge.

    Jede Zeile nennt den Namen des Bausteins, wer seinen Text zuletzt festgelegt hat
    (Standardtext der Familie oder Muster eines Jahres), eine Bedingung und die ersten
    Worte. Mit diesen Namen ändert ein Muster (states/<land>/<jahr>.yaml) oder eine
    einzelne Vereinbarung (Abschnitt bausteine:) den Text. Anleitung:
    docs/neues-jahr.md

    \b
    Beispiel: zv bausteine nrw 2021
    """
    from .. import api
    from ..errors import ZvError
    from ..sources import bausteine as clauses

    try:
        text = api.standard(land, jahr, familie)
    except ZvError as exc:
        _fail(str(exc).splitlines())
        sys.exit(1)
    source = f"Muster {text.muster}" if text.muster else "Standardtext der Familie"
    click.echo(f"Bausteine {land} {jahr} (Familie {text.familie}), es gilt: {source}")
    root = api.project_root(Path.cwd())

    def shown(file: Path) -> str:
        """Inside the project as the project's path (states/nrw/2021.yaml)."""
        return (file.relative_to(root).as_posix() if file.is_relative_to(root)
                else str(file))

    click.echo("gelesen aus: " + ", ".join(shown(f) for f in text.dateien))
    if text.werte is not None:
        click.echo(f"Werte des Musters für alle Vereinbarungen {jahr}: "
                   + ", ".join(text.werte.data))
    if ganz:
        click.echo("\nbausteine:")
    width = max(len(k.name) for k in text.klauseln)
    stand = max(len(k.stand) for k in text.klauseln)
    for k in text.klauseln:
        condition = f"[wenn {k.wenn}] " if k.wenn else ""
        if ganz:
            # Ready to paste into a Muster's `bausteine:` section.
            when = f", nur wenn {k.wenn}" if k.wenn else ""
            click.echo(f"\n  # {k.stand} ({shown(k.quelle)}:{k.zeile}){when}")
            click.echo(f"  {k.name}: |-")
            click.echo("\n".join(f"    {line}".rstrip() for line in k.text.strip("\n")
                                 .splitlines()))
        else:
            lead = f"{k.name:<{width}}  {k.stand:<{stand}}  {condition}"
            click.echo(lead + clauses.first_words(k.text, max(30, 110 - len(lead))))


@main.command(context_settings=_HELP)
def schema() -> None:
    """Gibt das JSON-Schema einer Vereinbarungsdatei aus (für Editoren)."""
    from .. import api

    click.echo(api.schema(), nl=False)

