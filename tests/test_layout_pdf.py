"""Page layout in the PDF (LibreOffice from the DOCX), read page by page with pdftotext.

Besides the reference agreements, variants whose text ends at different heights of a
page: the signature block must land on the page where the text ends, whole; no unit
("§ 48b", "SGB II", "K 2") is torn at a line end.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import api
from generator.text.document import Block, Container, Heading, ListBlock, Paragraph, is_bold_heading
from generator.text.document import parse as parse_blocks
from generator.writers import pdf

from .conftest import REFERENCES, ROOT, soffice

WUPPERTAL = ROOT / "agreements/2021/nrw/wuppertal.yaml"
DUESSELDORF = ROOT / "agreements/2016/nrw/duesseldorf.yaml"

# Each filler sentence holds units that must not be torn; their position on the line
# moves with every variant.
_FILLER = ("Nach § 48b Abs. 1 S. 1 Nr. 4 SGB II und § 1 Abs. 2 Satz 3 SGB II berichtet das "
           "Jobcenter über 31.902 Personen, 2,5 Prozent mehr als im Vorjahr (K 2 = + 2,5 "
           "Prozent), an Herrn Dr. Beispiel; die Kosten nach SGB VIII bleiben außer Betracht.")


@dataclass(frozen=True)
class Case:
    name: str
    file: Path
    last_words: str  # the end of the agreement's last paragraph before the signatures
    block: tuple[str, ...]  # lines of the signature block, first and last


def _headings(blocks: tuple[Block, ...] | list[Block]) -> list[str]:
    """Texts of the headings and bold headings (paragraphs and list items) of a text."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading) or (
                isinstance(block, Paragraph) and is_bold_heading(block.runs)):
            out.append(" ".join("".join(r.text for r in block.runs).split()))
        elif isinstance(block, ListBlock):
            for item in block.items:
                out.extend(_headings(list(item)))
        elif isinstance(block, Container) and block.name not in (
                "titel", "parteien", "formel", "unterschriften"):
            out.extend(_headings(list(block.children)))
    return out


WUPPERTAL_END = "Grundsicherung für Arbeitsuchende setzen sollen."
DUESSELDORF_END = "bei der Beurteilung der Zielerreichung berücksichtigt."


def _filler(words: int, sentences: int) -> str:
    extra = " ".join(["Ergänzender Satz"] * words)
    return " ".join([_FILLER] * sentences) + (f" {extra}." if words else "")


def _wuppertal(tmp: Path, paragraphs: int, words: int) -> Path:
    text = WUPPERTAL.read_text(encoding="utf-8")
    items = "".join(f"    - >-\n      {_filler(words * (i + 1) % 17, 1 + i % 3)}\n"
                    for i in range(paragraphs))
    text = text.replace("  absaetze:\n", "  absaetze:\n" + items, 1)
    file = tmp / f"wuppertal_{paragraphs}_{words}.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def _duesseldorf(tmp: Path, sentences: int) -> Path:
    text = DUESSELDORF.read_text(encoding="utf-8")
    anchor = "Realisierung der erforderlichen Soll-Ausstattung.\n"
    assert anchor in text
    text = text.replace(anchor, anchor + f"\n        {_filler(sentences * 3, sentences)}\n", 1)
    file = tmp / f"duesseldorf_{sentences}.yaml"
    file.write_text(text, encoding="utf-8")
    return file


_WUPPERTAL_BLOCK = ("Düsseldorf, den 21.12.20", "Prof. Dr. Uwe Schneidewind")
_DUESSELDORF_BLOCK = ("Düsseldorf, den", "Vorsitzender der Geschäftsführung")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, list[str]]]:
    if soffice() is None:
        pytest.skip("LibreOffice ist nicht installiert")
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext fehlt: .ci/run muss poppler-utils installieren")
        pytest.skip("pdftotext ist nicht installiert")
    tmp = tmp_path_factory.mktemp("layout")
    cases = [
        Case("wuppertal", WUPPERTAL, WUPPERTAL_END, _WUPPERTAL_BLOCK),
        Case("coesfeld", ROOT / "agreements/2014/nrw/coesfeld.yaml",
             "bei der Beurteilung der Zielerreichung berücksichtigt.",
             ("Düsseldorf, den 2.6.19", "Konrad Püning")),
        Case("heidekreis", ROOT / "agreements/2020/niedersachsen/heidekreis.yaml",
             "Grundlagen und Empfehlungen dafür erarbeitet.",
             ("Hannover, den", "Landkreis Heidekreis")),
        Case("duesseldorf", DUESSELDORF, DUESSELDORF_END, _DUESSELDORF_BLOCK),
    ]
    # Variants whose text ends at many heights of a page.
    for paragraphs, words in ((1, 0), (1, 9), (2, 4), (2, 13), (3, 2), (3, 11), (4, 6),
                              (5, 1), (6, 8)):
        cases.append(Case(f"wuppertal_{paragraphs}_{words}", _wuppertal(tmp, paragraphs, words),
                          WUPPERTAL_END, _WUPPERTAL_BLOCK))
    for sentences in (1, 2, 3, 4):
        cases.append(Case(f"duesseldorf_{sentences}", _duesseldorf(tmp, sentences),
                          DUESSELDORF_END, _DUESSELDORF_BLOCK))
    docx_files = []
    for case in cases:
        target = tmp / f"{case.name}.docx"
        target.write_bytes(api.render(case.file, ["docx"])["docx"])
        docx_files.append(target)
    results = pdf.convert(docx_files)
    out: dict[str, tuple[Case, list[str]]] = {}
    HEADINGS.clear()
    for case, docx in zip(cases, docx_files, strict=True):
        data = results[docx]
        assert isinstance(data, bytes), data
        target = docx.with_suffix(".pdf")
        target.write_bytes(data)
        PDFS[case.name] = target
        text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                              text=True, check=True).stdout
        page_texts = [_clean(p) for p in text.split("\f") if p.strip()]
        out[case.name] = (case, page_texts)
        md = api.render(case.file, ["md"])["md"].decode("utf-8")
        HEADINGS[case.name] = [h.replace("\u00a0", " ").replace("\u2011", "-")
                               for h in _headings(parse_blocks(md))]
    return out


