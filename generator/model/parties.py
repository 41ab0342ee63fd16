"""Parties and people: organisations with their grammatical gender, ministries by period,
who represents and signs for them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .values import Base, Datum, Genus, Geschlecht, Name, Text

TRAEGER = "traeger"  # the party key of the Träger, beside the ministries and partners


class Person(Base):
    """Eine Person, die eine Partei vertritt und unterschreibt."""

    name: Name | None = Field(
        None, description="Name mit akademischem Grad, z. B. 'Dr. Edmund Heller'; darf fehlen, "
        "wenn titel oder funktion angegeben ist ('vertreten durch den Oberbürgermeister')")
    titel: Text | None = Field(
        None, description="Amtsbezeichnung in der Grundform, z. B. 'Landrat', 'Staatssekretär'; "
        "die weibliche Form ('Landrätin') bildet zv selbst")
    geschlecht: Geschlecht = Field("m", description="m oder w: bestimmt Anrede und Titel")
    funktion: Text | None = Field(
        None, description="Funktion in der Grundform, die mit Artikel vor der Anrede steht: "
        "'Geschäftsführer' ergibt 'den Geschäftsführer Herrn ...', 'Vorsitzender der "
        "Geschäftsführung' ergibt 'die Vorsitzende der Geschäftsführung Frau ...'")

    @model_validator(mode="after")
    def _named_somehow(self) -> Person:
        if self.name is None and self.titel is None and self.funktion is None:
            raise ValueError("name, titel oder funktion angeben")
        return self


class Zeitraum(Base):
    von: dt.date | None = Field(None, description="gilt ab diesem Tag (JJJJ-MM-TT)")
    bis: dt.date | None = Field(None, description="gilt bis einschließlich diesem Tag")

    def covers(self, day: dt.date) -> bool:
        return (self.von is None or self.von <= day) and (self.bis is None or day <= self.bis)


class PersonImZeitraum(Person, Zeitraum):
    """Eine Person, die in einem Zeitraum für ein Ministerium unterschreibt."""


class Organisation(Base):
    """Eine Vertragspartei oder Einrichtung mit ihrem grammatischen Geschlecht."""

    name: Name = Field(description="amtlicher Name, z. B. 'Stadt Wuppertal', 'Kreis Coesfeld'")
    genus: Genus = Field(description="grammatisches Geschlecht des Namens: m (der Kreis), "
                         "f (die Stadt), n (das Jobcenter)")
    genitiv: Text | None = Field(
        None, description="Genitiv ohne Artikel, nur wenn zv ihn falsch bildet "
        "(Standard: 'Kreises Coesfeld')")
    ort: Text | None = Field(None, description="Sitz, Standardort der Unterschrift")



class TraegerAngabe(Base):
    """Der Träger: ein Schlüssel der Landesdatei, dessen Angaben hier überschrieben werden
    können, oder ein vollständiger Eintrag."""

    schluessel: str | None = Field(None, description="Schlüssel in der Landesdatei")
    name: Name | None = None
    genus: Genus | None = None
    genitiv: Text | None = None
    ort: Text | None = None



class Ministerium(Organisation, Zeitraum):
    """Ein Ministerium des Landes in einem Zeitraum (Ressortzuschnitte ändern sich)."""

    schluessel: str = Field(description="Schlüssel der Partei in 'vertretung' und "
                            "'unterzeichnung' der Vereinbarung, z. B. 'ministerium'")
    kurz: Text = Field(description="Kurzbezeichnung, z. B. 'MAGS NRW'")
    name_kurz: Text | None = Field(
        None, description="Name mit abgekürztem Land, z. B. '... des Landes NRW'")
    vertretung: list[PersonImZeitraum] = Field(
        default_factory=list, description="wer in welchem Zeitraum unterschreibt")


class Unterschrift(Base):
    """Ort und Datum der Unterschrift einer Partei."""

    ort: Text | None = Field(None, description="Ort; Standard: Sitz der Partei")
    datum: Datum = Field(None, description="Datum als 21.12.2020, 2020-12-21 oder wie "
                         "geschrieben ('21.12.20'); leer lassen, wenn von Hand eingetragen")
    in_vertretung: bool = Field(False, description="'In Vertretung' über der Unterschrift")
