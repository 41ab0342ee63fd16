"""pydantic errors -> German problems with file, line, column and a hint."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem
from .yamlread import Located, Path_, format_path, load_shared

M = TypeVar("M", bound=BaseModel)
MAX_PROBLEMS = 100  # a clerk reads the first ones; thousands only hide them

_MESSAGES = {
    "missing": "Pflichtfeld fehlt",
    "string_type": "Text erwartet",
    "int_type": "ganze Zahl erwartet",
    "int_parsing": "ganze Zahl erwartet",
    "int_from_float": "ganze Zahl erwartet (ohne Nachkommastellen)",
    "bool_type": "true oder false erwartet",
    "bool_parsing": "true oder false erwartet",
    "date_type": "Datum erwartet (JJJJ-MM-TT)",
    "date_parsing": "Datum erwartet (JJJJ-MM-TT)",
    "date_from_datetime_parsing": "Datum erwartet (JJJJ-MM-TT)",
    "list_type": "Liste erwartet (Zeilen, die mit '- ' beginnen)",
    "dict_type": "Abschnitt mit Feldern erwartet ('feld: wert')",
    "model_type": "Abschnitt mit Feldern erwartet ('feld: wert')",
    "model_attributes_type": "Abschnitt mit Feldern erwartet ('feld: wert')",
    "decimal_type": "Zahl erwartet",
    "decimal_parsing": "Zahl erwartet",
    "finite_number": "keine endliche Zahl",
}


def validate(model: type[M], located: Located, file: Path) -> M:
    """Validate `located.data` as `model`; all problems at once as an InputError."""
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        # Hints ("did you mean") cost a fuzzy search each: only for the problems shown.
        errors = exc.errors()
        where = {i: _problem(model, located, file, err, hint=False)
                 for i, err in enumerate(errors)}
        order = sorted(where, key=lambda i: (str(where[i].file), where[i].line,
                                             where[i].column, where[i].field))
        problems = list(dict.fromkeys(
            _problem(model, located, file, errors[i]) for i in order[:MAX_PROBLEMS]))
        if len(order) > MAX_PROBLEMS:
            rest = len(order) - MAX_PROBLEMS
            problems.append(Problem(file, 0, 0, "", f"… und {rest} weitere Fehler"))
        raise InputError(problems) from None


_MODELS: dict[tuple[type[BaseModel], int], tuple[Located, BaseModel]] = {}


def validate_shared(model: type[M], file: Path) -> tuple[M, Located]:
    """A shared file (state, Muster, family text) read and validated once per process
    while it is unchanged; see yamlread.load_shared."""
    located = load_shared(file)
    return validate_read(model, located, file), located


def validate_read(model: type[M], located: Located, file: Path) -> M:
    """`validate` for a shared file as `load_shared` gave it: once per parse."""
    key = (model, id(located))
    cached = _MODELS.get(key)
    if cached is not None and cached[0] is located:
        return cached[1]  # type: ignore[return-value]
    result = validate(model, located, file)
    _MODELS[key] = (located, result)
    return result


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[Path_, str | None]:
    """Map pydantic's loc onto the data, skipping union tags; returns (path, missing key)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
            path.append(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            path.append(part)
        elif isinstance(data, dict) and isinstance(part, str) and not part.startswith(
                ("function-", "str", "int", "date", "decimal")):
            return tuple(path), part
    return tuple(path), None


def _problem(model: type[BaseModel], located: Located, file: Path, err: Any,
             hint: bool = True) -> Problem:
    path, missing = _data_path(located.data, tuple(err["loc"]))
    kind = err["type"]
    text = ""
    if kind == "extra_forbidden":
        key = str(missing if missing is not None else path[-1])
        parent = path if missing is not None else path[:-1]
        message = f"unbekanntes Feld '{key}'"
        if hint:
            allowed = _fields_at(model, parent)
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close:
                text = f"meinten Sie '{close[0]}'?"
            elif allowed:
                text = "erlaubt: " + ", ".join(sorted(allowed))
        field = format_path((*parent, key))
        mark = located.mark((*parent, key))
    else:
        field = format_path((*path, missing) if missing is not None else path)
        mark = located.mark(path)
        if kind == "missing" and missing is not None and (*path, missing) in located.marks:
            message, text = "noch offen", "Wert eintragen"  # written as "feld:" and left empty
        elif kind == "literal_error":
            expected = str(err.get("ctx", {}).get("expected", "")).replace(" or ", " oder ")
            message = f"ungültiger Wert {err.get('input')!r} (erlaubt: {expected})"
        elif kind == "value_error":
            message = str(err.get("ctx", {}).get("error", err["msg"]))
        elif kind in ("greater_than_equal", "greater_than"):
            message = f"Wert muss mindestens {err['ctx'].get('ge', err['ctx'].get('gt'))} sein"
        elif kind in ("string_too_long", "too_long"):
            message = f"zu lang (höchstens {err['ctx'].get('max_length')} Zeichen)"
        elif kind in ("less_than_equal", "less_than"):
            message = f"Wert darf höchstens {err['ctx'].get('le', err['ctx'].get('lt'))} sein"
        else:
            message = _MESSAGES.get(kind, f"ungültiger Wert ({err['msg']})")
    line, column = (mark.line, mark.column) if mark else (0, 0)
    return Problem(mark.file if mark else file, line, column, field, message, text)


def _fields_at(model: Any, path: Path_) -> list[str]:
    """The field names the model allows at `path`, for 'did you mean' hints."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        models = [a for a in typing.get_args(tp)
                  if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if models else tp
    return tp


def _step(tp: Any, part: str | int) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        info = tp.model_fields.get(str(part))
        return info.annotation if info else None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
