"""Render an agreement's clauses, in order, into its canonical Markdown.

Each clause of the family or a Muster is a small template, compiled once per process and
rendered with the view of the agreement; an agreement's own clause text is inserted as it
is. Counters, shared values (`variablen`) and the family's macros are the same object for
every clause of one document, so numbering runs on across clauses. A template error names
the file and line of the clause (or of the macro or sentence form) and the family.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..errors import InputError, Problem, SetupError
from ..model import Familientext
from ..model.values import xml_safe
from ..sources.bausteine import Klausel
from ..sources.resolve import FORMS
from ..text.document import BLOCKS, known_block
from ..text.numbering import Zaehler
from ..view import View, wording
from . import budget, jinja_cache, templating

MACROS = "makros.md.j2"


@functools.lru_cache(maxsize=2048)
def _template(env: ImmutableSandboxedEnvironment, source: str, name: str,
              filename: str) -> Template:
    code = jinja_cache.compile_source(env, source, name, filename, jinja_cache.folder(env))
    return env.template_class.from_code(env, code, env.make_globals(None))


@functools.lru_cache(maxsize=512)
def _expression(env: ImmutableSandboxedEnvironment, source: str) -> Callable[..., Any]:
    return env.compile_expression(source)


def _evaluate(env: ImmutableSandboxedEnvironment, source: str, context: dict[str, Any]
              ) -> Any:
    return _expression(env, source)(**context)


def _module(env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any]) -> Any:
    return env.get_template(name).make_module(context)


def markdown(folders: Sequence[Path], view: View, text: Familientext) -> str:
    """The agreement's Markdown: every clause whose condition holds, in order."""
    parts = [part for _, part in clauses(folders, view, text)]
    return templating.tidy("\n\n".join(p for p in parts if p))


def clauses(folders: Sequence[Path], view: View, text: Familientext
            ) -> list[tuple[Klausel, str]]:
    """Every clause whose condition holds with its rendered Markdown, in order (`zv
    import` finds the clause of a paragraph by it); the template work of one document
    is bounded (budget.py)."""
    with budget.limited():
        return _clauses(folders, view, text)


def _clauses(folders: Sequence[Path], view: View, text: Familientext
             ) -> list[tuple[Klausel, str]]:
    env = templating.cached_environment(folders)
    context = _context(env, folders, view, text)
    parts: list[tuple[Klausel, str]] = []
    for klausel in view.klauseln:
        where = f"{klausel.quelle}:{klausel.zeile}: Baustein '{klausel.name}' " \
                f"(Familie {view.familie})"
        if klausel.wenn is not None and not _guarded(
                functools.partial(_evaluate, env, klausel.wenn, context), where, klausel):
            continue
        if not klausel.vorlage:
            parts.append((klausel, _blocks_known(str(klausel.text).strip(), klausel, where)))
            continue
        template = _guarded(functools.partial(
            _template, env, klausel.text, klausel.name, str(klausel.quelle)), where, klausel)
        rendered = _guarded(functools.partial(template.render, context), where, klausel)
        # A control character a template makes ("\x1b" in a string) breaks the DOCX.
        _guarded(functools.partial(xml_safe, rendered), where, None)
        parts.append((klausel, _blocks_known(str(rendered).strip(), klausel, where)))
    return parts


_BLOCK_LINE = re.compile(r"^ {0,3}:{3,}[ \t]*([^\s:][^\n]*?)[ \t]*$", re.M)


def _blocks_known(text: str, klausel: Klausel, where: str) -> str:
    """A clause's text, if every `::: name` block in it is one of the dialect."""
    for match in _BLOCK_LINE.finditer(text):
        name = match.group(1)
        if not known_block(name):
            line = text.count("\n", 0, match.start()) + 1
            message = (f"unbekannter Block '::: {name}' (Zeile {line} des Textes); bekannt: "
                       + ", ".join(BLOCKS))
            if klausel.vorlage:
                raise SetupError(f"{where}: {message}")
            raise InputError([Problem(klausel.quelle, klausel.zeile, 0,
                                      f"bausteine.{klausel.name}", message)])
    return text


def compile_all(folders: Sequence[Path], klauseln: Sequence[Klausel]) -> list[Problem]:
    """Compile every template clause and condition, the macros and the sentence forms: a
    Muster's syntax errors, all of them, before any agreement is rendered with it (`zv
    check` on a Muster file)."""
    env = templating.cached_environment(folders)
    problems = []
    for klausel in klauseln:
        try:
            if klausel.wenn is not None:
                _expression(env, klausel.wenn)
            if klausel.vorlage:
                _template(env, klausel.text, klausel.name, str(klausel.quelle))
        except TemplateSyntaxError as exc:
            where = f", Zeile {exc.lineno} des Textes" if exc.lineno else ""
            problems.append(Problem(klausel.quelle, klausel.zeile, 0, klausel.name,
                                    f"Syntaxfehler in der Vorlage{where}: "
                                    f"{_german(exc.message or str(exc))}"))
    # The macros and sentence forms of the family and of _base, used or not yet.
    for folder in folders[:2]:
        for file in [folder / MACROS, *sorted((folder / FORMS).glob("*.md.j2"))]:
            try:
                source = file.read_text(encoding="utf-8")
                env.compile(source, name=file.name, filename=str(file))
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(file, 0, 0, "", f"Vorlage nicht lesbar ({exc})"))
            except TemplateSyntaxError as exc:
                problems.append(Problem(file, exc.lineno or 0, 0, "", "Syntaxfehler in der "
                                        f"Vorlage: {_german(exc.message or str(exc))}"))
    return problems


