"""The Jinja environment: sandboxed, StrictUndefined, German filters, Markdown-safe output.

Every `{{ value }}` passes through `_finalize`: plain strings from the data are escaped
for Markdown, so a name like "A*B" or "[x]" stays text; fields typed as Markdown in the
model arrive as MarkdownText and are inserted as they are. Decimals are formatted the
German way, so a template cannot print "15.4" by accident. YAML text is only ever data:
it is inserted, never compiled.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, MutableMapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..model import MarkdownText, Organisation, Person, Schwerpunkte
from ..text import german, headings
from ..text.numbering import Zaehler
from . import budget, jinja_cache

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
# Only after a line break inside the value: a value mid-line cannot start a block, and
# escaping "+ 2" or "21.12.20" there would only clutter the canonical text.
_MD_LINE_START = re.compile(r"(?<=\n)(\s*)([#>+=-]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape plain text so that Markdown shows it literally."""
    if _MD_SPECIAL.search(text) is not None:  # most values are plain: skip sub's setup
        text = _MD_SPECIAL.sub(r"\\\1", text)
    if "\n" not in text:  # _MD_LINE_START needs a line break before it
        return text
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _finalize(value: Any) -> Any:
    out = _finalized(value)
    budget.put_out(len(out))
    return out


def _finalized(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, Undefined):  # "{{ jobcentr }}": its name, not its type
        value._fail_with_undefined_error()
    if isinstance(value, MarkdownText):
        return Markup(str(value))
    if isinstance(value, bool):
        raise TypeError("ein Wahrheitswert kann nicht als Text ausgegeben werden")
    if isinstance(value, Decimal):
        return Markup(md_escape(german.zahl(value)))
    if isinstance(value, int):
        return Markup(str(value))
    if isinstance(value, str):
        return Markup(md_escape(value))
    if value is None:
        raise TypeError("ein Wert fehlt (leer), wird aber im Text gebraucht; Vorlage mit "
                        "{% if … %} absichern oder den Wert zur Pflicht machen")
    raise TypeError(f"Wert vom Typ {type(value).__name__} kann nicht als Text ausgegeben werden")


def _org(value: Any) -> Organisation:
    org = getattr(value, "org", value)
    if not isinstance(org, Organisation):
        raise TypeError(f"Organisation erwartet, nicht {type(value).__name__}")
    return org


def _case(kasus: german.Kasus) -> Any:
    def phrase(value: Any) -> str:
        if isinstance(value, Schwerpunkte):
            # A referenced document: article by its genus and number, title in quotes.
            article = german.artikel(value.genus or "m", kasus, value.mehrzahl)
            return f"{article} „{value.titel}“"
        org = _org(value)
        return german.nominalphrase(org.name, org.genus, kasus, org.genitiv)
    return phrase


def _in(value: Any) -> str:
    """'im Kreis Coesfeld', 'in der Stadt Wuppertal', 'im Märkischen Kreis': 'in' with the
    dative, contracted, the name declined."""
    org = _org(value)
    name = german.name_nach_artikel(org.name, org.genus, "dat")
    return ("in der " if org.genus == "f" else "im ") + name


def _article(value: Any, kasus: german.Kasus) -> str:
    if isinstance(value, Schwerpunkte):
        return german.artikel(value.genus or "m", kasus, value.mehrzahl)
    return german.artikel(_org(value).genus, kasus)


def _title(person: Person, kasus: german.Kasus = "nom") -> str:
    if not person.titel:
        return ""
    return german.titel_nach_kasus(person.titel, person.geschlecht, kasus)


def _vertreten(person: Person) -> str:
    """'Herrn Staatssekretär Dr. Edmund Heller' after 'vertreten durch'; with a function
    'den Geschäftsführer Herrn ...'; without a name 'den Oberbürgermeister'."""
    article = german.personenartikel(person.geschlecht, "akk")
    lead = [article, german.titel_nach_kasus(person.funktion, person.geschlecht, "akk")
            ] if person.funktion else []
    if person.name is None:
        parts = lead or [article, _title(person, "akk")]
    else:
        parts = [*lead, german.anrede(person.geschlecht, "akk"), _title(person, "akk"),
                 person.name]
    return " ".join(p for p in parts if p)


def _amt(person: Person) -> str:
    """The function or title as it stands under a signature: 'Oberbürgermeisterin'."""
    grundform = person.funktion or person.titel
    return german.titel(grundform, person.geschlecht) if grundform else ""


def _ueberschriften(text: Any, top: int) -> Markup:
    """Markdown from the data with its highest heading moved to level `top`."""
    if not isinstance(text, MarkdownText):
        raise TypeError("'ueberschriften' gilt nur für Markdown-Felder")
    return Markup(headings.shift_headings(str(text), top))


