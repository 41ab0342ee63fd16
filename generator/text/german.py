"""The German language for the templates: articles, case forms, gendered titles, numbers.

Every function is pure. Values come straight from agreement files, so an invalid genus,
case or gender raises ValueError with a German message the user can act on.
"""

from __future__ import annotations

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeAlias

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

Genus = Literal["m", "f", "n"]
Kasus = Literal["nom", "gen", "dat", "akk"]
Geschlecht = Literal["m", "w"]
Zahl: TypeAlias = Decimal | int | float

GENUS_VALUES: tuple[str, ...] = ("m", "f", "n")
KASUS_VALUES: tuple[str, ...] = ("nom", "gen", "dat", "akk")
GESCHLECHT_VALUES: tuple[str, ...] = ("m", "w")

_LOCALE = Locale.parse("de_DE")  # parsed once: Babel parses a locale name on every call

_Formen: TypeAlias = dict[str, tuple[str, str, str, str]]

# All case tables below are ordered like KASUS_VALUES: nom, gen, dat, akk.
_ARTIKEL: _Formen = {
    "m": ("der", "des", "dem", "den"),
    "f": ("die", "der", "der", "die"),
    "n": ("das", "des", "dem", "das"),
}
_EIN: _Formen = {
    "m": ("ein", "eines", "einem", "einen"),
    "f": ("eine", "einer", "einer", "eine"),
    "n": ("ein", "eines", "einem", "ein"),
}
# Adjective endings without article (strong) and after a definite article (weak).
_STARK: _Formen = {
    "m": ("er", "en", "em", "en"),
    "f": ("e", "er", "er", "e"),
    "n": ("es", "en", "em", "es"),
}
_SCHWACH: _Formen = {
    "m": ("e", "en", "en", "en"),
    "f": ("e", "en", "en", "e"),
    "n": ("e", "en", "en", "e"),
}
_ADJEKTIV_ENDUNGEN = ("em", "en", "er", "es", "e")

# Place-derived adjectives like "Kölner" never inflect, so names only treat -isch/-lich
# words ("Märkischer Kreis", "Rheinisch-Bergischer Kreis") as adjectives.
_NAMENS_ADJEKTIV_SUFFIXE = ("isch", "lich")
# Stems that make a title word a (nominalised) adjective: "Vorsitzender", "Erster".
_TITEL_ADJEKTIV_STAEMME = frozenset(
    {"Erst", "Zweit", "Dritt", "Viert", "Fünft", "Ständig", "Beamt", "Allgemein"}
)
_TITEL_ADJEKTIV_SUFFIXE = ("end", "isch", "lich", "ordnet", "tragt", "mächtigt", "stellt")
# Feminine forms no rule derives.
_WEIBLICH_TABELLE: dict[str, str] = {
    "Beamter": "Beamtin",
    "Beamte": "Beamtin",
    "Kämmerer": "Kämmerin",
    "Vorstand": "Vorständin",
}
# Masculine endings with an umlaut or a different word in the feminine.
_WEIBLICH_SUFFIXE: tuple[tuple[str, str], ...] = (
    ("rat", "rätin"),
    ("anwalt", "anwältin"),
    ("arzt", "ärztin"),
    ("mann", "frau"),
)
_KEIN_RAT_DAVOR = frozenset("aeiouäöük")
# Weak masculine nouns take -(e)n in every case but the nominative ("den Präsidenten").
_SCHWACHE_SUFFIXE = ("ent", "ant", "ist", "oge", "ege", "krat")

_ZAHLWOERTER = (
    "null", "eins", "zwei", "drei", "vier", "fünf", "sechs",
    "sieben", "acht", "neun", "zehn", "elf", "zwölf",
)
_MAL = ("", "ein", *_ZAHLWOERTER[2:])
_ROEMISCH = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
_DATUMSMUSTER = {"kurz": "dd.MM.yyyy", "lang": "d. MMMM yyyy", "tag_monat": "d. MMMM"}


def _pruefe(wert: object, erlaubt: tuple[str, ...], was: str) -> None:
    if wert not in erlaubt:
        raise ValueError(f"{was} {wert!r} (erlaubt: {', '.join(erlaubt)})")


def _genus(genus: object) -> str:
    _pruefe(genus, GENUS_VALUES, "unbekanntes Genus")
    return str(genus)


def _kasus(kasus: object) -> int:
    _pruefe(kasus, KASUS_VALUES, "unbekannter Kasus")
    return KASUS_VALUES.index(str(kasus))


def _person_genus(geschlecht: object) -> str:
    _pruefe(geschlecht, GESCHLECHT_VALUES, "unbekanntes Geschlecht")
    return "m" if geschlecht == "m" else "f"


