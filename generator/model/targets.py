"""Targets: indicator sentences (Zielwert), figure targets (Zahlenziel), tables and the
goals of § 48b Abs. 3 SGB II that hold them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from .values import Base, Genus, Markdown, MarkdownZeile, Text, Zahl, _plain

Einheit = Literal["prozent", "prozentpunkte", "anzahl"]
Grenze = Literal["mindestens", "hoechstens"]
# Sentence forms are files (templates/<familie>/saetze/<name>.md.j2, then _base/saetze/):
# their names are checked against those folders when the agreement is built, not here.
Satz = Annotated[str, AfterValidator(_plain)]
Art = Literal["veraenderung", "niveau"]


class KennzahlText(Base):
    """Wie ein Ziel zu einer Kennzahl formuliert wird (Katalog der Landesdatei)."""

    titel: Text | None = Field(None, description="fette Überschrift des Zielwerts")
    subjekt: Text | None = Field(None, description="Satzsubjekt im Nominativ mit Artikel, "
                                 "z. B. 'die Integrationsquote'")
    genus: Genus | None = Field(None, description="grammatisches Geschlecht des Subjekts")
    satz: Satz | None = Field(None, description="Satzform des Zielsatzes: Name einer Datei "
                              "saetze/<name>.md.j2 der Vorlagen (siehe docs/felder.md)")
    kurz: Text | None = Field(None, description="Kennzahl in Klammern, z. B. 'K 2' ergibt "
                              "'(K 2 = 14,7 Prozent)'")
    einheit: Einheit | None = None
    genitiv: Text | None = Field(None, description="die Kennzahl im Genitiv für Sätze wie "
                                 "'Dies entspricht einer Veränderung der …'")
    text: Markdown | None = Field(None, description="Absatz vor dem Zielsatz (Markdown); im "
                                  "Katalog oder Muster eines Jahres für alle Vereinbarungen")


class Zielwert(KennzahlText):
    """Ein Zielwert: Kennzahl, Wert, Richtung ergibt sich aus dem Vorzeichen."""

    kennzahl: str = Field(description="Schlüssel im Kennzahlenkatalog der Landesdatei "
                          "(z. B. 'K2', 'K3', 'integrationen') oder eigener Name mit "
                          "titel/subjekt/genus/satz")
    wert: Zahl = Field(description="Veränderung gegenüber dem Vorjahr mit Vorzeichen: "
                       "15,4 steigt, -2,7 sinkt, 0 bleibt gleich")
    grenze: Grenze | None = Field(None, description="'mindestens' oder 'hoechstens' "
                                  "(nicht mehr als)")
    absolut: int | None = Field(None, description="absolute Zahl in Klammern, z. B. 60 "
                                "ergibt '(+ 60)'")
    art: Art = Field("veraenderung", description="'veraenderung': wert ist die Veränderung; "
                     "'niveau': wert ist der Zielwert selbst (z. B. Integrationsquote 25,4), "
                     "die Veränderung wird aus basis berechnet")
    basis: Zahl | None = Field(None, description="Ausgangswert (Vorjahreswert), z. B. 22,5 "
                               "oder Bestand 3.489")
    veraenderung: Zahl | None = Field(
        None, description="Veränderung in Prozent, nur bei art 'niveau': wird aus wert und "
        "basis berechnet; steht sie hier, prüft zv check sie nach")
    aussage: Text | None = Field(None, description="eigene Satzaussage statt der berechneten, "
                                 "z. B. 'fast unverändert bleibt'")


class Abschnittsteil(Base):
    """Ein Unterabschnitt eines freien Abschnitts (z. B. 'IV - A - Strategische Ziele')."""

    titel: Text
    text: Markdown | None = None
    ziele: list[MarkdownZeile] = Field(default_factory=list, description="Aufzählung")


# Sentence forms of figure targets (Zahlenziel); the gE family's templates word them.
ZahlenSatz = Satz
ZahlenEinheit = Literal["anzahl", "prozent"]


def _zelle(value: Any) -> Any:
    """Table cells are text; a bare YAML integer (2016) is taken as written."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Zelle = Annotated[str, BeforeValidator(_zelle), AfterValidator(_plain)]


class Zahlenziel(Base):
    """Ein Ziel mit Zahlen, die voneinander abhängen: Ausgangswert (Vorjahr), Zielwert und
    Veränderung in Prozent. Zwei der drei genügen, zv berechnet die dritte; stehen alle drei
    da, prüft zv, ob sie zueinander passen, und warnt sonst."""

    satz: ZahlenSatz = Field(description="Satzform (siehe docs/ge.md): 'vorhaben' (... hat "
                             "sich zum Ziel gesetzt, ...), 'erreicht' (Das Ziel ist erreicht, "
                             "wenn ...), 'zielgruppe' (Ziel ist es, ... zu steigern, indem ...)")
    subjekt: Text = Field(description="Satzsubjekt im Nominativ mit Artikel, z. B. 'die "
                          "Integrationsquote der Alleinerziehenden'")
    genus: Genus = Field(description="grammatisches Geschlecht des Subjekts")
    subjekt_akk: Text | None = Field(
        None, description="Subjekt im Akkusativ, nur wenn zv ihn falsch bildet")
    einheit: ZahlenEinheit = Field(
        "anzahl", description="Einheit von basis und ziel: 'anzahl' (899) oder 'prozent' "
        "(eine Quote wie 14,47 %); die Veränderung ist immer in Prozent")
    basis: Zahl | None = Field(None, description="Ausgangswert des Vorjahres, z. B. 873")
    ziel: Zahl | None = Field(None, description="Zielwert des Jahres, z. B. 899")
    veraenderung: Zahl | None = Field(
        None, description="Veränderung gegenüber dem Vorjahr in Prozent mit Vorzeichen, "
        "z. B. 3,0 oder -1,0")

    @model_validator(mode="after")
    def _two_of_three(self) -> Zahlenziel:
        given = [f for f in ("basis", "ziel", "veraenderung") if getattr(self, f) is not None]
        if len(given) < 2:
            raise ValueError("mindestens zwei von basis, ziel und veraenderung angeben")
        if self.einheit == "anzahl":
            for name in ("basis", "ziel"):
                value = getattr(self, name)
                if value is not None and value != value.to_integral_value():
                    raise ValueError(
                        f"{name}: eine Anzahl hat keine Nachkommastellen ({value}); "
                        "Tausenderpunkt? Dann 32224 oder '32.224' (in Anführungszeichen) "
                        "schreiben")
        return self


