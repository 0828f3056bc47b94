"""fetch against a real HTTP server on 127.0.0.1, plus MockTransport where no real server can
produce the case (a public host redirecting inward, a name resolving to a private address)."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import http.server
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import trustme

from tracker.config import Settings, load_settings
from tracker.demo.server import LoopbackServer, Request, Route
from tracker.errors import ConfigError
from tracker.fetch import (
    Fetchers,
    FetchOutcome,
    FetchPolicy,
    FetchResult,
    fetch,
    guard,
    make_client,
    pool,
    read,
    validate_url,
)
from tracker.request_options import RequestOptions

from .proxies import ForwardProxy, SocksProxy, SocksSeen

# Loopback is private, so tests against the local server must allow it. Tiny backoff and
# timeouts keep the retry and timeout tests fast.
LOCAL = FetchPolicy(
    allow_private_networks=True,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=5.0,
    backoff_base=0.001,
    backoff_max=0.01,
)
STRICT = FetchPolicy(total_timeout=5.0, backoff_base=0.001, backoff_max=0.01)
PUBLIC = "http://93.184.215.14"  # an address literal: checked without DNS, never connected to

PAGE = (
    "<!DOCTYPE html><html><head><title>Budget</title></head>"
    "<body><p>Council news.</p></body></html>"
)


def run(
    url: str,
    policy: FetchPolicy = LOCAL,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    async def go() -> FetchResult:
        async with make_client(policy) as client:
            return await fetch(client, url, policy, etag=etag, last_modified=last_modified)

    return asyncio.run(go())


def run_mock(
    handler: Callable[[httpx.Request], httpx.Response],
    url: str,
    policy: FetchPolicy = STRICT,
) -> FetchResult:
    async def go() -> FetchResult:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await fetch(client, url, policy)

    return asyncio.run(go())


def failed(result: FetchResult, error: str, *message_parts: str) -> None:
    """The result is a FAILED outcome with this code and a one-line message naming the parts."""
    assert (result.outcome, result.error) == (FetchOutcome.FAILED, error), result
    assert result.message and "\n" not in result.message
    for part in message_parts:
        assert part in result.message, result.message
    assert result.text == ""


# --------------------------------------------------------------------------- success


def test_ok(site: LoopbackServer) -> None:
    url = site.set("/a", PAGE)
    result = run(url)
    assert result.ok and result.outcome is FetchOutcome.OK
    assert (result.status, result.text, result.encoding) == (200, PAGE, "utf-8")
    assert result.content_type == "text/html; charset=utf-8"
    assert (result.url, result.final_url, result.attempts) == (url, url, 1)
    assert result.bytes == len(PAGE) and result.error is None and result.message is None
    sent = site.requests_to("/a")[0].headers
    assert sent["User-Agent"] == LOCAL.user_agent
    assert "If-None-Match" not in sent and "If-Modified-Since" not in sent


def test_broken_html_is_still_ok(site: LoopbackServer) -> None:
    broken = "<html><body><p>unclosed <div><b>bold</p></i><table><td>cell"
    result = run(site.set("/broken", broken))
    assert result.ok and result.text == broken


def test_missing_content_type_sniffed_as_html(site: LoopbackServer) -> None:
    result = run(site.set("/untyped", Route(PAGE, content_type=None)))
    assert result.ok and result.content_type is None and result.text == PAGE


def test_xhtml_content_type_accepted(site: LoopbackServer) -> None:
    result = run(site.set("/x", Route(PAGE, content_type="application/xhtml+xml")))
    assert result.ok


# --------------------------------------------------------------------------- HTTP status


@pytest.mark.parametrize("status", [404, 410])
def test_gone(site: LoopbackServer, status: int) -> None:
    url = site.set("/gone", Route("gone", status=status))
    result = run(url)
    reason = {404: "Not Found", 410: "Gone"}[status]
    failed(result, f"http_{status}", f"HTTP {status} {reason}")
    assert result.gone and result.status == status
    assert result.attempts == 1 and len(site.requests_to("/gone")) == 1


def test_other_4xx_is_not_retried(site: LoopbackServer) -> None:
    result = run(site.set("/forbidden", Route("no", status=403)))
    failed(result, "http_403", "HTTP 403 Forbidden")
    assert not result.gone and result.attempts == 1
    assert len(site.requests_to("/forbidden")) == 1


def test_500_then_recovery(site: LoopbackServer) -> None:
    calls: list[Request] = []

    def flaky(request: Request) -> Route:
        calls.append(request)
        return Route("oops", status=500) if len(calls) == 1 else Route(PAGE)

    result = run(site.set("/flaky", flaky))
    assert result.ok and result.text == PAGE
    assert result.attempts == 2 and len(calls) == 2


def test_500_forever_fails_after_retries(site: LoopbackServer) -> None:
    result = run(site.set("/down", Route("oops", status=500)))
    failed(result, "http_500", "HTTP 500 Internal Server Error")
    assert result.status == 500
    assert result.attempts == LOCAL.retries + 1 == len(site.requests_to("/down"))


def test_429_retry_after_is_honoured_and_capped(site: LoopbackServer) -> None:
    calls: list[Request] = []

    def busy(request: Request) -> Route:
        calls.append(request)
        if len(calls) == 1:
            return Route("slow down", status=429, headers={"Retry-After": "2"})
        return Route(PAGE)

    # The backoff alone would wait about a millisecond: a pause of at least the cap shows
    # Retry-After was used, and one well under 2 s shows it was capped.
    policy = FetchPolicy(**{**LOCAL.__dict__, "retry_after_cap": 0.3})
    result = run(site.set("/busy", busy), policy)
    assert result.ok and result.attempts == 2
    pause = calls[1].at - calls[0].at
    assert 0.25 <= pause < 1.5


def test_retry_after_beyond_the_deadline_gives_up_at_once(site: LoopbackServer) -> None:
    url = site.set("/later", Route("maintenance", status=503, headers={"Retry-After": "30"}))
    policy = FetchPolicy(**{**LOCAL.__dict__, "total_timeout": 2.0})
    result = run(url, policy)
    failed(result, "http_503", "HTTP 503 Service Unavailable")
    assert result.attempts == 1 and result.duration < 1.0


def test_retry_after_header_forms() -> None:
    parse = read._retry_after
    assert parse("7") == 7.0
    soon = email.utils.formatdate(time.time() + 30, usegmt=True)
    delay = parse(soon)
    assert delay is not None and 25 <= delay <= 31
    assert parse("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # already past
    assert parse("soon") is None and parse(None) is None and parse("-5") is None


# --------------------------------------------------------------------------- timeouts


def test_read_timeout_is_retried_then_reported(site: LoopbackServer) -> None:
    url = site.set("/slow", Route(PAGE, delay=0.6))
    policy = FetchPolicy(**{**LOCAL.__dict__, "read_timeout": 0.1, "retries": 1})
    result = run(url, policy)
    failed(result, "timeout", "timed out", "127.0.0.1")
    assert result.attempts == 2


def test_total_deadline_covers_a_slow_body(site: LoopbackServer) -> None:
    # Each piece arrives well within the read timeout; only the total deadline can stop it.
    url = site.set("/drip", Route(PAGE * 20, drip=0.1))
    policy = FetchPolicy(**{**LOCAL.__dict__, "read_timeout": 1.0, "total_timeout": 0.4})
    started = time.monotonic()
    result = run(url, policy)
    failed(result, "timeout", "total deadline of 0.4 s")
    assert time.monotonic() - started < 1.0


# --------------------------------------------------------------------------- content


def test_not_html_is_refused_from_the_header(site: LoopbackServer) -> None:
    url = site.set("/doc.pdf", Route(b"%PDF-1.4 " + b"x" * 50_000, content_type="application/pdf"))
    result = run(url)
    failed(result, "not_html", "application/pdf")
    assert result.bytes == 0 and result.content_type == "application/pdf"


@pytest.mark.parametrize("content_type", ["image/png", "application/json", "text/plain"])
def test_other_types_are_not_html(site: LoopbackServer, content_type: str) -> None:
    failed(
        run(site.set("/other", Route(b"{}", content_type=content_type))), "not_html", content_type
    )


def test_untyped_body_that_is_not_html(site: LoopbackServer) -> None:
    result = run(site.set("/blob", Route(b"\x89PNG\r\n\x1a\n rest", content_type=None)))
    failed(result, "not_html", "no content type")


@pytest.mark.parametrize("body", ["", "   \n\t  ", "\ufeff  \n"])
def test_empty_body(site: LoopbackServer, body: str) -> None:
    failed(run(site.set("/empty", body)), "empty_body", "empty")


def test_oversized_body_rejected_from_content_length(site: LoopbackServer) -> None:
    policy = FetchPolicy(**{**LOCAL.__dict__, "max_bytes": 1000})
    result = run(site.set("/big", "<p>" + "x" * 5000), policy)
    failed(result, "too_large", "body exceeds 1000 bytes limit", "Content-Length")
    assert result.bytes == 0  # decided before reading anything


def test_gzip_body_capped_on_its_decoded_size(site: LoopbackServer) -> None:
    html = ("<html><body>" + "<p>the same words again and again</p>" * 5000).encode()
    packed = gzip.compress(html)
    policy = FetchPolicy(**{**LOCAL.__dict__, "max_bytes": 50_000})
    assert len(packed) < policy.max_bytes < len(html)
    url = site.set("/bomb", Route(packed, headers={"Content-Encoding": "gzip"}))
    result = run(url, policy)
    failed(result, "too_large", "body exceeds 48.8 KB limit")
    assert result.bytes == policy.max_bytes + 1  # inflated up to the cap, and no further

    small = ("<html><body>" + "<p>short</p>" * 100).encode()
    site.set("/small", Route(gzip.compress(small), headers={"Content-Encoding": "gzip"}))
    ok = run(site.url("/small"), policy)
    assert ok.ok and ok.bytes == len(small) and ok.text == small.decode()


def test_corrupt_compression(site: LoopbackServer) -> None:
    url = site.set("/corrupt", Route(b"definitely not gzip", headers={"Content-Encoding": "gzip"}))
    failed(run(url), "decode_error", "cannot decode")


# --------------------------------------------------------------------------- charsets


RUSSIAN = (
    "Городской совет утвердил новый план развития транспорта после долгого обсуждения "
    "во вторник вечером. Жители района получат новые автобусные маршруты уже весной."
)


def test_windows_1251_declared_only_in_meta(site: LoopbackServer) -> None:
    html = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
        f"<title>План</title></head><body><p>{RUSSIAN}</p></body></html>"
    )
    result = run(site.set("/ru", Route(html.encode("cp1251"), content_type="text/html")))
    assert result.ok and result.text == html and result.encoding == "cp1251"


def test_shift_jis_meta_charset(site: LoopbackServer) -> None:
    html = (
        '<html><head><meta charset="Shift_JIS"></head>'
        "<body><p>東京の天気は晴れです。</p></body></html>"
    )
    result = run(site.set("/jp", Route(html.encode("shift_jis"), content_type="text/html")))
    assert result.ok and result.text == html and result.encoding == "shift_jis"


def test_iso_8859_1_from_the_header(site: LoopbackServer) -> None:
    # Declared iso-8859-1 is decoded as windows-1252, as browsers do: the 0x92 byte is the
    # apostrophe the author typed, not a C1 control character.
    html = "<html><body><p>Café crème brûlée, the chef’s choice</p></body></html>"
    body = html.encode("cp1252")
    assert b"\x92" in body
    url = site.set("/fr", Route(body, content_type="text/html; charset=ISO-8859-1"))
    result = run(url)
    assert result.ok and result.text == html and result.encoding == "cp1252"


def test_header_charset_wins_over_meta(site: LoopbackServer) -> None:
    html = f'<html><head><meta charset="utf-8"></head><body><p>{RUSSIAN}</p></body></html>'
    url = site.set("/both", Route(html.encode("koi8_r"), content_type="text/html; charset=koi8-r"))
    result = run(url)
    assert result.text == html and result.encoding == "koi8-r"


def test_no_charset_anywhere_is_detected(site: LoopbackServer) -> None:
    html = f"<html><head><title>Новости</title></head><body><p>{RUSSIAN}</p></body></html>"
    result = run(site.set("/guess", Route(html.encode("cp1251"), content_type="text/html")))
    assert result.ok and result.text == html and result.encoding == "cp1251"


@pytest.mark.parametrize("bogus", ["x-no-such-charset", "base64", "unicode_escape", '"'])
def test_bogus_charset_falls_back(site: LoopbackServer, bogus: str) -> None:
    html = "<html><body><p>Grüße aus Köln \\u0041</p></body></html>"
    url = site.set("/bogus", Route(html.encode(), content_type=f"text/html; charset={bogus}"))
    result = run(url)
    assert result.ok and result.text == html and result.encoding == "utf-8"


# --------------------------------------------------------------------------- redirects


def test_relative_redirect_is_followed(site: LoopbackServer) -> None:
    site.set("/news/old", Route(status=301, headers={"Location": "../articles/new?x=1"}))
    site.set("/articles/new", PAGE)
    result = run(site.url("/news/old"))
    assert result.ok and result.text == PAGE
    assert result.url == site.url("/news/old")
    assert result.final_url == site.url("/articles/new?x=1")


@pytest.mark.parametrize("status", [302, 303, 307, 308])
def test_every_redirect_status_is_followed(site: LoopbackServer, status: int) -> None:
    site.set("/from", Route(status=status, headers={"Location": site.url("/to")}))
    site.set("/to", PAGE)
    assert run(site.url("/from")).final_url == site.url("/to")


def test_redirect_loop(site: LoopbackServer) -> None:
    site.set("/a", Route(status=302, headers={"Location": "/b"}))
    site.set("/b", Route(status=302, headers={"Location": "/a"}))
    result = run(site.url("/a"))
    failed(result, "too_many_redirects", "redirect loop", "/a -> ", "/b -> ")
    assert result.attempts == 1


def test_too_many_redirects(site: LoopbackServer) -> None:
    for hop in range(6):
        site.set(f"/hop{hop}", Route(status=302, headers={"Location": f"/hop{hop + 1}"}))
    site.set("/hop6", PAGE)
    policy = FetchPolicy(**{**LOCAL.__dict__, "max_redirects": 3})
    failed(run(site.url("/hop0"), policy), "too_many_redirects", "more than 3 redirects")
    # Exactly the allowed number of hops is fine.
    assert run(site.url("/hop3"), policy).final_url == site.url("/hop6")


def test_redirect_without_location(site: LoopbackServer) -> None:
    result = run(site.set("/nowhere", Route(status=302)))
    failed(result, "redirect_missing_location", "302", "Location")


def test_redirect_to_another_scheme_is_refused(site: LoopbackServer) -> None:
    result = run(site.set("/esc", Route(status=302, headers={"Location": "file:///etc/passwd"})))
    failed(result, "unsupported_scheme", "file")


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("garbage", "invalid_url"),
        ("", "invalid_url"),
        ("http://", "invalid_url"),
        ("http:///path-only", "invalid_url"),
        ("http://exa mple.com/", "invalid_url"),
        ("http://example.com:99999/", "invalid_url"),
        ("http://bad_-.host-/", "invalid_url"),
        ("file:///etc/passwd", "unsupported_scheme"),
        ("ftp://example.com/file", "unsupported_scheme"),
        ("javascript:alert(1)", "unsupported_scheme"),
    ],
)
def test_bad_urls_fail_without_a_request(url: str, error: str) -> None:
    result = run(url)
    failed(result, error)
    assert result.status is None and result.url == url


def test_validate_url_normalises() -> None:
    assert validate_url("  HTTP://Example.COM:80#top ") == "http://example.com/"
    assert validate_url("https://News.example.org/a/b?q=1#frag") == (
        "https://news.example.org/a/b?q=1"
    )
    assert validate_url("https://example.com:8443") == "https://example.com:8443/"
    assert validate_url("http://bücher.example/") == "http://xn--bcher-kva.example/"


@pytest.mark.parametrize(
    ("url", "reason"),
    [("file:///etc/passwd", "scheme"), ("example.com/page", "absolute"), ("http://", "host")],
)
def test_validate_url_rejects(url: str, reason: str) -> None:
    with pytest.raises(ConfigError, match=reason):
        validate_url(url)


# --------------------------------------------------------------------------- private networks


def test_loopback_refused_unless_allowed(site: LoopbackServer) -> None:
    url = site.set("/local", PAGE)
    failed(run(url, STRICT), "private_network", "127.0.0.1", "loopback")
    assert site.requests_to("/local") == []
    assert run(url, LOCAL).ok


@pytest.mark.parametrize(
    ("url", "address", "reason"),
    [
        ("http://localhost:9/", "127.0.0.1", "loopback"),
        ("http://[::1]/", "::1", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", "loopback"),
        ("http://10.1.2.3/", "10.1.2.3", "private"),
        ("http://192.168.0.10/", "192.168.0.10", "private"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254", "link-local"),
        ("http://[fe80::1]/", "fe80::1", "link-local"),
        ("http://0.0.0.0/", "0.0.0.0", "unspecified"),
        ("http://224.0.0.1/", "224.0.0.1", "multicast"),
        ("http://100.64.0.1/", "100.64.0.1", "non-public"),
        ("http://240.0.0.1/", "240.0.0.1", "reserved"),
    ],
)
def test_private_addresses_refused(url: str, address: str, reason: str) -> None:
    failed(run(url, STRICT), "private_network", address, reason)


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        return ["93.184.215.14", "10.9.8.7"]

    monkeypatch.setattr(guard, "_resolve", resolve)
    result = run_mock(lambda request: httpx.Response(200, html=PAGE), "http://mixed.example/")
    failed(result, "private_network", "mixed.example (10.9.8.7)", "private")


def test_redirect_to_a_private_address_is_refused() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/start":
            return httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"})
        return httpx.Response(200, html=PAGE)

    result = run_mock(handler, PUBLIC + "/start")
    failed(result, "private_network", "127.0.0.1", "loopback")
    assert seen == ["/start"]  # the private hop was never requested
    assert result.final_url == "http://127.0.0.1/admin"


def test_address_connected_to_is_checked_again(
    site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the name looked public when checked, the connection lands on loopback.
    async def resolve(host: str, port: int) -> list[str]:
        return ["93.184.215.14"]

    monkeypatch.setattr(guard, "_resolve", resolve)
    result = run(site.set("/rebound", PAGE), STRICT)
    failed(result, "private_network", "127.0.0.1", "loopback")
    assert result.bytes == 0


def test_public_address_is_allowed() -> None:
    result = run_mock(lambda request: httpx.Response(200, html=PAGE), PUBLIC + "/")
    assert result.ok and result.text == PAGE


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_not_forbidden(address: str) -> None:
    assert guard._forbidden(address) is None


# --------------------------------------------------------------------------- conditional GET


def test_etag_304_is_not_modified(site: LoopbackServer) -> None:
    url = site.set("/etag", Route(PAGE, etag='"v1"'))
    first = run(url)
    assert first.ok and first.etag == '"v1"'
    second = run(url, etag=first.etag)
    assert second.outcome is FetchOutcome.NOT_MODIFIED and second.not_modified
    assert (second.status, second.etag, second.text, second.error) == (304, '"v1"', "", None)
    assert site.requests_to("/etag")[-1].headers["If-None-Match"] == '"v1"'


def test_last_modified_round_trip(site: LoopbackServer) -> None:
    stamp = "Tue, 03 Jun 2025 10:00:00 GMT"

    def page(request: Request) -> Route:
        if request.headers.get("If-Modified-Since") == stamp:
            return Route(status=304)  # no validators echoed: the sent ones must be kept
        return Route(PAGE, headers={"Last-Modified": stamp})

    url = site.set("/lm", page)
    first = run(url)
    assert first.ok and first.last_modified == stamp
    second = run(url, last_modified=first.last_modified)
    assert second.outcome is FetchOutcome.NOT_MODIFIED and second.last_modified == stamp
    assert site.requests_to("/lm")[-1].headers["If-Modified-Since"] == stamp


def test_304_without_a_conditional_request_is_a_failure(site: LoopbackServer) -> None:
    failed(run(site.set("/odd", Route(status=304))), "http_304", "304")


# --------------------------------------------------------------------------- connections


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_connection_refused() -> None:
    result = run(f"http://127.0.0.1:{closed_port()}/")
    failed(result, "connect_error", "connection to 127.0.0.1 failed")
    assert result.status is None and result.attempts == LOCAL.retries + 1


def test_connection_dropped_without_answer(site: LoopbackServer) -> None:
    result = run(site.set("/drop", Route(drop=True)))
    failed(result, "connect_error", "127.0.0.1", "disconnected")


def test_dns_failure_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(guard, "_resolve", resolve)
    result = run_mock(lambda request: httpx.Response(200), "http://no-such-host.example/")
    failed(result, "dns_error", "cannot resolve host no-such-host.example", "not known")
    assert result.attempts == 1  # a name that does not exist will not exist in a second


def test_dns_failure_inside_httpx() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from exc

    result = run_mock(handler, "http://no-such-host.example/", LOCAL)
    failed(result, "dns_error", "no-such-host.example")


def test_unexpected_exception_becomes_internal_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("boom")

    result = run_mock(handler, PUBLIC + "/")
    failed(result, "internal_error", "RuntimeError: boom")


def test_internal_error_message_stays_on_one_line() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise ValueError("first line\nsecond line")

    failed(run_mock(handler, PUBLIC + "/"), "internal_error", "ValueError: first line second line")


def test_many_fetches_share_one_client(site: LoopbackServer) -> None:
    urls = [site.set(f"/p{i}", Route(PAGE, delay=0.05)) for i in range(20)]

    async def go() -> list[Any]:
        async with make_client(LOCAL) as client:
            return await asyncio.gather(*(fetch(client, u, LOCAL) for u in urls))

    started = time.monotonic()
    results = asyncio.run(go())
    assert all(r.ok for r in results)
    assert time.monotonic() - started < 1.0  # concurrent, not one after the other


# --------------------------------------------------------------------------- connection pools


def test_origin_pools_keep_connections_per_origin_and_bound_them() -> None:
    """Each origin gets its own pool; idle pools beyond the bound are closed, oldest first,
    while an origin with a request in flight keeps its pool; every answer arrives intact."""

    async def go(servers: list[LoopbackServer], slow: str) -> None:
        transport = pool.OriginPools(verify=pool._tls_context(), max_origins=2)
        async with httpx.AsyncClient(transport=transport) as client:
            first = await fetch(client, servers[0].url("/a"), LOCAL)
            again = await fetch(client, servers[0].url("/a"), LOCAL)
            assert (first.text, again.text) == (PAGE, PAGE)
            assert transport.origins == 1
            # A slow answer keeps origin 1 busy while origins 2 and 3 are opened.
            in_flight = asyncio.create_task(fetch(client, slow, LOCAL))
            await asyncio.sleep(0.2)
            for server in servers[2:]:
                assert (await fetch(client, server.url("/a"), LOCAL)).text == PAGE
            assert transport.origins == 2  # origin 0 (idle, oldest) was closed
            assert (await in_flight).text == PAGE
            assert (await fetch(client, servers[0].url("/a"), LOCAL)).text == PAGE
            assert transport.origins == 2
        # A closed client's transport refuses work instead of opening new connections.
        with pytest.raises(RuntimeError):
            await transport.handle_async_request(httpx.Request("GET", servers[0].url("/a")))

    servers = [LoopbackServer() for _ in range(3)]
    with servers[0], servers[1], servers[2]:
        for server in servers:
            server.set("/a", PAGE)
        slow = servers[1].set("/slow", Route(PAGE, delay=0.5))
        asyncio.run(go(servers, slow))
        # Every fetch reached its server exactly once (no retry hid a closed pool).
        assert [len(s.requests_to("/a")) for s in servers] == [3, 0, 1]


# --------------------------------------------------------------------------- request options


def run_fetchers(
    url: str, request: RequestOptions, settings: Settings | None = None
) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetchers(settings or load_settings(allow_private_networks=True)) as fetchers:
            return await fetchers.fetch(url, request, policy=LOCAL)

    return asyncio.run(go())


def test_source_headers_and_user_agent_reach_the_page(site: LoopbackServer) -> None:
    url = site.set("/members", PAGE)
    request = RequestOptions(
        headers=(("Cookie", "session=abc123"), ("Authorization", "Bearer t0ken")),
        user_agent="NewsroomMonitor/2.0",
    )
    assert run_fetchers(url, request).ok
    [seen] = site.requests_to("/members")
    assert seen.headers["Cookie"] == "session=abc123"
    assert seen.headers["Authorization"] == "Bearer t0ken"
    assert seen.headers["User-Agent"] == "NewsroomMonitor/2.0"


def test_source_headers_stay_with_the_site_across_redirects(site: LoopbackServer) -> None:
    elsewhere = site.url("/landing").replace("127.0.0.1", "localhost")
    site.set("/landing", PAGE)
    url = site.set("/start", Route(status=302, headers={"Location": elsewhere}))
    request = RequestOptions(headers=(("Cookie", "session=abc123"),), user_agent="Monitor/1")
    result = run_fetchers(url, request)
    assert result.ok and result.final_url == elsewhere
    start, landing = site.requests_to("/start")[0], site.requests_to("/landing")[0]
    assert start.headers["Cookie"] == "session=abc123"
    assert "Cookie" not in landing.headers  # another host: the credentials stay behind
    assert landing.headers["User-Agent"] == "Monitor/1"


def test_a_source_proxy_carries_the_request_and_its_credentials(site: LoopbackServer) -> None:
    url = site.set("/proxied", PAGE)
    with ForwardProxy(credentials="desk:pa55word") as proxy:
        result = run_fetchers(url, RequestOptions(proxy=proxy.url("desk:pa55word")))
        seen = list(proxy.seen)
    assert result.ok and result.text == PAGE
    assert [(s.method, s.target, s.credentials) for s in seen] == [("GET", url, "desk:pa55word")]
    assert len(site.requests_to("/proxied")) == 1


def test_a_refusing_proxy_is_a_failure_that_names_no_credentials(site: LoopbackServer) -> None:
    url = site.set("/proxied", PAGE)
    with ForwardProxy(credentials="desk:right-one") as proxy:
        result = run_fetchers(url, RequestOptions(proxy=proxy.url("desk:wrong-one")))
    assert result.outcome == "failed" and result.error == "http_407"
    assert "wrong-one" not in (result.message or "")
    assert site.requests_to("/proxied") == []


def test_environment_proxies_only_when_trusted(
    site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.set("/env", PAGE)
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with ForwardProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        monkeypatch.setenv("http_proxy", proxy.url())
        assert run_fetchers(url, RequestOptions()).ok
        assert proxy.seen == []  # not trusted: the environment changes nothing
        trusted = load_settings(allow_private_networks=True, trust_env=True)
        assert run_fetchers(url, RequestOptions(), trusted).ok
        assert [s.target for s in proxy.seen] == [url]


# --------------------------------------------------------------------------- SOCKS5


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing was logged as an error or with a traceback: a failure was one recorded line."""
    logged = [r for r in caplog.records if r.exc_info or r.levelname in ("ERROR", "CRITICAL")]
    assert logged == [], [r.getMessage() for r in logged]