def _woerter(text: str, was: str) -> list[str]:
    woerter = text.split()
    if not woerter:
        raise ValueError(f"{was} ist leer")
    return woerter


def _stamm(wort: str, staemme: frozenset[str], suffixe: tuple[str, ...]) -> str | None:
    """The adjective stem of `wort`, or None if `wort` is no inflected adjective."""
    for endung in _ADJEKTIV_ENDUNGEN:
        if wort.endswith(endung):
            stamm = wort[: -len(endung)]
            if stamm in staemme or stamm.endswith(suffixe):
                return stamm
    return None


def _zerlege(
    woerter: list[str], staemme: frozenset[str], suffixe: tuple[str, ...]
) -> tuple[list[str], str, str]:
    """Split into leading adjective stems, the head word and the unchanged rest.

    A word only counts as an attributive adjective if a capitalised word follows, so the
    head of "Vorsitzender der Geschäftsführung" stays "Vorsitzender".
    """
    adjektive: list[str] = []
    i = 0
    while i + 1 < len(woerter) and woerter[i + 1][:1].isupper():
        stamm = _stamm(woerter[i], staemme, suffixe)
        if stamm is None:
            break
        adjektive.append(stamm)
        i += 1
    return adjektive, woerter[i], " ".join(woerter[i + 1 :])


def _fuege(adjektive: list[str], endung: str, kopf: str, rest: str) -> str:
    return " ".join([*(stamm + endung for stamm in adjektive), kopf, *([rest] if rest else [])])


def _genitiv_wort(wort: str) -> str:
    return wort + ("es" if wort.endswith(("s", "ß", "x", "z")) else "s")


_PLURAL_ARTIKEL = ("die", "der", "den", "die")


def artikel(genus: Genus, kasus: Kasus, mehrzahl: bool = False) -> str:
    """The definite article; in the plural the same for every genus."""
    if mehrzahl:
        return _PLURAL_ARTIKEL[_kasus(kasus)]
    return _ARTIKEL[_genus(genus)][_kasus(kasus)]


def _name_im_kasus(name: str, genus: str, kasus: int, endungen: _Formen) -> str:
    woerter = _woerter(name, "Name")
    adjektive, kopf, rest = _zerlege(woerter, frozenset(), _NAMENS_ADJEKTIV_SUFFIXE)
    if kasus == 1 and genus != "f":
        kopf = _genitiv_wort(kopf)
    return _fuege(adjektive, endungen[genus][kasus], kopf, rest)


def genitiv_name(name: str, genus: Genus) -> str:
    """The genitive of a proper noun phrase without article ("Kreises Coesfeld").

    Feminine names are returned unchanged; leading -isch adjectives of masculine and
    neuter names take -en ("Märkischen Kreises").
    """
    g = _genus(genus)
    if g == "f":
        return name
    return _name_im_kasus(name, g, 1, _STARK)


def nominalphrase(name: str, genus: Genus, kasus: Kasus, genitiv: str | None = None) -> str:
    """Article plus name in the given case; `genitiv` overrides the genitive of the name."""
    g, k = _genus(genus), _kasus(kasus)
    if k == 1 and genitiv is not None:
        return f"{_ARTIKEL[g][k]} {genitiv}"
    return f"{_ARTIKEL[g][k]} {_name_im_kasus(name, g, k, _SCHWACH)}"


def von(name: str, genus: Genus) -> str:
    """'von' with the dative: "vom Ministerium ...", "von der Stadt Wuppertal"."""
    phrase = nominalphrase(name, genus, "dat")
    return "vom " + phrase[4:] if phrase.startswith("dem ") else "von " + phrase


def name_nach_artikel(name: str, genus: Genus, kasus: Kasus, genitiv: str | None = None) -> str:
    """The name as it reads after the definite article, for texts that set the article
    apart ("schließen das / Niedersächsische Ministerium ...")."""
    g, k = _genus(genus), _kasus(kasus)
    if k == 1 and genitiv is not None:
        return genitiv
    return _name_im_kasus(name, g, k, _SCHWACH)


def kurzform(name: str) -> str:
    """The head of a name with its leading adjectives, for a second mention without the
    proper name: "Landkreis Heidekreis" -> "Landkreis", "Märkischer Kreis" stays."""
    woerter = _woerter(name, "Name")
    adjektive, _, _ = _zerlege(woerter, frozenset(), _NAMENS_ADJEKTIV_SUFFIXE)
    return " ".join(woerter[: len(adjektive) + 1])


