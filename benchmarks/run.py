#!/usr/bin/env python3
"""Benchmarks of the real render path, side by side in one run; writes docs/performance.md.

Usage: .venv/bin/python benchmarks/run.py [--quick]

Measured:
1. the full pipeline per agreement (YAML -> validated model -> Jinja -> Markdown ->
   blocks -> DOCX in the frame) against raw docxtpl rendering of an equivalent document,
   for Wuppertal 2021 (4 pages) and Düsseldorf 2016 (10 pages): paired, in alternating
   order, medians;
2. the throughput of 200 generated agreement variants to md, html and docx on all cores;
3. a second run over 40 unchanged agreements against the first (incremental);
4. the PDF batch (one LibreOffice process) against one soffice process per file, 12 files;
5. the cold start of `zv --help`.
Not a test: numbers depend on the machine, so they are written down, not asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from docx import Document
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import api, batch  # noqa: E402
from generator.writers import pdf  # noqa: E402

WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
DUESSELDORF = ROOT / "agreements" / "2016" / "nrw" / "duesseldorf.yaml"
HAND_WRITTEN = "<!-- Ab hier von Hand; benchmarks/run.py lässt diesen Teil stehen. -->"
# Agreement -> its label and the texts that become the raw template's variables.
PER_DOCUMENT = {
    WUPPERTAL: ("Wuppertal 2021", {"traeger": "Stadt Wuppertal",
                                   "person": "Prof. Dr. Uwe Schneidewind", "jahr": "2021"}),
    DUESSELDORF: ("Düsseldorf 2016", {"traeger": "Landeshauptstadt Düsseldorf",
                                      "jahr": "2016"}),
}


def paired(rounds: int, first: Callable[[], object],
           second: Callable[[], object]) -> tuple[float, float]:
    """Median seconds of both actions, measured in pairs whose order alternates (so that a
    busy moment of the machine hits both alike), after five warm-up pairs."""
    for _ in range(5):
        first()
        second()
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(rounds):
        order = ((0, first), (1, second)) if i % 2 == 0 else ((1, second), (0, first))
        for index, action in order:
            started = time.perf_counter()
            action()
            times[index].append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def variants(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Agreement files like Wuppertal 2021 with other partners, people and values."""
    rng = random.Random(seed)
    base = yaml.safe_load(WUPPERTAL.read_text(encoding="utf-8"))
    state = yaml.safe_load((ROOT / "states" / "nrw.yaml").read_text(encoding="utf-8"))
    keys = sorted(state["traeger"])
    files = []
    for i in range(count):
        data = dict(base)
        data["traeger"] = keys[i % len(keys)]
        data["jahr"] = 2019 + i % 3
        data["vertretung"] = {"traeger": {"titel": rng.choice(["Landrat", "Oberbürgermeister"]),
                                          "name": f"Person {i}",
                                          "geschlecht": rng.choice(["m", "w"])}}
        data["ziele"] = yaml.safe_load(yaml.safe_dump(base["ziele"]))
        for goal in ("integration", "langzeitbezug"):
            for target in data["ziele"][goal]["zielwerte"]:
                target["wert"] = round(rng.uniform(-5, 15), 1)
        data["unterzeichnung"] = {"ministerium": {"datum": f"{1 + i % 28}.12.{2018 + i % 3}"},
                                  "traeger": {}}
        file = folder / f"variante_{i:03d}.yaml"
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        files.append(file)
    return files


def raw_docxtpl_template(folder: Path, file: Path, context: dict[str, str]) -> Path:
    """An equivalent document as a plain docxtpl template: the rendered DOCX of `file`
    with the texts of `context` (partner, representative, year) turned into variables."""
    source = api.render(file, ["docx"])["docx"]
    doc = Document(io.BytesIO(source))
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            text = run.text
            for name, value in context.items():
                text = text.replace(value, f"{{{{ {name} }}}}")
            run.text = text
    template = folder / f"raw_{file.stem}.docx"
    doc.save(str(template))
    return template


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines()
                      if x.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "?"
    office = "nicht installiert"
    binary = pdf.find_soffice()
    if binary:
        office = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                check=False).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} Kerne, {memory} Arbeitsspeicher; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
            f"{office}")


