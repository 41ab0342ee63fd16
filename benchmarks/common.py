"""What the benchmark modules share: paths, the documents, generated variants, a table row."""

from __future__ import annotations

import random
import shutil
import statistics
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
DUESSELDORF = ROOT / "agreements" / "2016" / "nrw" / "duesseldorf.yaml"
# Agreement -> its label and the texts that become the peers' template variables (as zv
# writes them: non-breaking spaces after "Prof." and "Dr.").
PER_DOCUMENT = {
    WUPPERTAL: ("Wuppertal 2021 (4 Seiten)",
                {"traeger": "Stadt Wuppertal", "person": "Prof.\u00a0Dr.\u00a0Uwe Schneidewind",
                 "jahr": "2021"}),
    DUESSELDORF: ("Düsseldorf 2016 (10 Seiten)",
                  {"traeger": "Landeshauptstadt Düsseldorf", "jahr": "2016"}),
}

# One row of the table in docs/performance.md: measurement, times, result, target.
Row = tuple[str, str, str, str]


def zv_command() -> str:
    """The `zv` console script of the venv running the benchmark."""
    return shutil.which("zv", path=str(Path(sys.executable).parent)) or "zv"


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def quartiles(values: list[float]) -> tuple[float, float]:
    """First and third quartile (the middle half of the values lies between them)."""
    if len(values) < 4:
        return min(values), max(values)
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def variants(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Agreement files like Wuppertal 2021 with other partners, people and values."""
    rng = random.Random(seed)
    base = yaml.safe_load(WUPPERTAL.read_text(encoding="utf-8"))
    state = yaml.safe_load((ROOT / "states" / "nrw.yaml").read_text(encoding="utf-8"))
    keys = sorted(state["traeger"])
    folder.mkdir(parents=True, exist_ok=True)
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
        file = folder / f"variante_{i:04d}.yaml"
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        files.append(file)
    return files
