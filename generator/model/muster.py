"""The standard text as named clauses (Bausteine): a family's base text
(templates/<familie>/bausteine.yaml), a year's Muster (states/<land>/<jahr>.yaml) and an
agreement's own changes (its `bausteine:` section).

A clause text of a family or a Muster is a small Jinja template (placeholders such as
{{ traeger|dat }}); a clause text of an agreement is finished Markdown and inserted as it
is, because what a clerk writes is data, never a template.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from .values import Base, Markdown, Text, xml_safe


def _text_only(value: Any) -> Any:
    """`name: "Text"` is short for `name: {text: "Text"}`."""
    return {"text": value} if isinstance(value, str) else value


def _vorlage(value: str) -> str:
    if not value.strip():
        raise ValueError("leerer Text; einen Baustein entfernt 'streichen: true'")
    return xml_safe(value)


Vorlagentext = Annotated[str, AfterValidator(_vorlage)]
# A Muster's name: its file name without .yaml, "2021" or "2016-ge"; a bare year is fine.
MusterName = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]


class Baustein(Base):
    """Ein Baustein des Standardtexts einer Vorlagenfamilie."""

    text: Vorlagentext = Field(description="Markdown mit Platzhaltern wie {{ traeger|dat }}")
    wenn: Text | None = Field(None, description="Bedingung: der Baustein erscheint nur, wenn "
                              "dieser Wert gesetzt ist, z. B. 'praeambel.schwerpunkte'")


class _Aenderung(Base):
    vor: Text | None = Field(None, description="neuer oder verschobener Baustein steht vor "
                             "diesem Baustein")
    nach: Text | None = Field(None, description="... steht nach diesem Baustein")
    streichen: bool = Field(False, description="true: der Baustein entfällt")

    @model_validator(mode="after")
    def _one_place(self) -> _Aenderung:
        if self.vor is not None and self.nach is not None:
            raise ValueError("nur eines von 'vor' und 'nach' angeben")
        if self.streichen and (self.vor or self.nach or getattr(self, "text", None)):
            raise ValueError("'streichen: true' steht allein (ohne text, vor, nach)")
        return self


class MusterBaustein(_Aenderung):
    """Änderung eines Bausteins in einem Muster: neuer Text, neue Stelle, neu oder gestrichen."""

    text: Vorlagentext | None = Field(None, description="neuer Text (Markdown mit "
                                      "Platzhaltern)")
    wenn: Text | None = Field(None, description="Bedingung, wie im Standardtext")


class EigenerBaustein(_Aenderung):
    """Abweichung einer einzelnen Vereinbarung vom Standardtext: fertiger Text (Markdown,
    ohne Platzhalter), neue Stelle, neu oder gestrichen."""

    text: Markdown | None = Field(None, description="eigener Text (Markdown)")


ZaehlerArt = Literal["arabisch", "roemisch", "buchstabe"]


def _zaehlermuster(value: str) -> str:
    if value.count("{}") != 1 or value.replace("{}", "").count("{"):
        raise ValueError(f"'{value}': das Muster braucht genau ein '{{}}' für die Zahl "
                         "(z. B. '§ {}' oder '({})')")
    return value


class ZaehlerAngabe(Base):
    """Ein Zähler für Nummern im Text: '§ {}', '({})', '{}.'."""

    muster: Annotated[Text, AfterValidator(_zaehlermuster)] = Field(
        description="Form der Nummer, {} steht für die Zahl, z. B. '§ {}'")
    art: ZaehlerArt = Field("arabisch", description="arabisch, roemisch oder buchstabe")
    neu_mit: Text | None = Field(None, description="beginnt wieder bei 1, wenn dieser "
                                 "Zähler weiterzählt (z. B. Absätze je Paragraf)")


def _zaehler(value: Any) -> Any:
    return {"muster": value} if isinstance(value, str) else value


def _known_counters(zaehler: dict[str, ZaehlerAngabe]) -> dict[str, ZaehlerAngabe]:
    for name, spec in zaehler.items():
        if spec.neu_mit is not None and spec.neu_mit not in zaehler:
            raise ValueError(f"{name}.neu_mit: unbekannter Zähler '{spec.neu_mit}' "
                             f"(bekannt: {', '.join(zaehler)})")
    return zaehler


class Familientext(Base):
    """Der Standardtext einer Vorlagenfamilie: templates/<familie>/bausteine.yaml."""

    beschreibung: Text | None = None
    variablen: dict[str, Text] = Field(
        default_factory=dict, description="Werte, die alle Bausteine nutzen, als Ausdruck "
        "(Jinja), in dieser Reihenfolge berechnet")
    zaehler: Annotated[dict[str, Annotated[ZaehlerAngabe, BeforeValidator(_zaehler)]],
                       AfterValidator(_known_counters)] = Field(
        default_factory=dict, description="Zähler für Nummern, z. B. 'paragraf: \"§ {}\"'")
    bausteine: dict[str, Annotated[Baustein, BeforeValidator(_text_only)]] = Field(
        min_length=1, description="die Bausteine in der Reihenfolge des Dokuments")


class Muster(Base):
    """Die Mustervereinbarung eines Jahres: states/<land>/<jahr>.yaml. Sie nennt nur, was
    sich gegenüber ihrer Grundlage (dem Muster davor oder dem Standardtext der Familie)
    ändert."""

    beschreibung: Text | None = Field(None, description="wofür dieses Muster steht")
    grundlage: MusterName | None = Field(
        None, description="Name des Musters, auf dem dieses aufbaut (z. B. '2021'), oder "
        "'familie' für den Standardtext der Familie; Standard: das letzte frühere Muster")
    bausteine: dict[str, Annotated[MusterBaustein, BeforeValidator(_text_only)]] = Field(
        default_factory=dict, description="geänderte, neue, verschobene oder gestrichene "
        "Bausteine, in dieser Reihenfolge angewandt")
    werte: dict[str, Any] = Field(
        default_factory=dict, description="Angaben für alle Vereinbarungen dieses Jahres "
        "(Felder wie in einer Vereinbarung); eine Vereinbarung kann jede überschreiben")
