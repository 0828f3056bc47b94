"""Loopback receivers for alert channels: a webhook endpoint that checks signatures and can
fail on demand, shared by the channel tests and the service test."""

from __future__ import annotations

import http.server
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from tracker.alerts.channels import (
    IDEMPOTENCY_HEADER,
    REPLAY_WINDOW,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify,
)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool

    @property
    def document(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the receiver answers next: a list of status codes used up one per request, then
    `status`; `hang` seconds of silence before answering."""

    secret: str = ""
    status: int = 200
    script: list[int] = field(default_factory=list)
    hang: float = 0.0
    got: list[Received] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    port: int = 0
    arrived: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook/s3cr3t-path-token"

    def delivered(self) -> list[Received]:
        return [r for r in self.got if r.verified]


def _handler(receiver: Receiver) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            ok = bool(receiver.secret) and verify(
                receiver.secret,
                headers.get(TIMESTAMP_HEADER.lower(), ""),
                body,
                headers.get(SIGNATURE_HEADER.lower(), ""),
                now=time.time(),
                window=REPLAY_WINDOW,
            )
            status = receiver.script.pop(0) if receiver.script else receiver.status
            receiver.arrived += 1
            if receiver.hang:
                time.sleep(receiver.hang)
            key = headers.get(IDEMPOTENCY_HEADER.lower(), "")
            if status < 300 and key in receiver.seen_ids:
                status = 200  # a replay of a delivered alert: acknowledged, not kept twice
                ok = False
            elif status < 300 and ok:
                receiver.seen_ids.add(key)
            receiver.got.append(Received(self.path, headers, body, ok and status < 300))
            answer = b"gone for good" if status == 410 else b"thanks"
            self.send_response(status)
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up waiting (the timeout tests) is expected here


class ReceiverServer:
    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver
        self.server = _Server(("127.0.0.1", 0), _handler(receiver))
        receiver.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self.receiver

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
