"""The family frame, prepared once per process: constant zip entries, body spliced in.

Writing an agreement through docxtpl loads the whole frame.docx (about 830 KB of XML, most
of it python-docx's default styles), renders its body through Jinja, parses it again and
deflates every part anew. Only a few parts differ from one agreement to the next: the body
of word/document.xml, its relationships (links), the numbering (lists counting from their
own start), the rendered headers and footers and the core properties. A `Frame` keeps the
others as finished, deflated zip entries and the document part as the bytes before and
after the body, all taken from one real docxtpl render of the frame, so the output is the
same, byte for byte, as writing the agreement through docxtpl.

A frame whose document part has placeholders other than `{{p body }}`, or that has
footnotes or templated core properties, is not prepared (`load` returns None): such a
user's frame goes the docxtpl way.
"""

from __future__ import annotations

import copy
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment, meta
from lxml import etree

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Records of the zip format (as zipfile packs them).
_CENTRAL_DIR = "<4s4B4HL2L5H2L"
_END_ARCHIVE = "<4s4H2LH"
_LEVEL = 3
_SENTINEL = "\u2063ZV-BODY\u2063"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CORE = "/docProps/core.xml"
# Core properties docxtpl renders as templates (DocxTemplate.render_properties).
_TEMPLATED_PROPS = ("author", "comments", "identifier", "language", "subject", "title")


@dataclass
class _Entry:
    """One zip entry: finished (deflated once) or made per agreement."""

    name: str
    data: bytes = b""  # deflated
    crc: int = 0
    size: int = 0


def deflate(name: str, blob: bytes) -> _Entry:
    packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return _Entry(name, packer.compress(blob) + packer.flush(), zlib.crc32(blob), len(blob))


