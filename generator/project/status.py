"""`zv status`: one row per agreement of a folder: year, state, Träger, draft or final,
who signed when, warnings and errors, whether its outputs are current. As text for the
terminal, CSV for Excel and an HTML page."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import api, stamps
from ..cycle import checks
from ..cycle.facts import facts
from ..errors import ZvError, internal_error
from ..files import output_paths

COLUMNS = ("Datei", "Jahr", "Land", "Träger", "Stand", "Unterschriften", "Warnungen",
           "Fehler", "Ausgaben")


@dataclass(frozen=True)
class Row:
    file: Path
    jahr: str
    land: str
    traeger: str
    stand: str  # "Entwurf", "Endfassung", "Endfassung, unterschrieben"
    unterschriften: str  # "Ministerium 21.12.2020, Stadt Wuppertal offen"
    warnungen: int
    fehler: int
    ausgaben: str  # "aktuell (md, docx)", "veraltet (pdf)", "fehlen"

    def cells(self) -> tuple[str, ...]:
        return (str(self.file), self.jahr, self.land, self.traeger, self.stand,
                self.unterschriften, str(self.warnungen), str(self.fehler), self.ausgaben)


def rows(files: Sequence[Path], out_dir: Path, formats: Sequence[str]) -> list[Row]:
    """The status of each agreement; a broken file is a row with its errors counted."""
    outputs = stamps.Outputs(out_dir, list(formats))
    found = []
    for file in files:
        ausgaben = _outputs(outputs, file, formats)
        try:
            loaded = api.load(file)
            api.markdown(loaded)  # a clause that fails to render is an error here too
            warnings = [*loaded.warnings, *checks.warnings(loaded)]
        except ZvError as exc:
            errors = [line for line in str(exc).splitlines() if line.strip()]
            found.append(Row(file, "", "", "", "fehlerhaft", "", 0, len(errors), ausgaben))
            continue
        except Exception as exc:  # a defect in zv: counted for the file, the rest go on
            found.append(Row(file, "", "", "", internal_error(file, exc), "", 0, 1,
                             ausgaben))
            continue
        info = facts(loaded)
        short = {p.schluessel: p.kurz for p in loaded.view.parteien}
        signed = [(short.get(s.key, s.party), _date(s.datum)) for s in info.signatories]
        final = info.status != "entwurf"
        stand = ("Endfassung, unterschrieben" if final and all(d for _, d in signed)
                 else "Endfassung" if final else "Entwurf")
        who = ", ".join(f"{party} {day or 'offen'}" for party, day in signed)
        found.append(Row(file, str(info.jahr), info.land, info.traeger, stand, who,
                         len(warnings), 0, ausgaben))
    return found


def _outputs(outputs: stamps.Outputs, file: Path, formats: Sequence[str]) -> str:
    """Which outputs are there and whether all of them were made from today's files."""
    made = [ext for ext, path in zip(formats, output_paths(file, outputs.out_dir, formats),
                                     strict=True) if path.is_file()]
    if not made:
        return "fehlen"
    fingerprint = outputs.prints.of(file)
    current = fingerprint is not None and all(
        outputs.stamps.get(str(path.resolve())) == fingerprint
        for path in output_paths(file, outputs.out_dir, made))
    return f"{'aktuell' if current else 'veraltet'} ({', '.join(made)})"


def _date(value: dt.date | str | None) -> str:
    day = api.as_date(value)
    if day is not None:
        return f"{day:%d.%m.%Y}"
    return str(value) if value else ""


def text(found: Sequence[Row]) -> str:
    """Aligned columns for the terminal."""
    table = [COLUMNS, *(row.cells() for row in found)]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
                   .rstrip() + "\n" for line in table)


def as_csv(found: Sequence[Row]) -> bytes:
    """German CSV for Excel: semicolons, UTF-8 with BOM; text cells that a spreadsheet
    would read as a formula get a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in found:
        writer.writerow([_safe(cell) for cell in row.cells()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell


def as_html(found: Sequence[Row], title: str) -> bytes:
    """A page with the same table, for the browser or to send round."""
    head = "".join(f"<th scope=\"col\">{html.escape(c)}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row.cells())
                   + "</tr>\n" for row in found)
    page = f"""<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
th,td{{border:1px solid #777;padding:.3em .6em;text-align:left}}th{{background:#eee}}</style>
</head>
<body><main><h1>{html.escape(title)}</h1>
<table><thead><tr>{head}</tr></thead><tbody>
{body}</tbody></table></main></body></html>
"""
    return page.encode("utf-8")
