"""A loaded agreement: the record every stage after loading reads (compose, writers, the
yearly cycle's checks and tables, `zv diff`, the preview). Below all of them, so that
none has to import the pipeline to name it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .model import Agreement, Familientext, State
from .view import View


@dataclass(frozen=True)
class Loaded:
    """A validated agreement with everything needed to render it."""

    file: Path
    root: Path
    agreement: Agreement
    state: State
    view: View
    warnings: tuple[Problem, ...]
    text: Familientext
    folders: tuple[Path, ...]
    inputs: tuple[Path, ...]  # every file the document depends on, for watching and stamps
    source: bytes = b""  # the agreement file's bytes as read for this record
