"""A small threaded HTTP server on loopback that serves pages which can change at any time.

The demo serves its sample news site with it, and the tests use it as the real server that
pages evolve on. Routes are plain values swapped under a lock, so a test can change a page
between two checks without restarting anything.
"""

from __future__ import annotations

import http.server
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Route:
    """What one path answers: status, body, headers; optionally slowly or with an ETag.

    `content_type=None` sends no Content-Type header. `drip` sends the body in ten pieces with
    that many seconds between them (a slow body rather than slow headers), and `drop` closes the
    connection without answering: the failures a fetcher meets in the wild.
    """

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    drip: float = 0.0
    drop: bool = False

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass(frozen=True)
class Request:
    """One request as the server saw it, for tests that assert on what was sent."""

    method: str
    path: str
    headers: dict[str, str]
    at: float


Handler = Callable[[Request], Route]


class _ThreadingServer(http.server.ThreadingHTTPServer):
    # The default listen backlog of 5 makes a burst of concurrent clients wait for a SYN
    # retransmission (about a second); the pipeline checks many pages at once.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that drops a kept-alive connection (having stopped reading a body it did
        # not want) resets it: routine, not worth a traceback on stderr.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class LoopbackServer:
    """Serve `routes` on 127.0.0.1 (a free port) from a background thread.

    Use as a context manager, or call start()/stop(). A route may be a Route or a callable
    taking the Request and returning a Route (for pages that answer differently each time).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, Route | Handler] = {}
        self.requests: list[Request] = []
        server = self

        class _Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server._answer(self, send_body=True)

            def do_HEAD(self) -> None:
                server._answer(self, send_body=False)

            def log_message(self, format: str, *args: object) -> None:
                return  # request logs would drown the demo's output

        self._httpd = _ThreadingServer((host, port), _Handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def set(self, path: str, route: Route | Handler | str | bytes) -> str:
        """Serve `route` at `path` from now on; returns the full URL."""
        if isinstance(route, str | bytes):
            route = Route(body=route)
        with self._lock:
            self._routes[path] = route
        return self.url(path)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> LoopbackServer:
        # A short poll interval makes stop() (shutdown waits for one poll) nearly instant.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _answer(self, h: http.server.BaseHTTPRequestHandler, *, send_body: bool) -> None:
        request = Request(h.command, h.path, dict(h.headers.items()), time.time())
        with self._lock:
            self.requests.append(request)
            route = self._routes.get(h.path.split("?", 1)[0])
        if route is None:
            route = Route(body="<h1>Not found</h1>", status=404)
        elif not isinstance(route, Route):
            route = route(request)
        if route.delay:
            time.sleep(route.delay)
        if route.drop:
            h.close_connection = True
            return
        status, body = route.status, route.payload()
        if route.etag is not None and h.headers.get("If-None-Match") == route.etag:
            status, body = 304, b""
        try:
            h.send_response(status)
            if status != 304 and route.content_type is not None:
                h.send_header("Content-Type", route.content_type)
            if route.etag is not None:
                h.send_header("ETag", route.etag)
            for name, value in route.headers.items():
                h.send_header(name, value)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if send_body and status != 304:
                self._write_body(h, body, route.drip)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (a timeout test): nothing left to do

    @staticmethod
    def _write_body(h: http.server.BaseHTTPRequestHandler, body: bytes, drip: float) -> None:
        if not drip:
            h.wfile.write(body)
            return
        step = max(1, -(-len(body) // 10))
        for start in range(0, len(body), step):
            h.wfile.write(body[start : start + step])
            h.wfile.flush()
            time.sleep(drip)
