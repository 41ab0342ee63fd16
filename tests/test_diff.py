"""`zv diff`: data summary, word diff, HTML page and the redline DOCX, proven.

The redline is checked the way a reviewer uses it: accepting every tracked change must
give exactly the text of the NEW rendered DOCX, rejecting every change exactly the text
of the OLD one; and LibreOffice must open it and show the changes in its PDF.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from generator import api
from generator.cli.main import main
from generator.compare import diff, docx_words, redline, report

from .conftest import ROOT, soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WUPPERTAL = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
COESFELD_2014 = ROOT / "agreements" / "2014" / "nrw" / "coesfeld.yaml"
HEIDEKREIS_2020 = ROOT / "agreements" / "2020" / "niedersachsen" / "heidekreis.yaml"
EMSLAND_2023 = ROOT / "agreements" / "2023" / "niedersachsen" / "emsland.yaml"


# --- accept all / reject all, implemented independently of generator/ -------------------

def _document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def resolve(docx: bytes, accept: bool) -> etree._Element:
    """The body as Word leaves it after "accept all" (or "reject all") changes."""
    root = _document_xml(docx)
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    # A paragraph or row whose mark is dropped goes away whole; all its text must be too.
    for p in list(root.iter(f"{W}p")):
        ppr_rpr = p.find(f"{W}pPr/{W}rPr")
        if ppr_rpr is not None and ppr_rpr.find(drop) is not None:
            assert not [t for t in p.iter(f"{W}t", f"{W}delText")
                        if _wrapper(t, p) != drop], "paragraph mark dropped, text kept"
            p.getparent().remove(p)
    for tr in list(root.iter(f"{W}tr")):
        if tr.find(f"{W}trPr/{drop}") is not None:
            tr.getparent().remove(tr)
    for el in list(root.iter(drop)):
        el.getparent().remove(el)
    for el in list(root.iter(keep)):
        parent = el.getparent()
        if parent.tag == f"{W}rPr" or parent.tag == f"{W}trPr":
            parent.remove(el)  # a mark on a paragraph or row that stays
            continue
        index = parent.index(el)
        for child in reversed(list(el)):
            parent.insert(index, child)
        parent.remove(el)
    for t in root.iter(f"{W}delText"):
        t.tag = f"{W}t"
    return root


def _wrapper(t: etree._Element, p: etree._Element) -> str | None:
    parent = t.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (f"{W}ins", f"{W}del"):
            return str(parent.tag)
        parent = parent.getparent()
    return None


def body_texts(root: etree._Element) -> list[str]:
    """Paragraph texts of the body (table cells included) in order, empty ones left out."""
    texts = []
    for p in root.find(f"{W}body").iter(f"{W}p"):
        parts = []
        for el in p.iter(f"{W}t", f"{W}br", f"{W}tab", f"{W}delText"):
            assert el.tag != f"{W}delText", "deleted text left after resolving"
            parts.append(el.text or "" if el.tag == f"{W}t" else
                         "\n" if el.tag == f"{W}br" else "\t")
        if "".join(parts).strip():
            texts.append("".join(parts))
    return texts


def assert_redline_proven(old: Path, new: Path) -> bytes:
    outputs_old = api.render(old, ["docx"])["docx"]
    outputs_new = api.render(new, ["docx"])["docx"]
    red = diff.redline_docx(diff.compare(old, new), "zv", None)
    accepted, rejected = body_texts(resolve(red, True)), body_texts(resolve(red, False))
    expected_new = body_texts(_document_xml(outputs_new))
    expected_old = body_texts(_document_xml(outputs_old))
    assert accepted == expected_new
    assert rejected == expected_old
    # Token for token, as a reviewer's tool would compare them.
    assert docx_words.tokenize("\n".join(accepted)) == docx_words.tokenize("\n".join(expected_new))
    assert docx_words.tokenize("\n".join(rejected)) == docx_words.tokenize("\n".join(expected_old))
    return red


# --- fixtures ---------------------------------------------------------------------------

@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """Wuppertal 2021 with one target value and the Träger representative changed."""
    text = WUPPERTAL.read_text(encoding="utf-8")
    assert "wert: 14,7" in text and "Prof. Dr. Uwe Schneidewind" in text
    file = tmp_path / "wuppertal_neu.yaml"
    file.write_text(text.replace("wert: 14,7", "wert: 2,7").replace(
        "Prof. Dr. Uwe Schneidewind", "Dr. Erika Mustermann"), encoding="utf-8")
    return file


@pytest.fixture
def coesfeld_2021(tmp_path: Path) -> Path:
    """A 2021-era Coesfeld agreement made from Wuppertal's file (another template era)."""
    text = WUPPERTAL.read_text(encoding="utf-8").replace("traeger: wuppertal", "traeger: coesfeld")
    text = text.replace("{titel: Oberbürgermeister, name: Prof. Dr. Uwe Schneidewind}",
                        "{titel: Landrat, name: Dr. Christian Schulze Pellengahr}")
    file = tmp_path / "coesfeld_2021.yaml"
    file.write_text(text, encoding="utf-8")
    return file


