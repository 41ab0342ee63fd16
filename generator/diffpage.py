"""`zv diff --format html`: one self-contained page a reviewer can mail.

The data summary, then the text with deletions and insertions marked; unchanged
paragraphs between headings are folded (`<details>`), so the page opens on the changes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from .diff import Comparison
from .textdiff import ItemDiff, ParaDiff, Piece, TableDiff

_HEADING = re.compile(r"(?:heading|berschrift)\s*(\d)", re.IGNORECASE)
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

    for d in body:
        if isinstance(d, ParaDiff):
            para = d.new or d.old
            assert para is not None
            level = _HEADING.search(para.style)
            if d.status == "equal" and not level:
                if para.text.strip():
                    folded.append(f"<p>{_pieces(d.pieces)}</p>")
                continue
            flush()
            tag = f"h{min(int(level.group(1)) + 1, 6)}" if level else "p"
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
