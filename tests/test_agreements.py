"""Every agreement file in the repository renders in every format."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from generator import api

from .conftest import AGREEMENTS, ROOT


@pytest.mark.parametrize("file", AGREEMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_agreement_renders(file: Path) -> None:
    outputs = api.render(file, ["md", "html", "docx"])
    text = outputs["md"].decode("utf-8")
    assert "# Vereinbarung" in text
    assert outputs["html"].startswith(b"<!DOCTYPE html>")
    doc = Document(io.BytesIO(outputs["docx"]))
    assert any(p.text.strip() for p in doc.paragraphs)


def test_output_path_mirrors_agreements(tmp_path: Path) -> None:
    file = ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml"
    assert api.output_path(file, tmp_path, "docx") == tmp_path / "2021/nrw/wuppertal.docx"
    assert api.output_path(tmp_path / "x" / "kopie.yaml", tmp_path / "o", "md") == (
        tmp_path / "o" / "kopie.md")
