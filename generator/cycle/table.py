"""`zv table`: every target of many agreements in one table, as XLSX or CSV.

One row per target (Zielwert) with the agreement's Land, Jahr, Träger, status and
signatories. The XLSX has one sheet per year and a sheet that sets the same Träger and
Kennzahl side by side across the years; the CSV is what German Excel opens as is
(';', decimal comma, UTF-8 with BOM). `zv fill` (generator/fill.py) reads either back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import stand
from .facts import Facts, Signatory

COLUMNS = ("Land", "Jahr", "Träger", "Ziel", "Kennzahl", "Titel", "Wert", "Grenze",
           "absolute Zahl", "Basiswert", "Status", "Unterzeichnende", "Unterschriftsdaten",
           "Datei")
# Columns `zv fill` writes back; the others say which target a row is, or inform.
VALUES = ("Wert", "Grenze", "absolute Zahl", "Basiswert")
GRENZEN = {"mindestens": "mindestens", "hoechstens": "höchstens"}
COMPARISON = "Vergleich"
_WIDTHS = {"Land": 8, "Jahr": 7, "Träger": 28, "Ziel": 20, "Kennzahl": 18, "Titel": 45,
           "Wert": 9, "Grenze": 12, "absolute Zahl": 10, "Basiswert": 11, "Status": 11,
           "Unterzeichnende": 60, "Unterschriftsdaten": 24, "Datei": 40}


@dataclass(frozen=True)
class Row:
    cells: tuple[Any, ...]   # in the order of COLUMNS; numbers as Decimal/int, None = empty

    def get(self, column: str) -> Any:
        return self.cells[COLUMNS.index(column)]


def rows(agreements: list[Facts]) -> list[Row]:
    out = []
    for facts in sorted(agreements, key=lambda f: (f.jahr, f.land, f.traeger, str(f.file))):
        people = "; ".join(_signatory(s) for s in facts.signatories)
        dates = "; ".join(_date(s.datum) for s in facts.signatories)
        for t in facts.targets:
            out.append(Row((facts.land, facts.jahr, facts.traeger, t.ziel, t.kennzahl, t.titel,
                            t.wert, GRENZEN.get(t.grenze or ""), t.absolut, t.basis,
                            facts.status, people, dates, str(facts.file))))
    return out


def _signatory(s: Signatory) -> str:
    return f"{s.person} ({s.party})" if s.person else s.party


def _date(value: dt.date | str | None) -> str:
    if value is None:
        return "–"
    return f"{value:%d.%m.%Y}" if isinstance(value, dt.date) else value


def german_number(value: Decimal | int) -> str:
    """15.4 -> '15,4', as German Excel reads it from a CSV (no thousands point)."""
    return str(value).replace(".", ",")


# A text cell starting with one of these is a formula to Excel and LibreOffice (CSV or
# formula injection: a Träger named "=cmd|'/c calc'!A1"). OWASP's advice for CSV: a
# leading "'"; a text that starts with "'" itself gets one too, so that `zv fill`
# (`unquoted`) takes exactly one away. In the XLSX such cells are strings, never formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def quoted(text: str) -> str:
    """A CSV text cell that no spreadsheet takes for a formula."""
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def unquoted(text: str) -> str:
    """The text of a CSV cell written by `quoted`."""
    return text[1:] if text.startswith("'") else text


def to_csv(table: list[Row], made: list[list[Any]] | None = None) -> bytes:
    """The table as CSV; `made` (stand.py) as its last line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow(["" if c is None else german_number(c) if isinstance(c, Decimal)
                         else quoted(c) if isinstance(c, str) else c for c in row.cells])
    if made is not None:
        writer.writerow(stand.csv_line(made))
    return out.getvalue().encode("utf-8-sig")


def _number_format(value: Decimal | int) -> str:
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return "#,##0" + ("." + "0" * places if places else "")


def to_xlsx(table: list[Row], made: list[list[Any]] | None = None) -> bytes:
    """The table as XLSX; `made` (stand.py) in a hidden sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "zv"
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)
    years = sorted({row.get("Jahr") for row in table})
    for year in years or [dt.date.today().year]:
        sheet = book.create_sheet(str(year))
        _sheet(sheet, COLUMNS, [r.cells for r in table if r.get("Jahr") == year],
               [_WIDTHS[c] for c in COLUMNS], Font, Alignment, get_column_letter)
    if len(years) > 1:
        header, body = _comparison(table, years)
        sheet = book.create_sheet(COMPARISON)
        _sheet(sheet, header, body, [8, 28, 20, 18, 45] + [9] * len(years), Font, Alignment,
               get_column_letter)
    if made is not None:
        hidden = book.create_sheet(stand.SHEET)
        hidden.sheet_state = "hidden"
        for text in stand.sheet_cells(made):
            hidden.append([text])
    out = io.BytesIO()
    book.save(out)
    return _reproducible(out.getvalue())


def _reproducible(data: bytes) -> bytes:
    """openpyxl stamps the zip entries and "modified" with the time of saving: fixed here,
    so that the same agreements give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                              blob)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                            blob, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _comparison(table: list[Row], years: list[int]) -> tuple[tuple[str, ...],
                                                              list[tuple[Any, ...]]]:
    """Träger × Kennzahl, one value column per year."""
    keys = ("Land", "Träger", "Ziel", "Kennzahl")
    values: dict[tuple[Any, ...], dict[int, Any]] = {}
    titles: dict[tuple[Any, ...], str] = {}
    for row in table:
        key = tuple(row.get(k) for k in keys)
        values.setdefault(key, {})[row.get("Jahr")] = row.get("Wert")
        titles[key] = row.get("Titel")
    header = (*keys, "Titel", *(f"Wert {y}" for y in years))
    body = [(*key, titles[key], *(values[key].get(y) for y in years))
            for key in sorted(values, key=lambda k: tuple(str(p) for p in k))]
    return header, body


def _sheet(sheet: Any, header: tuple[str, ...], body: list[tuple[Any, ...]],
           widths: list[int], font: Any, alignment: Any, letter: Any) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = font(bold=True)
        cell.alignment = alignment(wrap_text=True, vertical="top")
    for values in body:
        sheet.append(list(values))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, (Decimal, int)) and header[cell.column - 1] != "Jahr":
                cell.number_format = _number_format(cell.value)
            elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"      # openpyxl took it for a formula
                cell.quotePrefix = True   # and Excel keeps it text when it is edited
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{letter(len(header))}{max(1, sheet.max_row)}"
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[letter(i)].width = width
