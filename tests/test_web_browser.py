"""zv web in a real browser (Debian's Chromium through Selenium), with axe-core.

Skipped where Chromium is missing (an error on CI, as for the preview). axe-core comes
with the dev extra `axe-core-python`, which brings axe.min.js along: no network. With
ZV_DOC_BILDER=1 the test also writes the screenshots of docs/web.md.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.web.server import WebServer

from .conftest import ROOT
from .preview_support import chromium_driver, running
from .test_web import TARGET, WUPPERTAL, project_copy

PICTURES = ROOT / "docs" / "bilder"
WAIT_SECONDS = 10.0


def serving(project: Path) -> contextlib.AbstractContextManager[WebServer]:
    # no LibreOffice meanwhile
    return running(WebServer(project, "127.0.0.1", 0, ahead=False), "zv web")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium_driver(tmp_path, page_seconds=30, script_seconds=60) as driver:
        yield driver


def serious_findings(driver: Any) -> list[str]:
    """axe-core's serious and critical findings on the page, its frame included."""
    from axe_core_python.base import AXE_SCRIPT

    driver.execute_script(AXE_SCRIPT)
    for frame in driver.find_elements("css selector", "iframe"):
        driver.switch_to.frame(frame)
        driver.execute_script(AXE_SCRIPT)
        driver.switch_to.default_content()
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))))"
        ".catch(e => done([{id: 'axe-fehler', impact: 'critical', help: String(e),"
        " nodes: []}]))")
    return [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in result
            if v["impact"] in ("serious", "critical")]


def test_overview_and_agreement_in_chromium(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    project = project_copy(tmp_path)
    file = project / f"{WUPPERTAL}.yaml"
    before = file.read_text(encoding="utf-8").splitlines()
    pictures = bool(os.environ.get("ZV_DOC_BILDER"))
    with serving(project) as server:
        browser.get(server.url)
        assert browser.find_element(By.TAG_NAME, "h1").text == "Vereinbarungen"
        assert serious_findings(browser) == []
        if pictures:
            PICTURES.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(PICTURES / "web-uebersicht.png"))

        # Keyboard only: the filter, then the link to Wuppertal 2021.
        browser.find_element(By.ID, "filter-jahr").send_keys("2021")
        browser.find_element(By.CSS_SELECTOR, ".zv-filter button").send_keys(Keys.ENTER)
        WebDriverWait(browser, 5).until(lambda d: "jahr=2021" in d.current_url)
        link = browser.find_element(By.CSS_SELECTOR, f'a[href="/v/{WUPPERTAL}"]')
        assert link.text == "Stadt Wuppertal"
        link.send_keys(Keys.ENTER)
        WebDriverWait(browser, 5).until(lambda d: d.current_url.endswith(WUPPERTAL))
        assert serious_findings(browser) == []

        field = browser.find_element(By.NAME, TARGET)
        label = browser.find_element(By.CSS_SELECTOR, f'label[for="{field.get_attribute("id")}"]')
        assert label.is_displayed() and label.text
        field.clear()
        field.send_keys("3,5", Keys.ENTER)  # Enter saves
        start = time.monotonic()

        def shown(driver: Any) -> bool:
            try:
                driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))
                text = driver.execute_script("return document.body.innerText")
            except Exception:
                return False
            finally:
                driver.switch_to.default_content()
            return "mehr als 3,5" in str(text).replace("\u00ad", "").replace("\u00a0", " ")

        WebDriverWait(browser, 2).until(shown)
        assert time.monotonic() - start < 2.0
        assert "Gespeichert" in browser.find_element(By.CSS_SELECTOR, ".zv-gespeichert").text
        after = file.read_text(encoding="utf-8").splitlines()
        assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
            ("        wert: 2", "        wert: 3,5")]
        assert serious_findings(browser) == []
        if pictures:
            browser.save_screenshot(str(PICTURES / "web-vereinbarung.png"))

        # Changed in an editor meanwhile: the page says so before a save is refused.
        file.write_text(file.read_text(encoding="utf-8") + "# im Editor\n", encoding="utf-8")
        WebDriverWait(browser, 5).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, "main .zv-konflikt[role=alert]"))
        assert "inzwischen geändert" in browser.find_element(
            By.CSS_SELECTOR, "main .zv-konflikt").text


def test_signed_coesfeld_has_no_editable_field(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    project = project_copy(tmp_path, draft=False)
    with serving(project) as server:
        browser.get(server.url.rstrip("/") + "/v/agreements/2014/nrw/coesfeld")
        controls = browser.find_elements(By.CSS_SELECTOR, "form input:not([type=hidden]), "
                                         "form select, form textarea, form button")
        assert controls and all(not c.is_enabled() for c in controls
                                if c.tag_name != "button")
        assert not browser.find_elements(By.CSS_SELECTOR, "form button")
        assert "Nur lesbar" in browser.find_element(By.ID, "gesperrt").text
        assert serious_findings(browser) == []


def test_comparison_new_agreement_and_clause_pages_in_chromium(tmp_path: Path,
                                                               browser: Any) -> None:
    import shutil

    from selenium.webdriver.common.by import By

    project = project_copy(tmp_path)
    shutil.copyfile(project / f"{WUPPERTAL}.yaml", project / "agreements/2021/nrw/alt.yaml")
    with serving(project) as server:
        browser.get(f"{server.url}vergleich?alt=agreements/2021/nrw/alt&neu={WUPPERTAL}")
        frame = browser.find_element(By.CSS_SELECTOR, "iframe.zv-bericht")
        assert frame.get_attribute("title")
        assert serious_findings(browser) == []
        browser.get(f"{server.url}neu")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Neue Vereinbarung"
        assert serious_findings(browser) == []
        browser.get(f"{server.url}v/agreements/2023/niedersachsen/emsland")  # own texts
        assert browser.find_elements(By.TAG_NAME, "textarea")
        assert serious_findings(browser) == []
        browser.get(f"{server.url}verlauf/{WUPPERTAL}")
        assert serious_findings(browser) == []
        browser.get(f"{server.url}bausteine/nrw/2021")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Bausteine nrw 2021"
        assert serious_findings(browser) == []
