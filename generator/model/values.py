"""Values every model uses: text, Markdown, numbers and dates as clerks write them, and
the strict base model (extra keys forbidden, frozen)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
)

# A figure in an agreement has at most 15 significant digits and a small exponent;
# beyond that Decimal arithmetic grows without bound ("1e-999999999").
MAX_DIGITS = 15
MAX_EXPONENT = 15


def number_problem(number: Decimal) -> str | None:
    """Why `number` is not a figure an agreement can hold, or None if it is one."""
    if not number.is_finite():
        return "keine endliche Zahl"
    digits = len(number.as_tuple().digits)
    magnitude = number.adjusted()
    if digits > MAX_DIGITS or abs(magnitude) > MAX_EXPONENT:
        return (f"Zahl zu groß oder zu genau (höchstens {MAX_DIGITS} Stellen, "
                f"Größenordnung bis 10^{MAX_EXPONENT})")
    return None


Genus = Literal["m", "f", "n"]
Geschlecht = Literal["m", "w"]

# Characters XML 1.0 cannot hold; a DOCX with one of them does not open.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class MarkdownText(str):
    """A string that is Markdown already and goes into the text unescaped."""

    __slots__ = ()


def xml_safe(value: str) -> str:
    """`value` if a Word document can hold it, else ValueError naming the character."""
    found = _XML_INVALID.search(value)
    if found:
        raise ValueError(
            f"unzulässiges Steuerzeichen U+{ord(found.group()):04X} an Stelle "
            f"{found.start() + 1} (in Word-Dokumenten nicht darstellbar)")
    return value


# Every character Markdown, HTML or Word may take for a line break: \r splits a table
# row, U+2028/U+2029 start a new block ("\u2028# X" becomes a heading).
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
# The same, but the plain line feed, which Markdown text may have.
_ODD_BREAK = re.compile("[\r\x85\u2028\u2029]")
# A container line ("::: unterschriften", ":::"): zv's own layout blocks. A user's text
# may only frame a table with "::: kopfzeilen-N" ... ":::" (docs/ge.md).
_CONTAINER = re.compile(r"[ \t>]*:{3,}[ \t]*(.*?)[ \t]*$")
_TABLE_HEADER = re.compile(r"kopfzeilen-\d+")
_EMPTY_BLOCK = re.compile(r"seitenumbruch|inhalt-[1-6]")


def _as_markdown(value: str) -> MarkdownText:
    value = xml_safe(value).strip()
    found = _ODD_BREAK.search(value)
    if found:
        raise ValueError(f"Zeilenumbruch U+{ord(found.group()):04X} an Stelle "
                         f"{found.start() + 1} nicht erlaubt (als neue Zeile schreiben)")
    if ":::" in value:
        _containers(value)
    return MarkdownText(value)


def blocks_problem(value: str) -> str | None:
    """Why a user's Markdown may not hold its `:::` blocks (zv's own layout), or None."""
    try:
        _containers(value)
    except ValueError as exc:
        return str(exc)
    return None


def _containers(value: str) -> None:
    """Refuse zv's own layout blocks in a user's Markdown; a table may be framed with
    "::: kopfzeilen-N" and its closing ":::", and a page break or a table of contents
    ("::: seitenumbruch", "::: inhalt-N") stand as an empty block."""
    open_blocks = 0
    empty = False  # an empty block was opened: the next line closes it
    for number, line in enumerate(value.split("\n"), 1):
        found = _CONTAINER.fullmatch(line)
        if empty and (found is None or found.group(1)):
            raise ValueError(f"Zeile {number}: nach '::: seitenumbruch' oder '::: inhalt-N' "
                             "folgt gleich die Zeile ':::'")
        if found is None:
            continue
        name = found.group(1)
        if _TABLE_HEADER.fullmatch(name):
            open_blocks += 1
        elif _EMPTY_BLOCK.fullmatch(name):
            empty = True
        elif empty:
            empty = False
        elif name or not open_blocks:
            raise ValueError(f"Zeile {number}: '{line.strip()}' ist zvs eigene Auszeichnung "
                             "für Titel-, Parteien- und Unterschriftenblock und in Texten "
                             "nicht erlaubt (erlaubt: '::: kopfzeilen-N' … ':::' um eine "
                             "Tabelle, '::: seitenumbruch' und '::: inhalt-N' mit ':::' "
                             "in der nächsten Zeile)")
        else:
            open_blocks -= 1
    if open_blocks:
        raise ValueError("'::: kopfzeilen-N' ohne schließendes ':::'")
    if empty:
        raise ValueError("'::: seitenumbruch' oder '::: inhalt-N' ohne schließendes ':::'")


def _one_line(value: MarkdownText) -> MarkdownText:
    found = _LINE_BREAK.search(value)
    if found:
        raise ValueError(f"Zeilenumbruch an Stelle {found.start() + 1} nicht erlaubt (der "
                         "Text steht in einem Satz oder Listenpunkt: einzeilig schreiben)")
    return value


def _plain(value: str) -> str:
    value = xml_safe(value).strip()
    found = _LINE_BREAK.search(value)
    if found:
        raise ValueError(f"Zeilenumbruch (U+{ord(found.group()):04X}) an Stelle "
                         f"{found.start() + 1} nicht erlaubt (einzeiliger Text erwartet)")
    return value


def _name(value: str) -> str:
    value = _plain(value)
    if not value:
        raise ValueError("darf nicht leer sein")
    return value


def _decimal(value: Any) -> Any:
    """Accept 14.7, 14,7 and "+2"; clerks write German decimal commas."""
    if isinstance(value, bool):
        raise ValueError("Zahl erwartet, nicht ja/nein")
    if isinstance(value, (int, Decimal)):
        return _bounded(Decimal(value))
    if isinstance(value, float):
        return _bounded(Decimal(str(value)))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "")
        shown = _shown(value)
        if len(text) > 40:
            raise ValueError(f"'{shown}' ist keine Zahl (Beispiel: 14,7)")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"'{shown}' ist keine Zahl (Beispiel: 14,7)") from None
        return _bounded(number)
    raise ValueError("Zahl erwartet")


def _shown(text: str) -> str:
    """A value as quoted in a message: on one line, at most 40 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:40] + "…"


