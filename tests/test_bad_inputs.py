"""The mutation corpus: every class of hostile or broken input a clerk (or a fuzzer) can
write ends in a clear German error naming file, line and field, exit status 1, no
traceback and no file written. Each file in tests/data/bad/ says in its first lines what
zv must answer (`# erwartet:`, `# zeile:`, `# feld:`)."""

from __future__ import annotations

import io
import re
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli.main import main
from generator.writers import pdf

from .conftest import ROOT

BAD = Path(__file__).parent / "data" / "bad"
CASES = sorted(BAD.glob("*.yaml"))
GOOD = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"


def _expected(file: Path) -> dict[str, str]:
    head = file.read_bytes()[:400].decode("utf-8", "replace")
    return dict(re.findall(r"(?m)^# (erwartet|zeile|feld): ?(.*)$", head))


@pytest.mark.parametrize("file", CASES, ids=[c.stem for c in CASES])
def test_bad_input_gives_a_clear_error(file: Path, tmp_path: Path) -> None:
    expected = _expected(file)
    assert expected.get("erwartet"), f"{file.name}: Kopfzeile '# erwartet:' fehlt"
    where = f"{file}:{expected['zeile']}:"
    for args in (["check", str(file)],
                 ["render", str(file), "--out", str(tmp_path / "out"), "--format",
                  "md,html,docx", "-j", "1"]):
        started = time.monotonic()
        result = CliRunner().invoke(main, args)
        assert time.monotonic() - started < 10
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        first = next(line for line in result.output.splitlines() if line.startswith(str(file)))
        assert first.startswith(where), first
        assert expected["erwartet"] in first
        if expected.get("feld"):
            assert f": {expected['feld']}: " in first
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()
                and p.name != ".zv-stand.json"]


def _render_html_docx(tmp_path: Path, text: str) -> tuple[str, bytes]:
    file = tmp_path / "v.yaml"
    file.write_text(text, encoding="utf-8", newline="")
    outputs = api.render(file, ("html", "docx"))
    return outputs["html"].decode("utf-8"), outputs["docx"]


@pytest.mark.parametrize("scheme", ["ms-msdt:/id PCWDiagnostic", "search-ms:query=x",
                                    "javascript:alert(1)", "file:///c:/windows"])
def test_only_http_https_mailto_links_are_live(scheme: str, tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8") + (
        f"praeambel:\n  absaetze:\n    - '[Hilfe](<{scheme}>) und [Seite](https://example.org)'\n")
    html, docx = _render_html_docx(tmp_path, text)
    assert 'href="https://example.org"' in html
    assert f'href="{scheme.split(":")[0]}' not in html
    rels = zipfile.ZipFile(io.BytesIO(docx)).read(
        "word/_rels/document.xml.rels").decode()
    assert "https://example.org" in rels
    assert scheme.split(":")[0] + ":" not in rels


def test_crlf_file_renders_like_lf(tmp_path: Path) -> None:
    lf = GOOD.read_text(encoding="utf-8")
    crlf = lf.replace("\n", "\r\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _render_html_docx(tmp_path / "a", lf)
    second = _render_html_docx(tmp_path / "b", crlf)
    assert first[0] == second[0]

    def parts(docx: bytes) -> dict[str, bytes]:
        # docProps/custom.xml fingerprints the file's bytes, which differ by design.
        archive = zipfile.ZipFile(io.BytesIO(docx))
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/custom.xml"}

    assert parts(first[1]) == parts(second[1])


def test_soffice_is_found_where_windows_installs_it(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "Programme" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    monkeypatch.delenv("ZV_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "leer"))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Programme"))
    assert pdf.find_soffice() == str(program / "soffice.exe")
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "anderswo"))
    assert pdf.find_soffice() is None


def test_windows_paths_map_to_output_paths() -> None:
    from pathlib import PureWindowsPath

    file = PureWindowsPath(r"C:\Users\sb\zv\agreements\2021\nrw\wuppertal.yaml")
    parts = file.parts
    # output_path works on parts, so a Windows path maps the same way.
    below = parts[len(parts) - 1 - parts[::-1].index("agreements") + 1:]
    assert PureWindowsPath("output").joinpath(*below).with_suffix(".docx") == \
        PureWindowsPath(r"output\2021\nrw\wuppertal.docx")


def test_huge_or_special_files_are_refused_without_reading(tmp_path: Path) -> None:
    from generator.sources.yamlread import MAX_BYTES

    big = tmp_path / "gross.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    paths = [big] + ([Path("/dev/zero")] if Path("/dev/zero").exists() else [])
    result = CliRunner().invoke(main, ["check", *map(str, paths)])
    assert result.exit_code == 1
    assert f"{big}: Datei zu groß (über 10 MB)" in result.output
    if len(paths) > 1:
        assert "/dev/zero: keine gewöhnliche Datei" in result.output


def test_twenty_thousand_unknown_keys_are_quick_and_capped(tmp_path: Path) -> None:
    file = tmp_path / "viele.yaml"
    file.write_text(GOOD.read_text(encoding="utf-8") +
                    "".join(f"k{i}: {i}\n" for i in range(20_000)), encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", str(file)])
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert f"{file}: … und 19900 weitere Fehler" in result.output
    assert len(result.output.splitlines()) < 110


def test_internal_error_in_check_names_the_file_and_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = api.check

    def broken(file: Path) -> list[object]:
        if file.name == "a.yaml":
            raise ZeroDivisionError("division by zero")
        return real(file)  # type: ignore[return-value]

    monkeypatch.setattr(api, "check", broken)
    (tmp_path / "a.yaml").write_bytes(GOOD.read_bytes())
    (tmp_path / "b.yaml").write_bytes(GOOD.read_bytes())
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'a.yaml'}: interner Fehler in zv (ZeroDivisionError" in result.output
    assert "melden" in result.output
    assert f"{tmp_path / 'b.yaml'}: in Ordnung" in result.output
    assert "Traceback" not in result.output
