"""The validated data of an agreement and of a state file (pydantic, extra keys forbidden).

The JSON Schema that `zv schema` prints comes from these models, so field docs here are
what an editor shows a clerk: they are German.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

Genus = Literal["m", "f", "n"]
Geschlecht = Literal["m", "w"]

# Characters XML 1.0 cannot hold; a DOCX with one of them does not open.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class MarkdownText(str):
    """A string that is Markdown already and goes into the text unescaped."""

    __slots__ = ()


def _xml_safe(value: str) -> str:
    found = _XML_INVALID.search(value)
    if found:
        raise ValueError(
            f"unzulässiges Steuerzeichen U+{ord(found.group()):04X} an Stelle "
            f"{found.start() + 1} (in Word-Dokumenten nicht darstellbar)")
    return value


def _as_markdown(value: str) -> MarkdownText:
    return MarkdownText(_xml_safe(value).strip())


def _plain(value: str) -> str:
    value = _xml_safe(value)
    if "\n" in value.strip():
        raise ValueError("Zeilenumbruch nicht erlaubt (einzeiliger Text erwartet)")
    return value.strip()


def _decimal(value: Any) -> Any:
    """Accept 14.7, 14,7 and "+2"; clerks write German decimal commas."""
    if isinstance(value, bool):
        raise ValueError("Zahl erwartet, nicht ja/nein")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "")
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"'{value}' ist keine Zahl (Beispiel: 14,7)") from None
    raise ValueError("Zahl erwartet")


_DATE_FULL = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})")
_DATE_PART = re.compile(r"(\d{1,2}\.\s*)?(\d{1,2}\.\s*)?(\d{2}|\d{4})?")


def full_date(text: str) -> dt.date | None:
    """A full German date written as text ("02.12.2020", "2.6.19") as a date, else None."""
    found = _DATE_FULL.fullmatch(text.strip())
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year + (2000 if year < 100 else 0), month, day)
    except ValueError:
        return None


def _datum(value: Any) -> Any:
    """A date as a YAML date, or as German text kept as written ("21.12.20", "27. 2020")."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = _plain(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"'{text}' ist kein gültiges Datum") from None
        if _DATE_FULL.fullmatch(text):
            if full_date(text) is None:
                raise ValueError(f"'{text}' ist kein gültiges Datum")
            return text
        if text and _DATE_PART.fullmatch(text):
            return text  # a date filled in by hand at signing, kept as the clerk wrote it
        raise ValueError(f"'{text}' ist kein Datum (Beispiel: 21.12.2020 oder 2020-12-21)")
    raise ValueError("Datum erwartet (Beispiel: 21.12.2020)")