class Tabelle(Base):
    """Eine Tabelle mit einer oder mehreren Kopfzeilen. Eine leere Kopfzelle setzt die
    Zelle darüber fort (in der ersten Kopfzeile: die Zelle links daneben)."""

    kopf: list[list[Zelle]] = Field(min_length=1, description="Kopfzeilen, jede eine Liste "
                                    "von Zellen; leere Zelle \"\" = verbunden")
    zeilen: list[list[Zelle]] = Field(default_factory=list, description="Datenzeilen")

    @model_validator(mode="after")
    def _rectangular(self) -> Tabelle:
        width = len(self.kopf[0])
        for i, row in enumerate([*self.kopf, *self.zeilen]):
            if len(row) != width:
                raise ValueError(f"Zeile {i + 1} hat {len(row)} Zellen, die erste Kopfzeile "
                                 f"{width}")
        return self


class Inhaltsteil(Base):
    """Ein Stück Fließtext eines Ziels: genau eines von text, tabelle, zahlenziel."""

    text: Markdown | None = Field(None, description="Absätze, Listen (Markdown)")
    tabelle: Tabelle | None = None
    zahlenziel: Zahlenziel | None = Field(None, description="ein weiteres Ziel mit Zahlen, "
                                          "im Fließtext (nicht fett)")

    @model_validator(mode="after")
    def _exactly_one(self) -> Inhaltsteil:
        if sum(v is not None for v in (self.text, self.tabelle, self.zahlenziel)) != 1:
            raise ValueError("genau eines von text, tabelle, zahlenziel angeben")
        return self


class Ziel(Base):
    """Ein gesetzliches Ziel nach § 48b Abs. 3 SGB II mit seinen Zielwerten."""

    text: Markdown | None = Field(None, description="zusätzlicher Absatz nach dem Standardtext")
    zielwerte: list[Zielwert] = Field(default_factory=list)
    eigene_ziele: list[MarkdownZeile] = Field(
        default_factory=list, description="weitere Ziele, die sich das Jobcenter selbst setzt; "
        "ein Ziel erscheint fett, mehrere als Aufzählung")
    analysefelder: list[MarkdownZeile] = Field(
        default_factory=list, description="Aufzählung der Analysefelder des Monitorings; "
        "ihre Zahl wird in Worten genannt")
    zahlenziele: list[Zahlenziel] = Field(
        default_factory=list, description="vereinbarte Ziele mit Ausgangs-, Zielwert und "
        "Veränderung (fett gesetzt; gE-Vereinbarungen)")
    inhalt: list[Inhaltsteil] = Field(
        default_factory=list, description="Fließtext des Ziels in Bausteinen: text, tabelle, "
        "zahlenziel (gE-Vereinbarungen)")


class WeiteresZiel(Ziel):
    """Ein weiteres Ziel oder ein freier Abschnitt nach den drei gesetzlichen Zielen, weiter
    nummeriert (IV., V., … oder 4., 5., …): mit Aufzählungen und Unterabschnitten (NRW:
    „IV. Verbesserung von Leistungsprozessen“), als qualitatives Ziel mit
    Umsetzungsschritten (Niedersachsen) oder mit Bausteinen und Zahlenzielen (gE)."""

    titel: Text = Field(description="Überschrift ohne Nummer, z. B. "
                        "'Gleichstellungspolitisches Ziel'; die Nummer zählt zv")
    text: Markdown | None = Field(None, description="Absatz, der das Ziel beschreibt "
                                  "(Markdown)")
    ziele: list[MarkdownZeile] = Field(default_factory=list, description="Aufzählung")
    teile: list[Abschnittsteil] = Field(
        default_factory=list, description="Unterabschnitte; zv zählt sie A, B, C, …")
    umsetzungsschritte: list[MarkdownZeile] = Field(
        default_factory=list, description="die vereinbarten Umsetzungsschritte (Aufzählung)")
    erreicht_wenn: MarkdownZeile | None = Field(
        None, description="Fortsetzung des Satzes 'Das Ziel ist erreicht, wenn …' ohne diese "
        "Worte, z. B. 'die vereinbarten Steuerungsansätze umgesetzt wurden.'")


class Ziele(Base):
    hilfebeduerftigkeit: Ziel = Field(default_factory=Ziel,
                                      description="I. Verringerung der Hilfebedürftigkeit")
    integration: Ziel = Field(default_factory=Ziel,
                              description="II. Verbesserung der Integration in Erwerbstätigkeit")
    langzeitbezug: Ziel = Field(default_factory=Ziel,
                                description="III. Vermeidung von langfristigem Leistungsbezug")
    weitere: list[WeiteresZiel] = Field(
        default_factory=list, description="weitere Ziele und Abschnitte nach den drei "
        "gesetzlichen Zielen (IV., V., … oder 4., 5., …); zv zählt sie weiter")
