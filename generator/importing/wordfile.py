"""A returned DOCX read: zv's properties, its text as written and as edited, revisions, comments.

The text "as edited" has every tracked change accepted (insertions kept, deletions
dropped, moved text at its new place); the text "as written" has every change rejected:
what zv wrote before anyone edited it. Both are paragraphs and tables of word tokens
(compare/docx_words), the form `zv diff` compares.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..compare.docx_words import Item, Para, read_items, w
from ..errors import InputError, Problem
from ..writers import docx_custom

MAX_FILE = 20_000_000  # bytes of the DOCX file
MAX_PART = 20_000_000  # bytes of one part unpacked (a zip bomb stops here)
MAX_ITEMS = 5_000  # paragraphs and tables: an agreement has a few hundred
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_CHANGE_TAGS = ("ins", "del", "moveFrom", "moveTo")
_MARKS = {"ins": "Absatz geteilt nach", "del": "Absatz verbunden mit dem nächsten"}
_KIND = {"ins": "eingefügt", "del": "gelöscht", "moveFrom": "verschoben (alte Stelle)",
         "moveTo": "verschoben (neue Stelle)"}


@dataclass(frozen=True)
class Revision:
    """One tracked change: what kind, by whom, when, which text (`new`: the text that
    replaced it, for a deletion right before an insertion of the same author)."""

    kind: str
    author: str
    date: str
    text: str
    new: str = ""


@dataclass(frozen=True)
class Comment:
    author: str
    date: str
    text: str
    anchor: str  # the document text the comment is attached to
    paragraph: Any = None  # the w:p where that text begins


@dataclass(frozen=True)
class Returned:
    file: Path
    properties: dict[str, str]
    edited: list[Item]  # every tracked change accepted
    written: list[Item]  # every tracked change rejected
    revisions: list[Revision]
    comments: list[Comment]


def read(file: Path) -> Returned:
    """The returned document; InputError if it is no DOCX (or too large to be one)."""
    def bad(message: str) -> InputError:
        return InputError([Problem(file, 0, 0, "", message)])

    if file.suffix.lower() in (".pdf", ".txt", ".md"):
        raise bad(f"{file.suffix.lower()[1:].upper()}-Dateien liest zv import noch nicht, nur "
                  "DOCX-Dateien, die zv geschrieben hat (siehe docs/import.md)")
    try:
        if file.stat().st_size > MAX_FILE:
            raise bad(f"Datei zu groß für ein Word-Dokument (über {MAX_FILE // 1_000_000} MB)")
        data = file.read_bytes()
    except FileNotFoundError:
        raise bad("Datei nicht gefunden") from None
    except OSError as exc:
        raise bad(f"Datei nicht lesbar ({exc.strerror})") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            document = _part(package, "word/document.xml", bad)
            if document is None:
                raise bad("kein Word-Dokument (word/document.xml fehlt)")
            custom = _part(package, docx_custom.PARTNAME[1:], bad)
            comments = _part(package, "word/comments.xml", bad)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise bad("keine DOCX-Datei (kein lesbares ZIP-Archiv)") from None
    try:
        root = etree.fromstring(document, _PARSER)
        properties = docx_custom.read(custom) if custom is not None else {}
        notes = etree.fromstring(comments, _PARSER) if comments is not None else None
    except etree.XMLSyntaxError as exc:
        raise bad(f"Word-Dokument beschädigt ({exc})") from None
    body = root.find(w("body"))
    if body is None:
        raise bad("Word-Dokument ohne Text (w:body fehlt)")
    if sum(1 for _ in body.iter(w("p"))) > MAX_ITEMS:
        raise bad(f"mehr als {MAX_ITEMS} Absätze: zu lang für den Entwurf einer "
                  "Zielvereinbarung")
    accepted = _accepted(body)
    return Returned(file, properties, _text(accepted), _text(_rejected(body)),
                    _revisions(body), _comments(accepted, notes))


def _part(package: zipfile.ZipFile, name: str, bad: Callable[[str], InputError]
          ) -> bytes | None:
    """One part, read only up to the limit whatever its header claims (a zip bomb)."""
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    too_large = bad(f"{name} ist entpackt größer als {MAX_PART // 1_000_000} MB: kein "
                    "gewöhnliches Word-Dokument")
    if info.file_size > MAX_PART:
        raise too_large
    with package.open(info) as handle:
        data = handle.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise too_large
    return data


def _text(body: Any) -> list[Item]:
    """Paragraphs and tables; empty paragraphs (blank lines: layout) are left out.
    Deleted and moved-away text is not read (docx_words)."""
    return unstyled(read_items(body))


def unstyled(items: list[Item]) -> list[Item]:
    """Items without empty paragraphs and without style names: a document saved by
    LibreOffice names the frame's styles otherwise; the import compares words only."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Para):
            if item.text.strip():
                item.style = ""
                out.append(item)
            continue
        for row in item.rows:
            for cell in row.cells:
                for para in cell:
                    para.style = ""
        out.append(item)
    return out


def _accepted(body: Any) -> Any:
    """A copy of the body whose deleted paragraph marks join their paragraphs (the text
    of deletions is left out when it is read)."""
    body = copy.deepcopy(body)
    _join(body, ("del", "moveFrom"))
    return body