@pytest.mark.parametrize(
    ("scheme", "asked"),
    [("socks5", ("127.0.0.1", "ipv4")), ("socks5h", ("localhost", "domain"))],
)
def test_a_socks_proxy_carries_the_request_with_its_credentials(
    site: LoopbackServer, scheme: str, asked: tuple[str, str]
) -> None:
    # socks5: the name is resolved here and the proxy is given the address; socks5h: the
    # proxy is given the name.
    url = site.set("/socks", PAGE).replace("127.0.0.1", "localhost")
    port = httpx.URL(url).port
    assert port is not None
    with SocksProxy(credentials="desk:pa55word") as proxy:
        result = run_fetchers(url, RequestOptions(proxy=proxy.url("desk:pa55word", scheme=scheme)))
    assert result.ok and result.text == PAGE, result.message
    assert proxy.seen == [SocksSeen(asked[0], port, asked[1], "desk:pa55word")]
    assert len(site.requests_to("/socks")) == 1


def test_a_socks_proxy_without_authentication(site: LoopbackServer) -> None:
    url = site.set("/socks", PAGE)
    with SocksProxy() as proxy:
        result = run_fetchers(url, RequestOptions(proxy=proxy.url()))
    assert result.ok, result.message
    assert [(s.host, s.credentials) for s in proxy.seen] == [("127.0.0.1", None)]


