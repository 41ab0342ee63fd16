"""`zv import DATEI --land --jahr --traeger [--muster]`: a signed text into new files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .common import fail, refuse


def import_signed(datei: Path, land: str | None, jahr: int | None, traeger: str | None,
                  familie: str | None, muster: bool, schreiben: bool) -> None:
    from ..errors import ZvError, os_message
    from ..importing import fromtext, signed, textfile, textreport
    from ..sources.project import project_root

    missing = [name for name, value in (("--land", land), ("--jahr", jahr),
                                        ("--traeger", traeger)) if value is None]
    if missing:
        fail([f"Fehler: {datei}: ein unterschriebener Text (PDF, DOCX, Text) braucht "
              f"{', '.join(missing)}",
              "  Beispiel: zv import vereinbarung.pdf --land nrw --jahr 2023 --traeger kleve",
              "  (ein Rücklauf, den zv geschrieben hat, ist eine .docx-Datei ohne diese "
              "Angaben)"])
        sys.exit(1)
    assert land is not None and jahr is not None and traeger is not None
    try:
        root = project_root(Path.cwd())
        paras = textfile.paragraphs(datei)
        target = signed.target(root, land, jahr, traeger, familie, muster=muster)
        click.echo(f"{datei}: {len(paras)} Absätze gelesen; zv sucht die Werte, indem es "
                   "die Vereinbarung probeweise erzeugt (einige Sekunden) …", err=True)
        rebuilt = fromtext.rebuild(paras, target, muster, dt.date.today(), datei)
    except ZvError as exc:
        refuse(exc)
    for line in textreport.summary(rebuilt, datei):
        click.echo(line)
    if not schreiben:
        for path, text in rebuilt.files:
            click.echo("")
            click.echo(f"--- {path} (neu) ---")
            click.echo(text.rstrip("\n"))
        click.echo("")
        click.echo("(ohne --write: nichts geschrieben)")
        return
    try:
        written = fromtext.write_files(rebuilt)
    except FileExistsError as exc:
        fail([f"{exc}; nichts geschrieben"])
        sys.exit(1)
    except OSError as exc:
        fail([f"Fehler: {os_message(exc)}; nichts geschrieben"])
        sys.exit(2)
    except ZvError as exc:
        fail(["Fehler: die geschriebene Vereinbarung lässt sich nicht laden; nichts "
              "geschrieben:", *str(exc).splitlines()])
        sys.exit(1)
    for path in written:
        click.echo(f"{path} geschrieben")
    click.echo(f"Prüfen und erzeugen: zv render {target.file}")
