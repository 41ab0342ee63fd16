"""What `zv check` asks of a family's frame.docx without rendering it: a Word document
whose placeholders are all ones zv fills (`{{p body }}`, `{{ kurzname }}`, `{{ jahr }}`).

Light on purpose (zipfile and regular expressions, no python-docx): `zv check` runs it
for every agreement. The DOCX writer renders the frame with StrictUndefined, so a
placeholder this misses still stops the render with its name instead of leaving a gap.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from ..errors import SetupError

# What the DOCX writer puts into the frame (docx._context).
PLACEHOLDERS = ("body", "kurzname", "jahr")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml|docProps/core\.xml")
_TAG = re.compile(r"<[^>]*>")
# "{{ name", "{{p body", "{{r name" (docxtpl's paragraph and run tags), "{{- name".
_NAME = re.compile(r"\{\{-?\s*(?:[pr]\s+)?([A-Za-z_][A-Za-z0-9_]*)")
_checked: dict[tuple[str, int, int], None] = {}


def check_frame(path: Path) -> None:
    """SetupError naming the frame and the placeholder zv would not fill."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key in _checked:
            return
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            if "word/document.xml" not in names:
                raise zipfile.BadZipFile("word/document.xml fehlt")
            parts = {n: package.read(n) for n in names if _PARTS.fullmatch(n)}
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise SetupError(f"{path}: Layoutdatei beschädigt oder kein Word-Dokument "
                         f"({detail})") from None
    for name, blob in sorted(parts.items()):
        text = html.unescape(_TAG.sub("", blob.decode("utf-8", "replace")))
        for found in _NAME.finditer(text):
            if found.group(1) not in PLACEHOLDERS:
                raise SetupError(f"{path}: unbekannter Platzhalter '{found.group(1)}' in "
                                 f"{name} (zv füllt {', '.join(PLACEHOLDERS)})")
    _checked[key] = None
