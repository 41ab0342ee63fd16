"""A cut-down German hyphenation dictionary per LibreOffice run: the same hyphens, 5 s less.

The DOCX switch on automatic hyphenation, and LibreOffice then loads the German patterns
of the system's hyphen-de (/usr/share/hyphen/hyph_de_DE.dic, 78,000 patterns) through
libhyphen, whose loader takes about 5.7 s on this machine: most of a LibreOffice start.
libhyphen has no compiled form that could be cached, so each run gets a dictionary with
only the patterns that can apply to the words of its own documents, and its profile
names that file for de-DE (a dictionary named in the configuration takes precedence over
the system's files for the same language).

The hyphens stay the same: by Liang's method a pattern takes part in a word only if its
letters (with "." for the word's ends) occur in ".word.", so a pattern whose letters
occur in none of the documents' words changes nothing. The words are taken generously
(the XML text with tags as spaces and as nothing, with and without invisible characters,
split at spaces, at non-letters and at everything but letters, hyphens and apostrophes,
lower-cased, plus the names of months and days a date field may show); every line that
is not a plain lower-case pattern (the header, the level and hyphen-min settings,
NOHYPHEN and its patterns) is kept.

Used only where the dictionary is the system's file and LibreOffice has no German
dictionary of its own (an installation from libreoffice.org bundles one): elsewhere
nothing changes.
"""

from __future__ import annotations

import functools
import html
import re
import threading
import zipfile
from collections.abc import Iterable
from pathlib import Path

SYSTEM_DICTIONARY = Path("/usr/share/hyphen/hyph_de_DE.dic")
LOCALE = "de-DE"
_NODE = "zvHyphDE"
_lock = threading.Lock()
# Characters LibreOffice may leave out of a word it hyphenates: soft hyphen, zero-width
# spaces and joiners, word joiner, non-breaking hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\u2011]")
# What a date field of a user's frame can show that its cached text may not (LibreOffice
# computes the field anew).
_FIELD_WORDS = frozenset((
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember", "montag", "dienstag", "mittwoch", "donnerstag",
    "freitag", "samstag", "sonntag"))
# Parts of a DOCX without any text of the document (styles, theme, fonts).
_NO_TEXT = re.compile(r"(^|/)(styles|stylesWithEffects|fontTable|theme\d*)\.xml$")


def usable(binary: str) -> bool:
    """Whether this LibreOffice takes its German patterns from the system's file."""
    program = Path(binary).resolve().parent
    return (SYSTEM_DICTIONARY.is_file()
            and not (program.parent / "share" / "extensions" / "dict-de").exists())


@functools.cache
def _dictionary() -> tuple[str, tuple[tuple[str | None, str], ...]]:
    """The system dictionary's encoding and its lines, each with the letters a pattern
    must find in a word (None: keep the line always)."""
    raw = SYSTEM_DICTIONARY.read_bytes()
    encoding = raw.split(b"\n", 1)[0].strip().decode("ascii", "replace") or "ISO8859-1"
    text = raw.decode(_codec(encoding), errors="replace")
    lines: list[tuple[str | None, str]] = []
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        letters = re.sub(r"\d", "", stripped)
        plain = (number > 0 and stripped and stripped[0] not in "%#"
                 and letters.replace(".", "").isalpha() and letters.islower())
        lines.append((letters if plain else None, line))
    return encoding, tuple(lines)


def _codec(encoding: str) -> str:
    return {"ISO8859-1": "latin-1", "ISO8859-15": "iso8859-15"}.get(encoding.upper(),
                                                                     encoding)


def words(docx_files: Iterable[Path]) -> set[str]:
    """Every word of the documents, generously split, lower-cased."""
    found: set[str] = set()
    for file in docx_files:
        with zipfile.ZipFile(file) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml") or _NO_TEXT.search(name):
                    continue
                xml = archive.read(name).decode("utf-8", errors="replace")
                for text in (re.sub(r"<[^>]+>", " ", xml), re.sub(r"<[^>]+>", "", xml)):
                    lowered = text.lower()
                    for variant in (lowered, _INVISIBLE.sub("", lowered)):
                        for pattern in (r"\w+", r"[\w'-]+", r"\S+"):
                            found.update(re.findall(pattern, variant))
    return found | _FIELD_WORDS


def write_subset(docx_files: Iterable[Path], target: Path) -> None:
    """Write the patterns that can apply to the documents' words to `target`."""
    with _lock:
        encoding, lines = _dictionary()
    longest = max(len(letters or "") for letters, _ in lines)
    pieces: set[str] = set()
    for word in words(docx_files):
        marked = f".{word}."
        for start in range(len(marked)):
            pieces.update(marked[start:end] for end in
                          range(start + 1, min(len(marked), start + longest) + 1))
    kept = [line for letters, line in lines if letters is None or letters in pieces]
    target.write_bytes("\n".join(kept).encode(_codec(encoding), errors="replace"))


def use_in_profile(profile: Path, dictionary: Path) -> bool:
    """Name `dictionary` as the de-DE hyphenation dictionary in a LibreOffice profile
    that has been used before; False (and nothing changed) for a new one."""
    registry = profile / "user" / "registrymodifications.xcu"
    try:
        text = registry.read_text(encoding="utf-8")
    except OSError:
        return False
    end = text.rfind("</oor:items>")
    if end < 0:
        return False
    item = ('<item oor:path="/org.openoffice.Office.Linguistic/ServiceManager/Dictionaries">'
            f'<node oor:name="{_NODE}" oor:op="replace">'
            '<prop oor:name="Format" oor:op="fuse"><value>DICT_HYPH</value></prop>'
            f'<prop oor:name="Locations" oor:op="fuse"><value>{html.escape(dictionary.as_uri())}'
            '</value></prop>'
            f'<prop oor:name="Locales" oor:op="fuse"><value>{LOCALE}</value></prop>'
            '</node></item>\n')
    registry.write_text(text[:end] + item + text[end:], encoding="utf-8")
    return True
