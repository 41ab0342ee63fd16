"""Click's own words in German: usage lines, option headings, errors, defaults.

Click looks its messages up through gettext's `_` and `ngettext` in each of its
modules; replacing those names with a lookup in this table makes every word a clerk
reads German, independent of the machine's locale and of installed catalogs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import click

GERMAN = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Positional arguments": "Argumente",
    "Show this message and exit.": "Diese Hilfe anzeigen und beenden.",
    "Show the version and exit.": "Die Version anzeigen und beenden.",
    "Aborted!": "Abgebrochen.",
    "Missing command.": "Befehl fehlt.",
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe: '{command} {option}'.",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Missing argument": "Argument fehlt",
    "Missing option": "Option fehlt",
    "Missing parameter": "Angabe fehlt",
    "Missing {param_type}": "{param_type} fehlt",
    "Missing parameter: {param_name}": "Angabe fehlt: {param_name}",
    "No such option {name!r}.": "Unbekannte Option {name!r}.",
    "No such command {name!r}.": "Unbekannter Befehl {name!r}.",
    "No such option: {name}": "Unbekannte Option: {name}",
    "unknown error": "unbekannter Fehler",
    "Could not open file {filename!r}: {message}":
        "Datei {filename!r} kann nicht geöffnet werden: {message}",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "(dynamic)": "(veränderlich)",
    "required": "Pflicht",
    "deprecated": "veraltet",
    "Choose from:\n\t{choices}": "Möglich:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige {number_type}.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} gibt es nicht.",
    "{name} {filename!r} is a file.": "{name} {filename!r} ist eine Datei.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} ist ein Ordner.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} ist nicht beschreibbar.",
    "Option {name!r} does not take a value.": "Option {name!r} nimmt keinen Wert.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} braucht {nargs} Werte.",
    "Invalid start character for option ({option})":
        "Ungültiges Zeichen am Anfang der Option ({option})",
    "Error: invalid input": "Fehler: ungültige Eingabe",
}
PLURAL = {
    "Got unexpected extra argument ({args})":
        ("Unerwartetes zusätzliches Argument ({args})",
         "Unerwartete zusätzliche Argumente ({args})"),
    "Did you mean {possibility}?": ("Meinten Sie {possibility}?",
                                    "(Meinten Sie eine von: {possibilities}?)"),
    "Option {name!r} requires an argument.": ("Option {name!r} braucht einen Wert.",
                                              "Option {name!r} braucht {nargs} Werte."),
    "{value!r} is not {choice}.": ("{value!r} ist nicht {choice}.",
                                   "{value!r} ist keiner von {choices}."),
    "{value!r} does not match the format {format}.":
        ("{value!r} passt nicht zum Format {format}.",
         "{value!r} passt zu keinem der Formate {formats}."),
    "Takes {nargs} values but 1 was given.": ("Braucht {nargs} Werte, einer angegeben.",
                                              "Braucht {nargs} Werte, {len} angegeben."),
}
_MODULES = ("core", "exceptions", "formatting", "decorators", "types", "parser", "termui")


def gettext(message: str) -> str:
    return GERMAN.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    german = PLURAL.get(singular)
    if german is None:
        return singular if n == 1 else plural
    return german[0] if n == 1 else german[1]


# Type names show as metavars ("--jobs INTEGER") and in errors ("not a valid integer").
TYPE_NAMES: dict[type[Any], str] = {
    click.types.StringParamType: "Text", click.types.IntParamType: "Zahl",
    click.types.IntRange: "Zahl", click.types.FloatParamType: "Zahl",
    click.types.FloatRange: "Zahl", click.types.BoolParamType: "ja/nein",
    click.types.DateTime: "Datum",
}
USAGE = {"[OPTIONS]": "[OPTIONEN]", "COMMAND [ARGS]...": "BEFEHL [ARGUMENTE]..."}
_original_pieces: dict[type[click.Command], Callable[..., list[str]]] = {
    cls: cls.collect_usage_pieces for cls in (click.Command, click.Group)}


def _usage_pieces(cls: type[click.Command]) -> Any:
    def pieces(self: click.Command, ctx: click.Context) -> list[str]:
        out = []
        for piece in _original_pieces[cls](self, ctx):
            for english, german in USAGE.items():
                piece = piece.replace(english, german)
            out.append(piece)
        return out

    return pieces


def install() -> None:
    """Make Click speak German (idempotent)."""
    for cls in _original_pieces:
        cls.collect_usage_pieces = _usage_pieces(cls)  # type: ignore[method-assign]
    for param_type, german in TYPE_NAMES.items():
        param_type.name = german
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
