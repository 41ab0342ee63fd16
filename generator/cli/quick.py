"""The `zv` command's entry point: a render whose files are all unchanged is answered
here, without Click; everything else goes to cli.main.

Rendering again what has not changed is what scripts, editors and clerks repeat most,
and loading Click and what it imports is about a third of such a run. Only the plain
form is answered here:

    zv render PFAD... [--format FORMATE] [--out ORDNER]

(also `--format=...`, `--out=...`), each option at most once. Anything else, or
anything this module is unsure of (another command or option, `--help`, a changed,
missing or unreadable file, a path Click would refuse, PDF wanted without LibreOffice),
goes to the full command line, which checks everything again and says what is wrong.
The output is cli.render's for the same run: one line per file and the count (only the
count when a progress bar would have been shown). tests/test_quick.py compares both.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    if not _answered(sys.argv[1:]):
        from .main import main as full

        full()


def _answered(args: list[str]) -> bool:
    """Answer `zv ARGS` here if it is a render of unchanged files. False: not answered
    and nothing printed (only dead runs' temporary files may be gone, as in any run)."""
    started = time.monotonic()
    parsed = _parse(args)
    if parsed is None:
        return False
    paths, formate, ziel = parsed
    from .. import files as places
    from .. import stamps
    from ..errors import ZvError
    from ..sources import project

    try:
        formats = places.parse_formats(formate) if formate else places.default_formats()
    except ZvError:
        return False
    if "pdf" in formats and places.find_soffice() is None:
        return False  # cli.render warns about it
    out_dir = Path(ziel)
    if not all(_acceptable(p) for p in [*paths, out_dir]) or out_dir.is_file():
        return False
    files = project.find_agreements(paths)
    if not files or not _printable(files):
        return False
    outputs = stamps.Outputs(out_dir, formats)
    for file in files:
        if outputs.claim(file) is not None or not outputs.current(file, outputs.prints.of(file)):
            return False
    try:
        if not sys.stderr.isatty():  # else cli.render shows a bar and no unchanged files
            for file in files:
                print(f"{file}: unverändert", flush=True)
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        print(f"0 erstellt, {len(files)} unverändert, 0 fehlerhaft ({seconds} s)",
              file=sys.stderr, flush=True)
    except BrokenPipeError:  # `zv render ... | head`: quietly, status 1, as Click does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    return True


def _parse(args: list[str]) -> tuple[list[Path], str | None, str] | None:
    """PFAD..., --format, --out of the plain render form; None for anything else."""
    if not args or args[0] != "render":
        return None
    paths: list[Path] = []
    options: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name in ("--format", "--out") and name not in options:
            if not equals:
                following = next(rest, None)
                if following is None:
                    return None
                value = following
            if not value or value.startswith("-"):
                return None
            options[name] = value
        elif arg.startswith("-") or not arg:
            return None
        else:
            paths.append(Path(arg))
    if not paths:
        return None
    return paths, options.get("--format"), options.get("--out", "output")


def _acceptable(path: Path) -> bool:
    """What Click's Path type lets through without a word: missing, or readable."""
    return not os.path.exists(path) or os.access(path, os.R_OK)


def _printable(files: list[Path]) -> bool:
    """Every name can be written as it is (else the full command line says how)."""
    encoding = sys.stdout.encoding or "utf-8"
    try:
        for file in files:
            str(file).encode(encoding)
    except UnicodeError:
        return False
    return len(set(files)) == len(files)  # a file named twice is counted twice there
