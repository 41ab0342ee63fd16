"""Where a project and its agreements are: the project root (the nearest folder with
states/ and templates/, else zv's own), the agreement files below folders, and folder
lookups remembered for a batch worker. Light on purpose, like files.py: an unchanged run
uses it before the rendering libraries are imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import SetupError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (a quick run's cost)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

_CHECKOUT = Path(__file__).resolve().parents[2]
# zv's own states/ and templates/: beside the package in a checkout (also when installed
# with `pip install -e`), inside it (generator/builtin/, put there by setup.py) in a wheel.
PACKAGE_ROOT = (_CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file()
                and (_CHECKOUT / "states").is_dir() and (_CHECKOUT / "templates").is_dir()
                else Path(__file__).resolve().parents[1] / "builtin")
_NOT_AGREEMENTS = frozenset({"states", "templates", "output"})


# Within one batch worker the project's folders do not change (the run took its
# fingerprints at the start), so what is found in them is looked up once per worker
# instead of once per agreement. None: look every time (all other processes).
_found: dict[tuple[object, ...], object] | None = None


def keep_lookups() -> None:
    """Remember folder lookups (`looked_up`) for the rest of this process."""
    global _found
    _found = {}


def looked_up(key: tuple[object, ...], find: Callable[[], T]) -> T:
    """find(), or what it gave before for `key` once `keep_lookups` was called."""
    if _found is None:
        return find()
    if key not in _found:
        _found[key] = find()
    return _found[key]  # type: ignore[return-value]


def project_root(start: Path) -> Path:
    """The nearest folder above `start` with states/ and templates/, else zv's own.

    A folder with states/ but no templates/ is a half project: zv says so instead of
    quietly taking its own state files and templates."""
    return looked_up(("project_root", start), lambda: _project_root(start))


def _project_root(start: Path) -> Path:
    for folder in [start.resolve(), *start.resolve().parents]:
        states, templates = (folder / "states").is_dir(), (folder / "templates").is_dir()
        if states and templates:
            return folder
        if states:  # "templates" alone is too common a name to mean a zv project
            raise SetupError(f"{folder} hat einen Ordner states/, aber keinen Ordner "
                             f"templates/; ein eigenes Projekt braucht beide (sonst nähme zv "
                             f"still seine eigenen Landesdateien und Vorlagen aus "
                             f"{PACKAGE_ROOT})")
    return PACKAGE_ROOT


def find_agreements(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders expanded to every *.yaml below them, sorted.

    Below a folder, state files, template settings and hidden folders are not
    agreements, so `zv check .` in a project checks the agreements only.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*.yaml") if p.is_file() and not any(
                    part in _NOT_AGREEMENTS or part.startswith(".")
                    for part in p.relative_to(path).parts[:-1])))
        else:
            found.append(path)
    return found
