"""Issue 25: hostile input in the surfaces a clerk or a Referat writes besides agreement
files (tables, clause files, Muster files, sentence forms): a clear German error with
file and row/line, exit 1, no traceback and no file changed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from generator.cli.main import main
from generator.cycle.nextyear import AHEAD

from .conftest import ROOT

BAD = Path(__file__).parent / "data" / "bad"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "agreements", tmp_path / "agreements")
    return tmp_path / "agreements"


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def _clean(result: Result, code: int = 1) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "interner Fehler" not in result.output
    return result.output


def _csv(project: Path) -> tuple[Path, str]:
    out = project.parent / "ziele.csv"
    _clean(CliRunner().invoke(main, ["table", str(project), "--out", str(out)]), 0)
    return out, out.read_bytes().decode("utf-8-sig")


def _fill(table: Path, project: Path) -> str:
    before = _snapshot(project)
    output = _clean(CliRunner().invoke(main, ["fill", str(table), str(project), "--force"]))
    assert "nichts geschrieben" in output
    assert _snapshot(project) == before
    return output


# zv fill --------------------------------------------------------------------------------

# The table corpus: each file with the start of its first message ("name.csv[:line]").
TABLES = BAD / "tabellen"
TABLE_CASES = dict(line.split(": ", 1) for line in (TABLES / "erwartet.txt").read_text(
    encoding="utf-8").splitlines() if line and not line.startswith("#"))


def _case_name(key: str) -> str:
    return key.split(":")[0]


@pytest.mark.parametrize("key", sorted(TABLE_CASES), ids=_case_name)
def test_hostile_table_gives_a_clear_error(project: Path, key: str) -> None:
    output = _fill(TABLES / _case_name(key), project)
    first = output.splitlines()[0]
    assert first.startswith(f"{TABLES / key}: {TABLE_CASES[key]}"), first


def test_table_corpus_is_complete() -> None:
    assert {_case_name(k) for k in TABLE_CASES} == {p.name for p in TABLES.glob("*.csv")}


@pytest.mark.parametrize("wert", ["1e999999999", "9" * 5000, "1e-999999999",
                                  "123456789012345678"])
def test_fill_refuses_numbers_check_would_refuse(project: Path, wert: str) -> None:
    table, text = _csv(project)
    table.write_bytes(text.replace(";14,7;", f";{wert};").encode("utf-8-sig"))
    output = _fill(table, project)
    assert f"{table}: Zeile 7, Spalte Wert: " in output
    assert "Zahl zu groß oder zu genau" in output


def test_fill_checks_the_new_file_as_check_would(project: Path) -> None:
    # 15 digits fit, but the file writes one decimal place: 16 digits in the file.
    table, text = _csv(project)
    table.write_bytes(text.replace(";14,7;", ";123456789012345;").encode("utf-8-sig"))
    output = _fill(table, project)
    assert f"{table}: Zeile 7, Spalte Wert: 123456789012345,0: Zahl zu groß" in output
    assert "wuppertal.yaml:18: ziele.integration.zielwerte[2].wert" in output


def test_fill_refuses_a_huge_float_in_xlsx(project: Path) -> None:
    out = project.parent / "ziele.xlsx"
    _clean(CliRunner().invoke(main, ["table", str(project), "--out", str(out)]), 0)
    book = load_workbook(out)
    for row in book["2021"].iter_rows(min_row=2):
        if row[4].value == "K2":
            row[6].value = 1e308
    book.save(out)
    output = _fill(out, project)
    assert "Blatt 2021, Zeile 3, Spalte Wert: '1e+308': Zahl zu groß" in output


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", "Land;Jahr;Träger;Ziel;Kennzahl;"
                                     "Titel;Wert;Grenze;absolute Zahl;Basiswert\r\n".encode()])
def test_fill_refuses_an_empty_table(project: Path, content: bytes) -> None:
    table = project.parent / "leer.csv"
    table.write_bytes(content)
    assert f"{table}: Tabelle ist leer" in _fill(table, project)


def test_fill_reads_a_bare_cr_inside_a_field_as_a_line_end(project: Path) -> None:
    table, text = _csv(project)
    table.write_bytes(text.replace(";Stadt Wuppertal;", ";Stadt\rWuppertal;", 1)
                      .encode("utf-8-sig"))
    output = _fill(table, project)
    assert f"{table}: Zeile 6, Spalte Kennzahl: keine Vereinbarung nrw 2021 Stadt" in output


def test_fill_refuses_random_bytes(project: Path) -> None:
    table = project.parent / "zufall.csv"
    table.write_bytes(os.urandom(10 * 1024 * 1024))
    output = _fill(table, project)
    assert f"{table}" in output


def test_fill_refuses_a_field_too_long_for_csv(project: Path) -> None:
    table, text = _csv(project)
    table.write_bytes((text + '"' + "x" * 200_000 + '"\r\n').encode("utf-8-sig"))
    output = _fill(table, project)
    assert "CSV kann nicht gelesen werden (Feld zu lang)" in output


@pytest.mark.parametrize("separator", [";", "\t"])
def test_fill_reads_a_utf16_export_with_crlf(project: Path, separator: str) -> None:
    table, text = _csv(project)
    text = text.replace(";14,7;", ";14,8;")
    if separator == "\t":
        text = text.replace('"', "").replace(";", "\t")  # Excel's "Unicode-Text"
    table.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-16"))
    result = CliRunner().invoke(main, ["fill", str(table), str(project), "--force"])
    assert "wert: 14,7 -> 14,8" in _clean(result, 0)


# zv table -------------------------------------------------------------------------------

INJECTION = "=cmd|'/c calc'!A1"


@pytest.fixture
def named(tmp_path: Path) -> Path:
    """A project whose Träger Wuppertal is named like a formula; its agreements folder."""
    shutil.copytree(ROOT / "agreements", tmp_path / "agreements")
    shutil.copytree(ROOT / "states", tmp_path / "states")
    (tmp_path / "templates").symlink_to(ROOT / "templates")
    state = tmp_path / "states" / "nrw.yaml"
    text = state.read_text(encoding="utf-8")
    state.write_text(text.replace("{name: Stadt Wuppertal,", f"{{name: \"{INJECTION}\",", 1),
                     encoding="utf-8")
    return tmp_path / "agreements"


def test_table_writes_formula_like_text_as_text(named: Path) -> None:
    _clean(CliRunner().invoke(main, ["check", str(named / "2021")]), 0)
    xlsx, csv_file = named.parent / "ziele.xlsx", named.parent / "ziele.csv"
    for out in (xlsx, csv_file):
        _clean(CliRunner().invoke(main, ["table", str(named), "--out", str(out)]), 0)
    book = load_workbook(xlsx)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in cells} == {INJECTION}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert b"<f>" not in b"".join(  # no formula anywhere in the workbook
        zipfile.ZipFile(xlsx).read(n) for n in zipfile.ZipFile(xlsx).namelist())
    numbers = [c.value for c in book["2021"]["G"][1:]]
    assert all(isinstance(v, float | int) for v in numbers) and -0.1 in numbers
    rows = [r for r in csv.reader(io.StringIO(csv_file.read_bytes().decode("utf-8-sig")),
                                  delimiter=";") if r[0] != "#zv-stand"]  # the last line
    assert {"'" + INJECTION} == {c for r in rows for c in r if c.endswith(INJECTION)}
    assert not [c for r in rows for c in r if c.startswith(("=", "+", "@"))]
    assert "-0,1" in [r[6] for r in rows]  # numbers stay numbers


@pytest.mark.parametrize("name", ["ziele.xlsx", "ziele.csv"])
def test_fill_reads_formula_like_text_back(named: Path, name: str) -> None:
    out = named.parent / name
    _clean(CliRunner().invoke(main, ["table", str(named), "--out", str(out)]), 0)
    if name.endswith(".csv"):
        out.write_bytes(out.read_bytes().replace(b";14,7;", b";14,8;"))
    else:
        book = load_workbook(out)
        for row in book["2021"].iter_rows(min_row=2):
            if row[4].value == "K2" and row[2].value == INJECTION:
                row[6].value = 14.8
        book.save(out)
    output = _clean(CliRunner().invoke(main, ["fill", str(out), str(named), "--force"]), 0)
    assert "wert: 14,7 -> 14,8" in output


def test_table_of_the_good_files_names_the_broken_one(project: Path) -> None:
    broken = project / "2020/niedersachsen/heidekreis.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "unbekannt: 1\n", encoding="utf-8")
    out = project.parent / "ziele.csv"
    output = _clean(CliRunner().invoke(main, ["table", str(project), "--out", str(out)]))
    assert f"{broken}:" in output and "unbekannt" in output
    assert "1 von 5 Dateien fehlerhaft (siehe oben); die Tabelle enthält nur die übrigen" \
        in output
    text = out.read_bytes().decode("utf-8-sig")
    assert "Stadt Wuppertal" in text and "Heidekreis" not in text


# zv next --------------------------------------------------------------------------------

@pytest.mark.parametrize("jahr", [2019, 2005, 2021, dt.date.today().year + AHEAD + 1])
def test_next_refuses_a_year_not_after_the_source_or_far_ahead(project: Path,
                                                               jahr: int) -> None:
    file = project / "2021/nrw/wuppertal.yaml"
    before = sorted(project.rglob("*"))
    output = _clean(CliRunner().invoke(main, ["next", str(file), "--jahr", str(jahr)]))
    assert output.startswith(f"{file}:5:7: jahr: ")
    assert ("muss nach 2021 liegen" if jahr < 2021 else "gilt schon für 2021"
            if jahr == 2021 else "mehr als 5 Jahre nach dem laufenden Jahr") in output
    assert sorted(project.rglob("*")) == before


# Clause files, Muster files and sentence forms ---------------------------------------

CLAUSES = sorted((BAD / "bausteine").glob("*.md.j2"))
WUPPERTAL = Path("agreements/2021/nrw/wuppertal.yaml")


@pytest.fixture
def family(tmp_path: Path) -> Path:
    """A project of its own (the NRW family's text to break), with Wuppertal 2021."""
    for folder in ("states", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / WUPPERTAL).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / WUPPERTAL, tmp_path / WUPPERTAL)
    return tmp_path


