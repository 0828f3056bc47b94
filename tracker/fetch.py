"""Fetch one article page: safely, within bounds, and with every failure returned as data.

`fetch` never raises for anything a web page can do to it. Whatever happens (a bad URL, a
private address, a timeout, a 404, a PDF, a 50 MB body, a redirect loop) comes back as a
`FetchResult` with `outcome=FAILED`, a stable machine code in `error` and one human line in
`message`. The pipeline stores both on the check row and derives its health flags from them.

Error codes (`FetchResult.error`):

    invalid_url                 not an absolute http(s) URL with a valid host and port
    unsupported_scheme          file:, ftp:, javascript:... (also as a redirect target)
    private_network             the host resolves to a loopback/private/link-local/reserved
                                address and policy.allow_private_networks is off
    dns_error                   the host name cannot be resolved
    connect_error               refused, reset or dropped connection, TLS failure
    timeout                     connect/read/pool timeout of an attempt, or the total deadline
    too_many_redirects          a redirect loop or more than policy.max_redirects hops
    redirect_missing_location   a 3xx redirect without a Location header
    http_<code>                 any non-2xx answer: http_404 and http_410 mean the page is gone
    not_html                    a Content-Type other than HTML, or an untyped non-HTML body
    too_large                   the decoded (decompressed) body exceeds policy.max_bytes
    empty_body                  nothing but whitespace in the body
    decode_error                the body's Content-Encoding (gzip, deflate...) is corrupt
    internal_error              a bug in tracker: the exception class and message are kept
"""

from __future__ import annotations

import asyncio
import builtins
import email.utils
import functools
import ipaddress
import logging
import random
import re
import socket
import ssl
import time
import zlib
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

import httpx

from tracker.encoding import decode_page
from tracker.errors import ConfigError

__all__ = [
    "FetchOutcome",
    "FetchPolicy",
    "FetchResult",
    "fetch",
    "host_refusal",
    "make_client",
    "preload",
    "validate_url",
]

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Answers worth asking again: the server is overloaded or briefly broken. Any other 4xx is
# the page's final word and retrying it only hammers the site.
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
_SNIFF_BYTES = 1024


@dataclass(frozen=True)
class FetchPolicy:
    """How patient, how greedy and how trusting one fetch may be."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # wall clock for the whole fetch: DNS, retries, slow bodies
    max_bytes: int = 10 * 1024 * 1024  # cap on the DECODED body (after gzip/br/deflate)
    max_redirects: int = 5
    retries: int = 2  # extra attempts on connection errors, timeouts, 5xx and 429
    backoff_base: float = 0.5  # exponential backoff with full jitter between attempts
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0  # a Retry-After longer than this is cut down to it
    allow_private_networks: bool = False
    user_agent: str = "tracker/0.1 (self-hosted article change monitor)"
    # Feeds and sitemaps: any content type is read (within max_bytes) and the decoded bytes
    # are kept in FetchResult.body, since their parsers want bytes, not a page's text.
    any_type: bool = False


class FetchOutcome(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


@dataclass(frozen=True)
class FetchResult:
    """What one fetch saw. `text` is only filled for OK; `error`/`message` only for FAILED."""

    url: str
    final_url: str
    outcome: FetchOutcome
    status: int | None = None
    text: str = ""
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    bytes: int = 0  # decoded body size
    duration: float = 0.0
    attempts: int = 1
    error: str | None = None
    message: str | None = None
    body: builtins.bytes = b""  # the decoded body, only with FetchPolicy.any_type

    @property
    def ok(self) -> bool:
        return self.outcome is FetchOutcome.OK

    @property
    def not_modified(self) -> bool:
        return self.outcome is FetchOutcome.NOT_MODIFIED

    @property
    def gone(self) -> bool:
        """The server says the page no longer exists (the pipeline flags source_gone)."""
        return self.outcome is FetchOutcome.FAILED and self.status in (404, 410)


# --------------------------------------------------------------------------- URLs


class _BadURL(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


# A monitor asks for the same URLs over and over; parsing one costs tens of microseconds.
# Only successes are cached (lru_cache does not keep exceptions).
@functools.lru_cache(maxsize=8192)
def _parse_url(raw: str) -> httpx.URL:
    """Parse and normalise `raw`, or raise _BadURL with the error code and a one-line reason."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise _BadURL("invalid_url", "empty URL")
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        raise _BadURL("invalid_url", "URL contains control characters")
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise _BadURL("invalid_url", f"invalid URL {text!r}: {exc}") from None
    if not url.scheme:
        raise _BadURL("invalid_url", f"not an absolute URL (no http:// or https://): {text!r}")
    if url.scheme not in ("http", "https"):
        raise _BadURL(
            "unsupported_scheme", f"unsupported URL scheme {url.scheme!r} (only http and https)"
        )
    host = url.raw_host.decode("ascii", "replace").lower()
    if not host:
        raise _BadURL("invalid_url", f"URL has no host: {text!r}")
    if not _valid_host(host):
        raise _BadURL("invalid_url", f"invalid host {url.host!r} in URL")
    if url.port is not None and not 0 < url.port < 65536:
        raise _BadURL("invalid_url", f"invalid port {url.port} in URL")
    # httpx already lowercases scheme and host and drops a default port. Setting raw_path
    # spells out the "/" of an empty path (without decoding %2F and friends), and the
    # fragment goes because it never reaches the server: URLs differing only there are the
    # same source.
    try:
        return url.copy_with(raw_path=url.raw_path, fragment=None)
    except (httpx.InvalidURL, ValueError) as exc:  # e.g. 'http:127.0.0.1:80/i', no '//'
        raise _BadURL("invalid_url", f"invalid URL {text!r}: {exc}") from None


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
        return str(_parse_url(url))
    except _BadURL as exc:
        raise ConfigError(exc.message) from None


