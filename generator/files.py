"""Where agreements and outputs are: the project root, the agreement files below folders,
output paths, format names, atomic writes. Light on purpose: `zv render` decides which
files are unchanged with this module alone, before the rendering libraries are imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from . import lifetime
from .errors import SetupError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (a quick run's cost)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
_UMASK = os.umask(0o022)  # read the process umask (there is no getter), then restore it
os.umask(_UMASK)
_NOT_AGREEMENTS = frozenset({"states", "templates", "output"})
FORMATS = ("md", "html", "docx")
MAX_BYTES = 10_000_000  # an agreement or state file larger than this is refused unread
# Where Windows installs LibreOffice (below one of these folders); elsewhere it is on PATH.
WINDOWS_PLACES = ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432")


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


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in (*FORMATS, "pdf")]
    if unknown or not formats:
        raise SetupError(f"unbekanntes Format: {', '.join(unknown) or '(leer)'} "
                         f"(möglich: {', '.join(FORMATS)}, pdf)")
    return list(dict.fromkeys(formats))


def output_path(file: Path, out_dir: Path, ext: str) -> Path:
    """agreements/2021/nrw/x.yaml -> OUT/2021/nrw/x.EXT; other files -> OUT/x.EXT."""
    return output_paths(file, out_dir, [ext])[0]


def output_paths(file: Path, out_dir: Path, exts: Iterable[str]) -> list[Path]:
    """`output_path` for several formats, the file's path resolved once."""
    base = output_base(file)
    return [out_dir.joinpath(*base[:-1], f"{base[-1]}.{ext}") for ext in exts]


def output_base(file: Path) -> tuple[str, ...]:
    """The output's place below the output folder, without extension:
    agreements/2021/nrw/x.yaml -> ("2021", "nrw", "x"); other files -> ("x",).
    With strings, not pathlib: an unchanged run does this for every file."""
    parts = os.path.realpath(file).split(os.sep)
    if "agreements" in parts[:-1]:
        parts = parts[len(parts) - parts[::-1].index("agreements"):]
    else:
        parts = parts[-1:]
    return (*parts[:-1], os.path.splitext(parts[-1])[0])


def write_outputs(file: Path, outputs: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write each output to a temporary file beside its target, then rename it in place."""
    written = []
    for ext, data in outputs.items():
        target = output_path(file, out_dir, ext)
        write_file(target, data)
        written.append(target)
    return written


def write_file(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it: never a partial file."""
    import tempfile  # not needed by an unchanged run, which writes nothing

    target.parent.mkdir(parents=True, exist_ok=True)
    # The name carries this run's process id: a later run removes it if this run is killed.
    fd, tmp = tempfile.mkstemp(prefix=lifetime.temp_file_prefix(target.name), dir=target.parent)
    try:
        # mkstemp makes the file private; outputs are for colleagues too (umask applies).
        # Windows has no fchmod before Python 3.13, and no such modes to set.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_formats() -> list[str]:
    """md, html and docx, plus pdf where LibreOffice is installed."""
    return [*FORMATS, *(["pdf"] if find_soffice() else [])]


def find_soffice() -> str | None:
    """LibreOffice's soffice: ZV_SOFFICE, then PATH, then where Windows installs it.
    Here, not in the PDF writer: the default formats of `zv render` depend on it."""
    import shutil  # for which(); an unchanged run with --format needs none of it

    chosen = os.environ.get("ZV_SOFFICE")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for variable in WINDOWS_PLACES:
            base = os.environ.get(variable)
            candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe" if base else None
            if candidate is not None and candidate.is_file():
                return str(candidate)
    return None
