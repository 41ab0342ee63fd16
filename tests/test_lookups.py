"""Folder lookups are remembered in batch workers only, and change nothing there."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from generator import api
from generator.sources import project, resolve

from .conftest import AGREEMENTS, ROOT

_HASHES = ("import hashlib, sys\nfrom pathlib import Path\nfrom generator import api\n"
           "from generator.sources import project\n"
           "if sys.argv[1] == 'keep':\n    project.keep_lookups()\n"
           "for name in sys.argv[2:]:\n    for _ in range(2):\n"
           "        out = api.render(Path(name), ['md', 'html', 'docx'])\n"
           "    print(name, *(hashlib.sha256(out[f]).hexdigest() for f in sorted(out)))\n")


def _hashes(keep: bool) -> str:
    done = subprocess.run([sys.executable, "-c", _HASHES, "keep" if keep else "look",
                           *map(str, AGREEMENTS)], capture_output=True, text=True,
                          check=True, cwd=ROOT, timeout=300)
    return done.stdout


def test_remembered_lookups_give_the_same_documents() -> None:
    here = [f"{name} " + " ".join(hashlib.sha256(out[f]).hexdigest() for f in sorted(out))
            for name, out in ((str(a), api.render(a, ["md", "html", "docx"]))
                              for a in AGREEMENTS)]
    assert _hashes(keep=True).splitlines() == here
    assert _hashes(keep=False).splitlines() == here


def test_outside_a_worker_a_new_sentence_form_is_seen_at_once(tmp_path: Path) -> None:
    assert project._found is None  # the test process is no batch worker
    folder = tmp_path / "familie"
    shutil.copytree(ROOT / "templates" / "nrw", folder)
    before = resolve.forms([folder])
    (folder / resolve.FORMS).mkdir(exist_ok=True)
    (folder / resolve.FORMS / "neu.md.j2").write_text("Text", encoding="utf-8")
    assert resolve.forms([folder]) == before | {"neu"}


def test_looked_up_remembers_only_when_asked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def find() -> int:
        calls.append(1)
        return len(calls)

    assert project.looked_up(("x",), find) == 1
    assert project.looked_up(("x",), find) == 2
    monkeypatch.setattr(project, "_found", {})
    assert project.looked_up(("x",), find) == 3
    assert project.looked_up(("x",), find) == 3
