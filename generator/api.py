"""The pipeline as plain functions: load, validate, render, write.

Nothing here prints or exits; the CLI does that. Every user error is raised as a
ZvError subclass that carries its file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import context as ctx
from . import document, lifetime, templating
from .errors import InputError, Problem, SetupError
from .loading import Located, load_yaml, merge, sub
from .model import Agreement, Familie, State, full_date
from .validation import validate
from .writers import FORMATS, Job
from .writers import write as write_format

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
_UMASK = os.umask(0o022)  # read the process umask (there is no getter), then restore it
os.umask(_UMASK)
TEMPLATE = "agreement.md.j2"
_NOT_AGREEMENTS = frozenset({"states", "templates", "output"})
FAMILIE = "familie.yaml"


@dataclass(frozen=True)
class Loaded:
    """A validated agreement with everything needed to render it."""

    file: Path
    root: Path
    agreement: Agreement
    state: State
    context: dict[str, Any]
    folders: tuple[Path, ...]


def project_root(start: Path) -> Path:
    """The nearest folder above `start` with states/ and templates/, else zv's own."""
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / "states").is_dir() and (folder / "templates").is_dir():
            return folder
    return PACKAGE_ROOT


def find_agreements(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders expanded to every *.yaml below them, sorted.

    Below a folder, state files, template settings and hidden folders are not
    agreements, so `zv check .` in a project checks the agreements only.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*.yaml") if p.is_file() and not any(
                    part in _NOT_AGREEMENTS or part.startswith(".")
                    for part in p.relative_to(path).parts[:-1])))
        else:
            found.append(path)
    return found


def load(file: Path) -> Loaded:
    raw = load_yaml(file)
    land, jahr = raw.data.get("land"), raw.data.get("jahr")
    if not isinstance(land, str) or not isinstance(jahr, int) or isinstance(jahr, bool):
        validate(Agreement, raw, file)  # reports what is wrong with land/jahr and the rest
        raise InputError([Problem(file, 1, 1, "land", "Land und Jahr sind anzugeben")])
    root = project_root(file.parent)
    state_file = root / "states" / f"{land}.yaml"
    if not state_file.is_file():
        known = sorted(p.stem for p in (root / "states").glob("*.yaml"))
        mark = raw.mark(("land",))
        raise InputError([Problem(file, mark.line if mark else 0, mark.column if mark else 0,
                                  "land", f"keine Landesdatei '{land}' in {root / 'states'}",
                                  "bekannt: " + ", ".join(known))])
    state_raw = load_yaml(state_file)
    state = validate(State, state_raw, state_file)
    merged = Located({}, {})
    chosen = raw.data.get("familie")
    family_of_file = chosen if isinstance(chosen, str) else state.familie
    for i, vorgabe in enumerate(state.vorgaben):
        if vorgabe.familie not in (None, family_of_file):
            continue
        if (vorgabe.von_jahr or jahr) <= jahr <= (vorgabe.bis_jahr or jahr):
            merged = merge(merged, sub(state_raw, ("vorgaben", i, "werte")))
    merged = merge(merged, raw)
    agreement = validate(Agreement, merged, file)
    family = agreement.familie or state.familie
    folders = (root / "templates" / family, root / "templates" / "_base")
    if not folders[0].is_dir():
        mark = merged.mark(("familie",))
        raise InputError([Problem(mark.file if mark else file, mark.line if mark else 0,
                                  mark.column if mark else 0, "familie",
                                  f"keine Vorlagenfamilie '{family}' in {root / 'templates'}")])
    context = ctx.build(agreement, state, merged, file, load_familie(folders[0]))
    return Loaded(file, root, agreement, state, context, folders)


def load_familie(folder: Path) -> Familie:
    """The family's settings (templates/<family>/familie.yaml); defaults if it has none."""
    settings = folder / FAMILIE
    if not settings.is_file():
        return Familie()
    return validate(Familie, load_yaml(settings), settings)


def check(file: Path) -> list[Problem]:
    """Validate and render in memory; returns warnings, raises on errors."""
    loaded = load(file)
    markdown(loaded)
    return list(loaded.context["warnungen"])


def markdown(loaded: Loaded) -> str:
    # The templates/ folder itself comes last so that a family can extend "_base/...".
    search = (*loaded.folders, loaded.root / "templates")
    return templating.render(search, TEMPLATE, loaded.context)


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
        kurzname=str(loaded.context["kurzname"]),
        titel=str(loaded.context["kurzname"]),
        jahr=loaded.agreement.jahr,
        stand=stand(loaded),
    )


def stand(loaded: Loaded) -> dt.date:
    """The document date for DOCX properties: the latest full signature date, else 1 Jan."""
    dates = [d for d in (as_date(p.unterschrift.datum) for p in loaded.context["parteien"])
             if d is not None]
    return max(dates) if dates else dt.date(loaded.agreement.jahr, 1, 1)


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A signature date as a date: YAML dates and full German dates written as text; a
    partial date ("27. 2020") has no day to stamp."""
    return full_date(value) if isinstance(value, str) else value


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in (*FORMATS, "pdf")]
    if unknown or not formats:
        raise SetupError(f"unbekanntes Format: {', '.join(unknown) or '(leer)'} "
                         f"(möglich: {', '.join(FORMATS)}, pdf)")
    return list(dict.fromkeys(formats))


def output_path(file: Path, out_dir: Path, ext: str) -> Path:
    """agreements/2021/nrw/x.yaml -> OUT/2021/nrw/x.EXT; other files -> OUT/x.EXT."""
    parts = file.resolve().parts
    if "agreements" in parts[:-1]:
        below = parts[len(parts) - 1 - parts[::-1].index("agreements") + 1:]
        return out_dir.joinpath(*below).with_suffix(f".{ext}")
    return out_dir / f"{file.stem}.{ext}"


def write_outputs(file: Path, outputs: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write each output to a temporary file beside its target, then rename it in place."""
    written = []
    for ext, data in outputs.items():
        target = output_path(file, out_dir, ext)
        write_file(target, data)
        written.append(target)
    return written


def write_file(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it: never a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # The name carries this run's process id: a later run removes it if this run is killed.
    fd, tmp = tempfile.mkstemp(prefix=lifetime.temp_file_prefix(target.name), dir=target.parent)
    try:
        # mkstemp makes the file private; outputs are for colleagues too (umask applies).
        # Windows has no fchmod before Python 3.13, and no such modes to set.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schema() -> str:
    data = Agreement.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "Zielvereinbarung nach § 48b SGB II (zv)"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
