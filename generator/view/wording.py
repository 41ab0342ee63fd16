"""Units, limits and directions of a target in the document's own words, defined once.

Sentence forms (templates/*/saetze/*.md.j2) call these as functions, and `zv diff`
describes a changed target with them, so the summary speaks as the document does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..text import german

EINHEIT = {"prozent": " Prozent", "prozentpunkte": " Prozent-Punkte", "anzahl": ""}
EINHEIT_ZEICHEN = {"prozent": " %", "prozentpunkte": " Prozentpunkte", "anzahl": ""}
GRENZE = {"mindestens": "mindestens ", "hoechstens": "nicht mehr als "}


def einheit(z: Any) -> str:
    """' Prozent', ' Prozent-Punkte' or nothing, with its leading space."""
    return EINHEIT[z.einheit or "prozent"]


def einheit_zeichen(z: Any) -> str:
    return EINHEIT_ZEICHEN[z.einheit or "prozent"]


def grenze(z: Any) -> str:
    """'mindestens ', 'nicht mehr als ' or nothing."""
    return GRENZE.get(z.grenze or "", "")


def um(z: Any) -> str:
    """'um mindestens 15,4 Prozent'."""
    return f"um {grenze(z)}{german.zahl(abs(z.wert))}{einheit(z)}"


def um_zeichen(z: Any) -> str:
    """'um mindestens 3,1 %'."""
    return f"um {grenze(z)}{german.zahl(abs(z.wert))}{einheit_zeichen(z)}"


def absolut(z: Any) -> str:
    """' (+ 60)' after the change, or nothing."""
    return f" ({german.zahl_mit_vorzeichen(z.absolut)})" if z.absolut is not None else ""


def kennzahl(z: Any, signed: bool = True) -> str:
    """' (K 2 = 14,7 Prozent)', or nothing when the indicator has no short name."""
    if not z.kurz:
        return ""
    value = german.zahl_mit_vorzeichen(z.wert) if signed or z.wert < 0 else german.zahl(z.wert)
    return f" ({z.kurz} = {value}{einheit(z) if z.wert != 0 else ''})"


def null(z: Any) -> str:
    """'+/- 0' once: inside the indicator bracket when there is one, else on its own."""
    return (kennzahl(z) if z.kurz else " (+/- 0)") + absolut(z)


def richtung(z: Any, hoch: str, runter: str) -> str:
    return hoch if z.wert > 0 else runter


def wert_mit_einheit(z: Any, wert: Decimal) -> str:
    """'25,4 %' or '3.489' for a level of the target's unit."""
    unit = {"prozent": " %", "prozentpunkte": " Prozent-Punkte"}.get(z.einheit or "", "")
    return german.zahl(wert) + unit


def aussage(z: Any) -> str:
    """The target in short, for summaries: 'um mindestens 15,4 Prozent (+ 60)'."""
    if z.art == "niveau":
        return wert_mit_einheit(z, z.wert)
    if z.wert == 0:
        return "+/- 0" + absolut(z)
    sign = "+ " if z.wert > 0 else "- "
    return f"{grenze(z)}{sign}{german.zahl(abs(z.wert))}{einheit(z)}{absolut(z)}"


FUNCTIONS = {
    "einheit": einheit,
    "einheit_zeichen": einheit_zeichen,
    "grenze": grenze,
    "um": um,
    "um_zeichen": um_zeichen,
    "absolut": absolut,
    "kennzahl": kennzahl,
    "null": null,
    "richtung": richtung,
    "wert_mit_einheit": wert_mit_einheit,
}
