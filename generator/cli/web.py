"""`zv web`: the project's agreements in the browser, with forms that write the files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import HELP, fail


@click.command(context_settings=HELP,
               short_help="Vereinbarungen im Browser ansehen und bearbeiten.")
@click.argument("projekt", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8049, show_default=True,
              help="Port auf diesem Rechner")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse, an die der Server gebunden wird; bei einer anderen als "
              "127.0.0.1 ist er nur mit dem beim Start ausgegebenen Zugangsschlüssel "
              "erreichbar")
@click.option("--no-browser", "ohne_browser", is_flag=True,
              help="keinen Browser öffnen, nur die Adresse ausgeben")
def web(projekt: Path | None, port: int, host: str, ohne_browser: bool) -> None:
    """Startet zv im Browser für ein ganzes Projekt.

    \b
    PROJEKT ist der Projektordner (mit states/ und templates/); Standard: das Projekt
    um den aktuellen Ordner. Die Übersicht zeigt alle Vereinbarungen mit Stand,
    Unterschriften und Prüfergebnis; jede Vereinbarung hat ein Formular neben dem
    Dokument (Personen, Zielwerte, Status, Orte und Daten der Unterschriften).
    Speichern prüft wie 'zv check' und ändert in der YAML-Datei nur die geänderten
    Werte; Kommentare und Aufbau der Datei bleiben. Eine unterschriebene Endfassung
    ist nur lesbar. Beenden mit Strg+C.
    """
    import contextlib
    import threading
    import webbrowser

    from ..errors import ZvError
    from ..sources.project import PACKAGE_ROOT, project_root

    start = projekt or Path.cwd()
    if not start.is_dir():
        fail([f"Fehler: den Ordner {start} gibt es nicht"])
        sys.exit(1)
    from ..web import server

    with contextlib.suppress(KeyboardInterrupt):
        try:
            root = project_root(start)
            if root == PACKAGE_ROOT and projekt is not None and \
                    start.resolve() != PACKAGE_ROOT:
                fail([f"Fehler: {start} ist kein Projekt (kein Ordner mit states/ und "
                      "templates/ darüber); ein neues legt 'zv init' an"])
                sys.exit(1)
            running = server.WebServer(root, host, port)
        except ZvError as exc:
            fail([f"Fehler: {exc}"])
            sys.exit(2)
        if running.token:
            fail([f"Hinweis: der Server ist unter {host} auch von anderen Rechnern aus "
                  "erreichbar, aber nur mit dem Zugangsschlüssel in der Adresse."])
        click.echo(f"zv web für {root}: {running.url} (Beenden mit Strg+C)", err=True)
        if not ohne_browser:
            threading.Thread(target=webbrowser.open, args=(running.url,), daemon=True).start()
        running.run()
    click.echo("zv web beendet.", err=True)