HEADINGS: dict[str, list[str]] = {}
PDFS: dict[str, Path] = {}


def _clean(page: str) -> str:
    """The page without its footer, spaces normalised."""
    page = page.replace("\u00a0", " ")
    return re.sub(r"(?m)^.*Seite \d+ von \d+\s*$", "", page)


def _lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


NAMES = ["wuppertal", "coesfeld", "heidekreis", "duesseldorf",
         *(f"wuppertal_{p}_{w}" for p, w in ((1, 0), (1, 9), (2, 4), (2, 13), (3, 2), (3, 11),
                                             (4, 6), (5, 1), (6, 8))),
         *(f"duesseldorf_{s}" for s in (1, 2, 3, 4))]


def test_cases_cover_the_references() -> None:
    assert len(REFERENCES) == 4


@pytest.mark.parametrize("name", NAMES)
def test_signature_block_whole_on_the_page_where_the_text_ends(
        name: str, pages: dict[str, tuple[Case, list[str]]]) -> None:
    case, texts = pages[name]
    last = _lines(texts[-1])
    joined = " ".join(last)
    first_line, last_line = case.block
    # The block is whole on the last page (every place line of it, and its last line) ...
    places = [" ".join(_lines(page)).count(first_line) for page in texts]
    assert places[-1] >= 1 and sum(places[:-1]) == 0, (name, places)
    assert last_line in joined.split(first_line, 1)[1], last
    # ... and the text's last paragraph ends there too, above it.
    end = " ".join(case.last_words.split()[-3:])
    assert end in joined.replace("- ", ""), (name, last[:6])
    assert joined.index(end.split()[0]) < joined.index(first_line)


@pytest.mark.parametrize("name", NAMES)
def test_no_unit_is_torn_at_a_line_end(name: str,
                                       pages: dict[str, tuple[Case, list[str]]]) -> None:
    _, texts = pages[name]
    torn = []
    for page in texts:
        lines = _lines(page)
        for line, following in itertools.pairwise(lines):
            if (re.search(r"(?:^|\s)(?:§§?|Abs\.|Nr\.|S\.|Satz|SGB|K)$", line)
                    and re.match(r"[0-9IVX]", following)):
                torn.append(f"{line} / {following}")
            if re.search(r"\b(?:Dr\.|Prof\.|Herrn)$", line) or (
                    re.search(r"\d$", line)
                    and re.match(r"(?:Prozent|Personen|%)\b", following)):
                torn.append(f"{line} / {following}")
    assert not torn, torn


@pytest.mark.parametrize("name", ["wuppertal", "coesfeld", "duesseldorf"])
def test_pdf_body_is_hyphenated(name: str, pages: dict[str, tuple[Case, list[str]]]) -> None:
    """Automatic hyphenation is on: some justified lines end in a divided word."""
    if not Path("/usr/share/hyphen/hyph_de_DE.dic").exists() and not os.environ.get("CI"):
        pytest.skip("deutsche Silbentrennung für LibreOffice fehlt (apt-get install hyphen-de)")
    _, texts = pages[name]
    divided = [line for page in texts for line in _lines(page)
               if re.search(r"[a-zäöüß]-$", line)]
    assert divided, name


@pytest.mark.parametrize("name", NAMES)
def test_no_heading_ends_a_page(name: str, pages: dict[str, tuple[Case, list[str]]]) -> None:
    """Headings and bold list headings stay with their text: none is a page's last line."""
    _, texts = pages[name]
    headings = HEADINGS[name]
    assert headings
    for number, page in enumerate(texts[:-1], start=1):
        last = re.sub(r"^[^\w(§]+", "", _lines(page)[-1]).strip()
        assert not any(h.endswith(last) for h in headings), (name, number, last)


def test_link_in_the_pdf_still_works(pages: dict[str, tuple[Case, list[str]]]) -> None:
    """The link looks like text (DOCX style) but stays a link annotation in the PDF."""
    assert "coesfeld" in pages
    assert re.search(rb"/URI\s*\(http://www\.arbeit\.nrw\.de/?\)", PDFS["coesfeld"].read_bytes())
