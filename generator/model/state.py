"""The state file: states/<land>.yaml."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .parties import Ministerium, Organisation
from .targets import KennzahlText
from .values import Base, Text


class Vorgabe(Base):
    """Werte, die für alle Vereinbarungen der genannten Jahre gelten."""

    von_jahr: int | None = None
    bis_jahr: int | None = None
    familie: str | None = Field(None, description="gilt nur für Vereinbarungen dieser "
                                "Vorlagenfamilie (z. B. 'nrw', nicht für 'ge')")
    werte: dict[str, Any] = Field(description="Felder wie in einer Vereinbarung")


class State(Base):
    """Die Landesdatei: Fakten eines Landes, die für alle Vereinbarungen gelten."""

    name: Text = Field(description="Name des Landes, z. B. 'Nordrhein-Westfalen'")
    kurz: Text = Field(description="Kürzel, z. B. 'NRW'")
    familie: str = Field(description="Standard-Vorlagenfamilie unter templates/")
    ministerien: list[Ministerium]
    traeger: dict[str, Organisation] = Field(description="zugelassene kommunale Träger")
    kennzahlen: dict[str, KennzahlText] = Field(default_factory=dict)
    vorgaben: list[Vorgabe] = Field(default_factory=list)
