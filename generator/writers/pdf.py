"""DOCX -> PDF/A-2b through LibreOffice: a batch shared by up to two LibreOffice processes.

A LibreOffice start costs seconds (most of it loading the German hyphenation patterns);
one process converting many files costs about half a second per file more. A batch is
therefore split into shares in the order its files are added, one LibreOffice process
per share and per core (two at most, none with fewer than MIN_SHARE files unless asked
for), each on its own thread with its own temporary profile. A share starts as soon as
its files are all added, so in a batch the first LibreOffice runs while the later DOCX
are still being rendered.

Time is bounded per share by one figure, the timeout T (`zv render --pdf-timeout`); see
pdf_run: a batch run of a share is stopped after T seconds without a PDF and after T
plus 1 s per file at the latest; the file that held it up gets one run of its own of at
most T and the files after it a batch run again, each file that failed otherwise one run
of its own; the whole share ends after 3 T plus 1 s per file of the share.
Shares run side by side, so a batch ends when its last share does. Each LibreOffice
runs under a guard that kills it when zv dies.

Results reach the caller through a queue, in the caller's thread: `Converter.results()`
and `Converter.wait()` return them, and `convert()` calls its `on_file` from the thread
that called `convert()`, one file at a time.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType

from .. import lifetime
from ..files import find_soffice as find_soffice
from . import pdf_run
from .pdf_run import FAILED, FILTER, TIMEOUT, pdf_problem

__all__ = ["FAILED", "FILTER", "INSTALL_HINT", "TIMEOUT", "Converter", "convert",
           "find_soffice", "pdf_problem", "process_count"]

INSTALL_HINT = ("Installation: apt-get install libreoffice-writer-nogui; unter Windows "
                "LibreOffice von libreoffice.org")
NOT_FOUND = f"LibreOffice nicht gefunden, PDF nicht erstellt ({INSTALL_HINT})"
# Two LibreOffice processes at most, one per core: each costs seconds to start.
PROCESSES = 2
# Below this many files per process a second LibreOffice start costs more than it saves.
MIN_SHARE = 4
_POLL = 0.2

Result = tuple[Path, bytes | str]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_count(files: int, processes: int | None = None) -> int:
    """How many LibreOffice processes share `files` files: `processes` if given (never
    more than files), else one per core, two at most, each with MIN_SHARE files or more."""
    if processes is not None:
        return max(1, min(processes, files))
    return max(1, min(PROCESSES, _cores(), files // MIN_SHARE))


class Converter:
    """A streaming PDF batch: DOCX files go in one by one, PDFs come out as they finish.

        with pdf.Converter(total=len(files), timeout=t) as conv:
            for docx in files:          # as each DOCX is written
                conv.add(docx)          # copies it; never waits for LibreOffice
                for source, result in conv.results():   # what is done so far
                    ...
            for source, result in conv.wait():          # the rest, as it finishes
                ...

    `total` is the most files that will be added (fewer is fine: `wait()` starts what is
    left). The files are split into shares by the order they are added: with two
    processes, the first LibreOffice starts when the first half of `total` is added, the
    second with the rest. Each result is `(docx, pdf bytes)` or `(docx, German error
    message)`, exactly one per added file (a path added twice counts once). A share
    that fails in an unexpected way (an OSError of its temporary folder) raises that
    error from `results()` or `wait()`.

    Leaving the block (or `close()`) kills every LibreOffice still running and removes
    the temporary files, also on an exception or Ctrl+C: consume `wait()` inside it.
    """

    def __init__(self, total: int, binary: str | None = None, timeout: float = TIMEOUT,
                 processes: int | None = None) -> None:
        self.total = total
        self.timeout = timeout
        self._binary = binary or find_soffice()
        self._slots = process_count(total, processes)
        self._min_share = MIN_SHARE if processes is None else 1
        self._added: set[Path] = set()
        self._waiting: dict[Path, Path] = {}  # added, not yet in a started share
        self._outstanding = 0
        self._closed = False
        self._root: Path | None = None
        self._results: queue.SimpleQueue[Result | BaseException] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._cancel = threading.Event()
        self._threads: list[threading.Thread] = []
        self.profiles: list[Path] = []  # one per LibreOffice share started

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def add(self, docx: Path) -> None:
        """Take one DOCX into the batch; its share's LibreOffice starts once it is full."""
        if self._closed:
            raise RuntimeError("Converter.add() after wait() or close()")
        if docx in self._added:
            return
        if len(self._added) >= self.total:
            raise ValueError(f"Converter: more than total={self.total} files added")
        self._added.add(docx)
        self._outstanding += 1
        if self._binary is None:
            self._results.put((docx, NOT_FOUND))
            return
        if self._root is None:
            lifetime.remove_stale_temp_dirs()
            self._root = Path(lifetime.temp_dir("pdf"))
            (self._root / "in").mkdir()
        # Unique names: two agreements may share a file name in different years.
        staged = self._root / "in" / f"{len(self._added) - 1:05d}.docx"
        shutil.copyfile(docx, staged)
        self._waiting[docx] = staged
        share_end = round((len(self._threads) + 1) * self.total / self._slots)
        if len(self._added) >= share_end:
            self._start(self._waiting)
            self._waiting = {}

    def results(self) -> list[Result]:
        """The results finished since the last call; never waits."""
        got: list[Result] = []
        while True:
            if self._error is not None:
                if got:
                    return got
                error, self._error = self._error, None
                raise error
            try:
                item = self._results.get_nowait()
            except queue.Empty:
                return got
            if isinstance(item, BaseException):
                self._error = item
            else:
                self._outstanding -= 1
                got.append(item)

    def wait(self) -> Iterator[Result]:
        """Start what is still waiting, then yield every result not yet taken as it
        finishes, until each added file has had its one."""
        self._closed = True
        if self._waiting:
            files = list(self._waiting.items())
            self._waiting = {}
            parts = max(1, min(self._slots - len(self._threads),
                               len(files) // self._min_share))
            for i in range(parts):
                self._start(dict(files[i * len(files) // parts:
                                       (i + 1) * len(files) // parts]))
        while self._outstanding:
            got = self.results()
            if got:
                yield from got
                continue
            try:
                item = self._results.get(timeout=_POLL)
            except queue.Empty:
                continue
            if isinstance(item, BaseException):
                self._error = item
            else:
                self._outstanding -= 1
                yield item

    def close(self) -> None:
        """Kill every LibreOffice still running and remove the temporary files."""
        self._closed = True
        self._cancel.set()
        for thread in self._threads:
            thread.join()
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def _start(self, staged: dict[Path, Path]) -> None:
        assert self._root is not None and self._binary is not None
        root = self._root / f"p{len(self._threads)}"
        self.profiles.append(root / "profile")
        thread = threading.Thread(target=self._share, args=(self._binary, root, staged),
                                  name=f"zv-pdf-{len(self._threads)}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _share(self, binary: str, root: Path, staged: dict[Path, Path]) -> None:
        try:
            pdf_run.convert_share(binary, root, staged, self.timeout,
                                  lambda source, result: self._results.put((source, result)),
                                  self._cancel)
        except pdf_run.Cancelled:
            pass
        except BaseException as exc:  # handed to the caller's thread
            self._results.put(exc)


def convert(docx_files: Sequence[Path], binary: str | None = None,
            timeout: float = TIMEOUT,
            on_file: Callable[[Path, bytes | str], None] | None = None,
            processes: int | None = None) -> dict[Path, bytes | str]:
    """PDF bytes for each DOCX, or a German error message for the ones that failed.

    `processes` LibreOffice processes share the files (default: `process_count`).
    `on_file` is called once per file as soon as its result is known, always from the
    thread that called `convert()` (the shares hand their results over a queue), so it
    needs no lock.
    """
    results: dict[Path, bytes | str] = {}
    with Converter(len(docx_files), binary, timeout, processes) as converter:
        for source in docx_files:
            converter.add(source)
        for source, result in converter.wait():
            results[source] = result
            if on_file is not None:
                on_file(source, result)
    return results
