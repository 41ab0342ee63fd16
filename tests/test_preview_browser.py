"""zv preview in a real browser: Chromium from Debian's packages, driven by Selenium.

Skipped where Chromium is missing; on CI (CI=true) that is an error, as .ci/run installs
it. With ZV_DOC_BILDER=1 the test also writes the screenshot of the docs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT
from .preview_support import WUPPERTAL, edit, mini_project, serving

SCREENSHOT = ROOT / "docs" / "bilder" / "vorschau.png"
# Chromium as root in a closed network: no sandbox, no GPU, nothing that phones home.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1200,900", "--lang=de-DE"]


def chromium() -> tuple[str, str] | None:
    """Chromium and its driver; on CI their absence is an error, not a reason to skip."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if (browser is None or driver is None) and os.environ.get("CI"):
        pytest.fail("Chromium fehlt: .ci/run muss chromium und chromium-driver installieren")
    return (browser, driver) if browser and driver else None


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    found = chromium()
    if found is None:
        pytest.skip("Chromium (chromium, chromium-driver) ist nicht installiert")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = found[0]
    for argument in [*CHROMIUM_ARGS, f"--user-data-dir={tmp_path / 'chromium-profil'}"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(found[1]), options=options)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(10)
    try:
        yield driver
    finally:
        driver.quit()


def test_page_follows_the_file_in_the_browser(tmp_path: Path, browser: object,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    monkeypatch.chdir(mini_project(tmp_path))  # the clerk's view: a path in the project
    file = WUPPERTAL

    # Read in one script: an element found first may be swapped before it is read.
    def main_text() -> str:
        return str(browser.execute_script("return document.querySelector('main').innerText"))

    def panel_text() -> str:
        return str(browser.execute_script(
            "return document.getElementById('zv-vorschau').innerText"))

    with serving(file) as server:
        browser.get(server.url)
        assert "Stadt Wuppertal" in main_text()
        browser.execute_script("document.querySelector('main h2:nth-of-type(2)')"
                               ".scrollIntoView()")
        scrolled = browser.execute_script("return window.scrollY")
        assert scrolled > 0
        # The page opened its event stream; give it the moment a browser needs for that.
        WebDriverWait(browser, 5).until(lambda _: browser.execute_script(
            "return document.documentElement.dataset.zvLive === 'ja'"))

        edit(file, "wert: 15,4", "wert: 17,9")
        WebDriverWait(browser, 2).until(lambda _: "17,9" in main_text())
        marked = browser.execute_script("return Array.from(document.querySelectorAll("
                                        "'main .zv-geaendert'), e => e.innerText)")
        assert any("17,9" in text for text in marked)
        assert abs(browser.execute_script("return window.scrollY") - scrolled) < 5

        edit(file, "\nziele:", "\nunbekannt: 1\nziele:")
        line = file.read_text(encoding="utf-8").splitlines().index("unbekannt: 1") + 1
        WebDriverWait(browser, 2).until(lambda _: "Fehler" in panel_text())
        panel = panel_text()
        assert f"wuppertal.yaml:{line}:1: unbekannt:" in panel
        assert f"{line} | unbekannt: 1" in panel
        assert "17,9" in main_text() and "Stadt Wuppertal" in main_text()
        if os.environ.get("ZV_DOC_BILDER"):
            browser.execute_script("window.scrollTo(0, 0)")
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(SCREENSHOT))

        edit(file, "\nunbekannt: 1\n", "\n")
        WebDriverWait(browser, 2).until(lambda _: "Fehler" not in panel_text())
        assert "17,9" in main_text()

        edit(file, "wert: 14,7", "wert: 13,2")  # marks only what changed this time
        WebDriverWait(browser, 2).until(lambda _: "13,2" in main_text())
        marked = browser.execute_script("return Array.from(document.querySelectorAll("
                                        "'main .zv-geaendert'), e => e.innerText)")
        assert any("13,2" in text for text in marked)
        assert not any("17,9" in text for text in marked)
