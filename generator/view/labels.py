"""Names of the parts of an agreement as the document says them, for a reviewer:
"Präambel, Absatz 2" rather than the YAML path praeambel.absaetze[2]."""

from __future__ import annotations

from ..sources.yamlread import Path_, format_path

# A key's name in the document; for a list, the name of one of its entries.
NAMES = {
    "praeambel": "Präambel",
    "schwerpunkte": "Schwerpunktpapier des Jahres",
    "landesschwerpunkte": "Schwerpunkt des Landes",
    "absaetze": "Absatz",
    "rahmenbedingungen": "Rahmenbedingungen, Absatz",
    "hilfebeduerftigkeit": "Ziel Verringerung der Hilfebedürftigkeit",
    "integration": "Ziel Verbesserung der Integration in Erwerbstätigkeit",
    "langzeitbezug": "Ziel Vermeidung von langfristigem Leistungsbezug",
    "weitere": "weiteres Ziel",
    "eigene_ziele": "eigenes Ziel",
    "analysefelder": "Analysefeld",
    "zahlenziele": "Zahlenziel",
    "inhalt": "Abschnitt",
    "umsetzungsschritte": "Umsetzungsschritt",
    "erreicht_wenn": "„Das Ziel ist erreicht, wenn …“",
    "teile": "Unterabschnitt",
    "zielwerte": "Zielwert",
    "zusammenarbeit": "Zusammenarbeit",
    "steuerungsdialoge": "Zahl der Steuerungsdialoge",
    "zusatz": "Zusatz",
    "text": "Absatz",
    "titel": "Titel",
    "genus": "Genus",
    "mehrzahl": "Mehrzahl",
    "haushalt": "Haushaltsmittel",
    "verwaltungskosten": "Verwaltungskosten",
    "eingliederung": "Leistungen zur Eingliederung in Arbeit",
    "gesamt_mio": "Gesamtbudget",
    "quelle": "Quelle des Gesamtbudgets",
    "kennzahlenverordnung": "Kennzahlen-Verordnung",
    "kennzahlen": "Katalogeintrag",  # the catalogue amended by Muster or agreement
    "satz": "Satzform",
    "subjekt": "Satzsubjekt",
    "kurzname": "Kurzname (Fußzeile)",
    "status": "Status (Entwurf oder Endfassung)",
    "stand": "Stand des Entwurfs",
    "jahr": "Jahr",
    "stichtag": "Stichtag",
    "muster": "Muster",
    "bausteine": "Baustein",
    "jobcenter": "Jobcenter",
    "partner": "Partner",
    "familie": "Vorlagenfamilie",
    "land": "Land",
    "tabelle": "Tabelle",
    "zeilen": "Zeile",
    "kopf": "Kopfzeile",
}
# Keys that only group others and are not named in the document.
_SILENT = frozenset({"ziele"})
# Dictionaries whose keys are names in their own right (a Kennzahl, a clause, a partner).
_NAMED = frozenset({"kennzahlen", "bausteine", "partner"})


def label(path: Path_) -> str:
    """'Präambel, Absatz 2', 'Ziel Verbesserung der Integration …, eigenes Ziel 1',
    'Katalogeintrag K2, Absatz'; unknown parts keep their YAML path."""
    parts: list[str] = []
    parent: str | int | None = None
    for part in path:
        if isinstance(part, int):
            noun = NAMES.get(str(parent), "Eintrag")
            if parts and parts[-1] == noun:
                parts[-1] = f"{noun} {part + 1}"
            else:
                parts.append(f"{noun} {part + 1}")
        elif parent in _NAMED:
            parts[-1] = f"{parts[-1]} {part}" if parts else part
        elif part in _SILENT:
            pass
        elif part in NAMES:
            parts.append(NAMES[part])
        else:
            return format_path(path)
        parent = part
    return ", ".join(parts) or format_path(path)
