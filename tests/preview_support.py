"""Shared by the preview tests: a copied mini project and a server run in a thread."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest

from generator.preview.server import PreviewServer

from .conftest import ROOT

WUPPERTAL = Path("agreements/2021/nrw/wuppertal.yaml")
WAIT_SECONDS = 10.0


class _Server(Protocol):
    @property
    def started(self) -> bool: ...
    def run(self) -> None: ...
    def stop(self) -> None: ...


S = TypeVar("S", bound=_Server)


def mini_project(tmp_path: Path, *agreements: Path) -> Path:
    """A copy of states/, templates/ and the given agreements (default: Wuppertal 2021)."""
    project = tmp_path / "projekt"
    for folder in ("states", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    for agreement in agreements or (WUPPERTAL,):
        (project / agreement).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / agreement, project / agreement)
    return project


@contextlib.contextmanager
def running(server: S, what: str) -> Iterator[S]:
    """`server` (a preview or zv web) run in a thread until the block ends."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, f"{what} startet nicht"
            time.sleep(0.02)
        yield server
    finally:
        server.stop()
        thread.join(WAIT_SECONDS)
        assert not thread.is_alive(), f"{what} endet nicht"


@contextlib.contextmanager
def serving(target: Path) -> Iterator[PreviewServer]:
    """A preview of `target` on a free port of 127.0.0.1, stopped afterwards."""
    with running(PreviewServer(target, "127.0.0.1", 0), "Vorschau") as server:
        yield server


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


@contextlib.contextmanager
def chromium_driver(tmp_path: Path, page_seconds: float, script_seconds: float
                    ) -> Iterator[Any]:
    """Debian's Chromium driven by Selenium, with a profile of its own; skipped where it
    is not installed (on CI its absence fails)."""
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
    driver.set_page_load_timeout(page_seconds)
    driver.set_script_timeout(script_seconds)
    try:
        yield driver
    finally:
        driver.quit()


def get(server: PreviewServer, path: str) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(server.url.rstrip("/") + path)
    try:
        with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def page(server: PreviewServer, path: str = "/") -> str:
    status, body, _ = get(server, path)
    assert status == 200
    return body.decode("utf-8")


def edit(file: Path, old: str, new: str) -> None:
    """Change the file as an editor does: write a new file, rename it over the old one."""
    text = file.read_text(encoding="utf-8")
    assert old in text
    staged = file.with_name(f".{file.name}.neu")
    staged.write_text(text.replace(old, new, 1), encoding="utf-8")
    staged.replace(file)


def until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
