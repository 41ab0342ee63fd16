"""Each file an agreement depends on, read as YAML with positions.

Shared files (state, family text, Muster, family settings) are parsed once per process
while unchanged (`yamlread.load_shared`); the agreement was read by `resolve` already,
since its keys name the other files.
"""

from __future__ import annotations

from dataclasses import dataclass

from .resolve import Sources
from .yamlread import Located, load_shared


@dataclass(frozen=True)
class Raw:
    """The sources of one agreement as YAML with positions, not yet validated."""

    sources: Sources
    agreement: Located
    state: Located
    family_text: Located
    muster: tuple[Located, ...]  # in the order of `sources.muster`
    settings: Located | None


def read(sources: Sources) -> Raw:
    """Parse every file of `sources`; a YAML fault is reported with its file and line."""
    return Raw(sources, sources.agreement, load_shared(sources.state_file),
               load_shared(sources.family_file),
               tuple(load_shared(file) for _, file in sources.muster),
               load_shared(sources.settings_file) if sources.settings_file else None)
