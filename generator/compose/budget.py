"""Bounded template work: a clause, macro or sentence form written by a Referat cannot
keep zv busy for minutes or fill the memory.

Jinja's sandbox limits each `range()` to 100,000 numbers, not the work: two nested
loops over `range(100000)` run for hours. Here every step of a loop (`{% for %}` over
anything: the code generator passes each loop's iterable through `Environment.schritte`)
and every call from a template counts against one budget per document, with a time limit
besides. Sizes are bounded too: the text a document's templates put out (literal text
and `{{ }}` alike), every string or list a call, `~`, `+`, `*` or `%` makes, and
beforehand what a width or a replacement would make ("x"|center(10**9)), `**` by the
size of its result. When a bound is reached, the template stops with `TooMuchWork`,
which says which; the caller (compose.markdown) names the clause.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateRuntimeError

# A real document takes about a hundred steps (the examples: 80 to 100).
MAX_STEPS = 2_000_000
MAX_SECONDS = 10.0
MAX_LENGTH = 1_000_000     # characters or items one operation may make
MAX_OUTPUT = 10_000_000    # characters the templates of one document may put out
MAX_POWER_BITS = 10_000    # size of a number a `**` may make


class TooMuchWork(TemplateRuntimeError):
    """A template did more work than a document needs (a loop without end or too big)."""


class Budget:
    def __init__(self, steps: int = MAX_STEPS, seconds: float = MAX_SECONDS) -> None:
        self.left = steps
        self.steps = steps
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.output = 0

    def put_out(self, characters: int) -> None:
        self.output += characters
        if self.output > MAX_OUTPUT:
            raise TooMuchWork(f"die Vorlage erzeugt zu viel Text (mehr als "
                              f"{_number(MAX_OUTPUT)} Zeichen; Schleife zu groß?)")

    def step(self) -> None:
        # The clock at every step: one step may be slow work (a filter on a long text).
        self.left -= 1
        if self.left < 0:
            raise TooMuchWork(f"die Vorlage braucht zu viele Rechenschritte (mehr als "
                              f"{_number(self.steps)}; Schleife zu groß oder ohne Ende?)")
        if time.monotonic() > self.deadline:
            raise TooMuchWork(f"die Vorlage rechnet länger als {self.seconds:.0f} "
                              "Sekunden (Schleife zu groß oder ohne Ende?)")


_BUDGET: ContextVar[Budget | None] = ContextVar("zv_template_budget", default=None)


@contextlib.contextmanager
def limited(budget: Budget | None = None) -> Iterator[Budget]:
    """Template work inside counts against one budget (a fresh one by default)."""
    current = budget or Budget()
    token = _BUDGET.set(current)
    try:
        yield current
    finally:
        _BUDGET.reset(token)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


def put_out(characters: int) -> None:
    """Charge text a template puts out (literal text and `{{ }}`)."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.put_out(characters)


def _too_long() -> TooMuchWork:
    return TooMuchWork(f"Text oder Liste zu lang (mehr als {_number(MAX_LENGTH)} Zeichen "
                       "oder Elemente)")


