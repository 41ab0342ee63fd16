from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
AGREEMENTS = sorted((ROOT / "agreements").rglob("*.yaml"))

# Reference agreements and the agreement files that must reproduce them.
REFERENCES = {
    "agreements/2021/nrw/wuppertal.yaml": "wuppertal_2021.txt",
    "agreements/2014/nrw/coesfeld.yaml": "coesfeld_2014.txt",
    "agreements/2020/niedersachsen/heidekreis.yaml": "heidekreis_2020.txt",
    "agreements/2016/nrw/duesseldorf.yaml": "duesseldorf_2016.txt",
}

# Agreements whose text is mostly the state's standard text and the year's Muster, with
# the most of its own strings the agreement file may hold (a share of the rendered text):
# what a clerk writes for one agreement. Not among them, because their own local text is
# most of the document and cannot honestly live in a state file, Muster or template:
# - Coesfeld 2014: about 3,500 of 10,700 characters are the jobcenter's own targets
#   (lists under goals I-IV);
# - Düsseldorf 2016 (gE): about 21,000 of 26,000 characters are local analysis
#   (Rahmenbedingungen, strategies per target group), a share of 0.83.
DATA_SHARE_CHECKED = {"agreements/2021/nrw/wuppertal.yaml": 0.12,
                      "agreements/2020/niedersachsen/heidekreis.yaml": 0.25}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def soffice() -> str | None:
    """LibreOffice; on CI its absence is an error, not a reason to skip."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) fehlt: .ci/run muss es installieren")
    return found


def shown(text: str) -> str:
    """Text as a reader sees it: non-breaking spaces and hyphens as plain ones, the
    blank line written after "Ort, den" (a tab and a zero-width space) and the HTML's
    soft hyphens left out."""
    return (text.replace("\u00a0", " ").replace("\u2011", "-").replace("\u00ad", "")
            .rstrip(" \t\u200b"))
