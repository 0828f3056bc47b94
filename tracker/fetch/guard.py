"""The private-network guard: no fetch reaches loopback, private or reserved addresses unless
the policy allows it, whatever the DNS answers or a redirect says."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import httpx

from tracker.fetch.policy import FetchPolicy
from tracker.urls import BadURL, parse_url


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
    port = url.port or (443 if url.scheme == "https" else 80)
    await checked_addresses(url.raw_host.decode("ascii"), port, policy, shown=url.host)


async def checked_addresses(
    host: str, port: int, policy: FetchPolicy, *, resolve: bool = False, shown: str | None = None
) -> list[str]:
    """The addresses `host` resolves to, every one of them public (or anything, when private
    networks are allowed: then the name itself, for the connector to resolve, unless
    `resolve` asks for the addresses all the same). Raises _Refused. A connection made to one
    of these addresses has no rebinding window. `shown`: the host as messages name it (an
    international name as written, not its ASCII form)."""
    shown = shown or host
    if policy.allow_private_networks and not resolve:
        return [host]
    try:
        addresses = await _resolve(host, port)
    except socket.gaierror as exc:
        # EAI_AGAIN is a resolver hiccup worth another try; "no such name" is not.
        raise _Refused(
            "dns_error",
            f"cannot resolve host {shown}: {exc.strerror or exc}",
            retryable=exc.errno == socket.EAI_AGAIN,
        ) from None
    for address in addresses if not policy.allow_private_networks else ():
        reason = _forbidden(address)
        if reason is not None:
            raise _Refused("private_network", _private_message(shown, address, reason))
    return addresses


async def socks_address(host: str, port: int, policy: FetchPolicy) -> str:
    """The address a `socks5://` proxy is asked to connect to for `host` (`socks5h://` is
    given the name): resolved here and checked like a direct connection's, so the proxy
    connects to the very address that was checked. A SOCKS request names one address only:
    an IPv4 one when there is one, as more proxies can reach those."""
    addresses = await checked_addresses(host, port, policy, resolve=True)
    return next((a for a in addresses if ":" not in a), addresses[0])


def _check_peer(response: httpx.Response, policy: FetchPolicy) -> None:
    """Refuse to read an answer from a non-public peer (closes most of the rebinding gap)."""
    if policy.allow_private_networks or policy.via_proxy:
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
        await _check_host(parse_url(url), policy)
    except (BadURL, _Refused) as exc:
        return exc.message
    return None


def refused_host(url: str, *, allow_private_networks: bool) -> str | None:
    """Why every check of `url` would be refused by this guard, as far as its URL alone tells
    (an IP address or a `localhost` name; other names are resolved at each check), or None.
    Said when the page is added, rather than by its first check."""
    if allow_private_networks:
        return None
    host = httpx.URL(url).host
    if host == "localhost" or host.endswith(".localhost"):
        return _private_message(host, "127.0.0.1", "loopback")
    reason = _forbidden(host)
    return None if reason in (None, "unparseable") else _private_message(host, host, reason)


def _private_message(host: str, address: str, reason: str) -> str:
    where = address if host == address else f"{host} ({address})"
    return (
        f"refusing to fetch {where}: {reason} address (set TRACKER_ALLOW_PRIVATE_NETWORKS to allow)"
    )


async def refusal(url: httpx.URL, policy: FetchPolicy) -> tuple[str, str, bool] | None:
    """Why a request to `url` must not be made, as (code, message, retryable), or None: the
    same rules for any request tracker makes (a webhook target is an SSRF path too)."""
    try:
        await _check_host(url, policy)
    except _Refused as exc:
        return exc.code, exc.message, exc.retryable
    return None


def address_refusal(host: str, address: str, policy: FetchPolicy) -> str | None:
    """Why an answer from `address` (the peer a browser connected to for `host`) must not be
    used, or None: the browser's side of _check_peer."""
    if policy.allow_private_networks or policy.via_proxy:
        return None
    reason = _forbidden(address)
    return None if reason is None else _private_message(host, address, reason)


def peer_refusal(response: httpx.Response, policy: FetchPolicy) -> str | None:
    """Why the answer on `response` must not be read (its peer is not public), or None."""
    try:
        _check_peer(response, policy)
    except _Refused as exc:
        return exc.message
    return None