def zip_bytes(entries: list[_Entry]) -> bytes:
    """The zip archive Python's zipfile writes for these entries (as `docx._FixedTimeZip`
    does: fixed time, deflated, mode 600), from data deflated beforehand."""
    out = bytearray()
    central = bytearray()
    for entry in entries:
        info = zipfile.ZipInfo(entry.name, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        info.CRC, info.compress_size, info.file_size = entry.crc, len(entry.data), entry.size
        offset = len(out)
        out += info.FileHeader(False)
        out += entry.data
        try:
            filename, flags = entry.name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = entry.name.encode("utf-8"), 0x800
        dosdate = (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
        central += struct.pack(_CENTRAL_DIR, b"PK\x01\x02",
                               info.create_version, info.create_system, info.extract_version,
                               info.reserved, flags, info.compress_type, 0, dosdate, info.CRC,
                               info.compress_size, info.file_size, len(filename), 0, 0, 0,
                               info.internal_attr, info.external_attr, offset)
        central += filename
    start = len(out)
    out += central
    out += struct.pack(_END_ARCHIVE, b"PK\x05\x06", 0, 0, len(entries),
                       len(entries), len(central), start, 0)
    return bytes(out)


class _Capture:
    """A zip writer for python-docx's PackageWriter that keeps the (name, blob) pairs."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


@dataclass
class _Templated:
    """A header or footer part rendered with Jinja for each agreement."""

    member: str
    template: Any
    encoding: str


class Frame:
    """A prepared frame. `doc` is shared: bodies are built in it, under `lock`; what the
    building changes (numbering instances, link relationships) is reset afterwards."""

    def __init__(self, tpl: DocxTemplate, env: Environment, around: tuple[str, str],
                 entries: list[_Entry], templated: list[_Templated], core: Any) -> None:
        self.doc = tpl.docx
        self.tpl = tpl
        self.env = env
        # The rendered w:body before and after the body, and the document element
        # that docxtpl puts the parsed w:body into.
        self.around = around
        self.root = copy.deepcopy(tpl.docx.element)
        self.entries = entries
        self.templated = {t.member: t for t in templated}
        self.core = core
        self.lock = threading.Lock()
        numbering = self._numbering_part()
        self.numbering_member = (numbering.partname.membername
                                 if numbering is not None else None)
        # Style name -> id; (name, type) -> id and (list style, "abstractNum") -> the
        # abstract numbering of the style (the frame's numbering does not change).
        self.style_ids: dict[str, str] | None = None
        self.typed_ids: dict[tuple[str, Any], Any] = {}

    def _numbering_part(self) -> Any:
        try:
            return self.doc.part.numbering_part
        except NotImplementedError:
            return None

    def write(self, build: Callable[[Any], list[Any]], context: dict[str, Any],
              core: Callable[[CoreProperties], None]) -> bytes | None:
        """The package with the built body, or None when the body needs docxtpl's fixes."""
        with self.lock:
            rels = self.doc.part.rels
            known = set(rels)
            numbering = self._numbering_part()
            # Lists add numbering instances (w:num); they are taken out again below.
            instances = list(numbering.element) if numbering is not None else []
            try:
                elements = build(self.doc)
                body = "".join(etree.tostring(el, encoding="unicode") for el in elements)
                if not _plain_body(body, elements):
                    return None
                rels_xml = rels.xml if len(rels) != len(known) else None
                numbering_xml = (serialize_part_xml(numbering.element)
                                 if numbering is not None else None)
            finally:
                for r_id in set(rels) - known:
                    del rels[r_id]
                if numbering is not None:
                    for added in set(numbering.element) - set(instances):
                        numbering.element.remove(added)
            return self._package(body, rels_xml, numbering_xml, context, core)

    def _package(self, body: str, rels_xml: str | bytes | None, numbering_xml: bytes | None,
                 context: dict[str, Any], set_core: Callable[[CoreProperties], None]) -> bytes:
        entries = []
        for entry in self.entries:
            name = entry.name
            if name == "word/document.xml":
                entry = deflate(name, self._document(body))
            elif name == "word/_rels/document.xml.rels" and rels_xml is not None:
                blob = rels_xml if isinstance(rels_xml, bytes) else rels_xml.encode("utf-8")
                entry = deflate(name, blob)
            elif name == self.numbering_member and numbering_xml is not None:
                entry = deflate(name, numbering_xml)
            elif name in self.templated:
                entry = deflate(name, self._render(self.templated[name], context))
            elif name == _CORE[1:]:
                core = copy.deepcopy(self.core)
                set_core(CoreProperties(core))
                entry = deflate(name, serialize_part_xml(core))
            entries.append(entry)
        return zip_bytes(entries)

    def _document(self, body: str) -> bytes:
        """word/document.xml as DocxTemplate.render and python-docx make it: the rendered
        w:body parsed (as fix_tables does) in place of the old one, then serialised."""
        xml = self.around[0] + _fix_body(body) + self.around[1]
        tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
        self.root.replace(self.root.body, tree)
        return serialize_part_xml(self.root)

    def _render(self, part: _Templated, context: dict[str, Any]) -> bytes:
        """What DocxTemplate.render_xml_part and python-docx make of a header or footer."""
        xml = part.template.render(context)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = _fix_body(xml)
        xml = self.tpl.resolve_listing(xml)
        return serialize_part_xml(parse_xml(xml.encode(part.encoding)))


def _fix_body(xml: str) -> str:
    """docxtpl's unescaping of braces, applied to the whole rendered part."""
    if "_" not in xml:
        return xml
    return (xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
            .replace("%_}", "%}"))


def _plain_body(body: str, elements: list[Any]) -> bool:
    """True if docxtpl's rendering would leave this body as it is: no tab, bell, newline or
    form feed in its text (resolve_listing), no drawing ids to renumber and every table's
    grid as wide as its widest row (fix_tables)."""
    if any(c in body for c in "\t\a\n\f") or "docPr" in body:
        return False
    tbl, grid, col, tr, tc = qn("w:tbl"), qn("w:tblGrid"), qn("w:gridCol"), qn("w:tr"), qn("w:tc")
    span = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
    for element in elements:
        for table in element.iter(tbl):
            tbl_grid = table.find(grid)
            if tbl_grid is None:
                return False
            columns = len(tbl_grid.findall(col))
            widest = 0
            for row in table.iter(tr):
                cells = row.findall(tc)
                if len(cells) > columns:
                    return False
                width = 0
                for cell in cells:
                    spanned = cell.find(span)
                    width += int(spanned.get(qn("w:val"))) if spanned is not None else 1
                widest = max(widest, width)
            if widest < columns:
                return False
    return True


_cache: dict[tuple[str, int, int], Frame | None] = {}
_cache_lock = threading.Lock()


def load(path: Path) -> Frame | None:
    """The prepared frame of this file (kept per path, modification time and size)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        if key not in _cache:
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = _prepare(path)
        return _cache[key]


def _prepare(path: Path) -> Frame | None:
    from docx.opc.pkgwriter import PackageWriter

    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    doc = tpl.docx
    env = Environment(autoescape=True)
    # Only `{{p body }}` in the document part; no footnotes; no templated properties.
    source = tpl.patch_xml(tpl.get_xml())
    if meta.find_undeclared_variables(env.parse(source)) != {"body"}:
        return None
    if any(part.content_type == _FOOTNOTES for part in doc.part.package.parts):
        return None
    props = doc.core_properties
    for name in _TEMPLATED_PROPS:
        if meta.find_undeclared_variables(env.parse(getattr(props, name))):
            return None
    # Headers and footers as docxtpl renders them: their patched source, compiled once.
    templated = []
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            encoding = tpl.get_headers_footers_encoding(xml)
            xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
            templated.append(_Templated(part.partname.membername, env.from_string(xml),
                                        encoding))
    # One real render with a marker for the body gives every constant part's bytes.
    tpl.render({"body": _Marker(), "kurzname": "", "jahr": ""}, autoescape=True)
    core = copy.deepcopy(doc.core_properties._element)
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    capture = _Capture()
    writer: Any = PackageWriter
    writer._write_content_types_stream(capture, package.parts)
    writer._write_pkg_rels(capture, package.rels)
    writer._write_parts(capture, package.parts)
    body_xml = tpl.render_xml_part(source, doc.part, {"body": _Marker()}, env)
    before, marker, after = body_xml.partition(_SENTINEL)
    if not marker:
        return None
    entries = []
    dynamic = {t.member for t in templated} | {_CORE[1:], "word/_rels/document.xml.rels",
                                               "word/document.xml"}
    for name, blob in capture.items:
        if name in dynamic:
            entries.append(_Entry(name))
        else:
            entries.append(deflate(name, blob))
    # The shared document, as before the render, to build bodies in: reload it.
    fresh = DocxTemplate(str(path))
    fresh.init_docx()
    frame = Frame(fresh, env, (before, after), entries, templated, core)
    if _CORE[1:] not in {e.name for e in entries}:
        return None
    # The relationships of the document part, unchanged by a body without links.
    rels_blob = dict(capture.items).get("word/_rels/document.xml.rels")
    frame.entries = [deflate(e.name, rels_blob) if e.name == "word/_rels/document.xml.rels"
                     and rels_blob is not None else e for e in frame.entries]
    return frame


class _Marker:
    def __html__(self) -> str:
        return _SENTINEL
