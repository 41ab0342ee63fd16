"""The gE family: local agreements of a gemeinsame Einrichtung (Düsseldorf 2016)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from generator import api
from generator.cli.main import main
from generator.errors import Problem

from .conftest import ROOT, shown

DUESSELDORF = ROOT / "agreements" / "2016" / "nrw" / "duesseldorf.yaml"
ALLEINERZIEHENDE = """          basis: 873
          ziel: 899
          veraenderung: 3,0
"""


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return api.render(DUESSELDORF, ["md", "html", "docx"])


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    text = DUESSELDORF.read_text(encoding="utf-8")
    assert text.count(old) == 1
    copy = tmp_path / "kopie.yaml"
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def _line_of(file: Path, needle: str) -> int:
    lines = file.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_parties_and_formula(outputs: dict[str, bytes]) -> None:
    text = outputs["md"].decode("utf-8")
    assert "vertreten durch Herrn Oberbürgermeister \\[REDACTED\\]" in text
    assert "vertreten durch den Vorsitzenden der Geschäftsführung Herrn \\[REDACTED\\]" in text
    assert "sowie dem\n\n**Jobcenter Düsseldorf**" in text
    assert ("Die Landeshauptstadt Düsseldorf, die Agentur für Arbeit Düsseldorf sowie das "
            "Jobcenter Düsseldorf schließen") in text
    assert "Ministerium" not in text
    assert "drei Zielsteuerungsdialoge pro Jahr" in text


def test_signature_blocks_one_per_partner_in_family_order(outputs: dict[str, bytes]) -> None:
    doc = Document(io.BytesIO(outputs["docx"]))
    blocks = [[shown(c.text) for c in t.columns[0].cells] for t in doc.tables[1:]]
    assert [b[1] for b in blocks] == ["Für die Landeshauptstadt Düsseldorf",
                                      "Für das Jobcenter Düsseldorf",
                                      "Für die Agentur für Arbeit Düsseldorf"]
    assert blocks[0] == ["Düsseldorf, den", "Für die Landeshauptstadt Düsseldorf", "",
                         "Oberbürgermeister"]


def test_headings_at_their_levels(outputs: dict[str, bytes]) -> None:
    html = outputs["html"].decode("utf-8")
    assert "<h2>1. Abschnitt: Rahmenbedingungen im Jahr 2016</h2>" in html
    assert "<h3>Konjunkturelle Entwicklung</h3>" in html
    assert "<h3>Fazit</h3>" in html
    assert "<h4>IV. Verbesserung von Leistungsprozessen</h4>" in html
    doc = Document(io.BytesIO(outputs["docx"]))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Rahmenbedingungen aus lokaler Sicht"] == "Heading 3"
    assert styles["2. Abschnitt: Ziele für das Jobcenter Düsseldorf"] == "Heading 2"
    assert styles["II. Verbesserung der Integration in Erwerbstätigkeit"] == "Heading 4"


def test_sectors_keep_their_trend_marks(outputs: dict[str, bytes]) -> None:
    doc = Document(io.BytesIO(outputs["docx"]))
    items = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert {"Lager und Logistik -", "Einzelhandel =", "HoGa +"} <= set(items)


def test_contact_table_has_two_header_rows(outputs: dict[str, bytes]) -> None:
    html = outputs["html"].decode("utf-8")
    assert ('<th scope="col" rowspan="2">Kundengruppe</th>'
            '<th scope="colgroup" colspan="2">Kontaktdichte</th>') in html
    doc = Document(io.BytesIO(outputs["docx"]))
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    header = [tr for tr in table._tbl.tr_lst
              if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(header) == 2
    assert [c.text for c in table.rows[1].cells] == ["Kundengruppe", "Alt", "Neu"]
    assert [c.text for c in table.rows[2].cells] == ["Marktnahe (MP, AP, FP)", "monatlich",
                                                     "monatlich"]


def test_target_sentences_bold_in_every_format(outputs: dict[str, bytes]) -> None:
    sentences = [
        "Das Jobcenter Düsseldorf hat sich für 2016 zum Ziel gesetzt, die Integrationsquote "
        "ohne Berücksichtigung der Flüchtlingsproblematik um 3,0 % im Vergleich zum Vorjahr "
        "auf 20,2 % zu erhöhen.",
        "Das Ziel ist im Jahr 2016 erreicht, wenn sich der durchschnittliche Bestand der "
        "Langzeitleistungsbezieher des Jobcenters Düsseldorf um 1,0 % gegenüber dem Vorjahr "
        "auf 31.902 reduziert.",
        "Die Entwicklung dieser Indikatoren wird durch ein Monitoring beobachtet.",
    ]
    md, html = outputs["md"].decode("utf-8"), shown(outputs["html"].decode("utf-8"))
    doc = Document(io.BytesIO(outputs["docx"]))
    bold = [shown(p.text) for p in doc.paragraphs if p.runs and all(r.bold for r in p.runs)]
    for sentence in sentences:
        assert f"**{sentence}**" in md
        assert f"<p><strong>{sentence}</strong></p>" in html
        assert sentence in bold
    plain = next(p for p in doc.paragraphs if "(Steigerung von 873 in 2015 auf 899" in p.text)
    assert not any(r.bold for r in plain.runs)


def test_inconsistent_figure_is_a_warning(tmp_path: Path) -> None:
    copy = _copy(tmp_path, ALLEINERZIEHENDE, ALLEINERZIEHENDE.replace("3,0", "3,5"))
    line = _line_of(copy, "veraenderung: 3,5")
    result = CliRunner().invoke(main, ["check", str(copy)])
    assert result.exit_code == 0, result.output
    assert (f"kopie.yaml:{line}:11: ziele.integration.inhalt[4].zahlenziel.veraenderung: "
            "Warnung: angegebene Veränderung +3,5 % passt nicht zu 873 -> 899 (+3,0 %)"
            ) in result.output
    assert "kopie.yaml: in Ordnung" in result.output


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("          ziel: 899\n", "          ziel: 950\n", "873 -> 950 (+8,8 %)"),
    ("        ziel: 31902\n", "        ziel: 31500\n", "-1,0 % passt nicht zu 32.224 -> "
     "31.500 (-2,2 %)"),
    ("          ziel: 14,47\n", "          ziel: 14,9\n", "14,05 % -> 14,9 % (+6,0 %)"),
])
def test_each_dependent_figure_is_checked(tmp_path: Path, old: str, new: str,
                                          expected: str) -> None:
    result = CliRunner().invoke(main, ["check", str(_copy(tmp_path, old, new))])
    assert result.exit_code == 0
    assert "Warnung: angegebene Veränderung" in result.output and expected in result.output


def test_consistent_agreement_has_no_warnings() -> None:
    assert figure_warnings(DUESSELDORF) == []


def test_count_of_dialogues_and_missing_figure_computed(tmp_path: Path) -> None:
    data = yaml.safe_load(DUESSELDORF.read_text(encoding="utf-8"))
    data["zusammenarbeit"]["steuerungsdialoge"] = 1
    lzb = data["ziele"]["langzeitbezug"]["zahlenziele"][0]
    del lzb["ziel"]
    file = tmp_path / "variante.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = api.render(file, ["md"])["md"].decode("utf-8")
    assert "in der Regel einen Zielsteuerungsdialog pro Jahr." in text
    assert "um 1,0 % gegenüber dem Vorjahr auf 31.902 reduziert." in text


EXAMPLE = ROOT / "docs" / "beispiele" / "ge_beispiel.yaml"


def test_docs_example_is_the_example_file() -> None:
    """docs/ge.md shows the invented example in full; it must be the file that is tested."""
    docs = (ROOT / "docs" / "ge.md").read_text(encoding="utf-8")
    section = docs[docs.index("## 9. Vollständiges Beispiel"):]
    block = section[section.index("```yaml\n") + 8:]
    assert block[:block.index("```\n")] == EXAMPLE.read_text(encoding="utf-8")


def test_invented_second_ge_renders() -> None:
    assert figure_warnings(EXAMPLE) == []
    outputs = api.render(EXAMPLE, ["md", "html", "docx"])
    text = outputs["md"].decode("utf-8")
    assert "ERFUNDEN" in EXAMPLE.read_text(encoding="utf-8")
    assert "Düsseldorf" not in text
    assert "dem\n\n**Märkischen Kreis**\n\nvertreten durch Frau Landrätin Erika Beispiel" in text
    assert "sowie dem\n\n**Jobcenter Märkischer Kreis**\n\nvertreten durch die " \
        "Geschäftsführerin" in text
    assert "Der Märkische Kreis, die Agentur für Arbeit Iserlohn sowie das Jobcenter" in text
    assert "festgelegten Ziele im Märkischen Kreis." in text
    assert "auf 4.305 zu erhöhen.**" in text
    assert "um 2,0 % gegenüber dem Vorjahr auf 11.760 reduziert.**" in text
    assert "#### IV. Verbesserung von Leistungsprozessen" in text
    assert "zwei Zielsteuerungsdialoge" in text
    doc = Document(io.BytesIO(outputs["docx"]))
    blocks = [[shown(c.text) for c in t.columns[0].cells] for t in doc.tables[1:]]
    assert blocks == [
        ["Lüdenscheid, den 14.12.2023", "Für den Märkischen Kreis", "", "Landrätin"],
        ["Lüdenscheid, den", "Für das Jobcenter Märkischer Kreis", "", "Geschäftsführerin"],
        ["Iserlohn, den 14.12.2023", "Für die Agentur für Arbeit Iserlohn", "In Vertretung", "",
         "Vorsitzender der Geschäftsführung"]]
    assert "<th scope=\"colgroup\" colspan=\"2\">Kontakte im Jahr</th>" in outputs["html"].decode()


def figure_warnings(file: Path) -> list[Problem]:
    """Warnings about figures; a missing signature date is warned about as well."""
    return [p for p in api.check(file) if not p.field.startswith("unterzeichnung")]
