"""Commands of the yearly cycle: `zv next`, `zv table`, `zv fill`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from .common import HELP, fail, write


@click.command("next", context_settings=HELP)
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jahr", type=click.IntRange(2005, 2100), default=None,
              help="Jahr der Entwürfe, nach dem der Dateien und höchstens fünf Jahre nach "
              "dem laufenden [Standard: je das Jahr nach dem der Datei]")
@click.option("--without-muster", "ohne_muster", is_flag=True,
              help="Entwürfe auch anlegen, wenn es für das neue Jahr noch kein Muster gibt "
              "(dann fehlen ihnen die Texte des Jahres)")
def next_year(pfade: tuple[Path, ...], jahr: int | None, ohne_muster: bool) -> None:
    """Legt die Entwürfe des nächsten Jahres aus Vereinbarungen an.

    PFADE sind Dateien oder Ordner (alle *.yaml darunter), z. B. agreements/2021.
    agreements/2021/nrw/wuppertal.yaml wird zu agreements/2022/nrw/wuppertal.yaml
    (eine vorhandene Datei wird nie überschrieben). Im Entwurf sind jahr erhöht,
    status: entwurf und stand (heute) gesetzt, die Unterschriftsdaten geleert und das
    Jahr im kurzname angepasst; Zielwerte, Texte, Kommentare und Aufbau der Datei
    bleiben, wie sie sind.

    Gibt es für das neue Jahr noch kein Muster (states/<land>/<jahr>.yaml), das
    geltende Muster aber Texte für sein eigenes Jahr (Schwerpunkte, Analysefelder,
    Absätze des Jahres), legt zv keinen Entwurf an: ihm fehlten diese Texte. Erst das
    Muster anlegen (docs/neues-jahr.md) oder mit --without-muster trotzdem.

    Danach nennt zv jede Stelle (Datei:Zeile:Spalte), deren Text ein früheres Jahr
    nennt, und die Haushaltsmittel des Vorjahres: sie sind für das neue Jahr zu prüfen.
    Zum Schluss eine Zusammenfassung; Rückgabewert 1, wenn ein Entwurf nicht angelegt
    werden konnte.
    """
    from .. import api
    from ..cycle import nextyear
    from ..errors import ZvError, os_message
    from ..sources.yamlread import format_path

    files = api.find_agreements(pfade)
    if not files:
        fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    made: list[Any] = []
    failed = 0
    for file in files:
        try:
            land = api.load(file).agreement.land
            draft = nextyear.draft(file, dt.date.today(), jahr)
            warnings = api.load(draft.target, draft.text.encode("utf-8")).warnings
        except ZvError as exc:
            failed += 1
            fail(str(exc).splitlines())
            continue
        missing = [w for w in warnings if w.field == "jahr" and "kein Muster" in w.message]
        if missing and not ohne_muster:
            failed += 1
            fail([f"{file}: kein Entwurf für {draft.jahr}: es gibt noch kein Muster des "
                  f"Jahres (states/{land}/{draft.jahr}.yaml), dem "
                  "Entwurf fehlten die Texte des Jahres; Muster anlegen (docs/neues-jahr.md) "
                  "oder mit --without-muster trotzdem anlegen"])
            continue
        made.append((draft, missing))
    written = 0
    for draft, missing in made:
        try:
            api.write_file(draft.target, draft.text.encode("utf-8"))
        except OSError as exc:
            fail([f"Fehler: {draft.target} kann nicht geschrieben werden ({os_message(exc)})"])
            sys.exit(2)
        written += 1
        click.echo(f"{draft.target}: Entwurf für {draft.jahr} aus {draft.source} geschrieben")
        if draft.mentions:
            click.echo(f"Bitte prüfen ({len(draft.mentions)} Stellen nennen ein früheres Jahr "
                       "oder seine Zahlen):")
        for mention in draft.mentions:
            where = format_path(mention.path) if mention.path else "Kommentar"
            click.echo(f"{draft.target}:{mention.line}:{mention.column}: {where}: "
                       f"{mention.year}: {mention.excerpt}")
        for warning in missing:  # --without-muster: the year's texts are missing
            click.echo(warning.format())
        try:
            api.check(draft.target)
        except ZvError as exc:
            failed += 1
            fail([*str(exc).splitlines(), f"{draft.target}: der Entwurf enthält Fehler "
                   "(siehe oben); bitte korrigieren"])
    checks = sum(len(d.mentions) for d, _ in made)
    if len(files) > 1 or failed:
        click.echo(f"{_count(written, 'Entwurf', 'Entwürfe')} geschrieben, "
                   f"{_count(checks, 'Stelle', 'Stellen')} zu prüfen, "
                   f"{_count(failed, 'Datei', 'Dateien')} mit Fehlern", err=True)
    if failed:
        sys.exit(1)


def _facts(pfade: tuple[Path, ...], partial: bool = False) -> tuple[list[Any], int]:
    """The facts of every agreement below `pfade` and the number of faulty files, each
    named; exits 1 if one is faulty (`partial`: only if none is good)."""
    from .. import api
    from ..cycle.facts import facts
    from ..errors import ZvError

    # A file reached through two of the paths counts once.
    files = list({f.resolve(): f for f in api.find_agreements(pfade)}.values())
    if not files:
        fail(["keine Vereinbarungsdateien (*.yaml) gefunden"])
        sys.exit(1)
    found, failed = [], 0
    for file in files:
        try:
            found.append(facts(api.load(file)))
        except ZvError as exc:
            failed += 1
            fail(str(exc).splitlines())
    if failed and (not partial or not found):
        fail([f"{failed} von {len(files)} Dateien fehlerhaft; nichts geschrieben"])
        sys.exit(1)
    return found, failed


@click.command(context_settings=HELP)
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
    Ist eine Datei fehlerhaft, nennt zv sie, schreibt die Tabelle der übrigen und endet
    mit Rückgabewert 1. Texte, die mit =, +, -, @ beginnen, bleiben Text, nie Formel
    (in der CSV mit vorangestelltem ').
    """
    from ..cycle import table as tables

    form = form or ("csv" if ziel.suffix.lower() == ".csv" else "xlsx")
    found, failed = _facts(pfade, partial=True)
    rows = tables.rows(found)
    from ..cycle import stand

    made = stand.record(found)
    data = tables.to_csv(rows, made) if form == "csv" else tables.to_xlsx(rows, made)
    write(ziel, data)
    click.echo(f"{len(rows)} Zielwerte", err=True)
    if failed:
        fail([f"{failed} von {len(found) + failed} Dateien fehlerhaft (siehe oben); die "
              "Tabelle enthält nur die übrigen"])
        sys.exit(1)


