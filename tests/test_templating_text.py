"""md_escape and tidy skip work on plain values and clean lines, with the same result."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compose.templating import md_escape, tidy

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"(?<=\n)(\s*)([#>+=-]|\d+[.)])")


def _escape_always(text: str) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _tidy_every_line(text: str) -> str:
    lines = []
    for line in text.splitlines():
        stripped = line.rstrip()
        hard_break = stripped and line.endswith("  ")
        lines.append(stripped + "  " if hard_break else stripped)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


_CHARS = list("ab1.)#>+=-*_[]<&|~\\` \t\n\r\u00a0\u2028\x0b\x85")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARS), max_size=30))
def test_escape_is_the_same(text: str) -> None:
    assert md_escape(text) == _escape_always(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARS), max_size=40))
def test_tidy_is_the_same(text: str) -> None:
    assert tidy(text) == _tidy_every_line(text)


def test_examples() -> None:
    assert md_escape("A*B [x]") == "A\\*B \\[x\\]"
    assert md_escape("a\n- b") == "a\n\\- b"
    assert tidy("a  \nb \n\n\n\nc\u00a0\n") == "a  \nb\n\nc\n"
