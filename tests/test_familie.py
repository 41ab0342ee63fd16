"""Family settings (templates/<family>/familie.yaml): which parties an agreement has."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli.main import main

from .conftest import ROOT

FAMILY = """bausteine:
  parteien: |
    {% for p in parteien %}
    PARTEI {{ p.schluessel }}: {{ p|nom }}, vertreten durch {{ p.person|vertreten }}

    {% endfor %}
  unterschriften: |
    {% for p in unterzeichner %}
    UNTERSCHRIFT {{ p.schluessel }}

    {% endfor %}
"""

AGREEMENT = """land: nrw
jahr: 2016
familie: vorort
traeger: {name: Stadt Beispiel, genus: f, ort: Beispiel}
partner:
  agentur: {name: Agentur für Arbeit Beispiel, genus: f}
  jobcenter: {name: Jobcenter Beispiel, genus: n}
vertretung:
  traeger: {titel: Bürgermeister, name: A. A.}
  agentur: {funktion: Geschäftsführer, name: B. B., geschlecht: w}
  jobcenter: {funktion: Geschäftsführer}
zusammenarbeit: {steuerungsdialoge: 2}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "states").mkdir()
    shutil.copy(ROOT / "states" / "nrw.yaml", tmp_path / "states" / "nrw.yaml")
    (tmp_path / "templates" / "vorort").mkdir(parents=True)
    (tmp_path / "templates" / "_base").symlink_to(ROOT / "templates" / "_base")
    (tmp_path / "templates" / "vorort" / "bausteine.yaml").write_text(FAMILY, encoding="utf-8")
    (tmp_path / "templates" / "vorort" / "familie.yaml").write_text(
        "ministerien_als_partei: false\npartner: [agentur, jobcenter]\n"
        "unterschriften: [jobcenter]\n", encoding="utf-8")
    return tmp_path


def _write(project: Path, text: str) -> Path:
    file = project / "vereinbarung.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def test_partners_follow_the_traeger_without_ministries(project: Path) -> None:
    text = api.render(_write(project, AGREEMENT), ["md"])["md"].decode("utf-8")
    assert "Ministerium" not in text
    assert [line.split(":")[0] for line in text.splitlines() if line.startswith("PARTEI")] == [
        "PARTEI traeger", "PARTEI agentur", "PARTEI jobcenter"]
    assert "die Stadt Beispiel, vertreten durch Herrn Bürgermeister A. A." in text
    assert "die Agentur für Arbeit Beispiel, vertreten durch die Geschäftsführerin Frau B. B." in (
        text)
    assert "das Jobcenter Beispiel, vertreten durch den Geschäftsführer" in text
    signing = [line for line in text.splitlines() if line.startswith("UNTERSCHRIFT")]
    assert signing == ["UNTERSCHRIFT jobcenter", "UNTERSCHRIFT traeger", "UNTERSCHRIFT agentur"]


def test_required_partner_missing(project: Path) -> None:
    text = AGREEMENT.replace("  jobcenter: {name: Jobcenter Beispiel, genus: n}\n", "")
    file = _write(project, text.replace("  jobcenter: {funktion: Geschäftsführer}\n", ""))
    result = CliRunner().invoke(main, ["check", str(file)])
    assert result.exit_code == 1
    assert "vereinbarung.yaml:5:1: partner: es fehlt der Partner 'jobcenter'" in result.output
    assert "die Vorlagenfamilie verlangt: agentur, jobcenter" in result.output


def test_partner_needs_a_representative_and_a_free_key(project: Path) -> None:
    file = _write(project, AGREEMENT.replace("  jobcenter: {funktion: Geschäftsführer}\n", "")
                  .replace("partner:\n", "partner:\n  traeger: {name: X, genus: m}\n"))
    result = CliRunner().invoke(main, ["check", str(file)])
    assert result.exit_code == 1
    assert "es fehlt, wer die Partei 'jobcenter' vertritt" in result.output
    assert "partner.traeger: Schlüssel 'traeger' ist schon vergeben" in result.output


def test_bad_family_settings_name_their_file(project: Path) -> None:
    (project / "templates" / "vorort" / "familie.yaml").write_text(
        "ministerien_als_partei: vielleicht\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(_write(project, AGREEMENT))])
    assert result.exit_code == 1
    assert "familie.yaml:1:" in result.output and "ministerien_als_partei" in result.output


def test_family_without_settings_keeps_the_ministries(project: Path) -> None:
    (project / "templates" / "vorort" / "familie.yaml").unlink()
    text = api.render(_write(project, AGREEMENT), ["md"])["md"].decode("utf-8")
    assert text.index("PARTEI ministerium") < text.index("PARTEI traeger")
