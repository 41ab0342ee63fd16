"""One exception tree for everything a user can get wrong.

Every problem carries the file, line, column and field path it is about, so the CLI
can print `file:line:column: field.path: message` without knowing where it came from.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One finding in user input. Lines and columns are 1-based; 0 means unknown."""

    file: Path
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    warning: bool = False

    def format(self) -> str:
        where = (f"{self.file}:{self.line}:{self.column}" if self.line and self.column else
                 f"{self.file}:{self.line}" if self.line else f"{self.file}")
        kind = "Warnung: " if self.warning else ""
        text = f"{where}: {self.field}: {kind}{self.message}" if self.field else (
            f"{where}: {kind}{self.message}"
        )
        return f"{text} ({self.hint})" if self.hint else text


class ZvError(Exception):
    """Base of all errors a user can cause and fix; never shown with a traceback."""


@dataclass
class InputError(ZvError):
    """One or more problems in input files; all problems of a file at once."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class SetupError(ZvError):
    """The installation is incomplete (a template or a state file is missing)."""


REPORT_TO = "bitte mit dieser Datei an die Betreuung von zv melden"


def internal_error(file: Path, exc: BaseException) -> str:
    """The message for a defect in zv itself: the file it happened with and a request to
    report it. Never for a user's error, which is a ZvError with its own message."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{file}: interner Fehler in zv ({what}) – {REPORT_TO}"


# The C library's messages are English under most locales; these are the ones a clerk meets.
_OS_MESSAGES = {
    errno.ENOENT: "nicht gefunden",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOSPC: "kein Speicherplatz mehr auf dem Datenträger",
    errno.EDQUOT: "Speicherkontingent erschöpft",
    errno.EROFS: "Datenträger ist schreibgeschützt",
    errno.EISDIR: "ist ein Ordner",
    errno.ENOTDIR: "ist kein Ordner",
    errno.EMFILE: "zu viele offene Dateien",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    errno.ENAMETOOLONG: "Dateiname zu lang",
}


def os_message(exc: OSError) -> str:
    """What went wrong with a file, in German where the error is a common one."""
    german = _OS_MESSAGES.get(exc.errno) if exc.errno is not None else None
    return german or exc.strerror or type(exc).__name__
