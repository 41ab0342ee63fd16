"""Soft hyphens for the HTML: the German patterns of LibreOffice's hyphen-de (as pyphen
ships them), so that justified text in a browser breaks words as the PDF does instead
of stretching its gaps. Proper names (people, places, the parties) are never broken."""

from __future__ import annotations

import functools
import re
from typing import Any

SOFT = "\u00ad"
# Words of letters only; short ones are not worth a hyphen (the PDF's minimum word length).
WORD = re.compile(r"[^\W\d_]{6,}")


@functools.cache
def _patterns() -> Any:
    import pyphen  # loaded when the first HTML is written, not for other formats

    return pyphen.Pyphen(lang="de_DE", left=2, right=2)


@functools.lru_cache(maxsize=65536)
def _word(word: str) -> str:
    hyphenated: str = _patterns().inserted(word, hyphen=SOFT)
    return hyphenated


def hyphenate(text: str, names: frozenset[str]) -> str:
    """`text` with soft hyphens where the German patterns allow a break; words in
    `names` (lower case) stay whole."""
    return WORD.sub(lambda m: m.group(0) if m.group(0).lower() in names
                     else _word(m.group(0)), text)


def name_words(*names: str | None) -> frozenset[str]:
    """The lower-case words of proper names, as `hyphenate` takes them."""
    return frozenset(w.lower() for name in names if name for w in WORD.findall(name))
