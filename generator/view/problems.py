"""Collects the problems and warnings of every step of building a view, with positions."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..sources.yamlread import Located, Path_, format_path


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
