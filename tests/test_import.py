"""`zv import` of a returned draft: a DOCX zv wrote, edited the way Word edits it."""

from __future__ import annotations

import contextlib
import copy
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from generator import api
from generator.cli.main import main
from generator.compare.docx_words import Para, docx_items
from generator.importing import wordfile

from .conftest import ROOT, shown, soffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
AUTHOR = "Anna Prüfer"
DATE = "2021-11-30T10:15:00Z"
NAME = "agreements/2021/nrw/wuppertal.yaml"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of its own: states/, templates/ and Wuppertal 2021."""
    root = tmp_path / "projekt"
    shutil.copytree(ROOT / "states", root / "states")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / NAME).parent.mkdir(parents=True)
    # A draft: the reference agreement as its signed Endfassung is refused (see below).
    text = (ROOT / NAME).read_text(encoding="utf-8") + "status: entwurf\n"
    (root / NAME).write_text(text, encoding="utf-8")
    return root


def rendered(file: Path) -> bytes:
    return api.render(file, ("docx",))["docx"]


def _run_with(root: etree._Element, text: str) -> etree._Element:
    for t in root.iter(w("t")):
        if t.text and text in t.text and t.getparent().getparent().tag != w("ins"):
            return t.getparent()
    raise AssertionError(f"{text!r} not in the document")


def _text_run(template: etree._Element, text: str, tag: str = "t") -> etree._Element:
    run = copy.deepcopy(template)
    for child in list(run):
        if child.tag != w("rPr"):
            run.remove(child)
    t = etree.SubElement(run, w(tag))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def track(root: etree._Element, old: str, new: str, rid: int,
          comment: tuple[int, str] | None = None) -> None:
    """Replace `old` by `new` in its run as Word records it: w:del and w:ins runs with
    author and date; with `comment` (id, text) a comment anchored to the new text."""
    run = _run_with(root, old)
    text = run.find(w("t")).text
    before, _, after = text.partition(old)
    parent, index = run.getparent(), run.getparent().index(run)
    parent.remove(run)
    pieces: list[etree._Element] = []
    if before:
        pieces.append(_text_run(run, before))
    gone = etree.Element(w("del"), {w("id"): str(rid), w("author"): AUTHOR, w("date"): DATE})
    gone.append(_text_run(run, old, "delText"))
    pieces.append(gone)
    if comment is not None:
        pieces.append(etree.Element(w("commentRangeStart"), {w("id"): str(comment[0])}))
    added = etree.Element(w("ins"), {w("id"): str(rid + 1), w("author"): AUTHOR,
                                     w("date"): DATE})
    added.append(_text_run(run, new))
    pieces.append(added)
    if comment is not None:
        pieces.append(etree.Element(w("commentRangeEnd"), {w("id"): str(comment[0])}))
        reference = etree.Element(w("r"))
        etree.SubElement(reference, w("commentReference"), {w("id"): str(comment[0])})
        pieces.append(reference)
    if after:
        pieces.append(_text_run(run, after))
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)


_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_COMMENTS_REL = R_NS + "/comments"


def edited(data: bytes, changes: list[tuple[str, str]],
           comments: dict[int, str] | None = None) -> bytes:
    """The DOCX with tracked replacements (a comment on the first, if given)."""
    comments = comments or {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    for number, (old, new) in enumerate(changes):
        note = (number, comments[number]) if number in comments else None
        track(root, old, new, 100 + 2 * number, note)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    if comments:
        notes = etree.Element(w("comments"), nsmap={"w": W})
        for number, text in comments.items():
            note = etree.SubElement(notes, w("comment"), {w("id"): str(number),
                                                          w("author"): AUTHOR,
                                                          w("date"): DATE})
            p = etree.SubElement(note, w("p"))
            etree.SubElement(etree.SubElement(p, w("r")), w("t")).text = text
        parts["word/comments.xml"] = etree.tostring(notes, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True)
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace(
            "</Types>", f'<Override PartName="/word/comments.xml" '
            f'ContentType="{_COMMENTS_TYPE}"/></Types>').encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", f'<Relationship Id="rId900" Type="{_COMMENTS_REL}" '
            'Target="comments.xml"/></Relationships>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    return out.getvalue()


def _texts(data: bytes) -> list[str]:
    """The body's text as a reader sees it (non-breaking hyphens and spaces as plain)."""
    return [shown(i.text) if isinstance(i, Para) else shown(repr([r.texts for r in i.rows]))
            for i in docx_items(data)]


