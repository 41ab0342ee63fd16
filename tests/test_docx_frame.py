"""The prepared frame (writers/docx_frame.py) writes what docxtpl writes, byte for byte."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator import api
from generator.text import document
from generator.text.document import Paragraph, Run, Table
from generator.writers import Job, docx, docx_frame

from .conftest import REFERENCES, ROOT


def _docxtpl_way(job: Job, monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(docx_frame, "load", lambda path: None)
        return docx.write(job)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_same_bytes_as_through_docxtpl(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    job = api.job(api.load(ROOT / name))
    prepared = docx.write(job)
    assert prepared == _docxtpl_way(job, monkeypatch)
    assert docx.write(job) == prepared  # the shared frame document is left as it was


def test_draft_goes_through_docxtpl(monkeypatch: pytest.MonkeyPatch) -> None:
    job = dataclasses.replace(api.job(api.load(ROOT / sorted(REFERENCES)[0])),
                              entwurf="Entwurf, Stand 01.12.2021")
    assert docx.write(job) == _docxtpl_way(job, monkeypatch)


def _frame_copy(folder: Path, document: tuple[str, str] = ("", ""),
                footer: tuple[str, str] = ("", "")) -> Path:
    """The NRW frame with a replacement in word/document.xml and word/footer1.xml."""
    source = zipfile.ZipFile(ROOT / "templates" / "nrw" / "frame.docx")
    target = folder / "frame.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            for member, (old, new) in (("word/document.xml", document),
                                       ("word/footer1.xml", footer)):
                if info.filename == member and old:
                    assert old.encode() in data
                    data = data.replace(old.encode(), new.encode())
            out.writestr(info, data)
    return target


def _job(folder: Path) -> Job:
    return dataclasses.replace(api.job(api.load(ROOT / "agreements/2021/nrw/wuppertal.yaml")),
                               folders=(folder,))


def test_a_frame_with_other_placeholders_keeps_docxtpl(tmp_path: Path) -> None:
    frame = _frame_copy(tmp_path, document=(
        "<w:body>", "<w:body><w:p><w:r><w:t>Kopf {{ jahr }}</w:t></w:r></w:p>"))
    assert docx_frame.load(frame) is None
    doc = Document(io.BytesIO(docx.write(_job(tmp_path))))
    assert doc.paragraphs[0].text == "Kopf 2021"


def test_a_changed_frame_is_prepared_again(tmp_path: Path) -> None:
    frame = _frame_copy(tmp_path)
    job = _job(tmp_path)
    first = Document(io.BytesIO(docx.write(job)))
    assert first.sections[0].footer.paragraphs[0].text.startswith("Zielvereinbarung")
    _frame_copy(tmp_path, footer=("{{ kurzname }}", "ZV {{ kurzname }}"))
    stat = frame.stat()
    os.utime(frame, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = Document(io.BytesIO(docx.write(job)))
    assert second.sections[0].footer.paragraphs[0].text.startswith("ZV Zielvereinbarung")


_SYNTHETIC = {
    "links": "Text [**fett** link](https://a.de/?x=1&y=2) und [*kursiv*](mailto:a@b.de) "
             "[gleich](https://a.de/?x=1&y=2)\n\n# H1\n\n###### H6\n",
    "lists": "1. eins\n\n   zweiter absatz\n\n   - unter\n\n     mehr\n\n     1. tief\n\n"
             "        - ganz tief\n\n2. **Fett als Kopf**\n\n   | a | b |\n   |---|---|\n"
             "   | 1 | 2 |\n\n7. sieben\n8. acht\n\n- **fett**\n- x\n",
    "tables": "Einleitung wie folgt:\n\n| A | B | C |\n|---|:-:|--:|\n| 1 | 2 | 3 |\n| 4 |\n\n"
              "| X | Y |\n|---|---|\n| a & b < c > d | e |\n\nDanach.\n\n|  |  |\n|---|---|\n"
              "| leer | kopf |\n",
    "spans": "::: kopfzeilen-3\n| A | B | | D |\n|---|---|---|---|\n| | b1 | b2 | |\n"
             "| | | c | d |\n| r | 1 | 2 | 3 |\n:::\n",
    "signatures": "| a | b |\n|---|---|\n| 1 | 2 |\n\n::: unterschriften\nSatz\n\n"
                  "| Köln, den | Bonn, den 1.1.2020 |\n|---|---|\n| **Für A** | **Für B** |\n"
                  "| | |\n| X | Y |\n\n| Ort, den |\n|---|\n| **Für C** |\n| |\n| Z |\n:::\n",
    "text": "::: titel\nZeile\\\nNordrhein-Westfalen\n:::\n\nMit {_{ }_} {_% %_} \"q\" é 𝄞\n\n"
            "Ein\ttab\n",
}


@pytest.mark.parametrize("name", sorted(_SYNTHETIC))
def test_built_body_same_bytes_as_through_docxtpl(name: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The body written as text is what lxml writes of it inside the frame."""
    job = dataclasses.replace(_job(ROOT / "templates" / "nrw"), markdown="",
                              blocks=document.parse(_SYNTHETIC[name]))
    assert docx.write(job) == _docxtpl_way(job, monkeypatch)


def test_odd_text_same_bytes_as_through_docxtpl(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = (Paragraph((Run("a\rb & <c>"), Run("c\u2011d", True), Run("", True, True))),
              Table((), ()))
    job = dataclasses.replace(_job(ROOT / "templates" / "nrw"), markdown="", blocks=blocks)
    assert docx.write(job) == _docxtpl_way(job, monkeypatch)
    bad = dataclasses.replace(job, blocks=(Paragraph((Run("a\x0bb"),)),))
    with pytest.raises(ValueError):
        docx.write(bad)
