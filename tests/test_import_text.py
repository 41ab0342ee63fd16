"""generator/importing/textfile.py: paragraphs of a signed agreement from PDF, DOCX, text
and Markdown files, with real files and the real pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from generator.errors import InputError, SetupError
from generator.importing.textfile import paragraphs

REFERENCE = Path(__file__).parent / "data" / "references" / "wuppertal_2021.txt"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) fehlt")


def make_pdf(pages: list[list[tuple[int, str]]]) -> bytes:
    """A PDF with one Helvetica text line per (y, text) on each A4 page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages))), len(pages)),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"]
    for lines in pages:
        stream = b"\n".join(
            b"BT /F1 11 Tf 72 %d Td (" % y + text.encode("cp1252").replace(b"(", b"\\(")
            .replace(b")", b"\\)") + b") Tj ET" for y, text in lines)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects) + 2))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, start)
    return bytes(out)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def problem(exc: pytest.ExceptionInfo[InputError]) -> str:
    return str(exc.value)


# --- Markdown and text ----------------------------------------------------------------

def test_reference_markdown() -> None:
    found = paragraphs(REFERENCE)
    assert found[0] == "Vereinbarung"
    assert found[1] == ("zur Erreichung der Ziele\nder Grundsicherung für Arbeitsuchende\n"
                        "im Jahr 2021")
    assert ("Ministerium für Arbeit, Gesundheit und Soziales\n"
            "des Landes Nordrhein-Westfalen") in found
    items = ["möglichst viele Arbeitsuchende in dauerhafte und existenzsichernde "
             "Erwerbstätigkeit einzugliedern,",
             "Langzeitleistungsbezug und Langzeitarbeitslosigkeit zu vermeiden und zu "
             "verringern,",
             "insgesamt die Hilfebedürftigkeit zu reduzieren,"]
    start = found.index(items[0])
    assert found[start:start + 3] == items
    assert found[start - 1] == "Die Zielvereinbarung ist daher darauf ausgerichtet,"
    assert "1. Ziele 2021" in found
    assert "I. Verringerung der Hilfebedürftigkeit" in found
    assert "Veränderung der Integrationsquote (K 2)" in found
    assert found[-1] == "Prof. Dr. Uwe Schneidewind"
    assert not any("**" in p or p.startswith(("#", "- ")) for p in found)


def test_markdown_markers(tmp_path: Path) -> None:
    text = ("# Titel #\n\n::: {.praeambel}\n> zitierter *kursiver* Text\n> geht weiter\n:::\n"
            "Liste:\n- eins\n* zwei\n  fortgesetzt\n+ drei\n• vier\n– fünf\n\n"
            "1. erstens\n2. zweitens\n\nZeile mit Backslash\\\nzweite Zeile\n\n"
            "<b>HTML</b> bleibt, __fett__ nicht, 3 * 4 * 5 bleibt\n\n---\n"
            "Absatz\u00a0mit geschütztem Leerzeichen\n")
    assert paragraphs(write(tmp_path, "a.md", text)) == [
        "Titel", "zitierter kursiver Text geht weiter", "Liste:", "eins",
        "zwei fortgesetzt", "drei", "vier", "fünf", "1. erstens", "2. zweitens",
        "Zeile mit Backslash\nzweite Zeile", "<b>HTML</b> bleibt, fett nicht, 3 * 4 * 5 bleibt",
        "Absatz\u00a0mit geschütztem Leerzeichen"]


def test_encodings_and_line_ends(tmp_path: Path) -> None:
    text = "Größe und Maß\r\nzweite Zeile\r\n\r\nÄnderung\x07 mit\tTab\r\n"
    expected = ["Größe und Maß zweite Zeile", "Änderung mit\tTab"]
    assert paragraphs(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + text.encode())) == expected
    assert paragraphs(write(tmp_path, "ansi.txt", text.encode("cp1252"))) == expected


