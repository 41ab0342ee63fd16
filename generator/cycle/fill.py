"""`zv fill`: values edited in a table (from `zv table`) written back into the agreements.

Rows are matched to targets by Land, Jahr, Träger and Kennzahl (and Ziel where a
Kennzahl occurs twice in one agreement). Only the value columns (table.VALUES) are
written, each at the exact source position of its YAML node and in the style of the
file (decimal comma or point, quotes, a leading '+'): every other byte stays. All rows
are checked before anything is written, each value against the bounds of a figure
(`number_problem`) and each changed file's new text as `zv check` checks it (`verify`);
one bad row and nothing is written. A CSV may come from any Excel export: UTF-8,
Windows-1252 or UTF-16, any line ends, ';', tab or ',' between the fields.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError, Problem
from ..model.values import number_problem
from ..sources.yamlread import Path_, format_path
from . import stand
from .checks import compose
from .facts import Facts, Target
from .nextyear import Edit, apply, mapping_items
from .table import COLUMNS, COMPARISON, GRENZEN, german_number, unquoted

_KEY = ("Land", "Jahr", "Träger", "Kennzahl")
_FIELDS = {"Wert": "wert", "Grenze": "grenze", "absolute Zahl": "absolut",
           "Basiswert": "basis"}


@dataclass(frozen=True)
class Change:
    file: Path
    line: int
    column: int
    path: str
    old: str
    new: str
    where: str = ""             # the table row it comes from: "Zeile 5"
    heading: str = ""           # and its column: "Wert"

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.path}: {self.old} -> {self.new}"


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    texts: dict[Path, str]      # new text of every file that changes


@dataclass(frozen=True)
class TableRow:
    where: str                  # "Zeile 5" or "Blatt 2021, Zeile 5"
    cells: dict[str, Any]


def read_table(file: Path) -> list[TableRow]:
    """The rows of an XLSX (every sheet named by a year) or a CSV written by zv table."""
    try:
        if file.suffix.lower() == ".xlsx":
            rows = _read_xlsx(file)
        else:
            rows = _rows(file, _read_csv(file, _decode(file.read_bytes())), "")
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise InputError([Problem(file, 0, 0, "", f"Tabelle kann nicht gelesen werden ({exc})")
                          ]) from None
    if not rows:
        raise InputError([Problem(file, 0, 0, "", "Tabelle ist leer (keine Zeile mit einem "
                                  "Zielwert)", "Tabelle mit 'zv table' neu anlegen")])
    return rows


def _decode(data: bytes) -> str:
    """The text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
    "Unicode-Text"), else Windows-1252 (Excel's plain "CSV (Trennzeichen-getrennt)")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(file: Path, text: str) -> list[list[Any]]:
    """The records of a CSV; line ends of any system (CRLF, LF, CR), ';' or a tab
    (Excel's Unicode text) or ',' between the fields, whichever the header line uses."""
    first = text[:4096].splitlines()[0] if text.strip() else ""
    delimiter = max(";\t,", key=first.count) if first else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[list[Any]] = []
    try:
        for line in reader:
            lines.append([unquoted(cell) for cell in line])
    except csv.Error as exc:
        raise InputError([Problem(file, reader.line_num, 0, "", f"Zeile {reader.line_num}: "
                                  f"CSV kann nicht gelesen werden ({_csv_message(exc)})",
                                  "Tabelle mit 'zv table' neu anlegen")]) from None
    return lines


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return "Feld zu lang"
    if "new-line character" in text:
        return "Zeilenumbruch in einem Feld ohne Anführungszeichen"
    if "NUL" in text or "null byte" in text:
        return "Nullzeichen in der Datei"
    return "beschädigte Zeile"


def made_from(file: Path) -> dict[stand.Key, dict[str, str]] | None:
    """What the table was made from (stand.py); None for a table without the record."""
    try:
        if file.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(file, data_only=True, read_only=True)
            try:
                if stand.SHEET not in book.sheetnames:
                    return None
                return stand.from_sheet([r[0] for r in book[stand.SHEET].iter_rows(
                    max_col=1, values_only=True) if r])
            finally:
                book.close()
        lines = _read_csv(file, _decode(file.read_bytes()))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException):
        return None
    last = next((line for line in reversed(lines)
                 if line and str(line[0]).startswith(stand.MARK)), None)
    return stand.from_csv(last) if last is not None else None


def _read_xlsx(file: Path) -> list[TableRow]:
    from openpyxl import load_workbook

    book = load_workbook(file, data_only=True, read_only=True)
    out = []
    for sheet in book.worksheets:
        if sheet.title in (COMPARISON, stand.SHEET):
            continue
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
        out.extend(_rows(file, lines, f"Blatt {sheet.title}, "))
    book.close()
    return out


