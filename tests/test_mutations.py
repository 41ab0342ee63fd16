"""Mutation property test: an agreement file changed at random (a value swapped for a
hostile one, a line dropped, doubled or indented, a stray YAML character) is either in
order or refused with a ZvError; never a traceback, never slow. ZV_HYPOTHESIS sets the
number of variants (default 25)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import api
from generator.errors import ZvError

from .conftest import AGREEMENTS

VALUES = ["", "0", "-1", "true", "null", "[]", "{}", '""', "1e999", "x", "2021-02-31",
          '"\\u2028# X"', "99999999999999999999", "[1, 2]", "{a: 1}", "'&*'", ".nan",
          "12:30", "0x1F", '"a\\rb"', "!foo x", "&a [*a]", "<<: {a: 1}", '"\\0"',
          '"[x](ms-msdt:x)"', "1e-999999999", "~", "-0,0", '"1.000.000,5"']
STRAY = "\t:-[]{}&*!|>#'\"%@`,"

mutation = st.tuples(st.integers(min_value=0, max_value=10_000),
                     st.sampled_from(["value", "drop", "double", "indent", "stray"]),
                     st.sampled_from(VALUES), st.sampled_from(STRAY),
                     st.integers(min_value=0, max_value=200))


def _mutate(lines: list[str], change: tuple[int, str, str, str, int]) -> None:
    index, kind, value, stray, column = change
    i = index % len(lines)
    line = lines[i]
    if kind == "value" and ":" in line:
        lines[i] = line.split(":")[0] + ": " + value
    elif kind == "drop":
        del lines[i]
    elif kind == "double":
        lines.insert(i, line)
    elif kind == "indent":
        lines[i] = " " + line
    else:
        at = column % (len(line) + 1)
        lines[i] = line[:at] + stray + line[at:]


@settings(max_examples=int(os.environ.get("ZV_HYPOTHESIS", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(AGREEMENTS), changes=st.lists(mutation, min_size=1,
                                                             max_size=3))
def test_mutated_agreement_is_rendered_or_refused(source: Path,
                                                  changes: list[tuple[int, str, str, str, int]],
                                                  tmp_path_factory: pytest.TempPathFactory,
                                                  ) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    for change in changes:
        if lines:
            _mutate(lines, change)
    # Outside any project: zv's own states/ and templates/ apply, as for the original.
    folder = tmp_path_factory.mktemp("mutation")
    file = folder / source.name
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    try:
        api.render(file, ("md", "html", "docx"))
    except ZvError as exc:
        assert str(exc).strip(), "leere Fehlermeldung"
    assert time.monotonic() - started < 10
