"""Render many agreements: in parallel, incrementally, with PDFs from LibreOffice.

The core never prints; it reports each file through a callback as soon as it is done,
so the CLI can show progress and errors at once. A file whose inputs (agreement, state
files, templates, program) are unchanged since the last run is skipped unless forced.
One file never costs the others: its error, even an internal one, is its result alone.

Workers write their outputs themselves and answer with the paths only, and no more
files are handed out than the workers can take, so the parent's memory stays flat
however many agreements a run has.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import files as places
from . import lifetime, stamps
from .errors import SetupError, ZvError, internal_error, os_message
from .sources import project
from .stamps import STAMP_FILE as STAMP_FILE

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .writers import pdf

PDF_TIMEOUT = 60.0  # = writers.pdf.TIMEOUT; not imported, to keep an unchanged run light
Status = Literal["erstellt", "unveraendert", "fehler"]
_IN_FLIGHT = 4  # files handed to each worker ahead of time


@dataclass
class FileResult:
    file: Path
    status: Status
    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    setup: bool = False  # the fault is in the installation or the machine, not the file
    warnings: list[str] = field(default_factory=list)  # as `zv check` gives them


@dataclass(frozen=True)
class _Task:
    """What a worker needs: the file, the formats to write, where the DOCX for the PDF
    goes (None: no PDF wanted, or no temporary folder for it)."""

    file: Path
    formats: tuple[str, ...]
    out_dir: Path
    staged: Path | None
    strict: bool = False  # a file with warnings is not written


def _worker_start(parent: int) -> None:
    lifetime.die_with_parent(parent=parent)
    project.keep_lookups()  # a worker lives for one run: its folders stay as they are


def _render_one(task: _Task) -> FileResult:
    """Worker: render, write the outputs (and the DOCX for the PDF); never raises for
    one file. The answer carries paths only, never the documents."""
    # Imported here: a run whose files are all unchanged never loads the rendering stack.
    from . import api

    file = task.file
    wanted = [f for f in task.formats if f != "pdf"]
    if task.staged is not None and "docx" not in wanted:
        wanted.append("docx")
    try:
        outputs, problems = api.render_checked(file, wanted)
    except SetupError as exc:
        return FileResult(file, "fehler", messages=[f"{file}: Fehler: {exc}"], setup=True)
    except ZvError as exc:
        return FileResult(file, "fehler", messages=str(exc).splitlines())
    except Exception as exc:  # a defect: reported with the file, the batch goes on
        return FileResult(file, "fehler", messages=internal_error(file, exc).splitlines())
    warnings = [p.format() for p in problems]
    if warnings and task.strict:
        return FileResult(file, "fehler", messages=[
            *warnings, f"{file}: nicht erstellt: {len(warnings)} Warnung"
            f"{'en' if len(warnings) > 1 else ''} (--strict)"])
    result = _write(file, {f: d for f, d in outputs.items() if f in task.formats},
                    task.out_dir)
    if task.staged is not None and result.status == "erstellt":
        try:
            task.staged.write_bytes(outputs["docx"])
        except OSError as exc:
            return _temp_failure(file, result.written, exc)
    result.warnings = warnings
    return result


def run(files: Sequence[Path], formats: Sequence[str], out_dir: Path, force: bool = False,
        workers: int | None = None,
        on_result: Callable[[FileResult], None] | None = None,
        pdf_timeout: float = PDF_TIMEOUT,
        on_progress: Callable[[int], None] | None = None,
        strict: bool = False) -> list[FileResult]:
    """Render `files`; returns one result per file in the order given.

    `on_result` gets each file's result as soon as it is known; `on_progress` gets the
    number of steps just finished, of `steps(files, formats)` in all (with PDF a file
    has two: render, then PDF). `strict`: a file with warnings is an error, not written.
    Raises SetupError after all files are done if the stamp
    file cannot be written.
    """
    outputs = stamps.Outputs(out_dir, list(formats))
    results: dict[Path, FileResult] = {}
    todo: list[tuple[Path, str | None]] = []
    per_file = steps([Path()], formats)
    progressed: dict[Path, int] = {}

    def step(file: Path, count: int) -> None:
        progressed[file] = progressed.get(file, 0) + count
        if on_progress is not None and count:
            on_progress(count)

    def done(result: FileResult) -> None:
        results[result.file] = result
        if on_result is not None:
            on_result(result)
        step(result.file, per_file - progressed.pop(result.file, 0))

    for file in files:
        clash = outputs.claim(file)
        if clash == file:
            continue  # the same file named twice
        if clash is not None:
            done(FileResult(file, "fehler", messages=[
                f"{file}: gleiche Ausgabedatei wie {clash} "
                f"({places.output_paths(file, out_dir, formats)[0]}); nicht erstellt "
                "(Dateien umbenennen oder einzeln mit eigenem --out erstellen)"]))
            continue
        fingerprint = outputs.prints.of(file)
        if not force and outputs.current(file, fingerprint):
            done(FileResult(file, "unveraendert"))
        else:
            todo.append((file, fingerprint))

    if todo:
        with lifetime.janitor([Path(folder) for folder in sorted(outputs.folders)]):
            _render_todo([f for f, _ in todo], tuple(formats), out_dir, workers,
                         pdf_timeout, done, step, strict)

    fingerprints = dict(todo)
    for result in results.values():
        fingerprint = fingerprints.get(result.file)
        if result.status == "erstellt" and fingerprint:
            outputs.stamp(result.written, fingerprint)
    outputs.save()
    return [results[f] for f in files]


def steps(files: Sequence[Path], formats: Sequence[str]) -> int:
    """Progress steps of a run: one per file, two with PDF (render, then convert)."""
    return len(files) * (2 if "pdf" in formats else 1)


def _render_todo(files: list[Path], formats: tuple[str, ...], out_dir: Path,
                 workers: int | None, pdf_timeout: float,
                 done: Callable[[FileResult], None],
                 step: Callable[[Path, int], None], strict: bool = False) -> None:
    """Render `files`, then convert their DOCX to PDF if wanted."""
    if "pdf" not in formats:
        for _, result in _render_all(
                [_Task(f, formats, out_dir, None, strict) for f in files], workers):
            done(result)
        return
    import shutil

    from .writers import pdf

    lifetime.remove_stale_temp_dirs()
    staging: Path | None = None
    fault: OSError | None = None  # why there is no staging folder
    try:
        staging = Path(lifetime.temp_dir("docx"))
    except OSError as exc:
        fault = exc
    try:
        tasks = [_Task(f, formats, out_dir, staging / f"{i:05d}.docx" if staging else None,
                       strict) for i, f in enumerate(files)]
        # LibreOffice starts on the first DOCX while the others are still being rendered.
        with pdf.Converter(total=len(files), timeout=pdf_timeout) as converter:
            stage = _PdfStage(converter, out_dir, done, pdf_timeout)
            for task, result in _render_all(tasks, workers):
                if result.status != "erstellt":
                    done(result)
                elif task.staged is None:
                    assert fault is not None  # tasks lack a staged path only without staging
                    done(_temp_failure(task.file, result.written, fault))
                else:
                    step(task.file, 1)
                    stage.add(task.staged, result)
            stage.finish()
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


class _PdfStage:
    """Hands each rendered DOCX to LibreOffice and writes each PDF as it comes; a fault
    of the temporary folder fails the files still waiting, never the rendering."""

    def __init__(self, converter: pdf.Converter, out_dir: Path,
                 done: Callable[[FileResult], None], timeout: float = PDF_TIMEOUT) -> None:
        self.converter, self.out_dir, self.done = converter, out_dir, done
        self.timeout = timeout
        self.waiting: dict[Path, FileResult] = {}
        # Documents with a table of contents, converted again with its page numbers.
        self.numbered: dict[Path, tuple[FileResult, bytes]] = {}
        self.fault: OSError | None = None

    def add(self, docx: Path, result: FileResult) -> None:
        if self.fault is not None:
            self.done(_temp_failure(result.file, result.written, self.fault))
            return
        self.waiting[docx] = result
        try:
            self.converter.add(docx)
            for source, converted in self.converter.results():
                self._finished(source, converted)
        except OSError as exc:  # the temporary folder of LibreOffice: full or not writable
            self._fail(exc)

    def finish(self) -> None:
        if self.fault is None:
            try:
                for source, converted in self.converter.wait():
                    self._finished(source, converted)
            except OSError as exc:
                self._fail(exc)
        if self.numbered:
            self._number()

    def _number(self) -> None:
        """The second run for tables of contents: the DOCX with its page numbers
        becomes the PDF, and replaces the DOCX written before."""
        from .writers import pdf

        numbered, self.numbered = self.numbered, {}
        try:
            converted = pdf.convert(list(numbered), timeout=self.timeout)
        except OSError as exc:
            for result, _ in numbered.values():
                self.done(_temp_failure(result.file, result.written, exc))
            return
        for staged, (result, docx) in numbered.items():
            for target in result.written:
                if target.suffix == ".docx":
                    try:
                        places.write_file(target, docx)
                    except OSError as exc:
                        converted[staged] = (f"Schreiben fehlgeschlagen: {target}: "
                                             f"{os_message(exc)}")
            self._written(result, converted[staged])

    def _fail(self, exc: OSError) -> None:
        self.fault = exc
        for result in self.waiting.values():
            self.done(_temp_failure(result.file, result.written, exc))
        self.waiting.clear()

    def _finished(self, docx: Path, converted: bytes | str) -> None:
        result = self.waiting.pop(docx)
        if not isinstance(converted, str):
            numbered = _numbered(docx, converted)
            if numbered is not None:
                staged = docx.with_name(docx.stem + "-seiten.docx")
                staged.write_bytes(numbered)
                self.numbered[staged] = (result, numbered)
                return
        self._written(result, converted)

    def _written(self, result: FileResult, converted: bytes | str) -> None:
        if isinstance(converted, str):
            result.status = "fehler"
            result.messages.append(f"{result.file}: {converted}")
        else:
            written = _write(result.file, {"pdf": converted}, self.out_dir)
            result.written += written.written
            if written.status != "erstellt":
                result.status, result.setup = written.status, written.setup
                result.messages += written.messages
        self.done(result)


def _numbered(docx: Path, converted: bytes) -> bytes | None:
    """The DOCX with the page numbers of its table of contents, if it has one and the
    first PDF shows every heading; else None (the PDF is taken as it is)."""
    from .writers import toc_pages

    data = docx.read_bytes()
    headings = toc_pages.entries(data)
    if not headings:
        return None
    numbers = toc_pages.pages(converted, headings)
    return toc_pages.fill(data, numbers) if numbers else None


def _render_all(tasks: list[_Task], workers: int | None
                ) -> Iterator[tuple[_Task, FileResult]]:
    """Each task's result as soon as it is there; at most a few tasks per worker are
    handed out ahead, so that results (and Ctrl+C) never pile up."""
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    if workers <= 1:
        for task in tasks:
            yield task, _render_one(task)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    broken: list[_Task] = []
    pending = iter(tasks)
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start,
                             initargs=(os.getpid(),)) as pool:
        running: dict[Future[FileResult], _Task] = {}
        try:
            while True:
                for task in pending:
                    try:
                        running[pool.submit(_render_one, task)] = task
                    except BrokenProcessPool:  # a worker died: the rest go alone below
                        broken += [task, *pending]
                        break
                    if len(running) >= workers * _IN_FLIGHT:
                        break
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    try:
                        yield task, future.result()
                    except BrokenProcessPool:
                        broken.append(task)
        except BaseException:  # Ctrl+C: do not wait for the files not yet started
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    # A worker that died (out of memory, a crash in a C library) takes the pool with it:
    # the files it left are tried again, each in a pool of its own, so only the culprit fails.
    for task in sorted(broken, key=tasks.index):
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_start,
                                 initargs=(os.getpid(),)) as alone:
            try:
                yield task, alone.submit(_render_one, task).result()
            except BrokenProcessPool:
                yield task, FileResult(task.file, "fehler", messages=internal_error(
                    task.file, RuntimeError("Arbeitsprozess abgebrochen")).splitlines())


def _write(file: Path, outputs: dict[str, bytes], out_dir: Path) -> FileResult:
    try:
        written = places.write_outputs(file, outputs, out_dir)
    except OSError as exc:
        where = exc.filename or out_dir
        hint = (" (Datei in Word oder einem anderen Programm geöffnet? Dann schließen)"
                if isinstance(exc, PermissionError) else "")
        return FileResult(file, "fehler", setup=True, messages=[
            f"{file}: Schreiben fehlgeschlagen: {where}: {os_message(exc)}{hint}"])
    return FileResult(file, "erstellt", written)


def _temp_failure(file: Path, written: list[Path], exc: OSError) -> FileResult:
    folder = exc.filename or os.environ.get("TMPDIR") or "(Temp-Ordner)"
    return FileResult(file, "fehler", written, setup=True, messages=[
        f"{file}: PDF nicht erstellt: temporärer Ordner {folder}: {os_message(exc)}"])
