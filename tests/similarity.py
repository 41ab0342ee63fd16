"""Word-level similarity of a rendered agreement with its reference text.

Both sides are reduced to words and punctuation (markup, bullets, quote and dash
variants and whitespace normalised) and compared with difflib, so a missing article
or comma costs as much as a missing word.
"""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

_TRANSLATE = str.maketrans({"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'",
                            "–": "-", "—": "-", "\u00a0": " ", "\u202f": " ", "\t": " ",
                            "\u00ad": None})


def docx_text(path: Path) -> str:
    """The body text in document order: paragraphs and table cells, via python-docx."""
    body = Document(str(path)).element.body
    parts: list[str] = []
    for el in body.iter():
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag in (qn("w:br"), qn("w:tab")):
            parts.append(" ")
        elif el.tag == qn("w:p"):
            parts.append("\n")
    return "".join(parts)


def html_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(script|style|title)[^>]*>.*?</\1>", "", raw)
    raw = re.sub(r"(?i)<br\s*/?>|</p>|</h\d>|</li>|</tr>|</td>|</th>", "\n", raw)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def text_of(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    raw = path.read_text(encoding="utf-8")
    return html_text(raw) if path.suffix == ".html" else raw


def tokens(text: str) -> list[str]:
    text = text.translate(_TRANSLATE)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s*(#+|[-*+]|>)\s+", " ", text)
    text = re.sub(r"(?m)^\s*:::.*$", " ", text)
    text = re.sub(r"(?m)^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*$", " ", text)  # table rules
    text = re.sub(r"\\(?=[^\w\s])", "", text)  # Markdown escapes
    text = re.sub(r"[*_`#|]+", " ", text)
    return re.findall(r"\w+|[^\w\s]", text)


def similarity(reference: str, rendered: str) -> float:
    return difflib.SequenceMatcher(None, tokens(reference), tokens(rendered),
                                   autojunk=False).ratio()


def differences(reference: str, rendered: str, n: int = 5) -> list[str]:
    """The n largest differing spans, for a readable failure message."""
    ref, out = tokens(reference), tokens(rendered)
    ops = [op for op in difflib.SequenceMatcher(None, ref, out, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    ops.sort(key=lambda op: -max(op[2] - op[1], op[4] - op[3]))
    return [f"{tag}: {' '.join(ref[i1:i2])[:120]!r} -> {' '.join(out[j1:j2])[:120]!r}"
            for tag, i1, i2, j1, j2 in ops[:n]]