def _rows(file: Path, lines: list[list[Any]], prefix: str) -> list[TableRow]:
    if not lines:
        return []
    header = [str(c or "").strip() for c in lines[0]]
    missing = [c for c in (*_KEY, *_FIELDS) if c not in header]
    if missing:
        raise InputError([Problem(file, 1, 0, "", f"{prefix}Zeile 1: Spalte fehlt: "
                                  + ", ".join(missing), "Kopfzeile aus 'zv table' behalten")])
    out = []
    for number, line in enumerate(lines[1:], 2):
        if not any(c not in (None, "") for c in line):
            continue
        if line and str(line[0]).startswith(stand.MARK):
            continue  # what the table was made from (stand.py), not a target
        cells = {name: (line[i] if i < len(line) else None) for i, name in enumerate(header)
                 if name in COLUMNS}
        out.append(TableRow(f"{prefix}Zeile {number}", cells))
    return out


def plan(table_file: Path, rows: list[TableRow], agreements: list[Facts],
         made: dict[stand.Key, dict[str, str]] | None = None, force: bool = False) -> Plan:
    """Every change the table asks for; raises InputError naming every bad row. `made`:
    what the table was made from (stand.py): a value changed in the file alone stays,
    one changed in both is a conflict. A signed Endfassung only with `force`."""
    index: dict[tuple[Any, ...], tuple[Facts, list[Target]]] = {}
    for facts in agreements:
        for target in facts.targets:
            entry = (facts.land, facts.jahr, facts.traeger, target.kennzahl)
            index.setdefault(entry, (facts, []))[1].append(target)
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], str] = {}
    wanted: list[tuple[Facts, Target, dict[str, Any], str]] = []
    prints: dict[Path, str] = {}  # each file's fingerprint today
    for row in rows:
        bad = _Bad(table_file, row.where, problems)
        key = (str(row.cells.get("Land") or "").strip(), _int(row.cells.get("Jahr")),
               str(row.cells.get("Träger") or "").strip(),
               str(row.cells.get("Kennzahl") or "").strip())
        ziel = str(row.cells.get("Ziel") or "").strip()
        found = index.get(key)
        if key[1] is None:
            bad("Jahr", f"'{_shown(row.cells.get('Jahr'))}' ist kein Jahr")
            continue
        if found is None:
            bad("Kennzahl", f"keine Vereinbarung {key[0]} {key[1]} {key[2]} mit der Kennzahl "
                f"'{key[3]}' unter den angegebenen Pfaden")
            continue
        facts, targets = found
        if len(targets) > 1:
            targets = [t for t in targets if t.ziel == ziel]
            if len(targets) != 1:
                bad("Ziel", f"Kennzahl '{key[3]}' steht mehrfach; Ziel '{ziel}' passt zu keiner")
                continue
        target = targets[0]
        if (*key, target.ziel) in seen:
            bad("Kennzahl", f"dieselbe Kennzahl steht schon in {seen[(*key, target.ziel)]}")
            continue
        seen[(*key, target.ziel)] = row.where
        values = _values(row, bad)
        if values is None:
            continue
        record = made.get(stand.key(facts, target)) if made is not None else None
        if record is not None and facts.file not in prints:  # read once per file
            prints[facts.file] = stand.fingerprint(facts.file)
        values, conflicts = stand.merge(target, values, record, prints.get(facts.file, ""))
        for name in conflicts:
            column = next(c for c, n in _FIELDS.items() if n == name)
            bad(column, f"in der Tabelle und seit 'zv table' auch in {facts.file} geändert "
                f"(dort jetzt {_german(getattr(target, name))}): welcher Wert gilt? In der "
                "Datei oder in einer neuen Tabelle klären")
        changed = any(values[n] != getattr(target, n) for n in values)
        if changed and not force and stand.signed(facts):
            bad("Wert", f"{facts.file} ist eine unterschriebene Endfassung und wird nicht "
                "geändert (mit --force doch)")
            continue
        wanted.append((facts, target, values, row.where))
    if problems:
        raise InputError(problems)
    return _edits(table_file, wanted)


class _Bad:
    def __init__(self, file: Path, where: str, problems: list[Problem]) -> None:
        self.file, self.where, self.problems = file, where, problems

    def __call__(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, 0, 0, "", f"{self.where}, Spalte {column}: "
                                     f"{message}"))


def _german(value: Any) -> str:
    """A file's value as the table shows it: a decimal comma, '–' for none."""
    return "–" if value is None else german_number(value) if isinstance(
        value, Decimal | int) else str(value)


def _int(value: Any) -> int | None:
    number = _number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _number(value: Any) -> Decimal | None:
    """A cell as a figure an agreement can hold (`number_problem`), else None."""
    number = _parse(value)
    return None if number is None or number_problem(number) else number


def _parse(value: Any) -> Decimal | None:
    """A cell as a number: Excel's numbers, German text ('15,4', '1.234,5'), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        # A value Excel computed (15.299999999999999) as the clerk sees it (15,3).
        return Decimal(repr(round(value, 6)))
    text = str(value).strip().replace(" ", "").replace("\u2212", "-")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _shown(value: Any) -> str:
    """A cell as quoted in a message: on one line, at most 40 characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:40] + "…"