def _weibliches_nomen(kopf: str) -> str:
    if kopf.endswith(("in", "frau")) or kopf in _WEIBLICH_TABELLE.values():
        return kopf
    for maennlich, weiblich in _WEIBLICH_SUFFIXE:
        praefix = kopf[: -len(maennlich)]
        # "Demokrat" or "Pirat" are no councils and take a plain -in.
        vor_rat_erlaubt = maennlich != "rat" or praefix[-1:].lower() not in _KEIN_RAT_DAVOR
        if kopf.lower().endswith(maennlich) and vor_rat_erlaubt:
            return praefix + weiblich if praefix else weiblich.capitalize()
    return (kopf[:-1] if kopf.endswith("e") else kopf) + "in"


def _maennliches_nomen(kopf: str, kasus: int) -> str:
    if kasus == 0:
        return kopf
    if kopf.endswith(_SCHWACHE_SUFFIXE):
        return kopf + ("n" if kopf.endswith("e") else "en")
    return _genitiv_wort(kopf) if kasus == 1 else kopf


def _titel_form(grundform: str, geschlecht: Geschlecht, kasus: int, nach_artikel: bool) -> str:
    genus = _person_genus(geschlecht)
    woerter = _woerter(grundform, "Amtsbezeichnung")
    adjektive, kopf, rest = _zerlege(woerter, _TITEL_ADJEKTIV_STAEMME, _TITEL_ADJEKTIV_SUFFIXE)
    endung = (_SCHWACH if nach_artikel else _STARK)[genus][kasus]
    stamm = _stamm(kopf, _TITEL_ADJEKTIV_STAEMME, _TITEL_ADJEKTIV_SUFFIXE)
    # The table wins over the adjective rule: "Beamter" is nominalised, yet "Beamtin".
    if genus == "f" and kopf in _WEIBLICH_TABELLE:
        kopf = _WEIBLICH_TABELLE[kopf]
    elif stamm is not None:
        kopf = stamm + endung
    elif genus == "f":
        kopf = _weibliches_nomen(kopf)
    elif nach_artikel:
        kopf = _maennliches_nomen(kopf, kasus)
    return _fuege(adjektive, endung, kopf, rest)


def titel(grundform: str, geschlecht: Geschlecht) -> str:
    """The job title for a person; `grundform` is the masculine form ("Landrat")."""
    if _person_genus(geschlecht) == "m":
        _woerter(grundform, "Amtsbezeichnung")
        return grundform
    return _titel_form(grundform, geschlecht, 0, nach_artikel=False)


def titel_nach_kasus(grundform: str, geschlecht: Geschlecht, kasus: Kasus) -> str:
    """The title as it reads after a definite article in `kasus`, without the article.

    Nominalised adjectives take weak endings ("den Vorsitzenden"); masculine nouns take
    the genitive -(e)s ("des Landrats") and weak nouns -(e)n ("dem Präsidenten").
    """
    return _titel_form(grundform, geschlecht, _kasus(kasus), nach_artikel=True)


def anrede(geschlecht: Geschlecht, kasus: Kasus) -> str:
    """The salutation: Herr/Herrn, or Frau in every case."""
    k = _kasus(kasus)
    if _person_genus(geschlecht) == "f":
        return "Frau"
    return "Herr" if k == 0 else "Herrn"


def personenartikel(geschlecht: Geschlecht, kasus: Kasus) -> str:
    """The definite article for a person."""
    return _ARTIKEL[_person_genus(geschlecht)][_kasus(kasus)]


def _dezimal(wert: Zahl) -> Decimal:
    # bool is an int subclass; a flag reaching a number field is a data error.
    if isinstance(wert, bool) or not isinstance(wert, Decimal | int | float):
        raise ValueError(f"keine Zahl: {wert!r}")
    # str() first so 0.1 stays 0.1 instead of its binary approximation.
    d = Decimal(str(wert)) if isinstance(wert, float) else Decimal(wert)
    if not d.is_finite():
        raise ValueError(f"keine endliche Zahl: {wert!r}")
    return d


def _runde(d: Decimal, stellen: int) -> Decimal:
    if stellen < 0:
        raise ValueError(f"negative Anzahl Nachkommastellen: {stellen}")
    # Default precision (28 digits) would make quantize fail on long values.
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + stellen + 2)
        return d.quantize(Decimal(1).scaleb(-stellen), rounding=ROUND_HALF_UP)


def zahl(wert: Zahl, stellen: int | None = None) -> str:
    """A number in German notation ("8.793.355", "15,4"); `stellen` rounds half-up."""
    d = _dezimal(wert)
    if stellen is not None:
        d = _runde(d, stellen)
    exponent = d.as_tuple().exponent
    nachkomma = max(0, -exponent) if isinstance(exponent, int) else 0
    if d.is_zero():
        d = abs(d)  # no "-0" after rounding a small negative value
    return _formatiert(str(d), nachkomma)


