"""Faults bounded and cleaned up: a fake LibreOffice that hangs, crashes or writes
garbage; kill -9 of a running zv; stale temporary files; one bad file in a batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api, batch, lifetime
from generator.cli.main import main
from generator.errors import Problem
from generator.writers import pdf

from .conftest import ROOT

GOOD = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
FAKE = Path(__file__).parent / "fake_soffice.py"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="/proc und Elternprozess-Signal nur unter Linux")


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake soffice on ZV_SOFFICE; tests set FAKE_SOFFICE to choose its behaviour."""
    script = tmp_path / "soffice"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("ZV_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_MARK", f"zvtest-{tmp_path.name}")
    return script


def _copies(tmp_path: Path, n: int) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    files = []
    for i in range(n):
        target = folder / f"v{i}.yaml"
        target.write_bytes(GOOD.read_bytes())
        files.append(target)
    return files


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in raw and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


def _gone(marker: str, seconds: float = 5.0) -> bool:
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        if not _processes_with(marker):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("mode, message", [("garbage", "keine PDF-Datei"),
                                           ("truncated", "PDF unvollständig"),
                                           ("crash", "keine Ausgabe")])
def test_bad_pdf_is_refused_and_not_kept(mode: str, message: str, fake: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", mode)
    out = tmp_path / "out"
    args = ["render", str(GOOD), "--format", "docx,pdf", "--out", str(out),
            "--pdf-timeout", "2"]
    for _ in range(2):  # the second run must not call the refused file up to date
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert message in result.output
        assert "0 unverändert, 1 fehlerhaft" in result.output
        assert not list(out.rglob("*.pdf"))


def test_good_pdf_from_fake_is_written(fake: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", "ok")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(GOOD), "--format", "pdf", "--out",
                                       str(out)])
    assert result.exit_code == 0, result.output
    assert pdf.pdf_problem(api.output_path(GOOD, out, "pdf").read_bytes()) is None


def _stand_ins(folder: Path, count: int) -> list[Path]:
    """`count` files named like DOCX for the fake LibreOffice (it never reads them)."""
    files = [folder / f"{i}.docx" for i in range(count)]
    for file in files:
        file.write_bytes(b"PK")
    return files