# --------------------------------------------------------------------------- the client


def _timeouts(policy: FetchPolicy) -> httpx.Timeout:
    return httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=policy.connect_timeout,
    )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle takes tens of milliseconds; one context serves every client.
    return httpx.create_ssl_context()


def preload() -> None:
    """Load now what every client needs (the CA bundle): before forking, so that each
    process does not load it again."""
    _tls_context()


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that tells its origin pool when it is closed (the connection is free)."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:  # once, however often the body is closed
                release()


class OriginPools(httpx.AsyncBaseTransport):
    """One small connection pool per origin (scheme, host, port).

    httpcore's pool looks at every connection it holds on each request and each release, so a
    single pool over the hundreds of hosts a monitor talks to costs more per request the more
    hosts are in flight (a third of a plain client's CPU at 300 hosts). A pool per origin only
    ever looks at that origin's few connections. Pools of the origins used least recently are
    closed once more than `max_origins` are open and idle, which bounds the sockets kept open.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext,
        per_origin: int = 4,
        max_origins: int = 100,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._verify = verify
        self._limits = httpx.Limits(
            max_connections=per_origin,
            max_keepalive_connections=per_origin,
            keepalive_expiry=keepalive_expiry,
        )
        self._max_origins = max_origins
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = (
            OrderedDict()
        )
        self._busy: Counter[tuple[bytes, bytes, int | None]] = Counter()
        self._closed = False

    @property
    def origins(self) -> int:
        """Origins with an open pool (for tests and status)."""
        return len(self._pools)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise RuntimeError("the transport is closed")
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            # Taken out of the table before any await, so no other request can pick them.
            stale = self._take_idle(len(self._pools) - self._max_origins + 1)
            pool = self._pools[key] = httpx.AsyncHTTPTransport(
                verify=self._verify, limits=self._limits, trust_env=False
            )
            self._busy[key] += 1
            for old in stale:
                await old.aclose()
        else:
            self._pools.move_to_end(key)
            self._busy[key] += 1
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            self._release(key)
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_ReleasingStream(response.stream, functools.partial(self._release, key)),
            extensions=response.extensions,
        )

    def _release(self, key: tuple[bytes, bytes, int | None]) -> None:
        self._busy[key] -= 1
        if self._busy[key] <= 0:
            del self._busy[key]

    def _take_idle(self, count: int) -> list[httpx.AsyncHTTPTransport]:
        # Least recently used first; an origin with a request in flight keeps its pool.
        taken: list[httpx.AsyncHTTPTransport] = []
        for key in list(self._pools):
            if len(taken) >= count:
                break
            if key not in self._busy:
                taken.append(self._pools.pop(key))
        return taken

    async def aclose(self) -> None:
        self._closed = True
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            await pool.aclose()


def make_client(policy: FetchPolicy) -> httpx.AsyncClient:
    """One shared client for many fetches; use it as an async context manager.

    Redirects are followed by `fetch` itself, one hop at a time, so that every hop is checked
    against the scheme and private-network rules. trust_env is off: a proxy picked up from
    the environment would resolve names itself and make the private-network check (and the
    peer-address check) meaningless, and a service should not change behaviour with the
    shell it was started from. Connections are pooled per origin (`OriginPools`); how many
    requests run at once is the caller's limit (`pipeline.Politeness`).
    """
    return httpx.AsyncClient(
        transport=OriginPools(verify=_tls_context()),
        follow_redirects=False,
        timeout=_timeouts(policy),
        headers={
            "User-Agent": policy.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            # What _BoundedDecoder inflates with a bound: never br or zstd, even when httpx
            # could decode them, since their decoders cannot stop at a size.
            "Accept-Encoding": "gzip, deflate",
        },
        trust_env=False,
    )


# --------------------------------------------------------------------------- private networks


async def _resolve(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to, without blocking the event loop."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _forbidden(address: str) -> str | None:
    """Why `address` must not be fetched from ("loopback", "private"...), or None if public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 reaches 127.0.0.1; judge the IPv4 address it wraps.
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return _forbidden(str(mapped))
    # Most specific first: 240.0.0.0/4 is both "reserved" and in Python's private list.
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        # 100.64.0.0/10 (carrier-grade NAT) and the like: neither private nor global.
        ("non-public", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


class _Refused(Exception):
    """A hop may not be fetched; carries the failure to report."""

    def __init__(self, code: str, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = retryable


async def _check_host(url: httpx.URL, policy: FetchPolicy) -> None:
    """Refuse a hop whose host resolves to any non-public address.

    Every resolved address is checked, not just the first: a name with one public and one
    private record would otherwise reach the private one whenever the connector picks it.
    This leaves a DNS-rebinding window: httpx resolves the name again when it connects and
    a hostile DNS server may answer differently the second time. _check_peer narrows it by
    checking the address actually connected to before any of the answer is read; the request
    line itself (a bodiless GET) has been sent by then.
    """
    if policy.allow_private_networks:
        return
    host = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = await _resolve(host, port)
    except socket.gaierror as exc:
        # EAI_AGAIN is a resolver hiccup worth another try; "no such name" is not.
        raise _Refused(
            "dns_error",
            f"cannot resolve host {url.host}: {exc.strerror or exc}",
            retryable=exc.errno == socket.EAI_AGAIN,
        ) from None
    for address in addresses:
        reason = _forbidden(address)
        if reason is not None:
            raise _Refused("private_network", _private_message(url.host, address, reason))


def _check_peer(response: httpx.Response, policy: FetchPolicy) -> None:
    """Refuse to read an answer from a non-public peer (closes most of the rebinding gap)."""
    if policy.allow_private_networks:
        return
    stream = response.extensions.get("network_stream")
    get_extra_info = getattr(stream, "get_extra_info", None)
    if get_extra_info is None:  # a mock transport, or a backend that does not say
        return
    peer = get_extra_info("server_addr")
    if isinstance(peer, tuple) and peer:
        address = str(peer[0])
        reason = _forbidden(address)
        if reason is not None:
            raise _Refused("private_network", _private_message(response.url.host, address, reason))


async def host_refusal(url: str, policy: FetchPolicy) -> str | None:
    """Why `url` would be refused before any request (a bad URL, a private address), or None:
    the same rules as a fetch, for links that are only collected now and fetched later."""
    try:
        await _check_host(_parse_url(url), policy)
    except (_BadURL, _Refused) as exc:
        return exc.message
    return None


def _private_message(host: str, address: str, reason: str) -> str:
    where = address if host == address else f"{host} ({address})"
    return (
        f"refusing to fetch {where}: {reason} address (set TRACKER_ALLOW_PRIVATE_NETWORKS to allow)"
    )


# --------------------------------------------------------------------------- one attempt


@dataclass
class _Attempt:
    """What one attempt (the whole redirect chain) ended with, plus what retrying needs."""

    result: FetchResult
    retryable: bool = False
    retry_after: float | None = None


@dataclass
class _Progress:
    """Mutable state a deadline expiry must still be able to report."""

    final_url: str
    attempts: int = 0
    status: int | None = None
    started: float = field(default_factory=time.monotonic)


def _failed(
    progress: _Progress,
    url: str,
    code: str,
    message: str,
    *,
    content_type: str | None = None,
    size: int = 0,
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=progress.final_url,
        outcome=FetchOutcome.FAILED,
        status=progress.status,
        content_type=content_type,
        bytes=size,
        error=code,
        message=" ".join(message.split()),  # one line, whatever an exception text holds
    )


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _media_type(content_type: str | None) -> str | None:
    if content_type is None:
        return None
    media = content_type.split(";", 1)[0].strip().lower()
    return media or None


def _reason(response: httpx.Response) -> str:
    phrase = response.reason_phrase
    return f"HTTP {response.status_code} {phrase}".rstrip()


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), if valid."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT
        return None
    return max(0.0, when.timestamp() - time.time())


async def _attempt(
    client: httpx.AsyncClient,
    url: httpx.URL,
    policy: FetchPolicy,
    headers: dict[str, str],
    conditional: bool,
    progress: _Progress,
    original: str,
) -> _Attempt:
    """Follow the redirect chain from `url` once and read the final answer."""
    current = url
    chain = [str(url)]
    for hops in range(policy.max_redirects + 1):
        progress.final_url = str(current)
        progress.status = None
        await _check_host(current, policy)
        async with client.stream("GET", current, headers=headers, timeout=_timeouts(policy)) as r:
            _check_peer(r, policy)
            progress.status = r.status_code
            if r.status_code not in _REDIRECTS:
                return await _read(r, policy, conditional, progress, original, headers)
            location = r.headers.get("location", "").strip()
            if not location:
                return _Attempt(
                    _failed(
                        progress,
                        original,
                        "redirect_missing_location",
                        f"{_reason(r)} redirect without a Location header",
                    )
                )
            try:
                target = _parse_url(str(current.join(location)))
            except (_BadURL, httpx.InvalidURL) as exc:
                code = exc.code if isinstance(exc, _BadURL) else "invalid_url"
                return _Attempt(
                    _failed(progress, original, code, f"redirect to {location!r}: {exc}")
                )
            if str(target) in chain:
                loop = " -> ".join([*chain[chain.index(str(target)) :], str(target)])
                return _Attempt(
                    _failed(progress, original, "too_many_redirects", f"redirect loop: {loop}")
                )
            if hops == policy.max_redirects:
                break
            chain.append(str(target))
            current = target
    return _Attempt(
        _failed(
            progress,
            original,
            "too_many_redirects",
            f"more than {policy.max_redirects} redirects (gave up at {progress.final_url})",
        )
    )


async def _read(
    r: httpx.Response,
    policy: FetchPolicy,
    conditional: bool,
    progress: _Progress,
    original: str,
    sent: dict[str, str],
) -> _Attempt:
    """Turn the final (non-redirect) answer into a result; the body is read only if wanted."""
    etag = r.headers.get("etag")
    last_modified = r.headers.get("last-modified")
    content_type = r.headers.get("content-type")
    code = r.status_code

    if code == 304 and conditional:
        # A 304 may omit the validators; the ones we sent are still the current ones.
        return _Attempt(
            FetchResult(
                url=original,
                final_url=str(r.url),
                outcome=FetchOutcome.NOT_MODIFIED,
                status=code,
                etag=etag or sent.get("If-None-Match"),
                last_modified=last_modified or sent.get("If-Modified-Since"),
            )
        )
    if not 200 <= code < 300:
        # Headers only: the body of an error page is of no use and may be large.
        return _Attempt(
            _failed(progress, original, f"http_{code}", _reason(r), content_type=content_type),
            retryable=code in _RETRY_STATUSES,
            retry_after=_retry_after(r.headers.get("retry-after")),
        )

    media = _media_type(content_type)
    if media is not None and media not in _HTML_TYPES and not policy.any_type:
        # Decided from the header alone, so a 200 MB video is never downloaded.
        return _Attempt(
            _failed(
                progress,
                original,
                "not_html",
                f"content type {media} is not HTML",
                content_type=content_type,
            )
        )

    too_large = f"body exceeds {_human_size(policy.max_bytes)} limit"
    encoding = r.headers.get("content-encoding", "identity").strip().lower()
    length = r.headers.get("content-length", "")
    if encoding in ("", "identity") and length.isdigit() and int(length) > policy.max_bytes:
        # Uncompressed, so the declared length is the decoded size: no need to read it.
        return _Attempt(
            _failed(
                progress,
                original,
                "too_large",
                f"{too_large} (Content-Length {_human_size(int(length))})",
                content_type=content_type,
            )
        )

    decoder = _BoundedDecoder(encoding, policy.max_bytes)
    try:
        # Raw (still compressed) bytes, inflated here with a bound on the output: httpx's own
        # decoding inflates a whole network chunk at once, 64 MB from one 64 KB chunk of a
        # gzip bomb, before anyone can count it.
        if r.is_stream_consumed:
            # A response made in memory (a test's mock transport): httpx decoded it already.
            decoder = _BoundedDecoder("identity", policy.max_bytes)
            decoder.feed(r.content)
        else:
            async for raw in r.aiter_raw():
                decoder.feed(raw)
        decoder.finish()
    except _TooLarge:
        return _Attempt(
            _failed(
                progress,
                original,
                "too_large",
                too_large,
                content_type=content_type,
                size=decoder.size,
            )
        )
    data = decoder.body

    html = not policy.any_type  # a feed or a sitemap is kept as bytes, for its own parser
    if html and media is None and data.strip() and not _looks_like_html(data):
        return _Attempt(
            _failed(
                progress,
                original,
                "not_html",
                "no content type and the body does not look like HTML",
                size=len(data),
            )
        )
    text, used = decode_page(data, r.charset_encoding) if html else ("", None)
    if html and not text.strip().lstrip("\ufeff").strip():
        return _Attempt(
            _failed(
                progress,
                original,
                "empty_body",
                "the page body is empty",
                content_type=content_type,
                size=len(data),
            )
        )
    return _Attempt(
        FetchResult(
            url=original,
            final_url=str(r.url),
            outcome=FetchOutcome.OK,
            status=code,
            text=text,
            content_type=content_type,
            encoding=used,
            etag=etag,
            last_modified=last_modified,
            bytes=len(data),
            body=b"" if html else data,
        )
    )


class _TooLarge(Exception):
    """The decoded body went over the cap (see _BoundedDecoder)."""


class _Inflater:
    """One gzip or deflate layer of a Content-Encoding, inflating at most `limit` bytes."""

    def __init__(self, coding: str, limit: int) -> None:
        self.deflate = coding == "deflate"
        # "deflate" is meant to be zlib-wrapped, but some servers send it raw: like browsers
        # (and httpx), a zlib header error on the first bytes switches to raw deflate.
        wbits = zlib.MAX_WBITS if self.deflate else zlib.MAX_WBITS | 16
        self.inflate = zlib.decompressobj(wbits)
        self.limit = limit
        self.size = 0
        self.started = False

    def feed(self, data: bytes) -> bytes:
        try:
            out = self.inflate.decompress(data, self.limit - self.size + 1)
        except zlib.error:
            if not (self.deflate and not self.started):
                raise
            self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.inflate.decompress(data, self.limit - self.size + 1)
        self.started = True
        return self._count(out)

    def finish(self) -> bytes:
        return self._count(self.inflate.flush(self.limit - self.size + 1))

    def _count(self, out: bytes) -> bytes:
        # With max_length, zlib stops at limit + 1 bytes and keeps the rest of the input
        # unread (unconsumed_tail): the body is over the cap and nothing more is inflated.
        self.size += len(out)
        if self.size > self.limit:
            raise _TooLarge
        return out


class _BoundedDecoder:
    """The body of a response, decoded from its Content-Encoding, never more than `limit`
    bytes at any step (nor any intermediate layer of a stacked encoding).

    A coding tracker did not ask for (br, zstd...) is passed through as httpx would, and the
    page then fails to look like HTML or to extract; a corrupt gzip or deflate stream raises
    httpx.DecodingError, which a fetch records as decode_error.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip() for c in content_encoding.split(",")]
        layers = [
            "deflate" if c == "deflate" else "gzip"
            for c in reversed(codings)  # the last coding applied is the first to undo
            if c in ("gzip", "x-gzip", "deflate")
        ]
        # A layer under another one is compressed data, which can be a little longer than
        # what it decodes to (zlib's compressBound: under 1/1000 more, plus a header).
        inner = limit + limit // 512 + 1024
        self.layers = [
            _Inflater(coding, limit if i == len(layers) - 1 else inner)
            for i, coding in enumerate(layers)
        ]
        self.limit = limit
        self.chunks = bytearray()

    @property
    def size(self) -> int:
        """Bytes decoded so far, counting the byte over the cap that stopped decoding."""
        return self.layers[-1].size if self.layers else len(self.chunks)

    @property
    def body(self) -> bytes:
        return bytes(self.chunks)

    def feed(self, data: bytes) -> None:
        self._through(0, data, finish=False)

    def finish(self) -> None:
        self._through(0, b"", finish=True)

    def _through(self, index: int, data: bytes, *, finish: bool) -> None:
        if index == len(self.layers):
            self.chunks += data[: self.limit + 1 - len(self.chunks)]
            if len(self.chunks) > self.limit:
                raise _TooLarge
            return
        layer = self.layers[index]
        try:
            out = layer.feed(data) if data else b""
            if finish:
                out += layer.finish()
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc)) from None
        self._through(index + 1, out, finish=finish)


# --------------------------------------------------------------------------- sniffing, charsets

# Tags an HTML document starts with, after whitespace and a BOM (the sniffing idea of the
# WHATWG MIME sniffing spec): a body starting like this is HTML even without a Content-Type.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table"
    rb"|a|style|title|b|br|p|meta|!--)(?:[\s>/]|$)",
    re.IGNORECASE,
)


def _looks_like_html(data: bytes) -> bool:
    return _HTML_START.match(data[:_SNIFF_BYTES]) is not None


# --------------------------------------------------------------------------- errors, retries


def _classify(exc: Exception, url: str) -> tuple[str, str, bool]:
    """Map an httpx exception of one attempt to (code, message, retryable)."""
    if isinstance(exc, httpx.TimeoutException):
        what = {
            httpx.ConnectTimeout: "connecting to",
            httpx.ReadTimeout: "waiting for data from",
            httpx.WriteTimeout: "sending the request to",
            httpx.PoolTimeout: "waiting for a free connection to",
        }.get(type(exc), "talking to")
        return "timeout", f"timed out {what} {httpx.URL(url).host}", True
    if isinstance(exc, httpx.DecodingError):
        return "decode_error", f"cannot decode the body: {exc}", False
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid_url", f"invalid URL {url}: {exc}", False
    if isinstance(exc, httpx.ConnectError) and _gaierror(exc):
        return "dns_error", f"cannot resolve host {httpx.URL(url).host}: {exc}", False
    if isinstance(exc, httpx.TransportError):
        # Refused, reset, dropped mid-answer, TLS failure: all "the connection failed".
        detail = str(exc) or type(exc).__name__
        return "connect_error", f"connection to {httpx.URL(url).host} failed: {detail}", True
    raise exc


def _gaierror(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _backoff(policy: FetchPolicy, attempt: int, retry_after: float | None) -> float:
    """Seconds before attempt number `attempt + 1`."""
    if retry_after is not None:
        return min(retry_after, policy.retry_after_cap)
    # Full jitter: a uniform draw below the exponential ceiling, so many sources failing at
    # once do not come back in lockstep.
    ceiling = min(policy.backoff_max, policy.backoff_base * 2 ** (attempt - 1))
    return random.uniform(0.0, max(0.0, ceiling))


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """Fetch `url` under `policy`; never raises except on cancellation.

    `etag` / `last_modified` are the validators of the last good answer: they are sent as
    If-None-Match / If-Modified-Since, and a 304 comes back as NOT_MODIFIED.
    """
    progress = _Progress(final_url=url)
    result: FetchResult
    deadline = asyncio.timeout(policy.total_timeout)
    try:
        async with deadline:
            result = await _fetch(client, url, policy, etag, last_modified, progress)
    except TimeoutError as exc:
        message = (
            f"no complete answer within the total deadline of {policy.total_timeout:g} s"
            if deadline.expired()
            else f"timed out: {exc or type(exc).__name__}"
        )
        result = _failed(progress, url, "timeout", message)
    except Exception as exc:  # fetch never raises: a bug becomes a recorded failure
        log.exception("unexpected error fetching %s", url)
        result = _failed(progress, url, "internal_error", f"{type(exc).__name__}: {exc}")
    return _finish(result, progress)


def _finish(result: FetchResult, progress: _Progress) -> FetchResult:
    return replace(
        result, duration=time.monotonic() - progress.started, attempts=max(1, progress.attempts)
    )


async def _fetch(
    client: httpx.AsyncClient,
    url: str,
    policy: FetchPolicy,
    etag: str | None,
    last_modified: str | None,
    progress: _Progress,
) -> FetchResult:
    try:
        parsed = _parse_url(url)
    except _BadURL as exc:
        return _failed(progress, url, exc.code, exc.message)
    progress.final_url = str(parsed)

    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    # A small loop rather than tenacity: every attempt ends in a value (outcomes are data,
    # not exceptions), and the wait depends on the previous answer's Retry-After and on the
    # deadline shared by all attempts. With tenacity that is retry_if_result + a custom wait +
    # a custom stop + retry_error_callback to hand back the last result: four callbacks
    # spread around what reads here top to bottom.
    deadline = time.monotonic() + policy.total_timeout
    while True:
        progress.attempts += 1
        try:
            outcome = await _attempt(client, parsed, policy, headers, bool(headers), progress, url)
        except _Refused as exc:
            outcome = _Attempt(
                _failed(progress, url, exc.code, exc.message), retryable=exc.retryable
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            # InvalidURL is no HTTPError: httpx raises it for a Location it cannot even parse
            # ('HTTP:127.0.0.1/i'), before tracker's own redirect checks see the answer.
            code, message, retryable = _classify(exc, progress.final_url)
            if isinstance(exc, httpx.InvalidURL):
                code, message = "invalid_url", f"redirect to an invalid URL: {exc}"
            outcome = _Attempt(_failed(progress, url, code, message), retryable=retryable)
        if not outcome.retryable or progress.attempts > policy.retries:
            return outcome.result
        delay = _backoff(policy, progress.attempts, outcome.retry_after)
        if delay >= deadline - time.monotonic():
            # Sleeping past the deadline would only turn a precise failure ("HTTP 503")
            # into a vague timeout.
            return outcome.result
        log.debug("retrying %s in %.2f s after %s", url, delay, outcome.result.error)
        await asyncio.sleep(delay)
