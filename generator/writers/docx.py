"""Blocks -> DOCX: the body is built (docx_body) for the family's docxtpl frame.

Usually the frame is prepared once per process and the body spliced in (docx_frame);
drafts, redlines and frames with other placeholders go through docxtpl.

The frame (templates/<family>/frame.docx) owns page setup, fonts, styles and the footer;
this module only maps blocks to those named styles. Output is byte-reproducible: zip
entries get a fixed timestamp and the core properties are set from the data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from lxml import etree

from ..errors import SetupError
from ..text.document import Block
from . import Job, docx_custom, docx_frame
from .docx_body import Builder
from .docx_xml import body_xml, check
from .frame_check import PLACEHOLDERS

_ZIP_TIME = docx_frame.ZIP_TIME
_PROPERTY_LIMIT = 255  # Word's core properties hold at most 255 characters

# Builds the body elements (w:p, w:tbl) inside the frame's document; the redline
# (generator/redline.py) passes its own to write tracked changes in the same frame.
BodyMaker = Callable[[Any], list[Any]]


def write(job: Job, body: BodyMaker | None = None) -> bytes:
    if body is None and not job.entwurf:
        # The usual case: the frame prepared once per process, the body spliced in.
        with _frame_errors(job):
            frame = docx_frame.load(job.asset("frame.docx"))
        if frame is not None:
            try:
                data = frame.write(job.blocks, _context(job, ""),
                                   lambda props: _properties(job, props),
                                   job.eigenschaften, job.names)
            except jinja2.UndefinedError as exc:  # in a header or footer
                raise _unknown(job, exc) from None
            if data is not None:
                return data
    tpl = _frame(job)
    elements = (body(tpl.docx) if body is not None
                else build_elements(tpl.docx, job.blocks, job.names))
    xml = _Body("".join(etree.tostring(el, encoding="unicode") for el in elements))
    with _frame_errors(job):
        tpl.render(_context(job, xml), jinja_env=_STRICT, autoescape=True)
    if job.entwurf:
        _mark_draft(tpl.docx, job.entwurf)
    _properties(job, tpl.docx.core_properties)
    package = tpl.docx.part.package
    docx_custom.set_blob(package, docx_custom.custom_xml(docx_custom.attach(package),
                                                         job.eigenschaften))
    return _save(tpl.docx)


def _context(job: Job, body: Any) -> dict[str, Any]:
    """What the frame's placeholders get (frame_check.PLACEHOLDERS)."""
    return {"body": body, "kurzname": job.kurzname, "jahr": job.jahr}


# A placeholder zv does not fill stops the render instead of leaving a gap.
_STRICT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def _properties(job: Job, props: Any) -> None:
    stamp = dt.datetime.combine(job.stand, dt.time(12, 0))
    # Word's core properties hold at most 255 characters.
    props.title = job.titel[:_PROPERTY_LIMIT]
    props.subject = job.kurzname[:_PROPERTY_LIMIT]
    props.author = props.last_modified_by = "zv"
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


# Header/footer kinds of a section: sectPr reference type -> python-docx attribute.
_KINDS = {"default": ("header", "footer"), "first": ("first_page_header", "first_page_footer"),
          "even": ("even_page_header", "even_page_footer")}


def _mark_draft(doc: Any, footer_text: str) -> None:
    """ENTWURF as a header line on every page, "Entwurf, Stand …" above the footer line."""
    mark = (f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/>'
            f'<w:color w:val="C00000"/><w:sz w:val="32"/></w:rPr><w:t>ENTWURF</w:t></w:r></w:p>')
    stand = (f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{{}}"/></w:pPr><w:r>'
             f'<w:t xml:space="preserve">{_escape(footer_text)}</w:t></w:r></w:p>')
    for section in doc.sections:
        kinds = ["default"]
        if section.different_first_page_header_footer:
            kinds.append("first")
        if doc.settings.odd_and_even_pages_header_footer:
            kinds.append("even")
        for kind in kinds:
            header = _part_element(doc, section, "header", kind)
            for empty in [p for p in header.findall(qn("w:p")) if p.find(qn("w:r")) is None]:
                header.remove(empty)  # the blank line python-docx puts in a new header
            header.insert(0, parse_xml(mark))
            footer = _part_element(doc, section, "footer", kind)
            style = footer.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:pStyle')}")
            name = style.get(qn("w:val")) if style is not None else "Footer"
            footer.insert(0, parse_xml(stand.format(name)))


