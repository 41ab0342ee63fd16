"""zv web: the routes through Starlette's TestClient, on a copy of the project."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.web.app import create_app

from .conftest import ROOT, soffice

WUPPERTAL = "agreements/2021/nrw/wuppertal"
COESFELD = "agreements/2014/nrw/coesfeld"
TARGET = "ziele.langzeitbezug.zielwerte.0.wert"


def project_copy(tmp_path: Path, draft: bool = True) -> Path:
    """states/, templates/ and agreements/ copied; Wuppertal 2021 made a draft."""
    project = tmp_path / "projekt"
    for folder in ("states", "templates", "agreements"):
        shutil.copytree(ROOT / folder, project / folder)
    if draft:
        file = project / f"{WUPPERTAL}.yaml"
        text = file.read_text(encoding="utf-8")
        assert "\ntraeger: wuppertal\n" in text
        file.write_text(text.replace("\ntraeger: wuppertal\n",
                                     "\ntraeger: wuppertal\nstatus: entwurf\n"),
                        encoding="utf-8")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_copy(tmp_path)


def client(project: Path, token: str | None = None) -> TestClient:
    return TestClient(create_app(project, ["testserver"], token))


def form_of(html: str) -> dict[str, str]:
    """The values a browser would send for the page's form (inputs and selects)."""
    from html import unescape

    found = {name: unescape(value) for name, value in re.findall(
        r'<input type="(?:hidden|text)" (?:id="[^"]*" )?name="([^"]+)"[^>]*?value="([^"]*)"',
        html)}
    for name, value in re.findall(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>',
                                  html, re.S):
        found[name] = unescape(value)
    for name, options in re.findall(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>',
                                    html):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        found[name] = chosen.group(1) if chosen else ""
    return found


def test_overview_lists_the_agreements_with_links_and_filters(project: Path) -> None:
    with client(project) as web:
        page = web.get("/")
        assert page.status_code == 200
        assert f'href="/v/{WUPPERTAL}"' in page.text
        row = next(r for r in page.text.split("<tr>") if WUPPERTAL in r)
        assert "Stadt Wuppertal" in row and "<td>2021</td>" in row and "Entwurf" in row
        assert "<header" in page.text and "<nav" in page.text and "<main" in page.text
        assert '<label for="filter-jahr">Jahr</label>' in page.text
        only = web.get("/?jahr=2014")
        assert f'href="/v/{COESFELD}"' in only.text
        assert WUPPERTAL not in only.text
        signed = web.get("/", params={"stand": "Endfassung, unterschrieben"})
        assert COESFELD in signed.text and WUPPERTAL not in signed.text
        assert "content-security-policy" in page.headers
        assert "script-src 'self'" in page.headers["content-security-policy"]


def test_agreement_form_names_are_yaml_paths_with_labels(project: Path) -> None:
    with client(project) as web:
        page = web.get(f"/v/{WUPPERTAL}")
    assert page.status_code == 200
    names = re.findall(r' name="([^"]+)"', page.text)
    for name in (TARGET, "ziele.integration.zielwerte.0.wert",
                 "ziele.integration.zielwerte.0.grenze", "ziele.langzeitbezug.zielwerte.1.basis",
                 "ziele.integration.zielwerte.2.absolut", "vertretung.traeger.name",
                 "vertretung.traeger.titel", "vertretung.ministerium.name", "status", "stand",
                 "unterzeichnung.traeger.datum", "unterzeichnung.ministerium.ort"):
        assert name in names
    # every input and select has a visible label naming it
    for ident in re.findall(r'<(?:input type="text"|select) id="([^"]+)"', page.text):
        assert f'<label for="{ident}">' in page.text
    assert 'value="15,4"' in page.text  # as the file writes it
    assert 'title="Dokument: ' in page.text and "/dokument.html" in page.text


