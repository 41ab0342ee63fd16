"""Commands for reviewers and editors: `zv diff` and `zv preview`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .common import HELP, fail, write


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


@click.command(context_settings=HELP)
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
              "[Standard: heute]")
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
    from ..compare import diff as diffs
    from ..compare import report
    from ..errors import InputError, ZvError

    if form != "text" and ziel is None:
        fail([f"Fehler: --format {form} braucht --out DATEI"])
        sys.exit(2)
    try:
        comparison = diffs.compare(alt, neu)
        if form == "text" and ziel is not None:
            text = "".join(f"{line}\n" for line in report.report(comparison))
            write(ziel, text.encode("utf-8"))
        elif form == "text":
            mark = _colour if sys.stdout.isatty() else report.plain_marks
            for line in report.report(comparison, mark):
                click.echo(line)
        else:
            assert ziel is not None
            data = (report.html_page(comparison).encode("utf-8") if form == "html" else
                    diffs.redline_docx(comparison, autor, datum or dt.date.today()))
            write(ziel, data)
    except ZvError as exc:
        fail(str(exc).splitlines() if isinstance(exc, InputError) else [f"Fehler: {exc}"])
        sys.exit(2)
    sys.exit(1 if comparison.different else 0)


def _colour(tag: str, text: str) -> str:
    if tag == "delete":
        return click.style(text, fg="red", strikethrough=True)
    if tag == "insert":
        return click.style(text, fg="green", underline=True)
    return text




@click.command(context_settings=HELP,
              short_help="Vorschau im Browser, aktuell beim Bearbeiten.")
@click.argument("pfad", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8048, show_default=True,
              help="Port der Vorschau auf diesem Rechner")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse, an die die Vorschau gebunden wird; eine andere als 127.0.0.1 "
              "macht sie für andere Rechner erreichbar (ohne Anmeldung)")
@click.option("--no-browser", "ohne_browser", is_flag=True,
              help="keinen Browser öffnen, nur die Adresse ausgeben")
def preview(pfad: Path, port: int, host: str, ohne_browser: bool) -> None:
    """Zeigt eine Vereinbarung im Browser und hält sie beim Bearbeiten aktuell.

    \b
    PFAD ist eine Vereinbarungsdatei oder ein Ordner (Liste seiner Vereinbarungen mit
    Stand und Prüfergebnis). Ändert sich die Datei, die Landesdatei (samt Muster des
    Jahres) oder eine Vorlage, aktualisiert sich die Seite von selbst. Fehler stehen
    über dem Dokument (mit der Zeile der Datei); angezeigt bleibt der letzte
    fehlerfreie Stand. DOCX und PDF des aktuellen Stands lassen sich herunterladen.
    Beenden mit Strg+C.
    """
    import contextlib
    import threading
    import webbrowser

    from ..errors import ZvError
    from ..preview import server

    if not pfad.exists():
        fail([f"Fehler: {pfad} gibt es nicht"])
        sys.exit(1)
    if host not in server.LOCAL_HOSTS:
        fail([f"Warnung: die Vorschau ist unter {host} auch von anderen Rechnern aus "
               "erreichbar, ohne Anmeldung. Nur in einem vertrauenswürdigen Netz verwenden."])
    # uvicorn raises Ctrl+C again once it has stopped; before, it ends the first render.
    with contextlib.suppress(KeyboardInterrupt):
        try:
            running = server.PreviewServer(pfad, host, port, fail)
        except ZvError as exc:
            fail([f"Fehler: {exc}"])
            sys.exit(1)
        click.echo(f"Vorschau von {pfad}: {running.url} (Beenden mit Strg+C)", err=True)
        if not ohne_browser:
            threading.Thread(target=webbrowser.open, args=(running.url,), daemon=True).start()
        running.run()
    click.echo("Vorschau beendet.", err=True)


