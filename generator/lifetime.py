"""Child processes that die with zv, and temporary files a killed run left behind.

A run killed with SIGKILL cannot clean up: its LibreOffice, its workers and its
temporary files would stay forever. Children therefore ask the kernel for a signal when
their parent dies (Linux), and every temporary name carries the process id of its run,
so that a later run can tell a dead run's leftovers from a living run's work.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
# Where the process id of a run cannot be checked (Windows), leftovers older than this
# are taken to be a dead run's.
STALE_SECONDS = 3600.0
TEMP_PREFIX = "zv-"
_TEMP_DIR = re.compile(r"zv-[a-z]+-(\d+)-")
_TEMP_FILE = re.compile(r"\..+\.zv(\d+)-[A-Za-z0-9_]+")


def die_with_parent(sig: int | None = None,
                    parent: int | None = None) -> None:
    """Ask the kernel to send `sig` to this process when its parent dies (Linux only).

    `parent` is the pid the parent had before it started this process: a parent that
    died between the fork and this call is noticed too, not taken to be init."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # here: only children need it, and it costs an unchanged run time
    import signal

    sig = sig if sig is not None else signal.SIGKILL
    parent = parent if parent is not None else os.getppid()

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl: follow it now
        os.kill(os.getpid(), sig)


def _rmtree(path: Path) -> None:
    import shutil  # imported when needed: an unchanged run never removes a folder

    shutil.rmtree(path, ignore_errors=True)


def temp_dir(kind: str) -> str:
    """A new temporary folder whose name tells which run it belongs to."""
    import tempfile  # imported where used: an unchanged run needs none of it

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
    import tempfile

    try:
        entries = list(Path(tempfile.gettempdir()).iterdir())
    except OSError:
        return
    for entry in entries:
        found = _TEMP_DIR.match(entry.name)
        if found and entry.is_dir() and _dead(int(found.group(1)), entry):
            _rmtree(entry)


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


def remove_leftovers_of(pid: int, folders: Sequence[Path]) -> None:
    """Remove the temporary folders and files of the run with process id `pid`."""
    import tempfile

    with contextlib.suppress(OSError):
        for entry in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*-{pid}-*"):
            _rmtree(entry)
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in folder.glob(f".*.zv{pid}-*"):
                with contextlib.suppress(OSError):
                    entry.unlink()


# A janitor outlives a run killed with SIGKILL just long enough to remove its leftovers:
# the kernel sends it SIGTERM when the run dies (or when the run ends and stops it).
# What its handler needs is imported first: an import inside a signal handler can
# deadlock on the import lock the interrupted code holds.
_JANITOR = """
import os, shutil, signal, sys, tempfile
from pathlib import Path
from generator import lifetime
def clean(*_):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once, even if signalled again
    lifetime.remove_leftovers_of(int(sys.argv[1]), [Path(f) for f in sys.argv[2:]])
    os._exit(0)
signal.signal(signal.SIGTERM, clean)
lifetime.die_with_parent(signal.SIGTERM, parent=int(sys.argv[1]))
sys.stdout.write("ok\\n"); sys.stdout.flush()
while True:
    signal.pause()
"""


@contextlib.contextmanager
def janitor(folders: Sequence[Path]) -> Iterator[None]:
    """While the block runs, a process that cleans up after this run if it is killed."""
    import subprocess

    if not sys.platform.startswith("linux"):
        yield  # elsewhere the next run removes a killed run's leftovers
        return
    path = os.pathsep.join(filter(None, (str(Path(__file__).resolve().parents[1]),
                                         os.environ.get("PYTHONPATH"))))
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", _JANITOR, str(os.getpid()), *map(str, folders)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path}, start_new_session=True)
    except OSError:
        yield  # no janitor: the next run cleans up
        return
    assert process.stdout is not None
    process.stdout.readline()  # armed: from here on it follows this run
    try:
        yield
    finally:
        process.terminate()
        process.wait()
        process.stdout.close()
