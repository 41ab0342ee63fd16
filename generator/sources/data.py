"""The validated data of one agreement: each file of its sources checked against its model,
the standard text with every clause change applied, and the agreement's data merged in
order (state `vorgaben` < the Muster's `werte` < the agreement).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, Problem
from ..model import Agreement, Familie, State
from . import bausteine, references
from .bausteine import Klausel, Standardtext
from .read import Raw
from .resolve import Sources, forms, with_read_problems
from .validation import validate as validate_model
from .validation import validate_read
from .yamlread import Located, merge, sub


@dataclass(frozen=True)
class Data:
    """One agreement's validated data with what the view is built from."""

    sources: Sources
    agreement: Agreement
    state: State
    settings: Familie
    text: Standardtext  # the clauses of the family and the Muster in force
    klauseln: tuple[Klausel, ...]  # ... with the agreement's own changes
    merged: Located  # the agreement's data over the Muster's and the state's
    forms: frozenset[str]  # the sentence forms the family can use
    problems: tuple[Problem, ...]  # faults of the agreement's clause changes
    warnings: tuple[Problem, ...]


def validate(raw: Raw) -> Data:
    """Validate the sources of one agreement; raises InputError with every problem of the
    agreement file at once (its references are checked on the raw data too)."""
    found = raw.sources
    file = found.file
    state = validate_read(State, raw.state, found.state_file)
    text = bausteine.standard_text(found.family_file, found.muster, found.jahr)
    merged = vorgaben(state, raw.state, found.family, found.jahr)
    if text.werte is not None:
        merged = merge(merged, text.werte)
    merged = merge(merged, raw.agreement)
    settings = (validate_read(Familie, raw.settings, found.settings_file)
                if raw.settings is not None and found.settings_file else Familie())
    try:
        agreement = validate_model(Agreement, merged, file)
    except InputError as exc:
        # References are checked on the raw data too, so that every problem of the file
        # comes in one run, not only after the schema errors are fixed.
        seen = {p.field for p in exc.problems}
        more = [p for p in references.raw_problems(merged, state, settings, text.klauseln, file)
                if p.field not in seen]
        raise InputError(with_read_problems(raw.agreement, [*exc.problems, *more])) from None
    if raw.agreement.problems:
        raise InputError(with_read_problems(raw.agreement, list(raw.agreement.problems)))
    problems: list[Problem] = []
    klauseln = bausteine.apply(list(text.klauseln), agreement.bausteine, merged,
                               ("bausteine",), file, "Vereinbarung", problems)
    return Data(found, agreement, state, settings, text, tuple(klauseln), merged,
                frozenset(forms(found.folders)), tuple(problems),
                tuple(_no_muster(found, raw.agreement, text)))


def vorgaben(state: State, state_raw: Located, family: str, jahr: int) -> Located:
    """The state's `vorgaben` that hold for the family and year, merged in order."""
    merged = Located({}, {})
    for i, vorgabe in enumerate(state.vorgaben):
        if vorgabe.familie not in (None, family):
            continue
        if (vorgabe.von_jahr or jahr) <= jahr <= (vorgabe.bis_jahr or jahr):
            merged = merge(merged, sub(state_raw, ("vorgaben", i, "werte")))
    return merged


def _no_muster(found: Sources, raw: Located, text: Standardtext) -> list[Problem]:
    """A year without its own Muster: the clauses of an earlier one hold, its year's data
    does not."""
    jahr = found.jahr
    if text.muster is None or int(text.muster[:4]) >= jahr or not text.werte_felder:
        return []
    mark = raw.mark(("jahr",))
    return [Problem(
        found.file, mark.line if mark else 0, mark.column if mark else 0, "jahr",
        f"für {jahr} gibt es kein Muster (states/{found.land}/{jahr}.yaml): "
        f"es gelten die Bausteine des Musters {text.muster}, dessen Angaben für "
        f"{text.muster[:4]} ({', '.join(text.werte_felder)}) aber nicht", "das Muster "
        "des Jahres anlegen (docs/neues-jahr.md) oder die Angaben in die Vereinbarung "
        "schreiben", warning=True)]
