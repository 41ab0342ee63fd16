"""Warnings about what a clerk writes by hand: dates, years in free text, numbers.

`zv check` reports these beside the figure warnings of the view; rendering goes on.
Positions come from the agreement file itself (PyYAML's composed nodes, read only), so a
warning names the line and column of the very characters it is about, also inside a
multi-line text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import BaseModel

from ..errors import Problem
from ..files import MAX_BYTES
from ..loaded import Loaded
from ..model import MarkdownText, full_date
from ..sources.yamlread import Path_, format_path
from ..text import german
from ..text.document import LINK_SCHEMES
from .facts import facts

# Keys whose values are codes or dates, not free text.
NOT_FREE_TEXT = frozenset({"land", "familie", "status", "stand", "stichtag", "traeger",
                           "schluessel", "kennzahl", "satz", "grenze", "art", "einheit",
                           "datum", "geschlecht", "genus"})
_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20\d\d)(?![\d,])")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Warn = Callable[..., None]


@dataclass(frozen=True)
class Mention:
    """A year named in a free text: where it stands in the file."""

    line: int
    column: int
    path: Path_
    year: int
    excerpt: str


def walk(node: yaml.Node, path: Path_ = ()) -> Iterator[tuple[Path_, yaml.Node]]:
    """Every value node of a composed document with its path (list items 0-based)."""
    yield path, node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from walk(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from walk(item, (*path, i))


def compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=_LOADER)


def year_mentions(text: str, before: int) -> list[Mention]:
    """Years earlier than `before` named in free-text values of an agreement file."""
    root = compose(text)
    if root is None:
        return []
    found = []
    for path, node in walk(root):
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            continue
        if any(isinstance(p, str) and p in NOT_FREE_TEXT for p in path[-1:]):
            continue
        start, end = node.start_mark.index, node.end_mark.index
        for match in _YEAR.finditer(text, start, end):
            year = int(match.group())
            if year < before:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                line_text = text.splitlines()[line - 1].strip()
                found.append(Mention(line, column, path, year, line_text))
    return found


def comment_mentions(text: str, before: int) -> list[Mention]:
    """Years earlier than `before` in whole-line comments (the file's own description)."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            for match in _YEAR.finditer(line):
                if int(match.group()) < before:
                    found.append(Mention(number, match.start() + 1, (), int(match.group()),
                                         line.strip()))
    return found


def date_warnings(file: Path) -> list[Problem]:
    """The signature-date warnings of a file that did not load: shown with its errors.
    Only the few nodes they are about are visited (a hostile file's aliases are not)."""
    try:
        if not file.is_file() or file.stat().st_size > MAX_BYTES:
            return []  # refused unread ("/dev/zero" never ends)
        root = compose(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []
    top = _children(root)
    year, signed = top.get("jahr"), _children(top.get("unterzeichnung"))
    if not isinstance(year, yaml.ScalarNode) or not year.value.isdigit():
        return []
    out: list[Problem] = []

    def warn(path: Path_, node: yaml.Node | None, message: str, hint: str = "") -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (0, 0)
        out.append(Problem(file, line, column, format_path(path), message, hint, True))

    for party, node in signed.items():
        datum = _children(node).get("datum")
        if isinstance(datum, yaml.ScalarNode):
            _date(datum, ("unterzeichnung", party, "datum"), int(year.value), warn)
    return out


def _children(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """The values of a mapping node by their (plain) keys; nothing for other nodes."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def warnings(loaded: Loaded) -> list[Problem]:
    """The hand-written-input warnings of one loaded agreement."""
    file = loaded.file
    # The text that was loaded, not the file again (it may have changed meanwhile).
    text = loaded.source.decode("utf-8") if loaded.source else file.read_text(encoding="utf-8")
    root = compose(text)
    if root is None:
        return []
    jahr = loaded.agreement.jahr
    nodes = dict(walk(root))
    out: list[Problem] = []

    def warn(path: Path_, node: yaml.Node | None, message: str, hint: str = "") -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (0, 0)
        out.append(Problem(file, line, column, format_path(path), message, hint, True))

    for path, node in nodes.items():
        if len(path) == 3 and path[0] == "unterzeichnung" and path[2] == "datum" and \
                isinstance(node, yaml.ScalarNode):
            _date(node, path, jahr, warn)
    out.extend(_numbers(loaded, nodes, file))
    out.extend(_place(loaded, nodes))
    out.extend(_links(loaded, nodes, file))
    info = facts(loaded)
    if info.status == "entwurf":
        for mention in year_mentions(text, jahr):
            out.append(Problem(file, mention.line, mention.column, format_path(mention.path),
                               f"der Text nennt das Jahr {mention.year}, die Vereinbarung gilt "
                               f"für {jahr}", "aus dem Vorjahr übernommen? Text prüfen",
                               True))
        for mention in comment_mentions(text, jahr):
            out.append(Problem(file, mention.line, mention.column, "Kommentar",
                               f"der Kommentar nennt das Jahr {mention.year}, die Vereinbarung "
                               f"gilt für {jahr}", "Beschreibung der Datei anpassen", True))
    else:
        for signer in info.signatories:
            if signer.datum is None:
                path = ("unterzeichnung", signer.key)
                where = nodes.get(path) or nodes.get(("unterzeichnung",))
                party = german.von(signer.party, signer.genus)
                warn(path, where, f"Endfassung ohne Unterschriftsdatum {party}",
                     "Datum unter 'unterzeichnung' ergänzen oder 'status: entwurf' setzen")
    return out


def _date(node: yaml.ScalarNode, path: Path_, jahr: int, warn: _Warn) -> None:
    text = node.value.strip()
    day: dt.date | None
    if node.tag == "tag:yaml.org,2002:timestamp":
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return
    else:
        day = full_date(text)
        if day is None:
            missing = _missing_parts(text)
            if missing:
                warn(path, node, f"Datum '{text}' ohne {missing}",
                     "vollständig angeben, z. B. 21.12.2020, oder leer lassen")
            return
        if re.search(r"\.\s*\d{2}$", text):
            warn(path, node, f"Datum '{text}' mit zweistelliger Jahreszahl",
                 f"vierstellig schreiben: {day:%d.%m.%Y}")
    earliest, latest = dt.date(jahr - 1, 7, 1), dt.date(jahr, 12, 31)
    if not earliest <= day <= latest:
        warn(path, node, f"Unterschrift am {day:%d.%m.%Y} liegt weit außerhalb des "
             f"Vereinbarungsjahres {jahr}",
             f"erwartet zwischen {earliest:%d.%m.%Y} und {latest:%d.%m.%Y}")


def _missing_parts(text: str) -> str:
    """What a partial German date lacks, in words ('Monat', 'Tag und Monat', 'Jahr')."""
    numbers = re.findall(r"\d+", text)
    if not numbers:
        return ""
    if len(numbers[-1]) != 4:
        return "Jahr" if len(numbers) >= 2 else "Monat und Jahr"
    before = numbers[:-1]
    if not before:
        return "Tag und Monat"
    if len(before) == 1:
        return "Monat" if int(before[0]) > 12 else "Tag oder Monat"
    return ""


def _place(loaded: Loaded, nodes: dict[Path_, yaml.Node]) -> list[Problem]:
    """An agreement filed under agreements/<jahr>/<land>/ that names another year or state."""
    parts = loaded.file.resolve().parts
    if "agreements" not in parts[:-1]:
        return []
    below = parts[len(parts) - parts[::-1].index("agreements"):-1]
    if not below or not below[0].isdigit():
        return []  # not filed by year: nothing to compare
    jahr, land = str(loaded.agreement.jahr), loaded.agreement.land
    out = []
    for folder, key, value in zip(below, ("jahr", "land"), (jahr, land), strict=False):
        if folder == value:
            continue
        node = nodes.get((key,))
        out.append(Problem(
            loaded.file, node.start_mark.line + 1 if node else 0,
            node.start_mark.column + 1 if node else 0, key,
            f"die Datei liegt im Ordner '{folder}', die Vereinbarung nennt {key} {value}",
            f"Datei nach agreements/{jahr}/{land}/ verschieben oder {key} prüfen", True))
    return out


def _numbers(loaded: Loaded, nodes: dict[Path_, yaml.Node], file: Path) -> list[Problem]:
    """Figures with a point where a decimal comma (percent) or no point (counts: a
    thousands point, which YAML reads as a decimal point) was meant."""
    out = []
    units = {(t.ziel, t.index): t.einheit for t in facts(loaded).targets}
    for path, node in nodes.items():
        if not (isinstance(node, yaml.ScalarNode) and path[-1:] in (("wert",), ("absolut",))
                and "zielwerte" in path and _THOUSANDS.fullmatch(node.value.strip())):
            continue
        ziel = path[1] if path[1] != "weitere" else f"weitere[{int(path[2]) + 1}]"
        unit = units.get((str(ziel), int(path[-2])), "prozent")
        if unit == "anzahl" or path[-1] == "absolut":
            if node.tag == "tag:yaml.org,2002:float":
                number = node.value.strip()
                out.append(Problem(
                    file, node.start_mark.line + 1, node.start_mark.column + 1,
                    format_path(path), f"'{number}' mit Punkt wird als Dezimalzahl "
                    f"{german.zahl(Decimal(number).normalize())} gelesen, nicht als Anzahl "
                    f"{number.replace('.', '')}", "ohne Tausenderpunkt schreiben, z. B. "
                    f"{number.replace('.', '')}", True))
            continue
        read = "eine Dezimalzahl" if node.tag == "tag:yaml.org,2002:float" else "Tausender"
        out.append(Problem(
            file, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path),
            f"'{node.value}' mit Punkt wird als {read} gelesen; bei einem Wert in "
            f"{'Prozentpunkten' if unit == 'prozentpunkte' else 'Prozent'} ist wohl ein "
            "Dezimalkomma gemeint", "mit Komma schreiben, z. B. 1,0", True))
    return out


# What the writers leave out of a user's Markdown: images, and links whose scheme is not
# allowed (document.safe_href), inline, as autolinks and as reference definitions.
_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*[(\[]")
_SCHEME = r"<?\s*([A-Za-z][A-Za-z0-9+.-]{0,31}):"
_LINK = re.compile(rf"\]\(\s*{_SCHEME}|<([A-Za-z][A-Za-z0-9+.-]{{1,31}}):[^\s<>]*>|"
                   rf"(?m:^[ \t]*\[[^\]\n]+\]:[ \t]*{_SCHEME})")


def _links(loaded: Loaded, nodes: dict[Path_, yaml.Node], file: Path) -> list[Problem]:
    """Images and links in Markdown fields that the documents will not show as such."""
    out = []
    for path, text in _markdown(loaded.agreement, ()):
        node = nodes.get(path)
        if node is None:  # a value from the Muster or the state: reported there
            continue
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if _IMAGE.search(text):
            out.append(Problem(file, line, column, format_path(path), "Bild wird nicht "
                               "übernommen (zv setzt keine Bilder in Vereinbarungen)",
                               "Bild entfernen", True))
        for found in _LINK.finditer(text):
            scheme = next(g for g in found.groups() if g is not None)
            if scheme.lower() not in LINK_SCHEMES:
                out.append(Problem(file, line, column, format_path(path),
                                   f"Verweis mit '{scheme}:' wird nicht als Verweis "
                                   f"übernommen (erlaubt: {', '.join(LINK_SCHEMES)})",
                                   "Adresse mit https:// angeben", True))
    return out


def _markdown(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every Markdown text of a model with its path."""
    if isinstance(value, MarkdownText):
        yield path, value
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _markdown(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _markdown(item, (*path, key))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _markdown(getattr(value, name), (*path, name))