# --- summary and text diff --------------------------------------------------------------

def test_summary_shows_values_in_german_formatting(changed: Path) -> None:
    comparison = diff.compare(WUPPERTAL, changed)
    texts = [c.text for c in comparison.summary]
    assert "Veränderung der Integrationsquote (K 2): + 14,7 Prozent -> + 2,7 Prozent" in texts
    assert ("Vertretung Stadt Wuppertal: Oberbürgermeister Prof. Dr. Uwe Schneidewind -> "
            "Oberbürgermeister Dr. Erika Mustermann") in texts
    assert len(texts) == 2
    assert comparison.different


def test_cli_text_diff_marks_words(runner: CliRunner, changed: Path) -> None:
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(changed)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "Veränderung der Integrationsquote (K 2): + 14,7 Prozent -> + 2,7 Prozent" in out
    assert "um [-14,7-]{+2,7+} Prozent steigt (K 2 = [-14,7-]{+2,7+} Prozent)" in out
    assert "[-Prof. -]Dr. [-Uwe Schneidewind-]{+Erika Mustermann+}" in out
    assert "@@ II. Verbesserung der Integration in Erwerbstätigkeit @@" in out
    assert "\x1b[" not in out  # no colours when not on a terminal


def test_terminal_colours_and_text_file(runner: CliRunner, changed: Path,
                                        tmp_path: Path) -> None:
    from generator.cli.review import _colour

    assert _colour("delete", "14,7") == "\x1b[31m\x1b[9m14,7\x1b[0m"
    assert _colour("insert", "2,7").startswith("\x1b[32m")
    assert _colour("equal", "x") == "x"
    target = tmp_path / "vergleich.txt"
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(changed), "--out", str(target)])
    assert result.exit_code == 1 and result.output == f"{target} geschrieben\n"
    assert "um [-14,7-]{+2,7+} Prozent" in target.read_text(encoding="utf-8")


def test_help_says_what_is_supported(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "DOCX-Dateien (z. B. in Word von Hand bearbeitet), auch gemischt mit YAML" in text
    assert "Kein Datenvergleich, kein DOCX mit Änderungsverfolgung" in text
    assert "0 keine Unterschiede, 1 Unterschiede, 2 Fehler" in text


def test_identical_files_exit_0_without_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(WUPPERTAL)])
    assert result.exit_code == 0
    assert result.output == ""


def test_yaml_error_exit_2_with_german_message(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.yaml"
    bad.write_text(WUPPERTAL.read_text(encoding="utf-8") + "zusammenarbeit:\n"
                   "  steuerungsdialoge: [2\n", encoding="utf-8")
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output
    assert "Traceback" not in result.output
    unknown = tmp_path / "feld.yaml"
    unknown.write_text(WUPPERTAL.read_text(encoding="utf-8") + "zeile: 1\n", encoding="utf-8")
    result = runner.invoke(main, ["diff", str(unknown), str(WUPPERTAL)])
    assert result.exit_code == 2
    assert "unbekanntes Feld 'zeile'" in result.output


def test_missing_out_and_docx_redline_from_docx_are_errors(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(WUPPERTAL), "--format", "html"])
    assert result.exit_code == 2 and "--out" in result.output
    a = tmp_path / "a.docx"
    a.write_bytes(api.render(WUPPERTAL, ["docx"])["docx"])
    result = runner.invoke(main, ["diff", str(a), str(a), "--format", "docx",
                                  "--out", str(tmp_path / "r.docx")])
    assert result.exit_code == 2
    assert "Fehler: eine DOCX-Datei mit Änderungsverfolgung entsteht nur aus zwei" in result.output


