"""An agreement file's text, changed in memory, rendered to the paragraphs a DOCX would hold.

The import tries values by rendering: the agreement's other sources stay as found once,
only the agreement's own YAML text changes. The body is built in the family frame as
the DOCX writer builds it and read back as word tokens (compare/docx_words), so that
it compares with a returned DOCX alike.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .. import api
from ..compare.docx_words import Item, read_items
from ..loaded import Loaded
from ..sources.data import validate
from ..sources.read import read
from ..sources.resolve import Sources, resolve
from ..sources.yamlread import Located, load_yaml
from ..text import document
from ..view import build as build_view
from ..writers import docx as docx_writer
from .wordfile import unstyled


class Renderer:
    """Renders variants of one agreement file (its text) with the same other sources."""

    def __init__(self, file: Path, content: bytes | None = None) -> None:
        """`content`: the agreement's text when it is not (yet) the file's."""
        self.file = file
        self.sources: Sources = resolve(file, content)
        self.loaded = api.load(file, content)
        self.merged = validate(read(self.sources)).merged  # the data merged in order
        self.frame: Any = docx_writer.frame_document(api.job(self.loaded))

    def load(self, text: str) -> Loaded:
        """The agreement with this text; raises InputError (naming the agreement file)."""
        located = _located(text, self.file)
        found = dataclasses.replace(self.sources, agreement=located)
        data = validate(read(found))
        view, warnings = build_view(data)
        return Loaded(self.file, found.root, data.agreement, data.state, view,
                      (*warnings, *data.warnings), data.text.text, found.folders, found.inputs,
                      text.encode("utf-8"))

    def items(self, text: str) -> list[Item]:
        return self.items_of(self.load(text))

    def items_of(self, loaded: Loaded) -> list[Item]:
        return self.items_of_markdown(api.markdown(loaded))

    def items_of_markdown(self, markdown: str) -> list[Item]:
        blocks = document.parse(markdown)
        elements = docx_writer.build_elements(self.frame, blocks)
        return unstyled(read_items(elements))


def _located(text: str, file: Path) -> Located:
    """The YAML text read as zv reads a file (positions, limits, German messages), named
    by the agreement file; nothing is written."""
    return load_yaml(file, text.encode("utf-8"))
