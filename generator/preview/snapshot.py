"""What the preview shows of each agreement: the last good page and the current problems.

A refresh runs the same pipeline as `zv check` and `zv render`. A file with errors
keeps its last good page, so the clerk still sees the document while fixing the file.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import api
from ..errors import InputError, Problem, ZvError


@dataclass(frozen=True)
class Shown:
    """One state of an agreement's preview; replaced whole, so readers need no lock."""

    html: bytes | None = None  # the last page rendered without errors
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    final: bool = False  # status: endfassung (the default), not entwurf
    since: dt.datetime = field(default_factory=dt.datetime.now)

    def same(self, other: Shown) -> bool:
        return (self.html, self.errors, self.warnings, self.final) == (
            other.html, other.errors, other.warnings, other.final)


class Preview:
    """One agreement file under preview."""

    def __init__(self, file: Path, key: str) -> None:
        self.file = file  # as the user gave it, so messages read like those of zv check
        self.key = key
        self.shown = Shown()
        self.refreshed = False

    @property
    def path(self) -> Path:
        return self.file.resolve()

    @property
    def root(self) -> Path:
        return api.project_root(self.file.parent)

    def refresh(self) -> bool:
        """Check and render again; True if what the preview shows has changed."""
        old = self.shown
        html, errors, warnings = old.html, [], []
        try:
            warnings = api.check(self.file)
            html = api.render(self.file, ["html"])["html"]
        except InputError as exc:  # the warnings that come with errors stay warnings
            errors = ([p for p in exc.problems if not p.warning]
                      or [Problem(self.file, 0, 0, "", str(exc))])
            warnings = [p for p in exc.problems if p.warning]
        except ZvError as exc:
            errors = [Problem(self.file, 0, 0, "", str(exc))]
        except Exception as exc:  # a bug must not end the preview the clerk is using
            errors = [Problem(self.file, 0, 0, "", f"interner Fehler: {exc!r}")]
        new = Shown(html, tuple(errors), tuple(warnings), _signed(self.file))
        self.refreshed = True
        if new.same(old):
            return False
        self.shown = new
        return True


def _signed(file: Path) -> bool:
    """Endfassung unless the file says `status: entwurf` (read from the file itself, so a
    file with errors keeps its mark)."""
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return not (isinstance(data, dict) and data.get("status") == "entwurf")


class Project:
    """The agreements under preview: one file, or every agreement below a folder."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.folder = target if target.is_dir() else None
        self.previews: dict[str, Preview] = {}
        self._lock = threading.Lock()  # rescans come from requests and the watcher
        self.rescan()

    def rescan(self) -> list[Preview]:
        """Find the agreements again (folder mode); returns the ones new since last time."""
        with self._lock:
            if self.folder is None:
                if not self.previews:
                    self.previews[""] = Preview(self.target, "")
                return [p for p in self.previews.values() if not p.refreshed]
            found = {}
            for file in api.find_agreements([self.folder]):
                key = file.relative_to(self.folder).with_suffix("").as_posix()
                found[key] = self.previews.get(key) or Preview(file, key)
            self.previews = found
            return [p for p in found.values() if not p.refreshed]

    def refresh(self, changed: set[Path] | None = None) -> list[Preview]:
        """Refresh the agreements that depend on a changed file (all if None); returns
        those whose preview changed."""
        if self.folder is not None and (changed is None or any(
                p.suffix in (".yaml", ".yml") for p in changed)):
            self.rescan()
        return [preview for preview in list(self.previews.values())
                if (changed is None or not preview.refreshed or _affects(changed, preview))
                and preview.refresh()]

    def get(self, key: str) -> Preview | None:
        return self.previews.get(key)


def summary(preview: Preview) -> list[str]:
    """What a refresh found, as lines for the terminal (like zv check)."""
    shown = preview.shown
    if shown.errors:
        state = f"{len(shown.errors)} Fehler, angezeigt wird der letzte fehlerfreie Stand"
    elif shown.warnings:
        state = f"aktualisiert, {len(shown.warnings)} Warnung" + (
            "en" if len(shown.warnings) > 1 else "")
    else:
        state = "aktualisiert"
    lines = [f"{shown.since:%H:%M:%S} {preview.file}: {state}"]
    return lines + [p.format() for p in (*shown.errors, *shown.warnings)]


def _affects(changed: set[Path], preview: Preview) -> bool:
    shared = (preview.root / "states", preview.root / "templates")
    return any(path == preview.path or any(path.is_relative_to(f) for f in shared)
               for path in changed)
