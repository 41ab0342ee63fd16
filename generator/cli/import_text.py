"""`zv import DATEI --land --jahr --traeger [--muster]`: a signed text into new files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .common import fail


def import_signed(datei: Path, land: str | None, jahr: int | None, traeger: str | None,
                  familie: str | None, muster: bool, schreiben: bool) -> None:
    from .. import api
    from ..errors import InputError, Problem, SetupError, ZvError, os_message
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
        target = signed.target(root, land, jahr, traeger, familie)
        if muster:
            existing = textreport.muster_file(target)
            if existing.exists():
                raise InputError([Problem(
                    existing, 0, 0, "", f"das Muster {jahr} gibt es schon; zv import "
                    "überschreibt kein Muster", "ohne --muster importieren: die "
                    "Abweichungen kommen dann in die Vereinbarung")])
        click.echo(f"{datei}: {len(paras)} Absätze gelesen; zv sucht die Werte, indem es "
                   "die Vereinbarung probeweise erzeugt (einige Sekunden) …", err=True)
        rebuilt = fromtext.rebuild(paras, target, muster, dt.date.today(), datei)
    except SetupError as exc:
        fail([f"Fehler: {exc}"])
        sys.exit(2)
    except ZvError as exc:
        fail(str(exc).splitlines() if isinstance(exc, InputError) else [f"Fehler: {exc}"])
        fail(["nichts geschrieben"])
        sys.exit(1)
    for line in textreport.summary(rebuilt, datei):
        click.echo(line)
    files = [(target.file, rebuilt.text)]
    if rebuilt.muster is not None:
        files.insert(0, (textreport.muster_file(target), rebuilt.muster))
    if not schreiben:
        for path, text in files:
            click.echo("")
            click.echo(f"--- {path} (neu) ---")
            click.echo(text.rstrip("\n"))
        click.echo("")
        click.echo("(ohne --write: nichts geschrieben)")
        return
    written: list[Path] = []
    try:
        for path, text in files:
            if path.exists():
                fail([f"{path}: gibt es inzwischen; nichts geschrieben"])
                _remove(written)
                sys.exit(1)
            api.write_file(path, text.encode("utf-8"))
            written.append(path)
        api.load(target.file)  # the written files load together, else none stays
    except ZvError as exc:
        _remove(written)
        fail(["Fehler: die geschriebene Vereinbarung lässt sich nicht laden; nichts "
              "geschrieben:", *str(exc).splitlines()])
        sys.exit(1)
    except OSError as exc:
        _remove(written)
        fail([f"Fehler: {files[len(written)][0]} kann nicht geschrieben werden "
              f"({os_message(exc)}); nichts geschrieben"])
        sys.exit(2)
    for path in written:
        click.echo(f"{path} geschrieben")
    click.echo(f"Prüfen und erzeugen: zv render {target.file}")


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
