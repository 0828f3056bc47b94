"""`tracker serve`'s application under uvicorn, in a thread, on a loopback port."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from tracker.config import Settings
from tracker.db import Database
from tracker.web import create_app


class WebServer:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        allowed_hosts: list[str] | None = None,
    ) -> None:
        # As `tracker serve` on loopback without a token; None as with one (any host name).
        if allowed_hosts is None and not settings.api_token:
            allowed_hosts = ["127.0.0.1", "localhost"]
        app = create_app(settings, database=db, allowed_hosts=allowed_hosts)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(
            uvicorn.Config(app, log_level="critical", lifespan="on", access_log=False)
        )
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> WebServer:
        self.thread.start()
        while not self.server.started:  # readiness, not a timing assertion
            if not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