@pytest.fixture
def tls_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An https page on 127.0.0.1 whose certificate names `localhost` only, from a CA the
    clients trust for the test."""
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    monkeypatch.setattr(pool, "_tls_context", lambda: client_context)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"https://localhost:{server.server_address[1]}/story"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_https_through_socks5_is_verified_against_the_name_not_the_address(
    tls_site: str,
) -> None:
    with SocksProxy() as proxy:
        result = run_fetchers(tls_site, RequestOptions(proxy=proxy.url()))
    assert result.ok and result.text == PAGE, result.message
    assert [(s.host, s.address_type) for s in proxy.seen] == [("127.0.0.1", "ipv4")]


@pytest.mark.parametrize("scheme", ["socks5", "socks5h"])
def test_wrong_socks_credentials_are_one_line_and_not_retried(
    site: LoopbackServer, caplog: pytest.LogCaptureFixture, scheme: str
) -> None:
    url = site.set("/socks", PAGE)
    with caplog.at_level("WARNING"), SocksProxy(credentials="desk:right-one") as proxy:
        result = run_fetchers(url, RequestOptions(proxy=proxy.url("desk:wrong-one", scheme=scheme)))
    assert (result.outcome, result.error, result.attempts) == ("failed", "proxy_error", 1)
    message = result.message or ""
    assert "username/password" in message and "\n" not in message
    assert "wrong-one" not in message and "desk" not in message
    assert proxy.refused == ["desk:wrong-one"] and proxy.seen == []
    assert site.requests_to("/socks") == []
    no_tracebacks(caplog)


def test_a_socks_proxy_wanting_credentials_that_none_were_given(site: LoopbackServer) -> None:
    url = site.set("/socks", PAGE)
    with SocksProxy(credentials="desk:right-one") as proxy:
        result = run_fetchers(url, RequestOptions(proxy=proxy.url()))
    assert (result.error, result.attempts) == ("proxy_error", 1)
    assert "NO ACCEPTABLE METHODS" in (result.message or "")


@pytest.mark.parametrize("hang_up", ["greeting", "request"])
def test_a_socks_proxy_hanging_up_mid_handshake_is_a_recorded_failure(
    site: LoopbackServer, caplog: pytest.LogCaptureFixture, hang_up: str
) -> None:
    url = site.set("/socks", PAGE)
    with caplog.at_level("WARNING"), SocksProxy(hang_up=hang_up) as proxy:
        result = run_fetchers(url, RequestOptions(proxy=proxy.url()))
    assert (result.outcome, result.error) == ("failed", "proxy_error")
    assert "broke off the handshake" in (result.message or "")
    assert result.attempts == 1 + LOCAL.retries  # a dropped handshake may pass: tried again
    assert site.requests_to("/socks") == []
    no_tracebacks(caplog)


# --------------------------------------------------------------------------- proxies and the
# private-network rule: the target is checked, the proxy (the user's choice) is not.


def _public_then_private(proxy: str, public: str, private: str) -> tuple[FetchResult, ...]:
    settings = load_settings(allow_private_networks=False)

    async def go() -> tuple[FetchResult, ...]:
        async with Fetchers(settings) as fetchers:
            request = RequestOptions(proxy=proxy)
            return tuple(
                [await fetchers.fetch(url, request, policy=STRICT) for url in (public, private)]
            )

    return asyncio.run(go())


@pytest.mark.usefixtures("public_loopback")
@pytest.mark.parametrize("scheme", ["http", "socks5", "socks5h"])
def test_a_proxy_on_a_private_address_may_carry_only_public_targets(
    site: LoopbackServer, scheme: str
) -> None:
    public = site.set("/public", PAGE)
    with LoopbackServer(host="127.0.0.3") as inner:
        private = inner.set("/admin", PAGE)
        if scheme == "http":
            with ForwardProxy(host="127.0.0.2") as http_proxy:
                allowed, refused = _public_then_private(http_proxy.url(), public, private)
                asked = [s.target for s in http_proxy.seen]
        else:
            with SocksProxy(host="127.0.0.2") as socks_proxy:
                proxy_url = socks_proxy.url(scheme=scheme)
                allowed, refused = _public_then_private(proxy_url, public, private)
                asked = [s.host for s in socks_proxy.seen]
    assert allowed.ok, allowed.message  # the proxy sits on a private address: the user's choice
    assert (refused.outcome, refused.error) == ("failed", "private_network")
    assert "127.0.0.3" in (refused.message or "")
    assert inner.requests == []
    assert len(asked) == 1 and "127.0.0.3" not in asked[0]  # never asked for the private one