def _returned(project: Path, tmp_path: Path, comments: dict[int, str] | None = None,
              changes: list[tuple[str, str]] | None = None) -> Path:
    data = edited(rendered(project / NAME),
                  changes or [("15,4", "16,2")],
                  comments)
    target = tmp_path / "ruecklauf.docx"
    target.write_bytes(data)
    return target


def _invoke(project: Path, *args: str) -> object:
    runner = CliRunner()
    with contextlib.chdir(project):
        return runner.invoke(main, ["import", *args], catch_exceptions=False)


def test_rendered_docx_names_its_agreement(project: Path) -> None:
    data = rendered(project / NAME)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "docProps/custom.xml" in package.namelist()
    returned = wordfile.Returned  # the reader's record
    assert returned is not None
    path = project / "x.docx"
    path.write_bytes(data)
    found = wordfile.read(path).properties
    assert found[api.SOURCE_PROPERTY] == NAME
    assert found[api.FINGERPRINT_PROPERTY] == api.fingerprint((project / NAME).read_bytes())
    assert rendered(project / NAME) == data  # reproducible


def test_returned_value_written_in_its_line(project: Path, tmp_path: Path) -> None:
    docx = _returned(project, tmp_path, {0: "Mit dem Jobcenter abgestimmt"})
    before = (project / NAME).read_text(encoding="utf-8")
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    after = (project / NAME).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [("        wert: 15,4", "        wert: 16,2")]
    assert f"zielwerte[1].wert: 15,4 -> 16,2 ({AUTHOR})" in result.output
    assert "Mit dem Jobcenter abgestimmt" in result.output
    assert "16,2" in result.output
    # Rendered again, the agreement reads as the returned document with changes accepted.
    assert _texts(rendered(project / NAME)) == _texts(docx.read_bytes())


def test_without_write_nothing_changes(project: Path, tmp_path: Path) -> None:
    docx = _returned(project, tmp_path)
    before = (project / NAME).read_bytes()
    result = _invoke(project, str(docx))
    assert result.exit_code == 0, result.output
    assert "-        wert: 15,4" in result.output and "+        wert: 16,2" in result.output
    assert (project / NAME).read_bytes() == before


def test_name_and_date_of_signature(project: Path, tmp_path: Path) -> None:
    docx = _returned(project, tmp_path, changes=[
        # a name is replaced everywhere; as a proper name it is a run of its own
        ("Schneidewind", "Schneidewind-Meier"),
        ("Schneidewind", "Schneidewind-Meier"), ("02.12.2020", "03.12.2020")])
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    after = (project / NAME).read_text(encoding="utf-8")
    assert "name: Prof. Dr. Uwe Schneidewind-Meier}" in after
    assert "traeger: {datum: 03.12.2020}" in after
    assert _texts(rendered(project / NAME)) == _texts(docx.read_bytes())


