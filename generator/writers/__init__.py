"""Writers: one module per format, each `write(job) -> bytes`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SetupError
from ..files import FORMATS as FORMATS  # the formats zv writes itself

if TYPE_CHECKING:
    from ..text.document import Block


@dataclass(frozen=True)
class Job:
    """Everything a writer needs: the canonical text, its blocks and the document's facts."""

    markdown: str
    blocks: tuple[Block, ...]
    folders: tuple[Path, ...]
    kurzname: str
    titel: str
    jahr: int
    stand: dt.date
    # A draft's mark for the footer, "Entwurf, Stand 30.11.2021"; empty for a final version.
    entwurf: str = ""
    # Words of proper names (people, places, parties), lower case: never hyphenated.
    names: frozenset[str] = frozenset()
    # Custom document properties of the DOCX (name, text): the agreement file and its
    # fingerprint, read back by `zv import`.
    eigenschaften: tuple[tuple[str, str], ...] = ()

    def asset(self, name: str) -> Path:
        """A layout file of the family (frame.docx, style.css), falling back to _base."""
        return asset(self.folders, name)


def asset(folders: tuple[Path, ...], name: str) -> Path:
    """A layout file in the first of `folders` that has it (the family's, then _base)."""
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    searched = ", ".join(str(f) for f in folders)
    raise SetupError(f"Layoutdatei '{name}' nicht gefunden (gesucht in: {searched})")




def write(fmt: str, job: Job) -> bytes:
    if fmt == "md":
        return job.markdown.encode("utf-8")
    if fmt == "html":
        from . import html

        return html.write(job)
    if fmt == "docx":
        from . import docx

        return docx.write(job)
    raise SetupError(f"unbekanntes Format '{fmt}'")