def _md(value: Any) -> Markup:
    """Mark the output of a macro as Markdown that must not be escaped again."""
    return Markup(str(value))


def _woerter(values: Iterable[Any], last: str = "und") -> str:
    items = [str(v) for v in values]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _datum(value: Any, form: str = "kurz") -> str:
    """Dates written as text stay as the clerk wrote them ("21.12.20"); None is empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return german.datum(value, form)  # type: ignore[arg-type]


def _zahlwort(n: int, genus: german.Genus = "m", kasus: german.Kasus = "nom") -> str:
    return german.zahlwort(n, genus, kasus)


def _nach_artikel(value: Any, kasus: german.Kasus) -> str:
    """The name in `kasus` without its article: "Niedersächsische Ministerium ..."."""
    org = _org(value)
    return german.name_nach_artikel(org.name, org.genus, kasus, org.genitiv)


def _kurzform(value: Any) -> Organisation:
    """The organisation named by its head noun only, for "des Landkreises" after
    "des Landkreises Heidekreis" has been said."""
    org = _org(value)
    return Organisation(name=german.kurzform(org.name), genus=org.genus, ort=org.ort)


FILTERS: dict[str, Any] = {
    "nom": _case("nom"),
    "gen": _case("gen"),
    "dat": _case("dat"),
    "akk": _case("akk"),
    "artikel": _article,
    "in_dat": _in,
    "titel": _title,
    "vertreten": _vertreten,
    "amt": _amt,
    "ueberschriften": _ueberschriften,
    "akkusativ": german.akkusativ,
    "anrede": lambda p, kasus="nom": german.anrede(p.geschlecht, kasus),
    "zahl": german.zahl,
    "vorzeichen": german.zahl_mit_vorzeichen,
    "zahlwort": _zahlwort,
    "euro": german.euro,
    "mio_euro": german.mio_euro,
    "datum": _datum,
    "roemisch": german.ordinal_roemisch,
    "buchstabe": german.buchstabe,
    "aufzaehlung": _woerter,
    "md": _md,
    "gross": lambda text: text[:1].upper() + text[1:],
    "nach_artikel": _nach_artikel,
    "kurzform": _kurzform,
    "mal": german.mal_wort,
}

GLOBALS: dict[str, Any] = {
    "zaehler": Zaehler,
}


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with its checks remembered: whether an attribute may be read depends
    only on the object's type and the attribute's name (jinja2.sandbox), and a
    template's globals are the environment's, which never change once it is made.
    Both are asked for every attribute and every template call of every agreement."""

    # Bounded work (budget.py): loops and calls counted, sizes bounded.
    code_generator_class = budget.CountedLoops
    intercepted_binops = budget.BINOPS

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}
        for name in ("center", "indent", "replace", "join", "format", "wordwrap", "slice",
                     "batch"):
            self.filters[name] = budget.bounded_filter(name, self.filters[name])
        # Lorem ipsum has no place in an agreement, and lipsum(10**6) runs for minutes.
        del self.globals["lipsum"]

    def call(__self, __context: Any, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        budget.step()
        budget.check_call(__obj, args, kwargs)
        return budget.bounded(super().call(__context, __obj, *args, **kwargs))

    def begrenzt(self, value: Any) -> Any:
        """A `~` result, bounded in length (budget.CountedLoops)."""
        return budget.bounded(value)

    def ausgabe(self, characters: int) -> None:
        """Literal text put out, charged to the document (budget.CountedLoops)."""
        budget.put_out(characters)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return budget.bounded_binop(operator, left, right)

    def schritte(self, iterable: Any) -> Any:
        """The iterable of a `{% for %}`, its steps counted (budget.CountedLoops)."""
        return budget.counted(iterable)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # A plain dict instead of Jinja's ChainMap, which each render copies key by key.
        return {**self.globals, **(d or {})}


@functools.lru_cache(maxsize=16)
def _cached_environment(folders: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    return environment(folders)


def environment(folders: Sequence[Path]) -> ImmutableSandboxedEnvironment:
    env = _Environment(
        loader=FileSystemLoader([str(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,  # a long-lived process sees edited templates
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.bytecode_cache = jinja_cache.bytecode_cache(env)
    return env


def cached_environment(folders: Sequence[Path]) -> ImmutableSandboxedEnvironment:
    """One environment per template path, reused for every agreement of a batch:
    compiling templates costs more than rendering them."""
    return _cached_environment(tuple(folders))


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Drop trailing blanks (but keep Markdown's two-space hard break) and the blank
    lines that Jinja control blocks leave behind."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line and line[-1].isspace():  # most lines end in a letter or a mark
            stripped = line.rstrip()
            hard_break = stripped and line.endswith("  ")
            lines[i] = stripped + "  " if hard_break else stripped
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"