Text = Annotated[str, AfterValidator(_plain)]
Markdown = Annotated[str, AfterValidator(_as_markdown)]
Zahl = Annotated[Decimal, BeforeValidator(_decimal)]
Datum = Annotated[dt.date | str | None, BeforeValidator(_datum)]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(Base):
    """Eine Person, die eine Partei vertritt und unterschreibt."""

    name: Text | None = Field(
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

    name: Text = Field(description="amtlicher Name, z. B. 'Stadt Wuppertal', 'Kreis Coesfeld'")
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
    name: Text | None = None
    genus: Genus | None = None
    genitiv: Text | None = None
    ort: Text | None = None


def _als_liste(value: Any) -> Any:
    """One text or a list of texts."""
    return [value] if isinstance(value, str) else value


def _traeger(value: Any) -> Any:
    return {"schluessel": value} if isinstance(value, str) else value


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


Einheit = Literal["prozent", "prozentpunkte", "anzahl"]
Grenze = Literal["mindestens", "hoechstens"]
Satz = Literal["reflexiv", "reflexiv_jahr", "steigen", "vorjahresergebnis", "vorjahreswert",
               "niveau_dezember", "bestand_dezember", "im_vergleich", "im_vergleich_passiv"]
Art = Literal["veraenderung", "niveau"]


class KennzahlText(Base):
    """Wie ein Ziel zu einer Kennzahl formuliert wird (Katalog der Landesdatei)."""

    titel: Text | None = Field(None, description="fette Überschrift des Zielwerts")
    subjekt: Text | None = Field(None, description="Satzsubjekt im Nominativ mit Artikel, "
                                 "z. B. 'die Integrationsquote'")
    genus: Genus | None = Field(None, description="grammatisches Geschlecht des Subjekts")
    satz: Satz | None = Field(None, description="Satzform des Zielsatzes (siehe Dokumentation)")
    kurz: Text | None = Field(None, description="Kennzahl in Klammern, z. B. 'K 2' ergibt "
                              "'(K 2 = 14,7 Prozent)'")
    einheit: Einheit | None = None
    genitiv: Text | None = Field(None, description="die Kennzahl im Genitiv für Sätze wie "
                                 "'Dies entspricht einer Veränderung der …'")


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
    text: Markdown | None = Field(None, description="Absatz vor dem Zielsatz (Markdown)")
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
    ziele: list[Markdown] = Field(default_factory=list, description="Aufzählung")


# Sentence forms of figure targets (Zahlenziel); the gE family's templates word them.
ZahlenSatz = Literal["vorhaben", "erreicht", "zielgruppe"]
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


class Baustein(Base):
    """Ein Stück Fließtext eines Ziels: genau eines von text, tabelle, zahlenziel."""

    text: Markdown | None = Field(None, description="Absätze, Listen (Markdown)")
    tabelle: Tabelle | None = None
    zahlenziel: Zahlenziel | None = Field(None, description="ein weiteres Ziel mit Zahlen, "
                                          "im Fließtext (nicht fett)")

    @model_validator(mode="after")
    def _exactly_one(self) -> Baustein:
        if sum(v is not None for v in (self.text, self.tabelle, self.zahlenziel)) != 1:
            raise ValueError("genau eines von text, tabelle, zahlenziel angeben")
        return self


class Ziel(Base):
    """Ein gesetzliches Ziel nach § 48b Abs. 3 SGB II mit seinen Zielwerten."""

    text: Markdown | None = Field(None, description="zusätzlicher Absatz nach dem Standardtext")
    zielwerte: list[Zielwert] = Field(default_factory=list)
    eigene_ziele: list[Markdown] = Field(
        default_factory=list, description="weitere Ziele, die sich das Jobcenter selbst setzt; "
        "ein Ziel erscheint fett, mehrere als Aufzählung")
    analysefelder: list[Markdown] = Field(
        default_factory=list, description="Aufzählung der Analysefelder des Monitorings; "
        "ihre Zahl wird in Worten genannt")
    zahlenziele: list[Zahlenziel] = Field(
        default_factory=list, description="vereinbarte Ziele mit Ausgangs-, Zielwert und "
        "Veränderung (fett gesetzt; gE-Vereinbarungen)")
    inhalt: list[Baustein] = Field(
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
    ziele: list[Markdown] = Field(default_factory=list, description="Aufzählung")
    teile: list[Abschnittsteil] = Field(
        default_factory=list, description="Unterabschnitte; zv zählt sie A, B, C, …")
    umsetzungsschritte: list[Markdown] = Field(
        default_factory=list, description="die vereinbarten Umsetzungsschritte (Aufzählung)")
    erreicht_wenn: Markdown | None = Field(
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


class Schwerpunkte(Base):
    titel: Text = Field(description="Titel des Schwerpunktpapiers des Jahres im Dativ, wie im "
                        "Satz '... tragen den „…“ Rechnung'")
    zusatz: Markdown | None = Field(None, description="Sätze, die an diesen Absatz anschließen")


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
    steuerungsdialoge: int = Field(ge=1, le=12, description="Zahl der Steuerungsdialoge im Jahr")
    zusatz: Markdown | None = Field(None, description="Sätze am Ende des Absatzes über die "
                                    "Steuerungsdialoge")
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
    stichtag: dt.date | None = Field(None, description="Tag, nach dem Ministerium und "
                                     "Vertretung bestimmt werden; Standard: 1. Januar des Jahres")
    kurzname: Text | None = Field(None, description="Kurzname in der Fußzeile")
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
    aufbau: dict[str, str | bool] = Field(
        default_factory=dict, description="Wahl des Aufbaus und der Standardtexte der "
        "Vorlagenfamilie (templates/<familie>/familie.yaml); Standard aus der Landesdatei")
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


class Wahl(Base):
    """Eine Wahlmöglichkeit des Aufbaus einer Vorlagenfamilie."""

    beschreibung: Text
    werte: list[str | bool] = Field(min_length=1)
    standard: str | bool


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
    aufbau: dict[str, Wahl] = Field(
        default_factory=dict, description="Wahlmöglichkeiten des Aufbaus und der "
        "Standardtexte, die eine Vereinbarung unter 'aufbau' trifft")




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
