"""zv preview over HTTP: the page, live updates, errors, downloads, safety, the CLI."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli.main import main
from generator.errors import Problem

from .conftest import ROOT, soffice
from .preview_support import WUPPERTAL, edit, get, mini_project, page, serving, until


def _main(html: str) -> str:
    return html[html.index('<main class="dokument">'):html.index("</main>")]


def test_page_is_the_html_of_zv_render_with_the_panel_above(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    rendered = api.render(file, ["html"])["html"].decode("utf-8")
    with serving(file) as server:
        status, body, headers = get(server, "/")
        html = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert _main(html) == _main(rendered)
    assert html.index('id="zv-vorschau"') < html.index('<main class="dokument">')
    assert html.startswith(rendered[:html.index("</head>") - 200])
    assert "script-src 'self'" in headers["content-security-policy"]
    assert 'href="vereinbarung.docx"' in html
    assert "Endfassung" in html  # both parties have dated signatures


def test_changed_target_value_appears_within_a_second(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        assert "17,9" not in page(server)
        edit(file, "wert: 15,4", "wert: 17,9")
        assert until(lambda: "17,9" in _main(page(server)), 2.0)


def test_error_shown_above_the_last_good_document(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        before = _main(page(server))
        lines = file.read_text(encoding="utf-8").count("\n")
        edit(file, "\nziele:", "\nunbekannt: 1\nziele:")
        assert until(lambda: "Fehler" in page(server).split("<main")[0], 2.0)
        html = page(server)
        assert _main(html) == before
        panel = html[:html.index("<main")]
        line = file.read_text(encoding="utf-8").splitlines().index("unbekannt: 1") + 1
        assert re.search(rf"wuppertal\.yaml:{line}:1: unbekannt: [^<]*unbekannt", panel), panel
        assert f"{line} | unbekannt: 1" in panel
        assert "letzte fehlerfreie Stand" in panel
        edit(file, "\nunbekannt: 1\n", "\n")
        assert file.read_text(encoding="utf-8").count("\n") == lines
        assert until(lambda: "zv-fehler" not in page(server), 2.0)


def test_warnings_are_shown_and_marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    line = next(i for i, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("jahr:"))
    warning = Problem(file, line, 7, "jahr", "passt nicht zu den Daten", warning=True)
    monkeypatch.setattr(api, "check", lambda _file: [warning])
    with serving(file) as server:
        panel = page(server).split("<main")[0]
    assert "1 Warnung" in panel and "zv-fehler" not in panel
    assert f"{file}:{line}:7: jahr: Warnung: passt nicht zu den Daten" in panel
    assert f"{line} | jahr: 2021\n          ^" in panel


def test_file_with_errors_from_the_start_shows_them_without_document(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    file.write_text(file.read_text(encoding="utf-8") + "zeile: 1\n", encoding="utf-8")
    with serving(file) as server:
        html = page(server)
    assert "zeile" in html and "erst nach der Korrektur" in html
    assert '<main class="dokument">\n\n</main>' in html


def test_events_announce_each_new_state(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/ereignisse")
        response = connection.getresponse()
        assert response.getheader("content-type", "").startswith("text/event-stream")
        assert response.readline() == b"retry: 1000\n"
        response.readline()
        assert response.readline() == b"event: stand\n"
        first = int(response.readline().split(b":")[1])
        response.readline()
        edit(file, "wert: 15,4", "wert: 16,1")
        assert response.readline() == b"event: stand\n"
        assert int(response.readline().split(b":")[1]) == first + 1
        connection.close()


def test_docx_download_is_the_docx_of_zv_render(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        status, body, headers = get(server, "/vereinbarung.docx")
        assert status == 200 and body == api.render(file, ["docx"])["docx"]
        assert "wuppertal.docx" in headers["content-disposition"]
        edit(file, "\nziele:", "\nunbekannt: 1\nziele:")
        status, body, _ = get(server, "/vereinbarung.docx")
    assert status == 409 and "unbekannt" in body.decode("utf-8")


def test_pdf_download_where_libreoffice_is_installed(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice fehlt")
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        assert 'href="vereinbarung.pdf"' in page(server)
        status, body, headers = get(server, "/vereinbarung.pdf")
    assert status == 200 and body.startswith(b"%PDF") and headers["content-type"] == (
        "application/pdf")


TRAVERSALS = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
              "//etc/passwd", "/states/nrw.yaml", "/agreements/2021/nrw/wuppertal.yaml",
              "/_zv/../../../etc/passwd", "/_zv/..%2f__init__.py", "/_zv/vorschau.py",
              "/_zv/static/vorschau.js", "/v/../../etc/passwd/", "/wuppertal.yaml",
              "/vereinbarung.docx/../../../etc/passwd"]


def test_no_file_by_a_path_from_the_request(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        for path in TRAVERSALS:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            connection.request("GET", path)  # sent as written, not normalised
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status == 404, path
            assert b"root:" not in body and b"land:" not in body, path


def test_folder_lists_its_agreements_with_status(tmp_path: Path) -> None:
    emsland = Path("agreements/2023/niedersachsen/emsland.yaml")
    project = mini_project(tmp_path, WUPPERTAL, emsland)
    broken = project / "agreements/2023/nrw/kaputt.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("land: nrw\njahr: 2023\ntraeger: niemand\n", encoding="utf-8")
    draft = project / "agreements/2021/nrw/entwurf.yaml"
    draft.write_text((project / WUPPERTAL).read_text(encoding="utf-8").split(
        "unterzeichnung:")[0] + "status: entwurf\n", encoding="utf-8")
    (project / "agreements/2021/nrw/kopie für köln.yaml").write_bytes(
        (project / WUPPERTAL).read_bytes())
    with serving(project / "agreements") as server:
        listing = page(server)
        link = re.search(r'href="(/v/2021/nrw/kopie[^"]*)"', listing)
        assert link and link[1] == "/v/2021/nrw/kopie%20f%C3%BCr%20k%C3%B6ln/"
        assert "Stadt Wuppertal" in _main(page(server, link[1]))
        rows = {m[0]: m[1] for m in re.findall(
            r'<a href="/v/([^"]+)/">[^<]*</a></td><td>(.*?)</tr>', listing)}
        assert set(rows) == {"2021/nrw/wuppertal", "2021/nrw/entwurf",
                             "2021/nrw/kopie%20f%C3%BCr%20k%C3%B6ln",
                             "2023/niedersachsen/emsland", "2023/nrw/kaputt"}
        # "21.12.20": a two-digit year is warned about
        assert rows["2021/nrw/wuppertal"].startswith("Endfassung</td><td>1 Warnung")
        assert rows["2021/nrw/entwurf"].startswith("Entwurf</td><td>in Ordnung")
        assert "Fehler" in rows["2023/nrw/kaputt"]
        document = page(server, "/v/2021/nrw/wuppertal/")
        assert "Stadt Wuppertal" in _main(document) and 'href="/"' in document
        assert get(server, "/v/2021/nrw/wuppertal")[0] == 200  # redirected
        assert get(server, "/v/2021/nrw/wuppertal/vereinbarung.docx")[1].startswith(b"PK")
        assert get(server, "/v/2021/nrw/fehlt/")[0] == 404
        edit(project / WUPPERTAL, "wert: 15,4", "wert: 17,9")
        assert until(lambda: "17,9" in page(server, "/v/2021/nrw/wuppertal/"), 2.0)


def test_template_change_updates_the_page(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    with serving(project / WUPPERTAL) as server:
        style = project / "templates/_base/style.css"
        style.write_text(style.read_text(encoding="utf-8") + "/* geändert */\n",
                         encoding="utf-8")
        assert until(lambda: "/* geändert */" in page(server), 2.0)


def test_foreign_host_header_is_refused(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/", headers={"Host": f"angreifer.example:{server.port}"})
        response = connection.getresponse()
        response.read()
        connection.close()
    assert response.status == 400


@contextlib.contextmanager
def _busy_port(host: str) -> Iterator[int]:
    """A port on `host` that another program listens on while the block runs."""
    with socket.socket() as other:
        other.bind((host, 0))
        other.listen(1)
        yield other.getsockname()[1]


def test_busy_port_is_reported_in_german(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with _busy_port("127.0.0.1") as port:
        result = CliRunner().invoke(main, ["preview", str(file), "--port", str(port),
                                           "--no-browser"])
    assert result.exit_code == 1
    assert f"Port {port} auf 127.0.0.1 ist schon belegt" in result.output
    assert f"--port {port + 1}" in result.output


def test_missing_file_is_reported_in_german(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["preview", str(tmp_path / "fehlt.yaml"), "--no-browser"])
    assert result.exit_code == 1 and "fehlt.yaml gibt es nicht" in result.output


def test_other_host_only_with_a_warning(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with _busy_port("0.0.0.0") as port:
        result = CliRunner().invoke(main, ["preview", str(file), "--host", "0.0.0.0",
                                           "--port", str(port), "--no-browser"])
    assert "Warnung: die Vorschau ist unter 0.0.0.0 auch von anderen Rechnern" in result.output


def test_ctrl_c_ends_the_preview_cleanly(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("zv")), "preview", str(file), "--port", "0",
         "--no-browser"],
        stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stderr is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stderr.readline())
        assert found, "keine Adresse ausgegeben"
        port = int(found[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/ereignisse")  # an open stream must not hold up the end
        connection.getresponse().readline()
        edit(file, "\nziele:", "\nzeile: 1\nziele:")
        assert select.select([process.stderr], [], [], 5)[0], "keine Meldung im Terminal"
        assert re.search(r"^\d\d:\d\d:\d\d .*wuppertal\.yaml: 1 Fehler", process.stderr.readline())
        assert "unbekanntes Feld 'zeile'" in process.stderr.readline()
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        assert process.wait(10) == 0
        assert time.monotonic() - started < 5
        rest = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
    assert "Vorschau beendet." in rest and "Traceback" not in rest


def test_help_and_render_do_not_import_the_web_stack() -> None:
    code = ("import sys; from click.testing import CliRunner; from generator.cli.main import main; "
            "CliRunner().invoke(main, ['--help']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('starlette', 'uvicorn', 'watchfiles')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_state_file_change_updates_the_page(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    with serving(project / WUPPERTAL) as server:
        state = project / "states/nrw.yaml"
        good = state.read_text(encoding="utf-8")
        state.write_text(good + "kaputt: [\n", encoding="utf-8")
        assert until(lambda: "states/nrw.yaml:" in page(server).split("<main")[0], 2.0)
        state.write_text(good, encoding="utf-8")
        assert until(lambda: "zv-fehler" not in page(server), 2.0)


def test_only_reading_requests(tmp_path: Path) -> None:
    file = mini_project(tmp_path) / WUPPERTAL
    with serving(file) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("POST", "/", body=b"x")
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
    assert response.status == 405 and "nur Abrufe" in body
