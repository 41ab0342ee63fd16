"""The zip container and docProps/core.xml of a prepared frame, made cheaply.

Zip entries are deflated once where they do not change, and the archive is written as
Python's zipfile writes it (as `docx._FixedTimeZip` does: fixed time, deflated, mode 600).
core.xml is python-docx's serialisation of the frame's core properties with the written
ones set, prepared once with stand-ins and then filled in.
"""

from __future__ import annotations

import copy
import datetime as dt
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml

from .docx_xml import text

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Records of the zip format (as zipfile packs them).
_CENTRAL_DIR = "<4s4B4HL2L5H2L"
_END_ARCHIVE = "<4s4H2LH"
_LEVEL = 3


@dataclass
class Entry:
    """One zip entry: finished (deflated once) or made per agreement."""

    name: str
    data: bytes = b""  # deflated
    crc: int = 0
    size: int = 0
    # The local header with the data, and the central directory record without the
    # entry's offset (the last field) and name: made once for a finished entry.
    records: tuple[bytes, bytes, bytes] | None = None

    def zip_records(self) -> tuple[bytes, bytes, bytes]:
        if self.records is None:
            info = zipfile.ZipInfo(self.name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.CRC, info.compress_size, info.file_size = self.crc, len(self.data), self.size
            try:
                filename, flags = self.name.encode("ascii"), 0
            except UnicodeEncodeError:
                filename, flags = self.name.encode("utf-8"), 0x800
            dosdate = (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
            central = struct.pack(_CENTRAL_DIR, b"PK\x01\x02",
                                  info.create_version, info.create_system,
                                  info.extract_version, info.reserved, flags,
                                  info.compress_type, 0, dosdate, info.CRC,
                                  info.compress_size, info.file_size, len(filename), 0, 0, 0,
                                  info.internal_attr, info.external_attr, 0)
            self.records = (info.FileHeader(False) + self.data, central[:-4], filename)
        return self.records


def deflate(name: str, blob: bytes) -> Entry:
    packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return Entry(name, packer.compress(blob) + packer.flush(), zlib.crc32(blob), len(blob))


def zip_bytes(entries: list[Entry]) -> bytes:
    """The zip archive Python's zipfile writes for these entries (as `docx._FixedTimeZip`
    does: fixed time, deflated, mode 600), from data deflated beforehand."""
    out = []
    central = []
    offset = 0
    for entry in entries:
        local, record, filename = entry.zip_records()
        out.append(local)
        central += [record, struct.pack("<L", offset), filename]
        offset += len(local)
    directory = b"".join(central)
    out.append(directory)
    out.append(struct.pack(_END_ARCHIVE, b"PK\x05\x06", 0, 0, len(entries),
                           len(entries), len(directory), offset, 0))
    return b"".join(out)


class Values:
    """Stands in for CoreProperties: records what is set, in order."""

    items: dict[str, Any]

    def __init__(self) -> None:
        object.__setattr__(self, "items", {})

    def __setattr__(self, name: str, value: Any) -> None:
        self.items[name] = value


_DATE = "%Y-%m-%dT%H:%M:%SZ"  # as python-docx writes a core property's date


def core_parts(core: Any, values: dict[str, Any]) -> list[Any] | None:
    """core.xml with these properties set to stand-ins, split around them: bytes between
    the property names. None if a value is of a kind not prepared."""
    props = CoreProperties(copy.deepcopy(core))
    marks = {}
    for i, (name, value) in enumerate(values.items()):
        if isinstance(value, dt.datetime):
            stand_in: Any = dt.datetime(1800 + i, 1, 1, 0, 0, 0)
            marks[name] = stand_in.strftime(_DATE)
        elif isinstance(value, int) and not isinstance(value, bool):
            stand_in = 987_654_000 + i
            marks[name] = str(stand_in)
        elif isinstance(value, str):
            stand_in = marks[name] = f"\ue000{i}\ue001"
        else:
            return None
        setattr(props, name, stand_in)
    xml = serialize_part_xml(props._element)
    found = []
    for name, mark in marks.items():
        code = mark.encode()
        if xml.count(code) != 1:
            return None
        found.append((xml.index(code), len(code), name))
    parts: list[Any] = []
    end = 0
    for start, length, name in sorted(found):
        parts += [xml[end:start], name]
        end = start + length
    return [*parts, xml[end:]]


def fill(parts: list[Any] | None, values: dict[str, Any]) -> bytes | None:
    if parts is None:
        return None
    out = []
    for part in parts:
        if isinstance(part, bytes):
            out.append(part)
            continue
        value = values[part]
        if isinstance(value, dt.datetime):
            out.append(value.strftime(_DATE).encode())
        elif isinstance(value, str):
            if len(value) > 255:  # python-docx refuses it
                return None
            out.append(text(value).encode())
        else:
            if value < 1:  # python-docx refuses it (revision)
                return None
            out.append(str(value).encode())
    return b"".join(out)