def _bounded(number: Decimal) -> Decimal:
    problem = number_problem(number)
    if problem:
        raise ValueError(problem)
    return number


_DATE_FULL = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})")
_DATE_PART = re.compile(r"(\d{1,2}\.\s*)?(\d{1,2}\.\s*)?(\d{2}|\d{4})?")


def full_date(text: str) -> dt.date | None:
    """A full German date written as text ("02.12.2020", "2.6.19") as a date, else None."""
    found = _DATE_FULL.fullmatch(text.strip())
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year + (2000 if year < 100 else 0), month, day)
    except ValueError:
        return None


def _datum(value: Any) -> Any:
    """A date as a YAML date, or as German text kept as written ("21.12.20", "27. 2020")."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = _plain(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"'{_shown(text)}' ist kein gültiges Datum") from None
        if _DATE_FULL.fullmatch(text):
            if full_date(text) is None:
                raise ValueError(f"'{_shown(text)}' ist kein gültiges Datum")
            return text
        if text and _DATE_PART.fullmatch(text):
            return text  # a date filled in by hand at signing, kept as the clerk wrote it
        raise ValueError(f"'{_shown(text)}' ist kein Datum (Beispiel: 21.12.2020 oder 2020-12-21)")
    raise ValueError("Datum erwartet (Beispiel: 21.12.2020)")


Text = Annotated[str, AfterValidator(_plain)]
Name = Annotated[str, AfterValidator(_name)]
Markdown = Annotated[str, AfterValidator(_as_markdown)]
# Markdown that a template puts into a sentence or a list item: one line, or a "# X" on
# a line of its own would become a heading there.
MarkdownZeile = Annotated[str, AfterValidator(_as_markdown), AfterValidator(_one_line)]
Zahl = Annotated[Decimal, BeforeValidator(_decimal)]
Datum = Annotated[dt.date | str | None, BeforeValidator(_datum)]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
