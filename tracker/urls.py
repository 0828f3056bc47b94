"""Which URLs tracker will fetch, and their normal form: a source's identity.

Pure (no network): the store validates URLs with it before anything is fetched.
"""

from __future__ import annotations

import functools
import ipaddress
import re

import httpx

from tracker.errors import ConfigError


class BadURL(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


# A monitor asks for the same URLs over and over; parsing one costs tens of microseconds.
# Only successes are cached (lru_cache does not keep exceptions).
@functools.lru_cache(maxsize=8192)
def parse_url(raw: str) -> httpx.URL:
    """Parse and normalise `raw`, or raise BadURL with the error code and a one-line reason."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise BadURL("invalid_url", "empty URL")
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        raise BadURL("invalid_url", "URL contains control characters")
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise BadURL("invalid_url", f"invalid URL {text!r}: {exc}") from None
    if not url.scheme:
        raise BadURL("invalid_url", f"not an absolute URL (no http:// or https://): {text!r}")
    if url.scheme not in ("http", "https"):
        raise BadURL(
            "unsupported_scheme", f"unsupported URL scheme {url.scheme!r} (only http and https)"
        )
    host = url.raw_host.decode("ascii", "replace").lower()
    if not host:
        raise BadURL("invalid_url", f"URL has no host: {text!r}")
    if not _valid_host(host):
        raise BadURL("invalid_url", f"invalid host {url.host!r} in URL")
    if url.port is not None and not 0 < url.port < 65536:
        raise BadURL("invalid_url", f"invalid port {url.port} in URL")
    # httpx already lowercases scheme and host and drops a default port. Setting raw_path
    # spells out the "/" of an empty path (without decoding %2F and friends), and the
    # fragment goes because it never reaches the server: URLs differing only there are the
    # same source.
    try:
        return url.copy_with(raw_path=url.raw_path, fragment=None)
    except (httpx.InvalidURL, ValueError) as exc:  # e.g. 'http:127.0.0.1:80/i', no '//'
        raise BadURL("invalid_url", f"invalid URL {text!r}: {exc}") from None


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    name = host[:-1] if host.endswith(".") else host
    return 0 < len(name) <= 253 and all(_LABEL.match(label) for label in name.split("."))


def validate_url(url: str) -> str:
    """Return the normalised form of `url`, or raise ConfigError saying why it is unusable.

    Lowercases scheme and host (IDNA-encoded), drops the fragment and a default port, and
    gives an empty path "/". Only http and https are accepted.
    """
    try:
        return str(parse_url(url))
    except BadURL as exc:
        raise ConfigError(exc.message) from None
