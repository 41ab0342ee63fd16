#!/usr/bin/env python3
"""Build the DOCX frame of a family: page setup, fonts, named styles, footer.

The frame is a docxtpl template kept in the repository (templates/<family>/frame.docx)
and can be edited in Word or LibreOffice afterwards; this script only makes the first
version reproducibly. Usage: python tools/make_frame.py templates/nrw/frame.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.writers.docx_layout import insert_ppr

FONT = "Arial"  # metric-compatible Liberation Sans is installed where Arial is missing


def _font(style, size: float, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    # Theme font attributes win over explicit names in Word and LibreOffice: drop them.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _no_hyphens(style) -> None:  # type: ignore[no-untyped-def]
    """Headings and centred lines are not hyphenated."""
    insert_ppr(style.element.get_or_add_pPr(),
               parse_xml(f"<w:suppressAutoHyphens {nsdecls('w')}/>"))


def build(target: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.footer_distance = Cm(1.0)

    styles = doc.styles
    # German for spelling and hyphenation in every style that does not say otherwise.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr_default.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "de-DE")

    # Automatic hyphenation: Word and LibreOffice hyphenate the justified body (German
    # by the language above); at most two hyphenated lines in a row, as typesetters do.
    tab_stop = doc.settings.element.find(qn("w:defaultTabStop"))
    tab_stop.addnext(parse_xml(f'<w:hyphenationZone {nsdecls("w")} w:val="284"/>'))
    tab_stop.addnext(parse_xml(f'<w:consecutiveHyphenLimit {nsdecls("w")} w:val="2"/>'))
    tab_stop.addnext(parse_xml(f'<w:autoHyphenation {nsdecls("w")}/>'))

    normal = styles["Normal"]
    _font(normal, 11)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for level, size in ((1, 16), (2, 12), (3, 11), (4, 11), (5, 11)):
        heading = styles[f"Heading {level}"]
        _font(heading, size, bold=True)
        heading.font.italic = False
        fmt = heading.paragraph_format
        fmt.space_before, fmt.space_after = Pt(14 if level <= 2 else 10), Pt(6)
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
        _no_hyphens(heading)

    for name, align, after in (("ZV Titel", WD_ALIGN_PARAGRAPH.CENTER, 4),
                               ("ZV Parteien", WD_ALIGN_PARAGRAPH.CENTER, 6),
                               ("ZV Formel", WD_ALIGN_PARAGRAPH.CENTER, 0),
                               ("ZV Unterschrift", WD_ALIGN_PARAGRAPH.LEFT, 0),
                               ("ZV Tabelle", WD_ALIGN_PARAGRAPH.LEFT, 0)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.paragraph_format.alignment = align
        style.paragraph_format.space_after = Pt(after)
        if align == WD_ALIGN_PARAGRAPH.CENTER or name == "ZV Unterschrift":
            _no_hyphens(style)
    styles["ZV Tabelle"].font.size = Pt(10)
    styles["ZV Formel"].paragraph_format.space_before = Pt(12)
    styles["ZV Formel"].paragraph_format.space_after = Pt(12)

    # A link in an official document looks like its text: black, not underlined; it
    # still works in the DOCX and the PDF.
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0, 0, 0)
    link.font.underline = False

    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(4)
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = "{{p body }}"

    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    _font(styles["Footer"], 8)
    ppr = styles["Footer"].element.get_or_add_pPr()
    for tabs in ppr.findall(qn("w:tabs")):
        ppr.remove(tabs)
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ kurzname }}\tSeite ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1'
                               "</w:t></w:r></w:fldSimple>"))
    footer.add_run(" von ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" NUMPAGES "><w:r><w:t>1'
                               "</w:t></w:r></w:fldSimple>"))

    props = doc.core_properties
    props.author = props.last_modified_by = "zv"
    props.title = "Zielvereinbarung"
    props.comments = ""
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["templates/_base/frame.docx", "templates/nrw/frame.docx"]:
        build(Path(arg))
