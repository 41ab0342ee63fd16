"""Property test: valid variants of an agreement all render, the DOCX opens, and every
target value and the signatory's name appear in its text. ZV_HYPOTHESIS=500 tries more
variants than the default 12."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import api

from .conftest import ROOT

BASE = yaml.safe_load((ROOT / "agreements" / "2021" / "nrw" / "wuppertal.yaml")
                      .read_text(encoding="utf-8"))
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ&<>'\"-.",
               min_size=1, max_size=12)
# One decimal place, not zero (zero has its own sentence, "+/- 0").
VALUE = st.integers(min_value=-999, max_value=999).filter(bool).map(
    lambda n: Decimal(n).scaleb(-1))


def _german(value: Decimal) -> str:
    return f"{abs(value):.1f}".replace(".", ",")


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@settings(max_examples=int(os.environ.get("ZV_HYPOTHESIS", "12")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(VALUE, min_size=5, max_size=5),
       name=st.lists(WORD, min_size=1, max_size=3).map(" ".join),
       dialoge=st.integers(min_value=1, max_value=12))
def test_valid_variants_render_with_every_value(values: list[Decimal], name: str,
                                                dialoge: int, tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(yaml.safe_dump(BASE))
    targets = [z for ziel in data["ziele"].values() for z in ziel.get("zielwerte", [])]
    assert len(targets) == len(values)
    for target, value in zip(targets, values, strict=True):
        target["wert"] = _german(value) if value > 0 else "-" + _german(value)
    data["vertretung"]["traeger"]["name"] = name
    data["zusammenarbeit"] = {"steuerungsdialoge": dialoge}
    file = tmp_path / "variante.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outputs = api.render(file, ("md", "docx"))
    text = _docx_text(outputs["docx"])
    for value in values:
        assert _german(value) in text, (value, text[:2000])
    assert name in text
