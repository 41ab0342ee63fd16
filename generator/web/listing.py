"""The overview's rows (`zv status`), kept while nothing they depend on has changed.

A row needs the agreement loaded, checked and its Markdown composed; for a project of
dozens of agreements that is seconds. A row is kept per file by its size and mtime
and by a stamp of everything under states/ and templates/ (a changed Muster or
template changes the checks of every agreement).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..project import status

Stamp = tuple[int, int, tuple[int, int, int]]


class Listing:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._kept: dict[Path, tuple[Stamp, status.Row]] = {}
        self._lock = threading.Lock()

    def rows(self, files: list[Path]) -> list[status.Row]:
        """The status row of each file, in order; only changed files are loaded again."""
        shared = _shared(self.root)
        with self._lock:
            stamps = {f: _stamp(f, shared) for f in files}
            todo = [f for f in files if f not in self._kept or
                    self._kept[f][0] != stamps[f]]
            for file, row in zip(todo, status.rows(todo, self.root / "output", ["docx"]),
                                 strict=True):
                self._kept[file] = (stamps[file], row)
            return [self._kept[f][1] for f in files]


def _stamp(file: Path, shared: tuple[int, int, int]) -> Stamp:
    try:
        info = file.stat()
    except OSError:
        return (-1, -1, shared)
    return (info.st_mtime_ns, info.st_size, shared)


def _shared(root: Path) -> tuple[int, int, int]:
    """Latest mtime, number and total size of the files under states/ and templates/."""
    latest = count = size = 0
    for folder in (root / "states", root / "templates"):
        for base, _dirs, names in os.walk(folder):
            for name in names:
                try:
                    info = os.stat(os.path.join(base, name))
                except OSError:
                    continue
                latest, count, size = max(latest, info.st_mtime_ns), count + 1, \
                    size + info.st_size
    return (latest, count, size)
