"""Render many agreements: in parallel, incrementally, with PDFs in one LibreOffice run.

The core never prints; it reports each finished file through a callback so the CLI can
draw a progress bar or plain lines. A file whose inputs (agreement, state file,
templates, program) are unchanged since the last run is skipped unless forced.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from . import __version__, api
from .errors import ZvError
from .writers import pdf

STAMP_FILE = ".zv-stand.json"
Status = Literal["erstellt", "unveraendert", "fehler"]


@dataclass
class FileResult:
    file: Path
    status: Status
    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


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
            raw = file.read_bytes()
            land = (yaml.safe_load(raw) or {}).get("land")
        except (OSError, yaml.YAMLError, AttributeError):
            return None  # rendering will report the problem
        root = api.project_root(file.parent)
        digest = hashlib.sha256(self._code.encode() + raw)
        state = root / "states" / f"{land}.yaml"
        if isinstance(land, str) and state.is_file():
            digest.update(state.read_bytes())
            # The year's Muster files of the state (states/<land>/*.yaml) shape the text.
            if (root / "states" / land).is_dir():
                digest.update(self._tree(root / "states" / land).encode())
        digest.update(self._tree(root / "templates").encode())
        return digest.hexdigest()


def _load_stamps(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_stamps(out_dir: Path, stamps: dict[str, str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    api.write_file(out_dir / STAMP_FILE,
                   json.dumps(stamps, indent=1, sort_keys=True).encode("utf-8"))


def _render_one(file: Path, formats: tuple[str, ...]) -> tuple[dict[str, bytes] | None, str]:
    """Worker: all formats in memory, or the error text."""
    try:
        return api.render(file, formats), ""
    except ZvError as exc:
        return None, str(exc)


def run(files: Sequence[Path], formats: Sequence[str], out_dir: Path, force: bool = False,
        workers: int | None = None,
        on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Render `files`; returns one result per file in the order given."""
    stamps = _load_stamps(out_dir)
    prints = _Fingerprints()
    results: dict[Path, FileResult] = {}
    todo: list[tuple[Path, str | None]] = []

    def done(result: FileResult) -> None:
        results[result.file] = result
        if on_result is not None:
            on_result(result)

    for file in files:
        fingerprint = prints.of(file)
        targets = [api.output_path(file, out_dir, fmt) for fmt in formats]
        if (not force and fingerprint is not None and all(
                t.is_file() and stamps.get(str(t.resolve())) == fingerprint for t in targets)):
            done(FileResult(file, "unveraendert"))
        else:
            todo.append((file, fingerprint))

    render_formats = tuple(dict.fromkeys(
        [f for f in formats if f != "pdf"] + (["docx"] if "pdf" in formats else [])))
    rendered: dict[Path, dict[str, bytes]] = {}
    for file, outputs, error in _render_all([f for f, _ in todo], render_formats, workers):
        if outputs is None:
            done(FileResult(file, "fehler", messages=error.splitlines()))
            continue
        rendered[file] = outputs
        if "pdf" not in formats:
            done(_write(file, outputs, formats, out_dir))

    if "pdf" in formats and rendered:
        for result in _pdfs(rendered, formats, out_dir).values():
            done(result)

    fingerprints = dict(todo)
    created = [r for r in results.values() if r.status == "erstellt"]
    for result in created:
        if fingerprints.get(result.file):
            for target in result.written:
                stamps[str(target.resolve())] = str(fingerprints[result.file])
    if created:
        _save_stamps(out_dir, stamps)
    return [results[f] for f in files]


def _render_all(files: list[Path], formats: tuple[str, ...], workers: int | None
                ) -> list[tuple[Path, dict[str, bytes] | None, str]]:
    workers = min(workers or os.cpu_count() or 1, len(files))
    if workers <= 1:
        return [(f, *_render_one(f, formats)) for f in files]
    out = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_render_one, f, formats): f for f in files}
        for future in as_completed(futures):
            out.append((futures[future], *future.result()))
    return out


def _write(file: Path, outputs: dict[str, bytes], formats: Sequence[str],
           out_dir: Path) -> FileResult:
    wanted = {fmt: data for fmt, data in outputs.items() if fmt in formats}
    try:
        written = api.write_outputs(file, wanted, out_dir)
    except OSError as exc:
        return FileResult(file, "fehler", messages=[
            f"{file}: Schreiben fehlgeschlagen: {exc.strerror} ({exc.filename})"])
    return FileResult(file, "erstellt", written)


def _pdfs(rendered: dict[Path, dict[str, bytes]], formats: Sequence[str],
          out_dir: Path) -> dict[Path, FileResult]:
    """Write the other formats, then convert every DOCX to PDF in one LibreOffice run."""
    results: dict[Path, FileResult] = {}
    with tempfile.TemporaryDirectory(prefix="zv-docx-") as tmp:
        staged = {}
        for i, (file, outputs) in enumerate(rendered.items()):
            staged[file] = Path(tmp) / f"{i:05d}.docx"
            staged[file].write_bytes(outputs["docx"])
        pdfs = pdf.convert(list(staged.values()))
        for file, outputs in rendered.items():
            converted = pdfs[staged[file]]
            if isinstance(converted, bytes):
                outputs = {**outputs, "pdf": converted}
            result = _write(file, outputs, formats, out_dir)
            if isinstance(converted, str):
                result.status = "fehler"
                result.messages.append(f"{file}: {converted}")
            results[file] = result
    return results
