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

    return _cached(pyphen)


def _cached(pyphen: Any) -> Any:
    """A Pyphen with the German patterns; parsing them takes half a second, so the parsed
    dictionary is kept in the cache folder (`$XDG_CACHE_HOME/zv`, as the compiled
    templates) per pyphen version and dictionary file, and read back in a few ms."""
    import os
    import pickle
    import tempfile
    from pathlib import Path

    source = Path(pyphen.LANGUAGES["de_DE"])
    try:
        stat = source.stat()
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zv"
        key = f"{pyphen.__version__}-{stat.st_size}-{stat.st_mtime_ns}"
        target = cache / f"pyphen-de_DE-{key}.pickle"
        if target.is_file():
            hyphenator = pyphen.Pyphen.__new__(pyphen.Pyphen)
            hyphenator.left, hyphenator.right = 2, 2
            hyphenator.hd = pickle.loads(target.read_bytes())
            return hyphenator
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        pass
    hyphenator = pyphen.Pyphen(lang="de_DE", left=2, right=2)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=cache, prefix=".pyphen-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(hyphenator.hd, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(name, target)
    except (OSError, NameError):  # no cache folder: parsed again next time
        pass
    return hyphenator


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
