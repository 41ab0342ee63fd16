#!/usr/bin/env python3
"""Benchmarks of the real render path against its peers and through the CLI; writes
docs/performance.md.

Usage: .venv/bin/python benchmarks/run.py [--peers] [--cli] [--quick] [--out FILE]

Without --peers or --cli both parts run.
- peers (peers.py): per DOCX in one process each, Wuppertal 2021 and Düsseldorf 2016: zv
  (YAML to DOCX) against raw docxtpl and Carbone (npm, installed into a cache folder when
  node is there) filling zv's own DOCX; rotating order in each round, medians.
- cli (cli_numbers.py): the `zv` console script in subprocesses: 400 agreements, an
  unchanged re-run of 40, 24 PDFs against one soffice per file, peak memory at 2,000,
  `zv --help`.
--quick: fewer rounds and smaller batches (the table says which).
Not a test: numbers depend on the machine, so they are written down, not asserted.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCHMARKS), str(BENCHMARKS.parent)]

import cli_numbers  # noqa: E402
import machine  # noqa: E402
import peers  # noqa: E402
from common import ROOT, Row  # noqa: E402

HAND_WRITTEN = "<!-- Ab hier von Hand; benchmarks/run.py lässt diesen Teil stehen. -->"

CANNOT = """\
Was dieser Lauf nicht ehrlich messen kann:

- **Geteilter Rechner.** Andere Prozesse (Tests anderer Entwickler) laufen mit; die Last
  steht oben. Die absoluten Zeiten schwanken deshalb von Lauf zu Lauf stark. Die Vergleiche
  je Dokument sind gepaart (jede Runde alle drei, Reihenfolge wechselnd) und damit robuster
  als die Zeiten selbst; die CLI-Zeiten sind einzelne Wanduhr-Messungen (Median aus wenigen
  Läufen) und treffen eine kurze Lastspitze ungeschützt. Die Last am Ende enthält den
  Benchmark selbst (die CLI-Läufe nutzen alle Kerne).
- **Carbone läuft in Node, zv und docxtpl in Python.** Carbone misst sich selbst
  (`process.hrtime` um `carbone.render`); der Weg über die Pipe zählt nicht mit (Median
  unten). Node optimiert heißen Code per JIT und räumt den Speicher teils nach der Antwort
  auf; diese Arbeit fällt zwischen die Messungen und wird Carbone nicht angerechnet.
- **Vorlagen-Cache.** Carbone 3 liest und entpackt die Vorlage bei jedem Aufruf neu (kein
  eigener Cache; nur der Dateicache des Betriebssystems hilft, den alle drei gleich nutzen).
  zv bereitet seinen Rahmen einmal je Prozess vor, docxtpl lädt die Vorlage je Aufruf neu.
  Neuere Carbone-Versionen (Carbone 4, der Dienst) halten vorbereitete Vorlagen im Speicher
  und wären dann schneller, als hier gemessen.
- **Nicht derselbe Auftrag.** docxtpl und Carbone füllen nur zwei oder drei Marker in
  einem fertigen Dokument; zv liest dagegen YAML und Landesdatei, prüft, setzt den Text aus
  Bausteinen zusammen und baut das Dokument neu. Der Vergleich ist der, den ein Nutzer
  sieht (dasselbe Dokument), nicht gleiche Arbeit.
- **Speicher.** `/usr/bin/time -v` meldet den größten Höchststand unter dem Prozess und
  seinen beendeten Kindern (Arbeitsprozesse, LibreOffice), nicht ihre Summe und nicht den
  zv-Prozess allein; den zeigt VmHWM des zv-Prozesses (über eine `sitecustomize.py` aus
  `benchmarks/hwm/` beim Beenden gelesen, sonst alle 50 ms abgetastet). Gemeinsam genutzte
  Seiten der geforkten Arbeitsprozesse zählen in jedem Prozess voll.
- **PDF.** „Ein soffice je Datei“ bekommt ein vorher angelegtes Profil (zählt nicht mit);
  beide Seiten laufen nur einmal. LibreOffice lädt beim ersten Dokument eines Prozesses die
  Trennmuster (einige Sekunden), was den Abstand vergrößert.
"""


def german(text: str) -> str:
    """Decimal points to commas (numbers only)."""
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text)


def document(rows: list[Row], notes: list[str], description: list[tuple[str, str]],
             load_start: str, load_end: str, started: str, parts: str) -> list[str]:
    return [
        "# Leistung",
        "",
        f"Gemessen mit `benchmarks/run.py{parts}` am {started} (echter Ablauf, keine "
        "Attrappen), alle Werte aus einem Lauf.",
        "",
        "| Rechner | |",
        "|---|---|",
        *(f"| {what} | {value} |" for what, value in description),
        f"| Last (1 / 5 / 15 min) am Anfang | {load_start} |",
        f"| Last (1 / 5 / 15 min) am Ende | {load_end} |",
        "",
        "| Messung | Zeit | Ergebnis | Ziel |",
        "|---|---|---|---|",
        *(german(f"| {a} | {b} | {c} | {d} |") for a, b, c, d in rows),
        "",
        "DOCX je Dokument: dieselbe Vereinbarung dreimal erzeugt, im selben Lauf: zv aus der "
        "YAML-Datei (`api.render(datei, [\"docx\"])`), reines docxtpl und Carbone aus der von zv "
        "erzeugten DOCX als Vorlage, in der Träger, Person und Jahr Marker sind (`{{ traeger }}` "
        "bzw. `{d.traeger}`); laden, ausfüllen, als DOCX speichern (Carbone ohne "
        "`convertTo`, also ohne LibreOffice). Jede Ausgabe wurde mit python-docx geöffnet und "
        "enthält die eingesetzten Namen. Median; in Klammern das mittlere Viertel bis drei "
        "Viertel der Runden:",
        "",
        *(german(f"- {note}") for note in notes),
        "",
        "CLI: der Befehl `zv` aus der virtuellen Umgebung als eigener Prozess, Wanduhrzeit "
        "einschließlich Start; die Vereinbarungen sind Abwandlungen von Wuppertal 2021 "
        "(`variants()` in `benchmarks/common.py`).",
        "",
        CANNOT,
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", action="store_true", help="zv gegen docxtpl und Carbone")
    parser.add_argument("--cli", action="store_true", help="die Messungen über den Befehl zv")
    parser.add_argument("--quick", action="store_true", help="weniger Runden, kleinere Stapel")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    both = not args.peers and not args.cli

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    started = time.strftime("%Y-%m-%d %H:%M %Z")
    load_start = machine.load()
    log(f"Last am Anfang: {load_start}")
    rows: list[Row] = []
    notes: list[str] = []
    carbone: str | None = None
    with tempfile.TemporaryDirectory(prefix="zv-bench-") as tmp:
        work = Path(tmp)
        if args.peers or both:
            (work / "peers").mkdir()
            peer_rows, notes, carbone = peers.run(work / "peers", 20 if args.quick else 100,
                                                  log)
            rows.extend(peer_rows)
        if args.cli or both:
            (work / "cli").mkdir()
            sizes = cli_numbers.QUICK if args.quick else cli_numbers.Sizes()
            rows.extend(cli_numbers.run(work / "cli", sizes, log))
    load_end = machine.load()
    log(f"Last am Ende: {load_end}")
    parts = "".join(f" --{name}" for name in ("peers", "cli", "quick") if getattr(args, name))
    lines = document(rows, notes, machine.describe(carbone), load_start, load_end, started,
                     parts)
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
