"""`zv`'s entry point answers a render of unchanged files without Click, exactly as the
full command line would, and hands everything else to it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import batch
from generator.cli import quick

from .conftest import ROOT

# The quick entry point, leaving behind whether it needed Click.
QUICK = ("import sys\nfrom generator.cli.quick import main\ntry:\n    main()\nfinally:\n"
         "    open('click.txt', 'w').write(str('click' in sys.modules))\n")
FULL = "from generator.cli.main import main; main()"


def _project(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of two agreements, rendered once to md and html in out/."""
    folder = tmp_path / "agreements" / "2021" / "nrw"
    folder.mkdir(parents=True)
    for name in ("wuppertal", "coesfeld"):
        source = next((ROOT / "agreements").rglob(f"{name}.yaml"))
        shutil.copy(source, folder / f"{name}.yaml")
    out = tmp_path / "out"
    assert {r.status for r in batch.run(sorted(folder.glob("*.yaml")), ["md", "html"],
                                        out)} == {"erstellt"}
    return tmp_path / "agreements", out


def _run(code: str, args: list[str], cwd: Path) -> tuple[int, str, str]:
    # No LibreOffice (the default formats are then md, html, docx): PDFs take long.
    env = dict(os.environ, ZV_SOFFICE=str(cwd / "kein-soffice"))
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120, check=False, env=env)
    # The seconds in the count differ from run to run.
    stderr = re.sub(r"\(\d+,\d s\)", "(s)", done.stderr)
    return done.returncode, done.stdout, stderr


def _outputs(out: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_unchanged_files_are_answered_without_click(tmp_path: Path) -> None:
    agreements, out = _project(tmp_path)
    probe = ("import sys\nfrom generator.cli.quick import main\nmain()\n"
             "print(sorted(m for m in ('click', 'generator.cli.main', 'generator.batch', 'yaml', "
             "'jinja2', 'pydantic') if m in sys.modules))")
    code, stdout, stderr = _run(probe, ["render", str(agreements), "--format", "md,html",
                                        "--out", str(out)], tmp_path)
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[-1] == "[]"
    assert lines[:-1] == [f"{f}: unverändert" for f in sorted(agreements.rglob("*.yaml"))]
    assert stderr == "0 erstellt, 2 unverändert, 0 fehlerhaft (s)\n"


def _cases(agreements: Path, out: Path) -> list[list[str]]:
    wuppertal = str(agreements / "2021" / "nrw" / "wuppertal.yaml")
    return [
        ["render", str(agreements), "--format", "md,html", "--out", str(out)],
        ["render", "--format=md,html", f"--out={out}", wuppertal],
        ["render", wuppertal, "--out", str(out), "--format", "html"],
        ["render", wuppertal, wuppertal, "--format", "md", "--out", str(out)],  # twice
        ["render", wuppertal, "--format", "md", "--out", str(out), "--force"],
        ["render", wuppertal, "--format", "md,txt", "--out", str(out)],
        ["render", wuppertal, "--format", "md", "--format", "html", "--out", str(out)],
        ["render", wuppertal, "--format", "", "--out", str(out)],
        ["render", wuppertal, "--format", "md", "--out"],
        ["render", "--format", "md", "--out", str(out)],
        ["render", str(agreements / "fehlt.yaml"), "--format", "md", "--out", str(out)],
        ["render", wuppertal, "--format", "md", "--out", wuppertal],  # a file, not a folder
        ["render", wuppertal, "--format", "md", "--out", str(out), "-j", "1"],
        ["render", "--help"],
        ["check", wuppertal],
        [],
    ]


def test_every_form_gives_what_the_full_command_line_gives(tmp_path: Path) -> None:
    agreements, out = _project(tmp_path)
    cases = _cases(agreements, out)
    answerable = cases[:3]
    for args in cases:
        before = _outputs(out)
        quick_result = _run(QUICK, args, tmp_path)
        after_quick = _outputs(out)
        shutil.rmtree(out)
        out.mkdir()
        for path, data in before.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        full_result = _run(FULL, args, tmp_path)
        assert quick_result == full_result, args
        assert _names(after_quick) == _names(_outputs(out)), args
        answered = (tmp_path / "click.txt").read_text(encoding="utf-8") == "False"
        assert answered == (args in answerable), args


def _names(outputs: dict[Path, bytes]) -> dict[Path, bytes]:
    """The outputs, PDFs by name only (their document IDs differ from run to run)."""
    return {p: b"" if p.suffix == ".pdf" else data for p, data in outputs.items()}


@pytest.mark.parametrize("change", ["agreement", "output", "stamp"])
def test_a_change_goes_to_the_full_command_line(tmp_path: Path, change: str) -> None:
    agreements, out = _project(tmp_path)
    wuppertal = agreements / "2021" / "nrw" / "wuppertal.yaml"
    if change == "agreement":
        wuppertal.write_text(wuppertal.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "output":
        (out / "2021" / "nrw" / "wuppertal.html").unlink()
    else:
        (out / batch.STAMP_FILE).write_text("{}", encoding="utf-8")
    args = ["render", str(agreements), "--format", "md,html", "--out", str(out)]
    assert not quick._answered(args)
    code, _, stderr = _run(QUICK, args, tmp_path)
    assert code == 0
    assert "unverändert, 0 fehlerhaft" in stderr and "0 erstellt" not in stderr


def test_at_a_terminal_only_the_count_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    agreements, out = _project(tmp_path)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert quick._answered(["render", str(agreements), "--format", "md,html", "--out",
                            str(out)])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("0 erstellt, 2 unverändert, 0 fehlerhaft (")


def test_a_closed_pipe_ends_quietly_as_with_click(tmp_path: Path) -> None:
    """`zv render ... | head`: the reader is gone before zv writes."""
    agreements, out = _project(tmp_path)
    args = ["render", str(agreements), "--format", "md,html", "--out", str(out)]
    results = []
    for code in (QUICK, FULL):
        read, write = os.pipe()
        os.close(read)
        try:
            done = subprocess.run([sys.executable, "-c", code, *args], stdout=write,
                                  stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                  timeout=120, check=False)
        finally:
            os.close(write)
        results.append((done.returncode, done.stderr))
    assert results[0] == results[1] == (1, "")
    assert (tmp_path / "click.txt").read_text(encoding="utf-8") == "False"
