"""`zv import` of a signed text zv did not write (--land/--jahr/--traeger), and of a new
year's standard text (--muster): the files written render the document again."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import api
from generator.cli.main import main

from .conftest import ROOT, soffice
from .similarity import docx_text, similarity

REFERENCES = ROOT / "tests" / "data" / "references"
# reference, land, year, Träger, family (None: the state's), agreement file
CASES = [
    ("wuppertal_2021", "nrw", 2021, "wuppertal", None),
    ("coesfeld_2014", "nrw", 2014, "coesfeld", None),
    ("heidekreis_2020", "niedersachsen", 2020, "heidekreis", None),
    ("duesseldorf_2016", "nrw", 2016, "duesseldorf", "ge"),
]


def _project(tmp_path: Path, without: list[str]) -> Path:
    """A project with zv's states, templates and example agreements, minus `without`."""
    root = tmp_path / "projekt"
    for folder in ("states", "templates", "agreements"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in without:
        (root / name).unlink()
    return root


def _import(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["import", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _own_strings(file: Path) -> str:
    """The agreement file's own text: every value but keys that name files or choices."""
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    skip = {"land", "jahr", "traeger", "familie", "status", "kennzahl", "grenze", "art"}
    out: list[str] = []

    def visit(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                visit(v, str(k))
        elif isinstance(value, list):
            for v in value:
                visit(v, key)
        elif key not in skip and not isinstance(value, bool):
            out.append(str(value))

    visit(data)
    return " ".join(out)


@pytest.mark.parametrize(("reference", "land", "jahr", "traeger", "familie"), CASES)
def test_a_signed_text_becomes_an_agreement_that_renders_it_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str, land: str,
        jahr: int, traeger: str, familie: str | None) -> None:
    name = f"agreements/{jahr}/{land}/{traeger}.yaml"
    root = _project(tmp_path, [name])
    text = REFERENCES / f"{reference}.txt"
    args = [str(text), "--land", land, "--jahr", str(jahr), "--traeger", traeger]
    args += ["--familie", familie] if familie else []
    code, output = _import(root, monkeypatch, *args, "--write")
    assert code == 0, output
    assert f"{name} geschrieben" in output.replace(str(root) + "/", "")
    docx = tmp_path / "neu.docx"
    docx.write_bytes(api.render(root / name, ("docx",))["docx"])
    score = similarity(text.read_text(encoding="utf-8"), docx_text(docx))
    assert score >= 0.97, (reference, score)
    # never over an existing file
    code, output = _import(root, monkeypatch, *args, "--write")
    assert code == 1 and "gibt es schon" in output


def test_values_and_persons_are_read_into_their_fields(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, ["agreements/2021/nrw/wuppertal.yaml"])
    args = [str(REFERENCES / "wuppertal_2021.txt"), "--land", "nrw", "--jahr", "2021",
            "--traeger", "wuppertal"]
    code, shown = _import(root, monkeypatch, *args)
    assert code == 0, shown
    assert "ohne --write: nichts geschrieben" in shown
    assert not (root / "agreements/2021/nrw/wuppertal.yaml").exists()
    code, output = _import(root, monkeypatch, *args, "--write")
    assert code == 0, output
    # what was shown is what was written
    written = (root / "agreements/2021/nrw/wuppertal.yaml").read_text(encoding="utf-8")
    assert written.rstrip("\n") in shown
    data = yaml.safe_load((root / "agreements/2021/nrw/wuppertal.yaml").read_text("utf-8"))
    assert data["vertretung"]["traeger"] == {"titel": "Oberbürgermeister",
                                             "name": "Prof. Dr. Uwe Schneidewind"}
    werte = [(w["kennzahl"], str(w["wert"]), w.get("grenze"))
             for goal in ("integration", "langzeitbezug")
             for w in data["ziele"][goal]["zielwerte"]]
    assert werte == [("integrationen", "15,4", "mindestens"), ("K2", "14,7", None),
                     ("abstand_iq", "-0,1", None), ("K3", "2", "hoechstens"),
                     ("integrationen_lzb", "10", None)]
    assert data["unterzeichnung"] == {"ministerium": {"datum": "21.12.20"},
                                      "traeger": {"datum": "02.12.2020"}}
    assert "bausteine" not in data  # the text is the standard text of 2021 throughout
    assert "100,0 % der Wörter" in output


def test_a_deviation_becomes_the_clause_text_of_the_agreement(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, ["agreements/2021/nrw/wuppertal.yaml"])
    text = (REFERENCES / "wuppertal_2021.txt").read_text(encoding="utf-8")
    changed = text.replace("in vertrauensvoller Zusammenarbeit", "in enger Zusammenarbeit")
    assert changed != text
    source = tmp_path / "wuppertal.txt"
    source.write_text(changed, encoding="utf-8")
    code, output = _import(root, monkeypatch, str(source), "--land", "nrw", "--jahr", "2021",
                           "--traeger", "wuppertal", "--write")
    assert code == 0, output
    assert "Baustein zusammenarbeit.dialoge" in output
    assert "[-vertrauensvoller-] {+enger+}" in output
    data = yaml.safe_load((root / "agreements/2021/nrw/wuppertal.yaml").read_text("utf-8"))
    assert list(data["bausteine"]) == ["zusammenarbeit.dialoge"]
    assert "in enger Zusammenarbeit" in data["bausteine"]["zusammenarbeit.dialoge"]
    markdown = api.markdown(api.load(root / "agreements/2021/nrw/wuppertal.yaml"))
    assert "in enger Zusammenarbeit" in markdown


def test_a_new_year_s_standard_text_becomes_the_year_s_muster(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 2022 agreement (no Muster 2022 in the project): the year's data and changed
    wording go into states/nrw/2022.yaml; the agreement keeps only its own; another
    Träger rendered with the new Muster names nothing of the imported one."""
    root = _project(tmp_path, [])
    text = (REFERENCES / "wuppertal_2021.txt").read_text(encoding="utf-8")
    text = text.replace("2021", "2022").replace("2020", "2021")
    text = text.replace("Pandemiegesehen", "Pandemiegeschehen").replace("14,7", "9,9")
    text = text.replace("Besonderes Gewicht wird", "Ein besonderes Gewicht wird")
    text = text.replace("in vertrauensvoller Zusammenarbeit", "in enger Zusammenarbeit")
    text = text.replace("ist Bestandteil der", "ist fester Bestandteil der")
    source = tmp_path / "wuppertal_2022.txt"
    source.write_text(text, encoding="utf-8")
    code, output = _import(root, monkeypatch, str(source), "--land", "nrw", "--jahr", "2022",
                           "--traeger", "wuppertal", "--muster", "--write")
    assert code == 0, output
    muster = root / "states/nrw/2022.yaml"
    agreement = root / "agreements/2022/nrw/wuppertal.yaml"
    year = yaml.safe_load(muster.read_text(encoding="utf-8"))
    assert "Jahr 2022" in year["werte"]["praeambel"]["schwerpunkte"]["titel"]
    assert year["werte"]["kennzahlen"]["abstand_iq"]["text"].startswith("Ein besonderes")
    assert "Pandemiegeschehen" in year["werte"]["zusammenarbeit"]["zusatz"]
    assert "enger Zusammenarbeit" in year["bausteine"]["zusammenarbeit.dialoge"]
    assert year["bausteine"]["praeambel.planungsdokument"] == (
        "Das „Lokale Planungsdokument 2022 {{ jobcenter|gen }}“ ist fester Bestandteil der "
        "Zielvereinbarung.")
    docx = tmp_path / "neu.docx"
    docx.write_bytes(api.render(agreement, ("docx",))["docx"])
    assert similarity(text, docx_text(docx)) >= 0.97
    own = _own_strings(agreement)
    assert _words(own) <= 0.12 * _words(text), own
    assert "bausteine" not in yaml.safe_load(agreement.read_text(encoding="utf-8"))
    # another district of 2022, from the new Muster
    other = root / "agreements/2022/nrw/kleve.yaml"
    other.write_text(agreement.read_text(encoding="utf-8").replace(
        "traeger: wuppertal", "traeger: kleve").replace(
        "Prof. Dr. Uwe Schneidewind", "Christoph Gerwers").replace(
        "Oberbürgermeister", "Landrat"), encoding="utf-8")
    rendered = api.markdown(api.load(other))
    assert "Kreis Kleve" in rendered
    assert not re.search(r"Wuppertal|Schneidewind", rendered)
    assert "in enger Zusammenarbeit" in rendered and "Jahr 2022" in rendered
    assert "Planungsdokument 2022 des Jobcenters des Kreises Kleve“ ist fester" in rendered


def test_a_muster_without_the_year_s_own_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Muster 2021 removed: the paragraphs its data gave come back as clause texts of the
    new Muster, with the Träger's names as placeholders."""
    root = _project(tmp_path, ["agreements/2021/nrw/wuppertal.yaml", "states/nrw/2021.yaml"])
    reference = REFERENCES / "wuppertal_2021.txt"
    code, output = _import(root, monkeypatch, str(reference), "--land", "nrw", "--jahr",
                           "2021", "--traeger", "wuppertal", "--muster", "--write")
    assert code == 0, output
    agreement = root / "agreements/2021/nrw/wuppertal.yaml"
    docx = tmp_path / "neu.docx"
    docx.write_bytes(api.render(agreement, ("docx",))["docx"])
    assert similarity(reference.read_text(encoding="utf-8"), docx_text(docx)) >= 0.97
    muster = (root / "states/nrw/2021.yaml").read_text(encoding="utf-8")
    assert "Wuppertal" not in muster and "Schneidewind" not in muster
    # the year's texts are the year's, not the agreement's: the paragraph before the
    # gender target, the four analysis fields, the cooperation's sentences and paragraph
    werte = yaml.safe_load(muster)["werte"]
    assert werte["kennzahlen"]["abstand_iq"]["text"].startswith("Besonderes Gewicht")
    assert len(werte["ziele"]["hilfebeduerftigkeit"]["analysefelder"]) == 4
    assert werte["zusammenarbeit"]["zusatz"].startswith("Unterjährige Entwicklungen")
    assert werte["zusammenarbeit"]["absaetze"][0].startswith("Auch in 2021 wird")
    text = reference.read_text(encoding="utf-8")
    assert _words(_own_strings(agreement)) <= 0.12 * _words(text)
    # a second import of the same year does not overwrite the Muster
    (agreement).unlink()
    code, output = _import(root, monkeypatch, str(reference), "--land", "nrw", "--jahr",
                           "2021", "--traeger", "wuppertal", "--muster")
    assert code == 1 and "das Muster 2021 gibt es schon" in output


@pytest.fixture(scope="module")
def signed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF zv makes of Wuppertal 2021 (DOCX converted by LibreOffice)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    root = _project(tmp_path_factory.mktemp("pdf"), [])
    done = subprocess.run([sys.executable, "-c", "from generator.cli.quick import main; main()",
                           "render",
                           "agreements/2021/nrw/wuppertal.yaml", "--format", "pdf"],
                          cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return root / "output/2021/nrw/wuppertal.pdf"


def test_a_signed_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      signed_pdf: Path) -> None:
    """The PDF read back with pdftotext: the agreement renders it again."""
    name = "agreements/2021/nrw/wuppertal.yaml"
    root = _project(tmp_path, [name])
    code, output = _import(root, monkeypatch, str(signed_pdf), "--land", "nrw", "--jahr",
                           "2021", "--traeger", "wuppertal", "--write")
    assert code == 0, output
    docx = tmp_path / "neu.docx"
    docx.write_bytes(api.render(root / name, ("docx",))["docx"])
    reference = (REFERENCES / "wuppertal_2021.txt").read_text(encoding="utf-8")
    assert similarity(reference, docx_text(docx)) >= 0.97
    data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    assert data["vertretung"]["traeger"]["name"] == "Prof. Dr. Uwe Schneidewind"


def test_text_copied_from_a_pdf_makes_a_new_year_s_muster(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signed_pdf: Path) -> None:
    """Plain `pdftotext` output (no blank lines between paragraphs, "Seite 1 von 3" and a
    running footer), moved to 2022, a year without a Muster: imported with --muster."""
    copied = subprocess.run(["pdftotext", "-enc", "UTF-8", str(signed_pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert "Seite 1 von" in copied
    text = copied.replace("2021", "2022").replace("2020", "2021")
    source = tmp_path / "kopiert.txt"
    source.write_text(text, encoding="utf-8")
    root = _project(tmp_path, [])
    code, output = _import(root, monkeypatch, str(source), "--land", "nrw", "--jahr", "2022",
                           "--traeger", "wuppertal", "--muster", "--write")
    assert code == 0, output
    agreement = root / "agreements/2022/nrw/wuppertal.yaml"
    docx = tmp_path / "neu.docx"
    docx.write_bytes(api.render(agreement, ("docx",))["docx"])
    reference = (REFERENCES / "wuppertal_2021.txt").read_text(encoding="utf-8")
    reference = reference.replace("2021", "2022").replace("2020", "2021")
    assert similarity(reference, docx_text(docx)) >= 0.97
    assert _words(_own_strings(agreement)) <= 0.12 * _words(reference)
    assert "Seite" not in agreement.read_text(encoding="utf-8")
    muster = (root / "states/nrw/2022.yaml").read_text(encoding="utf-8")
    assert not re.search(r"Wuppertal|Schneidewind|Seite \d", muster)


def test_bad_input_is_refused_with_a_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, ["agreements/2021/nrw/wuppertal.yaml"])
    reference = str(REFERENCES / "wuppertal_2021.txt")
    base = ["--land", "nrw", "--jahr", "2021"]
    code, output = _import(root, monkeypatch, reference, *base, "--traeger", "wupertal")
    assert code == 1
    assert "Träger 'wupertal' steht nicht in der Landesdatei" in output
    assert "meinten Sie 'wuppertal'" in output and "bekannt: borken" in output
    code, output = _import(root, monkeypatch, reference, "--land", "nrw")
    assert code == 1 and "braucht --jahr, --traeger" in output
    code, output = _import(root, monkeypatch, reference, "--land", "nrx", "--jahr", "2021",
                           "--traeger", "wuppertal")
    assert code == 1 and "nrx" in output and "nrw" in output
    prose = tmp_path / "roman.txt"
    prose.write_text("\n\n".join(
        f"Kapitel {n}. Es war einmal ein Müller, der hatte drei Söhne und eine Mühle am "
        f"Bach; der älteste Sohn bekam die Mühle, der zweite den Esel." for n in range(40)),
        encoding="utf-8")
    code, output = _import(root, monkeypatch, str(prose), *base, "--traeger", "wuppertal")
    assert code == 1 and "kein Baustein des Standardtexts" in output
    not_zip = tmp_path / "kaputt.docx"
    not_zip.write_text("kein Word", encoding="utf-8")
    code, output = _import(root, monkeypatch, str(not_zip), *base, "--traeger", "wuppertal")
    assert code == 1 and "keine DOCX-Datei" in output
    code, output = _import(root, monkeypatch, reference, *base, "--traeger", "wuppertal",
                           "--force")
    assert code == 1 and "gelten nur für einen Rücklauf" in output
    assert not (root / "agreements/2021/nrw/wuppertal.yaml").exists()


def test_a_year_the_state_file_does_not_cover(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, [])
    state = root / "states/nrw.yaml"
    text = state.read_text(encoding="utf-8")
    state.write_text(text.replace("    bis: 2017-06-30\n    name: Ministerium für Arbeit, "
                                  "Integration", "    von: 2010-01-01\n    bis: 2017-06-30\n"
                                  "    name: Ministerium für Arbeit, Integration", 1),
                     encoding="utf-8")
    code, output = _import(root, monkeypatch, str(REFERENCES / "coesfeld_2014.txt"),
                           "--land", "nrw", "--jahr", "2009", "--traeger", "coesfeld")
    assert code == 1
    assert "deckt das Jahr 2009 nicht ab" in output and "MAIS NRW 01.01.2010" in output


def test_a_huge_text_ends_at_once_with_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, [])
    huge = tmp_path / "riesig.txt"
    page = "Seite {n}\n\nDie Vereinbarungspartner führen Zieldialoge.\n\f"
    huge.write_text("".join(page.format(n=n) for n in range(10_000)) * 3, encoding="utf-8")
    start = time.monotonic()
    code, output = _import(root, monkeypatch, str(huge), "--land", "nrw", "--jahr", "2021",
                           "--traeger", "kleve")
    assert code == 1 and "nichts geschrieben" in output
    assert time.monotonic() - start < 10


def _norm(data: object) -> str:
    """Data compared as zv reads it: dates and numbers as text, keys in any order."""
    return yaml.safe_dump(yaml.safe_load(yaml.safe_dump(data, default_style='"')),
                          sort_keys=True)


WUPPERTAL_VARIANTS = {
    # a woman signs: "Frau Oberbürgermeisterin" read back as the base title
    "frau": [("{titel: Oberbürgermeister, name: Prof. Dr. Uwe Schneidewind}",
              "{titel: Oberbürgermeister, name: Dr. Anna Beispiel, geschlecht: w}")],
    # other Kennzahlen, a negative value with a limit, an absolute number
    "ziele": [("      - kennzahl: K2\n        wert: 14,7\n",
               "      - kennzahl: K2E4\n        wert: -3,2\n        grenze: hoechstens\n"),
              ("wert: 15,4", "wert: 8"),
              ("      - kennzahl: integrationen_lzb\n        wert: 10",
               "      - kennzahl: K3E1\n        wert: 5,5\n      - kennzahl: integrationen_lzb\n"
               "        wert: 12,5\n        absolut: 60"),
              ("ministerium: {datum: 21.12.20}",
               "ministerium: {datum: 15.01.2021, in_vertretung: true}")],
}


@pytest.mark.parametrize("variant", sorted(WUPPERTAL_VARIANTS))
def test_a_variant_comes_back_with_the_same_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
    """An agreement zv renders (Markdown, as a signed text), removed and imported again,
    has the same persons, targets and signatures."""
    name = "agreements/2021/nrw/wuppertal.yaml"
    root = _project(tmp_path, [])
    text = (root / name).read_text(encoding="utf-8")
    for old, new in WUPPERTAL_VARIANTS[variant]:
        assert old in text
        text = text.replace(old, new)
    (root / name).write_text(text, encoding="utf-8")
    signed = tmp_path / "unterschrieben.md"
    signed.write_bytes(api.render(root / name, ("md",))["md"])
    (root / name).unlink()
    code, output = _import(root, monkeypatch, str(signed), "--land", "nrw", "--jahr", "2021",
                           "--traeger", "wuppertal", "--write")
    assert code == 0, output
    before = yaml.safe_load(text)
    after = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    for key in ("vertretung", "ziele", "unterzeichnung"):
        assert _norm(after[key]) == _norm(before[key]), key


def test_a_budget_and_the_state_s_year_text_come_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Niedersachsen 2023 (no Muster of its own): the budget amounts, the year's text of
    the conditions (carried from Muster 2020 and rewritten) and the signatures."""
    name = "agreements/2023/niedersachsen/emsland.yaml"
    root = _project(tmp_path, [])
    signed = tmp_path / "emsland.md"
    signed.write_bytes(api.render(root / name, ("md",))["md"])
    before = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    (root / name).unlink()
    code, output = _import(root, monkeypatch, str(signed), "--land", "niedersachsen",
                           "--jahr", "2023", "--traeger", "emsland", "--write")
    assert code == 0, output
    after = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    assert after["haushalt"] == {"verwaltungskosten": 10_000_000, "eingliederung": 6_250_000}
    assert after["rahmenbedingungen"] == before["rahmenbedingungen"]
    assert _norm(after["unterzeichnung"]) == _norm({
        "ms": {"datum": "15.12.2022", "in_vertretung": True},
        "traeger": {"datum": "01.12.2022"}})
    assert after["vertretung"]["traeger"]["name"] == "Max Mustermann"
    assert _norm(after["ziele"]["integration"]) == _norm(before["ziele"]["integration"])


def test_an_older_agreement_s_own_targets_and_paragraphs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Coesfeld 2014 (MAIS era): a level target with its base, a statement of its own,
    the goals' own targets as lists and a goal's own paragraph, each in its field."""
    name = "agreements/2014/nrw/coesfeld.yaml"
    root = _project(tmp_path, [name])
    code, output = _import(root, monkeypatch, str(REFERENCES / "coesfeld_2014.txt"), "--land",
                           "nrw", "--jahr", "2014", "--traeger", "coesfeld", "--write")
    assert code == 0, output
    data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    before = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    ziele = data["ziele"]
    k2 = ziele["integration"]["zielwerte"][0]
    assert (k2["kennzahl"], k2["art"], str(k2["basis"]), str(k2["wert"])) == (
        "K2", "niveau", "22,5", "25,4")
    assert ziele["langzeitbezug"]["zielwerte"][0]["aussage"] == "fast unverändert bleibt"
    for goal in ("hilfebeduerftigkeit", "integration", "langzeitbezug"):
        assert [" ".join(z.split()) for z in ziele[goal]["eigene_ziele"]] == [
            " ".join(z.split()) for z in before["ziele"][goal]["eigene_ziele"]], goal
    assert " ".join(ziele["hilfebeduerftigkeit"]["text"].split()) == " ".join(
        before["ziele"]["hilfebeduerftigkeit"]["text"].split())


def test_further_goals_come_back_in_their_fields(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Heidekreis 2020: the two further goals (heading, paragraph, steps, "erreicht,
    wenn") and the budget are read into `ziele.weitere` and `haushalt`; no clause text."""
    name = "agreements/2020/niedersachsen/heidekreis.yaml"
    root = _project(tmp_path, [name])
    code, output = _import(root, monkeypatch, str(REFERENCES / "heidekreis_2020.txt"),
                           "--land", "niedersachsen", "--jahr", "2020", "--traeger",
                           "heidekreis", "--write")
    assert code == 0, output
    data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    before = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))

    def words(goal: dict[str, object]) -> dict[str, object]:
        return {k: " ".join(str(v).split()) if isinstance(v, str)
                else [" ".join(x.split()) for x in v] for k, v in goal.items()}

    assert [words(g) for g in data["ziele"]["weitere"]] == [
        words(g) for g in before["ziele"]["weitere"]]
    assert data["haushalt"] == {"verwaltungskosten": 8_793_355, "eingliederung": 7_795_364}
    assert "bausteine" not in data
