"""Bounded template work: a clause, macro or sentence form written by a Referat cannot
keep zv busy for minutes.

Jinja's sandbox limits each `range()` to 100,000 numbers, not the work: two nested
loops over `range(100000)` run for hours. Here every step of a loop (`{% for %}` over
anything: the code generator passes each loop's iterable through `Environment.schritte`)
and every call from a template counts against one budget per document, with a time limit
besides; `**` and `*` cannot make numbers or strings of unbounded size. When the budget
is spent, the template stops with `TooMuchWork`, which names what was exceeded; the
caller (compose.markdown) names the clause.
"""

from __future__ import annotations

import contextlib
import operator
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateRuntimeError

# A real document takes about a hundred steps (the examples: 80 to 100).
MAX_STEPS = 2_000_000
MAX_SECONDS = 20.0
MAX_LENGTH = 1_000_000     # characters or items a `*` may make
MAX_POWER_BITS = 10_000    # size of a number a `**` may make


class TooMuchWork(TemplateRuntimeError):
    """A template did more work than a document needs (a loop without end or too big)."""


class Budget:
    def __init__(self, steps: int = MAX_STEPS, seconds: float = MAX_SECONDS) -> None:
        self.left = steps
        self.steps = steps
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def step(self) -> None:
        self.left -= 1
        if self.left & 0x3FF == 0:  # every 1024 steps: the clock, and the count
            if self.left < 0:
                steps = f"{self.steps:,}".replace(",", ".")
                raise TooMuchWork(f"die Vorlage braucht zu viele Rechenschritte (mehr als "
                                  f"{steps}; Schleife zu groß oder ohne Ende?)")
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


def step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


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


def bounded_binop(name: str, left: Any, right: Any) -> Any:
    """`left name right` for '*' and '**', refused where the result would be huge."""
    if name == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and \
                abs(left) > 1 and left.bit_length() * right > MAX_POWER_BITS:
            raise TooMuchWork(f"Potenz zu groß ({left} ** {right})")
        return operator.pow(left, right)
    count = right if _size(left) and isinstance(right, int) else \
        left if _size(right) and isinstance(left, int) else 0
    if count and max(_size(left), _size(right)) * count > MAX_LENGTH:
        length = f"{MAX_LENGTH:,}".replace(",", ".")
        raise TooMuchWork(f"Text oder Liste zu lang (mehr als {length} Elemente)")
    return operator.mul(left, right)


class CountedLoops(CodeGenerator):
    """Jinja's code generator, with each loop's iterable passed through
    `environment.schritte` (which counts the steps of the loop)."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        counted_iter = nodes.Call(nodes.EnvironmentAttribute("schritte"), [node.iter], [],
                                  None, None, lineno=node.lineno)
        super().visit_For(nodes.For(node.target, counted_iter, node.body, node.else_,
                                    node.test, node.recursive, lineno=node.lineno), frame)
