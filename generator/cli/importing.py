"""`zv import`: a returned draft (DOCX edited in Word) back into its agreement file, or a
signed text (PDF, DOCX, text) into a new agreement file and, with --muster, the year's
Muster."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import HELP, fail, refuse


@click.command("import", context_settings=HELP)
@click.argument("datei", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--agreement", "vereinbarung", default=None,
              type=click.Path(path_type=Path, dir_okay=False),
              help="Rücklauf: Vereinbarungsdatei (YAML) [Standard: die in der DOCX vermerkte]")
@click.option("--land", default=None, metavar="LAND",
              help="unterschriebener Text: Land (Landesdatei), z. B. nrw")
@click.option("--jahr", default=None, type=click.IntRange(1990, 2100), metavar="JAHR",
              help="unterschriebener Text: Jahr der Vereinbarung")
@click.option("--traeger", default=None, metavar="TRAEGER",
              help="unterschriebener Text: Träger (Schlüssel der Landesdatei) und Dateiname")
@click.option("--familie", default=None, metavar="FAMILIE",
              help="unterschriebener Text: Vorlagenfamilie, wenn nicht die des Landes (z. B. ge)")
@click.option("--muster", "muster", is_flag=True,
              help="unterschriebener Text: auch das Muster des Jahres schreiben "
                   "(states/LAND/JAHR.yaml)")
@click.option("--write", "schreiben", is_flag=True,
              help="Dateien schreiben [Standard: nur anzeigen]")
@click.option("--force", "erzwingen", is_flag=True,
              help="Rücklauf: auch eine unterschriebene Endfassung ändern")
def import_docx(datei: Path, vereinbarung: Path | None, land: str | None, jahr: int | None,
                traeger: str | None, familie: str | None, muster: bool, schreiben: bool,
                erzwingen: bool) -> None:
    """Übernimmt ein Dokument in die Vereinbarungsdateien.

    \b
    1. Rücklauf: zv import RUECKLAUF.docx [--write]
    2. Unterschriebener Text: zv import DATEI --land L --jahr J --traeger T [--write]
    3. Neuer Standardtext:    zv import DATEI --land L --jahr J --traeger T --muster [--write]

    Rücklauf: DATEI ist eine DOCX-Datei, die zv geschrieben hat und die in Word oder
    LibreOffice bearbeitet zurückkam. zv findet die Vereinbarungsdatei über die Angaben,
    die es beim Schreiben in der DOCX vermerkt (oder über --agreement), liest den Text mit
    allen nachverfolgten Änderungen angenommen und zeigt jede Änderung (mit Autor und
    Datum) und jeden Kommentar (mit der Textstelle). Geänderte Werte schreibt zv mit
    --write in ihr Feld; Änderungen am Standardtext werden zur eigenen Fassung des Bausteins
    (bausteine:).

    Unterschriebener Text: DATEI ist eine PDF-, DOCX-, Text- oder Markdown-Datei einer
    Vereinbarung, die nicht aus zv kommt. zv schreibt agreements/JAHR/LAND/TRAEGER.yaml
    (nie über eine vorhandene Datei): Vertretung, Ziele mit Werten, Unterschriften und
    jede Abweichung vom Standardtext als eigene Fassung des Bausteins. Mit --muster
    schreibt zv zusätzlich das Muster des Jahres (nur, was sich gegenüber dem Muster davor
    geändert hat), und die Vereinbarung enthält nur noch ihr Eigenes.

    Ohne --write zeigt zv nur, was es schreiben würde. Anleitung: docs/import.md

    \b
    Rückgabewert 1 (nichts geschrieben):
    - Konflikt: ein Wert wurde in der DOCX und seit dem Schreiben der DOCX auch in der
      Vereinbarungsdatei geändert;
    - mit --write eine unterschriebene Endfassung ohne --force;
    - Datei nicht lesbar, PDF ohne Text (gescannt), kein Baustein gefunden, unbekannter
      Träger, Jahr nicht abgedeckt, Zieldatei gibt es schon.
    """
    signed = any(v is not None for v in (land, jahr, traeger, familie)) or muster \
        or datei.suffix.lower() != ".docx"
    if signed:
        if vereinbarung is not None or erzwingen:
            fail(["Fehler: --agreement und --force gelten nur für einen Rücklauf (DOCX aus "
                  "zv), nicht zusammen mit --land/--jahr/--traeger/--muster"])
            sys.exit(1)
        from .import_text import import_signed

        import_signed(datei, land, jahr, traeger, familie, muster, schreiben)
        return
    from .. import api
    from ..errors import ZvError, os_message
    from ..importing import plan as plans
    from ..importing import report

    try:
        plan = plans.plan(datei, vereinbarung)
    except ZvError as exc:
        refuse(exc)
    for line in report.summary(plan):
        click.echo(line)
    changed = plan.new_text != plan.old_text
    if changed:
        click.echo("")
        for line in report.yaml_diff(plan):
            click.echo(line)
    if plan.conflicts:
        fail([f"{plan.agreement}: {len(plan.conflicts)} Konflikt(e); nichts geschrieben"])
        sys.exit(1)
    if not changed:
        click.echo("Nichts zu übernehmen; Vereinbarungsdatei unverändert.")
        return
    signed = plan.signed and not erzwingen
    if not schreiben:
        click.echo("(ohne --write: nichts geschrieben"
                   + ("; unterschriebene Endfassung: schreiben nur mit --force)" if signed
                      else ")"))
        return
    if signed:
        fail([f"{plan.agreement}: unterschriebene Endfassung (status: endfassung, alle "
              "Unterschriftsdaten); nichts geschrieben (ändern nur mit --force)"])
        sys.exit(1)
    try:
        if plan.agreement.read_text(encoding="utf-8") != plan.old_text:
            fail([f"{plan.agreement}: während des Imports geändert; nichts geschrieben "
                  "(bitte noch einmal aufrufen)"])
            sys.exit(1)
        api.write_file(plan.agreement, plan.new_text.encode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        detail = os_message(exc) if isinstance(exc, OSError) else str(exc)
        fail([f"Fehler: {plan.agreement} kann nicht geschrieben werden ({detail})"])
        sys.exit(2)
    click.echo(f"{plan.agreement} geschrieben: {len(plan.values)} Wert(e), "
               f"{len(plan.clauses)} Baustein(e)")