def _join(body: Any, tags: tuple[str, ...]) -> None:
    """Paragraphs whose mark is one of these changes joined with the next paragraph, as
    Word shows them when the change is accepted (deleted mark) or rejected (inserted)."""
    def marked(p: Any) -> bool:
        return any(p.find(f"{w('pPr')}/{w('rPr')}/{w(tag)}") is not None for tag in tags)

    for p in list(body.iter(w("p"))):
        if p.getparent() is None:
            continue  # joined into the paragraph before it
        while marked(p) and p.getnext() is not None and p.getnext().tag == w("p"):
            following = p.getnext()
            mark = p.find(f"{w('pPr')}/{w('rPr')}")
            next_mark = following.find(f"{w('pPr')}/{w('rPr')}")
            for child in list(following):
                if child.tag != w("pPr"):
                    p.append(child)
            if mark is not None:  # the joined paragraph ends with the next one's mark
                mark.getparent().remove(mark)
                if next_mark is not None:
                    p.find(w("pPr")).append(next_mark)
            following.getparent().remove(following)


def _rejected(body: Any) -> Any:
    """A copy of the body with every tracked change rejected."""
    body = copy.deepcopy(body)
    _join(body, ("ins", "moveTo"))
    for tag in ("ins", "moveTo"):
        for el in list(body.iter(w(tag))):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
    for tag in ("del", "moveFrom"):
        for el in list(body.iter(w(tag))):
            parent = el.getparent()
            if parent is None:
                continue
            if parent.tag == w("rPr"):  # a mark on a paragraph or run: nothing to keep
                parent.remove(el)
                continue
            index = parent.index(el)
            for offset, child in enumerate(list(el)):
                parent.insert(index + offset, child)
            parent.remove(el)
    for el in body.iter(w("delText")):
        el.tag = w("t")
    return body


def _revisions(body: Any) -> list[Revision]:
    out: list[Revision] = []
    last: Any = None
    for el in body.iter(*(w(t) for t in _CHANGE_TAGS)):
        tag = etree.QName(el).localname
        author, date = el.get(w("author"), ""), el.get(w("date"), "")
        parent = el.getparent()
        if parent is not None and parent.tag == w("rPr"):
            paragraph = parent.getparent()
            if paragraph is not None and paragraph.tag == w("pPr") and tag in _MARKS:
                text = "".join(t.text or "" for t in paragraph.getparent().iter(
                    w("t"), w("delText")))
                out.append(Revision(_MARKS[tag], author, date, text))
            continue
        text = "".join(t.text or "" for t in el.iter(w("t"), w("delText")))
        if not text:
            continue
        if (tag == "ins" and out and out[-1].kind == _KIND["del"] and not out[-1].new
                and out[-1].author == author and _next_change(last) is el):
            out[-1] = Revision("ersetzt", author, out[-1].date, out[-1].text, text)
        else:
            out.append(Revision(_KIND[tag], author, date, text))
        last = el
    return out


def _next_change(el: Any) -> Any:
    """The next sibling that is not a comment or bookmark mark."""
    if el is None:
        return None
    sibling = el.getnext()
    while sibling is not None and etree.QName(sibling).localname in (
            "commentRangeStart", "commentRangeEnd", "bookmarkStart", "bookmarkEnd"):
        sibling = sibling.getnext()
    return sibling


def _comments(body: Any, notes: Any) -> list[Comment]:
    if notes is None:
        return []
    anchors: dict[str, list[str]] = {}
    places: dict[str, Any] = {}
    open_ids: set[str] = set()
    for el in body.iter(w("commentRangeStart"), w("commentRangeEnd"), w("t")):
        if el.tag == w("commentRangeStart"):
            open_ids.add(el.get(w("id"), ""))
            anchors.setdefault(el.get(w("id"), ""), [])
            places[el.get(w("id"), "")] = next(el.iterancestors(w("p")), None)
        elif el.tag == w("commentRangeEnd"):
            open_ids.discard(el.get(w("id"), ""))
        elif open_ids and not _deleted(el):
            for key in open_ids:
                anchors[key].append(el.text or "")
    out = []
    for note in notes.iter(w("comment")):
        text = "\n".join("".join(t.text or "" for t in p.iter(w("t")))
                         for p in note.iter(w("p")))
        anchor = "".join(anchors.get(note.get(w("id"), ""), []))
        out.append(Comment(note.get(w("author"), ""), note.get(w("date"), ""), text.strip(),
                           anchor.strip(), places.get(note.get(w("id"), ""))))
    return out


def _deleted(el: Any) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in (w("del"), w("moveFrom")):
            return True
        parent = parent.getparent()
    return False


def authors(paragraph: Any, text: str) -> list[str]:
    """Who inserted (or deleted) this text in the paragraph, as tracked."""
    found = []
    wanted = " ".join(text.split())
    for el in paragraph.iter(*(w(t) for t in _CHANGE_TAGS)):
        inner = " ".join("".join(t.text or "" for t in el.iter(w("t"), w("delText"))).split())
        if inner and wanted and (inner in wanted or wanted in inner):
            found.append(el.get(w("author"), ""))
    return [a for a in dict.fromkeys(found) if a]
