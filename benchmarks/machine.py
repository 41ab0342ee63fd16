"""The machine's description for docs/performance.md: CPU, cores, memory, OS, tools, load."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path


def soffice() -> str | None:
    """LibreOffice as zv finds it (ZV_SOFFICE, PATH, ...), else soffice on PATH."""
    try:
        from generator.writers import pdf
        return pdf.find_soffice()
    except (ImportError, AttributeError):
        return shutil.which("soffice") or shutil.which("libreoffice")


def _version(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stdout.strip()
    return text.splitlines()[0] if done.returncode == 0 and text else None


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory() -> str:
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines()
                      if x.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration, ValueError):
        return "?"
    return f"{kb / 1024 / 1024:.0f} GiB"


def system() -> str:
    name = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return f"{name}, Kernel {platform.release()}"


def load() -> str:
    """The load average over 1, 5 and 15 minutes, German decimals."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}".replace(".", ",")


def describe(carbone: str | None) -> list[tuple[str, str]]:
    """(what, value) pairs; `carbone` is the version used, or why it was not."""
    binary = soffice()
    office = (_version([binary, "--version"]) if binary else None) or "nicht installiert"
    node = _version(["node", "--version"]) if shutil.which("node") else None
    return [
        ("Prozessor", cpu()),
        ("Kerne", str(os.cpu_count())),
        ("Arbeitsspeicher", memory()),
        ("Betriebssystem", system()),
        ("Python", platform.python_version()),
        ("LibreOffice", office),
        ("Node.js", node or "nicht installiert"),
        ("Carbone", carbone or "nicht gemessen"),
    ]
