"""Two real LibreOffice processes sharing a PDF batch (pdf.Converter, pdf.convert)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator import api
from generator.writers import hyphenation, pdf, pdf_run

from .conftest import ROOT, soffice

GOOD = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def _soffice_profiles(stop: threading.Event, seen: dict[int, str]) -> None:
    """Collect the process id and profile of every running soffice.bin until stopped."""
    while not stop.is_set():
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if args and args[0].endswith(b"soffice.bin"):
                for arg in args:
                    if arg.startswith(b"-env:UserInstallation="):
                        seen[int(entry.name)] = arg.decode().split("=", 1)[1]
        stop.wait(0.1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="liest /proc")
def test_two_libreoffice_processes_share_a_batch_and_a_broken_file_fails_alone(
        tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice ist nicht installiert")
    data = api.render(GOOD, ["docx"])["docx"]
    files = []
    for i in range(6):
        files.append(tmp_path / str(i) / "wuppertal.docx")  # the same name, other folders
        files[-1].parent.mkdir()
        files[-1].write_bytes(data)
    broken = files[4]
    broken.write_bytes(data[:20000])  # a DOCX cut off: no zip directory
    seen: dict[int, str] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_soffice_profiles, args=(stop, seen))
    watcher.start()
    got: list[tuple[Path, bytes | str]] = []
    try:
        with pdf.Converter(total=len(files), processes=2) as converter:
            for file in files:
                converter.add(file)
                got += converter.results()
            got += converter.wait()
            profiles = {p.as_uri() for p in converter.profiles}
    finally:
        stop.set()
        watcher.join()
    assert sorted(source for source, _ in got) == sorted(files)  # one result each
    for source, result in got:
        if source == broken:
            assert isinstance(result, str) and pdf.FAILED in result
        else:
            assert isinstance(result, bytes) and pdf.pdf_problem(result) is None
    # Each share ran in its own LibreOffice process with its own profile.
    assert len(profiles) == 2
    assert set(seen.values()) >= profiles
    assert len({pid for pid, profile in seen.items() if profile in profiles}) >= 2
    assert not any(p.exists() for p in converter.profiles)  # temporary files removed


def test_convert_reports_each_file_once_from_the_calling_thread(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice ist nicht installiert")
    data = api.render(GOOD, ["docx"])["docx"]
    files = []
    for i in range(3):
        files.append(tmp_path / f"{i}.docx")
        files[-1].write_bytes(data)
    threads: list[str] = []
    results = pdf.convert(files, processes=2,
                          on_file=lambda _f, _r: threads.append(threading.current_thread().name))
    assert sorted(results) == sorted(files)
    assert all(isinstance(r, bytes) for r in results.values())
    assert threads == [threading.current_thread().name] * 3


def _text(data: bytes, folder: Path) -> str:
    target = folder / "x.pdf"
    target.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_cut_hyphenation_dictionary_hyphenates_like_the_full_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = soffice()
    if binary is None or not hyphenation.usable(binary):
        pytest.skip("LibreOffice mit den Trennmustern des Systems (hyphen-de) fehlt")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext ist nicht installiert")
    docx = tmp_path / "duesseldorf.docx"
    docx.write_bytes(api.render(ROOT / "agreements" / "2016" / "nrw" / "duesseldorf.yaml",
                                ["docx"])["docx"])
    pdf.convert([docx])  # leaves a seed profile behind if there was none
    got: dict[Path, bytes | str] = {}
    root = tmp_path / "share"
    pdf_run.convert_share(binary, root, {docx: docx}, 60.0, got.__setitem__)
    cut = root / "hyph_de_DE.dic"
    assert cut.is_file() and cut.stat().st_size < hyphenation.SYSTEM_DICTIONARY.stat().st_size
    registry = (root / "profile" / "user" / "registrymodifications.xcu").read_text("utf-8")
    assert cut.as_uri() in registry
    monkeypatch.setattr(hyphenation, "usable", lambda _binary: False)
    full = pdf.convert([docx])[docx]
    assert isinstance(got[docx], bytes) and isinstance(full, bytes)
    text = _text(full, tmp_path)
    assert re.search(r"\w-\n", text), "keine Silbentrennung im PDF"
    assert _text(got[docx], tmp_path) == text