def test_save_changes_one_line_and_the_document_shows_it(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_text(encoding="utf-8").splitlines()
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        assert form[TARGET] == "2"
        form[TARGET] = "3,5"
        saved = web.post(f"/v/{WUPPERTAL}", data=form)
        assert saved.status_code == 200
        assert "Gespeichert" in saved.text
        assert (f"Wert (Zielwert 1): 2 → 3,5 (Zeile 25)<br><code class=\"zv-pfad\">{TARGET}"
                "</code>") in saved.text
        after = file.read_text(encoding="utf-8").splitlines()
        assert len(after) == len(before)
        changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        assert changed == [("        wert: 2", "        wert: 3,5")]
        assert form_of(saved.text)[TARGET] == "3,5"
        document = web.get(f"/v/{WUPPERTAL}/dokument.html")
        assert document.status_code == 200
        assert "mehr als 3,5 Prozent" in document.text.replace("\u00ad", "").replace(
            "\u00a0", " ")
        # the same form again: nothing to do
        again = form_of(saved.text)
        assert "Nichts geändert" in web.post(f"/v/{WUPPERTAL}", data=again).text
    assert file.read_text(encoding="utf-8").splitlines() == after


def test_save_adds_a_missing_value_to_its_mapping(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form["unterzeichnung.traeger.ort"] = "Wuppertal-Elberfeld"
        form["stand"] = "01.12.2020"
        assert web.post(f"/v/{WUPPERTAL}", data=form).status_code == 200
    text = file.read_text(encoding="utf-8")
    assert "  traeger: {datum: 02.12.2020, ort: Wuppertal-Elberfeld}\n" in text
    assert "\njahr: 2021\nstand: 2020-12-01\n" in text


def test_a_file_changed_since_loading_is_a_conflict(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        meanwhile = file.read_text(encoding="utf-8").replace("wert: 10", "wert: 11")
        file.write_text(meanwhile, encoding="utf-8")  # another tab or an editor
        form[TARGET] = "3,5"
        answer = web.post(f"/v/{WUPPERTAL}", data=form)
    assert answer.status_code == 409
    assert "inzwischen geändert" in answer.text and "Nichts wurde" in answer.text
    assert file.read_text(encoding="utf-8") == meanwhile


def test_errors_are_shown_at_their_field_and_nothing_is_written(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_bytes()
    with client(project) as web:
        page = web.get(f"/v/{WUPPERTAL}").text
        # a warning of zv check at the field it is about
        assert re.search(r'id="feld-unterzeichnung-ministerium-datum-meldung">Warnung: '
                         r"Datum &#x27;21.12.20&#x27; mit zweistelliger Jahreszahl", page)
        form = form_of(page)
        form[TARGET] = "viel"
        form["unterzeichnung.traeger.datum"] = "31.02.2021"
        answer = web.post(f"/v/{WUPPERTAL}", data=form)
    assert answer.status_code == 422
    assert "Nicht gespeichert" in answer.text
    assert re.search(r'name="ziele.langzeitbezug.zielwerte.0.wert" aria-describedby='
                     r'"[^"]*" aria-invalid="true" value="viel"', answer.text)
    assert "&#x27;viel&#x27; ist keine Zahl" in answer.text
    assert "&#x27;31.02.2021&#x27; ist kein Datum" in answer.text
    assert file.read_bytes() == before


def test_errors_of_zv_check_refuse_the_save(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_bytes()
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form["vertretung.traeger.name"] = "Prof. Dr. Uwe\u2028Schneidewind"
        answer = web.post(f"/v/{WUPPERTAL}", data=form)
    assert answer.status_code == 422
    assert 'id="feld-vertretung-traeger-name-meldung">Fehler: ' in answer.text
    assert file.read_bytes() == before


@pytest.mark.parametrize("key", [WUPPERTAL, COESFELD])
def test_a_signed_endfassung_is_read_only(tmp_path: Path, key: str) -> None:
    project = project_copy(tmp_path, draft=False)
    file = project / f"{key}.yaml"
    before = file.read_bytes()
    with client(project) as web:
        page = web.get(f"/v/{key}").text
        assert "Nur lesbar." in page and "Unterschriebene Endfassung" in page
        controls = re.findall(r"<(?:input type=\"text\"|select) [^>]*>", page)
        assert controls and all(" disabled" in c for c in controls)
        assert "<button" not in page
        form = form_of(page)
        form[next(n for n in form if n.endswith(".wert"))] = "99"
        answer = web.post(f"/v/{key}", data=form)
    assert answer.status_code == 422 and "Unterschriebene Endfassung" in answer.text
    assert file.read_bytes() == before


def test_a_post_without_the_csrf_token_is_refused(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_bytes()
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form[TARGET] = "3,5"
        odd = web.post(f"/v/{WUPPERTAL}", data={**form, "_csrf": "ä€"})
        assert odd.status_code == 403
        assert web.get("/?zugang=ä€").status_code == 200  # no token needed on loopback
        wrong = {**form, "_csrf": "geraten"}
        assert web.post(f"/v/{WUPPERTAL}", data=wrong).status_code == 403
        missing = {k: v for k, v in form.items() if k != "_csrf"}
        assert web.post(f"/v/{WUPPERTAL}", data=missing).status_code == 403
        foreign = web.post(f"/v/{WUPPERTAL}", data=form,
                           headers={"origin": "http://evil.example"})
        assert foreign.status_code == 403
        assert "CSRF" in web.post(f"/v/{WUPPERTAL}", data=wrong).text
    assert file.read_bytes() == before


@pytest.mark.parametrize("address", [
    "/v/../states/nrw", "/v/agreements/2021/nrw/..%2F..%2F..%2Fstates%2Fnrw",
    "/v/%2E%2E/%2E%2E/etc/passwd", "/v/states/nrw", "/v/agreements/2021/nrw/wuppertal.yaml",
    "/v//etc/passwd/dokument.html", "/v/..%2f..%2fstates%2fnrw/vereinbarung.docx",
    "/_zv/..%2fapp.py", "/_zv/web.py"])
def test_no_request_reaches_a_file_outside_the_agreements(project: Path,
                                                          address: str) -> None:
    with client(project) as web:
        answer = web.get(address)
        assert answer.status_code == 404, address
        assert "Nicht gefunden" in answer.text
        posted = web.post(address, data={"_csrf": web.app.state.csrf})  # type: ignore[attr-defined]
        assert posted.status_code in (403, 404, 405)


def test_host_header_and_access_token(project: Path) -> None:
    with client(project) as web:
        foreign = web.get("/", headers={"host": "evil.example"})
        assert foreign.status_code == 400 and "Unbekannte Adresse" in foreign.text
        assert web.get("/", headers={"host": "evil.example:80"}).status_code == 400
        assert web.get("/", headers={"host": "testserver:8049"}).status_code == 200
    with client(project, token="geheim") as web:
        refused = web.get("/")
        assert refused.status_code == 403 and "Zugangsschlüssel" in refused.text
        assert web.get("/?zugang=falsch").status_code == 403
        assert web.get("/?zugang=ä€").status_code == 403
        entered = web.get("/?zugang=geheim", follow_redirects=False)
        assert entered.status_code == 303
        assert "httponly" in entered.headers["set-cookie"].lower()
        assert web.get("/").status_code == 200  # the cookie from now on


def test_docx_download_and_own_assets(project: Path) -> None:
    with client(project) as web:
        docx = web.get(f"/v/{WUPPERTAL}/vereinbarung.docx")
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        assert "wuppertal.docx" in docx.headers["content-disposition"]
        assert web.get("/_zv/web.css").status_code == 200
        assert web.get("/_zv/web.js").headers["content-type"].startswith("text/javascript")
        page = web.get(f"/v/{WUPPERTAL}").text
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page))


def test_pdf_download_is_quick_the_second_time(project: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) ist nicht installiert")
    with client(project) as web:
        assert web.app.state.pdfs.ahead is False  # type: ignore[attr-defined]
        first = web.get(f"/v/{WUPPERTAL}/vereinbarung.pdf")
        assert first.status_code == 200 and first.content[:5] == b"%PDF-"
        start = time.monotonic()
        second = web.get(f"/v/{WUPPERTAL}/vereinbarung.pdf")
        assert time.monotonic() - start < 1.0
        assert second.content == first.content


def test_pdf_is_made_ahead_when_the_page_is_shown(project: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) ist nicht installiert")
    file = project / f"{WUPPERTAL}.yaml"
    with TestClient(create_app(project, ["testserver"], ahead=True)) as web:
        pdfs = web.app.state.pdfs  # type: ignore[attr-defined]
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form[TARGET] = "3,5"
        assert web.post(f"/v/{WUPPERTAL}", data=form).status_code == 200
        deadline = time.monotonic() + 90
        while not pdfs.has(file):
            assert time.monotonic() < deadline, "PDF nicht im Voraus erstellt"
            time.sleep(0.2)
        start = time.monotonic()
        answer = web.get(f"/v/{WUPPERTAL}/vereinbarung.pdf")
        assert time.monotonic() - start < 1.0
        assert answer.status_code == 200 and answer.content[:5] == b"%PDF-"


def test_cli_help_is_german_and_a_missing_folder_is_reported(runner: object,
                                                             tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli.main import main

    assert isinstance(runner, CliRunner)
    shown = runner.invoke(main, ["web", "--help"])
    assert shown.exit_code == 0 and "Startet zv im Browser" in shown.output
    assert "--no-browser" in shown.output
    missing = runner.invoke(main, ["web", str(tmp_path / "fehlt"), "--no-browser"])
    assert missing.exit_code == 1 and "gibt es nicht" in missing.output


def test_limit_cleared_and_kennzahl_chosen_from_the_catalogue(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_text(encoding="utf-8").splitlines()
    with client(project) as web:
        page = web.get(f"/v/{WUPPERTAL}").text
        assert '<option value="K3" selected>Veränderung des jahresdurchschnittlichen' in page
        form = form_of(page)
        form["ziele.langzeitbezug.zielwerte.0.grenze"] = ""
        form["ziele.integration.zielwerte.1.kennzahl"] = "K2E4"
        assert web.post(f"/v/{WUPPERTAL}", data=form).status_code == 200
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form["ziele.integration.zielwerte.1.kennzahl"] = "erfunden"
        refused = web.post(f"/v/{WUPPERTAL}", data=form)
        assert refused.status_code == 422 and "&#x27;erfunden&#x27; ist nicht möglich" in (
            refused.text)
    after = file.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("      - kennzahl: K2", "      - kennzahl: K2E4"),
        ("        grenze: hoechstens", "        grenze:")]


def test_a_file_not_in_utf8_is_shown_but_not_edited(project: Path) -> None:
    file = project / "agreements/2021/nrw/latin1.yaml"
    file.write_bytes("land: nrw\njahr: 2021\ntraeger: wuppertal\n# Bürger\n".encode("latin-1"))
    with client(project) as web:
        assert "latin1" in web.get("/").text
        page = web.get("/v/agreements/2021/nrw/latin1")
    assert page.status_code == 200 and "nicht in UTF-8" in page.text


def test_year_table_and_next_years_drafts(project: Path) -> None:
    import io

    from openpyxl import load_workbook

    with client(project) as web:
        page = web.get("/").text
        assert 'href="/jahr/2021/zielwerte.xlsx"' in page
        table = web.get("/jahr/2021/zielwerte.xlsx")
        assert table.status_code == 200 and table.content[:2] == b"PK"
        sheet = load_workbook(io.BytesIO(table.content)).worksheets[0]
        cells = [str(c.value) for row in sheet.iter_rows() for c in row]
        assert "Stadt Wuppertal" in cells and "Kreis Coesfeld" not in cells
        assert web.get("/jahr/1999/zielwerte.xlsx").status_code == 409

        assert web.post("/jahr/2021/naechstes-jahr", data={"_csrf": "x"}).status_code == 403
        assert not (project / "agreements/2022").exists()
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page)
        assert csrf is not None
        made = web.post("/jahr/2021/naechstes-jahr", data={"_csrf": csrf.group(1)})
        assert made.status_code == 200
        assert 'href="/v/agreements/2022/nrw/wuppertal"' in made.text
        assert re.search(r"<li>Zeile \d+: Kommentar: 2021: ", made.text)  # to check
        draft = (project / "agreements/2022/nrw/wuppertal.yaml").read_text(encoding="utf-8")
        assert "jahr: 2022" in draft and "status: entwurf" in draft
        again = web.post("/jahr/2021/naechstes-jahr", data={"_csrf": csrf.group(1)})
        assert "Datei gibt es schon" in again.text
        assert (project / "agreements/2022/nrw/wuppertal.yaml").read_text(
            encoding="utf-8") == draft


def test_two_versions_compared_with_report_and_redline(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    old = project / "agreements/2021/nrw/wuppertal_alt.yaml"
    shutil.copyfile(file, old)
    file.write_text(file.read_text(encoding="utf-8").replace("wert: 10", "wert: 12"),
                    encoding="utf-8")
    with client(project) as web:
        assert f'href="/vergleich?neu={WUPPERTAL}"' in web.get(f"/v/{WUPPERTAL}").text
        chooser = web.get("/vergleich", params={"neu": WUPPERTAL})
        assert '<label for="vergleich-alt">' in chooser.text and "<iframe" not in chooser.text
        query = {"alt": "agreements/2021/nrw/wuppertal_alt", "neu": WUPPERTAL}
        shown = web.get("/vergleich", params=query)
        assert "/vergleich/bericht?" in shown.text and "redline.docx" in shown.text
        report = web.get("/vergleich/bericht", params=query)
        assert report.status_code == 200 and "12" in report.text
        redline = web.get("/vergleich/redline.docx", params=query)
        assert redline.status_code == 200 and redline.content[:2] == b"PK"
        outside = web.get("/vergleich/bericht", params={"alt": "../states/nrw",
                                                        "neu": WUPPERTAL})
        assert outside.status_code == 404


def test_new_agreement_is_made_and_filled_in_step_by_step(project: Path) -> None:
    with client(project) as web:
        page = web.get("/neu").text
        assert '<label for="neu-traeger">Träger</label>' in page
        assert '<option value="nrw/kleve">Kreis Kleve</option>' in page
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page)
        assert csrf is not None
        wrong = web.post("/neu", data={"_csrf": csrf.group(1), "traeger": "nrw/atlantis",
                                       "jahr": "2024"})
        assert wrong.status_code == 422 and "aus der Liste" in wrong.text
        made = web.post("/neu", data={"_csrf": csrf.group(1), "traeger": "nrw/kleve",
                                      "jahr": "2024"}, follow_redirects=False)
        assert made.status_code == 303
        assert made.headers["location"] == "/v/agreements/2024/nrw/kleve"
        file = project / "agreements/2024/nrw/kleve.yaml"
        text = file.read_text(encoding="utf-8")
        again = web.post("/neu", data={"_csrf": csrf.group(1), "traeger": "nrw/kleve",
                                       "jahr": "2024"})
        assert again.status_code == 422 and "überschreibt nichts" in again.text
        assert file.read_text(encoding="utf-8") == text

        # The draft has open fields (errors); filling one of them is saved.
        form = form_of(web.get("/v/agreements/2024/nrw/kleve").text)
        assert form["vertretung.traeger.titel"] == ""
        form["vertretung.traeger.titel"] = "Landrat"
        saved = web.post("/v/agreements/2024/nrw/kleve", data=form)
        assert saved.status_code == 200 and "Gespeichert" in saved.text
        assert "Fehler, die schon vorher bestanden" in saved.text
        assert "    titel: Landrat  # z. B." in file.read_text(encoding="utf-8")
        assert '<option value="K3">' in saved.text  # the state's catalogue as choice
        assert "Träger: Titel" in saved.text
        no_token = web.post("/neu", data={"traeger": "nrw/kleve", "jahr": "2025"})
        assert no_token.status_code == 403


def test_overview_rows_are_kept_until_a_file_changes(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    with client(project) as web:
        start = time.monotonic()
        first = web.get("/").text
        cold = time.monotonic() - start
        start = time.monotonic()
        assert web.get("/").text == first
        assert time.monotonic() - start < max(cold / 2, 0.2)
        file.write_text(file.read_text(encoding="utf-8").replace("status: entwurf\n", ""),
                        encoding="utf-8")
        row = next(r for r in web.get("/").text.split("<tr>") if WUPPERTAL in r)
        assert "Endfassung, unterschrieben" in row


@pytest.mark.parametrize("typed", [
    "Müller, Anna", "x}, evil: {a: 1", "Dr. A: B", "# kein Kommentar", "yes", "2021",
    "'halb", '"zitiert"', "&anker", "*alias", "!tag wert", "- Liste", "[eins]", "a\\b",
    "Name mit  zwei Leerzeichen", "Ölmühle & Söhne <GmbH>"])
def test_typed_text_reaches_the_file_as_exactly_that_text(project: Path, typed: str) -> None:
    import yaml

    file = project / f"{WUPPERTAL}.yaml"
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form["vertretung.traeger.name"] = typed  # in a flow mapping {titel: ..., name: ...}
        form["vertretung.ministerium.titel"] = typed  # not in the file yet
        form["unterzeichnung.traeger.ort"] = typed  # added to {datum: ...}
        answer = web.post(f"/v/{WUPPERTAL}", data=form)
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if answer.status_code == 200:
        assert data["vertretung"]["traeger"]["name"] == typed.strip()
        assert data["vertretung"]["ministerium"]["titel"] == typed.strip()
        assert data["unterzeichnung"]["traeger"]["ort"] == typed.strip()
        assert data["vertretung"]["traeger"]["titel"] == "Oberbürgermeister"
        assert set(data["unterzeichnung"]["traeger"]) == {"datum", "ort"}
    else:  # refused by zv check: the file is as it was
        assert answer.status_code == 422
        assert data["vertretung"]["traeger"]["name"] == "Prof. Dr. Uwe Schneidewind"


def test_windows_line_endings_stay(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form[TARGET] = "3,5"
        form["stand"] = "2020-12-01"
        form["vertretung.ministerium.name"] = "Erika Muster"
        assert web.post(f"/v/{WUPPERTAL}", data=form).status_code == 200
    data = file.read_bytes()
    assert b"wert: 3,5\r\n" in data and b"stand: 2020-12-01\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def edited_table(web: TestClient, jahr: int, kennzahl: str, wert: str) -> bytes:
    """The overview's XLSX of a year with one Wert changed, as a clerk does in Excel."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(web.get(f"/jahr/{jahr}/zielwerte.xlsx").content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Kennzahl")].value == kennzahl:
            row[header.index("Wert")].value = wert
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csrf_of(web: TestClient) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', web.get("/").text)
    assert found is not None
    return found.group(1)


def test_uploaded_table_is_checked_shown_and_written_on_confirmation(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_text(encoding="utf-8").splitlines()
    with client(project) as web:
        assert 'enctype="multipart/form-data"' in web.get("/").text
        table = edited_table(web, 2021, "K3", "3,5")
        token = csrf_of(web)
        files = {"tabelle": ("zielwerte-2021.xlsx", table)}
        assert web.post("/tabelle", data={"_csrf": "x"}, files=files).status_code == 403
        shown = web.post("/tabelle", data={"_csrf": token}, files=files)
        assert shown.status_code == 200 and "noch ist nichts geschrieben" in shown.text
        assert "→ 3,5" in shown.text
        assert file.read_text(encoding="utf-8").splitlines() == before
        action = re.search(r'action="(/tabelle/[^"]+)"', shown.text)
        assert action is not None
        done = web.post(action.group(1), data={"_csrf": token})
        assert done.status_code == 200 and "Übernommen" in done.text
        after = file.read_text(encoding="utf-8").splitlines()
        assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
            ("        wert: 2", "        wert: 3,5")]
        assert web.post(action.group(1), data={"_csrf": token}).status_code == 404

        # changed on disk between upload and confirmation: a conflict, nothing written
        shown = web.post("/tabelle", data={"_csrf": token}, files={
            "tabelle": ("t.xlsx", edited_table(web, 2021, "K3", "4,5"))})
        action = re.search(r'action="(/tabelle/[^"]+)"', shown.text)
        assert action is not None
        meanwhile = file.read_text(encoding="utf-8").replace("wert: 10", "wert: 11")
        file.write_text(meanwhile, encoding="utf-8")
        conflict = web.post(action.group(1), data={"_csrf": token})
        assert conflict.status_code == 409 and "inzwischen geändert" in conflict.text
        assert file.read_text(encoding="utf-8") == meanwhile

        bad = web.post("/tabelle", data={"_csrf": token}, files={
            "tabelle": ("t.xlsx", edited_table(web, 2021, "K3", "viel"))})
        assert bad.status_code == 422 and "t.xlsx" in bad.text and "keine Zahl" in bad.text


def test_uploaded_table_does_not_change_a_signed_endfassung(tmp_path: Path) -> None:
    project = project_copy(tmp_path, draft=False)
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_bytes()
    with client(project) as web:
        answer = web.post("/tabelle", data={"_csrf": csrf_of(web)}, files={
            "tabelle": ("t.xlsx", edited_table(web, 2021, "K3", "3,5"))})
    assert answer.status_code == 422 and "unterschriebene Endfassung" in answer.text
    assert file.read_bytes() == before


def test_zv_web_starts_serves_and_stops_on_ctrl_c(project: Path, tmp_path: Path) -> None:
    import http.cookiejar
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    (tmp_path / "leer").mkdir()
    code = ("import sys; from generator.cli.main import main; "
            "sys.exit(main(prog_name='zv'))")
    lonely = subprocess.run([sys.executable, "-c", code, "web", str(tmp_path / "leer"),
                             "--no-browser"], capture_output=True, text=True, timeout=60)
    assert lonely.returncode == 1 and "ist kein Projekt" in lonely.stderr

    for host in ("127.0.0.1", "127.0.0.2"):
        process = subprocess.Popen([sys.executable, "-c", code, "web", str(project),
                                    "--no-browser", "--port", "0", "--host", host],
                                   stderr=subprocess.PIPE, text=True)
        try:
            assert process.stderr is not None
            line = ""
            while "http://" not in line:
                line = process.stderr.readline()
                assert line, "zv web gibt keine Adresse aus"
            url = re.search(r"http://\S+", line)
            assert url is not None
            # as a browser: the token in the address once, then its cookie
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
                http.cookiejar.CookieJar()))
            with browser.open(url.group(0), timeout=30) as answer:
                assert answer.status == 200 and b"Stadt Wuppertal" in answer.read()
            if host != "127.0.0.1":
                assert "?zugang=" in url.group(0)
                bare = url.group(0).split("?")[0]
                try:
                    urllib.request.urlopen(bare, timeout=30)
                    raise AssertionError("ohne Zugangsschlüssel erreichbar")
                except urllib.error.HTTPError as error:
                    assert error.code == 403
            process.send_signal(signal.SIGINT)
            assert process.wait(30) == 0
            assert "zv web beendet" in process.stderr.read()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def test_clauses_of_a_year_as_zv_bausteine(project: Path) -> None:
    with client(project) as web:
        assert 'href="/bausteine/nrw/2021"' in web.get("/").text
        page = web.get("/bausteine/nrw/2021")
        assert page.status_code == 200
        assert "<code>ziel3.zielwerte</code>" in page.text and "Muster 2021" in page.text
        assert web.get("/bausteine/atlantis/2021").status_code == 404
        assert web.get("/bausteine/..%2Fstates%2Fnrw/2021").status_code == 404


def test_values_under_a_missing_section_make_one_section(project: Path) -> None:
    import yaml

    file = project / f"{WUPPERTAL}.yaml"
    text = file.read_text(encoding="utf-8")
    person = ("vertretung:\n  traeger: {titel: Oberbürgermeister, "
              "name: Prof. Dr. Uwe Schneidewind}\n")
    assert person in text
    file.write_text(text.replace(person, ""), encoding="utf-8")
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form["vertretung.traeger.titel"] = "Oberbürgermeister"
        form["vertretung.traeger.name"] = "Erika Muster"
        form["vertretung.ministerium.name"] = "Max Muster"
        assert web.post(f"/v/{WUPPERTAL}", data=form).status_code == 200
    new = file.read_text(encoding="utf-8")
    assert new.count("vertretung:") == 1
    assert yaml.safe_load(new)["vertretung"] == {
        "traeger": {"titel": "Oberbürgermeister", "name": "Erika Muster"},
        "ministerium": {"name": "Max Muster"}}


def test_a_file_with_errors_shows_them_and_its_frame_says_why(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("\nziele:", "\nzeile: 1\nziele:"),
                    encoding="utf-8")
    with client(project) as web:
        row = next(r for r in web.get("/").text.split("<tr>") if WUPPERTAL in r)
        assert "Fehler" in row
        page = web.get(f"/v/{WUPPERTAL}")
        assert page.status_code == 200 and "unbekanntes Feld" in page.text
        frame = web.get(f"/v/{WUPPERTAL}/dokument.html")
        assert frame.status_code == 409 and "Dokument nicht erstellt" in frame.text
        assert "<nav" not in frame.text


def test_a_file_that_cannot_be_written_is_reported(project: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from generator.web import saving

    def refuse(target: Path, data: bytes) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(saving, "write_file", refuse)  # as a file open in another program
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_bytes()
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form[TARGET] = "3,5"
        answer = web.post(f"/v/{WUPPERTAL}", data=form)
    assert answer.status_code == 422 and "kann nicht geschrieben werden" in answer.text
    assert file.read_bytes() == before


def test_the_page_can_ask_whether_its_file_changed(project: Path) -> None:
    file = project / f"{WUPPERTAL}.yaml"
    with client(project) as web:
        page = web.get(f"/v/{WUPPERTAL}").text
        shown = re.search(r'data-stand="([0-9a-f]{64})"', page)
        assert shown is not None
        assert web.get(f"/v/{WUPPERTAL}/stand.txt").text == shown.group(1)
        file.write_text(file.read_text(encoding="utf-8") + "# neu\n", encoding="utf-8")
        assert web.get(f"/v/{WUPPERTAL}/stand.txt").text != shown.group(1)
        assert "connect-src 'self'" in web.get("/").headers["content-security-policy"]


EMSLAND = "agreements/2023/niedersachsen/emsland"


def test_own_texts_are_edited_in_their_style(project: Path) -> None:
    import yaml

    file = project / f"{EMSLAND}.yaml"
    before = file.read_text(encoding="utf-8")
    with client(project) as web:
        page = web.get(f"/v/{EMSLAND}").text
        for name in ("rahmenbedingungen.0", "ziele.weitere.0.text",
                     "ziele.weitere.0.umsetzungsschritte.0", "ziele.weitere.0.erreicht_wenn"):
            assert f'name="{name}"' in page and "<textarea" in page
        assert 'name="ziele.weitere.0.titel"' in page
        form = form_of(page)
        assert form["rahmenbedingungen.0"].startswith("Erfundener Beispieltext: Für das Land")
        paragraph = ("Neu: Für das Land Niedersachsen wird für 2023 eine leichte Erholung "
                     "erwartet; die Zahl der Arbeitslosen sinkt voraussichtlich leicht, "
                     "vor allem bei den Langzeitarbeitslosen (siehe: Bericht # 3).")
        form["rahmenbedingungen.0"] = paragraph + "\r\n\r\nZweiter Absatz."
        # a step stands in a list item: one line (issue 25), with YAML's special signs
        form["ziele.weitere.0.umsetzungsschritte.0"] = "- Schritt eins: mehr # kein Kommentar"
        saved = web.post(f"/v/{EMSLAND}", data=form)
        assert saved.status_code == 200, saved.text
    text = file.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["rahmenbedingungen"][0] == paragraph + "\n\nZweiter Absatz."
    assert data["ziele"]["weitere"][0]["umsetzungsschritte"][0] == (
        "- Schritt eins: mehr # kein Kommentar")
    assert "rahmenbedingungen:\n  - >-\n    Neu: Für das Land" in text  # still folded
    old = yaml.safe_load(before)
    old["rahmenbedingungen"][0] = data["rahmenbedingungen"][0]
    old["ziele"]["weitere"][0]["umsetzungsschritte"][0] = (
        data["ziele"]["weitere"][0]["umsetzungsschritte"][0])
    assert old == data
    # the lines around the texts are untouched
    assert text.split("rahmenbedingungen:")[0] == before.split("rahmenbedingungen:")[0]
    assert text.split("haushalt:")[1] .split("ziele:")[0] == \
        before.split("haushalt:")[1].split("ziele:")[0]


def test_any_text_is_written_exactly_or_refused() -> None:
    """Property: whatever a clerk types into a text area or field, the file reads back as
    exactly that text at that place and nothing else changed, or nothing is written."""
    import yaml
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.cycle.nextyear import apply
    from generator.web import fields, prose
    from generator.web import yamlwrite as W

    source = (ROOT / f"{EMSLAND}.yaml").read_text(encoding="utf-8")
    items = fields.items_of(source)
    places = [("rahmenbedingungen", 0), ("ziele", "weitere", 0, "umsetzungsschritte", 0),
              ("ziele", "weitere", 0, "erreicht_wenn"), ("vertretung", "traeger", "name")]
    alphabet = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                             include_characters="\n\t#:-'\"{}[]>|&*!%@`")

    @settings(max_examples=150, deadline=None)
    @given(st.sampled_from(places), st.text(alphabet, max_size=200))
    def check(path: tuple[str | int, ...], typed: str) -> None:
        value = prose.normal(typed)
        node = prose.node_at(items, path)
        assert isinstance(node, yaml.ScalarNode)
        found = prose.edit(source, items, path, node, value)
        if found is None:
            return
        new = apply(source, [found])
        assert W.only_these(source, new, {path})
        data = yaml.safe_load(new)
        for part in path:
            data = data[part]
        assert data == value

    check()


def test_earlier_versions_from_git_compared_with_now(project: Path) -> None:
    import shutil as tools
    import subprocess

    with client(project) as web:
        assert "Ohne git" in web.get(f"/verlauf/{WUPPERTAL}").text
    if tools.which("git") is None:
        pytest.skip("git ist nicht installiert")
    git = ["git", "-C", str(project), "-c", "user.name=Test", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Entwurf 2021"], check=True)
    with client(project) as web:
        form = form_of(web.get(f"/v/{WUPPERTAL}").text)
        form[TARGET] = "3,5"
        assert web.post(f"/v/{WUPPERTAL}", data=form).status_code == 200
        listing = web.get(f"/verlauf/{WUPPERTAL}").text
        assert "Entwurf 2021" in listing
        commit = re.search(r"fassung=([0-9a-f]{40})", listing)
        assert commit is not None
        chosen = web.get(f"/verlauf/{WUPPERTAL}", params={"fassung": commit.group(1)}).text
        assert "bericht.html?fassung=" in chosen and "aenderungen.docx" in chosen
        report = web.get(f"/verlauf/{WUPPERTAL}/bericht.html",
                         params={"fassung": commit.group(1)})
        assert report.status_code == 200 and "3,5" in report.text
        assert f"Fassung {commit.group(1)[:8]}" in report.text
        redline = web.get(f"/verlauf/{WUPPERTAL}/aenderungen.docx",
                          params={"fassung": commit.group(1)})
        assert redline.status_code == 200 and redline.content[:2] == b"PK"
        for bogus in ("HEAD", "--output=/tmp/x", "0" * 40):
            assert web.get(f"/verlauf/{WUPPERTAL}/bericht.html",
                           params={"fassung": bogus}).status_code == 404
        assert web.get("/verlauf/states/nrw").status_code == 404
    assert not list((project / "agreements/2021/nrw").glob(".*"))  # no staged file left


def test_a_returned_draft_is_checked_shown_and_taken_over(project: Path) -> None:
    from generator import api

    from .test_import import edited

    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_text(encoding="utf-8").splitlines()
    docx = edited(api.render(file, ("docx",))["docx"], [("15,4", "16,2")], None)
    with client(project) as web:
        assert 'action="/ruecklauf"' in web.get("/").text
        token = csrf_of(web)
        files = {"ruecklauf": ("ruecklauf.docx", docx)}
        assert web.post("/ruecklauf", data={"_csrf": "x"}, files=files).status_code == 403
        shown = web.post("/ruecklauf", data={"_csrf": token}, files=files)
        assert shown.status_code == 200, shown.text
        assert "16,2" in shown.text and file.read_text(encoding="utf-8").splitlines() == before
        action = re.search(r'action="(/ruecklauf/[^"]+)"', shown.text)
        assert action is not None
        done = web.post(action.group(1), data={"_csrf": token})
        assert done.status_code == 200 and "Übernommen" in done.text
        after = file.read_text(encoding="utf-8").splitlines()
        assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
            ("        wert: 15,4", "        wert: 16,2")]
        # a DOCX that names no agreement of this project
        other = web.post("/ruecklauf", data={"_csrf": token},
                         files={"ruecklauf": ("x.docx", b"kein zip")})
        assert other.status_code == 422 and "nichts wurde geschrieben" in other.text


def test_a_signed_text_becomes_a_new_agreement_in_two_steps(project: Path) -> None:
    """The overview's form for a signed agreement zv did not write: the summary and the
    new file first, nothing written; "Anlegen" writes it; bad input is a clear 422."""
    (project / f"{WUPPERTAL}.yaml").unlink()
    text = (ROOT / "tests" / "data" / "references" / "wuppertal_2021.txt").read_bytes()
    fields = {"land": "nrw", "jahr": "2021", "traeger": "wuppertal"}
    with client(project) as web:
        assert 'action="/unterschrieben"' in web.get("/").text
        token = csrf_of(web)
        files = {"unterschrieben": ("wuppertal.txt", text)}
        assert web.post("/unterschrieben", data={"_csrf": "x", **fields},
                        files=files).status_code == 403
        shown = web.post("/unterschrieben", data={"_csrf": token, **fields}, files=files)
        assert shown.status_code == 200, shown.text
        assert "Prof. Dr. Uwe Schneidewind" in shown.text and "100,0 %" in shown.text
        assert not (project / f"{WUPPERTAL}.yaml").exists()
        action = re.search(r'action="(/unterschrieben/[^"]+)"', shown.text)
        assert action is not None
        done = web.post(action.group(1), data={"_csrf": token})
        assert done.status_code == 200 and "Angelegt" in done.text
        assert "wert: 15,4" in (project / f"{WUPPERTAL}.yaml").read_text(encoding="utf-8")
        # never over an existing file, and an unknown Träger with close matches
        again = web.post("/unterschrieben", data={"_csrf": token, **fields}, files=files)
        assert again.status_code == 422 and "gibt es schon" in again.text
        wrong = web.post("/unterschrieben", data={"_csrf": token, **fields,
                                                   "traeger": "wupertal"}, files=files)
        assert wrong.status_code == 422 and "meinten Sie" in wrong.text
        odd = web.post("/unterschrieben", data={"_csrf": token, **fields},
                       files={"unterschrieben": ("x.exe", b"MZ")})
        assert odd.status_code == 422 and "nichts wurde geschrieben" in odd.text