@linux_only
def test_hang_is_cut_off_within_the_timeout_bounds(fake: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    docx = _stand_ins(tmp_path, 3)
    started = time.monotonic()
    results = pdf.convert(docx, timeout=1.0)
    elapsed = time.monotonic() - started
    # The batch stops after 1 s without a PDF; one single run hangs, the rest are not tried.
    assert elapsed < 1.0 + 1.0 + 2.0, elapsed
    assert all(isinstance(r, str) for r in results.values())
    assert "Zeitüberschreitung" in str(results[docx[0]])
    assert "nicht erneut versucht" in str(results[docx[2]])
    assert _gone(os.environ["FAKE_MARK"]), "LibreOffice läuft noch"


@linux_only
def test_hang_in_two_shares_is_cut_off_within_the_bounds_of_one(
        fake: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    docx = _stand_ins(tmp_path, 6)
    started = time.monotonic()
    results = pdf.convert(docx, timeout=1.0, processes=2)
    elapsed = time.monotonic() - started
    # Side by side, each share as one batch of its own: 1 s, one single run of 1 s, no more.
    assert elapsed < 1.0 + 1.0 + 2.0, elapsed
    for first, rest in ((0, (1, 2)), (3, (4, 5))):
        assert "Zeitüberschreitung" in str(results[docx[first]])
        assert all("nicht erneut versucht" in str(results[docx[i]]) for i in rest)
    assert _gone(os.environ["FAKE_MARK"]), "LibreOffice läuft noch"


@linux_only
def test_error_in_the_batch_block_kills_every_libreoffice(
        fake: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    marker = os.environ["FAKE_MARK"]
    docx = _stand_ins(tmp_path, 4)
    with pytest.raises(KeyboardInterrupt), pdf.Converter(4, timeout=60, processes=2) as conv:
        for file in docx:
            conv.add(file)
        _wait_for(marker, 2 * 3)  # two guards, two fake soffice, two children
        assert conv.results() == []
        raise KeyboardInterrupt
    assert not _processes_with(marker), "LibreOffice läuft nach dem Abbruch weiter"
    assert not any(p.parent.parent.exists() for p in conv.profiles)


def test_slow_but_moving_libreoffice_is_not_stopped(fake: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", "slow")
    docx = _stand_ins(tmp_path, 4)
    results = pdf.convert(docx, timeout=1.5)  # 2.4 s in all, 0.6 s per file
    assert all(isinstance(r, bytes) for r in results.values())


def test_one_hanging_file_fails_alone(fake: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", "hang-on-1")
    docx = _stand_ins(tmp_path, 3)
    got: list[Path] = []
    results = pdf.convert(docx, timeout=1.0, on_file=lambda f, _r: got.append(f))
    assert isinstance(results[docx[0]], bytes)
    assert isinstance(results[docx[1]], str)
    assert isinstance(results[docx[2]], bytes)
    assert sorted(got) == sorted(docx)  # each reported once, as it was done
    assert got[0] == docx[0]


@linux_only
def test_file_that_hangs_first_costs_the_others_nothing(fake: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 25: the batch run stalls on the first file, which then hangs alone too; the
    # files after it get a batch run again instead of "nicht erneut versucht".
    monkeypatch.setenv("FAKE_SOFFICE", "hang-on-first")
    docx = _stand_ins(tmp_path, 4)
    started = time.monotonic()
    results = pdf.convert(docx, timeout=1.0, processes=1)
    assert time.monotonic() - started < 1.0 + 1.0 + 2.0
    assert "Zeitüberschreitung" in str(results[docx[0]])
    assert all(isinstance(results[f], bytes) for f in docx[1:]), results
    assert _gone(os.environ["FAKE_MARK"]), "LibreOffice läuft noch"


def test_batch_with_one_broken_file_renders_the_good_ones(tmp_path: Path) -> None:
    files = _copies(tmp_path, 3)
    broken = tmp_path / "in" / "kaputt.yaml"
    broken.write_text(GOOD.read_text(encoding="utf-8") + "x: &a [*a]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", *map(str, [*files, broken]), "--format",
                                       "md,docx", "--out", str(out), "-j", "2"])
    assert result.exit_code == 1
    assert "3 erstellt, 0 unverändert, 1 fehlerhaft" in result.output
    assert "kaputt.yaml" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in out.glob("*.md")) == ["v0.md", "v1.md", "v2.md"]


def _explode(file: Path, formats: tuple[str, ...]) -> tuple[dict[str, bytes], list[Problem]]:
    if file.name == "v1.yaml":
        raise KeyError("defekt")
    return {fmt: b"x" for fmt in formats}, []


def test_internal_error_is_reported_and_batch_goes_on(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "render_checked", _explode)
    files = _copies(tmp_path, 3)
    results = batch.run(files, ["md"], tmp_path / "out", workers=1)
    assert [r.status for r in results] == ["erstellt", "fehler", "erstellt"]
    message = results[1].messages[0]
    assert str(files[1]) in message and "interner Fehler" in message and "melden" in message


def test_same_output_name_is_refused(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "v.yaml").write_bytes(GOOD.read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(tmp_path / "x" / "v.yaml"),
                                       str(tmp_path / "y" / "v.yaml"), "--format", "md",
                                       "--out", str(out)])
    assert result.exit_code == 1
    assert "1 erstellt" in result.output and "gleiche Ausgabedatei" in result.output


def test_full_disk_for_the_stamp_file_is_a_setup_fault(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import files

    real = files.write_file

    def full(target: Path, data: bytes) -> None:
        if target.name == batch.STAMP_FILE:
            raise OSError(28, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")
        real(target, data)

    monkeypatch.setattr(files, "write_file", full)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(GOOD), "--format", "md", "--out",
                                       str(out), "-j", "1"])
    assert result.exit_code == 2, result.output
    assert ".zv-stand.json" in result.output and "Speicherplatz" in result.output
    assert "None" not in result.output and "Traceback" not in result.output


def test_full_tmpdir_is_a_setup_fault(fake: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def full(kind: str) -> str:
        raise OSError(28, "Kein Speicherplatz", "/tmp/voll")

    monkeypatch.setattr(lifetime, "temp_dir", full)
    result = CliRunner().invoke(main, ["render", str(GOOD), "--format", "docx,pdf", "--out",
                                       str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 2, result.output
    assert "temporärer Ordner /tmp/voll: kein Speicherplatz mehr" in result.output


@pytest.mark.parametrize("name, data, message", [
    ("frame.docx", b"PK\x03\x04 kaputt", "frame.docx: Layoutdatei beschädigt"),
    ("style.css", b"body { font: \xe4 }", "style.css:1: Layoutdatei ist nicht UTF-8"),
])
def test_broken_layout_file_is_a_setup_fault(name: str, data: bytes, message: str,
                                             tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "projekt"
    shutil.copytree(ROOT / "states", project / "states")
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "templates" / "nrw" / name).write_bytes(data)
    file = project / "v.yaml"
    file.write_bytes(GOOD.read_bytes())
    result = CliRunner().invoke(main, ["render", str(file), "--format", "html,docx",
                                       "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_stale_temp_files_of_dead_runs_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".zv-stand.json.zv{dead.pid}-abcd1234"
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    living = out / f".x.zv{alive.pid}-abcd1234"  # another living run's: kept
    stale.write_bytes(b"")
    living.write_bytes(b"")
    (Path(tempfile.gettempdir()) / f"zv-pdf-{dead.pid}-test").mkdir(exist_ok=True)
    try:
        batch.run([GOOD], ["md"], out)
        assert not stale.exists()
        assert living.exists()
    finally:
        alive.kill()
        alive.wait()
    lifetime.remove_stale_temp_dirs()  # what every PDF run does first
    assert not (Path(tempfile.gettempdir()) / f"zv-pdf-{dead.pid}-test").exists()


def _zv(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "from generator.cli.main import main; main()",
                             *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=ROOT)


def _wait_for(marker: str, count: int, seconds: float = 20.0) -> None:
    stop = time.monotonic() + seconds
    while len(_processes_with(marker)) < count:
        assert time.monotonic() < stop, f"keine {count} Prozesse mit {marker}"
        time.sleep(0.1)


@linux_only
@pytest.mark.parametrize("count", [1, 2 * pdf.MIN_SHARE])
def test_kill_9_leaves_no_libreoffice_and_the_next_run_cleans_up(
        count: int, fake: Path, tmp_path: Path) -> None:
    marker = os.environ["FAKE_MARK"]
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "FAKE_SOFFICE": "hang", "TMPDIR": str(temp)}
    out = tmp_path / "out"
    files = [GOOD] if count == 1 else _copies(tmp_path, count)
    zv = _zv(["render", *map(str, files), "--format", "docx,pdf", "--out", str(out), "-j",
              "1"], env)
    try:
        # zv, and per LibreOffice process the guard, the fake soffice and its child
        _wait_for(marker, 1 + 3 * pdf.process_count(count))
    finally:
        zv.send_signal(signal.SIGKILL)
        zv.wait()
    assert _gone(marker), "LibreOffice überlebt zv"
    stop = time.monotonic() + 5
    while list(temp.glob("zv-*")) and time.monotonic() < stop:
        time.sleep(0.1)
    assert not list(temp.glob("zv-*")), "der Aufräumer hat die Temp-Ordner nicht entfernt"
    # Should the janitor have died too, the next run removes what a dead run left.
    (temp / f"zv-pdf-{zv.pid}-rest").mkdir()
    env["FAKE_SOFFICE"] = "ok"
    again = _zv(["render", *map(str, files), "--format", "docx,pdf", "--out", str(out), "-j",
                 "1"], env)
    assert again.wait(timeout=60) == 0
    assert not list(temp.glob("zv-*"))
    assert not [p for p in out.rglob(".*") if p.name != batch.STAMP_FILE]


@linux_only
def test_kill_9_takes_the_workers_along(tmp_path: Path) -> None:
    files = _copies(tmp_path, 30)
    marker = f"zvtest-workers-{tmp_path.name}"
    out = tmp_path / marker
    zv = _zv(["render", *map(str, files), "--format", "md,docx", "--out", str(out), "-j", "2",
              "--force"], dict(os.environ))
    try:
        _wait_for(str(out), 3)  # zv and two workers
    finally:
        zv.send_signal(signal.SIGKILL)
        zv.wait()
    assert _gone(str(out)), "Arbeitsprozesse überleben zv"


def test_progress_moves_per_file_in_both_phases(fake: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE", "ok")
    files = _copies(tmp_path, 2)
    broken = tmp_path / "in" / "kaputt.yaml"
    broken.write_text("land: nrw\njahr: 2021\nx: [\n", encoding="utf-8")
    events: list[str] = []
    batch.run([*files, broken], ["docx", "pdf"], tmp_path / "out", workers=1,
              on_result=lambda r: events.append(f"{r.file.name}:{r.status}"),
              on_progress=lambda n: events.append(str(n)))
    assert sum(int(e) for e in events if e.isdigit()) == batch.steps([*files, broken],
                                                                     ["docx", "pdf"])
    # The broken file is reported during the render phase, before any PDF exists.
    assert events.index("kaputt.yaml:fehler") < events.index("v0.yaml:erstellt")
    assert events[0] == "1"  # v0 rendered: the bar moves before the PDF phase


def test_output_file_locked_by_word_is_named_with_a_hint(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import files

    def locked(target: Path, data: bytes) -> None:
        raise PermissionError(13, "Zugriff verweigert", str(target))

    monkeypatch.setattr(files, "write_file", locked)
    result = CliRunner().invoke(main, ["render", str(GOOD), "--format", "docx", "--out",
                                       str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 2, result.output
    assert "wuppertal.docx: keine Berechtigung (Datei in Word" in result.output


@linux_only
def test_ctrl_c_stops_libreoffice_at_once(fake: Path, tmp_path: Path) -> None:
    marker = os.environ["FAKE_MARK"]
    env = {**os.environ, "FAKE_SOFFICE": "hang"}
    zv = _zv(["render", str(GOOD), "--format", "docx,pdf", "--out", str(tmp_path / "out"),
              "-j", "1", "--pdf-timeout", "60"], env)
    try:
        _wait_for(marker, 4)
        zv.send_signal(signal.SIGINT)
        assert zv.wait(timeout=10) != 0
    finally:
        zv.kill()
        zv.wait()
    assert _gone(marker), "LibreOffice läuft nach Strg+C weiter"


def test_leftovers_of_a_run_are_found_by_its_process_id(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "2021" / "nrw"
    folder.mkdir(parents=True)
    left = folder / ".wuppertal.docx.zv4242424-abcd1234"
    other = folder / ".wuppertal.docx.zv4242425-abcd1234"
    left.write_bytes(b"")
    other.write_bytes(b"")
    temp = Path(tempfile.gettempdir()) / "zv-docx-4242424-test"
    temp.mkdir(exist_ok=True)
    lifetime.remove_leftovers_of(4242424, [folder])
    assert not left.exists() and not temp.exists()
    assert other.exists()