def _clause(project: Path, text: str, name: str = "formel",
            where: str = "templates/nrw/bausteine.yaml") -> Path:
    """The clause `name` of the family's text (or the Muster `where`) with the text `text`;
    Wuppertal 2021 uses both 'formel' of the family and 'ziele.ueberschrift' of 2019."""
    file = project / where
    body = "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())
    old = file.read_text(encoding="utf-8")
    new = re.sub(rf"(?m)^  {re.escape(name)}: \|\n(?:(?: {{4}}.*)?\n)*",
                 lambda _: f"  {name}: |\n{body}\n", old, count=1)
    assert new != old
    file.write_text(new, encoding="utf-8")
    return file


def _both(project: Path, code: int) -> list[str]:
    """The output of `zv check` and `zv render` of Wuppertal, each quick and clean."""
    outputs = []
    file = str(project / WUPPERTAL)
    for args in (["check", file], ["render", file, "--out", str(project / "output"),
                                   "--format", "md,html,docx", "-j", "1"]):
        started = time.monotonic()
        outputs.append(_clean(CliRunner().invoke(main, args), code))
        assert time.monotonic() - started < 15
    assert not [p for p in (project / "output").rglob("*") if p.is_file()
                and p.name != ".zv-stand.json"]
    return outputs


@pytest.mark.parametrize("place", ["familie", "muster", "satzform"])
@pytest.mark.parametrize("case", CLAUSES, ids=[c.name.split(".")[0] for c in CLAUSES])
def test_hostile_clause_gives_a_clear_error(family: Path, case: Path, place: str) -> None:
    """Each hostile template of the corpus as a clause of the family's text, as a clause
    of a Muster and as a sentence form: exit 2 naming the clause or the form."""
    text = case.read_text(encoding="utf-8")
    expected = re.match(r"\{# erwartet: (.*) #\}", text)
    assert expected, f"{case.name}: Kopfzeile '{{# erwartet: ... #}}' fehlt"
    if place == "familie":
        file, named = _clause(family, text), "Baustein 'formel' (Familie nrw)"
    elif place == "muster":
        file = _clause(family, text, "ziele.ueberschrift", "states/nrw/2019.yaml")
        named = "Baustein 'ziele.ueberschrift' (Familie nrw)"
    else:  # the form of Wuppertal's K2 target
        file = family / "templates/_base/saetze/steigen.md.j2"
        file.write_text(text, encoding="utf-8")
        named = ""
    for output in _both(family, 2):
        assert f"{file}:" in output or (not named and "Baustein '" in output), output
        assert named in output and expected.group(1) in output


