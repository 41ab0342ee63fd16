"""Blocks -> a self-contained HTML page with the family's stylesheet."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from ..errors import SetupError, os_message
from ..text.document import (
    Block,
    Container,
    Contents,
    HeaderCell,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
    header_grid,
    is_bold_heading,
    plain,
)
from ..text.typografie import NB_HYPHEN
from . import Job, asset
from .soft_hyphens import hyphenate

_CENTRED = frozenset({"titel", "parteien", "formel"})  # short lines, not hyphenated
# A word with a non-breaking hyphen: kept on one line by CSS, written with a plain hyphen
# (which every font has).
_UNBROKEN = re.compile(rf"[^\s{NB_HYPHEN}]*{NB_HYPHEN}\S*")


def write(job: Job) -> bytes:
    css = _css(job)
    anchors = {j for b in job.blocks if isinstance(b, Contents) for _, _, j in b.entries}
    body = "\n".join(_heading(b, i) if i in anchors and isinstance(b, Heading)
                     else _block(b, job.names) for i, b in enumerate(job.blocks))
    if job.entwurf:
        body = _DRAFT.format(escape(job.entwurf)) + body + _DRAFT_FOOT.format(escape(job.entwurf))
    page = (
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(job.titel)}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n<main class=\"dokument\">\n{body}\n</main>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


# A draft's mark: at the top of the page; printed, "position: fixed" repeats it on every
# page. Inline, so that the family's style.css needs no change.
_DRAFT = ("<style>@media print {{ .entwurf {{ position: fixed; top: 0; left: 0; right: 0; }} }}"
          "</style>\n<p class=\"entwurf\" style=\"margin:0 0 1em;text-align:center;"
          "font-weight:bold;color:#c00000;letter-spacing:0.2em\" title=\"{0}\">ENTWURF</p>\n")
_DRAFT_FOOT = "\n<p class=\"entwurf-stand\" style=\"text-align:center;color:#c00000\">{0}</p>"


def inline(runs: Inline, names: frozenset[str] | None = None) -> str:
    """Runs as HTML; with `names` (justified body text) with soft hyphens, except in the
    words of those proper names."""
    parts = []
    for run in runs:
        if run.text == "\n":
            parts.append("<br>")
            continue
        text = escape(run.text if names is None else hyphenate(run.text, names), quote=False)
        if NB_HYPHEN in text:  # the regex costs more than the rest of the page
            text = _UNBROKEN.sub(lambda m: "<span class=\"nobr\">"
                                 + m.group(0).replace(NB_HYPHEN, "-") + "</span>", text)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.href is not None:
            text = f"<a href=\"{escape(run.href)}\">{text}</a>"
        parts.append(text)
    return "".join(parts)


def _heading(block: Heading, index: int) -> str:
    """A heading the table of contents links to."""
    return (f"<h{block.level} id=\"abschnitt-{index}\">{inline(block.runs)}"
            f"</h{block.level}>")


def _contents(block: Contents) -> str:
    """The table of contents as linked entries (the page numbers are the PDF's)."""
    items = "\n".join(f"<li class=\"ebene-{level}\"><a href=\"#abschnitt-{j}\">"
                      f"{inline(runs)}</a></li>" for level, runs, j in block.entries)
    return f"<nav class=\"inhalt\" aria-label=\"Inhalt\">\n<ul>\n{items}\n</ul>\n</nav>"


def _block(block: Block, names: frozenset[str] | None) -> str:
    """A block as HTML; `names` as for `inline` (None: no hyphens, as in the centred
    and signature blocks)."""
    if isinstance(block, Heading):
        return f"<h{block.level}>{inline(block.runs)}</h{block.level}>"
    if isinstance(block, Paragraph):
        # A paragraph bold throughout is a heading: not justified, kept with its text.
        if is_bold_heading(block.runs):
            return f"<p class=\"zwischentitel\">{inline(block.runs)}</p>"
        return f"<p>{inline(block.runs, names)}</p>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        start = f" start=\"{block.start}\"" if block.ordered and block.start != 1 else ""
        items = "\n".join("<li>" + "\n".join(_block(b, names) for b in item) + "</li>"
                          for item in block.items)
        return f"<{tag}{start}>\n{items}\n</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Contents):
        return _contents(block)
    assert isinstance(block, Container)
    if block.name == "unterschriften":
        inner = "\n".join(_signatures(b) if isinstance(b, Table) else _block(b, None)
                          for b in block.children)
        return f"<div class=\"{escape(block.name)}\">\n{inner}\n</div>"
    inner = "\n".join(_block(b, None if block.name in _CENTRED else names)
                      for b in block.children)
    return f"<div class=\"{escape(block.name)}\">\n{inner}\n</div>"


def _table(table: Table) -> str:
    def style(i: int) -> str:
        align = table.aligns[i] if i < len(table.aligns) else ""
        return f" style=\"text-align:{align}\"" if align else ""

    def cells(row: tuple[Inline, ...], tag: str) -> str:
        out = [f"<{tag}{style(i)}>{inline(cell)}</{tag}>" for i, cell in enumerate(row)]
        return "<tr>" + "".join(out) + "</tr>"

    if table.header_rows > 1:
        head = "<thead>\n" + "\n".join(_header_row(row, style)
                                         for row in header_grid(table)) + "\n</thead>"
    else:
        head = f"<thead>{cells(table.header, 'th')}</thead>" if any(table.header) else ""
    body = "\n".join(cells(row, "td") for row in table.rows[table.header_rows - 1:])
    return f"<table>\n{head}\n<tbody>\n{body}\n</tbody>\n</table>"


def _header_row(row: list[HeaderCell], style: Callable[[int], str]) -> str:
    out = []
    for cell in row:
        spans = (f" colspan=\"{cell.colspan}\"" if cell.colspan > 1 else "") + (
            f" rowspan=\"{cell.rowspan}\"" if cell.rowspan > 1 else "")
        scope = "colgroup" if cell.colspan > 1 else "col"
        out.append(f"<th scope=\"{scope}\"{spans}{style(cell.column)}>{inline(cell.runs)}</th>")
    return "<tr>" + "".join(out) + "</tr>"


def _signatures(table: Table) -> str:
    """A signature table: the row after the blank one carries the signature lines, a place
    without a date gets a blank to write it on."""
    rows = [table.header, *table.rows]
    blank = next((i for i, row in enumerate(rows) if not any(plain(c).strip() for c in row)),
                 None)
    out = []
    for r, row in enumerate(rows):
        cls = (" class=\"unterschrift-raum\"" if r == blank else
               " class=\"unterschrift-name\"" if blank is not None and r == blank + 1 else "")
        cells = []
        for cell in row:
            text = inline(cell)
            if (blank is None or r < blank) and plain(cell).strip().endswith(", den"):
                text += " <span class=\"datum-leer\"></span>"
            cells.append(f"<td>{text}</td>")
        out.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    return "<table>\n<tbody>\n" + "\n".join(out) + "\n</tbody>\n</table>"


def _css(job: Job) -> str:
    return stylesheet(job.folders)


# Inside <style> only "</style" (in any case) ends the stylesheet: what
# follows would be live HTML, a script too. No CSS needs it; "<!--" neither.
_STYLE_END = re.compile(r"</style|<!--", re.IGNORECASE)


def stylesheet(folders: tuple[Path, ...]) -> str:
    """The family's style.css as it goes into the page; SetupError (with its line) for
    a file that cannot be read or that would end the page's <style> element."""
    path = asset(folders, "style.css")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SetupError(f"{path}: Layoutdatei nicht lesbar ({os_message(exc)})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SetupError(f"{path}:{line}: Layoutdatei ist nicht UTF-8-kodiert "
                         f"(Byte {exc.start}; im Editor als UTF-8 speichern)") from None
    found = _STYLE_END.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise SetupError(f"{path}:{line}: '{found.group()}' ist in einem Stylesheet nicht "
                         "erlaubt (beendete das Stylesheet der HTML-Seite; was folgt, wäre "
                         "HTML, etwa ein Skript)")
    return text
