"""The family frame, prepared once per process: constant zip entries, body spliced in.

Writing an agreement through docxtpl loads the whole frame.docx (about 830 KB of XML, most
of it python-docx's default styles), renders its body through Jinja, parses it again and
deflates every part anew. Only a few parts differ from one agreement to the next: the body
of word/document.xml, its relationships (links), the numbering (lists counting from their
own start), the rendered headers and footers and the core properties. A `Frame` keeps the
others as finished, deflated zip entries, the document part as the bytes before and
after the body and the numbering part as the bytes around the instances lists add, all
taken from one real docxtpl render of the frame. The body, written as XML text
(docx_body, docx_xml), is spliced in as lxml would serialise it, so the output is the same,
byte for byte, as writing the agreement through docxtpl.

A frame whose document part has placeholders other than `{{p body }}`, or that has
footnotes or templated core properties, is not prepared (`load` returns None): such a
user's frame goes the docxtpl way.
"""

from __future__ import annotations

import copy
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, meta
from lxml import etree

from ..text.document import Block
from . import docx_custom
from .docx_body import Builder, style_ids
from .docx_parts import ZIP_TIME as ZIP_TIME
from .docx_parts import Entry, Values, core_parts, deflate, fill, zip_bytes
from .docx_xml import Tbl, body_xml, check

_SENTINEL = "\u2063ZV-BODY\u2063"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CORE = "/docProps/core.xml"
_CUSTOM = docx_custom.PARTNAME
# Core properties docxtpl renders as templates (DocxTemplate.render_properties).
_TEMPLATED_PROPS = ("author", "comments", "identifier", "language", "subject", "title")
_BODY_MARK = "<w:zvBody/>"
_NUM_MARK = "ZV-NUM"


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
    building changes (link relationships) is reset afterwards."""

    def __init__(self, tpl: DocxTemplate, env: Environment, around: tuple[str, str],
                 entries: list[Entry], templated: list[_Templated], core: Any) -> None:
        self.doc = tpl.docx
        self.tpl = tpl
        self.env = env
        self.entries = entries
        self.templated = {t.member: t for t in templated}
        self.core = core
        self.custom_base: bytes | None = None  # the frame's own custom.xml
        self.lock = threading.Lock()
        # word/document.xml before and after the body, as python-docx writes it once
        # docxtpl has put the rendered w:body in (the w:document element and sectPr).
        root = copy.deepcopy(tpl.docx.element)
        self.root = root
        self.around = around
        self.document = self._document_xml(_BODY_MARK).partition(_BODY_MARK.encode())[::2]
        # The numbering part before and after the instances lists add (w:num).
        numbering = self._numbering_part()
        self.numbering_member: str | None = None
        self.numbering: tuple[bytes, bytes] = (b"", b"")
        self.num_ids: set[int] = set()
        if numbering is not None:
            self.numbering_member = numbering.partname.membername
            element = numbering.element
            mark = etree.Comment(_NUM_MARK)
            element.insert_element_before(mark, "w:numIdMacAtCleanup")
            try:
                before, _, after = serialize_part_xml(element).partition(
                    f"<!--{_NUM_MARK}-->".encode())
            finally:
                element.remove(mark)
            self.numbering = (before, after)
            self.num_ids = {int(n) for n in element.xpath("./w:num/@w:numId")}
            self.entries = [deflate(e.name, before + after) if e.name == self.numbering_member
                            else e for e in self.entries]
        # Style name -> id; (name, type) -> id, (list style, "abstractNum") -> the
        # abstract numbering of the style and the text width (the frame does not change).
        self.style_ids = style_ids(self.doc)
        self.typed_ids: dict[tuple[str, Any], Any] = {}
        self.core_parts: dict[tuple[tuple[str, type], ...], list[Any] | None] = {}

    def _numbering_part(self) -> Any:
        try:
            return self.doc.part.numbering_part
        except NotImplementedError:
            return None

    def write(self, blocks: tuple[Block, ...], context: dict[str, Any],
              core: Callable[[CoreProperties], None],
              custom: docx_custom.Properties = (),
              names: frozenset[str] = frozenset()) -> bytes | None:
        """The package with the built body, or None when the body needs docxtpl's fixes."""
        nums: list[str] = []
        used = set(self.num_ids)

        def number(abstract: int, start: int) -> int:
            # python-docx's numbering.add_num: the lowest unused numId.
            num_id = next(n for n in range(1, len(used) + 2) if n not in used)
            used.add(num_id)
            nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/>'
                        f"</w:lvlOverride></w:num>")
            return num_id

        with self.lock:
            rels = self.doc.part.rels
            known = set(rels)
            try:
                builder = Builder(self.doc, self.style_ids, self.typed_ids, number)
                builder.names = names
                for block in blocks:
                    builder.block(block, None)
                rels_xml = rels.xml if len(rels) != len(known) else None
            finally:
                for r_id in set(rels) - known:
                    del rels[r_id]
        body = _fix_body(body_xml(builder.items)).encode()
        check(body)
        # docxtpl's resolve_listing would change tabs and line breaks in the text, drawings
        # would have their ids renumbered and fix_tables widen a grid wider than its rows.
        if (b"\t" in body or b"\n" in body or b"docPr" in body or not body
                or not all(_full_grid(item) for item in builder.items
                           if isinstance(item, Tbl))):
            return None
        numbering = None
        if nums:
            numbering = self.numbering[0] + "".join(nums).encode() + self.numbering[1]
        return self._package(body, rels_xml, numbering, context, core, custom)

    def _package(self, body: bytes, rels_xml: str | bytes | None, numbering_xml: bytes | None,
                 context: dict[str, Any], set_core: Callable[[CoreProperties], None],
                 custom: docx_custom.Properties) -> bytes:
        entries = []
        for entry in self.entries:
            name = entry.name
            if name == "word/document.xml":
                entry = deflate(name, self.document[0] + body + self.document[1])
            elif name == "word/_rels/document.xml.rels" and rels_xml is not None:
                blob = rels_xml if isinstance(rels_xml, bytes) else rels_xml.encode("utf-8")
                entry = deflate(name, blob)
            elif name == self.numbering_member and numbering_xml is not None:
                entry = deflate(name, numbering_xml)
            elif name in self.templated:
                entry = deflate(name, self._render(self.templated[name], context))
            elif name == _CORE[1:]:
                entry = deflate(name, self._core(set_core))
            elif name == _CUSTOM[1:]:
                entry = deflate(name, docx_custom.custom_xml(self.custom_base, custom))
            entries.append(entry)
        return zip_bytes(entries)

    def _core(self, set_core: Callable[[CoreProperties], None]) -> bytes:
        """docProps/core.xml: the properties `set_core` sets, filled into the frame's
        core.xml as python-docx writes it with them (prepared once per set of names)."""
        values = Values()
        set_core(values)  # type: ignore[arg-type]
        filled = fill(self._core_parts(values.items), values.items)
        if filled is None:
            core = copy.deepcopy(self.core)
            set_core(CoreProperties(core))
            return serialize_part_xml(core)
        check(filled)
        return filled

    def _core_parts(self, values: dict[str, Any]) -> list[Any] | None:
        key = tuple((name, type(value)) for name, value in values.items())
        if key not in self.core_parts:
            self.core_parts[key] = core_parts(self.core, values)
        return self.core_parts[key]

    def _document_xml(self, body: str) -> bytes:
        """word/document.xml as DocxTemplate.render and python-docx make it: the rendered
        w:body parsed (as fix_tables does) in place of the old one, then serialised."""
        xml = _fix_body(self.around[0] + body + self.around[1])
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