@pytest.mark.parametrize("character", ["\\x01", "\\e"])
def test_control_character_in_a_clause_is_refused_where_it_stands(
        family: Path, character: str) -> None:
    file = family / "templates/nrw/bausteine.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("  praeambel.absaetze:",
                                 f'  extra: "### Prä{character}ambel"\n  praeambel.absaetze:',
                                 1), encoding="utf-8")
    line = file.read_text(encoding="utf-8").splitlines().index(
        f'  extra: "### Prä{character}ambel"') + 1
    for output in _both(family, 1):
        assert f"{file}:{line}:3: bausteine.extra: unzulässiges Steuerzeichen U+00" in output


@pytest.mark.parametrize(("spec", "message"), [
    ('{muster: "{nr}.", art: roemisch}', ":9:13: zaehler.ziel_nr.muster: '{nr}.': das "
     "Muster braucht genau ein '{}' für die Zahl"),
    ('"§"', ":9:3: zaehler.ziel_nr: '§': das Muster braucht genau ein '{}'"),
    ('{muster: "{}.", neu_mit: absatz}', ":8:1: zaehler: ziel_nr.neu_mit: unbekannter "
     "Zähler 'absatz' (bekannt: ziel_nr)"),
])
def test_counter_spec_is_checked_where_it_stands(family: Path, spec: str,
                                                 message: str) -> None:
    file = family / "templates/nrw/bausteine.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('  ziel_nr: {muster: "{}.", art: roemisch}',
                                 f"  ziel_nr: {spec}", 1), encoding="utf-8")
    for output in _both(family, 1):
        assert f"{file}{message}" in output


