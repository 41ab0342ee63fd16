"""zv preview in a real browser: Chromium from Debian's packages, driven by Selenium.

Skipped where Chromium is missing; on CI (CI=true) that is an error, as .ci/run installs
it. With ZV_DOC_BILDER=1 the test also writes the screenshot of the docs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT
from .preview_support import WUPPERTAL, chromium_driver, edit, mini_project, serving

SCREENSHOT = ROOT / "docs" / "bilder" / "vorschau.png"
# Chromium as root in a closed network: no sandbox, no GPU, nothing that phones home.
@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    with chromium_driver(tmp_path, page_seconds=20, script_seconds=10) as driver:
        yield driver


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
