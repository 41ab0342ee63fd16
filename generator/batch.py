"""Render many agreements: in parallel, incrementally, with PDFs in one LibreOffice run.

The core never prints; it reports each file through a callback as soon as it is done,
so the CLI can show progress and errors at once. A file whose inputs (agreement, state
file, templates, program) are unchanged since the last run is skipped unless forced.
One file never costs the others: its error, even an internal one, is its result alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from . import __version__, lifetime, loading
from . import files as places
from .errors import SetupError, ZvError, internal_error, os_message
from .writers import pdf

STAMP_FILE = ".zv-stand.json"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the fingerprint is hot
Status = Literal["erstellt", "unveraendert", "fehler"]


@dataclass
class FileResult:
    file: Path
    status: Status
    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    setup: bool = False  # the fault is in the installation or the machine, not the file


@dataclass(frozen=True)
class _Rendered:
    """A worker's answer: all formats in memory, or the error text."""

    outputs: dict[str, bytes] | None
    error: str = ""
    setup: bool = False


def default_formats() -> list[str]:
    """md, html and docx, plus pdf where LibreOffice is installed."""
    return ["md", "html", "docx"] + (["pdf"] if pdf.find_soffice() else [])


class _Fingerprints:
    """Hash of everything an output depends on; templates and a state's Muster folder
    hashed once per project."""

    def __init__(self) -> None:
        self._trees: dict[Path, str] = {}
        code = hashlib.sha256(__version__.encode())
        for source in sorted(Path(__file__).parent.rglob("*.py")):
            code.update(source.read_bytes())
        self._code = code.hexdigest()

    def _tree(self, folder: Path) -> str:
        if folder not in self._trees:
            digest = hashlib.sha256()
            for item in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(str(item.relative_to(folder)).encode() + b"\0")
                digest.update(item.read_bytes())
            self._trees[folder] = digest.hexdigest()
        return self._trees[folder]

    def of(self, file: Path) -> str | None:
        try:
            if not file.is_file() or file.stat().st_size > loading.MAX_BYTES:
                return None
            raw = file.read_bytes()
            land = (yaml.load(raw, Loader=_LOADER) or {}).get("land")
            root = places.project_root(file.parent)
            digest = hashlib.sha256(self._code.encode() + raw)
            state = root / "states" / f"{land}.yaml"
            if isinstance(land, str) and state.is_file():
                digest.update(state.read_bytes())
                # The year's Muster files of the state (states/<land>/*.yaml) shape the text.
                if (root / "states" / land).is_dir():
                    digest.update(self._tree(root / "states" / land).encode())
            digest.update(self._tree(root / "templates").encode())
        except (OSError, ValueError, RecursionError, yaml.YAMLError, AttributeError):
            return None  # rendering will report the problem; without a print, no skipping
        return digest.hexdigest()


