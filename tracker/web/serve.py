"""`tracker serve`: the web application on uvicorn, with the listening rules enforced."""

from __future__ import annotations

import uvicorn

from tracker.config import Settings
from tracker.errors import UsageError
from tracker.web.app import create_app
from tracker.web.security import LOOPBACK_NAMES, is_loopback_host


def check_listen(settings: Settings, host: str) -> list[str] | None:
    """Refuse a non-loopback address without a token; returns the Host names to accept.

    Without a token the server is open to whoever reaches it, so it stays on this machine and
    answers only to loopback names: a web page cannot point a hostname of its own at 127.0.0.1
    (DNS rebinding) and read or change the tracker through the victim's browser.
    """
    if settings.api_token:
        return None
    if not is_loopback_host(host):
        raise UsageError(
            f"refusing to listen on {host} without an API token: set TRACKER_API_TOKEN "
            "(every write and the JSON API will need it), or listen on 127.0.0.1"
        )
    return list(LOOPBACK_NAMES)


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    allowed = check_listen(settings, host)
    app = create_app(settings, allowed_hosts=allowed)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        server_header=False,
        proxy_headers=True,  # trusts X-Forwarded-* from 127.0.0.1 only (uvicorn's default)
        log_level="info",
    )
    uvicorn.Server(config).run()
