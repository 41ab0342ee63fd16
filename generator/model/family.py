"""A template family's settings: templates/<familie>/familie.yaml."""

from __future__ import annotations

from pydantic import Field

from .values import Base


class Familie(Base):
    """Einstellungen einer Vorlagenfamilie: templates/<familie>/familie.yaml (optional)."""

    ministerien_als_partei: bool = Field(
        True, description="die Ministerien der Landesdatei sind Vertragsparteien (zkT); "
        "false für Vereinbarungen vor Ort (gemeinsame Einrichtung)")
    partner: list[str] = Field(
        default_factory=list, description="Schlüssel, die unter 'partner' jeder "
        "Vereinbarung der Familie stehen müssen")
    unterschriften: list[str] = Field(
        default_factory=list, description="Reihenfolge der Unterschriften nach Schlüsseln; "
        "nicht genannte Parteien folgen in der Reihenfolge der Parteien")