def _values(row: TableRow, bad: _Bad) -> dict[str, Any] | None:
    """The value columns of a row, checked; None if one is bad (reported)."""
    out: dict[str, Any] = {}
    ok = True
    for column, name in _FIELDS.items():
        raw = row.cells.get(column)
        empty = raw is None or str(raw).strip() in ("", "–")
        if name == "grenze":
            text = "" if empty else str(raw).strip().lower()
            allowed = {**{v: k for k, v in GRENZEN.items()}, **{k: k for k in GRENZEN}}
            if text and text not in allowed:
                bad(column, f"'{_shown(raw)}' ist keine Grenze (mindestens, höchstens oder leer)")
                ok = False
            out[name] = allowed.get(text)
        elif empty:
            if name == "wert":
                bad(column, "Wert fehlt")
                ok = False
            out[name] = None
        elif (number := _parse(raw)) is None or (name == "absolut" and
                                                  number != number.to_integral_value()):
            bad(column, f"'{_shown(raw)}' ist keine " + (
                "ganze Zahl (Beispiel: 60)" if name == "absolut" else "Zahl (Beispiel: 15,4)"))
            ok = False
        elif problem := number_problem(number):
            bad(column, f"'{_shown(raw)}': {problem}")
            ok = False
        else:
            out[name] = int(number) if name == "absolut" else number
    return out if ok else None


def _edits(table_file: Path, wanted: list[tuple[Facts, Target, dict[str, Any], str]]) -> Plan:
    changes: list[Change] = []
    edits: dict[Path, list[Edit]] = {}
    texts: dict[Path, str] = {}
    items: dict[Path, dict[Path_, tuple[yaml.Node, yaml.Node]]] = {}
    problems: list[Problem] = []
    for facts, target, values, where in wanted:
        file = facts.file
        if file not in texts:
            texts[file] = file.read_text(encoding="utf-8")
            root = compose(texts[file])
            items[file] = mapping_items(root) if root is not None else {}
        base = _yaml_path(target)
        for name, new in values.items():
            old = getattr(target, name)
            if new == old:
                continue
            found = items[file].get((*base, name))
            column = next(c for c, n in _FIELDS.items() if n == name)
            if new is None or found is None or not isinstance(found[1], yaml.ScalarNode):
                problems.append(Problem(table_file, 0, 0, "", f"{where}, Spalte {column}: "
                                        f"'{format_path((*base, name))}' in {file} kann zv "
                                        "fill nur ändern, nicht ergänzen oder entfernen; "
                                        "bitte dort von Hand"))
                continue
            node = found[1]
            text = _styled(node, new, texts[file])
            edits.setdefault(file, []).append(Edit(node.start_mark.index, node.end_mark.index,
                                                   text))
            source = texts[file][node.start_mark.index:node.end_mark.index]
            changes.append(Change(file, node.start_mark.line + 1, node.start_mark.column + 1,
                                  format_path((*base, name)), source, text, where, column))
    if problems:
        raise InputError(problems)
    return Plan(tuple(changes), {f: apply(texts[f], e) for f, e in edits.items()})


def verify(table_file: Path, found: Plan, check: Callable[[Path, bytes], object]) -> None:
    """Every changed file checked as `zv check` would check it, before anything is
    written: `check` raises InputError for the new content of a file. A problem at a
    changed value is reported at its table row and column."""
    problems: list[Problem] = []
    for file, text in found.texts.items():
        try:
            check(file, text.encode("utf-8"))
        except InputError as exc:
            for problem in exc.problems:
                change = next((c for c in found.changes if c.file == file and
                               c.line == problem.line), None)
                if change is None:
                    problems.append(problem)
                    continue
                problems.append(Problem(table_file, 0, 0, "", f"{change.where}, Spalte "
                                        f"{change.heading}: {change.new}: {problem.message} "
                                        f"({file}:{change.line}: {change.path})"))
    if problems:
        raise InputError(problems)


def _yaml_path(target: Target) -> Path_:
    found = re.fullmatch(r"weitere\[(\d+)\]", target.ziel)
    ziel: Path_ = ("weitere", int(found.group(1)) - 1) if found else (target.ziel,)
    return ("ziele", *ziel, "zielwerte", target.index)


def _styled(node: yaml.ScalarNode, new: Any, text: str) -> str:
    """`new` written as the file writes the old value: quotes, comma or point, '+'."""
    source = text[node.start_mark.index:node.end_mark.index]
    quote = source[0] if node.style in ("'", '"') else ""
    if isinstance(new, str):
        return f"{quote}{new}{quote}"
    old = node.value.strip()
    if isinstance(new, int):
        body = str(new)
    else:
        places = max(_places(old), max(0, -int(new.normalize().as_tuple().exponent)))
        body = f"{new:.{places}f}"
        if "," in old or ("." not in old and places):
            body = body.replace(".", ",")
    if old.startswith("+") and not body.startswith("-"):
        body = "+" + body
    return f"{quote}{body}{quote}"


def _places(text: str) -> int:
    found = re.search(r"[.,](\d+)$", text)
    if found is None or re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
        return 0
    return len(found.group(1))
