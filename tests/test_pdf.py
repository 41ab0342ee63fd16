"""PDF through a real LibreOffice: text, PDF/A, embedded fonts, batch and failure paths."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import batch, stamps
from generator.cli.main import main
from generator.writers import pdf

from .conftest import DATA, REFERENCES, ROOT, soffice
from .similarity import differences, similarity


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if soffice() is None:
        pytest.skip("LibreOffice ist nicht installiert")
    out = tmp_path_factory.mktemp("pdf")
    files = [ROOT / name for name in REFERENCES]
    results = batch.run(files, ["pdf"], out)
    assert [r.status for r in results] == ["erstellt"] * len(files), [r.messages for r in results]
    return out


def _tool(name: str, *args: str) -> str:
    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} fehlt: .ci/run muss poppler-utils installieren")
        pytest.skip(f"{name} ist nicht installiert")
    return subprocess.run([name, *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_pdf_text_matches_reference(name: str, pdf_dir: Path) -> None:
    from generator import api

    target = api.output_path(ROOT / name, pdf_dir, "pdf")
    text = _tool("pdftotext", "-layout", str(target), "-")
    # The footer repeats on every page; it is layout, not agreement text.
    text = re.sub(r"(?m)^.*Seite \d+ von \d+\s*$", "", text)
    # Automatic hyphenation divides words at line ends; a divided word goes on in lower
    # case, a compound with its own hyphen ("Nordrhein-Westfalen") in upper case.
    text = re.sub(r"(\w)-\n\s*(?=[a-zäöüß])", r"\1", text)
    reference = (DATA / "references" / REFERENCES[name]).read_text(encoding="utf-8")
    ratio = similarity(reference, text)
    assert ratio >= 0.95, f"{name}: {ratio:.4f}\n" + "\n".join(differences(reference, text))


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_pdf_is_pdfa_with_embedded_fonts(name: str, pdf_dir: Path) -> None:
    from generator import api

    target = api.output_path(ROOT / name, pdf_dir, "pdf")
    data = target.read_bytes()
    assert re.search(rb"<pdfaid:part>2</pdfaid:part>", data)
    assert re.search(rb"<pdfaid:conformance>B</pdfaid:conformance>", data)
    fonts = _tool("pdffonts", str(target)).splitlines()[2:]
    assert fonts, "keine Schriften gefunden"
    for line in fonts:
        columns = line.split()
        assert columns[-5] == "yes", f"Schrift nicht eingebettet: {line}"
    assert any("LiberationSans" in line or "Arial" in line for line in fonts)


def test_without_libreoffice_other_formats_are_written(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "out"
    file = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
    result = CliRunner().invoke(main, ["render", str(file), "--format", "md,docx,pdf",
                                       "--out", str(out)])
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert (out / "2021" / "nrw" / "wuppertal.docx").is_file()
    assert not (out / "2021" / "nrw" / "wuppertal.pdf").exists()
    # Without pdf asked for, the default set leaves it out and succeeds.
    result = CliRunner().invoke(main, ["render", str(file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "2021" / "nrw" / "wuppertal.pdf").exists()


def test_hanging_conversion_is_stopped_and_reported(tmp_path: Path) -> None:
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    hang.chmod(0o755)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"not really a document")
    started = time.monotonic()
    results = pdf.convert([docx], binary=str(hang), timeout=0.5)
    assert time.monotonic() - started < 10
    assert isinstance(results[docx], str)
    assert "Zeitüberschreitung" in results[docx]


def test_incremental_second_run_skips_unchanged(tmp_path: Path) -> None:
    files = [ROOT / name for name in REFERENCES]
    first = batch.run(files, ["md", "html"], tmp_path)
    assert {r.status for r in first} == {"erstellt"}
    second = batch.run(files, ["md", "html"], tmp_path)
    assert {r.status for r in second} == {"unveraendert"}
    forced = batch.run(files, ["md"], tmp_path, force=True)
    assert {r.status for r in forced} == {"erstellt"}
    # A deleted output is made again.
    (tmp_path / "2021" / "nrw" / "wuppertal.html").unlink()
    third = batch.run(files, ["md", "html"], tmp_path)
    assert [r.status for r in third if r.file.stem == "wuppertal"] == ["erstellt"]


def test_changed_state_file_renders_again(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(ROOT / "states", project / "states")
    shutil.copytree(ROOT / "templates", project / "templates")
    file = project / "agreements" / "2021" / "nrw" / "w.yaml"
    file.parent.mkdir(parents=True)
    shutil.copy(ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml", file)
    out = tmp_path / "out"
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    assert batch.run([file], ["md"], out)[0].status == "unveraendert"
    state = project / "states" / "nrw.yaml"
    state.write_text(state.read_text(encoding="utf-8") + "\n# geändert\n", encoding="utf-8")
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    (project / "templates" / "_base" / "style.css").write_text("p {}\n", encoding="utf-8")
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    muster = project / "states" / "nrw" / "2021.yaml"
    muster.write_text(muster.read_text(encoding="utf-8") + "\n# geändert\n", encoding="utf-8")
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    assert batch.run([file], ["md"], out)[0].status == "unveraendert"


def test_changed_code_renders_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """zv's code counts by size and modification time of its sources, as for .pyc."""
    code = tmp_path / "generator"
    code.mkdir()
    source = code / "modul.py"
    source.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(stamps, "__file__", str(code / "stamps.py"))
    file = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
    out = tmp_path / "out"
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    assert batch.run([file], ["md"], out)[0].status == "unveraendert"
    stamp = source.stat().st_mtime_ns
    os.utime(source, ns=(stamp, stamp + 1_000_000_000))
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    source.write_text("x = 22\n", encoding="utf-8")
    os.utime(source, ns=(stamp, stamp + 1_000_000_000))  # same time, other size
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    (code / "neu.py").write_text("", encoding="utf-8")
    assert batch.run([file], ["md"], out)[0].status == "erstellt"
    assert batch.run([file], ["md"], out)[0].status == "unveraendert"


def test_unchanged_run_does_not_import_the_rendering_stack(tmp_path: Path) -> None:
    """`zv render` over unchanged files decides before loading Jinja, pydantic, docx,
    YAML, the process pool, the PDF writer or the other commands."""
    import subprocess
    import sys

    files = [str(ROOT / name) for name in REFERENCES]
    batch.run([Path(f) for f in files], ["md", "html"], tmp_path)
    probe = ("import sys\nfrom generator.cli.main import main\n"
             f"sys.argv = ['zv', 'render', *{files!r}, '--format', 'md,html', '--out', "
             f"{str(tmp_path)!r}]\n"
             "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
             "print(sorted(m for m in ('generator.api', 'jinja2', 'pydantic', 'docx', 'yaml', "
             "'concurrent.futures', 'generator.writers.pdf', 'generator.cli.cycle', "
             "'generator.cli.review', 'tempfile') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
    assert "4 unverändert" in result.stderr
