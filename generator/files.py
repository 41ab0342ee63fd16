"""Where outputs go: output paths, format names, atomic writes, LibreOffice's place. Light
on purpose: `zv render` decides which files are unchanged with this module and
sources/project.py alone, before the rendering libraries are imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from . import lifetime
from .errors import SetupError

_UMASK = os.umask(0o022)  # read the process umask (there is no getter), then restore it
os.umask(_UMASK)
FORMATS = ("md", "html", "docx")
MAX_BYTES = 10_000_000  # an agreement or state file larger than this is refused unread
# Where Windows installs LibreOffice (below one of these folders); elsewhere it is on PATH.
WINDOWS_PLACES = ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432")


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
