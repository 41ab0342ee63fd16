"""The paragraphs of a signed agreement as plain text: from a PDF, DOCX, text or Markdown file.

PDF text (pdftotext) loses page numbers and running headers; Markdown loses its markers
(a hard line break stays a "\\n"); wrapped lines are joined; a DOCX is read by wordfile
(tracked changes accepted). Every limit ends with an InputError, never with a hang.
"""

from __future__ import annotations

import itertools
import math
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from lxml import etree

from ..compare.docx_words import Para
from ..errors import InputError, Problem, SetupError, os_message
from . import wordfile

SUFFIXES = (".pdf", ".docx", ".txt", ".md")
MAX_BINARY = 20_000_000  # bytes of a PDF or DOCX file
MAX_TEXT_FILE = 5_000_000  # bytes of a text or Markdown file
MAX_CHARS = 2_000_000  # characters of text, whatever the source
MAX_LINES = 100_000
MAX_PAGES = 200
MIN_WORDS = 20  # fewer words in a PDF: a scan without a text layer
PDF_TIMEOUT = 20.0  # seconds for pdftotext
MAX_LAYOUT = 80_000_000  # bytes of pdftotext's XHTML (every word with its box)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_X = "{http://www.w3.org/1999/xhtml}"

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # keeps \t, \n and \f
_RULE = re.compile(r"[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_QUOTE = re.compile(r"^(?:>[ \t]?)+")
_TABLE_ROW = re.compile(r"\|.*\|")
_TABLE_RULE = re.compile(r":?-{3,}:?")
_HEADING = re.compile(r"#{1,6}(?:[ \t]+|$)")
# Bullets as typed and as a PDF's fonts draw them (Symbol's and Wingdings' private codes).
_GLYPHS = "•▪◦●■□‣\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
_BULLET = re.compile(r"[-*+–" + _GLYPHS + r"](?:[ \t]+|$)")
_ORDERED = re.compile(r"(\d{1,3})[.)][ \t]")
_PAGE_WORDED = re.compile(r"(?:Seite|S\.)[ \t]*\d{1,4}(?:[ \t]*(?:von|/)[ \t]*\d{1,4})?"
                          r"|[-–—][ \t]*\d{1,4}[ \t]*[-–—]", re.I)
_NUMBER = r"(?:Seite[ \t]*)?\d{1,4}(?:[ \t]*(?:von|/)[ \t]*\d{1,4})?"
_PAGE_IN_LINE = re.compile(  # "Zielvereinbarung 2021 – 3", "Seite 3 von 9 | Wuppertal"
    rf"(?:[ \t]+[|–—-]|,)[ \t]*{_NUMBER}[ \t]*$|^{_NUMBER}[ \t]+[|–—-][ \t]+"
    r"|[ \t]+Seite[ \t]*\d{1,4}[ \t]*(?:von|/)[ \t]*\d{1,4}[ \t]*$", re.I)
_PAGE_BARE = re.compile(r"\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?")
_STRONG = re.compile(r"(?<!\\)(?:\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=[^\s\\])\*\*"
                     r"|__(?=\S)((?:[^_]|_(?!_))+?)(?<=[^\s\\])__)")
_EMPHASIS = re.compile(r"(?<![\\\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s\\])\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_WORD = re.compile(r"\w+")


def paragraphs(path: Path) -> list[str]:
    """The paragraphs of a signed agreement as plain text, in order."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _error(path, f"Dateiart „{path.suffix or '(ohne Endung)'}“ kann zv import nicht "
                     "lesen", "erlaubt sind .pdf, .docx, .txt und .md")
    limit = MAX_TEXT_FILE if suffix in (".txt", ".md") else MAX_BINARY
    try:
        if path.stat().st_size > limit:
            raise _error(path, f"Datei zu groß (über {limit // 1_000_000} MB): zu lang für "
                         "eine Zielvereinbarung")
        data = path.read_bytes() if suffix != ".docx" else b""
    except FileNotFoundError:
        raise _error(path, "Datei nicht gefunden") from None
    except OSError as exc:
        raise _error(path, f"Datei nicht lesbar ({os_message(exc)})") from None
    if suffix == ".docx":
        found = _docx(path)
    elif suffix == ".pdf":
        found = _split(_checked(path, _pdf_text(path, data[:1024])), markdown=False)
    else:  # text and Markdown: the same, as a text file is usually Markdown
        found = _split(_checked(path, _decode(data)), markdown=True)
    if not found:
        raise _error(path, "keine Absätze gefunden", "ist die Datei leer?")
    return found


def _error(path: Path, message: str, hint: str = "") -> InputError:
    return InputError([Problem(path, 0, 0, "", message, hint)])


def _too_long(path: Path, what: str) -> InputError:
    return _error(path, f"mehr als {what}: zu lang für eine Zielvereinbarung")


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 (old Word exports)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _checked(path: Path, text: str) -> str:
    """The text with "\\n" line ends, without control characters, checked for its length."""
    if len(text) > MAX_CHARS:
        raise _too_long(path, f"{MAX_CHARS:,} Zeichen Text".replace(",", "."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.count("\n") >= MAX_LINES:
        raise _too_long(path, f"{MAX_LINES:,} Zeilen".replace(",", "."))
    if text.rstrip().count("\f") >= MAX_PAGES:
        raise _too_long(path, f"{MAX_PAGES} Seiten")
    return _CONTROL.sub("", text)


def _docx(path: Path) -> list[str]:
    found: list[str] = []
    for item in wordfile.read(path).edited:
        paras = [item] if isinstance(item, Para) else [
            p for row in item.rows for cell in row.cells for p in cell]
        found.extend(_CONTROL.sub("", p.text).replace("\f", "").strip(" \t\n") for p in paras)
    found = [p for p in found if p.strip()]
    if sum(len(p) for p in found) <= MAX_CHARS:
        return found
    raise _too_long(path, f"{MAX_CHARS:,} Zeichen Text".replace(",", "."))


def _pdf_text(path: Path, head: bytes) -> str:
    """The PDF's text, pages ending with \\f (as pdftotext writes them); not of a scan."""
    if b"%PDF-" not in head:
        raise _error(path, "keine PDF-Datei (der Dateianfang %PDF- fehlt)",
                     "ist die Datei vielleicht ein Word-Dokument mit falscher Endung?")
    with tempfile.TemporaryDirectory(prefix="zv-pdftotext-") as tmp:
        out = Path(tmp) / "text.html"
        # -bbox-layout: the plain output drops the hyphen of every word split at a line
        # end ("SGB II-" "Leistungen" -> "SGB IILeistungen"); this one keeps lines as set.
        command = ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-l", str(MAX_PAGES + 1),
                   str(path.absolute()), str(out)]
        try:
            done = subprocess.run(command, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=PDF_TIMEOUT, check=False)
        except FileNotFoundError:
            raise SetupError("pdftotext fehlt: für PDF-Dateien bitte das Debian-Paket "
                             "poppler-utils installieren (apt install poppler-utils)") from None
        except subprocess.TimeoutExpired:
            raise _error(path, f"PDF-Datei nicht in {PDF_TIMEOUT:.0f} Sekunden lesbar",
                         "die Datei als .txt oder .docx angeben") from None
        if done.returncode != 0 or not out.exists():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            why = f" ({detail[0][:200]})" if detail else ""
            raise _error(path, f"PDF-Datei nicht lesbar: beschädigt oder geschützt{why}")
        if out.stat().st_size > MAX_LAYOUT:
            raise _too_long(path, f"{MAX_CHARS:,} Zeichen Text".replace(",", "."))
        try:
            root = etree.parse(str(out), _PARSER).getroot()
        except etree.XMLSyntaxError as exc:
            raise _error(path, f"PDF-Text nicht lesbar ({exc})") from None
    if sum(1 for _ in root.iter(_X + "word")) < MIN_WORDS:
        raise _error(path, "die PDF-Datei enthält keinen Text (gescannt?)",
                     "Texterkennung ausführen, z. B. ocrmypdf eingang.pdf ausgang.pdf, "
                     "oder den Text als .txt-Datei angeben")
    return "\f".join(_page_text(page) for page in root.iter(_X + "page"))


def _page_text(page: Any) -> str:
    """A page as text; a blank line between blocks and at a wide gap between two lines.
    A bullet set apart from its text (a block of its own) marks the line beside it."""
    out: list[str] = []
    bullets: list[float] = []
    blocks = list(page.iter(_X + "block"))
    for block in blocks:
        words = list(block.iter(_X + "word"))
        if words and all((w.text or "").strip() in _GLYPHS for w in words):
            bullets += [float(w.get("yMin", "0")) for w in words]
    for block in blocks:
        lines = block.findall(_X + "line")
        if lines and all((w.text or "").strip() in _GLYPHS
                         for line in lines for w in line.iter(_X + "word")):
            continue
        tops = [float(line.get("yMin", "0")) for line in lines]
        gaps = [b - a for a, b in itertools.pairwise(tops)]
        pitch = min((g for g in gaps if g > 0), default=0.0)
        out.append("")
        for i, line in enumerate(lines):
            if i and pitch and gaps[i - 1] > 1.4 * pitch:
                out.append("")
            text = " ".join(w.text or "" for w in line.iter(_X + "word"))
            top, bottom = float(line.get("yMin", "0")), float(line.get("yMax", "0"))
            if any(top - 1 <= y <= bottom for y in bullets):
                text = "• " + text
            out.append(text)
    return "\n".join(out).strip("\n") + "\n"


def _blank(line: str) -> bool:  # a line of spaces (also non-breaking ones) is blank
    return not line.strip()


def _without_furniture(text: str) -> list[str]:
    """The lines without page numbers and running headers and footers, pages joined."""
    pages = [p.split("\n") for p in text.rstrip("\n\f").split("\f")]
    drop: list[set[int]] = []
    zones: list[list[int]] = []  # where running headers and footers may stand
    counts: dict[str, set[int]] = {}  # on which pages such a line stands
    edge: list[set[int]] = []  # the first and last line of each page
    for n, lines in enumerate(pages):
        filled = [i for i, line in enumerate(lines) if not _blank(line)]
        edges = set(filled[:3] + filled[-3:]) if len(pages) > 1 else set()
        drop.append({i for i in edges if _PAGE_WORDED.fullmatch(lines[i].strip())
                     or _PAGE_BARE.fullmatch(lines[i].strip())})
        rest = [i for i in filled if i not in drop[-1]] if len(pages) > 1 else []
        edge.append(set(rest[:1] + rest[-1:]))
        # the very first and last line of a page (text copied without blank lines), and
        # a short block near the edge
        zones.append(sorted({i for i in rest[:2] + rest[-2:] if len(lines[i].strip()) <= 80
                             and (_short_block(lines, i) or i in rest[:1] + rest[-1:])}))
        for i in zones[-1]:
            counts.setdefault(_key(lines[i]), set()).add(n)
    # a short document: a line at the page edge on two of its pages is a header or footer
    needed = 2 if len(pages) <= 4 else max(3, math.ceil(0.4 * len(pages)))
    running = {key for key, where in counts.items() if len(where) >= needed}
    for n, (lines, zone) in enumerate(zip(pages, zones, strict=True)):
        found = {i for i in zone if _key(lines[i]) in running} | drop[n]
        # of a block of two lines both are furniture or neither; the very first or last
        # line of a page is furniture alone (text copied without blank lines)
        drop[n].update(i for i in found if i in edge[n] or all(
            j in found for j in (i - 1, i + 1) if 0 <= j < len(lines) and not _blank(lines[j])))
    # a running line glued to the page's last line of text ("… hilfebedürftig waZiel-
    # vereinbarung 2022 Stadt Wuppertal", as pdftotext may run them together) is cut off
    texts = {" ".join(lines[i].split()) for n, lines in enumerate(pages) for i in zones[n]
             if _key(lines[i]) in running and len(lines[i].strip()) >= 12}
    for n, lines in enumerate(pages):
        for i in edge[n] - drop[n]:
            line = lines[i].rstrip()
            cut = next((t for t in texts if line.endswith(t) and len(line) > len(t)), None)
            if cut:
                lines[i] = line[:-len(cut)]
    out: list[str] = []
    for n, lines in enumerate(pages):
        kept = [line for i, line in enumerate(lines) if i not in drop[n]]
        kept = kept[next((i for i, line in enumerate(kept) if not _blank(line)), len(kept)):]
        if out and kept and (out[-1].rstrip().endswith((".", "!", "?", ":", ";"))
                             and not kept[0].lstrip()[:1].islower()):
            out.append("")  # a page break after a sentence ends the paragraph
        out.extend(kept)
        while out and _blank(out[-1]):
            out.pop()
    return [line for i, line in enumerate(out) if not _PAGE_WORDED.fullmatch(line.strip())
            and not (_PAGE_BARE.fullmatch(line.strip()) and (i == 0 or _blank(out[i - 1]))
                     and (i + 1 == len(out) or _blank(out[i + 1])))]


def _short_block(lines: list[str], i: int) -> bool:
    """Whether the line stands alone or with one other between blank lines, as headers do."""
    near = [0 <= j < len(lines) and not _blank(lines[j]) for j in (i - 2, i - 1, i + 1, i + 2)]
    return not (near[1] and (near[0] or near[2])) and not (near[2] and near[3])


def _key(line: str) -> str:
    """A header line as compared across pages: a page number in it does not matter."""
    return " ".join(_PAGE_IN_LINE.sub("#", line).split())


def _split(text: str, markdown: bool) -> list[str]:
    """Paragraphs of lines: blank lines, headings and list items begin a new one."""
    words = {w.lower() for w in _WORD.findall(text)}
    paras: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    ordered = False
    for raw in _without_furniture(text):
        if _blank(raw) or raw.lstrip().startswith(":::") or (markdown and _RULE.match(raw)):
            paras.append(current)
            current, ordered = [], False
            continue
        hard = markdown and (raw.endswith("  ") or raw.endswith("\\"))
        line = raw.strip(" \t")
        if markdown:
            if hard and line.endswith("\\"):
                line = line[:-1].rstrip(" \t")
            line = _QUOTE.sub("", line, count=1)
            heading = _HEADING.match(line)
            if heading:
                paras += [current, [(_heading_text(line[heading.end():]), False)]]
                current, ordered = [], False
                continue
            if _TABLE_ROW.fullmatch(line):  # a table row: each cell a paragraph
                cells = [c.strip() for c in line.strip("|").split("|")]
                if not all(_TABLE_RULE.fullmatch(c) for c in cells):
                    paras += [current, *([(c, False)] for c in cells if c)]
                current, ordered = [], False
                continue
        bullet = _BULLET.match(line)
        number = _ORDERED.match(line) if markdown else None
        if bullet:
            paras.append(current)
            current, ordered = [], False
            line = line[bullet.end():]
        elif number and (not current or ordered or number[1] == "1"):  # as in CommonMark
            paras.append(current)
            current, ordered = [], True
        if line.strip():
            current.append((line, hard))
    paras.append(current)
    found = (_join(lines, words) for lines in paras if lines)
    return [p for p in (_unmark(p) if markdown else p for p in found) if p.strip()]


def _heading_text(text: str) -> str:
    """A heading without its optional closing hashes ("## Ziele ##")."""
    bare = text.rstrip(" \t").rstrip("#")
    return bare.rstrip(" \t") if not bare or bare[-1] in " \t" else text.rstrip(" \t")


def _join(lines: list[tuple[str, bool]], words: set[str]) -> str:
    """The lines of a paragraph. A word split at a line end loses its hyphen where the
    joined word occurs in the text or both sides are lower case ("Integra-" "tion"), else
    keeps it ("SGB II-" "Leistungen", "Nordrhein-" "Westfalen")."""
    parts = [lines[0][0]]
    for (_, hard), (line, _) in itertools.pairwise(lines):
        before = parts[-1]
        head = None if hard else re.search(r"(\w+)-$", before[-100:])
        tail = _WORD.match(line)
        if not head:
            parts.append("\n" if hard else " ")
        elif (tail and (head[1] + tail[0]).lower() in words) or (
                before[-2].islower() and line[:1].islower()):
            parts[-1] = before[:-1]
        parts.append(line)
    return "".join(parts)


def _unmark(text: str) -> str:
    """Text without Markdown emphasis and escapes; HTML stays as it is."""
    for _ in range(3):  # nested emphasis: ***both***
        text, before = _EMPHASIS.sub(r"\1", _STRONG.sub(lambda m: m[1] or m[2], text)), text
        if text == before:
            break
    return _ESCAPE.sub(r"\1", text).strip()
