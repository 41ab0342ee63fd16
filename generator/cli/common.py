"""What every `zv` command shares: help options and how messages reach the clerk."""

from __future__ import annotations

from pathlib import Path

import click

HELP = {"help_option_names": ["-h", "--help"]}


def fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)


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