def _full_grid(table: Tbl) -> bool:
    """True if the widest row fills the table's grid and none is wider (fix_tables)."""
    columns = len(table.grid)
    widest = 0
    for tr in table.rows:
        if len(tr.cells) > columns:
            return False
        widest = max(widest, sum(tc.span for tc in tr.cells))
    return widest >= columns


def _fix_body(xml: str) -> str:
    """docxtpl's unescaping of braces, applied to the whole rendered part."""
    if "_" not in xml:
        return xml
    return (xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
            .replace("%_}", "%}"))


_cache: dict[tuple[str, int, int], Frame | None] = {}
_cache_lock = threading.Lock()


def load(path: Path) -> Frame | None:
    """The prepared frame of this file (kept per path, modification time and size)."""
    stat = path.stat()
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
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
    env = Environment(autoescape=True, undefined=StrictUndefined)
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
    custom_base = docx_custom.attach(package)
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
    dynamic = {t.member for t in templated} | {_CORE[1:], _CUSTOM[1:], "word/document.xml",
                                               "word/_rels/document.xml.rels"}
    for name, blob in capture.items:
        if name in dynamic:
            entries.append(Entry(name))
        else:
            entries.append(deflate(name, blob))
    # The rendered document is the one to build bodies in: the render changed its body,
    # headers and footers, never its styles, numbering, relationships or sections.
    frame = Frame(tpl, env, (before, after), entries, templated, core)
    frame.custom_base = custom_base
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