def _load_stamps(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_stamps(out_dir: Path, stamps: dict[str, str]) -> None:
    target = out_dir / STAMP_FILE
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        places.write_file(target, json.dumps(stamps, indent=1, sort_keys=True).encode("utf-8"))
    except OSError as exc:
        raise SetupError(f"{target}: Stand kann nicht gespeichert werden ({os_message(exc)}); "
                         "die Dateien werden beim nächsten Lauf neu erstellt") from None


def _worker_start(parent: int) -> None:
    lifetime.die_with_parent(parent=parent)


def _render_one(file: Path, formats: tuple[str, ...]) -> _Rendered:
    """Worker: all formats in memory, or the error text; never raises for one file."""
    # Imported here: a run whose files are all unchanged never loads the rendering stack.
    from . import api

    try:
        return _Rendered(api.render(file, formats))
    except SetupError as exc:
        return _Rendered(None, f"{file}: Fehler: {exc}", setup=True)
    except ZvError as exc:
        return _Rendered(None, str(exc))
    except Exception as exc:  # a defect: reported with the file, the batch goes on
        return _Rendered(None, internal_error(file, exc))


def run(files: Sequence[Path], formats: Sequence[str], out_dir: Path, force: bool = False,
        workers: int | None = None,
        on_result: Callable[[FileResult], None] | None = None,
        pdf_timeout: float = pdf.TIMEOUT,
        on_progress: Callable[[int], None] | None = None) -> list[FileResult]:
    """Render `files`; returns one result per file in the order given.

    `on_result` gets each file's result as soon as it is known; `on_progress` gets the
    number of steps just finished, of `steps(files, formats)` in all (with PDF a file
    has two: render, then PDF). Raises SetupError after all files are done if the stamp
    file cannot be written.
    """
    stamps = _load_stamps(out_dir)
    prints = _Fingerprints()
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
        step(result.file, per_file - progressed.get(result.file, 0))

    owners: dict[Path, Path] = {}
    lifetime.remove_stale_temp_files(out_dir)  # the stamp file's
    cleaned = {out_dir}
    for file in files:
        targets = [places.output_path(file, out_dir, fmt) for fmt in formats]
        clash = owners.get(targets[0].with_suffix(""))
        if clash == file:
            continue  # the same file named twice
        if clash is not None:
            done(FileResult(file, "fehler", messages=[
                f"{file}: gleiche Ausgabedatei wie {clash} ({targets[0]}); nicht erstellt "
                "(Dateien umbenennen oder einzeln mit eigenem --out erstellen)"]))
            continue
        owners[targets[0].with_suffix("")] = file
        for folder in {t.parent for t in targets} - cleaned:
            lifetime.remove_stale_temp_files(folder)
            cleaned.add(folder)
        fingerprint = prints.of(file)
        if (not force and fingerprint is not None and all(
                t.is_file() and stamps.get(str(t.resolve())) == fingerprint for t in targets)):
            done(FileResult(file, "unveraendert"))
        else:
            todo.append((file, fingerprint))

    render_formats = tuple(dict.fromkeys(
        [f for f in formats if f != "pdf"] + (["docx"] if "pdf" in formats else [])))
    rendered: dict[Path, dict[str, bytes]] = {}
    with lifetime.janitor(sorted(cleaned)) if todo else contextlib.nullcontext():
        for file, answer in _render_all([f for f, _ in todo], render_formats, workers):
            if answer.outputs is None:
                done(FileResult(file, "fehler", messages=answer.error.splitlines(),
                                setup=answer.setup))
            elif "pdf" in formats:
                rendered[file] = answer.outputs
                step(file, 1)
            else:
                done(_write(file, answer.outputs, formats, out_dir))

        if "pdf" in formats and rendered:
            _pdfs(rendered, formats, out_dir, pdf_timeout, done)

    fingerprints = dict(todo)
    created = [r for r in results.values() if r.status == "erstellt"]
    for result in created:
        if fingerprints.get(result.file):
            for target in result.written:
                stamps[str(target.resolve())] = str(fingerprints[result.file])
    if created:
        _save_stamps(out_dir, stamps)
    return [results[f] for f in files]


def steps(files: Sequence[Path], formats: Sequence[str]) -> int:
    """Progress steps of a run: one per file, two with PDF (render, then convert)."""
    return len(files) * (2 if "pdf" in formats else 1)


def _render_all(files: list[Path], formats: tuple[str, ...], workers: int | None
                ) -> Iterator[tuple[Path, _Rendered]]:
    """Each file's answer as soon as it is there."""
    workers = min(workers or os.cpu_count() or 1, len(files))
    if workers <= 1:
        for file in files:
            yield file, _render_one(file, formats)
        return
    broken: list[Path] = []
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start,
                             initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_render_one, f, formats): f for f in files}
        try:
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
        except BaseException:  # Ctrl+C: do not wait for the files not yet started
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    # A worker that died (out of memory, a crash in a C library) takes the pool with it:
    # the files it left are tried again, each in a pool of its own, so only the culprit fails.
    for file in sorted(broken, key=files.index):
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_start,
                                 initargs=(os.getpid(),)) as alone:
            try:
                yield file, alone.submit(_render_one, file, formats).result()
            except BrokenProcessPool:
                yield file, _Rendered(None, internal_error(
                    file, RuntimeError("Arbeitsprozess abgebrochen")))


def _write(file: Path, outputs: dict[str, bytes], formats: Sequence[str],
           out_dir: Path) -> FileResult:
    wanted = {fmt: data for fmt, data in outputs.items() if fmt in formats}
    try:
        written = places.write_outputs(file, wanted, out_dir)
    except OSError as exc:
        where = exc.filename or out_dir
        hint = (" (Datei in Word oder einem anderen Programm geöffnet? Dann schließen)"
                if isinstance(exc, PermissionError) else "")
        return FileResult(file, "fehler", setup=True, messages=[
            f"{file}: Schreiben fehlgeschlagen: {where}: {os_message(exc)}{hint}"])
    return FileResult(file, "erstellt", written)


def _pdfs(rendered: dict[Path, dict[str, bytes]], formats: Sequence[str], out_dir: Path,
          timeout: float, done: Callable[[FileResult], None]) -> None:
    """Convert every DOCX to PDF in one LibreOffice run; write each file when its PDF is
    there (or refused), so that progress and errors show at once."""
    lifetime.remove_stale_temp_dirs()
    try:
        tmp = Path(lifetime.temp_dir("docx"))
    except OSError as exc:
        _temp_fault(list(rendered), exc, done)
        return
    staged: dict[Path, Path] = {}
    try:
        for i, (file, outputs) in enumerate(rendered.items()):
            staged[tmp / f"{i:05d}.docx"] = file
            (tmp / f"{i:05d}.docx").write_bytes(outputs["docx"])
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        _temp_fault(list(rendered), exc, done)
        return
    reported: set[Path] = set()
    try:
        def finished(docx: Path, converted: bytes | str) -> None:
            file = staged[docx]
            outputs = rendered[file]
            if isinstance(converted, bytes):
                outputs = {**outputs, "pdf": converted}
            result = _write(file, outputs, formats, out_dir)
            if isinstance(converted, str):
                result.status = "fehler"
                result.messages.append(f"{file}: {converted}")
            reported.add(file)
            done(result)

        try:
            pdf.convert(list(staged), timeout=timeout, on_file=finished)
        except OSError as exc:  # the temporary folder of LibreOffice: full or not writable
            _temp_fault([f for f in rendered if f not in reported], exc, done)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _temp_fault(files: list[Path], exc: OSError, done: Callable[[FileResult], None]) -> None:
    folder = exc.filename or os.environ.get("TMPDIR") or "(Temp-Ordner)"
    for file in files:
        done(FileResult(file, "fehler", setup=True, messages=[
            f"{file}: PDF nicht erstellt: temporärer Ordner {folder}: {os_message(exc)}"]))
