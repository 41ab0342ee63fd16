"""zv against its peers, per DOCX in one process each: raw docxtpl and Carbone (npm).

All three make the same document: zv renders the agreement's YAML (`api.render(file,
["docx"])`); docxtpl and Carbone fill zv's own DOCX of it, turned into a template with
partner, person and year as markers. Carbone runs in one long-lived Node process
(carbone_server.js) that times each render itself (hrtime) and answers over a pipe, so
the three can be measured in the same rounds: each round renders with all three, the
order rotating through all six permutations, after warm-up rounds; medians.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common import PER_DOCUMENT, Row, median_ms, quartiles
from docx import Document
from docxtpl import DocxTemplate

from generator import api

SERVER = Path(__file__).resolve().with_name("carbone_server.js")
WARM_UP = 5


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zv-bench" / "carbone"


def install_carbone(log: Callable[[str], None]) -> Path | None:
    """The folder holding node_modules/carbone, installed there by npm if it is not yet;
    None (and a line saying why) without node or npm, or when the install fails. Never a
    dependency of the project: the folder is a cache outside the checkout."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        log("Carbone übersprungen: node oder npm ist nicht installiert.")
        return None
    folder = cache_folder()
    if not (folder / "node_modules" / "carbone" / "package.json").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        log(f"Installiere Carbone mit npm nach {folder} ...")
        try:
            done = subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit",
                                   "--no-fund", "carbone"], capture_output=True, text=True,
                                  timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log(f"Carbone übersprungen: npm install schlug fehl ({exc}).")
            return None
        if done.returncode != 0:
            tail = " ".join(done.stderr.strip().splitlines()[-3:])
            log(f"Carbone übersprungen: npm install schlug fehl ({tail}).")
            return None
    return folder