@functools.lru_cache(maxsize=4096)
def _formatiert(dezimal: str, nachkomma: int) -> str:
    """Babel's formatting, kept by the decimal's exact text: the same figures come back
    in every agreement of a batch."""
    muster = "#,##0" + ("." + "0" * nachkomma if nachkomma else "")
    return str(format_decimal(Decimal(dezimal), format=muster, locale=_LOCALE))


def zahl_mit_vorzeichen(wert: Zahl, stellen: int | None = None, leerzeichen: bool = True) -> str:
    """A difference with explicit sign: "+ 2", "- 2,7", "+/- 0"."""
    d = _dezimal(wert)
    if stellen is not None:
        d = _runde(d, stellen)
    zeichen = "+/-" if d.is_zero() else ("+" if d > 0 else "-")
    return f"{zeichen}{' ' if leerzeichen else ''}{zahl(abs(d))}"


def euro(wert: Zahl, stellen: int | None = None) -> str:
    """An amount in euros: "8.793.355 Euro"."""
    return f"{zahl(wert, stellen)} Euro"


def mio_euro(wert: Zahl, stellen: int = 1) -> str:
    """An amount given in euros, shown in millions: "16,6 Mio. Euro"."""
    return f"{zahl(_dezimal(wert).scaleb(-6), stellen)} Mio. Euro"


def datum(d: datetime.date, form: Literal["kurz", "lang", "tag_monat"] = "kurz") -> str:
    """A date: "21.12.2020", "21. Dezember 2020" or "21. Dezember"."""
    if form not in _DATUMSMUSTER:
        raise ValueError(f"unbekannte Datumsform {form!r} (erlaubt: {', '.join(_DATUMSMUSTER)})")
    if not isinstance(d, datetime.date):
        raise ValueError(f"kein Datum: {d!r}")
    return str(format_date(d, _DATUMSMUSTER[form], locale=_LOCALE))


def zahlwort(n: int, genus: Genus = "m", kasus: Kasus = "nom") -> str:
    """0 to 12 as a word, 1 as indefinite article ("einen"); other numbers in digits."""
    g, k = _genus(genus), _kasus(kasus)
    if n == 1:
        return _EIN[g][k]
    return _ZAHLWOERTER[n] if 0 <= n <= 12 else zahl(n)


def mal_wort(n: int) -> str:
    """Multiplicative word: zweimal; outside 1 to 12 in digits: 13-mal."""
    return f"{_MAL[n]}mal" if 1 <= n <= 12 else f"{zahl(n)}-mal"


def ordinal_roemisch(n: int) -> str:
    """A Roman numeral ("IV") for numbering sections."""
    if not 1 <= n <= 3999:
        raise ValueError(f"römische Zahl nur von 1 bis 3999 möglich, nicht {n}")
    teile: list[str] = []
    for wert, ziffern in _ROEMISCH:
        anzahl, n = divmod(n, wert)
        teile.append(ziffern * anzahl)
    return "".join(teile)


def buchstabe(n: int) -> str:
    """The n-th capital letter for lettered lists (1 -> "A")."""
    if not 1 <= n <= 26:
        raise ValueError(f"Buchstabe nur für 1 bis 26 möglich, nicht {n}")
    return chr(ord("A") + n - 1)


def akkusativ(phrase: str, genus: Genus) -> str:
    """A noun phrase with article from the nominative into the accusative.

    Only masculine phrases change: "der durchschnittliche Bestand der Kunden" -> "den
    durchschnittlichen Bestand der Kunden", "ein hoher Anteil" -> "einen hohen Anteil".
    """
    woerter = _woerter(phrase, "Satzsubjekt")
    if _genus(genus) != "m" or woerter[0].lower() not in ("der", "ein"):
        return phrase
    bestimmt = woerter[0].lower() == "der"
    neu = "den" if bestimmt else "einen"
    out = [neu.capitalize() if woerter[0][:1].isupper() else neu]
    i = 1
    while i < len(woerter) and woerter[i][:1].islower():  # attributive adjectives
        wort = woerter[i]
        if bestimmt and wort.endswith("e"):
            wort += "n"
        elif not bestimmt and wort.endswith("er"):
            wort = wort[:-2] + "en"
        out.append(wort)
        i += 1
    if i < len(woerter):
        out.append(_maennliches_nomen(woerter[i], 3))
        out.extend(woerter[i + 1:])
    return " ".join(out)