def test_hyphens(tmp_path: Path) -> None:
    text = ("Die Arbeit-\nsuchende Person, die Integra-\ntion und SGB II-\nLeistungen in "
            "Nordrhein-\nWestfalen, Covid-19-\nPandemie, Ziele -\nErgebnisse.\n\n"
            "Arbeitsuchende kommt auch so vor.\n")
    assert paragraphs(write(tmp_path, "h.txt", text))[0] == (
        "Die Arbeitsuchende Person, die Integration und SGB II-Leistungen in "
        "Nordrhein-Westfalen, Covid-19-Pandemie, Ziele - Ergebnisse.")


def test_page_furniture(tmp_path: Path) -> None:
    pages = []
    for n in range(1, 6):
        pages.append(f"Zielvereinbarung 2021 – Stadt Wuppertal – {n}\n\nText der Seite {n} "
                     "mit einem Absatz,\nder umbricht.\n\nDas Ziel ist erreicht.\n\n"
                     f"Ein Absatz {n} mit\nzwei Zeilen.\n\nDieser Satz läuft über die "
                     f"Seite {n}\n\nSeite {n} von 5\n")
    text = "\f".join(pages) + "\f"
    found = paragraphs(write(tmp_path, "pdftotext.txt", text))
    assert not any("Wuppertal" in p or p.startswith("Seite") for p in found)
    assert found[:4] == ["Text der Seite 1 mit einem Absatz, der umbricht.",
                         "Das Ziel ist erreicht.", "Ein Absatz 1 mit zwei Zeilen.",
                         "Dieser Satz läuft über die Seite 1 Text der Seite 2 mit einem "
                         "Absatz, der umbricht."]
    assert found.count("Das Ziel ist erreicht.") == 5  # content, not a running header
    assert found[-1] == "Dieser Satz läuft über die Seite 5"


def test_page_numbers_standalone(tmp_path: Path) -> None:
    text = "Erster Absatz.\n\n- 3 -\n\n3\n\n3/12\n\nSeite 4\n\nZweiter\n2021\nAbsatz.\n"
    assert paragraphs(write(tmp_path, "n.txt", text)) == ["Erster Absatz.",
                                                          "Zweiter 2021 Absatz."]


def test_repeated_twice_is_kept(tmp_path: Path) -> None:
    pages = [f"Kopfzeile\n\nInhalt {n} eins.\nInhalt {n} zwei.\n\nInhalt {n} drei.\n"
             for n in range(1, 7)]
    pages[0] = pages[1] = "Wiederholt\n\n" + pages[0]
    found = paragraphs(write(tmp_path, "k.txt", "\f".join(pages)))
    assert "Kopfzeile" not in " ".join(found)
    assert "Wiederholt" in " ".join(found)


# --- PDF -------------------------------------------------------------------------------

@needs_pdftotext
def test_pdf(tmp_path: Path) -> None:
    pages = []
    for n in range(1, 4):
        pages.append([(800, "Zielvereinbarung 2021 Stadt Wuppertal"),
                      (700, f"Seite {n}: Das Ziel ist erreicht, wenn die Integra-"),
                      (686, "tionsquote steigt und die SGB II-"),
                      (672, "Leistungen in Nordrhein-"),
                      (658, "Westfalen sinken."),
                      (620, f"Ein zweiter Absatz auf Seite {n} mit Größe."),
                      (60, f"- {n} -")])
    found = paragraphs(write(tmp_path, "z.pdf", make_pdf(pages)))
    assert found == [
        f"Seite {n}: Das Ziel ist erreicht, wenn die Integrationsquote steigt und die "
        "SGB II-Leistungen in Nordrhein-Westfalen sinken."
        if i == 0 else f"Ein zweiter Absatz auf Seite {n} mit Größe."
        for n in range(1, 4) for i in range(2)]


