"""Page numbers for a table of contents, as LibreOffice lays the document out.

A DOCX with a table of contents (`::: inhalt-N`) is converted once; the page on which
each entry's heading begins is read from that PDF's text, the numbers are written into
the DOCX's entries, and the DOCX is converted again. The second PDF and the DOCX then
show the same numbers (a number never changes the width of its line: the dot leader
takes the rest), and Word can update the field itself.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from .docx_xml import TOC_PAGE, text

_PART = "word/document.xml"
_ENTRY = re.compile(r"<w:p>(?:(?!</w:p>).)*?" + re.escape(TOC_PAGE) +
                    r"(?:<w:t/>|<w:t>[^<]*</w:t>)</w:r>", re.S)
_PAGE = re.compile(re.escape(TOC_PAGE) + r"(?:<w:t/>|<w:t>[^<]*</w:t>)</w:r>")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_TAB = "<w:r><w:tab/></w:r>"


def entries(docx: bytes) -> list[str]:
    """The texts of the table of contents' entries, in order; none without one."""
    xml = _document(docx)
    if xml is None or TOC_PAGE not in xml:
        return []
    found = []
    for match in _ENTRY.finditer(xml):
        before_tab = match.group(0).rsplit(_TAB, 1)[0]
        found.append(_plain("".join(_TEXT.findall(before_tab))))
    return found


def pages(pdf: bytes, headings: Sequence[str]) -> list[int] | None:
    """The page (1-based) on which each heading begins, in order; None if one of them
    cannot be found. A heading is a line of its own (or two, when it wraps); the table
    of contents itself is skipped: the search starts after the page with its last entry."""
    from pypdf import PdfReader

    try:
        lines = [[_plain(line) for line in (page.extract_text() or "").splitlines()]
                 for page in PdfReader(io.BytesIO(pdf)).pages]
    except Exception:  # a PDF pypdf cannot read: no numbers, the document stays as it is
        return None
    if not headings:
        return []
    start = next((i + 1 for i, page in enumerate(lines)
                  if any(headings[-1] in line for line in page)), 0)
    found: list[int] = []
    page = start
    for heading in headings:
        while page < len(lines) and not _shows(lines[page], heading):
            page += 1
        if page >= len(lines):
            return None
        found.append(page + 1)
    return found


def _shows(lines: list[str], heading: str) -> bool:
    """Whether a line is the heading, or two lines are (wrapped, or hyphenated at the end
    of the first)."""
    for i, line in enumerate(lines):
        if line == heading:
            return True
        if i + 1 < len(lines):
            after = lines[i + 1]
            if f"{line} {after}" == heading or (line.endswith("-") and
                                                  line[:-1] + after == heading):
                return True
    return False


def fill(docx: bytes, numbers: Sequence[int]) -> bytes:
    """The DOCX with the entries' page numbers; every other byte as it was."""
    xml = _document(docx)
    assert xml is not None
    found = iter(numbers)
    filled = _PAGE.sub(lambda _: f"{TOC_PAGE}<w:t>{text(str(next(found)))}</w:t></w:r>", xml)
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = filled.encode("utf-8") if info.filename == _PART else source.read(info)
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def _document(docx: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            return package.read(_PART).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return None


def _plain(value: str) -> str:
    """Text as compared: no soft or line-end hyphens of LibreOffice, one space."""
    value = value.replace("\u00ad", "").replace("\u00a0", " ").replace("\u2011", "-")
    value = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", value)
    return " ".join(value.split())
