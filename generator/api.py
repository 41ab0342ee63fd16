"""The pipeline as plain functions: load, validate, render, write.

Nothing here prints or exits; the CLI does that. Every user error is raised as a
ZvError subclass that carries its file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path

from .compose import markdown as compose
from .errors import InputError, Problem
from .files import output_path as output_path
from .files import parse_formats as parse_formats
from .files import write_file as write_file
from .files import write_outputs as write_outputs
from .loaded import Loaded as Loaded
from .model import Agreement, State, full_date
from .sources import bausteine
from .sources.data import validate, vorgaben

# Re-exported: the pipeline's public functions live in the light module files.py.
from .sources.project import PACKAGE_ROOT as PACKAGE_ROOT
from .sources.project import find_agreements as find_agreements
from .sources.project import project_root as project_root
from .sources.read import read
from .sources.resolve import (
    FAMILY_FILE,
    family_file,
    is_muster_file,
    muster_chain,
    muster_key,
    named_file,
    resolve,
)
from .sources.validation import validate as validate_model
from .sources.validation import validate_shared
from .sources.yamlread import Located, load_yaml, merge
from .text import document
from .view import build as build_view
from .writers import Job
from .writers import write as write_format
from .writers.soft_hyphens import name_words


def load(file: Path, content: bytes | None = None) -> Loaded:
    """Read an agreement with its state, family, Muster and clauses, and build its view;
    `content`: the bytes the file is about to get, checked before they are written."""
    found = resolve(file, content)  # the files it depends on, by the names it gives
    raw = read(found)  # each of them as YAML with positions
    data = validate(raw)  # models, the clauses in force, the data merged in order
    view, warnings = build_view(data)
    return Loaded(file, found.root, data.agreement, data.state, view,
                  (*warnings, *data.warnings), data.text.text, found.folders, found.inputs,
                  found.source)


def standard(land: str, jahr: int, familie: str | None = None,
             start: Path | None = None) -> bausteine.Standardtext:
    """The clauses in force for a state, year and family (default: the state's), for
    `zv bausteine`; the project is the one around `start` (default: this folder)."""
    root = project_root(start or Path.cwd())
    here = Located({"land": land, "familie": familie}, {})
    where = root / "states"
    state_file = named_file(here, where, "land", land, where, ".yaml", "Landesdatei")
    state = validate_model(State, load_yaml(state_file), state_file)
    family = familie or state.familie
    folder = named_file(here, root / "templates", "familie", family,
                                 root / "templates", "", "Vorlagenfamilie")
    chain = muster_chain(where, land, family, state.familie, jahr)
    return bausteine.standard_text(family_file(folder), chain, jahr)


def check(file: Path) -> list[Problem]:
    """Validate and render in memory; returns warnings, raises on errors. A Muster file
    (states/<land>/<jahr>.yaml) is checked as a Muster, a state file by its schema."""
    from .cycle import checks
    from .writers import asset
    from .writers.frame_check import check_frame
    from .writers.html import stylesheet

    if is_muster_file(file):
        check_muster(file)
        return []
    if file.parent.name == "states" and (file.parent.parent / "templates").is_dir():
        validate_model(State, load_yaml(file), file)  # a state file: its schema
        return []
    try:
        loaded = load(file)
    except InputError as exc:  # the warnings about its dates come with its errors
        more = checks.date_warnings(file)
        if not more:
            raise
        raise InputError([*exc.problems, *more]) from None  # errors first
    markdown(loaded)
    # What `zv render` would refuse in the family's layout files.
    stylesheet(loaded.folders)
    check_frame(asset(loaded.folders, "frame.docx"))
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
    jahr, familie = muster_key(file.stem, state.familie)
    folder = root / "templates" / familie
    if not (folder / FAMILY_FILE).is_file():
        raise InputError([Problem(file, 0, 0, "", f"keine Vorlagenfamilie '{familie}' in "
                                  f"{root / 'templates'}")])
    chain = muster_chain(root / "states", land, familie, state.familie, jahr,
                                  file.stem)
    text = bausteine.standard_text(folder / FAMILY_FILE, chain, jahr)
    faults = compose.compile_all((folder, root / "templates" / "_base", root / "templates"),
                                 text.klauseln)
    if faults:
        raise InputError(faults)
    if text.werte is not None:
        some = next(iter(state.traeger), "")
        frame = Located({"land": land, "jahr": jahr, "familie": familie, "traeger": some}, {})
        defaults = merge(frame, vorgaben(state, state_raw, familie, jahr))
        validate_model(Agreement, merge(defaults, text.werte), file)
    _trial(file, root, land, jahr)


_LAND = re.compile(r"(?m)^land:[ \t]*['\"]?([a-z0-9_]+)")
_JAHR = re.compile(r"(?m)^jahr:[ \t]*(\d{4})[ \t]*(?:#.*)?$")
TRIALS = 3  # agreements a Muster is tried with


def _trial(file: Path, root: Path, land: str, jahr: int) -> None:
    """The Muster's clauses rendered with real data, as `zv render` would: with up to
    TRIALS agreements that use it, of its year first, then of the nearest years, those of
    earlier years moved to its year in memory (as `zv next` would). A template fault is
    raised as SetupError naming the agreement it was tried with; agreements with faults
    of their own are left out."""
    from .cycle import nextyear
    from .errors import SetupError, ZvError

    found: list[tuple[int, Path]] = []
    for agreement in find_agreements([root / "agreements"]):
        try:
            head = agreement.read_text(encoding="utf-8", errors="replace")[:20_000]
        except OSError:
            continue
        land_of, jahr_of = _LAND.search(head), _JAHR.search(head)
        if land_of and jahr_of and land_of.group(1) == land:
            found.append((int(jahr_of.group(1)), agreement))
    this = file.resolve()
    tried = 0
    # Its own year first, then the nearest: a later year's chain may pass through it.
    for year, agreement in sorted(found, key=lambda f: (f[0] != jahr, abs(f[0] - jahr),
                                                        -f[0]))[:TRIALS * 4]:
        if tried == TRIALS:
            break
        try:
            if year >= jahr:
                loaded = load(agreement)
            else:
                draft = nextyear.draft(agreement, dt.date.today(), jahr)
                loaded = load(draft.target, draft.text.encode("utf-8"))
        except ZvError:
            continue
        if this not in {p.resolve() for p in loaded.inputs}:
            continue
        tried += 1
        try:
            markdown(loaded)
        except SetupError as exc:
            raise SetupError(f"{exc} (Probelauf des Musters mit {agreement})") from None
        except ZvError:
            continue


def markdown(loaded: Loaded) -> str:
    # The templates/ folder itself comes last so that a family can use "_base/...".
    search = (*loaded.folders, loaded.root / "templates")
    return compose.markdown(search, loaded.view, loaded.text)


def clauses(loaded: Loaded) -> list[tuple[bausteine.Klausel, str]]:
    """The clauses of the document with their rendered Markdown, in order."""
    return compose.clauses((*loaded.folders, loaded.root / "templates"), loaded.view,
                           loaded.text)


def render(file: Path, formats: Sequence[str]) -> dict[str, bytes]:
    """Every requested format of one agreement, in memory: all or nothing."""
    the_job = job(load(file))
    return {fmt: write_format(fmt, the_job) for fmt in formats}


def render_checked(file: Path, formats: Sequence[str]
                   ) -> tuple[dict[str, bytes], list[Problem]]:
    """`render`, with the warnings `zv check` gives for the file."""
    from .cycle import checks

    loaded = load(file)
    the_job = job(loaded)
    outputs = {fmt: write_format(fmt, the_job) for fmt in formats}
    return outputs, [*loaded.warnings, *checks.warnings(loaded)]


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
        names=_names(loaded),
        eigenschaften=origin(loaded),
    )


# Custom document properties of a DOCX: the agreement it was made from (`zv import`).
SOURCE_PROPERTY = "zv-vereinbarung"
FINGERPRINT_PROPERTY = "zv-fingerabdruck"


def origin(loaded: Loaded) -> tuple[tuple[str, str], ...]:
    """The agreement file (relative to the project root) and the sha256 of its bytes."""
    try:
        data = loaded.source or loaded.file.read_bytes()  # the bytes that were rendered
    except OSError:
        return ()
    file = loaded.file.resolve()
    try:
        name = file.relative_to(loaded.root.resolve()).as_posix()
    except ValueError:
        name = file.name
    return ((SOURCE_PROPERTY, name), (FINGERPRINT_PROPERTY, fingerprint(data)))


def fingerprint(data: bytes) -> str:
    import hashlib

    return "sha256:" + hashlib.sha256(data).hexdigest()


def _names(loaded: Loaded) -> frozenset[str]:
    """The words of the document's proper names: its parties, their people and places."""
    found: list[str | None] = []
    for p in loaded.view.parteien:
        found += [p.org.name, p.kurz, p.name_kurz, p.org.ort, p.ort,
                  p.person.name if p.person else None]
    return name_words(*found)


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
