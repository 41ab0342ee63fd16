"""document._inline joins pieces of one format in one pass, as the former two passes did."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from generator.text import document
from generator.text.document import Inline, Run, safe_href
from generator.text.typografie import schuetze


def _two_passes(token: Token) -> Inline:
    """Runs per piece, then neighbours of the same format joined (the former code)."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            if child.content:
                runs.append(Run(child.content, bold > 0, italic > 0, href))
        elif kind == "softbreak":
            runs.append(Run(" ", bold > 0, italic > 0, href))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0, href))
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            href = safe_href(str(child.attrGet("href") or ""))
        elif kind == "link_close":
            href = None
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if (last is not None and "\n" not in (last.text, run.text)
                and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href)):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return tuple(replace(run, text=schuetze(run.text)) for run in merged)


def _inline_tokens(text: str) -> list[Token]:
    return [t for t in document._MD.parse(text) if t.type == "inline"]


@pytest.mark.parametrize("text", [
    "a **b** c", "**a**  \n**b**", "a  \nb  \nc", "**&#10;**", "a&#10;b", "&#10;&#10;",
    "**a** **b**", "*a* **b** ***c***", "[SGB II](https://x.de) und [x](javascript:y)",
    "`§ 48b`  \nAbs. 1", "a\\\n**b**", "[a **b**](mailto:x@y.de) c", "", "**",
])
def test_one_pass_is_the_two_passes(text: str) -> None:
    for token in _inline_tokens(text):
        assert document._inline(token) == _two_passes(token)


_PIECES = ["a", "§ 4", "Abs. 1", " ", "  \n", "\n", "**", "*", "_", "&#10;", "`c`", "\\\n",
           "[", "](https://x.de)", "](ftp://x)", "]", "2 Prozent"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_one_pass_is_the_two_passes_on_random_text(pieces: list[str]) -> None:
    for token in _inline_tokens("".join(pieces)):
        assert document._inline(token) == _two_passes(token)
