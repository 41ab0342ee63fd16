"""Computed figures: the budget total from its parts, and the check of a stated total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.model import figures
from generator.text import german


def test_budget_total_is_the_sum_rounded_as_the_text_does() -> None:
    b = figures.budget(Decimal(8793355), Decimal(7795364))
    assert b.summe == Decimal(16588719)
    assert b.stimmt
    assert german.mio_euro(b.gesamt, b.stellen) == "16,6 Mio. Euro"
    assert b.gesamt_mio == Decimal("16.6")


@pytest.mark.parametrize(("stated", "ok"), [
    ("16.6", True), ("16.59", True), ("16.55", False), ("17", True), ("16.7", False),
    ("16.589", True), ("16.588", False),
])
def test_stated_total_is_checked_to_its_own_places(stated: str, ok: bool) -> None:
    b = figures.budget(Decimal(8793355), Decimal(7795364), Decimal(stated))
    assert b.stimmt is ok
    # What the clerk states is what the text prints.
    assert b.gesamt_mio == Decimal(stated)
    assert german.mio_euro(b.gesamt, b.stellen) == german.zahl(Decimal(stated)) + " Mio. Euro"
