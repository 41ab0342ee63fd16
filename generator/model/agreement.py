"""The agreement file: only what this agreement adds to its state and Muster."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from .muster import EigenerBaustein, MusterName, _text_only
from .parties import Organisation, Person, TraegerAngabe, Unterschrift
from .targets import KennzahlText, Ziele
from .values import Base, Genus, Markdown, MarkdownZeile, Text, Zahl


def _als_liste(value: Any) -> Any:
    """One text or a list of texts."""
    return [value] if isinstance(value, str) else value


def _traeger(value: Any) -> Any:
    return {"schluessel": value} if isinstance(value, str) else value



class Schwerpunkte(Base):
    """Ein Dokument, auf das der Text verweist: Titel mit Genus und Zahl, damit der Artikel
    stimmt ('den „Gemeinsamen Schwerpunkten …“', 'der „Gemeinsamen Planung …“')."""

    titel: Text = Field(description="Titel des Dokuments in der Form, in der er im Satz "
                        "steht (z. B. im Dativ nach 'tragen … Rechnung')")
    genus: Genus | None = Field(None, description="grammatisches Geschlecht des Titels: m, "
                                "f, n (für den Artikel; nicht nötig bei mehrzahl: true)")
    mehrzahl: bool = Field(False, description="true, wenn der Titel in der Mehrzahl steht "
                           "('Schwerpunkte')")

    @model_validator(mode="after")
    def _article_known(self) -> Schwerpunkte:
        if self.genus is None and not self.mehrzahl:
            raise ValueError("für den Artikel vor dem Titel 'genus' (m, f, n) oder "
                             "'mehrzahl: true' angeben")
        return self
    zusatz: MarkdownZeile | None = Field(None, description="Sätze, die an diesen Absatz "
                                         "anschließen")


class Landesschwerpunkt(Base):
    titel: Text
    text: Markdown


class Praeambel(Base):
    schwerpunkte: Schwerpunkte | None = None
    landesschwerpunkte: list[Landesschwerpunkt] = Field(
        default_factory=list, description="Schwerpunkte der Arbeitsmarkt- und "
        "Integrationspolitik des Landes im Jahr; zv nummeriert sie")
    absaetze: list[Markdown] = Field(default_factory=list,
                                     description="weitere Absätze am Ende der Präambel")


class Zusammenarbeit(Base):
    steuerungsdialoge: int = Field(strict=True, ge=1, le=12,
                                   description="Zahl der Steuerungsdialoge im Jahr")
    zusatz: MarkdownZeile | None = Field(None, description="Sätze am Ende des Absatzes über "
                                         "die Steuerungsdialoge")
    absaetze: list[Markdown] = Field(default_factory=list, description="weitere Absätze")


class Haushalt(Base):
    """Die Haushaltsmittel des Trägers im Jahr; das Gesamtbudget berechnet zv daraus."""

    verwaltungskosten: Zahl = Field(ge=0, description="Verwaltungskosten in Euro, z. B. "
                                    "8793355 oder '8.793.355'")
    eingliederung: Zahl = Field(ge=0, description="Leistungen zur Eingliederung in Arbeit "
                                "in Euro")
    gesamt_mio: Zahl | None = Field(
        None, ge=0, description="Gesamtbudget in Mio. Euro, wie es im Text stehen soll "
        "(z. B. 16,6). Meist weglassen: zv berechnet es als Summe der beiden Beträge; steht "
        "es hier, warnt 'zv check', wenn es nicht zur Summe passt")
    quelle: Text | None = Field(
        None, description="woher das Gesamtbudget stammt, im Dativ nach 'laut', z. B. "
        "'Bundeshaushalt 2021'; Standard der Vorlage")


class Aenderung(Base):
    """Die letzte Änderung einer Rechtsverordnung, wie die Vereinbarung sie zitiert."""

    durch: Text = Field("Artikel 1", description="ändernde Vorschrift, z. B. 'Artikel 1'")
    datum: dt.date = Field(description="Datum der ändernden Verordnung (JJJJ-MM-TT)")
    fundstelle: Text = Field(description="Fundstelle, z. B. 'BGBl. I S. 339'")


class Agreement(Base):
    """Eine Zielvereinbarung: nur, was diese Vereinbarung von der Landesvorlage unterscheidet."""

    land: str = Field(description="Landesdatei unter states/, z. B. 'nrw'")
    jahr: int = Field(ge=2005, le=2100, description="Jahr, für das die Ziele gelten")
    familie: str | None = Field(None, description="Vorlagenfamilie unter templates/; "
                                "Standard aus der Landesdatei")
    status: Literal["entwurf", "endfassung"] = Field(
        "endfassung", description="'entwurf': jede Seite trägt ENTWURF, die Fußzeile "
        "'Entwurf, Stand …'; 'endfassung' (Standard): die unterschriebene Fassung")
    stand: dt.date | None = Field(None, description="Stand eines Entwurfs (JJJJ-MM-TT) für "
                                  "die Fußzeile; 'zv next' setzt das Tagesdatum")
    stichtag: dt.date | None = Field(None, description="Tag, nach dem Ministerium und "
                                     "Vertretung bestimmt werden; Standard: 1. Januar des Jahres")
    kurzname: Text | None = Field(None, max_length=200,
                                  description="Kurzname in der Fußzeile")
    traeger: Annotated[TraegerAngabe, BeforeValidator(
        _traeger, json_schema_input_type=str | TraegerAngabe)] = Field(
        description="Schlüssel des Trägers in der Landesdatei (z. B. 'wuppertal') oder "
        "Abschnitt mit name, genus, ort")
    jobcenter: Organisation | None = Field(None, description="Standard: 'Jobcenter' + Genitiv "
                                           "des Trägers")
    vertretung: dict[str, Person] = Field(
        default_factory=dict, description="wer jede Partei vertritt: 'traeger' und die "
        "Schlüssel der Ministerien")
    praeambel: Praeambel = Field(default_factory=Praeambel)
    ziele: Ziele = Field(default_factory=Ziele)
    zusammenarbeit: Zusammenarbeit | None = Field(
        None, description="Zusammenarbeit und Steuerungsdialoge; steuerungsdialoge ist "
        "Pflicht, wenn die Landesdatei (vorgaben) keinen Wert liefert")
    muster: MusterName | None = Field(
        None, description="Name des Musters unter states/<land>/, z. B. '2021'; Standard: "
        "das Muster des Jahres oder das letzte frühere")
    bausteine: dict[str, Annotated[EigenerBaustein, BeforeValidator(_text_only)]] = Field(
        default_factory=dict, description="Abweichungen vom Standardtext: Baustein ersetzen "
        "(name: Text), einfügen (name: {nach: anderer, text: ...}), verschieben oder "
        "streichen (name: {streichen: true}); die Namen zeigt 'zv bausteine'")
    kennzahlen: dict[str, KennzahlText] = Field(
        default_factory=dict, description="Ergänzungen zum Kennzahlenkatalog der Landesdatei, "
        "z. B. andere Satzformen eines Jahrgangs")
    unterzeichnung: dict[str, Unterschrift] = Field(
        default_factory=dict, description="Ort und Datum je Partei")
    rahmenbedingungen: Annotated[list[Markdown], BeforeValidator(_als_liste)] = Field(
        default_factory=list, description="Rahmenbedingungen des Jahres (Arbeitsmarkt, "
        "Konjunktur) als Absätze in Markdown, ein Text oder eine Liste; Überschriften darin "
        "mit '#', zv setzt sie auf die passende Ebene; die Vorlage ergänzt ihre Standardtexte")
    haushalt: Haushalt | None = Field(None, description="Haushaltsmittel des Jahres in Euro")
    kennzahlenverordnung: Aenderung | None = Field(
        None, description="letzte Änderung der Verordnung zur Festlegung der Kennzahlen nach "
        "§ 48a SGB II, wie sie zitiert wird; Standard aus der Landesdatei")
    partner: dict[str, Organisation] = Field(
        default_factory=dict, description="weitere Vertragsparteien nach dem Träger, in "
        "dieser Reihenfolge, z. B. 'agentur' und 'jobcenter' einer gemeinsamen Einrichtung; "
        "der Schlüssel gilt auch in 'vertretung' und 'unterzeichnung'")
