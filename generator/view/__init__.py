"""The typed, frozen view of one agreement that templates, `zv check` and `zv diff` read:
parties, targets as value objects, year, Muster and clauses. Built in named steps
(`build.STEPS`); units and limit words live in `wording`."""

from .build import STEPS, View, build
from .parties import Partei

__all__ = ["STEPS", "Partei", "View", "build"]
