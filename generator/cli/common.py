"""What every `zv` command shares: help options and how messages reach the clerk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from ..errors import ZvError

HELP = {"help_option_names": ["-h", "--help"]}


def fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)


def refuse(exc: ZvError) -> NoReturn:
    """Ends a command that wrote nothing: exit status 2 for a setup fault, 1 for bad
    input (every problem on its own line)."""
    import sys

    from ..errors import InputError, SetupError

    if isinstance(exc, SetupError):
        fail([f"Fehler: {exc}"])
        sys.exit(2)
    fail(str(exc).splitlines() if isinstance(exc, InputError) else [f"Fehler: {exc}"])
    fail(["nichts geschrieben"])
    sys.exit(1)


def write(target: Path, data: bytes) -> None:
    """Write an output file atomically; a failure ends the command with exit status 2."""
    import sys

    from .. import api
    from ..errors import os_message

    try:
        api.write_file(target, data)
    except OSError as exc:
        fail([f"Fehler: {target} kann nicht geschrieben werden ({os_message(exc)})"])
        sys.exit(2)
    click.echo(f"{target} geschrieben", err=True)
