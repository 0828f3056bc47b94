"""The browser's only way out: a forward proxy of one page's own, which holds every connection
the page makes to the rules of a plain fetch.

The browser is told to send everything through it (loopback included), so redirects, scripts,
frames, WebSockets and service workers alike arrive here as a CONNECT (https, wss) or as an
absolute-form request (http). Each target's name is resolved here, every address checked
against the private-network guard, and the connection made to a checked address: no second
lookup for a hostile DNS server to answer differently. The bytes coming back are counted
against the size cap. With a source's own proxy the connections go on through it (http, https
or socks5 upstream).

Listening on loopback with credentials made for this page, so no other process or page can use
it; a remote browser reaches it on the address given (`TRACKER_BROWSER_EGRESS_HOST`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import secrets
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from socksio.exceptions import SOCKSError

from tracker.fetch.guard import _Refused, checked_addresses, socks_address
from tracker.fetch.policy import FetchPolicy
from tracker.fetch.pool import _tls_context

log = logging.getLogger("tracker.fetch.egress")

_HEAD_LIMIT = 64 * 1024
_CHUNK = 64 * 1024
# Request headers meant for this proxy, never passed on.
_HOP_HEADERS = (b"proxy-authorization", b"proxy-connection", b"connection", b"keep-alive")


@dataclass
class Refusal:
    host: str
    code: str
    message: str


@dataclass
class Egress:
    """One page's proxy. `on_exceeded` is called once the bodies passed the size cap."""

    policy: FetchPolicy
    upstream: str | None = None
    bind: str = "127.0.0.1"
    advertise: str | None = None
    on_exceeded: Callable[[int], None] | None = None
    bytes: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    # What the source's proxy refused or failed, by target: the browser only sees a 502.
    proxy_failures: list[Refusal] = field(default_factory=list)
    username: str = field(default_factory=lambda: secrets.token_hex(8))
    password: str = field(default_factory=lambda: secrets.token_hex(16))
    _server: asyncio.Server | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)

    @property
    def server(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        host = self.advertise or self.bind
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"

    async def start(self) -> Egress:
        self._server = await asyncio.start_server(self._serve, self.bind, 0)
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    # ------------------------------------------------------------------ one connection

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            await self._serve_one(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        expected = base64.b64encode(f"{self.username}:{self.password}".encode())
        while True:  # the browser asks again on this connection once challenged
            head = await reader.readuntil(b"\r\n\r\n")
            if len(head) > _HEAD_LIMIT:
                return
            lines = head.split(b"\r\n")
            auth = _header(lines, b"proxy-authorization")
            if auth is not None and auth.split(b" ", 1)[-1].strip() == expected:
                break
            writer.write(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                b'Proxy-Authenticate: Basic realm="tracker"\r\nContent-Length: 0\r\n\r\n'
            )
            await writer.drain()
        method, target, version = [*lines[0].split(b" "), b"", b""][:3]
        if method == b"CONNECT":
            host, port = _host_port(target.decode("latin-1"), 443)
            upstream = await self._open(host, port, writer, tunnel=True)
            if upstream is None:
                return
            writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            await writer.drain()
            await self._pipe(reader, writer, *upstream)
            return
        parts = urlsplit(target.decode("latin-1"))
        if parts.scheme != "http" or not parts.hostname:
            await _answer(writer, b"400 Bad Request")
            return
        port = parts.port or 80
        upstream = await self._open(parts.hostname, port, writer, tunnel=False)
        if upstream is None:
            return
        via_http_proxy = self.upstream is not None and urlsplit(self.upstream).scheme in (
            "http",
            "https",
        )
        path = target if via_http_proxy else _origin_form(parts.path, parts.query)
        kept = [
            line
            for line in lines[1:]
            if line and line.split(b":", 1)[0].strip().lower() not in _HOP_HEADERS
        ]
        if via_http_proxy and self.upstream:
            kept += _upstream_auth(self.upstream)
        request = b"\r\n".join([b" ".join([method, path, version]), *kept, b"Connection: close"])
        upstream[1].write(request + b"\r\n\r\n")
        await self._pipe(reader, writer, *upstream)

    async def _open(
        self, host: str, port: int, writer: asyncio.StreamWriter, *, tunnel: bool
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """A connection to host:port (through the source's proxy, when it has one), or None
        after answering the browser with the refusal."""
        socks_here = self.upstream is not None and self.upstream.lower().startswith("socks5://")
        try:
            if socks_here:  # the proxy is told the checked address, never the name
                addresses = [await socks_address(host, port, self.policy)]
            else:
                addresses = await checked_addresses(host, port, self.policy)
        except _Refused as exc:
            self.refusals.append(Refusal(host, exc.code, exc.message))
            log.info("refused a request of the page: %s", exc.message)
            await _answer(writer, b"403 Forbidden")
            return None
        try:
            if self.upstream:
                return await _through_upstream(self.upstream, host, port, addresses, tunnel)
            return await _connect_any(addresses, port, self.policy.connect_timeout)
        except (OSError, TimeoutError, _UpstreamError) as exc:
            log.debug("cannot reach %s:%s: %s", host, port, exc)
            if self.upstream:
                detail = str(exc) or type(exc).__name__
                if not isinstance(exc, _UpstreamError):
                    detail = f"cannot reach the proxy: {detail}"
                message = f"the proxy failed the request to {host}: {detail}"
                self.proxy_failures.append(Refusal(host, "proxy_error", message))
            await _answer(writer, b"502 Bad Gateway")
            return None

    async def _pipe(
        self,
        client_reader: asyncio.StreamReader,
        client_writer: asyncio.StreamWriter,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self._writers.add(writer)

        async def outward() -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                while data := await client_reader.read(_CHUNK):
                    writer.write(data)
                    await writer.drain()
            with contextlib.suppress(OSError):
                if writer.can_write_eof():
                    writer.write_eof()

        async def inward() -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                while data := await reader.read(_CHUNK):
                    self.bytes += len(data)
                    if self.bytes > self.policy.max_bytes:
                        if self.on_exceeded is not None:
                            self.on_exceeded(self.bytes)
                        return
                    client_writer.write(data)
                    await client_writer.drain()

        sending = asyncio.ensure_future(outward())
        try:
            await inward()
        finally:
            sending.cancel()
            with contextlib.suppress(BaseException):
                await sending
            self._writers.discard(writer)
            writer.close()


class _UpstreamError(Exception):
    """The source's proxy refused or failed the connection."""


def _header(lines: list[bytes], name: bytes) -> bytes | None:
    for line in lines[1:]:
        key, colon, value = line.partition(b":")
        if colon and key.strip().lower() == name:
            return value.strip()
    return None


def _host_port(authority: str, default: int) -> tuple[str, int]:
    if authority.startswith("["):
        host, _, rest = authority[1:].partition("]")
        port = rest.lstrip(":")
    else:
        host, _, port = authority.rpartition(":") if ":" in authority else (authority, "", "")
    if not port.isdigit() or not 0 < int(port) < 65536:
        return host, default
    return host, int(port)


def _origin_form(path: str, query: str) -> bytes:
    return ((path or "/") + (f"?{query}" if query else "")).encode("latin-1")


async def _answer(writer: asyncio.StreamWriter, status: bytes) -> None:
    with contextlib.suppress(OSError):
        writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()


async def _connect_any(
    addresses: list[str], port: int, timeout: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    error: Exception = OSError("no address to connect to")
    for address in addresses:
        try:
            return await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
        except (OSError, TimeoutError) as exc:
            error = exc
    raise error


def _upstream_auth(proxy: str) -> list[bytes]:
    parts = urlsplit(proxy)
    if not parts.username:
        return []
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    return [b"Proxy-Authorization: Basic " + base64.b64encode(pair)]


async def _through_upstream(
    proxy: str, host: str, port: int, addresses: list[str], tunnel: bool
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection to host:port through the source's proxy. With an http(s) proxy a plain
    request (not `tunnel`) is sent to the proxy as it is; everything else is tunnelled."""
    parts = urlsplit(proxy)
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme, 1080)
    tls: ssl.SSLContext | None = _tls_context() if scheme == "https" else None
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(
            parts.hostname,
            parts.port or default,
            ssl=tls,
            server_hostname=parts.hostname if tls else None,
        ),
        30,
    )
    try:
        if scheme in ("socks5", "socks5h"):
            # socks5h: the proxy resolves the name; socks5: the checked address is sent.
            target = host if scheme == "socks5h" else addresses[0]
            await _socks5(reader, writer, target, port, parts.username, parts.password)
        elif tunnel:
            authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            writer.write(
                b"\r\n".join(
                    [
                        f"CONNECT {authority} HTTP/1.1".encode(),
                        f"Host: {authority}".encode(),
                        *_upstream_auth(proxy),
                        b"",
                        b"",
                    ]
                )
            )
            await writer.drain()
            try:
                answer = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                raise _UpstreamError("the proxy closed the connection before answering") from None
            status = answer.split(b" ", 2)[1:2]
            if status != [b"200"]:
                line = answer.splitlines()[0].decode("latin-1")
                raise _UpstreamError(f"it answered {' '.join(line.split()[1:])[:200]}")
    except BaseException:
        writer.close()
        raise
    return reader, writer


async def _socks5(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    port: int,
    username: str | None,
    password: str | None,
) -> None:
    from socksio import socks5

    connection = socks5.SOCKS5Connection()
    method = (
        socks5.SOCKS5AuthMethod.USERNAME_PASSWORD
        if username
        else socks5.SOCKS5AuthMethod.NO_AUTH_REQUIRED
    )

    async def exchange() -> object:
        writer.write(connection.data_to_send())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(4096), 30)
        if not data:
            raise _UpstreamError("the SOCKS proxy closed the connection during the handshake")
        try:
            return connection.receive_data(data)
        except SOCKSError as exc:
            raise _UpstreamError(f"the SOCKS proxy broke off the handshake ({exc})") from None

    connection.send(socks5.SOCKS5AuthMethodsRequest([method]))
    reply = await exchange()
    if not isinstance(reply, socks5.SOCKS5AuthReply) or reply.method != method:
        raise _UpstreamError(
            "the SOCKS proxy accepts no "
            + ("username and password" if username else "login without credentials")
        )
    if method == socks5.SOCKS5AuthMethod.USERNAME_PASSWORD:
        connection.send(
            socks5.SOCKS5UsernamePasswordRequest(
                unquote(username or "").encode(), unquote(password or "").encode()
            )
        )
        answer = await exchange()
        if not isinstance(answer, socks5.SOCKS5UsernamePasswordReply) or not answer.success:
            raise _UpstreamError("the SOCKS proxy refused the credentials")
    connection.send(
        socks5.SOCKS5CommandRequest.from_address(socks5.SOCKS5Command.CONNECT, (host, port))
    )
    done = await exchange()
    succeeded = socks5.SOCKS5ReplyCode.SUCCEEDED
    if not isinstance(done, socks5.SOCKS5Reply) or done.reply_code != succeeded:
        why = (
            done.reply_code.name.lower().replace("_", " ")
            if isinstance(done, socks5.SOCKS5Reply)
            else "no reply"
        )
        raise _UpstreamError(f"the SOCKS proxy could not connect ({why})")
