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


def _as_markdown(value: str) -> MarkdownText:
    return MarkdownText(xml_safe(value).strip())


# Every character Markdown, HTML or Word may take for a line break: \r splits a table
# row, U+2028/U+2029 start a new block ("\u2028# X" becomes a heading).
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")


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
Zahl = Annotated[Decimal, BeforeValidator(_decimal)]
Datum = Annotated[dt.date | str | None, BeforeValidator(_datum)]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
