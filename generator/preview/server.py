"""The preview server: binds the port, runs the app on uvicorn, stops on Ctrl+C.

The port is bound here before uvicorn starts, so a port in use is reported in German
before anything else happens, and port 0 (tests) gives a free one.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import uvicorn

from ..errors import SetupError
from .app import Hub, create_app
from .snapshot import Project, summary

DEFAULT_PORT = 8048  # after § 48b SGB II
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
ANY_HOSTS = ("0.0.0.0", "::", "")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a German SetupError saying what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    # Lets a restarted preview take its port at once; a port another process listens
    # on stays refused (Linux allows no second listener without SO_REUSEPORT).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise SetupError(
                f"Port {port} auf {host} ist schon belegt (läuft dort schon eine Vorschau "
                f"oder ein anderes Programm?). Bitte einen anderen Port wählen, z. B. "
                f"--port {port + 1 if port < 65535 else 8049}") from None
        raise SetupError(f"die Vorschau kann nicht auf {host}:{port} starten "
                         f"({exc.strerror or exc})") from None
    return sock


class _Uvicorn(uvicorn.Server):
    """uvicorn that also ends the open event streams when asked to stop.

    Without that, a browser tab's open stream would hold up the graceful shutdown.
    """

    def __init__(self, config: uvicorn.Config, hub: Hub) -> None:
        super().__init__(config)
        self.hub = hub
        self.loop: asyncio.AbstractEventLoop | None = None

    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        await super().serve(sockets)

    def end_streams(self) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.hub.stop)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.end_streams()
        super().handle_exit(sig, frame)


class PreviewServer:
    """One `zv preview`: the agreements of `target` served on host:port until stopped."""

    def __init__(self, target: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 report: Callable[[list[str]], None] | None = None) -> None:
        self.host = host
        self.socket = bind(host, port)
        try:
            self.project = Project(target)
            self.project.refresh()
            for preview in self.project.previews.values():
                if report is not None and preview.shown.errors:
                    report(summary(preview))
        except BaseException:
            self.socket.close()
            raise
        # Only these names in the Host header: a web page elsewhere cannot reach the
        # preview by pointing its own domain name at 127.0.0.1 (DNS rebinding).
        allowed = ["*"] if host in ANY_HOSTS else ["127.0.0.1", "localhost", host]
        app = create_app(self.project, allowed, report)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                timeout_graceful_shutdown=2)
        self._server = _Uvicorn(config, app.state.hub)

    @property
    def port(self) -> int:
        return int(self.socket.getsockname()[1])

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ANY_HOSTS else self.host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}/"

    @property
    def started(self) -> bool:
        return bool(self._server.started)

    def run(self) -> None:
        """Serve until Ctrl+C or stop(); re-raises Ctrl+C as KeyboardInterrupt afterwards."""
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self.socket.close()

    def stop(self) -> None:
        """Ask the server to stop; safe from any thread."""
        self._server.should_exit = True
        self._server.end_streams()