def test_standard_text_change_becomes_the_agreements_clause(project: Path,
                                                          tmp_path: Path) -> None:
    added = " Ein dritter Dialog kann vereinbart werden."
    docx = _returned(project, tmp_path, changes=[
        ("15,4", "16,2"), ("zwei Steuerungsdialoge.", "zwei Steuerungsdialoge." + added)])
    before = (project / NAME).read_text(encoding="utf-8")
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    assert "Baustein zusammenarbeit.dialoge" in result.output
    assert "Ein dritter Dialog kann vereinbart werden+}" in " ".join(result.output.split())
    after = (project / NAME).read_text(encoding="utf-8")
    assert after.startswith(before.replace("wert: 15,4", "wert: 16,2"))
    tail = after[len(before):]
    assert tail.startswith("\nbausteine:\n  zusammenarbeit.dialoge: >-\n")
    assert "Ein dritter Dialog kann" in tail
    assert _texts(rendered(project / NAME)) == _texts(docx.read_bytes())
    # The same document again: nothing left to take over.
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    assert "Nichts zu übernehmen" in result.output
    assert (project / NAME).read_text(encoding="utf-8") == after


def test_clause_of_the_agreement_replaced_in_place(project: Path, tmp_path: Path) -> None:
    file = project / NAME
    file.write_text(file.read_text(encoding="utf-8") + "bausteine:\n"
                    "  zusammenarbeit.dialoge: Es finden Steuerungsdialoge statt.\n"
                    "  ziel3.indikatoren: {streichen: true}\n", encoding="utf-8")
    docx = _returned(project, tmp_path, changes=[("Es finden", "Nach Bedarf finden")])
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    text = file.read_text(encoding="utf-8")
    assert ("  zusammenarbeit.dialoge: >-\n    Nach Bedarf finden Steuerungsdialoge statt.\n"
            "  ziel3.indikatoren: {streichen: true}\n") in text
    assert _texts(rendered(file)) == _texts(docx.read_bytes())


def test_conflict_when_the_file_changed_the_same_value(project: Path, tmp_path: Path) -> None:
    docx = _returned(project, tmp_path)
    file = project / NAME
    file.write_text(file.read_text(encoding="utf-8").replace("wert: 15,4", "wert: 15,9"),
                    encoding="utf-8")
    before = file.read_bytes()
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 1
    assert "Konflikt" in result.output
    assert "ziele.integration.zielwerte[1].wert" in result.output
    assert file.read_bytes() == before


def test_other_change_in_the_file_is_no_conflict(project: Path, tmp_path: Path) -> None:
    docx = _returned(project, tmp_path)
    file = project / NAME
    file.write_text(file.read_text(encoding="utf-8").replace("wert: 10\n", "wert: 11\n"),
                    encoding="utf-8")
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    text = file.read_text(encoding="utf-8")
    assert "wert: 16,2" in text and "wert: 11\n" in text


def test_signed_final_version_needs_force(project: Path, tmp_path: Path) -> None:
    file = project / NAME
    file.write_text(file.read_text(encoding="utf-8").replace("status: entwurf",
                                                             "status: endfassung"),
                    encoding="utf-8")
    docx = _returned(project, tmp_path)
    before = file.read_bytes()
    result = _invoke(project, str(docx))
    assert result.exit_code == 0, result.output
    assert "unterschriebene Endfassung: schreiben nur mit --force" in result.output
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 1
    assert "Endfassung" in result.output
    assert file.read_bytes() == before
    result = _invoke(project, str(docx), "--write", "--force")
    assert result.exit_code == 0, result.output
    assert "wert: 16,2" in file.read_text(encoding="utf-8")


