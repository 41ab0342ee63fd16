"""Which outputs are current: fingerprints of the inputs and the stamp file beside the
outputs (`.zv-stand.json`, output path -> fingerprint of what it was made from).

A fingerprint covers the agreement file's bytes, the project's whole states/ and
templates/ folders and zv's own code. The agreement is not parsed, so the question
"unchanged?" needs no YAML library: `zv render` answers it before it imports the
rendering stack, and quick.py answers it without Click. Paths are plain strings here;
with pathlib this was most of an unchanged run's time.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from . import __version__, lifetime
from . import files as places
from .errors import SetupError, ZvError, os_message
from .sources import project

STAMP_FILE = ".zv-stand.json"


class Fingerprints:
    """Hash of everything an output depends on; folders hashed once per run."""

    def __init__(self) -> None:
        self._trees: dict[str, bytes] = {}
        self._roots: dict[Path, str] = {}
        # zv's code by the rule Python uses for its .pyc files: size and modification
        # time of each source file (an unchanged run would otherwise read them all).
        code = hashlib.sha256(__version__.encode())
        for relative, source in files_below(os.path.dirname(__file__), ".py"):
            found = os.stat(source)
            code.update(f"{relative}\0{found.st_size}\0{found.st_mtime_ns}\0".encode())
        self._code = code.hexdigest().encode()

    def _tree(self, folder: str) -> bytes:
        if folder not in self._trees:
            digest = hashlib.sha256()
            for relative, item in files_below(folder):
                digest.update(relative.encode() + b"\0")
                with open(item, "rb") as handle:
                    digest.update(handle.read())
            self._trees[folder] = digest.hexdigest().encode()
        return self._trees[folder]

    def of(self, file: Path) -> str | None:
        try:
            found = os.stat(file)
            if not stat.S_ISREG(found.st_mode) or found.st_size > places.MAX_BYTES:
                return None
            with open(file, "rb") as handle:
                data = handle.read()
            if file.parent not in self._roots:
                self._roots[file.parent] = str(project.project_root(file.parent))
            root = self._roots[file.parent]
            digest = hashlib.sha256(self._code + data)
            digest.update(self._tree(os.path.join(root, "states")))
            digest.update(self._tree(os.path.join(root, "templates")))
        except (OSError, ValueError, ZvError):
            return None  # rendering will report the problem; without a print, no skipping
        return digest.hexdigest()


def files_below(folder: str, suffix: str = "") -> list[tuple[str, str]]:
    """(path relative to `folder` with "/", path) of every file below it, sorted as
    pathlib sorts them; nothing for a missing folder."""
    found = []
    for where, folders, names in os.walk(folder):
        folders.sort()
        relative = os.path.relpath(where, folder).replace(os.sep, "/")
        for name in names:
            if name.endswith(suffix):
                path = os.path.join(where, name)
                if os.path.isfile(path):
                    found.append((name if relative == "." else f"{relative}/{name}", path))
    return sorted(found, key=lambda pair: pair[0].split("/"))


class Outputs:
    """The outputs of one run in `out_dir`: whose they are, whether they are current,
    and their new stamps. Removes dead runs' temporary files from each output folder
    as it is first met."""

    def __init__(self, out_dir: Path, formats: list[str] | tuple[str, ...]) -> None:
        self.out_dir = out_dir
        self.formats = formats
        self.stamps = _load(out_dir)
        self.prints = Fingerprints()
        # Outputs as absolute path strings: the stamp file's keys.
        self._resolved = str(out_dir.resolve())
        self._owners: dict[str, Path] = {}
        self._stems: dict[Path, str] = {}
        lifetime.remove_stale_temp_files(out_dir)  # the stamp file's
        self.folders = {self._resolved}  # every output folder met (for the janitor)
        self._changed = False

    def claim(self, file: Path) -> Path | None:
        """Take the output places of `file`. Returns the file that has them already,
        if any: `file` itself when it is named twice, else another file."""
        stem = self._stem(file)
        owner = self._owners.get(stem)
        if owner is not None:
            return owner
        self._owners[stem] = file
        folder = os.path.dirname(stem)
        if folder not in self.folders:
            lifetime.remove_stale_temp_files(Path(folder))
            self.folders.add(folder)
        return None

    def current(self, file: Path, fingerprint: str | None) -> bool:
        """Whether every output of `file` is there and was made from `fingerprint`."""
        if fingerprint is None:
            return False
        stem = self._stem(file)
        return all(self.stamps.get(f"{stem}.{ext}") == fingerprint
                   and os.path.isfile(f"{stem}.{ext}") for ext in self.formats)

    def _stem(self, file: Path) -> str:
        """The file's outputs without extension, as an absolute path (one realpath)."""
        if file not in self._stems:
            self._stems[file] = os.path.join(self._resolved, *places.output_base(file))
        return self._stems[file]

    def stamp(self, written: list[Path], fingerprint: str) -> None:
        for target in written:
            key = os.path.join(self._resolved, *target.relative_to(self.out_dir).parts)
            self.stamps[key] = fingerprint
            self._changed = True

    def save(self) -> None:
        """Write the stamp file if a stamp changed."""
        if not self._changed:
            return
        target = self.out_dir / STAMP_FILE
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            places.write_file(target, json.dumps(self.stamps, indent=1, sort_keys=True)
                              .encode("utf-8"))
        except OSError as exc:
            raise SetupError(f"{target}: Stand kann nicht gespeichert werden "
                             f"({os_message(exc)}); die Dateien werden beim nächsten Lauf "
                             "neu erstellt") from None


def _load(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
