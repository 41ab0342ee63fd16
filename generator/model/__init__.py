"""The validated data of an agreement, a state file and a family (pydantic, extra keys
forbidden), one module per subject.

The JSON Schema that `zv schema` prints comes from these models, so field docs are what
an editor shows a clerk: they are German.
"""

import os

# zv wants no pydantic plugins (observability hooks found through the installed packages'
# entry points): looking for them costs each process and worker tens of milliseconds.
# Set before the first model is created, which is when pydantic looks.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .agreement import (
    Aenderung,
    Agreement,
    Haushalt,
    Landesschwerpunkt,
    Praeambel,
    Schwerpunkte,
    Zusammenarbeit,
)
from .family import Familie
from .muster import Baustein, EigenerBaustein, Familientext, Muster, MusterBaustein
from .parties import (
    TRAEGER,
    Ministerium,
    Organisation,
    Person,
    PersonImZeitraum,
    TraegerAngabe,
    Unterschrift,
    Zeitraum,
)
from .state import State, Vorgabe
from .targets import (
    Abschnittsteil,
    Inhaltsteil,
    KennzahlText,
    Tabelle,
    WeiteresZiel,
    Zahlenziel,
    Ziel,
    Ziele,
    Zielwert,
)
from .values import Base, Datum, Genus, Geschlecht, Markdown, MarkdownText, Text, Zahl, full_date

__all__ = [
    "TRAEGER",
    "Abschnittsteil",
    "Aenderung",
    "Agreement",
    "Base",
    "Baustein",
    "Datum",
    "EigenerBaustein",
    "Familie",
    "Familientext",
    "Genus",
    "Geschlecht",
    "Haushalt",
    "Inhaltsteil",
    "KennzahlText",
    "Landesschwerpunkt",
    "Markdown",
    "MarkdownText",
    "Ministerium",
    "Muster",
    "MusterBaustein",
    "Organisation",
    "Person",
    "PersonImZeitraum",
    "Praeambel",
    "Schwerpunkte",
    "State",
    "Tabelle",
    "Text",
    "TraegerAngabe",
    "Unterschrift",
    "Vorgabe",
    "WeiteresZiel",
    "Zahl",
    "Zahlenziel",
    "Zeitraum",
    "Ziel",
    "Ziele",
    "Zielwert",
    "Zusammenarbeit",
    "full_date",
]
