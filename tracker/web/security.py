"""Security of the web interface: tokens, logins, CSRF, and the headers every response gets.

- With TRACKER_API_TOKEN set, the JSON API wants `Authorization: Bearer <token>` and the forms
  want a login (a cookie derived from the token, set by entering the token once).
- Forms carry a CSRF token that must match a cookie (double submit), and any write whose
  Origin is another site is refused outright: a page on the internet cannot make a browser
  post to a tracker on localhost.
- Every response carries a strict Content-Security-Policy: scripts and styles from this
  origin only, no inline script, nothing framed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.responses import Response

log = logging.getLogger("tracker.web")

CSRF_COOKIE = "tracker_csrf"
LOGIN_COOKIE = "tracker_login"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def is_loopback_host(host: str) -> bool:
    """Whether `tracker serve --host` names this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def tokens_equal(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def login_value(token: str) -> str:
    """The login cookie's value: derived from the token, so changing the token logs out."""
    return hmac.new(token.encode(), b"tracker web login", hashlib.sha256).hexdigest()


def bearer_token(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def api_token_of(request: Request) -> str | None:
    token: str | None = request.app.state.settings.api_token
    return token or None


def require_api_token(request: Request) -> None:
    """FastAPI dependency of the JSON API: the bearer token, when one is configured."""
    token = api_token_of(request)
    if token is None:
        return
    if not tokens_equal(bearer_token(request), token):
        raise HTTPException(
            status_code=401,
            detail="a valid API token is required: Authorization: Bearer <TRACKER_API_TOKEN>",
            headers={"WWW-Authenticate": "Bearer"},
        )


def can_write(request: Request) -> bool:
    """Whether this browser may use the forms: no token configured, or logged in."""
    token = api_token_of(request)
    if token is None:
        return True
    return tokens_equal(request.cookies.get(LOGIN_COOKIE), login_value(token)) or tokens_equal(
        bearer_token(request), token
    )


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not tokens_equal(submitted, expected):
        raise HTTPException(
            status_code=403,
            detail="the form has expired or did not come from this site: reload and retry",
        )


def _same_origin(request: Request, origin: str) -> bool:
    parts = urlsplit(origin)
    host = request.headers.get("host", "")
    return bool(parts.netloc) and parts.netloc.lower() == host.lower()


def _host_allowed(request: Request) -> bool:
    allowed: list[str] | None = getattr(request.app.state, "allowed_hosts", None)
    if not allowed:
        return True
    name = urlsplit("//" + request.headers.get("host", "")).hostname or ""
    return name.lower() in allowed


async def _answer(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """The application's response; a bug becomes a plain 500 that still gets every security
    header below (the server's own error page would go out without them)."""
    try:
        return await call_next(request)
    except Exception:
        log.exception("%s %s failed", request.method, request.url.path)
    styled: Callable[[Request], Response | None] | None = getattr(
        request.app.state, "error_page", None
    )
    try:
        page = styled(request) if styled is not None else None
    except Exception:  # the page itself failed: the plain answer below still goes out
        log.exception("the error page failed too")
        page = None
    return page or Response("internal server error\n", status_code=500, media_type="text/plain")


async def security_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    if not _host_allowed(request):
        return Response(
            "unknown host name: without TRACKER_API_TOKEN only loopback names are served\n",
            status_code=421,
            media_type="text/plain",
            headers=HEADERS,
        )
    csrf = request.cookies.get(CSRF_COOKIE)
    fresh = not csrf or len(csrf) < 32
    request.state.csrf_token = secrets.token_urlsafe(32) if fresh else csrf
    if request.method in UNSAFE_METHODS:
        origin = request.headers.get("origin")
        cross = request.headers.get("sec-fetch-site") == "cross-site"
        if cross or (origin is not None and origin != "null" and not _same_origin(request, origin)):
            response: Response = Response(
                "cross-site requests are not accepted\n", status_code=403, media_type="text/plain"
            )
        elif origin == "null":
            response = Response(
                "requests from an opaque origin are not accepted\n",
                status_code=403,
                media_type="text/plain",
            )
        else:
            response = await _answer(request, call_next)
    else:
        response = await _answer(request, call_next)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if fresh and response.headers.get("content-type", "").startswith("text/html"):
        # Only pages carry forms: API and feed responses need no CSRF cookie.
        response.set_cookie(
            CSRF_COOKIE,
            request.state.csrf_token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
    return response
