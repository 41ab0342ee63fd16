"""The redline: the NEW agreement in its family frame, with Word tracked changes against OLD.

Both versions are built with the DOCX writer's own builder inside NEW's frame, so their
paragraphs carry the frame's styles. The two bodies are compared (textdiff) and the
NEW body is rewritten with w:ins / w:del at word level; paragraphs and table rows found
on one side only are marked whole. Accepting every change gives NEW's text, rejecting
every change gives OLD's text. Pure python-docx/lxml; the bytes are reproducible.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ..text.typografie import NB_HYPHEN
from ..writers import Job
from ..writers import docx as docx_writer
from . import docx_words, textdiff
from .docx_words import Token, w
from .textdiff import ParaDiff, Piece, RowDiff, TableDiff

# The elements that come before w:trackRevisions in w:settings (ECMA-376, CT_Settings).
_BEFORE_TRACK_REVISIONS = frozenset(qn(f"w:{name}") for name in (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles",
    "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView"))


def write(old: Job, new: Job, author: str = "zv", date: dt.date | None = None) -> bytes:
    """The redline DOCX of NEW against OLD; `date` defaults to NEW's document date."""
    stamp = dt.datetime.combine(date or new.stand, dt.time(0, 0))

    def body(doc: Any) -> list[Any]:
        _track_revisions(doc)
        return _Marker(author, stamp).body(compare(doc, old, new))

    return docx_writer.write(new, body=body)


def _track_revisions(doc: Any) -> None:
    """Switch on change tracking, so that a reviewer's own edits are marked as well."""
    settings = doc.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    earlier = [c for c in settings if c.tag in _BEFORE_TRACK_REVISIONS]
    if earlier:
        earlier[-1].addnext(OxmlElement("w:trackRevisions"))
    else:
        settings.insert(0, OxmlElement("w:trackRevisions"))


def compare(doc: Any, old: Job, new: Job) -> list[textdiff.ItemDiff]:
    """Both bodies built in one frame document (NEW's), compared paragraph by paragraph."""
    new_items = docx_words.read_items(docx_writer.build_elements(doc, new.blocks))
    old_items = docx_words.read_items(docx_writer.build_elements(doc, old.blocks))
    return textdiff.diff_items(old_items, new_items)


class _Marker:
    """Writes the diff as WordprocessingML; revision ids count up from 1 in body order."""

    def __init__(self, author: str, stamp: dt.datetime) -> None:
        self.author = author
        self.date = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def revision(self, kind: str) -> Any:
        el = OxmlElement(f"w:{kind}")
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el

    def body(self, diffs: Sequence[textdiff.ItemDiff]) -> list[Any]:
        out: list[Any] = []
        last_table: str | None = None
        for d in diffs:
            if isinstance(d, ParaDiff):
                out.append(self.paragraph(d))
                last_table = None
                continue
            if last_table is not None and "deleted" in (last_table, d.status):
                # Two tables in a row would be joined into one by Word.
                out.append(OxmlElement("w:p"))
            out.append(self.table(d))
            last_table = d.status
        return out

    def paragraph(self, d: ParaDiff, mark: bool = True) -> Any:
        if d.status == "equal":
            assert d.new is not None
            return copy.deepcopy(d.new.element)
        source = d.new or d.old
        assert source is not None
        p = copy.deepcopy(source.element)
        for child in list(p):
            if child.tag != w("pPr"):
                p.remove(child)
        p.extend(self.content(d.pieces))
        if mark and d.status in ("inserted", "deleted"):
            self._mark_paragraph(p, "ins" if d.status == "inserted" else "del")
        return p

    def _mark_paragraph(self, p: Any, kind: str) -> None:
        """The paragraph mark itself is inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            after = [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]
            if after:
                after[0].addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.revision(kind))

    def content(self, pieces: Sequence[Piece]) -> list[Any]:
        """Runs for the pieces; hyperlinks kept, changes wrapped in w:ins / w:del."""
        tagged = [(piece.tag, token) for piece in pieces for token in piece.tokens]
        out: list[Any] = []
        for link, group in _runs_of(tagged, lambda item: item[1].link):
            target: list[Any] = out
            if link is not None:
                hyperlink = OxmlElement("w:hyperlink")
                for name, value in link.attrib.items():
                    hyperlink.set(name, value)
                out.append(hyperlink)
                target = []
            for tag, same_tag in _runs_of(group, lambda item: item[0]):
                wrapper = None if tag == "equal" else self.revision(
                    "ins" if tag == "insert" else "del")
                runs = [_run([t for _, t in same_format], tag == "delete")
                        for _, same_format in _runs_of(same_tag, lambda item: _format(item[1]))]
                if wrapper is None:
                    target.extend(runs)
                else:
                    wrapper.extend(runs)
                    target.append(wrapper)
            if link is not None:
                hyperlink.extend(target)
        return out

    def table(self, d: TableDiff) -> Any:
        source = d.new or d.old
        assert source is not None
        if d.status == "equal":
            return copy.deepcopy(source.element)
        tbl = copy.deepcopy(source.element)
        for tr in tbl.findall(w("tr")):
            tbl.remove(tr)
        for row in d.rows:
            tbl.append(self.row(row))
        return tbl

    def row(self, d: RowDiff) -> Any:
        source = d.new or d.old
        assert source is not None
        tr = copy.deepcopy(source.element)
        if d.status == "equal":
            return tr
        whole = d.status in ("inserted", "deleted")
        for tc, cell in zip(tr.findall(w("tc")), d.cells, strict=True):
            for child in list(tc):
                if child.tag in (w("p"), w("tbl")):
                    tc.remove(child)
            # In a row inserted or deleted whole, the row carries the mark, not each cell.
            tc.extend(self.paragraph(p, mark=not whole) for p in cell)
        if whole:
            trpr = tr.find(w("trPr"))
            if trpr is None:
                trpr = OxmlElement("w:trPr")
                prex = tr.find(w("tblPrEx"))
                if prex is not None:
                    prex.addnext(trpr)
                else:
                    tr.insert(0, trpr)
            trpr.append(self.revision("ins" if d.status == "inserted" else "del"))
        return tr


def _runs_of(items: Sequence[Any], key: Any) -> Iterator[tuple[Any, list[Any]]]:
    """Consecutive items with the same key (lxml elements compare by identity)."""
    group: list[Any] = []
    current: Any = None
    for item in items:
        k = key(item)
        if group and k != current:
            yield current, group
            group = []
        if not group:
            current = k
        group.append(item)
    if group:
        yield current, group


def _format(token: Token) -> bytes:
    rpr = token.run.find(w("rPr")) if token.run is not None else None
    return b"" if rpr is None else bytes(etree.tostring(rpr))


def _run(tokens: Sequence[Token], deleted: bool) -> Any:
    """One w:r in the format of the tokens' source run; text, breaks and tabs kept."""
    r = OxmlElement("w:r")
    source = tokens[0].run
    rpr = source.find(w("rPr")) if source is not None else None
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    text_tag = "w:delText" if deleted else "w:t"
    text = "".join(t.text for t in tokens)
    buffer = ""
    for char in text:
        if char in "\n\t" + NB_HYPHEN:
            _append_text(r, text_tag, buffer)
            buffer = ""
            r.append(OxmlElement({"\n": "w:br", "\t": "w:tab"}.get(char, "w:noBreakHyphen")))
        else:
            buffer += char
    _append_text(r, text_tag, buffer)
    return r


def _append_text(r: Any, tag: str, text: str) -> None:
    if text:
        t = OxmlElement(tag)
        t.text = text
        t.set(qn("xml:space"), "preserve")
        r.append(t)
