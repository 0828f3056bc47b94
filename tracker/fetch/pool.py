"""The HTTP client: one connection pool per origin, bounded in number, and the TLS context."""

from __future__ import annotations

import functools
import ssl
import urllib.request
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

import httpx

from tracker.fetch.guard import socks_address
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

    `address`: for a `socks5://` proxy, the address to ask the proxy for in place of a host
    name (httpx would send it the name, as for `socks5h://`). The pool stays the name's own,
    and TLS is still checked against the name.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext,
        per_origin: int = 4,
        max_origins: int = 100,
        keepalive_expiry: float = 5.0,
        proxy: str | None = None,
        address: Callable[[str, int], Awaitable[str]] | None = None,
    ) -> None:
        self._verify = verify
        self._proxy = proxy
        self._address = address
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
                verify=self._verify, limits=self._limits, trust_env=False, proxy=self._proxy
            )
            self._busy[key] += 1
            for old in stale:
                await old.aclose()
        else:
            self._pools.move_to_end(key)
            self._busy[key] += 1
        try:
            if self._address is not None:
                request = await self._addressed(request)
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

    async def _addressed(self, request: httpx.Request) -> httpx.Request:
        """`request` to the address `address` gives for its host; its Host header (set when
        it was made) and, for https, the name TLS checks stay the host's."""
        assert self._address is not None
        url = request.url
        address = await self._address(url.host, url.port or (443 if url.scheme == "https" else 80))
        if address == url.host:
            return request
        extensions = dict(request.extensions)
        if url.scheme == "https":
            extensions["sni_hostname"] = url.host
        return httpx.Request(
            request.method,
            url.copy_with(host=address),
            headers=request.headers,
            stream=request.stream,
            extensions=extensions,
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


def make_client(policy: FetchPolicy, *, proxy: str | None = None) -> httpx.AsyncClient:
    """One shared client for many fetches; use it as an async context manager.

    Redirects are followed by `fetch` itself, one hop at a time, so that every hop is checked
    against the scheme and private-network rules. trust_env is off: a proxy picked up from
    the environment would resolve names itself and make the private-network check (and the
    peer-address check) meaningless, and a service should not change behaviour with the
    shell it was started from. Connections are pooled per origin (`OriginPools`); how many
    requests run at once is the caller's limit (`pipeline.Politeness`). `proxy`: every request
    goes through it (http, https, socks5 or socks5h; see `Clients`); a `socks5://` proxy is
    given the checked address of each host, a `socks5h://` one its name.
    """

    async def address(host: str, port: int) -> str:
        return await socks_address(host, port, policy)

    resolved_here = proxy is not None and proxy.lower().startswith("socks5://")
    return httpx.AsyncClient(
        transport=OriginPools(
            verify=_tls_context(), proxy=proxy, address=address if resolved_here else None
        ),
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


def environment_proxy(url: httpx.URL, proxies: Mapping[str, str] | None = None) -> str | None:
    """The proxy the standard environment variables name for `url` (HTTP_PROXY, HTTPS_PROXY,
    ALL_PROXY, with NO_PROXY's exceptions), or None."""
    found = dict(urllib.request.getproxies_environment() if proxies is None else proxies)
    proxy = found.get(url.scheme) or found.get("all")
    if not proxy:
        return None
    if urllib.request.proxy_bypass_environment(url.host, found):  # type: ignore[attr-defined]
        return None
    # "proxy.example:3128" is how the variables are often written: http is meant.
    return proxy if "://" in proxy else f"http://{proxy}"


class Clients:
    """The clients of a run of checks: the shared one, and one per proxy, each with its own
    connection pools (a connection through a proxy is no connection to the origin), made when
    a source first asks for it and closed with the rest.

    With `trust_env`, a source without a proxy of its own goes through the one the environment
    names for its URL.
    """

    def __init__(
        self, policy: FetchPolicy, client: httpx.AsyncClient, *, trust_env: bool = False
    ) -> None:
        self.policy = policy
        self.client = client
        self._proxied: dict[str, httpx.AsyncClient] = {}
        self._environment = urllib.request.getproxies_environment() if trust_env else {}

    def proxy_for(self, url: str, proxy: str | None) -> str | None:
        """The proxy a request to `url` goes through: the source's, else the environment's."""
        if proxy:
            return proxy
        if not self._environment:
            return None
        try:
            return environment_proxy(httpx.URL(url), self._environment)
        except httpx.InvalidURL:
            return None

    def get(self, proxy: str | None) -> httpx.AsyncClient:
        if not proxy:
            return self.client
        client = self._proxied.get(proxy)
        if client is None:
            client = self._proxied[proxy] = make_client(self.policy, proxy=proxy)
        return client

    async def aclose(self) -> None:
        clients, self._proxied = list(self._proxied.values()), {}
        for client in clients:
            await client.aclose()
