"""The reference agreements are reproduced in every format at word level."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import api

from .conftest import DATA, DATA_SHARE_CHECKED, REFERENCES, ROOT
from .similarity import differences, similarity, text_of

THRESHOLD = 0.97


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    for name in REFERENCES:
        file = ROOT / name
        api.write_outputs(file, api.render(file, ["md", "html", "docx"]), out)
    return {name: out for name in REFERENCES}


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_reference_reproduced(name: str, fmt: str, rendered: dict[str, Path]) -> None:
    file = ROOT / name
    output = api.output_path(file, rendered[name], fmt)
    reference = (DATA / "references" / REFERENCES[name]).read_text(encoding="utf-8")
    text = text_of(output)
    ratio = similarity(reference, text)
    assert ratio >= THRESHOLD, f"{name} ({fmt}): {ratio:.4f}\n" + "\n".join(
        differences(reference, text))


def test_data_share_of_agreement_file() -> None:
    """What a clerk writes is a small part of the text: the rest is standard text and the
    year's Muster."""
    import yaml

    def strings(value: object) -> int:
        if isinstance(value, str):
            return len(value)
        if isinstance(value, dict):
            return sum(strings(v) for v in value.values())
        if isinstance(value, list):
            return sum(strings(v) for v in value)
        return 0

    for name, limit in DATA_SHARE_CHECKED.items():
        file = ROOT / name
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        rendered = api.render(file, ["md"])["md"].decode("utf-8")
        share = strings(data) / len(rendered)
        assert share <= limit, f"{name}: {share:.3f}"
