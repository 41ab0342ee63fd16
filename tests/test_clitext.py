"""Every word of Click's own a clerk reads is German."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli.main import main

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Show the version",
           "No such command", "No such option", "[default:", "Missing argument", "Error:",
           "Try '", "INTEGER", "is not a valid", "Got unexpected extra")


@pytest.mark.parametrize("args", [
    ["--help"], ["render", "--help"], ["check", "--help"], ["diff", "--help"],
    ["schema", "--help"], ["gibtsnicht"], ["render"], ["render", "--gibtsnicht", "x"],
    ["render", "x", "-j", "abc"], ["render", "x", "-j", "0"], ["diff", "a"],
    ["diff", "a", "b", "--format", "pdf"], ["schema", "zuviel"],
])
def test_click_speaks_german(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for word in ENGLISH:
        assert word not in result.output, (word, result.output)
    assert "Aufruf:" in result.output or "Fehler:" in result.output