@pytest.mark.parametrize("css", ["p { color: red; }\n</style><script>alert(1)</script>\n",
                                 "p { color: red; }\n</STYLE >\n", "<!-- p {} -->\n"])
def test_stylesheet_cannot_end_the_style_element(family: Path, css: str) -> None:
    sheet = family / "templates/nrw/style.css"
    sheet.write_text(css, encoding="utf-8")
    for output in _both(family, 2):
        assert f"{sheet}:{css.count(chr(10), 0, css.find('<')) + 1}: '" in output
        assert "ist in einem Stylesheet nicht erlaubt" in output


# Structure injection through text fields -------------------------------------------

HEIDEKREIS = ROOT / "agreements/2020/niedersachsen/heidekreis.yaml"


def _with(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "v.yaml"
    file.write_text(text, encoding="utf-8")
    return file


@pytest.mark.parametrize("value", ['"die Schritte umgesetzt sind.\\n# X"',
                                   '"die Schritte umgesetzt sind.\\r# X"',
                                   '"umgesetzt.\\n::: unterschriften\\nx\\n:::"',
                                   '"umgesetzt.\\u2028# X"'])
def test_one_line_markdown_cannot_start_a_block(tmp_path: Path, value: str) -> None:
    lines = HEIDEKREIS.read_text(encoding="utf-8").split("\n")
    line = lines.index("      erreicht_wenn: >-") + 1
    end = next(i for i in range(line, len(lines)) if not lines[i].startswith(" " * 8))
    lines[line - 1:end] = [f"      erreicht_wenn: {value}"]
    file = _with(tmp_path, "\n".join(lines))
    output = _clean(CliRunner().invoke(main, ["check", str(file)]))
    assert f"{file}:{line}:7: ziele.weitere[1].erreicht_wenn: " in output
    assert "nicht erlaubt" in output


@pytest.mark.parametrize(("value", "message"), [
    ('"Absatz.\\n\\n::: unterschriften\\nx\\n:::"', "'::: unterschriften' ist zvs eigene "
     "Auszeichnung"),
    ('"Absatz.\\n\\n:::\\n\\n# X"', "':::' ist zvs eigene Auszeichnung"),
    ('"Absatz.\\n\\n::: kopfzeilen-2\\n| a | b |\\n|---|---|\\n| c | d |"',
     "'::: kopfzeilen-N' ohne schließendes ':::'"),
    ('"Absatz.\\u2029# X"', "Zeilenumbruch U+2029 an Stelle 8 nicht erlaubt"),
    ('"Absatz.\\u0085# X"', "Zeilenumbruch U+0085 an Stelle 8 nicht erlaubt"),
    ('"Absatz.\\r\\n# X"', "Zeilenumbruch U+000D an Stelle 8 nicht erlaubt"),
])
def test_markdown_cannot_use_zvs_own_blocks(tmp_path: Path, value: str, message: str) -> None:
    text = (ROOT / WUPPERTAL).read_text(encoding="utf-8")
    file = _with(tmp_path, text + f"praeambel:\n  absaetze:\n    - {value}\n")
    line = text.count("\n") + 3
    output = _clean(CliRunner().invoke(main, ["check", str(file)]))
    assert f"{file}:{line}:" in output and "praeambel.absaetze[1]: " in output
    assert message in output


def test_markdown_may_frame_a_table_with_header_rows(tmp_path: Path) -> None:
    text = (ROOT / WUPPERTAL).read_text(encoding="utf-8")
    file = _with(tmp_path, text + 'praeambel:\n  absaetze:\n    - "Absatz.\\n\\n::: '
                 'kopfzeilen-2\\n| a | b |\\n|---|---|\\n| c | d |\\n| e | f |\\n:::"\n')
    _clean(CliRunner().invoke(main, ["check", str(file)]), 0)


def test_images_and_refused_links_are_named_by_check(tmp_path: Path) -> None:
    text = (ROOT / WUPPERTAL).read_text(encoding="utf-8")
    file = _with(tmp_path, text + (
        "praeambel:\n  absaetze:\n    - 'Bild ![Logo](https://example.org/l.png), "
        "[Hilfe](javascript:alert(1)), <ms-msdt:/id>, [ok](https://example.org), "
        "[Post](mailto:a@example.org)'\n    - |\n      Siehe [Seite][s].\n\n"
        "      [s]: file:///c:/windows\n"))
    line = text.count("\n") + 3
    output = _clean(CliRunner().invoke(main, ["check", str(file)]), 0)
    where = f"{file}:{line}:7: praeambel.absaetze[1]: Warnung: "
    assert f"{where}Bild wird nicht übernommen" in output
    assert f"{where}Verweis mit 'javascript:' wird nicht als Verweis übernommen" in output
    assert f"{where}Verweis mit 'ms-msdt:' wird nicht" in output
    assert f"{file}:{line + 1}:7: praeambel.absaetze[2]: Warnung: Verweis mit 'file:'" in output
    assert "'https:'" not in output and "'mailto:'" not in output


def _frame_with(project: Path, part: str, old: bytes, new: bytes) -> Path:
    """The family's frame.docx with `old` replaced by `new` in one of its parts."""
    source = project / "templates/_base/frame.docx"
    target = project / "templates/nrw/frame.docx"
    shutil.copyfile(source, target) if not target.exists() else None
    data = io.BytesIO()
    with zipfile.ZipFile(target) as package, zipfile.ZipFile(data, "w") as out:
        for info in package.infolist():
            blob = package.read(info)
            out.writestr(info, blob.replace(old, new) if info.filename == part else blob)
    target.write_bytes(data.getvalue())
    return target


@pytest.mark.parametrize(("part", "old", "new"), [
    ("word/footer1.xml", b"{{ kurzname }}", b"{{ traeger }}"),
    ("word/document.xml", b"{{p body }}", b"{{p body }}</w:t></w:r></w:p><w:p><w:r><w:t>"
     b"{{ unterschrift }}"),
])
def test_frame_with_a_placeholder_zv_does_not_fill(family: Path, part: str, old: bytes,
                                                   new: bytes) -> None:
    frame = _frame_with(family, part, old, new)
    assert old in zipfile.ZipFile(family / "templates/_base/frame.docx").read(part)
    for output in _both(family, 2):
        assert f"{frame}: unbekannter Platzhalter" in output
        assert "traeger" in output or "unterschrift" in output


def test_muster_check_compiles_macros_and_sentence_forms(family: Path) -> None:
    form = family / "templates/_base/saetze/steigen.md.j2"
    macros = family / "templates/nrw/makros.md.j2"
    form.write_text(form.read_text(encoding="utf-8") + "{% if z %}\n", encoding="utf-8")
    macros.write_text(macros.read_text(encoding="utf-8") + "{{ 1|unbekannt }}\n",
                      encoding="utf-8")
    output = _clean(CliRunner().invoke(main, ["check", str(family / "states/nrw/2021.yaml")]))
    lines = macros.read_text(encoding="utf-8").count("\n")
    assert f"{macros}:{lines}: Syntaxfehler in der Vorlage: unbekannter Filter 'unbekannt'" \
        in output
    assert f"{form}:" in output and "fehlt ein {% endif %}" in output


def test_muster_check_renders_the_muster_with_an_agreement(family: Path) -> None:
    # No agreement of 2022 yet: Wuppertal 2021 moved to 2022 in memory, as zv next would.
    muster = family / "states/nrw/2022.yaml"
    muster.write_text("grundlage: '2021'\nbausteine:\n  ziele.ueberschrift: |\n"
                      "    ## 1. Ziele {{ jahrr }}\n", encoding="utf-8")
    output = _clean(CliRunner().invoke(main, ["check", str(muster)]), 2)
    assert f"{muster}:3: Baustein 'ziele.ueberschrift' (Familie nrw), Zeile 1 des Textes: " \
        "Fehler in der Vorlage: unbekannter Name 'jahrr' (Probelauf des Musters mit " \
        f"{family / WUPPERTAL})" in output
    assert sorted(family.rglob("*2022*")) == [muster]  # no draft written
    muster.write_text("grundlage: '2021'\n", encoding="utf-8")
    _clean(CliRunner().invoke(main, ["check", str(muster)]), 0)