def _part_element(doc: Any, section: Any, which: str, kind: str) -> Any:
    """The root element of a section's header or footer part, made if missing.

    Read through the document's relationships, not python-docx's cached related parts:
    docxtpl replaces the parts of headers and footers it rendered.
    """
    def reference() -> Any:
        return next((r for r in section._sectPr.findall(qn(f"w:{which}Reference"))
                     if r.get(qn("w:type")) == kind), None)

    if reference() is None:
        getattr(section, _KINDS[kind][which == "footer"]).is_linked_to_previous = False
    return doc.part.rels[reference().get(qn("r:id"))].target_part.element


def _frame(job: Job) -> DocxTemplate:
    with _frame_errors(job):
        tpl = DocxTemplate(str(job.asset("frame.docx")))
        tpl.init_docx()
    return tpl


@contextlib.contextmanager
def _frame_errors(job: Job) -> Iterator[None]:
    """A frame that is not a Word document, or whose fields are broken, is a setup fault."""
    try:
        yield
    except jinja2.UndefinedError as exc:
        raise _unknown(job, exc) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.LxmlError,
            PackageNotFoundError, jinja2.TemplateError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise SetupError(f"{job.asset('frame.docx')}: Layoutdatei beschädigt oder kein "
                         f"Word-Dokument ({detail})") from None


def _unknown(job: Job, exc: jinja2.UndefinedError) -> SetupError:
    return SetupError(f"{job.asset('frame.docx')}: unbekannter Platzhalter ({exc}; zv "
                      f"füllt {', '.join(PLACEHOLDERS)})")


def frame_document(job: Job) -> Any:
    """The family frame as python-docx document, for building bodies to compare."""
    return _frame(job).docx


class _Body:
    """Body XML for the frame's `{{p body }}` paragraph (docxtpl inserts `__html__` as is)."""

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return self.xml


def build_elements(doc: Any, blocks: tuple[Block, ...],
                   names: frozenset[str] = frozenset()) -> list[Any]:
    """The blocks as body elements (w:p, w:tbl) of the frame document `doc`: its styles,
    numbering and hyperlink relationships. Written as XML and parsed once. The words of
    `names` are never hyphenated."""
    builder = Builder(doc)
    builder.names = names
    for block in blocks:
        builder.block(block, None)
    xml = body_xml(builder.items)
    check(xml.encode())
    return list(parse_xml(f"<w:body {nsdecls('w', 'r')}>{xml}</w:body>"))


def _save(doc: Any) -> bytes:
    """Write the package with fixed zip timestamps: the same input gives the same bytes."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer: Any = _FixedTimeZip(out)
    # python-docx's own package writer, fed a zip writer that stamps every entry alike.
    package_writer: Any = PackageWriter
    package_writer._write_content_types_stream(writer, package.parts)
    package_writer._write_pkg_rels(writer, package.rels)
    package_writer._write_parts(writer, package.parts)
    writer.close()
    return out.getvalue()


class _FixedTimeZip:
    def __init__(self, target: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=3)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        self._zip.writestr(entry, blob, compresslevel=3)

    def close(self) -> None:
        self._zip.close()


def _escape(text: str) -> str:
    """xml.sax.saxutils.escape without importing it (it loads urllib.request and more,
    about 20 ms of every worker's start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
