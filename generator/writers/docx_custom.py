"""docProps/custom.xml: the custom document properties zv records in a DOCX it writes.

`zv import` reads them back (the agreement file and its fingerprint). Properties of the
frame's own custom.xml are kept; zv's are replaced or added. Both ways of writing a DOCX
(the prepared frame and docxtpl) attach the part with `attach`, so their bytes agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from .docx_xml import attr, text

PARTNAME = "/docProps/custom.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id of user properties
_HEAD = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

Properties = Sequence[tuple[str, str]]


def attach(package: Any) -> bytes | None:
    """Give a python-docx package a custom properties part (made if missing); returns the
    frame's own custom.xml, the base that `custom_xml` adds to, or None."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for rel in package.rels.values():
        if rel.reltype == RELTYPE and not rel.is_external:
            part = rel.target_part
            return bytes(part.blob)
    part = Part(PackURI(PARTNAME), CONTENT_TYPE, custom_xml(None, ()), package)
    package.relate_to(part, RELTYPE)
    return None


def set_blob(package: Any, blob: bytes) -> None:
    """The custom properties part of `package` (see `attach`) gets these bytes."""
    for rel in package.rels.values():
        if rel.reltype == RELTYPE and not rel.is_external:
            rel.target_part._blob = blob
            return


def custom_xml(base: bytes | None, properties: Properties) -> bytes:
    """custom.xml with `properties` (name, text), over the frame's own (`base`)."""
    if base is None:
        items = "".join(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="{attr(name)}">'
            f"<vt:lpwstr>{text(value)}</vt:lpwstr></property>"
            for pid, (name, value) in enumerate(properties, 2))
        return (_HEAD + f'<Properties xmlns="{_NS}" xmlns:vt="{_VT}">{items}</Properties>'
                .encode())
    root = etree.fromstring(base, etree.XMLParser(resolve_entities=False))
    names = {name for name, _ in properties}
    for old in [p for p in root if p.get("name") in names]:
        root.remove(old)
    pids = [int(p.get("pid")) for p in root if (p.get("pid") or "").isdigit()]
    pid = max([1, *pids]) + 1
    for offset, (name, value) in enumerate(properties):
        prop = etree.SubElement(root, f"{{{_NS}}}property", fmtid=_FMTID, pid=str(pid + offset),
                                name=name)
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    return _HEAD + bytes(etree.tostring(root, encoding="UTF-8"))


def read(xml: bytes) -> dict[str, str]:
    """The text properties of a custom.xml, by name."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    out = {}
    for prop in root:
        name = prop.get("name")
        if name is not None and len(prop):
            out[name] = prop[0].text or ""
    return out
