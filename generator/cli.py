"""The `zv` command line: parse arguments, call api, print. German for the user."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__, clitext

clitext.install()
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
    from .errors import SetupError, ZvError, internal_error

    failed = 0
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
        count = f" ({len(warnings)} Warnung{'en' if len(warnings) > 1 else ''})" if warnings else ""
        click.echo(f"{file}: in Ordnung{count}")
    if not files:
        _fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    if failed:
        click.echo(f"{failed} von {len(files)} Dateien fehlerhaft", err=True)
        sys.exit(2 if setup_fault else 1)


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
              help="Zeitgrenze T für LibreOffice: der gemeinsame Lauf endet, wenn T Sekunden "
              "lang kein PDF fertig wird (spätestens nach T + 1 s je Datei); danach bekommt "
              "jede noch fehlende Datei einen eigenen Versuch von höchstens T; insgesamt "
              "höchstens 3 T + 1 s je Datei")
def render(pfade: tuple[Path, ...], formate: str | None, ziel: Path, force: bool,
           jobs: int | None, pdf_timeout: float) -> None:
    """Erstellt die Vereinbarungen in den gewünschten Formaten.

    PFADE sind Dateien oder Ordner (alle *.yaml darunter).
    agreements/2021/nrw/wuppertal.yaml wird zu output/2021/nrw/wuppertal.docx;
    eine Datei außerhalb von agreements/ zu output/<name>.<format>.

    \b
    - Mehrere Dateien werden parallel erstellt; PDFs entstehen in einem einzigen
      LibreOffice-Lauf aus den DOCX-Dateien (PDF/A-2b, alle Schriften eingebettet).
    - Unveränderte Vereinbarungen (gleiche Datei, Landesdatei, Vorlagen und
      Programmversion) werden übersprungen, außer mit --force.
    - Eine fehlerhafte Datei wird gemeldet und nicht geschrieben; die übrigen werden
      erstellt. Rückgabewert 1, wenn eine Datei fehlschlug, 2 bei einem Fehler der
      Einrichtung (Vorlage, Layoutdatei, voller Datenträger).
    """
    import time

    from . import api, batch
    from .errors import ZvError
    from .writers import pdf

    started = time.monotonic()
    try:
        formats = api.parse_formats(formate) if formate else batch.default_formats()
    except ZvError as exc:
        _fail([f"Fehler: {exc}"])
        sys.exit(1)
    files = api.find_agreements(pfade)
    if not files:
        _fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    if "pdf" in formats and pdf.find_soffice() is None:
        _fail([f"Fehler: LibreOffice ist nicht installiert; PDF-Dateien können nicht erstellt "
               f"werden ({pdf.INSTALL_HINT}). Die übrigen Formate werden geschrieben."])

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
                                    progress)
        else:
            results = batch.run(files, formats, ziel, force, jobs, report, pdf_timeout)
    except ZvError as exc:  # the stamp file: every file was reported already
        _fail([f"Fehler: {exc}"])
        sys.exit(2)
    setup_fault = any(r.setup for r in results)
    counts = {status: sum(r.status == status for r in results)
              for status in ("erstellt", "unveraendert", "fehler")}
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    click.echo(f"{counts['erstellt']} erstellt, {counts['unveraendert']} unverändert, "
               f"{counts['fehler']} fehlerhaft ({seconds} s)", err=True)
    if setup_fault:
        sys.exit(2)
    if counts["fehler"]:
        sys.exit(1)


@main.command(context_settings=_HELP)
def schema() -> None:
    """Gibt das JSON-Schema einer Vereinbarungsdatei aus (für Editoren)."""
    from . import api

    click.echo(api.schema(), nl=False)


def _datum(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    import re

    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        day, month, year = (int(p) for p in value.split("."))
        return dt.date(year + (2000 if year < 100 else 0), month, day)
    except ValueError:
        raise click.BadParameter(f"'{value}' ist kein Datum (Beispiel: 2021-12-02 oder "
                                 "02.12.2021)") from None


@main.command(context_settings=_HELP)
@click.argument("alt", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("neu", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "form", type=click.Choice(["text", "html", "docx"]), default="text",
              show_default=True,
              help="text: Zusammenfassung und Wortvergleich auf dem Bildschirm; html: "
              "eigenständige Seite zum Versenden; docx: NEU mit Word-Änderungsverfolgung")
@click.option("--out", "ziel", type=click.Path(path_type=Path, dir_okay=False),
              help="Zieldatei; nötig für --format html und docx, bei text statt der "
              "Bildschirmausgabe (ohne Farben)")
@click.option("--autor", "--author", "autor", default="zv", show_default=True,
              help="Name, unter dem die Änderungen im DOCX stehen")
@click.option("--datum", "--date", "datum", default=None, callback=_datum,
              help="Datum der Änderungen im DOCX (JJJJ-MM-TT oder TT.MM.JJJJ) "
              "[Standard: letztes Unterschriftsdatum von NEU, sonst 1. Januar des Jahres]")
def diff(alt: Path, neu: Path, form: str, ziel: Path | None, autor: str,
         datum: dt.date | None) -> None:
    """Vergleicht zwei Fassungen einer Vereinbarung: ALT und NEU.

    \b
    Unterstützt:
    - zwei Vereinbarungsdateien (YAML), etwa Vorjahr und laufendes Jahr, Entwurf und
      Endfassung, auch über Jahrgänge mit anderem Aufbau hinweg: Zusammenfassung der
      geänderten Daten (Zielwerte wie im Dokument formatiert, Parteien, Personen,
      Unterschriften, ergänzte und entfallene Absätze), Wortvergleich des Textes,
      HTML-Seite und DOCX mit Änderungsverfolgung;
    - DOCX-Dateien (z. B. in Word von Hand bearbeitet), auch gemischt mit YAML: nur
      Wortvergleich des Haupttextes (Absätze und Tabellenzellen; ohne Kopf- und
      Fußzeilen, Fußnoten, Kommentare, Formatierung). Kein Datenvergleich, kein
      DOCX mit Änderungsverfolgung.

    \b
    Rückgabewert wie bei diff: 0 keine Unterschiede, 1 Unterschiede, 2 Fehler.
    Auf dem Bildschirm sind Löschungen rot und Einfügungen grün; in eine Datei oder
    Pipe geschrieben als [-gelöscht-] und {+eingefügt+}.
    """
    from . import diff as diffs
    from . import diffreport
    from .errors import InputError, ZvError

    if form != "text" and ziel is None:
        _fail([f"Fehler: --format {form} braucht --out DATEI"])
        sys.exit(2)
    try:
        comparison = diffs.compare(alt, neu)
        if form == "text" and ziel is not None:
            text = "".join(f"{line}\n" for line in diffreport.report(comparison))
            _write(ziel, text.encode("utf-8"))
        elif form == "text":
            mark = _colour if sys.stdout.isatty() else diffreport.plain_marks
            for line in diffreport.report(comparison, mark):
                click.echo(line)
        else:
            assert ziel is not None
            data = (diffreport.html_page(comparison).encode("utf-8") if form == "html" else
                    diffs.redline_docx(comparison, autor, datum))
            _write(ziel, data)
    except ZvError as exc:
        _fail(str(exc).splitlines() if isinstance(exc, InputError) else [f"Fehler: {exc}"])
        sys.exit(2)
    sys.exit(1 if comparison.different else 0)


def _write(target: Path, data: bytes) -> None:
    from . import api

    try:
        api.write_file(target, data)
    except OSError as exc:
        _fail([f"Fehler: {target} kann nicht geschrieben werden ({exc.strerror})"])
        sys.exit(2)
    click.echo(f"{target} geschrieben", err=True)


def _colour(tag: str, text: str) -> str:
    if tag == "delete":
        return click.style(text, fg="red", strikethrough=True)
    if tag == "insert":
        return click.style(text, fg="green", underline=True)
    return text
