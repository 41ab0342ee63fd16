"""Problems with their positions: the collector every step of building a view reports
into, and the "did you mean" hints for names that are not known."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import Problem
from .yamlread import Located, Path_, format_path


class Problems:
    """Errors stop the render after all steps ran; warnings are reported by `zv check`."""

    def __init__(self, located: Located, file: Path) -> None:
        self.located, self.file = located, file
        self.items: list[Problem] = []
        self.warnings: list[Problem] = []

    def _make(self, path: Path_, message: str, hint: str, warning: bool) -> Problem:
        mark = self.located.mark(path)
        return Problem(mark.file if mark else self.file, mark.line if mark else 0,
                       mark.column if mark else 0, format_path(path), message, hint, warning)

    def add(self, path: Path_, message: str, hint: str = "") -> None:
        self.items.append(self._make(path, message, hint, False))

    def warn(self, path: Path_, message: str, hint: str = "") -> None:
        """A figure that does not add up: reported by `zv check`, rendering goes on."""
        self.warnings.append(self._make(path, message, hint, True))


def name_hint(name: str, names: list[str], word: str = "erlaubt", cutoff: float = 0.6) -> str:
    """Close matches first, then every allowed name: never a single misleading guess."""
    close = difflib.get_close_matches(name, names, n=3, cutoff=cutoff)
    listing = f"{word}: " + ", ".join(names) if names else "keine vorhanden"
    if close:
        return "meinten Sie " + " oder ".join(f"'{c}'" for c in close) + "? " + listing
    return listing


def known_hint(key: str, options: list[str]) -> str:
    """Close matches and every known key (Träger, Kennzahl, Partei, Satzform)."""
    return name_hint(key, sorted(options), "bekannt", cutoff=0.5)
