"""One LibreOffice process converting a share of a batch, with its retries and time bounds.

Each share gets its own temporary profile (a copy of a seed profile initialised once), so
parallel shares, parallel zv runs and a user's open LibreOffice do not collide. Every PDF
is checked (header, trailer, at least one page) before it counts, and reported as soon as
it is there.

Time is bounded by one figure, the timeout T, per share: a batch run is stopped when no
PDF has been finished for T seconds, and after T plus 1 s per file at the latest.
LibreOffice converts in order, so a stopped batch run was held up by its first file
without a PDF: that file gets one run of its own of at most T, the files after it a batch
run again, so that one file that hangs costs the others nothing. A batch run that ends by
itself leaves each file still without a good PDF one run of its own of at most T. All of
the share ends after 3 T plus 1 s per file of the share. Once two files in a row have
hung (a batch run that converted nothing and the run alone of the file that held it up
are one), LibreOffice is taken to hang for every file and the rest are not retried.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from . import hyphenation

# PDF/A-2b: the archiving format of German public administration; it embeds all fonts.
FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
TIMEOUT = 60.0
SECONDS_PER_FILE = 1.0
_POLL = 0.2
FAILED = "LibreOffice konnte das PDF nicht erstellen"
HUNG = f"{FAILED} (Zeitüberschreitung nach {{seconds}} s)"


class Cancelled(Exception):
    """The share was called off (Ctrl+C or an error in the caller); LibreOffice is stopped."""


def pdf_problem(data: bytes) -> str | None:
    """Why `data` is not a complete PDF, or None if it is one.

    Not a full parser: a PDF that LibreOffice broke off or filled with garbage lacks the
    header, the trailer or any page object.
    """
    if not re.match(rb"%PDF-[12]\.\d", data[:16]):
        return "keine PDF-Datei (Kopf fehlt)"
    tail = data[-2048:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        return "PDF unvollständig (Schluss fehlt)"
    if not re.search(rb"/Type\s*/Page[^s]", data):
        return "PDF ohne Seiten"
    return None


def _seed_profile() -> Path:
    """Where a LibreOffice profile initialised once is kept for later runs to copy.

    Initialising a fresh profile costs LibreOffice about half a second; every run still
    gets its own temporary copy, so runs stay independent of each other and of a user's
    open LibreOffice.
    """
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "zv" / "libreoffice-profil"


def _prepare_profile(target: Path) -> None:
    seed = _seed_profile()
    if seed.is_dir():
        try:
            shutil.copytree(seed, target, symlinks=True)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)


def _keep_profile(used: Path) -> None:
    seed = _seed_profile()
    if seed.is_dir() or not used.is_dir():
        return
    try:
        seed.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".profil-", dir=seed.parent))
    except OSError:
        return
    try:
        shutil.copytree(used, staging / "p", symlinks=True)
        os.rename(staging / "p", seed)  # fails harmlessly if another run was first
    except OSError:
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# soffice starts soffice.bin as a child, and a parent-death signal is not inherited: a
# small guard in the same process group kills the whole group when zv dies. The kernel
# sends that signal when the *thread* that started the guard ends; a share's thread
# waits for its LibreOffice, so it outlives every run it starts.
_GUARD = """
import os, signal, subprocess, sys
from generator import lifetime
signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
lifetime.die_with_parent(signal.SIGTERM, parent=int(sys.argv[1]))
sys.exit(subprocess.call(sys.argv[2:]))
"""


def _command(command: list[str]) -> list[str]:
    if sys.platform.startswith("linux"):
        return [sys.executable, "-c", _GUARD, str(os.getpid()), *command]
    return command


def _stop(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                       capture_output=True, check=False)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def run(binary: str, profile: Path, out_dir: Path, files: Sequence[Path],
        timeout: float, tick: Callable[[], int], stall: float | None = None,
        cancel: threading.Event | None = None) -> bool:
    """One LibreOffice process; False if it had to be stopped.

    `tick` is called while it runs and says how many files it found done; the process is
    stopped after `timeout`, or after `stall` seconds without a file done, and at once
    (raising Cancelled) when `cancel` is set.
    """
    command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--nodefault", "--convert-to", FILTER,
               "--outdir", str(out_dir), *map(str, files)]
    # The guard imports generator.lifetime, also from a checkout that is not installed.
    path = os.pathsep.join(filter(None, (str(Path(__file__).resolve().parents[2]),
                                         os.environ.get("PYTHONPATH"))))
    env = {**os.environ, "PYTHONPATH": path}
    options: dict[str, object] = (
        {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
        if sys.platform == "win32" else {"start_new_session": True})
    stop_at = time.monotonic() + max(timeout, 0.0)
    last_done = time.monotonic()
    with subprocess.Popen(_command(command), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, env=env,
                          **options) as process:  # type: ignore[call-overload]
        try:
            while True:
                try:
                    process.wait(timeout=min(_POLL, max(stop_at - time.monotonic(), 0.0)))
                    break
                except subprocess.TimeoutExpired:
                    if cancel is not None and cancel.is_set():
                        raise Cancelled from None
                    now = time.monotonic()
                    if tick():
                        last_done = now
                    if now >= stop_at or (stall is not None and now - last_done >= stall):
                        _stop(process)
                        return False
        except BaseException:  # Ctrl+C, a call-off or a failing callback: stop LibreOffice
            _stop(process)
            raise
    tick()
    return True


def _cut_hyphenation(binary: str, root: Path, profile: Path, files: Iterable[Path]) -> None:
    """Give the run a German hyphenation dictionary cut down to its documents' words
    (see hyphenation.py); any file that cannot be read leaves the full one in place."""
    if not hyphenation.usable(binary):
        return
    target = root / "hyph_de_DE.dic"
    try:
        hyphenation.write_subset(files, target)
    except (OSError, ValueError, zipfile.BadZipFile):
        return
    with contextlib.suppress(OSError):
        hyphenation.use_in_profile(profile, target)


def convert_share(binary: str, root: Path, staged: Mapping[Path, Path], timeout: float,
                  finish: Callable[[Path, bytes | str], None],
                  cancel: threading.Event | None = None) -> None:
    """Convert one share: `staged` maps each source to its uniquely named copy; `root`
    is an empty folder of this share's own (output, profile). `finish` is called once per
    source, from this thread."""
    outputs, profile = root / "out", root / "profile"
    outputs.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + 3 * timeout + SECONDS_PER_FILE * len(staged)
    problems: dict[Path, str] = {}
    seen: set[Path] = set()
    done: set[Path] = set()

    def report(source: Path, result: bytes | str) -> None:
        done.add(source)
        finish(source, result)

    def collect() -> int:
        """Report every PDF that is complete now; remember why the others are not."""
        before = len(seen)
        for source, name in staged.items():
            if source in done:
                continue
            try:
                data = (outputs / f"{name.stem}.pdf").read_bytes()
            except OSError:
                continue
            seen.add(source)  # a garbage PDF is progress too: LibreOffice moves on
            problem = pdf_problem(data)
            if problem is None:
                report(source, data)
            else:
                problems[source] = problem
        return len(seen) - before

    _prepare_profile(profile)
    _cut_hyphenation(binary, root, profile, staged.values())

    def alone(source: Path) -> bool:
        """One run of its own for `source`; reports it; False if that run hung."""
        name = staged[source]
        (outputs / f"{name.stem}.pdf").unlink(missing_ok=True)
        problems.pop(source, None)
        seconds = min(timeout, deadline - time.monotonic())
        finished = run(binary, profile, outputs, [name], seconds, collect, cancel=cancel)
        collect()
        if source not in done:
            why = problems.get(source)
            report(source, f"{FAILED} ({why})" if why else
                   HUNG.format(seconds=f"{seconds:g}".replace(".", ",")) if not finished else
                   f"{FAILED} (keine Ausgabe)")
        return finished

    # LibreOffice converts its files in order: a batch run that is stopped was held up
    # by the first file without a PDF. That file gets its run alone, the rest a batch
    # run again, so that one file that hangs costs the others nothing. A batch that
    # ends by itself leaves each failing file its own run.
    first_good: bool | None = None  # the first batch run ended with every PDF good
    batch, hung_in_row = True, 0
    while pending := [source for source in staged if source not in done]:
        if hung_in_row >= 2 or deadline - time.monotonic() <= 0:
            for source in pending:
                report(source, f"{FAILED} (LibreOffice reagiert nicht; nicht erneut "
                       "versucht)")
            break
        if not batch:
            hung_in_row = 0 if alone(pending[0]) else hung_in_row + 1
            continue
        before = len(seen)
        finished = run(binary, profile, outputs, [staged[s] for s in pending],
                       min(timeout + SECONDS_PER_FILE * len(pending),
                           deadline - time.monotonic()), collect, stall=timeout,
                       cancel=cancel)
        collect()
        if first_good is None:
            first_good = finished and len(done) == len(staged)
        if finished:
            batch, hung_in_row = False, 0
            continue
        # Stopped: two batch runs in a row without any PDF, LibreOffice hangs for every
        # file; the batch run and the run alone of the file that held it up are one hang.
        hung_in_row = hung_in_row + 1 if len(seen) == before else 0
        left = [source for source in pending if source not in done]
        if hung_in_row < 2 and left:
            culprit = next((source for source in left if source not in seen), left[0])
            hung_in_row = 0 if alone(culprit) else max(hung_in_row, 1)
    if first_good:
        _keep_profile(profile)
