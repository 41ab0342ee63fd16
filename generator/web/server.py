"""The `zv web` server: the port bound first (a port in use is reported in German before
anything starts), the app run on uvicorn until Ctrl+C or stop()."""

from __future__ import annotations

import secrets
from pathlib import Path

import uvicorn

from ..preview.server import ANY_HOSTS, LOCAL_HOSTS, bind
from .app import create_app

DEFAULT_PORT = 8049  # the preview's port + 1: both can run side by side


class WebServer:
    """One `zv web` for the project at `root`, on host:port until stopped; `ahead`:
    each agreement's PDF is made in the background when its page is shown."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 ahead: bool = True) -> None:
        self.host = host
        self.root = root
        # Off this machine only with the token: a colleague in the same network cannot
        # change files by guessing the address.
        self.token = None if host in LOCAL_HOSTS else secrets.token_urlsafe(18)
        self.socket = bind(host, port)
        allowed = ["*"] if host in ANY_HOSTS else ["127.0.0.1", "localhost", host]
        app = create_app(root, allowed, self.token, ahead=ahead)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)

    @property
    def port(self) -> int:
        return int(self.socket.getsockname()[1])

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ANY_HOSTS else self.host
        shown = f"[{shown}]" if ":" in shown else shown
        url = f"http://{shown}:{self.port}/"
        return url + (f"?zugang={self.token}" if self.token else "")

    @property
    def started(self) -> bool:
        return bool(self._server.started)

    def run(self) -> None:
        """Serve until Ctrl+C or stop()."""
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self.socket.close()

    def stop(self) -> None:
        """Ask the server to stop; safe from any thread."""
        self._server.should_exit = True
