"""Small proxies on loopback for the tests: a forward HTTP proxy (absolute-form requests for
http, CONNECT tunnels for https and wss) and a SOCKS5 proxy, each recording what it was asked
for and the credentials it came with."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
import select
import socket
import socketserver
import struct
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Seen:
    method: str
    target: str
    credentials: str | None  # "user:password" from Proxy-Authorization, if any


class ForwardProxy:
    """Use as a context manager; `seen` lists what went through it, `url` is its address.
    With `credentials`, requests without them are answered 407. `host`: the loopback address
    it listens on."""

    def __init__(self, credentials: str | None = None, *, host: str = "127.0.0.1") -> None:
        self.seen: list[Seen] = []
        self.credentials = credentials
        self.host = host
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, credentials: str | None = None) -> str:
        auth = f"{credentials}@" if credentials else ""
        return f"http://{auth}{self.host}:{self.port}"

    def __enter__(self) -> ForwardProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, client: socket.socket) -> None:
        client.settimeout(10)
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(65536)
            if not chunk:
                return
            head += chunk
        raw, _, rest = head.partition(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        method, target, _version = [*lines[0].split(" "), "", ""][:3]
        given = None
        kept = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "proxy-authorization":
                given = base64.b64decode(value.strip().split(" ", 1)[-1]).decode()
            elif name.strip().lower() not in ("proxy-connection", "connection"):
                kept.append(line)
        with self._lock:
            self.seen.append(Seen(method, target, given))
        if self.credentials is not None and given != self.credentials:
            client.sendall(
                b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
            )
            return
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
            client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
        else:
            parts = urlsplit(target)
            upstream = socket.create_connection((parts.hostname, parts.port or 80), timeout=10)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            request = "\r\n".join([f"{method} {path} HTTP/1.1", *kept, "Connection: close"])
            upstream.sendall(request.encode("latin-1") + b"\r\n\r\n" + rest)
        _pipe(client, upstream)


def _pipe(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    try:
        while True:
            ready, _, _ = select.select(sockets, [], [], 10)
            if not ready:
                return
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (b if sock is a else a).sendall(data)
    except OSError:
        return
    finally:
        b.close()


@dataclass(frozen=True)
class SocksSeen:
    host: str  # as the client asked: an address, or a name for the proxy to resolve
    port: int
    address_type: str  # "ipv4", "ipv6" or "domain"
    credentials: str | None  # "user:password" from RFC 1929, if any


class SocksProxy:
    """A SOCKS5 proxy on loopback (RFC 1928 CONNECT, with no authentication or RFC 1929
    username and password), on an event loop of its own thread: the tests' loops and the
    browser's are free to come and go. `seen` lists the targets it was asked to connect to;
    `refused` the credentials it turned away. With `credentials`, no-authentication is not
    offered. `hang_up` ("greeting" or "request") closes the connection at that point of the
    handshake without an answer, as a broken or overloaded proxy does. `host`: the loopback
    address it listens on. `names`: names it resolves itself (name -> address), as a proxy
    inside another network knows names the client cannot resolve."""

    def __init__(
        self,
        credentials: str | None = None,
        *,
        hang_up: str | None = None,
        host: str = "127.0.0.1",
        names: dict[str, str] | None = None,
    ) -> None:
        self.credentials = credentials
        self.host = host
        self.names = names or {}
        self.hang_up = hang_up
        self.seen: list[SocksSeen] = []
        self.refused: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    def url(self, credentials: str | None = None, *, scheme: str = "socks5") -> str:
        auth = f"{credentials}@" if credentials else ""
        return f"{scheme}://{auth}{self.host}:{self.port}"

    def __enter__(self) -> SocksProxy:
        self._thread.start()
        starting = asyncio.start_server(self._serve, self.host, 0)
        self._server = asyncio.run_coroutine_threadsafe(starting, self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            assert self._server is not None
            self._server.close()
            # Connections a client keeps alive are still relaying: ended before the loop is.
            relaying = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in relaying:
                task.cancel()
            await asyncio.gather(*relaying, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream = await asyncio.wait_for(self._handshake(reader, writer), 10)
            if upstream is not None:
                await _relay(reader, writer, *upstream)
        except (OSError, asyncio.IncompleteReadError, TimeoutError):
            pass
        finally:
            writer.close()

    async def _handshake(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        version, count = await reader.readexactly(2)
        offered = await reader.readexactly(count)
        if version != 5 or self.hang_up == "greeting":
            return None
        method = _USERNAME_PASSWORD if self.credentials is not None else _NO_AUTH
        if method not in offered:
            writer.write(bytes([5, _NO_ACCEPTABLE]))
            await writer.drain()
            return None
        writer.write(bytes([5, method]))
        await writer.drain()
        given = None
        if method == _USERNAME_PASSWORD:
            _version, length = await reader.readexactly(2)
            user = await reader.readexactly(length)
            (length,) = await reader.readexactly(1)
            password = await reader.readexactly(length)
            given = f"{user.decode()}:{password.decode()}"
            if given != self.credentials:
                self.refused.append(given)
                writer.write(b"\x01\x01")
                await writer.drain()
                return None
            writer.write(b"\x01\x00")
            await writer.drain()
        _version, command, _reserved, address_type = await reader.readexactly(4)
        if address_type == 1:
            host, kind = str(ipaddress.IPv4Address(await reader.readexactly(4))), "ipv4"
        elif address_type == 4:
            host, kind = str(ipaddress.IPv6Address(await reader.readexactly(16))), "ipv6"
        elif address_type == 3:
            (length,) = await reader.readexactly(1)
            host, kind = (await reader.readexactly(length)).decode("ascii"), "domain"
        else:
            await _socks_reply(writer, 8)  # address type not supported
            return None
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        self.seen.append(SocksSeen(host, port, kind, given))
        if self.hang_up == "request":
            return None
        if command != 1:
            await _socks_reply(writer, 7)  # command not supported
            return None
        try:
            address = self.names.get(host, host)
            upstream = await asyncio.wait_for(asyncio.open_connection(address, port), 10)
        except (OSError, TimeoutError):
            await _socks_reply(writer, 5)  # connection refused
            return None
        await _socks_reply(writer, 0)
        return upstream


_NO_AUTH, _USERNAME_PASSWORD, _NO_ACCEPTABLE = 0x00, 0x02, 0xFF


async def _socks_reply(writer: asyncio.StreamWriter, code: int) -> None:
    # The bound address is of no use to a client that only relays: 0.0.0.0:0.
    writer.write(bytes([5, code, 0, 1]) + bytes(6))
    await writer.drain()


async def _relay(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    up_reader: asyncio.StreamReader,
    up_writer: asyncio.StreamWriter,
) -> None:
    async def copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        with contextlib.suppress(OSError):
            if sink.can_write_eof():
                sink.write_eof()

    try:
        await asyncio.gather(copy(reader, up_writer), copy(up_reader, writer))
    finally:
        up_writer.close()
