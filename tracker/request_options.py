"""What a source asks of its requests besides the URL: headers (cookies, authorisation, a
referer), a user agent, a proxy, and whether its page is rendered in a browser.

Pure values and the checks made where they come in (the CLI, the API, outlets). Header values
and a proxy's credentials are secrets: stored as given, shown only through `masked_headers`
and `masked_proxy`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from tracker.errors import UsageError
from tracker.limits import MAX_URL_LENGTH, check_selector
from tracker.vocabulary import Render

MASK = "***"
MAX_HEADERS = 50
MAX_HEADER_LENGTH = 8192  # one "Name: value" line; a cookie jar of a news site fits
MAX_USER_AGENT_LENGTH = 500
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")

# RFC 9110's token: what a field name may be made of.
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# No control character but a tab may stand in a field value (CR and LF would start a new
# header: a request smuggled into the request).
_VALUE_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Headers tracker sets itself, or that would break the bounded read or the connection:
# refused with the reason, rather than sent and silently overridden.
_RESERVED = {
    "host": "the host comes from the URL",
    "content-length": "a check sends no body",
    "transfer-encoding": "a check sends no body",
    "connection": "connections are managed by tracker",
    "keep-alive": "connections are managed by tracker",
    "upgrade": "connections are managed by tracker",
    "te": "connections are managed by tracker",
    "proxy-connection": "connections are managed by tracker",
    "accept-encoding": "tracker asks only for encodings it can decode within the size cap",
    "if-none-match": "conditional requests are managed by tracker",
    "if-modified-since": "conditional requests are managed by tracker",
    "user-agent": "use --user-agent",
    "proxy-authorization": "give the credentials in the --proxy URL (user:password@host)",
}

Header = tuple[str, str]


@dataclass(frozen=True)
class RequestOptions:
    """A source's request options, as the fetchers use them."""

    headers: tuple[Header, ...] = ()
    user_agent: str | None = None
    proxy: str | None = None
    render: Render = Render.PLAIN
    wait_for: str | None = None

    @property
    def browser(self) -> bool:
        return self.render is Render.BROWSER


PLAIN = RequestOptions()


def parse_header(line: str) -> Header:
    """'Name: value' -> (name, value), or a usage error saying what is wrong with it."""
    if len(line) > MAX_HEADER_LENGTH:
        raise UsageError(f"--header: longer than {MAX_HEADER_LENGTH} characters")
    name, colon, value = line.partition(":")
    name, value = name.strip(), value.strip(" \t")
    if not colon or not name:
        raise UsageError("--header: expected 'Name: value'")
    if not _TOKEN.match(name):
        raise UsageError(f"--header: {name[:60]!r} is not a valid header name")
    reason = _RESERVED.get(name.lower())
    if reason is not None:
        raise UsageError(f"--header: {name} cannot be set per source ({reason})")
    if _VALUE_CONTROL.search(value):
        raise UsageError(f"--header: the value of {name} holds a line break or control character")
    return name, value


def parse_headers(lines: Iterable[str]) -> tuple[Header, ...]:
    headers = tuple(parse_header(line) for line in lines if line.strip())
    if len(headers) > MAX_HEADERS:
        raise UsageError(f"--header: at most {MAX_HEADERS} headers per source")
    return headers


def stored_headers(value: object) -> tuple[Header, ...]:
    """Headers as the database keeps them (a JSON list of [name, value] pairs)."""
    if not isinstance(value, list):
        return ()
    return tuple(
        (str(pair[0]), str(pair[1]))
        for pair in value
        if isinstance(pair, list | tuple) and len(pair) == 2
    )


def check_user_agent(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_USER_AGENT_LENGTH:
        raise UsageError(f"--user-agent: longer than {MAX_USER_AGENT_LENGTH} characters")
    if _VALUE_CONTROL.search(value) or "\t" in value:
        raise UsageError("--user-agent: holds a line break or control character")
    return value


def check_proxy(url: str) -> str:
    """A proxy URL: http, https or socks5 (socks5h: names resolved by the proxy), a host and
    an optional port and credentials, nothing else."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH or _VALUE_CONTROL.search(url):
        raise UsageError("--proxy: not a usable URL")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in PROXY_SCHEMES:
        raise UsageError(
            f"--proxy: the scheme must be one of {', '.join(PROXY_SCHEMES)} "
            "(e.g. http://proxy.example:3128)"
        )
    try:
        port = parts.port
    except ValueError:
        raise UsageError("--proxy: invalid port") from None
    if not parts.hostname:
        raise UsageError("--proxy: the URL names no host")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise UsageError("--proxy: only scheme://[user:password@]host[:port]")
    if port is not None and not 0 < port < 65536:
        raise UsageError("--proxy: invalid port")
    return url


def check_render(value: str) -> Render:
    try:
        return Render(value.strip().lower())
    except ValueError:
        raise UsageError(
            f"--render: {value!r} is not one of {', '.join(r.value for r in Render)}"
        ) from None


def check_wait_for(selector: str) -> str:
    return check_selector(selector, option="--wait-for selector")


def masked_headers(headers: Sequence[Header]) -> list[str]:
    """Headers as people may see them: the names, never the values."""
    return [f"{name}: {MASK}" for name, _ in headers]


def masked_proxy(url: str | None) -> str | None:
    """A proxy URL without its credentials (the scheme, host and port stay readable)."""
    if not url:
        return url
    # By hand rather than urlsplit: whatever is stored (a password with a "/" or a "["),
    # everything before the last "@" goes.
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    return f"{scheme}{sep}{MASK}@{rest.rpartition('@')[2]}"


def secret_values(options: RequestOptions) -> list[str]:
    """What must never appear in a line people read: header values and proxy credentials."""
    values = [value for _, value in options.headers if len(value) >= 3]
    if options.proxy and "@" in options.proxy:
        credentials = options.proxy.partition("://")[2].rpartition("@")[0]
        user, _, password = credentials.partition(":")
        values += [p for p in (credentials, user, password) if len(p) >= 3]
    return sorted(set(values), key=len, reverse=True)


def scrubbed(text: str, options: RequestOptions) -> str:
    """`text` (an error message, a log line) with the source's secrets masked."""
    for value in secret_values(options):
        text = text.replace(value, MASK)
    return text


def same_site(host: str, other: str) -> bool:
    """Whether a request to `other` may carry the headers given for a page on `host`: the same
    host, give or take a leading "www." (example.com redirecting to www.example.com)."""

    def bare(name: str) -> str:
        name = name.lower().rstrip(".")
        return name[4:] if name.startswith("www.") else name

    return bare(host) == bare(other)
