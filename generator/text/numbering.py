"""Running numbers for templates: numbered paragraphs "(1)", sections "§ 2", points "IV.".

Legal texts number their paragraphs; a family's standard paragraphs and the extra
paragraphs an agreement adds must count on without gaps. A template makes a counter with
`{% set absatz = zaehler("({})") %}` and writes `{{ absatz.weiter() }}` where a number
goes. The label is plain text, so it must not stand where Markdown would read it as a
list marker ("1." at the start of a paragraph); "(1)", "§ 1" and headings are safe.
"""

from __future__ import annotations

from typing import Literal

from . import german

Art = Literal["arabisch", "roemisch", "buchstabe"]
_ARTEN: tuple[str, ...] = ("arabisch", "roemisch", "buchstabe")


class Zaehler:
    """A counter that formats each number with `muster` ("({})", "§ {}", "{}.")."""

    def __init__(self, muster: str = "({})", start: int = 1, art: Art = "arabisch") -> None:
        if muster.count("{}") != 1:
            raise ValueError(f"Zählermuster braucht genau ein '{{}}': {muster!r}")
        if art not in _ARTEN:
            raise ValueError(f"unbekannte Zählart {art!r} (erlaubt: {', '.join(_ARTEN)})")
        self.muster, self.art = muster, art
        self.stand = start - 1
        self.kinder: list[Zaehler] = []

    def mit(self, kind: Zaehler) -> None:
        """`kind` starts again whenever this counter counts on (paragraphs per section)."""
        self.kinder.append(kind)

    def _label(self, n: int) -> str:
        if self.art == "roemisch":
            zahl = german.ordinal_roemisch(n)
        elif self.art == "buchstabe":
            zahl = german.buchstabe(n)
        else:
            zahl = str(n)
        return self.muster.replace("{}", zahl)

    def weiter(self) -> str:
        """Count on and return the new label."""
        self.stand += 1
        for kind in self.kinder:
            kind.neu()
        return self._label(self.stand)

    def aktuell(self) -> str:
        """The label of the current number, without counting on."""
        return self._label(self.stand)

    def neu(self, start: int = 1) -> str:
        """Start again; returns an empty string so `{{ z.neu() }}` prints nothing."""
        self.stand = start - 1
        return ""
