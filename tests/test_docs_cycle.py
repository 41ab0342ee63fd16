"""The docs of the yearly cycle: example files that exist, German help of new commands."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli.main import main

from .conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "DESIGN.md", *sorted((ROOT / "docs").glob("*.md"))]
# Files the guides tell the reader to make with `zv next` or `zv new` first.
MADE_BY_ZV_NEXT = {"agreements/2022/nrw/wuppertal.yaml", "agreements/2023/nrw/wuppertal.yaml",
                   "agreements/2024/nrw/kleve.yaml"}


def test_docs_name_only_agreement_files_that_exist() -> None:
    named = {m for doc in DOCS for m in re.findall(
        r"(?:agreements|docs/beispiele)/[\w/]+\.yaml", doc.read_text(encoding="utf-8"))}
    # docs/neuer-landesteil.md names the files of its example project
    example = ROOT / "docs" / "beispiele" / "neues-land"
    missing = sorted(n for n in named - MADE_BY_ZV_NEXT
                     if not (ROOT / n).is_file() and not (example / n).is_file())
    assert missing == []


def test_kleve_example_page_matches_its_file() -> None:
    page = (ROOT / "docs" / "beispiel.md").read_text(encoding="utf-8")
    block = re.search(r"## Die Datei `docs/beispiele/kleve_2022.yaml`\n\n```yaml\n(.*?)```",
                      page, re.S)
    assert block is not None
    file = ROOT / "docs" / "beispiele" / "kleve_2022.yaml"
    assert block.group(1) == file.read_text(encoding="utf-8")
    # no Muster 2022 exists: the example carries its year texts itself, and is told so
    assert [w.field for w in api.check(file)] == ["jahr", "unterzeichnung.ministerium"]


@pytest.mark.parametrize(("command", "words"), [
    ("next", "Legt die Entwürfe des nächsten Jahres"),
    ("table", "Schreibt alle Zielwerte"),
    ("fill", "Schreibt geänderte Werte aus einer Tabelle"),
    ("check", "Warnungen wie Fehler behandeln"),
    ("import", "Übernimmt ein Dokument in die Vereinbarungsdateien"),
])
def test_new_commands_have_german_help(runner: CliRunner, command: str, words: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert words in " ".join(result.output.split())
