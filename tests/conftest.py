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
}

# Agreements whose text is mostly the state's standard text, so that the agreement file
# holds at most a quarter of it. Coesfeld 2014 is not among them: about 3,500 of its
# 10,700 characters are the jobcenter's own targets (lists under goals I-IV), which are
# local by nature and cannot honestly live in the state file.
DATA_SHARE_CHECKED = ["agreements/2021/nrw/wuppertal.yaml",
                      "agreements/2020/niedersachsen/heidekreis.yaml"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def soffice() -> str | None:
    """LibreOffice; on CI its absence is an error, not a reason to skip."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) fehlt: .ci/run muss es installieren")
    return found