def per_document(work: Path, repeat: int, rows: list[tuple[str, str, str, str]]) -> None:
    """1. The pipeline against raw docxtpl, per document, in alternating pairs."""
    for file, (label, context) in PER_DOCUMENT.items():
        template = raw_docxtpl_template(work, file, context)

        def raw(template: Path = template, context: dict[str, str] = context) -> None:
            doc = DocxTemplate(str(template))
            doc.render(context)
            doc.save(io.BytesIO())

        def pipeline(file: Path = file) -> None:
            api.render(file, ["docx"])

        ours, baseline = paired(repeat * 3, pipeline, raw)
        rows.append((f"Pipeline je Vereinbarung (YAML bis DOCX) / reines docxtpl, {label}",
                     f"{ours * 1000:.1f} ms / {baseline * 1000:.1f} ms",
                     f"{ours / baseline:.2f}x", "≤ 1,0x"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--per-document", action="store_true",
                        help="only measurement 1 (DOCX per document), printed, no file")
    args = parser.parse_args()
    repeat = 5 if args.quick else 20
    rows: list[tuple[str, str, str, str]] = []
    if args.per_document:
        with tempfile.TemporaryDirectory(prefix="zv-bench-") as tmp:
            per_document(Path(tmp), repeat, rows)
        print(f"Rechner: {machine()}")
        for row in rows:
            print(" | ".join(row))
        return 0
    with tempfile.TemporaryDirectory(prefix="zv-bench-") as tmp:
        work = Path(tmp)

        per_document(work, repeat, rows)

        # 2. Throughput of 200 variants on all cores.
        (work / "varianten").mkdir()
        files = variants(work / "varianten", 200)
        started = time.perf_counter()
        results = batch.run(files, ["md", "html", "docx"], work / "out200", force=True)
        elapsed = time.perf_counter() - started
        assert all(r.status == "erstellt" for r in results), [r.messages for r in results]
        rows.append((f"200 Varianten nach md, html, docx auf {os.cpu_count()} Kernen",
                     f"{elapsed:.1f} s", f"{len(files) / elapsed:.1f} Vereinbarungen/s", "–"))

        # 3. Incremental: second run over 40 unchanged files.
        forty = files[:40]
        started = time.perf_counter()
        batch.run(forty, ["md", "html", "docx"], work / "out40")
        first = time.perf_counter() - started
        started = time.perf_counter()
        second_results = batch.run(forty, ["md", "html", "docx"], work / "out40")
        second = time.perf_counter() - started
        assert all(r.status == "unveraendert" for r in second_results)
        rows.append(("Zweiter Lauf über 40 unveränderte / erster Lauf",
                     f"{second:.2f} s / {first:.2f} s", f"{second / first:.2f}", "≤ 0,3"))

        # 4. PDF: one LibreOffice for 12 files against one soffice per file.
        binary = pdf.find_soffice()
        if binary:
            docx_dir = work / "docx12"
            docx_dir.mkdir()
            twelve = []
            for file in files[:12]:
                target = docx_dir / f"{file.stem}.docx"
                target.write_bytes(api.render(file, ["docx"])["docx"])
                twelve.append(target)
            started = time.perf_counter()
            converted = pdf.convert(twelve)
            batch_seconds = time.perf_counter() - started
            assert all(isinstance(v, bytes) for v in converted.values())
            profile = (work / "profile").as_uri()
            started = time.perf_counter()
            for file in twelve:
                subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless",
                                "--convert-to", pdf.FILTER, "--outdir", str(work / "single"),
                                str(file)], capture_output=True, check=True)
            single = time.perf_counter() - started
            rows.append(("PDF: 12 Dateien, ein soffice je Datei / ein Lauf für alle",
                         f"{single:.1f} s / {batch_seconds:.1f} s",
                         f"{single / batch_seconds:.1f}x schneller", "≥ 5x"))
            cli = shutil.which("zv", path=str(Path(sys.executable).parent)) or "zv"
            for file in files[:12]:
                shutil.copy(file, docx_dir / file.name)
            started = time.perf_counter()
            subprocess.run([cli, "render", str(docx_dir), "--format", "pdf", "--force",
                            "--out", str(work / "cli12")], capture_output=True, check=True)
            whole = time.perf_counter() - started
            rows.append(("`zv render` 12 Dateien mit PDF, ganzer Befehl / ein soffice je Datei",
                         f"{whole:.1f} s / {single:.1f} s", f"{single / whole:.1f}x schneller",
                         "≥ 4x"))
        else:
            rows.append(("PDF-Stapel", "LibreOffice nicht installiert", "–", "≥ 5x"))

        # 5. Cold start of `zv --help`.
        cli = shutil.which("zv", path=str(Path(sys.executable).parent)) or "zv"
        starts = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run([cli, "--help"], capture_output=True, check=True)
            starts.append(time.perf_counter() - started)
        rows.append(("Kaltstart `zv --help` (Median)", f"{statistics.median(starts):.3f} s",
                     "–", "≤ 0,3 s"))

    lines = [
        "# Leistung",
        "",
        "Gemessen mit `benchmarks/run.py` (echter Ablauf, keine Attrappen), alle Werte aus "
        "einem Lauf.",
        "",
        f"Rechner: {machine()}",
        "",
        "| Messung | Zeit | Ergebnis | Ziel |",
        "|---|---|---|---|",
        *(re.sub(r"(\d)\.(\d)", r"\1,\2", f"| {a} | {b} | {c} | {d} |")
          for a, b, c, d in rows),
        "",
        "Reines docxtpl: dieselbe Vereinbarung als fertige DOCX-Vorlage mit zwei oder drei "
        "Variablen (Träger, Person, Jahr), nur geladen, ausgefüllt und gespeichert; beide "
        "abwechselnd im selben Prozess gemessen, Median. Die Pipeline liest "
        "dagegen YAML und Landesdatei, prüft, setzt den Text aus Vorlagen zusammen und baut "
        "das Dokument im Rahmen neu auf.",
        "",
    ]
    # Sections written by hand below the marker stay.
    kept = ""
    if args.out.exists():
        previous = args.out.read_text(encoding="utf-8")
        if HAND_WRITTEN in previous:
            kept = previous[previous.index(HAND_WRITTEN):]
    args.out.write_text("\n".join(lines) + kept, encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