@click.command(context_settings=HELP)
@click.argument("tabelle", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("pfade", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", "probe", is_flag=True,
              help="nur anzeigen, was sich ändern würde; nichts schreiben")
@click.option("--force", is_flag=True,
              help="auch unterschriebene Endfassungen ändern")
def fill(tabelle: Path, pfade: tuple[Path, ...], probe: bool, force: bool) -> None:
    """Schreibt geänderte Werte aus einer Tabelle (von „zv table“) in die Vereinbarungen.

    TABELLE ist eine .xlsx- oder .csv-Datei, PFADE sind die Vereinbarungsdateien oder
    Ordner. Jede Zeile wird über Land, Jahr, Träger und Kennzahl einem Zielwert
    zugeordnet; geschrieben werden nur die Spalten Wert, Grenze, absolute Zahl und
    Basiswert, und nur, wo sie sich geändert haben. Kommentare, Reihenfolge,
    Anführungszeichen und Dezimalkomma der Dateien bleiben erhalten.

    Jede Änderung wird als datei:zeile:spalte: feld: alt -> neu angezeigt. Enthält die
    Tabelle eine fehlerhafte Zeile, nennt zv alle fehlerhaften Zeilen und schreibt
    nichts (Rückgabewert 1).

    Eine Tabelle von „zv table“ weiß, aus welchem Stand sie gemacht ist: ein Wert, der
    seitdem nur in der Datei geändert wurde, bleibt; einer, der in Tabelle und Datei
    verschieden geändert wurde, ist ein Konflikt (genannt, nichts geschrieben). Eine
    unterschriebene Endfassung ändert zv fill nur mit --force.
    """
    from .. import api
    from ..cycle import fill as fills
    from ..errors import SetupError, ZvError, os_message

    agreements, _ = _facts(pfade)
    try:
        plan = fills.plan(tabelle, fills.read_table(tabelle), agreements,
                          fills.made_from(tabelle), force)
        fills.verify(tabelle, plan, lambda file, data: api.markdown(api.load(file, data)))
    except ZvError as exc:
        fail(str(exc).splitlines())
        fail(["nichts geschrieben"])
        sys.exit(2 if isinstance(exc, SetupError) else 1)
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
        fail([f"Fehler: {exc.filename} kann nicht geschrieben werden ({os_message(exc)})"])
        sys.exit(2)
    click.echo(f"{_count(len(plan.changes), 'Änderung', 'Änderungen')} in "
               f"{_count(len(plan.texts), 'Datei', 'Dateien')}", err=True)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
