"""`zv import`: a returned draft (DOCX edited in Word) back into its agreement file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import HELP, fail


@click.command("import", context_settings=HELP)
@click.argument("datei", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--agreement", "vereinbarung", default=None,
              type=click.Path(path_type=Path, dir_okay=False),
              help="Vereinbarungsdatei (YAML) [Standard: die in der DOCX vermerkte]")
@click.option("--write", "schreiben", is_flag=True,
              help="Änderungen in die Vereinbarungsdatei schreiben [Standard: nur anzeigen]")
@click.option("--force", "erzwingen", is_flag=True,
              help="auch eine unterschriebene Endfassung ändern")
def import_docx(datei: Path, vereinbarung: Path | None, schreiben: bool,
                erzwingen: bool) -> None:
    """Übernimmt einen bearbeiteten Entwurf (DOCX) in seine Vereinbarungsdatei.

    DATEI ist eine DOCX-Datei, die zv geschrieben hat und die in Word oder LibreOffice
    bearbeitet zurückkam. zv findet die Vereinbarungsdatei über die Angaben, die es
    beim Schreiben in der DOCX vermerkt (oder über --agreement), liest den Text mit
    allen nachverfolgten Änderungen angenommen und zeigt jede Änderung (mit Autor und
    Datum) und jeden Kommentar (mit der Textstelle).

    Geänderte Werte (Zielwerte, Namen, Daten, Orte) schreibt zv mit --write in ihr Feld
    der Vereinbarungsdatei; nur die Zeile des Werts ändert sich. Änderungen am
    Standardtext übernimmt zv als eigene Fassung des Bausteins (bausteine:); was zu
    keinem Feld und Baustein passt, nennt es. Ohne --write zeigt zv nur, was
    sich ändern würde.

    \b
    Rückgabewert 1 (nichts geschrieben):
    - Konflikt: ein Wert wurde in der DOCX und seit dem Schreiben der DOCX auch in der
      Vereinbarungsdatei geändert;
    - mit --write eine unterschriebene Endfassung ohne --force;
    - keine DOCX-Datei, Vereinbarungsdatei nicht gefunden oder fehlerhaft.
    """
    from .. import api
    from ..errors import InputError, SetupError, ZvError, os_message
    from ..importing import plan as plans
    from ..importing import report

    try:
        plan = plans.plan(datei, vereinbarung)
    except SetupError as exc:
        fail([f"Fehler: {exc}"])
        sys.exit(2)
    except ZvError as exc:
        fail(str(exc).splitlines() if isinstance(exc, InputError) else [f"Fehler: {exc}"])
        fail(["nichts geschrieben"])
        sys.exit(1)
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
