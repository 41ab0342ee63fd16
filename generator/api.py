"""The pipeline as plain functions: load, validate, render, write.

Nothing here prints or exits; the CLI does that. Every user error is raised as a
ZvError subclass that carries its file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .compose import markdown as compose
from .errors import InputError, Problem

# Re-exported: the pipeline's public functions live in the light module files.py.
from .files import PACKAGE_ROOT as PACKAGE_ROOT
from .files import find_agreements as find_agreements
from .files import looked_up
from .files import output_path as output_path
from .files import parse_formats as parse_formats
from .files import project_root as project_root
from .files import write_file as write_file
from .files import write_outputs as write_outputs
from .model import Agreement, Familie, Familientext, State, full_date
from .sources import bausteine
from .sources.validation import validate, validate_shared
from .sources.yamlread import Located, load_yaml, merge, sub
from .text import document
from .view import View, references
from .view import build as build_view
from .writers import Job
from .writers import write as write_format

FAMILIE = "familie.yaml"


@dataclass(frozen=True)
class Loaded:
    """A validated agreement with everything needed to render it."""

    file: Path
    root: Path
    agreement: Agreement
    state: State
    view: View
    warnings: tuple[Problem, ...]
    text: Familientext
    folders: tuple[Path, ...]
    inputs: tuple[Path, ...]  # every file the document depends on, for watching and stamps


def load(file: Path) -> Loaded:
    """Read an agreement with its state, family, Muster and clauses, and build its view."""
    raw = load_yaml(file)
    land, jahr = raw.data.get("land"), raw.data.get("jahr")
    if not isinstance(land, str) or not isinstance(jahr, int) or isinstance(jahr, bool):
        validate(Agreement, raw, file)  # reports what is wrong with land/jahr and the rest
        raise InputError([Problem(file, 1, 1, "land", "Land und Jahr sind anzugeben")])
    root = project_root(file.parent)
    state_file = _key_file(raw, file, ("land",), land, root / "states", ".yaml", "Landesdatei")
    state, state_raw = validate_shared(State, state_file)
    chosen = raw.data.get("familie")
    family = chosen if isinstance(chosen, str) else state.familie
    folder = _key_file(raw, file, ("familie",), family, root / "templates", "",
                       "Vorlagenfamilie")
    muster = raw.data.get("muster")
    mark = raw.mark(("muster",))
    text = bausteine.standard_text(
        folder, root / "states", land, state.familie, jahr,
        str(muster) if muster is not None else None,
        Problem(file, mark.line if mark else 0, mark.column if mark else 0, "muster", ""))
    merged = _vorgaben(state, state_raw, family, jahr)
    if text.werte is not None:
        merged = merge(merged, text.werte)
    merged = merge(merged, raw)
    settings = load_familie(folder)
    try:
        agreement = validate(Agreement, merged, file)
    except InputError as exc:
        # References are checked on the raw data too, so that every problem of the file
        # comes in one run, not only after the schema errors are fixed.
        seen = {p.field for p in exc.problems}
        more = [p for p in references.raw_problems(merged, state, settings, text.klauseln, file)
                if p.field not in seen]
        raise InputError(sorted([*exc.problems, *more],
                                key=lambda p: (str(p.file), p.line, p.column))) from None
    folders = (folder, root / "templates" / "_base")
    clause_problems: list[Problem] = []
    klauseln = bausteine.apply(list(text.klauseln), agreement.bausteine, merged,
                               ("bausteine",), file, "Vereinbarung", clause_problems)
    view, warnings = build_view(agreement, state, settings, family, text.muster,
                                klauseln, compose.forms(folders), merged, file,
                                clause_problems)
    if text.muster is not None and int(text.muster[:4]) < jahr and text.werte_felder:
        mark = raw.mark(("jahr",))
        warnings.append(Problem(
            file, mark.line if mark else 0, mark.column if mark else 0, "jahr",
            f"für {jahr} gibt es kein Muster ({root / 'states' / land}/{jahr}.yaml): es "
            f"gelten die Bausteine des Musters {text.muster}, dessen Angaben für "
            f"{text.muster[:4]} ({', '.join(text.werte_felder)}) aber nicht", "das Muster "
            "des Jahres anlegen (docs/neues-jahr.md) oder die Angaben in die Vereinbarung "
            "schreiben", warning=True))
    return Loaded(file, root, agreement, state, view, tuple(warnings), text.text, folders,
                  (file, state_file, *text.dateien))


def _vorgaben(state: State, state_raw: Located, family: str, jahr: int) -> Located:
    """The state's `vorgaben` that hold for the family and year, merged in order."""
    merged = Located({}, {})
    for i, vorgabe in enumerate(state.vorgaben):
        if vorgabe.familie not in (None, family):
            continue
        if (vorgabe.von_jahr or jahr) <= jahr <= (vorgabe.bis_jahr or jahr):
            merged = merge(merged, sub(state_raw, ("vorgaben", i, "werte")))
    return merged


