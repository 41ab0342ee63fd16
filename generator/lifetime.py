"""Child processes that die with zv, and temporary files a killed run left behind.

A run killed with SIGKILL cannot clean up: its LibreOffice, its workers and its
temporary files would stay forever. Children therefore ask the kernel for a signal when
their parent dies (Linux), and every temporary name carries the process id of its run,
so that a later run can tell a dead run's leftovers from a living run's work.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

_PR_SET_PDEATHSIG = 1
# Where the process id of a run cannot be checked (Windows), leftovers older than this
# are taken to be a dead run's.
STALE_SECONDS = 3600.0
TEMP_PREFIX = "zv-"
_TEMP_DIR = re.compile(r"zv-[a-z]+-(\d+)-")
_TEMP_FILE = re.compile(r"\..+\.zv(\d+)-[A-Za-z0-9_]+")


def die_with_parent(sig: int = signal.SIGKILL if hasattr(signal, "SIGKILL") else 15) -> None:
    """Ask the kernel to send `sig` to this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl: follow it now
        os.kill(os.getpid(), sig)


def temp_dir(kind: str) -> str:
    """A new temporary folder whose name tells which run it belongs to."""
    return tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{kind}-{os.getpid()}-")


def temp_file_prefix(name: str) -> str:
    """Prefix of a hidden temporary file beside `name`, written by this run."""
    return f".{name}.zv{os.getpid()}-"


def _dead(pid: int, path: Path) -> bool:
    if pid == os.getpid():
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there
        try:
            return time.time() - path.stat().st_mtime > STALE_SECONDS
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, but someone else's
    return False


def remove_stale_temp_dirs() -> None:
    """Remove temporary folders of zv runs that no longer exist."""
    try:
        entries = list(Path(tempfile.gettempdir()).iterdir())
    except OSError:
        return
    for entry in entries:
        found = _TEMP_DIR.match(entry.name)
        if found and entry.is_dir() and _dead(int(found.group(1)), entry):
            shutil.rmtree(entry, ignore_errors=True)


def remove_stale_temp_files(folder: Path) -> None:
    """Remove hidden temporary files of dead zv runs from an output folder."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        found = _TEMP_FILE.fullmatch(entry.name)
        if found and entry.is_file() and _dead(int(found.group(1)), entry):
            with contextlib.suppress(OSError):
                entry.unlink()