def _context(env: ImmutableSandboxedEnvironment, folders: Sequence[Path], view: View,
             text: Familientext) -> dict[str, Any]:
    context = view.template_context()
    context.update(wording.FUNCTIONS)
    counters = {name: Zaehler(spec.muster, art=spec.art) for name, spec in text.zaehler.items()}
    for name, spec in text.zaehler.items():
        if spec.neu_mit is not None:
            if spec.neu_mit not in counters:
                raise SetupError(f"{folders[0] / 'bausteine.yaml'}: zaehler.{name}: "
                                 f"unbekannter Zähler '{spec.neu_mit}' in neu_mit")
            counters[spec.neu_mit].mit(counters[name])
    context.update(counters)

    context["zielsatz"] = functools.partial(_sentence, env, context)
    for name, source in text.variablen.items():
        where = f"{folders[0] / 'bausteine.yaml'}: variablen.{name} (Familie {view.familie})"
        context[name] = _guarded(functools.partial(_evaluate, env, source, context), where,
                                 None)
    for macros in ("_base/" + MACROS, MACROS if (folders[0] / MACROS).is_file() else None):
        if macros is None:
            continue
        module = _guarded(functools.partial(_module, env, macros, context),
                          f"{macros} (Familie {view.familie})", None)
        context.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    return context


def _sentence(env: ImmutableSandboxedEnvironment, context: dict[str, Any], z: Any,
              wer: Any = None) -> Markup:
    """A target's sentence from its form file saetze/<z.satz>.md.j2."""
    template = env.get_template(f"{FORMS}/{z.satz}.md.j2")
    return Markup(template.render({**context, "z": z, "wer": wer}).strip())


def sentence(folders: Sequence[Path], z: Any, jahr: int, wer: Any = None) -> str:
    """One target sentence on its own, as a clause would write it (for tests and tools)."""
    env = templating.cached_environment(folders)
    context: dict[str, Any] = {"jahr": jahr, **wording.FUNCTIONS}
    with budget.limited():
        return str(_guarded(functools.partial(_sentence, env, context, z, wer),
                            f"{FORMS}/{z.satz}.md.j2", None))


def _guarded(call: Callable[[], Any], where: str, klausel: Klausel | None) -> Any:
    """Run a template call; any fault in a template is a setup error with its place."""
    try:
        return call()
    except TemplateNotFound as exc:
        raise SetupError(f"{where}: Vorlage '{exc.name}' nicht gefunden") from None
    except TemplateSyntaxError as exc:
        raise SetupError(f"{_place(exc, where, klausel, exc.lineno)}: Syntaxfehler in der "
                         f"Vorlage: {_german(exc.message or str(exc))}") from None
    except RecursionError as exc:
        raise SetupError(f"{_place(exc, where, klausel, None)}: Vorlage ruft sich ohne Ende "
                         "selbst auf (ein Makro, das sich selbst aufruft?)") from None
    except MemoryError:
        raise SetupError(f"{where}: die Vorlage braucht mehr Speicher, als da ist (Text oder "
                         "Liste zu groß?)") from None
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError,
            AttributeError, AssertionError, RuntimeError) as exc:  # Jinja's filters assert
        raise SetupError(f"{_place(exc, where, klausel, None)}: Fehler in der Vorlage: "
                         f"{_german(str(exc))}") from None


def _place(exc: BaseException, where: str, klausel: Klausel | None, line: int | None) -> str:
    """The innermost template frame of the error: a macro or sentence form file with its
    line, else the clause with the line inside its text."""
    frame_file, frame_line = None, None
    tb: types.TracebackType | None = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or (klausel is not None and name == str(klausel.quelle)):
            frame_file, frame_line = name, tb.tb_lineno
        tb = tb.tb_next
    if line is None and frame_file is not None and frame_file.endswith(".j2"):
        return f"{frame_file}:{frame_line}"
    line = line or frame_line
    return f"{where}, Zeile {line} des Textes" if line and klausel is not None else where


_GERMAN = (
    (re.compile(r"'([^']+)' is undefined"), r"unbekannter Name '\1'"),
    (re.compile(r"'([^']+)' has no attribute '([^']+)'"), r"'\2' gibt es bei '\1' nicht"),
    (re.compile(r"^unexpected '(.+)'$"), r"unerwartetes '\1'"),
    (re.compile(r"No (filter|test) named '([^']+)'\.?"), r"unbekannter Filter '\2'"),
    (re.compile(r"^unexpected end of template.*", re.IGNORECASE | re.DOTALL),
     "Vorlage endet mitten in einem Block (fehlt ein {% endif %} oder {% endfor %}?)"),
    (re.compile(r"(integer |float )?(division|modulo)( or modulo)? by zero"),
     "Division durch null"),
)


def _german(message: str) -> str:
    for pattern, replacement in _GERMAN:
        message = pattern.sub(replacement, message)
    return message
