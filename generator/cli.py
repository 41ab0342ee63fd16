"""The `zv` command line: parse arguments, call api, print. German for the user."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__, clitext

clitext.install()
_HELP = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=_HELP)
@click.version_option(__version__, prog_name="zv", message="%(prog)s %(version)s")
def main() -> None:
    """zv erstellt Zielvereinbarungen nach § 48b SGB II aus YAML-Dateien.

    Eine Vereinbarung steht in agreements/<jahr>/<land>/<name>.yaml; zv ergänzt sie um
    die Angaben des Landes (states/<land>.yaml), das Muster des Jahres
    (states/<land>/<jahr>.yaml) und den Standardtext der Vorlagenfamilie (templates/)
    und schreibt Markdown, HTML, DOCX und PDF.
    """


def _fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)


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
    from . import api
    from .errors import SetupError, ZvError, internal_error

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
    from . import api
    from . import bausteine as clauses
    from .errors import ZvError

    try:
        text = api.standard(land, jahr, familie)
    except ZvError as exc:
        _fail(str(exc).splitlines())
        sys.exit(1)
    source = f"Muster {text.muster}" if text.muster else "Standardtext der Familie"
    click.echo(f"Bausteine {land} {jahr} (Familie {text.familie}), es gilt: {source}")
    click.echo("gelesen aus: " + ", ".join(str(f) for f in text.dateien))
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
            click.echo(f"\n  # {k.stand} ({k.quelle}:{k.zeile}){when}")
            click.echo(f"  {k.name}: |-")
            click.echo("\n".join(f"    {line}".rstrip() for line in k.text.strip("\n")
                                 .splitlines()))
        else:
            lead = f"{k.name:<{width}}  {k.stand:<{stand}}  {condition}"
            click.echo(lead + clauses.first_words(k.text, max(30, 110 - len(lead))))


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
                    diffs.redline_docx(comparison, autor, datum or dt.date.today()))
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


@main.command(context_settings=_HELP,
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

    from .errors import ZvError
    from .preview import server

    if not pfad.exists():
        _fail([f"Fehler: {pfad} gibt es nicht"])
        sys.exit(1)
    if host not in server.LOCAL_HOSTS:
        _fail([f"Warnung: die Vorschau ist unter {host} auch von anderen Rechnern aus "
               "erreichbar, ohne Anmeldung. Nur in einem vertrauenswürdigen Netz verwenden."])
    # uvicorn raises Ctrl+C again once it has stopped; before, it ends the first render.
    with contextlib.suppress(KeyboardInterrupt):
        try:
            running = server.PreviewServer(pfad, host, port, _fail)
        except ZvError as exc:
            _fail([f"Fehler: {exc}"])
            sys.exit(1)
        click.echo(f"Vorschau von {pfad}: {running.url} (Beenden mit Strg+C)", err=True)
        if not ohne_browser:
            threading.Thread(target=webbrowser.open, args=(running.url,), daemon=True).start()
        running.run()
    click.echo("Vorschau beendet.", err=True)


@main.command("next", context_settings=_HELP)
@click.argument("datei", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--jahr", type=click.IntRange(2005, 2100), default=None,
              help="Jahr des Entwurfs [Standard: das Jahr nach dem der Datei]")
def next_year(datei: Path, jahr: int | None) -> None:
    """Legt den Entwurf des nächsten Jahres aus einer Vereinbarung an.

    agreements/2021/nrw/wuppertal.yaml wird zu agreements/2022/nrw/wuppertal.yaml
    (eine vorhandene Datei wird nie überschrieben). Im Entwurf sind jahr erhöht,
    status: entwurf und stand (heute) gesetzt, die Unterschriftsdaten geleert und das
    Jahr im kurzname angepasst; Zielwerte, Texte, Kommentare und Aufbau der Datei
    bleiben, wie sie sind.

    Danach nennt zv jede Stelle (Datei:Zeile:Spalte), deren Text ein früheres Jahr
    nennt: diese Texte sind für das neue Jahr zu prüfen.
    """
    from . import api, nextyear
    from .errors import ZvError
    from .loading import format_path

    try:
        api.load(datei)
        made = nextyear.draft(datei, dt.date.today(), jahr)
    except ZvError as exc:
        _fail(str(exc).splitlines())
        sys.exit(1)
    try:
        api.write_file(made.target, made.text.encode("utf-8"))
    except OSError as exc:
        _fail([f"Fehler: {made.target} kann nicht geschrieben werden ({exc.strerror})"])
        sys.exit(2)
    click.echo(f"{made.target}: Entwurf für {made.jahr} aus {datei} geschrieben")
    if made.mentions:
        click.echo(f"Bitte prüfen ({len(made.mentions)} Stellen nennen ein früheres Jahr):")
    for mention in made.mentions:
        where = format_path(mention.path) if mention.path else "Kommentar"
        click.echo(f"{made.target}:{mention.line}:{mention.column}: {where}: "
                   f"{mention.year}: {mention.excerpt}")
    try:
        muster = [w for w in api.check(made.target) if w.field == "jahr"]
    except ZvError as exc:
        _fail([*str(exc).splitlines(), f"{made.target}: der Entwurf enthält Fehler "
               "(siehe oben); bitte korrigieren"])
        sys.exit(1)
    for warning in muster:  # no Muster for the new year yet: its texts are missing
        click.echo(warning.format())


def _facts(pfade: tuple[Path, ...]) -> list[Any]:
    """The facts of every agreement below `pfade`; exits 1 naming every faulty file."""
    from . import api
    from .errors import ZvError
    from .facts import facts

    # A file reached through two of the paths counts once.
    files = list({f.resolve(): f for f in api.find_agreements(pfade)}.values())
    if not files:
        _fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    found, failed = [], 0
    for file in files:
        try:
            found.append(facts(api.load(file)))
        except ZvError as exc:
            failed += 1
            _fail(str(exc).splitlines())
    if failed:
        _fail([f"{failed} von {len(files)} Dateien fehlerhaft; nichts geschrieben"])
        sys.exit(1)
    return found


@main.command(context_settings=_HELP)
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "form", type=click.Choice(["xlsx", "csv"]), default=None,
              help="Tabellenformat [Standard: nach der Endung von --out, sonst xlsx]")
@click.option("--out", "ziel", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Zieldatei, z. B. zielwerte.xlsx")
def table(pfade: tuple[Path, ...], form: str | None, ziel: Path) -> None:
    """Schreibt alle Zielwerte der Vereinbarungen in eine Tabelle.

    PFADE sind Dateien oder Ordner (alle *.yaml darunter). Eine Zeile je Zielwert:
    Land, Jahr, Träger, Ziel, Kennzahl, Titel, Wert, Grenze, absolute Zahl, Basiswert,
    Status, Unterzeichnende und Unterschriftsdaten.

    \b
    - xlsx: ein Blatt je Jahr, bei mehreren Jahren dazu das Blatt „Vergleich“ mit den
      Werten je Träger und Kennzahl nebeneinander; Kopfzeile fixiert, Filter gesetzt.
    - csv: wie deutsches Excel sie öffnet: Semikolon, Dezimalkomma, UTF-8 mit BOM.

    Die Werte lassen sich in der Tabelle ändern und mit „zv fill“ zurückschreiben.
    """
    from . import table as tables

    form = form or ("csv" if ziel.suffix.lower() == ".csv" else "xlsx")
    rows = tables.rows(_facts(pfade))
    data = tables.to_csv(rows) if form == "csv" else tables.to_xlsx(rows)
    _write(ziel, data)
    click.echo(f"{len(rows)} Zielwerte", err=True)


@main.command(context_settings=_HELP)
@click.argument("tabelle", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", "probe", is_flag=True,
              help="nur anzeigen, was sich ändern würde; nichts schreiben")
def fill(tabelle: Path, pfade: tuple[Path, ...], probe: bool) -> None:
    """Schreibt geänderte Werte aus einer Tabelle (von „zv table“) in die Vereinbarungen.

    TABELLE ist eine .xlsx- oder .csv-Datei, PFADE sind die Vereinbarungsdateien oder
    Ordner. Jede Zeile wird über Land, Jahr, Träger und Kennzahl einem Zielwert
    zugeordnet; geschrieben werden nur die Spalten Wert, Grenze, absolute Zahl und
    Basiswert, und nur, wo sie sich geändert haben. Kommentare, Reihenfolge,
    Anführungszeichen und Dezimalkomma der Dateien bleiben erhalten.

    Jede Änderung wird als datei:zeile:spalte: feld: alt -> neu angezeigt. Enthält die
    Tabelle eine fehlerhafte Zeile, nennt zv alle fehlerhaften Zeilen und schreibt
    nichts (Rückgabewert 1).
    """
    from . import api
    from . import fill as fills
    from .errors import ZvError

    agreements = _facts(pfade)
    try:
        plan = fills.plan(tabelle, fills.read_table(tabelle), agreements)
    except ZvError as exc:
        _fail(str(exc).splitlines())
        _fail(["nichts geschrieben"])
        sys.exit(1)
    for change in plan.changes:
        click.echo(change.format())
    if probe:
        click.echo(f"{_count(len(plan.changes), 'Änderung', 'Änderungen')} (--dry-run: "
                   "nichts geschrieben)", err=True)
        return
    try:
        for file, text in plan.texts.items():
            api.write_file(file, text.encode("utf-8"))
    except OSError as exc:
        _fail([f"Fehler: {exc.filename} kann nicht geschrieben werden ({exc.strerror})"])
        sys.exit(2)
    click.echo(f"{_count(len(plan.changes), 'Änderung', 'Änderungen')} in "
               f"{_count(len(plan.texts), 'Datei', 'Dateien')}", err=True)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