def _key_file(raw: Located, file: Path, path: tuple[str, ...], key: str, folder: Path,
              suffix: str, what: str) -> Path:
    """`land` and `familie` are names, never paths: only what exists in the folder."""
    known = looked_up(("names", folder, suffix), lambda: sorted(
        p.stem if suffix else p.name for p in folder.glob("*" + suffix)
        if not p.name.startswith(("_", ".")) and (p.is_file() if suffix else p.is_dir())))
    if key in known:
        return folder / f"{key}{suffix}"
    mark = raw.mark(path)
    raise InputError([Problem(file, mark.line if mark else 0, mark.column if mark else 0,
                              path[0], f"unbekannte {what} '{key}' (in {folder})",
                              bausteine.name_hint(key, known))])


def standard(land: str, jahr: int, familie: str | None = None,
             start: Path | None = None) -> bausteine.Standardtext:
    """The clauses in force for a state, year and family (default: the state's), for
    `zv bausteine`; the project is the one around `start` (default: this folder)."""
    root = project_root(start or Path.cwd())
    here = Located({"land": land, "familie": familie}, {})
    where = root / "states"
    state_file = _key_file(here, where, ("land",), land, where, ".yaml", "Landesdatei")
    state = validate(State, load_yaml(state_file), state_file)
    folder = _key_file(here, root / "templates", ("familie",), familie or state.familie,
                       root / "templates", "", "Vorlagenfamilie")
    return bausteine.standard_text(folder, where, land, state.familie, jahr)


def load_familie(folder: Path) -> Familie:
    """The family's settings (templates/<family>/familie.yaml); defaults if it has none."""
    settings = folder / FAMILIE
    if not settings.is_file():
        return Familie()
    return validate_shared(Familie, settings)[0]


def check(file: Path) -> list[Problem]:
    """Validate and render in memory; returns warnings, raises on errors. A Muster file
    (states/<land>/<jahr>.yaml) is checked as a Muster, a state file by its schema."""
    from .cycle import checks

    if bausteine.is_muster_file(file):
        check_muster(file)
        return []
    if file.parent.name == "states" and (file.parent.parent / "templates").is_dir():
        validate(State, load_yaml(file), file)  # a state file: its schema
        return []
    loaded = load(file)
    markdown(loaded)
    return list(loaded.warnings) + checks.warnings(loaded)


def check_muster(file: Path) -> None:
    """A Muster on its own: its chain and clause changes, every clause's template syntax,
    and its `werte` as fields of an agreement; raises on the first kind of error found."""
    root = project_root(file.parent)
    land = file.parent.name
    state_file = root / "states" / f"{land}.yaml"
    if not state_file.is_file():
        raise InputError([Problem(file, 0, 0, "", f"keine Landesdatei {state_file} zu diesem "
                                  "Muster")])
    state, state_raw = validate_shared(State, state_file)
    jahr, familie = bausteine.muster_key(file.stem, state.familie)
    folder = root / "templates" / familie
    if not (folder / bausteine.FAMILY_FILE).is_file():
        raise InputError([Problem(file, 0, 0, "", f"keine Vorlagenfamilie '{familie}' in "
                                  f"{root / 'templates'}")])
    text = bausteine.standard_text(folder, root / "states", land, state.familie, jahr,
                                   file.stem)
    faults = compose.compile_all((folder, root / "templates" / "_base", root / "templates"),
                                 text.klauseln)
    if faults:
        raise InputError(faults)
    if text.werte is not None:
        some = next(iter(state.traeger), "")
        frame = Located({"land": land, "jahr": jahr, "familie": familie, "traeger": some}, {})
        defaults = merge(frame, _vorgaben(state, state_raw, familie, jahr))
        validate(Agreement, merge(defaults, text.werte), file)


def markdown(loaded: Loaded) -> str:
    # The templates/ folder itself comes last so that a family can use "_base/...".
    search = (*loaded.folders, loaded.root / "templates")
    return compose.markdown(search, loaded.view, loaded.text)


def render(file: Path, formats: Sequence[str]) -> dict[str, bytes]:
    """Every requested format of one agreement, in memory: all or nothing."""
    the_job = job(load(file))
    return {fmt: write_format(fmt, the_job) for fmt in formats}


def job(loaded: Loaded) -> Job:
    """What the writers need of a loaded agreement: its text, blocks and facts."""
    text = markdown(loaded)
    return Job(
        markdown=text,
        blocks=document.parse(text),
        folders=loaded.folders,
        kurzname=loaded.view.kurzname,
        titel=loaded.view.kurzname,
        jahr=loaded.agreement.jahr,
        stand=stand(loaded),
        entwurf=draft_mark(loaded),
    )


def draft_mark(loaded: Loaded) -> str:
    """"Entwurf, Stand TT.MM.JJJJ" for a draft (the date from the file), else empty."""
    if loaded.agreement.status != "entwurf":
        return ""
    return f"Entwurf, Stand {(loaded.agreement.stand or stand(loaded)):%d.%m.%Y}"


def stand(loaded: Loaded) -> dt.date:
    """The document date for DOCX properties: the latest full signature date, else 1 Jan."""
    dates = [d for d in (as_date(p.unterschrift.datum) for p in loaded.view.parteien)
             if d is not None]
    return max(dates) if dates else dt.date(loaded.agreement.jahr, 1, 1)


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A signature date as a date: YAML dates and full German dates written as text; a
    partial date ("27. 2020") has no day to stamp."""
    return full_date(value) if isinstance(value, str) else value


def schema() -> str:
    data = Agreement.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "Zielvereinbarung nach § 48b SGB II (zv)"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