@needs_pdftotext
def test_pdf_without_text(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        paragraphs(write(tmp_path, "scan.pdf", make_pdf([[], []])))
    assert "enthält keinen Text (gescannt?)" in problem(exc)
    assert "ocrmypdf" in problem(exc)


def test_pdf_that_is_not_one(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        paragraphs(write(tmp_path, "x.pdf", b"PK\x03\x04 kein PDF"))
    assert "keine PDF-Datei" in problem(exc)


@needs_pdftotext
def test_pdf_broken(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        paragraphs(write(tmp_path, "b.pdf", b"%PDF-1.4\nkaputt ohne Ende\n"))
    assert "PDF-Datei nicht lesbar" in problem(exc)


def test_pdftotext_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "leer"))
    with pytest.raises(SetupError, match="poppler-utils"):
        paragraphs(write(tmp_path, "z.pdf", make_pdf([[(700, "Text")]])))


def test_pdftotext_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("pdftotext", 20)

    monkeypatch.setattr(subprocess, "run", slow)
    with pytest.raises(InputError, match="nicht in 20 Sekunden"):
        paragraphs(write(tmp_path, "z.pdf", make_pdf([[(700, "Text")]])))


# --- DOCX ------------------------------------------------------------------------------

def test_docx(tmp_path: Path) -> None:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = ('<w:p><w:r><w:t>Erster Absatz</w:t></w:r><w:ins w:id="1" w:author="A">'
            '<w:r><w:t xml:space="preserve"> eingefügt</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="A"><w:r><w:delText> gelöscht</w:delText></w:r></w:del>'
            '</w:p><w:p/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Zelle</w:t></w:r></w:p></w:tc>'
            '</w:tr></w:tbl><w:p><w:r><w:t>Zeile</w:t><w:br/><w:t>umbrochen</w:t></w:r></w:p>')
    path = tmp_path / "v.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", f"<w:document {ns}><w:body>{body}</w:body>"
                         "</w:document>")
    assert paragraphs(path) == ["Erster Absatz eingefügt", "Zelle", "Zeile\numbrochen"]


def test_docx_not_a_zip(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="keine DOCX-Datei"):
        paragraphs(write(tmp_path, "v.docx", "nur Text"))


# --- limits and other errors -----------------------------------------------------------

def test_missing_and_unknown(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nicht gefunden"):
        paragraphs(tmp_path / "fehlt.txt")
    with pytest.raises(InputError) as exc:
        paragraphs(write(tmp_path, "v.odt", "x"))
    assert ".pdf, .docx, .txt und .md" in problem(exc)
    with pytest.raises(InputError, match="nicht lesbar"):
        (tmp_path / "ordner.md").mkdir()
        paragraphs(tmp_path / "ordner.md")


def test_empty(tmp_path: Path) -> None:
    for content in ("", "\n\n   \n", ":::\n:::\n", "\f\f"):
        with pytest.raises(InputError, match="keine Absätze gefunden"):
            paragraphs(write(tmp_path, "leer.md", content))


@pytest.mark.parametrize(("content", "message"), [
    ("Eine Seite mit Text, die eine Zeile füllt und noch etwas weiter geht.\n" * 40 + "\f",
     "zu groß"),  # 10,000 pages of text
    ("kurz\n\f" * 10_000, "mehr als 200 Seiten"),
    ("x\n" * 150_000, "mehr als 100.000 Zeilen"),
    ("Wort " * 500_000, "mehr als 2.000.000 Zeichen"),
])
def test_limits(tmp_path: Path, content: str, message: str) -> None:
    if message == "zu groß":
        content *= 10_000
    path = write(tmp_path, "lang.txt", content)
    start = time.monotonic()
    with pytest.raises(InputError, match=message):
        paragraphs(path)
    assert time.monotonic() - start < 3


def test_largest_allowed_text_is_fast(tmp_path: Path) -> None:
    line = "Das Ziel ist erreicht, wenn die Quote steigt und **fett** bleibt. "
    text = "\n\n".join(line for _ in range(29_000))
    start = time.monotonic()
    assert len(paragraphs(write(tmp_path, "gross.md", text))) == 29_000
    assert time.monotonic() - start < 5


def test_odd_lines_do_not_fail(tmp_path: Path) -> None:
    text = ("**" * 5000 + "\n" + "*a " * 5000 + "\n" + "# " * 3000 + "\n> > >\n\\\n" +
            "\x00\x1b[31m</p><script>\n" + "-\n" * 3 + "__" * 4000 + "\n")
    start = time.monotonic()
    assert isinstance(paragraphs(write(tmp_path, "seltsam.md", text)), list)
    assert time.monotonic() - start < 3
