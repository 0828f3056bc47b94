"""The HTTP client: one connection pool per origin, bounded in number, and the TLS context."""

from __future__ import annotations

import functools
import ssl
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Callable

import httpx

from tracker.fetch.policy import FetchPolicy


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