def test_docx_inputs_give_a_text_diff(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    a.write_bytes(api.render(WUPPERTAL, ["docx"])["docx"])
    doc = Document(str(a))
    for paragraph in doc.paragraphs:  # an edit by hand, as Word would store it
        if paragraph.text.startswith("Das Ziel ist erreicht, wenn die Integrationsquote"):
            paragraph.runs[0].text = paragraph.runs[0].text.replace("14,7", "3,1")
    doc.add_paragraph("Ein von Hand ergänzter Absatz.")
    doc.save(str(b))
    result = runner.invoke(main, ["diff", str(a), str(b)])
    assert result.exit_code == 1, result.output
    assert "um [-14,7-]{+3,1+} Prozent steigt" in result.output
    assert "{+Ein von Hand ergänzter Absatz.+}" in result.output
    assert "nur der Text verglichen" in result.output
    same = runner.invoke(main, ["diff", str(a), str(a)])
    assert same.exit_code == 0 and same.output == ""
    blank = tmp_path / "leerzeilen.docx"
    doc = Document(str(a))
    doc.add_paragraph("")  # blank lines added in Word are layout, not wording
    doc.save(str(blank))
    assert runner.invoke(main, ["diff", str(a), str(blank)]).exit_code == 0
    mixed = runner.invoke(main, ["diff", str(WUPPERTAL), str(b)])
    assert mixed.exit_code == 1 and "{+3,1+}" in mixed.output


def test_unreadable_docx_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    fake = tmp_path / "kein.docx"
    fake.write_text("kein Word", encoding="utf-8")
    result = runner.invoke(main, ["diff", str(fake), str(WUPPERTAL)])
    assert result.exit_code == 2
    assert f"{fake}: keine lesbare DOCX-Datei" in result.output


def test_across_eras_summary(coesfeld_2021: Path) -> None:
    comparison = diff.compare(COESFELD_2014, coesfeld_2021)
    texts = [c.text for c in comparison.summary]
    assert ("Ministerium (MAGS NRW): Ministerium für Arbeit, Integration und Soziales des Landes "
            "Nordrhein-Westfalen -> Ministerium für Arbeit, Gesundheit und Soziales des "
            "Landes Nordrhein-Westfalen") in texts
    assert "Vertretung Kreis Coesfeld: Landrat Konrad Püning -> Landrat Dr. Christian " \
           "Schulze Pellengahr" in texts
    assert "Jahr: 2.014 -> 2.021" not in texts and "Jahr: 2014 -> 2021" in texts
    assert any(t.startswith("Zusammenarbeit, Absatz 1: ergänzt: „Auch in 2021")
               for t in texts)
    assert any(t.startswith("weiteres Ziel 1: entfallen „Verbesserung von")
               for t in texts)
    # The signature blocks differ by a row ("In Vertretung"); the others pair cell by cell.
    text = "\n".join(report.report(comparison))
    assert "Dr. [-Wilhelm Schäffer-]{+Edmund Heller+} | [-Konrad Püning-]" in text
    groups = [c.group for c in comparison.summary]
    assert groups == sorted(groups, key=diff.GROUPS.index)


@pytest.fixture
def several(tmp_path: Path) -> Path:
    """Signature date, place and "In Vertretung", a qualifier, a count, a new paragraph."""
    text = WUPPERTAL.read_text(encoding="utf-8")
    replacements = [
        ("  traeger: {datum: 02.12.2020}", "  traeger: {datum: 03.12.2020, ort: Elberfeld}"),
        ("  ministerium: {datum: 21.12.20}",
         "  ministerium: {datum: 21.12.20, in_vertretung: true}"),
        ("        wert: 10\n", "        wert: 10\n        grenze: mindestens\n"),
    ]
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    text += ("praeambel:\n  absaetze:\n    - Ein neuer Absatz am Ende der Präambel.\n"
             "zusammenarbeit:\n  steuerungsdialoge: 3\n")
    file = tmp_path / "mehrere.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def test_summary_lists_signatures_paragraphs_and_fields(several: Path) -> None:
    comparison = diff.compare(WUPPERTAL, several)
    assert [(c.group, c.text) for c in comparison.summary] == [
        ("Ziele", "Veränderung der absoluten Zahl der Integrationen von "
                  "Langzeitleistungsbeziehenden: + 10 Prozent -> mindestens + 10 Prozent"),
        ("Unterzeichnung", "Unterschrift MAGS NRW, In Vertretung: nein -> ja"),
        ("Unterzeichnung", "Unterschrift Stadt Wuppertal, Ort: „Wuppertal“ -> „Elberfeld“"),
        ("Unterzeichnung", "Unterschrift Stadt Wuppertal, Datum: 02.12.2020 -> 03.12.2020"),
        ("Absätze", "Präambel, Absatz 1: ergänzt: „Ein neuer Absatz am Ende der "
                    "Präambel.“"),
        ("Weitere Angaben", "Zusammenarbeit, Zahl der Steuerungsdialoge: 2 -> 3"),
    ]
    text = "\n".join(report.report(comparison))
    assert "in 2021 [-zwei-]{+drei+} Steuerungsdialoge" in text
    assert "{+In Vertretung+} | " in text


# --- the redline ------------------------------------------------------------------------

def test_redline_accept_and_reject(changed: Path) -> None:
    red = assert_redline_proven(WUPPERTAL, changed)
    root = _document_xml(red)
    inserted = ["".join(t.text for t in el.iter(f"{W}t")) for el in root.iter(f"{W}ins")]
    deleted = ["".join(t.text for t in el.iter(f"{W}delText")) for el in root.iter(f"{W}del")]
    assert inserted.count("2,7") == 2 and "Erika Mustermann" in inserted
    assert deleted.count("14,7") == 2 and "Uwe Schneidewind" in deleted
    for el in [*root.iter(f"{W}ins"), *root.iter(f"{W}del")]:
        assert el.get(f"{W}author") == "zv"
        assert el.get(f"{W}date") == "2020-12-21T00:00:00Z"  # the last signature date
    ids = [int(el.get(f"{W}id")) for el in root.iter(f"{W}ins", f"{W}del")]
    assert sorted(ids) == list(range(1, len(ids) + 1))
    # The signature table is compared cell by cell: one change in one cell.
    signature = root.findall(f".//{W}tbl")[-1]
    rows = list(signature.iter(f"{W}tr"))
    assert len(rows) == 4
    assert not [tr for tr in rows if tr.find(f"{W}trPr/{W}ins") is not None
                or tr.find(f"{W}trPr/{W}del") is not None]
    changed_cells = [tc for tc in signature.iter(f"{W}tc")
                     if tc.find(f".//{W}ins") is not None or tc.find(f".//{W}del") is not None]
    assert len(changed_cells) == 1
    with zipfile.ZipFile(io.BytesIO(red)) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
    names = [etree.QName(el).localname for el in settings]
    assert "trackRevisions" in names  # the reviewer's own edits are tracked too
    assert names.index("proofState") < names.index("trackRevisions") < names.index(
        "defaultTabStop")
    # Bold survives in the redline: the goal titles.
    bold = Document(io.BytesIO(red))
    assert "Veränderung der Integrationsquote (K\u00a02)" in [
        r.text for p in bold.paragraphs for r in p.runs if r.bold]


def test_redline_inserted_row_and_paragraph(several: Path) -> None:
    red = assert_redline_proven(WUPPERTAL, several)
    root = _document_xml(red)
    signature = root.findall(f".//{W}tbl")[-1]
    inserted_rows = [tr for tr in signature.iter(f"{W}tr")
                     if tr.find(f"{W}trPr/{W}ins") is not None]
    assert ["".join(t.text for t in tr.iter(f"{W}t")) for tr in inserted_rows] == [
        "In Vertretung"]
    marks = root.findall(f".//{W}pPr/{W}rPr/{W}ins")
    assert len(marks) == 1  # the new paragraph of the preamble, mark and all


@pytest.mark.parametrize(("old", "new"), [
    (COESFELD_2014, "coesfeld_2021"),
    ("coesfeld_2021", COESFELD_2014),
    (HEIDEKREIS_2020, EMSLAND_2023),
    (EMSLAND_2023, HEIDEKREIS_2020),
    (WUPPERTAL, COESFELD_2014),
], ids=["2014-2021", "2021-2014", "heidekreis-emsland", "emsland-heidekreis",
        "wuppertal-coesfeld"])
def test_redline_across_years_and_partners(old: Path | str, new: Path | str,
                                           coesfeld_2021: Path) -> None:
    def pick(x: Path | str) -> Path:
        return coesfeld_2021 if x == "coesfeld_2021" else Path(x)

    red = assert_redline_proven(pick(old), pick(new))
    root = _document_xml(red)
    # Whole paragraphs came and went: their marks are tracked too.
    assert root.find(f".//{W}pPr/{W}rPr/{W}ins") is not None
    assert root.find(f".//{W}pPr/{W}rPr/{W}del") is not None


def test_redline_options_and_determinism(changed: Path) -> None:
    comparison = diff.compare(WUPPERTAL, changed)
    import datetime as dt

    first = diff.redline_docx(comparison, "Ministerium", dt.date(2021, 12, 2))
    second = diff.redline_docx(diff.compare(WUPPERTAL, changed), "Ministerium",
                               dt.date(2021, 12, 2))
    assert first == second
    root = _document_xml(first)
    stamps = {(el.get(f"{W}author"), el.get(f"{W}date"))
              for el in root.iter(f"{W}ins", f"{W}del")}
    assert stamps == {("Ministerium", "2021-12-02T00:00:00Z")}


def test_cli_writes_redline_and_html(runner: CliRunner, changed: Path, tmp_path: Path) -> None:
    out = tmp_path / "r" / "redline.docx"
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(changed), "--format", "docx",
                                  "--out", str(out), "--autor", "Prüfer", "--datum",
                                  "02.12.2021"])
    assert result.exit_code == 1, result.output
    root = _document_xml(out.read_bytes())
    assert root.find(f".//{W}ins").get(f"{W}author") == "Prüfer"
    assert root.find(f".//{W}ins").get(f"{W}date") == "2021-12-02T00:00:00Z"
    page = tmp_path / "vergleich.html"
    result = runner.invoke(main, ["diff", str(WUPPERTAL), str(changed), "--format", "html",
                                  "--out", str(page)])
    assert result.exit_code == 1
    html = page.read_text(encoding="utf-8")
    assert "<del>14,7</del><ins>2,7</ins>" in html
    assert "+ 14,7 Prozent -&gt; + 2,7 Prozent" in html
    assert "<details><summary>" in html and "unveränderte Absätze" in html
    assert "<link" not in html and "<script" not in html and "http" not in html.split(
        "<body>")[0]
    blocker = tmp_path / "datei"
    blocker.write_text("", encoding="utf-8")
    unwritable = runner.invoke(main, ["diff", str(WUPPERTAL), str(changed), "--format", "html",
                                      "--out", str(blocker / "vergleich.html")])
    assert unwritable.exit_code == 2 and "kann nicht geschrieben werden" in unwritable.output
    bad_date = runner.invoke(main, ["diff", str(WUPPERTAL), str(changed), "--format", "docx",
                                    "--out", str(out), "--datum", "gestern"])
    assert bad_date.exit_code == 2 and "kein Datum" in bad_date.output


def test_libreoffice_shows_the_changes(changed: Path, tmp_path: Path) -> None:
    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice ist nicht installiert")
    source = tmp_path / "redline.docx"
    source.write_bytes(diff.redline_docx(diff.compare(WUPPERTAL, changed), "zv", None))
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "redline.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # LibreOffice prints tracked changes: the deleted and the inserted words both appear.
    assert "Schneidewind" in text and "Mustermann" in text
    assert "14,72,7" in text  # deleted "14,7" struck through, then inserted "2,7"
    # And it reads them as tracked changes, not as plain text: its own format keeps them.
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "redline.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    root = _document_xml(source.read_bytes())
    assert content.count("<text:insertion>") == len(list(root.iter(f"{W}ins"))) == 4
    assert content.count("<text:deletion>") == len(list(root.iter(f"{W}del"))) == 6
    assert "<dc:creator>zv</dc:creator>" in content


def test_redline_module_compares_blocks_in_new_frame(changed: Path) -> None:
    old, new = api.job(api.load(WUPPERTAL)), api.job(api.load(changed))
    data = redline.write(old, new)
    assert data.startswith(b"PK")