class Carbone:
    """The Node process rendering Carbone templates on request."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(["node", str(SERVER), str(folder)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        ready = self._answer()
        self.version = str(ready["version"])
        self.overhead: list[float] = []  # Python's wall time minus Node's render time

    def _answer(self) -> dict[str, object]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("Carbone-Prozess beendet")
        answer: dict[str, object] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"Carbone: {answer['error']}")
        return answer

    def render(self, template: Path, data: dict[str, str], out: Path | None = None) -> float:
        """Seconds of one render, as Node measured it."""
        assert self.process.stdin is not None
        started = time.perf_counter()
        self.process.stdin.write(json.dumps({"template": str(template), "data": data,
                                             "out": str(out) if out else None}) + "\n")
        self.process.stdin.flush()
        answer = self._answer()
        seconds = float(answer["ms"]) / 1000  # type: ignore[arg-type]
        self.overhead.append(time.perf_counter() - started - seconds)
        return seconds

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def marked_template(source: bytes, context: dict[str, str], marker: Callable[[str], str],
                    target: Path) -> Path:
    """zv's DOCX with each text of `context` replaced by `marker(name)` in the body's runs.
    Every name must be found, so the template really has markers to fill."""
    doc = Document(io.BytesIO(source))
    found = dict.fromkeys(context, 0)
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            text = run.text
            for name, value in context.items():
                if value in text:
                    found[name] += text.count(value)
                    text = text.replace(value, marker(name))
            if text != run.text:
                run.text = text
    missing = [name for name, count in found.items() if count == 0]
    if missing:
        raise RuntimeError(f"{target.name}: kein Lauf enthält {missing}")
    doc.save(str(target))
    return target


def check_output(data: bytes, context: dict[str, str], who: str) -> None:
    """The output is a DOCX python-docx opens, with every value and no marker left."""
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    missing = [value for value in context.values() if value not in text]
    if missing or "{d." in text or "{{" in text:
        raise RuntimeError(f"{who}: Ausgabe ohne {missing} oder mit Markern")


@dataclass
class Timings:
    label: str
    times: dict[str, list[float]] = field(default_factory=dict)


def measure_document(file: Path, label: str, context: dict[str, str], work: Path,
                     rounds: int, carbone: Carbone | None) -> Timings:
    source = api.render(file, ["docx"])["docx"]
    check_output(source, context, "zv")
    raw = marked_template(source, context, lambda name: f"{{{{ {name} }}}}",
                          work / f"docxtpl_{file.stem}.docx")

    def zv() -> float:
        started = time.perf_counter()
        api.render(file, ["docx"])
        return time.perf_counter() - started

    def docxtpl() -> float:
        started = time.perf_counter()
        doc = DocxTemplate(str(raw))
        doc.render(context)
        doc.save(io.BytesIO())
        return time.perf_counter() - started

    out = io.BytesIO()
    doc = DocxTemplate(str(raw))
    doc.render(context)
    doc.save(out)
    check_output(out.getvalue(), context, "docxtpl")
    actions: dict[str, Callable[[], float]] = {"zv": zv, "docxtpl": docxtpl}
    if carbone is not None:
        template = marked_template(source, context, lambda name: f"{{d.{name}}}",
                                   work / f"carbone_{file.stem}.docx")
        result = work / f"carbone_{file.stem}_out.docx"
        carbone.render(template, context, result)
        check_output(result.read_bytes(), context, "Carbone")

        def carbone_render() -> float:
            return carbone.render(template, context)

        actions["Carbone"] = carbone_render
    orders = list(itertools.permutations(actions))
    timings = Timings(label, {name: [] for name in actions})
    for i in range(WARM_UP + rounds):
        for name in orders[i % len(orders)]:
            seconds = actions[name]()
            if i >= WARM_UP:
                timings.times[name].append(seconds)
    return timings


def rows_for(timings: Timings) -> list[Row]:
    times = timings.times
    zv = median_ms(times["zv"])
    rows = []
    for peer, target in (("Carbone", "≤ 0,8"), ("docxtpl", "≤ 1,0")):
        if peer not in times:
            continue
        other = median_ms(times[peer])
        name = "Carbone" if peer == "Carbone" else "reines docxtpl"
        rows.append((f"DOCX je Dokument, {timings.label}: zv / {name}",
                     f"{zv:.1f} ms / {other:.1f} ms", f"{zv / other:.2f}", target))
    return rows


def spread(timings: Timings) -> str:
    parts = []
    for name, values in timings.times.items():
        low, high = quartiles(values)
        parts.append(f"{name} {median_ms(values):.1f} ms ({low * 1000:.1f}–{high * 1000:.1f})")
    # The ratio within each round, where both met the same moment of the machine.
    for peer in ("Carbone", "docxtpl"):
        if peer in timings.times:
            ratios = [a / b for a, b in zip(timings.times["zv"], timings.times[peer],
                                            strict=True)]
            parts.append(f"zv / {peer} je Runde im Median {statistics.median(ratios):.2f}")
    return f"{timings.label}: " + ", ".join(parts)


def run(work: Path, rounds: int, log: Callable[[str], None]) -> tuple[list[Row], list[str],
                                                                       str | None]:
    """Rows of the table, notes (the quartiles per peer), and Carbone's version (or None)."""
    folder = install_carbone(log)
    carbone = None
    if folder is not None:
        try:
            carbone = Carbone(folder)
        except (OSError, RuntimeError, ValueError) as exc:
            log(f"Carbone übersprungen: der Node-Prozess startet nicht ({exc}).")
    rows: list[Row] = []
    notes: list[str] = []
    try:
        for file, (label, context) in PER_DOCUMENT.items():
            log(f"Peers: {label}, {rounds} Runden ...")
            timings = measure_document(file, label, context, work, rounds, carbone)
            rows.extend(rows_for(timings))
            notes.append(spread(timings))
            log("  " + notes[-1])
        if carbone is not None:
            overhead = median_ms(carbone.overhead)
            notes.append(f"Weg über die Pipe zu Node und zurück (nicht mitgezählt): "
                         f"Median {overhead:.2f} ms je Carbone-Aufruf")
    finally:
        if carbone is not None:
            carbone.close()
    if carbone is None:
        rows.append(("DOCX je Dokument: zv / Carbone", "nicht gemessen (siehe Ausgabe)",
                     "–", "≤ 0,8"))
    return rows, notes, carbone.version if carbone is not None else None
