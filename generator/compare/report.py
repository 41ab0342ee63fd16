"""The readable views of a comparison: the text `zv diff` prints and the HTML page.

Text: the data summary, then the changed paragraphs and table rows under the heading
they stand below, with deletions and insertions marked like `git diff --word-diff`
(or coloured by the caller). HTML: one self-contained page a reviewer can mail, with
unchanged paragraphs between headings folded (`<details>`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..text.typografie import NB_HYPHEN, NBSP
from . import textdiff
from .diff import Comparison
from .textdiff import ItemDiff, ParaDiff, Piece, TableDiff, Tag

# Heading styles: python-docx's "Heading1", Word's German "berschrift1" (Überschrift 1).
_HEADING = re.compile(r"(?:heading|berschrift)\s*(\d?)", re.IGNORECASE)
_CSS = """
body { font-family: "Liberation Sans", Arial, sans-serif; max-width: 50em; margin: 2em auto;
       line-height: 1.45; color: #222; padding: 0 1em; }
del { background: #fde2e2; color: #a0001c; text-decoration: line-through; }
ins { background: #dcf5dc; color: #0b6b0b; text-decoration: underline; }
.entfallen { border-left: 4px solid #d33; padding-left: .6em; }
.neu { border-left: 4px solid #3a3; padding-left: .6em; }
.geaendert { border-left: 4px solid #e0a000; padding-left: .6em; }
details { color: #666; margin: .4em 0; }
summary { cursor: pointer; font-size: .9em; }
table { border-collapse: collapse; margin: .6em 0; }
td { border: 1px solid #bbb; padding: .2em .5em; vertical-align: top; }
ul.daten li { margin: .15em 0; }
.dateien { color: #555; }
""".strip()


@dataclass(frozen=True)
class Hunk:
    """Changed paragraphs (or table rows) under one heading, each as diff pieces."""

    where: str
    lines: list[list[tuple[Tag, str]]]


def hunks(body: Sequence[ItemDiff], context: int = 8) -> list[Hunk]:
    """Changed paragraphs and table rows grouped under the heading they stand below.

    Unchanged paragraphs are left out; inside a changed paragraph, unchanged stretches
    longer than twice `context` words are shortened to their ends.
    """
    out: list[Hunk] = []
    where, last_changed = "", False
    for d in body:
        lines: list[list[tuple[Tag, str]]] = []
        if _signature(d):
            where = SIGNATURES  # its own section, not part of the last numbered heading
        if isinstance(d, textdiff.ParaDiff):
            para = d.new or d.old
            assert para is not None
            if d.status != "equal":
                lines.append(fold(d.pieces, context))
            if _HEADING.search(para.style) and para.text.strip():
                where_next = " ".join(para.text.split())
            else:
                where_next = where
        else:
            where_next = where
            for row in d.rows:
                if row.status == "equal":
                    continue
                line: list[tuple[Tag, str]] = []
                for k, cell in enumerate(row.cells):
                    if k:
                        line.append(("equal", " | "))
                    for n, para_diff in enumerate(cell):
                        if n:
                            line.append(("equal", " / "))
                        line.extend(fold(para_diff.pieces, context))
                lines.append(line)
        if lines:
            if out and last_changed and out[-1].where == where:
                out[-1].lines.extend(lines)
            else:
                out.append(Hunk(where, lines))
        last_changed = bool(lines)
        where = where_next
    return out


SIGNATURES = "Unterschriften"
# The signature block's paragraph style: "ZV Unterschrift" (style id "ZVUnterschrift").
_SIGNATURE_STYLE = re.compile(r"unterschrift", re.IGNORECASE)


def _signature(d: ItemDiff) -> bool:
    """Whether a body item belongs to the signature block (by its paragraph style)."""
    if isinstance(d, textdiff.ParaDiff):
        paras = [d.new or d.old]
    else:
        paras = [p.new or p.old for row in d.rows for cell in row.cells for p in cell]
    return any(p is not None and _SIGNATURE_STYLE.search(p.style) for p in paras)


def fold(pieces: Sequence[Piece], context: int) -> list[tuple[Tag, str]]:
    out: list[tuple[Tag, str]] = []
    for k, piece in enumerate(pieces):
        if piece.tag != "equal":
            out.append((piece.tag, piece.text))
            continue
        tokens = [t.text for t in piece.tokens]
        words = [n for n, t in enumerate(tokens) if t.strip()]
        first, last = k == 0, k == len(pieces) - 1
        keep = context * (1 if first or last else 2)
        if len(words) <= keep + 2 or (first and last):
            out.append(("equal", piece.text))
            continue
        head = "" if first else "".join(tokens[:words[context - 1] + 1])
        tail = "" if last else "".join(tokens[words[-context]:])
        out.append(("equal", f"{head} … {tail}" if head and tail else
                    (f"{head} …" if head else f"… {tail}")))
    return out


# Layout characters read as what they look like; a tab (the signature block's date
# line) as a space, invisible ones (zero-width space, word joiner, soft hyphen) not at all.
_PLAIN = str.maketrans({NBSP: " ", NB_HYPHEN: "-", "\t": " ", "\u200b": None,
                        "\u2060": None, "\u00ad": None})


def plain_marks(tag: Tag, text: str) -> str:
    """Markers like `git diff --word-diff`: [-deleted-] and {+inserted+}."""
    return {"equal": text, "delete": f"[-{text}-]", "insert": f"{{+{text}+}}"}[tag]


def report(comparison: Comparison,
           mark: Callable[[Tag, str], str] = plain_marks) -> list[str]:
    """The lines `zv diff` prints: the data summary, then the changed text.

    `mark(tag, text)` shows a deleted or inserted stretch (markers, or colours on a
    terminal).
    """
    lines: list[str] = []
    old, new = comparison.old.file, comparison.new.file
    text_hunks = hunks(comparison.body)
    if comparison.summary:
        lines.append(f"Geänderte Daten ({old} -> {new}):")
        group = ""
        for change in comparison.summary:
            if change.group != group:
                group = change.group
                lines.append(f"  {group}:")
            lines.append(f"    {change.text}")
    elif text_hunks and (comparison.old.loaded is None or comparison.new.loaded is None):
        lines.append("Datenvergleich nur zwischen zwei Vereinbarungsdateien (YAML); "
                     "hier wird nur der Text verglichen.")
    if text_hunks:
        if lines:
            lines.append("")
        lines.append(f"Geänderter Text (--- {old}, +++ {new}):")
        for hunk in text_hunks:
            lines.append(f"@@ {hunk.where or 'Anfang'} @@")
            lines.extend("".join(_marked(mark, tag, text) for tag, text in line)
                         for line in hunk.lines)
    return [line.translate(_PLAIN) for line in lines]


def _marked(mark: Callable[[Tag, str], str], tag: Tag, text: str) -> str:
    """A stretch as shown; one that is only layout (an empty date line's tab) is shown
    as the space it looks like, not as a change."""
    if tag != "equal" and not text.translate(_PLAIN).strip():
        return " " if tag == "insert" else ""
    return mark(tag, text)


def html_page(comparison: Comparison) -> str:
    e = html.escape
    old, new = comparison.old.file, comparison.new.file
    parts = ["<!DOCTYPE html>", '<html lang="de">', "<head>", '<meta charset="utf-8">',
             f"<title>Vergleich {e(old.name)} – {e(new.name)}</title>",
             f"<style>\n{_CSS}\n</style>", "</head>", "<body>",
             "<h1>Vergleich zweier Fassungen</h1>",
             f'<p class="dateien">Alt: {e(str(old))}<br>Neu: {e(str(new))}</p>']
    if not comparison.different:
        parts.append("<p>Keine Unterschiede.</p>")
    if comparison.summary:
        parts.append("<h2>Geänderte Daten</h2>")
        group = ""
        for change in comparison.summary:
            if change.group != group:
                if group:
                    parts.append("</ul>")
                group = change.group
                parts.append(f'<h3>{e(group)}</h3>\n<ul class="daten">')
            parts.append(f"<li>{e(change.text)}</li>")
        parts.append("</ul>")
    parts.append("<h2>Text</h2>")
    parts.extend(_body(comparison.body))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _body(body: Sequence[ItemDiff]) -> list[str]:
    out: list[str] = []
    folded: list[str] = []

    def flush() -> None:
        if folded:
            count = len(folded)
            label = "unveränderter Absatz" if count == 1 else "unveränderte Absätze"
            out.append(f"<details><summary>{count} {label}</summary>")
            out.extend(folded)
            out.append("</details>")
            folded.clear()

    signed = False
    for d in body:
        if not signed and _signature(d):
            flush()
            out.append(f"<h3>{SIGNATURES}</h3>")
            signed = True
        if isinstance(d, ParaDiff):
            para = d.new or d.old
            assert para is not None
            level = _HEADING.search(para.style)
            if d.status == "equal" and not level:
                if para.text.strip():
                    folded.append(f"<p>{_pieces(d.pieces)}</p>")
                continue
            flush()
            tag = f"h{min(int(level.group(1) or 1) + 1, 6)}" if level else "p"
            css = {"equal": "", "changed": ' class="geaendert"', "inserted": ' class="neu"',
                   "deleted": ' class="entfallen"'}[d.status]
            out.append(f"<{tag}{css}>{_pieces(d.pieces)}</{tag}>")
        elif d.status == "equal":
            folded.append(_table(d))
        else:
            flush()
            out.append(_table(d))
    flush()
    return out


def _table(d: TableDiff) -> str:
    rows = []
    for row in d.rows:
        css = {"equal": "", "changed": ' class="geaendert"', "inserted": ' class="neu"',
               "deleted": ' class="entfallen"'}[row.status]
        cells = "".join("<td>" + "<br>".join(_pieces(p.pieces) for p in cell) + "</td>"
                        for cell in row.cells)
        rows.append(f"<tr{css}>{cells}</tr>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def _pieces(pieces: Sequence[Piece]) -> str:
    out = []
    for piece in pieces:
        text = html.escape(piece.text).replace("\n", "<br>")
        out.append(text if piece.tag == "equal" else
                   f"<del>{text}</del>" if piece.tag == "delete" else f"<ins>{text}</ins>")
    return "".join(out)
