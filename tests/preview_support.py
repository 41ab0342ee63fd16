"""Shared by the preview tests: a copied mini project and a server run in a thread."""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.preview.server import PreviewServer

from .conftest import ROOT

WUPPERTAL = Path("agreements/2021/nrw/wuppertal.yaml")
WAIT_SECONDS = 10.0


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
def serving(target: Path) -> Iterator[PreviewServer]:
    """A preview of `target` on a free port of 127.0.0.1, stopped afterwards."""
    server = PreviewServer(target, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "Vorschau startet nicht"
            time.sleep(0.02)
        yield server
    finally:
        server.stop()
        thread.join(WAIT_SECONDS)
        assert not thread.is_alive(), "Vorschau endet nicht"


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