def test_agreement_option_for_a_docx_without_properties(project: Path, tmp_path: Path) -> None:
    docx = _returned(project, tmp_path)
    with zipfile.ZipFile(docx) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()
                 if i.filename != "docProps/custom.xml"}
    with zipfile.ZipFile(docx, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    result = _invoke(project, str(docx))
    assert result.exit_code == 1
    assert "--agreement" in result.output
    result = _invoke(project, str(docx), "--agreement", str(project / NAME), "--write")
    assert result.exit_code == 0, result.output
    assert "wert: 16,2" in (project / NAME).read_text(encoding="utf-8")


def test_bad_inputs(project: Path, tmp_path: Path) -> None:
    not_zip = tmp_path / "kaputt.docx"
    not_zip.write_text("kein Word", encoding="utf-8")
    result = _invoke(project, str(not_zip))
    assert result.exit_code == 1
    assert "keine DOCX-Datei" in result.output
    pdf = tmp_path / "unterschrieben.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    result = _invoke(project, str(pdf))
    assert result.exit_code == 1
    # a PDF is a signed text: it needs the state, year and Träger of the new file
    assert "braucht --land, --jahr, --traeger" in result.output
    docx = _returned(project, tmp_path)
    (project / NAME).unlink()
    result = _invoke(project, str(docx))
    assert result.exit_code == 1
    assert "nicht gefunden" in result.output
    assert "Traceback" not in result.output


def test_comment_names_its_clause_and_replacements_read_as_one(project: Path,
                                                               tmp_path: Path) -> None:
    added = "zwei Steuerungsdialoge. Ein dritter Dialog kann vereinbart werden."
    docx = _returned(project, tmp_path, {1: "Reicht das?"},
                     changes=[("15,4", "16,2"), ("zwei Steuerungsdialoge.", added)])
    result = _invoke(project, str(docx))
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert (f"ersetzt ({AUTHOR}, 30.11.2021 10:15): „15,4“ durch „16,2“") in output
    assert "(Baustein zusammenarbeit.dialoge): „Reicht das?“" in output


def test_count_from_the_state_file_set_in_the_agreement(project: Path,
                                                        tmp_path: Path) -> None:
    """"zwei Steuerungsdialoge" comes from the state's vorgaben: the agreement sets its own
    number, as a new key, instead of a clause of its own."""
    docx = _returned(project, tmp_path, {0: "Drei sind vereinbart."},
                     changes=[("zwei Steuerungsdialoge", "drei Steuerungsdialoge")])
    before = (project / NAME).read_text(encoding="utf-8")
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "zusammenarbeit.steuerungsdialoge (neu" in output
    assert "(Feld zusammenarbeit.steuerungsdialoge): „Drei sind vereinbart.“" in output
    after = (project / NAME).read_text(encoding="utf-8")
    assert after == before + "zusammenarbeit:\n  steuerungsdialoge: 3\n"
    assert _texts(rendered(project / NAME)) == _texts(docx.read_bytes())


def test_moved_text_is_read_at_its_new_place(project: Path, tmp_path: Path) -> None:
    """Word's w:moveFrom/w:moveTo: the text counts once, where it was moved to."""
    data = rendered(project / NAME)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    track(root, "15,4", "16,2", 10)
    for tag in ("del", "ins"):  # the same edit written as a move
        for el in root.iter(w(tag)):
            el.tag = w("moveFrom" if tag == "del" else "moveTo")
    for t in root.iter(w("delText")):
        t.tag = w("t")
    parts["word/document.xml"] = etree.tostring(root)
    docx = tmp_path / "verschoben.docx"
    with zipfile.ZipFile(docx, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    returned = wordfile.read(docx)
    assert [r.kind for r in returned.revisions] == ["verschoben (alte Stelle)",
                                                    "verschoben (neue Stelle)"]
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    assert "wert: 16,2" in (project / NAME).read_text(encoding="utf-8")


def test_oversized_part_is_refused(project: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    docx = _returned(project, tmp_path)
    monkeypatch.setattr(wordfile, "MAX_PART", 1000)  # the limit is 20 MB
    result = _invoke(project, str(docx))
    assert result.exit_code == 1
    assert "word/document.xml ist entpackt größer als" in result.output
    monkeypatch.setattr(wordfile, "MAX_PART", 20_000_000)
    monkeypatch.setattr(wordfile, "MAX_ITEMS", 20)  # the limit is 5,000 paragraphs
    result = _invoke(project, str(docx))
    assert result.exit_code == 1
    assert "mehr als 20 Absätze" in result.output


def test_draft_saved_by_libreoffice(project: Path, tmp_path: Path) -> None:
    """LibreOffice keeps zv's properties, the tracked changes and the comment, in its own
    WordprocessingML (other style names, other runs)."""
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice (soffice) fehlt")
    docx = _returned(project, tmp_path, {0: "Mit dem Jobcenter abgestimmt"})
    out = tmp_path / "lo"
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profil'}",
                    "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(out), str(docx)], check=True, capture_output=True, timeout=180)
    saved = out / docx.name
    assert saved.read_bytes() != docx.read_bytes()
    result = _invoke(project, str(saved), "--write")
    assert result.exit_code == 0, result.output
    assert "Mit dem Jobcenter abgestimmt" in result.output
    assert "wert: 16,2" in (project / NAME).read_text(encoding="utf-8")
    assert _texts(rendered(project / NAME)) == _texts(saved.read_bytes())


def test_free_text_in_a_folded_block_keeps_its_form(project: Path, tmp_path: Path) -> None:
    file = project / NAME
    block = ("zusammenarbeit:\n"
             "  zusatz: >-\n"
             "    Das Jobcenter berichtet dem Ministerium quartalsweise über die Entwicklung\n"
             "    der Integrationen.\n")
    file.write_text(file.read_text(encoding="utf-8") + block, encoding="utf-8")
    docx = _returned(project, tmp_path, changes=[("quartalsweise", "monatlich")])
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    assert "zusammenarbeit.zusatz" in result.output
    text = file.read_text(encoding="utf-8")
    assert text.endswith("zusammenarbeit:\n  zusatz: >-\n    Das Jobcenter berichtet dem "
                         "Ministerium monatlich über die Entwicklung der\n"
                         "    Integrationen.\n")
    assert _texts(rendered(file)) == _texts(docx.read_bytes())


def test_line_of_a_markdown_text_in_a_literal_block(tmp_path: Path) -> None:
    """Düsseldorf 2016 (gE): its local analysis is one Markdown text of many paragraphs;
    a number changed in one of them changes that one line of the file."""
    name = "agreements/2016/nrw/duesseldorf.yaml"
    root = tmp_path / "projekt"
    shutil.copytree(ROOT / "states", root / "states")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / name).parent.mkdir(parents=True)
    before = (ROOT / name).read_text(encoding="utf-8") + "status: entwurf\n"
    (root / name).write_text(before, encoding="utf-8")
    docx = tmp_path / "ruecklauf.docx"
    docx.write_bytes(edited(rendered(root / name), [("+1,7%", "+1,8%")]))
    result = _invoke(root, str(docx), "--write")
    assert result.exit_code == 0, result.output
    assert "rahmenbedingungen" in result.output and "[-1,7-]{+1,8+}" in result.output
    after = (root / name).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert len(changed) == 1
    assert changed[0][0].replace("+1,7%", "+1,8%", 1) == changed[0][1]
    assert _texts(rendered(root / name)) == _texts(docx.read_bytes())


def test_edit_without_field_or_clause_is_reported_not_taken(project: Path,
                                                            tmp_path: Path) -> None:
    """A paragraph inserted before the first one belongs to no clause: shown, not taken."""
    data = rendered(project / NAME)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(w("body"))
    p = etree.Element(w("p"))
    added = etree.SubElement(p, w("ins"), {w("id"): "7", w("author"): AUTHOR,
                                           w("date"): DATE})
    etree.SubElement(etree.SubElement(added, w("r")), w("t")).text = "Vorab: Entwurf geprüft."
    body.insert(0, p)
    parts["word/document.xml"] = etree.tostring(root)
    docx = tmp_path / "vorab.docx"
    with zipfile.ZipFile(docx, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    before = (project / NAME).read_bytes()
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "Nicht übernommen: 1" in output
    assert "{+Vorab: Entwurf geprüft.+}" in output
    assert "Nichts zu übernehmen" in output
    assert (project / NAME).read_bytes() == before


def test_redline_of_zv_diff_needs_nothing(project: Path, tmp_path: Path) -> None:
    """A redline (`zv diff --format docx`) names the newer file, which holds its changes."""
    file = project / NAME
    old = tmp_path / "alt.yaml"
    shutil.copy(file, old)
    shutil.copy(old, project / "agreements/2021/nrw/alt.yaml")
    file.write_text(file.read_text(encoding="utf-8").replace("wert: 15,4", "wert: 16,2"),
                    encoding="utf-8")
    redline = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["diff", str(project / "agreements/2021/nrw/alt.yaml"),
                                       str(file), "--format", "docx", "--out", str(redline)])
    assert result.exit_code == 1, result.output  # 1: the versions differ
    before = file.read_bytes()
    result = _invoke(project, str(redline), "--write")
    assert result.exit_code == 0, result.output
    assert "Nichts zu übernehmen" in result.output
    assert "Nicht übernommen" not in result.output
    assert file.read_bytes() == before


def test_paragraphs_joined_in_word(project: Path, tmp_path: Path) -> None:
    """The mark between two paragraphs deleted: one paragraph when accepted; the first
    clause takes the joined text, the second (now empty) is dropped."""
    data = rendered(project / NAME)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    first = _run_with(root, "setzen sich gemeinsam").getparent()
    ppr = first.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        first.insert(0, ppr)
    mark = etree.SubElement(etree.SubElement(ppr, w("rPr")), w("del"),
                            {w("id"): "5", w("author"): AUTHOR, w("date"): DATE})
    assert mark is not None
    parts["word/document.xml"] = etree.tostring(root)
    docx = tmp_path / "verbunden.docx"
    with zipfile.ZipFile(docx, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    assert len(wordfile.read(docx).edited) == len(wordfile.read(docx).written) - 1
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    assert "Absatz verbunden mit dem nächsten" in result.output
    text = (project / NAME).read_text(encoding="utf-8")
    assert "zusammenarbeit.gemeinsam: {streichen: true}" in text
    joined = [shown(i.text) if isinstance(i, Para) else shown(repr([r.texts for r in i.rows]))
              for i in wordfile.read(docx).edited]  # as Word shows it: marks joined
    assert _texts(rendered(project / NAME)) == joined


def test_new_person_with_another_gender(project: Path, tmp_path: Path) -> None:
    """Herrn -> Frau: the person's geschlecht (added to its flow mapping), which also gives
    the title's form; the new name in the parties and the signature block."""
    docx = _returned(project, tmp_path, changes=[
        ("Herrn Oberbürgermeister", "Frau Oberbürgermeisterin"),
        # a proper name is a run of its own: first name and surname edited one by one
        ("Uwe ", "Erika "), ("Schneidewind", "Mustermann"),
        ("Uwe ", "Erika "), ("Schneidewind", "Mustermann")])
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    text = (project / NAME).read_text(encoding="utf-8")
    assert ("  traeger: {titel: Oberbürgermeister, name: Prof. Dr. Erika Mustermann, "
            "geschlecht: w}\n") in text
    assert _texts(rendered(project / NAME)) == _texts(docx.read_bytes())


def test_edited_without_tracking_changes(project: Path, tmp_path: Path) -> None:
    """No tracked changes and the file unchanged: compared with what zv renders now."""
    data = rendered(project / NAME)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"15,4", b"16,2")
    docx = tmp_path / "ohne.docx"
    with zipfile.ZipFile(docx, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    result = _invoke(project, str(docx), "--write")
    assert result.exit_code == 0, result.output
    assert "ohne Nachverfolgung bearbeitet" in result.output
    assert "wert: 16,2" in (project / NAME).read_text(encoding="utf-8")
    assert _texts(rendered(project / NAME)) == _texts(docx.read_bytes())