def bounded(value: Any) -> Any:
    """`value` if it is no longer than MAX_LENGTH (strings, lists, tuples)."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_LENGTH:
        raise _too_long()
    return value


def _width(value: Any) -> int:
    return value if isinstance(value, int) else len(value) if isinstance(value, str) else 0


def _replaced(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * len(new)


def _percent_widths(form: str, args: Any) -> int:
    """The largest field width a %-format asks for ("%0999999999d", "%*d")."""
    widest = max((int(w) for w in re.findall(r"%[#0\- +]*(\d+)", form)), default=0)
    if "*" in form:
        values = args if isinstance(args, tuple) else (args,)
        widest = max([widest, *(v for v in values if isinstance(v, int))])
    return widest


def _brace_widths(form: str) -> int:
    """The largest field width a str.format asks for ("{:>999999999}")."""
    return max((int(w) for w in re.findall(r"\{[^{}]*:[^{}\d]*(\d+)", form)), default=0)


def estimate(name: str, text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """About how long the result of the string operation `name` on `text` will be."""
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in ("center", "ljust", "rjust", "zfill"):
        return _width(first)
    if name == "indent":
        return len(text) + (text.count("\n") + 1) * _width(first if args or kwargs else 4)
    if name == "expandtabs":
        return len(text) + text.count("\t") * _width(first if first is not None else 8)
    if name == "replace" and len(args) >= 2:
        return _replaced(text, *args[:3])
    if name == "join" and isinstance(first, Sized):
        return len(text) * len(first)
    if name in ("format", "format_map"):
        return len(text) + max(_brace_widths(text), _percent_widths(text, args))
    return 0


def check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a string method whose result would be too long."""
    owner = getattr(obj, "__self__", None)
    if owner is None:  # the sandbox's wrapper of str.format
        owner = getattr(getattr(obj, "__wrapped__", None), "__self__", None)
    if isinstance(owner, str) and estimate(getattr(obj, "__name__", ""), owner, args,
                                           kwargs) > MAX_LENGTH:
        raise _too_long()


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that refuses a result longer than MAX_LENGTH, before making it
    where its arguments say how long it will be (center, indent, replace, join, format,
    slice, batch)."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        value = args[skip] if len(args) > skip else None
        text = value if isinstance(value, str) else ""
        rest = args[skip + 1:]
        if name in ("slice", "batch"):  # as many parts as asked for, made one by one
            size = _width(rest[0] if rest else next(iter(kwargs.values()), 0))
        elif name == "join":
            size = len(str(rest[0] if rest else kwargs.get("d", ""))) * (
                len(value) if isinstance(value, Sized) else 0)
        elif name == "format":
            size = len(text) + _percent_widths(text, rest)
        else:
            size = estimate(name, text, rest, kwargs)
        if size > MAX_LENGTH:
            raise _too_long()
        return bounded(function(*args, **kwargs))

    return filtered


def counted(iterable: Iterable[Any]) -> Iterable[Any]:
    """`iterable` with a step counted for each item (for a template's `{% for %}`)."""
    budget = _BUDGET.get()
    if budget is None:
        return iterable
    return _counting(iterable, budget)


def _counting(iterable: Iterable[Any], budget: Budget) -> Iterator[Any]:
    for item in iterable:
        budget.step()
        yield item


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod}
BINOPS = frozenset(_BINOPS)


def bounded_binop(name: str, left: Any, right: Any) -> Any:
    """`left name right` for the operators in BINOPS, refused where the result would be
    huge: a number by its size, a string or list by its length."""
    if name == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and \
                abs(left) > 1 and left.bit_length() * right > MAX_POWER_BITS:
            raise TooMuchWork(f"Potenz zu groß ({left} ** {right})")
    elif name == "*":
        count = right if _size(left) and isinstance(right, int) else \
            left if _size(right) and isinstance(left, int) else 0
        if count and max(_size(left), _size(right)) * count > MAX_LENGTH:
            raise _too_long()
    elif name == "%" and isinstance(left, str) and \
            len(left) + _percent_widths(left, right) > MAX_LENGTH:
        raise _too_long()
    return bounded(_BINOPS[name](left, right))


class CountedLoops(CodeGenerator):
    """Jinja's code generator, with each loop's iterable passed through
    `environment.schritte` (which counts the steps of the loop), each `~` through
    `environment.begrenzt` and the literal text of each output charged to
    `environment.ausgabe`."""

    # Part of the compiled templates' cache key (jinja_cache): raise it with each change
    # to the code this generates.
    version = 2

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        # The literal text of an output is charged before it goes out ({{ }} in finalize).
        size = sum(len(n.data) for n in node.nodes if isinstance(n, nodes.TemplateData))
        if size:
            self.writeline(f"environment.ausgabe({size})")
        super().visit_Output(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.begrenzt(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        counted_iter = nodes.Call(nodes.EnvironmentAttribute("schritte"), [node.iter], [],
                                  None, None, lineno=node.lineno)
        super().visit_For(nodes.For(node.target, counted_iter, node.body, node.else_,
                                    node.test, node.recursive, lineno=node.lineno), frame)
