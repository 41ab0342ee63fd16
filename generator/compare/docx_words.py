"""WordprocessingML bodies as paragraphs and tables of word tokens.

The comparison (textdiff) reads both versions through here: bodies built from an
agreement's blocks in its family frame, or the body of a DOCX file edited by hand.
Each token keeps the run (its formatting) and the hyperlink it came from, so that the
redline can write changed words in their own format.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..text.typografie import NB_HYPHEN

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TOKEN = re.compile(r"\w+(?:[-\u2011.,/'’]\w+)*|\s+|[^\w\s]", re.UNICODE)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def tokenize(text: str) -> list[str]:
    """Words (with inner hyphens, dots and commas: "14,7", "21.12.2020"), spaces, signs."""
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Token:
    """One word, space or sign with the run (its formatting) and hyperlink it came from."""

    text: str
    run: Any = None
    link: Any = None


@dataclass
class Para:
    element: Any
    style: str
    tokens: list[Token]

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)


@dataclass
class Row:
    element: Any
    cells: list[list[Para]]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple("\n".join(p.text for p in cell) for cell in self.cells)


@dataclass
class Tab:
    element: Any
    rows: list[Row]

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


Item = Para | Tab


def read_items(elements: Iterable[Any]) -> list[Item]:
    """Paragraphs and tables of a body in order; content controls are looked into."""
    items: list[Item] = []
    for el in elements:
        if el.tag == w("p"):
            items.append(read_para(el))
        elif el.tag == w("tbl"):
            items.append(_read_table(el))
        elif el.tag == w("sdt"):
            content = el.find(w("sdtContent"))
            if content is not None:
                items.extend(read_items(content))
    return items


def docx_items(data: bytes) -> list[Item]:
    """The body of a DOCX file; raises ValueError if it is not one.

    Empty paragraphs between the text are left out: blank lines someone added in Word
    are layout, not wording.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml")
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ValueError(str(exc)) from exc
    body = root.find(w("body"))
    items = read_items(body if body is not None else [])
    return [i for i in items if not isinstance(i, Para) or i.text.strip()]


def _read_table(tbl: Any) -> Tab:
    rows = []
    for tr in tbl.findall(w("tr")):
        cells = []
        for tc in tr.findall(w("tc")):
            paras: list[Para] = []
            for item in read_items(tc):
                # Nested tables (only in documents edited by hand) count as the cell's text.
                paras.extend([item] if isinstance(item, Para)
                             else [p for r in item.rows for c in r.cells for p in c])
            cells.append(paras)
        rows.append(Row(tr, cells))
    return Tab(tbl, rows)


def read_para(p: Any) -> Para:
    style_el = p.find(f"{w('pPr')}/{w('pStyle')}")
    style = style_el.get(w("val"), "") if style_el is not None else ""
    tokens: list[Token] = []
    # Neighbouring runs of one format form one stretch, so that a word Word split into
    # several runs (spell checking, editing sessions) is still one word.
    stretch: list[tuple[str, Any, Any]] = []
    for run in p.iter(w("r")):
        if _hidden(run, p):
            continue
        link = _ancestor(run, p, "hyperlink")
        text = _run_text(run)
        if stretch and _same_format(stretch[-1][1], run) and stretch[-1][2] is link:
            stretch.append((text, run, link))
            continue
        tokens.extend(_stretch_tokens(stretch))
        stretch = [(text, run, link)]
    tokens.extend(_stretch_tokens(stretch))
    return Para(p, style, tokens)


def _stretch_tokens(stretch: list[tuple[str, Any, Any]]) -> list[Token]:
    if not stretch:
        return []
    _, run, link = stretch[0]
    return [Token(t, run, link) for t in tokenize("".join(s[0] for s in stretch))]


def _hidden(run: Any, p: Any) -> bool:
    """Deleted text (a tracked deletion) and text boxes are not the paragraph's text."""
    parent = run.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (w("del"), w("moveFrom"), w("txbxContent")):
            return True
        parent = parent.getparent()
    return False


def _ancestor(run: Any, p: Any, tag: str) -> Any:
    parent = run.getparent()
    while parent is not None and parent is not p:
        if parent.tag == w(tag):
            return parent
        parent = parent.getparent()
    return None


def _run_text(run: Any) -> str:
    parts = []
    for child in run:
        if child.tag == w("t"):
            parts.append(child.text or "")
        elif child.tag in (w("br"), w("cr")):
            parts.append("\n")
        elif child.tag == w("tab"):
            parts.append("\t")
        elif child.tag == w("noBreakHyphen"):
            parts.append(NB_HYPHEN)
    return "".join(parts)


def _format_key(run: Any) -> bytes:
    rpr = run.find(w("rPr"))
    return b"" if rpr is None else etree.tostring(rpr)


def _same_format(a: Any, b: Any) -> bool:
    return _format_key(a) == _format_key(b)


def flat_paras(items: list[Item]) -> list[Para]:
    """The paragraphs of a body in order, a table's cells row by row."""
    out: list[Para] = []
    for item in items:
        if isinstance(item, Para):
            out.append(item)
        else:
            out.extend(p for row in item.rows for cell in row.cells for p in cell)
    return out
