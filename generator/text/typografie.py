"""German typesetting of running text: where a line must not break (DIN 5008).

Applied once, when Markdown is parsed into blocks (generator/document.py), so that every
writer gets the same protected text and no template has to write non-breaking spaces.
The canonical Markdown keeps plain spaces: it is what people read and diff.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
# A hyphen where a line must not break; the DOCX writer makes it w:noBreakHyphen, the HTML
# writer a span that does not wrap.
NB_HYPHEN = "\u2011"

_MONATE = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
           "Dezember")
_EINHEITEN = ("Prozentpunkte|Prozent-Punkte|Prozentpunkten|Prozent|%|Euro|EUR|€|Mio\\.|"
              "Millionen|Million|Tsd\\.|Personen|Person|Frauen|Männer|Jugendliche|"
              "Bedarfsgemeinschaften|Leistungsberechtigte|Leistungsberechtigten|"
              "Integrationen|Stellen|Plätze|Teilnehmende|Teilnehmenden|Monate|Monaten|"
              "Jahre|Jahren|Wochen|Tage|Tagen|Stunden|v\\. ?H\\.")

# (pattern, replacement): the space matched last in each pattern becomes non-breaking.
_REGELN: tuple[tuple[re.Pattern[str], str], ...] = (
    # "§ 48b", "§§ 14 ff.", "Art. 3", "Abs. 1", "S. 1", "Nr. 4": sign or abbreviation
    # and its number.
    (re.compile(r"(§§?|\b(?:Abs|Art|S|Nr|Ziff|Kap|Buchst|lit|Bd)\.|"
                r"\b(?:Satz|Absatz|Nummer|Artikel)) +(?=[0-9IVXa-z]\b|\d)"), r"\1" + NBSP),
    # "SGB II", "SGB VIII", "K 2", "K3 = - 2,7": code and number.
    (re.compile(r"\b(SGB|K) +(?=[IVX]+\b|\d)"), r"\1" + NBSP),
    # "Dr. Name", "Prof. Dr.", "Herrn Dr.", "Frau Prof.".
    (re.compile(r"\b(Dr\.|Prof\.|Dipl\.-\w+\.) +(?=\w)"), r"\1" + NBSP),
    (re.compile(r"\b(Herrn?|Frau) +(?=(?:Dr|Prof)\.)"), r"\1" + NBSP),
    # "z. B.", "d. h.", "u. a.", "i. V.".
    (re.compile(r"\b([A-Za-z]\.) +(?=[A-Za-z]\.)"), r"\1" + NBSP),
    # A number and its unit: "2,5 Prozent", "31.902 Personen", "1,2 Mio. Euro".
    (re.compile(rf"(\d) +(?=(?:{_EINHEITEN})(?!\w))"), r"\1" + NBSP),
    (re.compile(r"\b(Mio\.|Tsd\.) +(?=Euro|EUR|€)"), r"\1" + NBSP),
    # A sign and its number: "+ 60", "- 2,7", "+/- 0".
    (re.compile(r"(?<![\w)])(\+/-|\+|-|–) +(?=\d)"), r"\1" + NBSP),
    # Dates: "21. Dezember 2020", "Dezember 2020".
    (re.compile(rf"\b(\d{{1,2}}\.) +(?=(?:{_MONATE})\b)"), r"\1" + NBSP),
    (re.compile(rf"\b({_MONATE}) +(?=\d{{4}}\b)"), r"\1" + NBSP),
)

# For each rule of _REGELN, strings of which every match of the rule contains one (the
# sign or abbreviation and the space after it). The regex engine costs about as much per
# character for every rule as the search for all of these at once, and most rules match
# nowhere in a paragraph: a rule runs only on a text that holds one of its strings.
_DIGITS = "0123456789"
_SIGNALE: tuple[tuple[str, ...], ...] = (
    ("§ ", "Abs. ", "Art. ", "S. ", "Nr. ", "Ziff. ", "Kap. ", "Buchst. ", "lit. ", "Bd. ",
     "Satz ", "Absatz ", "Nummer ", "Artikel "),
    ("SGB ", "K "),
    ("Dr. ", "Prof. ", "Dipl."),
    ("Herr ", "Herrn ", "Frau "),
    (),  # "z. B.": found by _ABKUERZUNG below
    tuple(d + " " for d in _DIGITS),
    ("Mio. ", "Tsd. "),
    ("+ ", "- ", "– "),
    tuple(d + ". " for d in _DIGITS),
    tuple(monat + " " for monat in _MONATE.split("|")),
)
_REGEL_ZU: dict[str, int] = {s: i for i, signale in enumerate(_SIGNALE) for s in signale}
# One pass finds them all. No string is a prefix of another and none can overlap another
# (tests/test_typografie.py checks both), so a match never hides another string.
_SIGNAL = re.compile("|".join(re.escape(s) for s in _REGEL_ZU))
_ABKUERZUNG = (4, re.compile(r"\. +[A-Za-z]\."))

_WORTBINDESTRICH = re.compile(r"(?<=\w)-(?=\w)")


def schuetze(text: str) -> str:
    """Non-breaking spaces where German typesetting keeps two words on one line.

    The rules run in order, each on the result of the one before; a rule whose strings
    are not in the text is skipped. Earlier rules only turn spaces into non-breaking
    ones, which removes such strings but never makes one, so looking once at the
    original text is enough.
    """
    if " " not in text:  # every rule replaces a space
        return text
    regeln = {_REGEL_ZU[s] for s in _SIGNAL.findall(text)}
    if _ABKUERZUNG[1].search(text) is not None:
        regeln.add(_ABKUERZUNG[0])
    for i in sorted(regeln):
        pattern, replacement = _REGELN[i]
        text = pattern.sub(replacement, text)
    return text


def schuetze_alle_regeln(text: str) -> str:
    """Every rule on the whole text: what schuetze must return (for the tests)."""
    for pattern, replacement in _REGELN:
        text = pattern.sub(replacement, text)
    return text


def feste_bindestriche(text: str) -> str:
    """Hyphens inside words that must not break ("Nordrhein-Westfalen" in a centred line)."""
    return _WORTBINDESTRICH.sub(NB_HYPHEN, text)
