"""DOCX -> PDF/A-2b through LibreOffice, one process for a whole batch.

A per-file LibreOffice start costs about a second; one process converting many files
costs a tenth of that per file. Each run gets its own temporary profile, so parallel
runs and a user's open LibreOffice do not collide. If the batch hangs, it is stopped
and the files still missing are converted one by one (one retry each), so a bad file
fails alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

INSTALL_HINT = "Installation: apt-get install libreoffice-writer-nogui"
# PDF/A-2b: the archiving format of German public administration; it embeds all fonts.
FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
BATCH_SECONDS = 60.0
FILE_SECONDS = 60.0


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
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


def _run(binary: str, profile: Path, out_dir: Path, files: Sequence[Path],
         timeout: float) -> bool:
    """One LibreOffice process; False if it had to be stopped."""
    command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--nodefault", "--convert-to", FILTER,
               "--outdir", str(out_dir), *map(str, files)]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          start_new_session=True) as process:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice starts soffice.bin as a child: stop the whole group.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return False
    return True


def convert(docx_files: Sequence[Path], binary: str | None = None,
            batch_seconds: float = BATCH_SECONDS,
            file_seconds: float = FILE_SECONDS) -> dict[Path, bytes | str]:
    """PDF bytes for each DOCX, or a German error message for the ones that failed."""
    binary = binary or find_soffice()
    if binary is None:
        message = f"LibreOffice nicht gefunden, PDF nicht erstellt ({INSTALL_HINT})"
        return {f: message for f in docx_files}
    results: dict[Path, bytes | str] = {}
    with tempfile.TemporaryDirectory(prefix="zv-pdf-") as tmp:
        root = Path(tmp)
        inputs, outputs = root / "in", root / "out"
        inputs.mkdir()
        # Unique names: two agreements may share a file name in different years.
        staged = {}
        for i, source in enumerate(docx_files):
            name = inputs / f"{i:05d}.docx"
            shutil.copyfile(source, name)
            staged[source] = name
        _prepare_profile(root / "profile")
        finished = _run(binary, root / "profile", outputs, list(staged.values()),
                        batch_seconds + 2.0 * len(staged))
        for source, name in staged.items():
            pdf = outputs / f"{name.stem}.pdf"
            for _attempt in range(2):
                if pdf.is_file() and pdf.stat().st_size > 0:
                    break
                _run(binary, root / "profile", outputs, [name], file_seconds)
            if pdf.is_file() and pdf.stat().st_size > 0:
                results[source] = pdf.read_bytes()
            else:
                results[source] = ("LibreOffice konnte das PDF nicht erstellen "
                                   "(Zeitüberschreitung oder Fehler beim Konvertieren)")
        if finished and all(isinstance(r, bytes) for r in results.values()):
            _keep_profile(root / "profile")
    return results
