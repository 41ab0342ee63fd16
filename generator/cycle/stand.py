"""What a target table was made from, so that `zv fill` knows who changed a value.

`zv table` records, per row, the values it wrote and the fingerprint of the agreement
file they came from: in the XLSX a hidden sheet, in the CSV one last line. `zv fill`
then writes a value only where the table changed it; a value changed in the table and,
since the table was made, differently in the file is a conflict: named, nothing
written. A value changed in the file alone stays. A signed Endfassung (status
endfassung, every signature dated) is not changed without --force.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .facts import Facts, Target

SHEET = "zv-stand"  # the hidden sheet of the XLSX
MARK = "#zv-stand"  # the first cell of the CSV's last line
FIELDS = ("wert", "grenze", "absolut", "basis")
Key = tuple[str, int, str, str, str]  # Land, Jahr, Träger, Ziel, Kennzahl


def key(facts: Facts, target: Target) -> Key:
    return (facts.land, facts.jahr, facts.traeger, target.ziel, target.kennzahl)


def fingerprint(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def record(agreements: Iterable[Facts]) -> list[list[Any]]:
    """One line per target: its key, the values written, the file's fingerprint."""
    lines = []
    for facts in agreements:
        prints = fingerprint(facts.file)
        for target in facts.targets:
            lines.append([*key(facts, target),
                          *(_text(getattr(target, f)) for f in FIELDS), prints])
    return lines


def packed(lines: list[list[Any]]) -> str:
    """The record as one text of letters and digits: no spreadsheet reads a formula or
    a number in it ("zv:" first)."""
    data = zlib.compress(json.dumps(lines, ensure_ascii=False).encode("utf-8"), 9)
    return "zv:" + base64.b64encode(data).decode("ascii")


def unpacked(text: str) -> dict[Key, dict[str, str]] | None:
    try:
        lines = json.loads(zlib.decompress(base64.b64decode(text.removeprefix("zv:"))))
    except (ValueError, zlib.error, TypeError):
        return None
    return read(lines)


def csv_line(lines: list[list[Any]]) -> list[str]:
    """The record as the CSV's last line: a mark and the packed lines."""
    return [MARK, packed(lines)]


def sheet_cells(lines: list[list[Any]]) -> list[str]:
    """The record for the XLSX's hidden sheet: the mark, then the packed text in cells
    of at most 30,000 characters (Excel holds 32,767 in a cell)."""
    text = packed(lines)
    return [MARK, *(text[i:i + 30000] for i in range(0, len(text), 30000))]


def from_csv(cells: list[Any]) -> dict[Key, dict[str, str]] | None:
    return unpacked(str(cells[1])) if len(cells) > 1 else None


def from_sheet(cells: list[Any]) -> dict[Key, dict[str, str]] | None:
    if not cells or cells[0] != MARK:
        return None
    return unpacked("".join(str(c or "") for c in cells[1:]))


def read(lines: Iterable[Iterable[Any]]) -> dict[Key, dict[str, str]] | None:
    """The record back: the values and fingerprint by key; None if it is damaged."""
    found: dict[Key, dict[str, str]] = {}
    try:
        for line in lines:
            land, jahr, traeger, ziel, kennzahl, *values, prints = list(line)
            found[(str(land), int(jahr), str(traeger), str(ziel), str(kennzahl))] = {
                **{f: "" if v is None else str(v) for f, v in zip(FIELDS, values, strict=True)},
                "fingerprint": str(prints)}
    except (ValueError, TypeError):
        return None
    return found


def signed(facts: Facts) -> bool:
    """A final version every party has dated: not changed without --force."""
    return facts.status != "entwurf" and all(s.datum for s in facts.signatories)


def merge(target: Target, values: dict[str, Any], made: dict[str, str] | None,
          now: str) -> tuple[dict[str, Any], list[str]]:
    """The values to write, and the fields changed in both table and file (conflicts);
    `now`: the file's fingerprint today. Without a record (an older table, one made by
    hand) every table value counts."""
    if made is None:
        return values, []
    out = dict(values)
    conflicts = []
    unchanged_file = made["fingerprint"] == now
    for name, new in values.items():
        old = getattr(target, name)
        if _same(new, made.get(name, "")):
            out[name] = old  # the table kept it: the file's value stands
        elif not unchanged_file and not _same(old, made.get(name, "")) and not _same(new,
                                                                                     _text(old)):
            conflicts.append(name)
            out[name] = old
    return out, conflicts


def _same(value: Any, text: str) -> bool:
    if isinstance(value, Decimal | int) and text:
        try:
            return Decimal(value) == Decimal(text)
        except InvalidOperation:
            return False
    return _text(value) == text


def _text(value: Any) -> str:
    return "" if value is None else str(value)
