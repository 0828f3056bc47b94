"""The browser fetcher against real pages on loopback, rendered by Debian's Chromium: pages
built by their scripts, pages that never settle or loop, pages that reach for private
addresses, a browser killed or frozen mid-check, and the source's headers, cookies and proxy."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import Iterator

import pytest

from tracker.analysis import extract_page
from tracker.article import ExtractOptions
from tracker.demo.server import LoopbackServer, Route
from tracker.fetch import FetchPolicy, FetchResult
from tracker.fetch.browser import Browser, BrowserSettings
from tracker.request_options import RequestOptions
from tracker.vocabulary import Render

from .chromium import CHROMIUM, require_chromium
from .proxies import ForwardProxy, SocksProxy
from .test_fetch import no_tracebacks

require_chromium()

LOCAL = FetchPolicy(allow_private_networks=True, total_timeout=20.0, retries=0)
BROWSER = RequestOptions(render=Render.BROWSER)

# The article arrives as JSON after the page loaded; the view counter is filled by a script.
APP = """<!DOCTYPE html><html><head><title>Newsroom</title></head><body>
<div id="app"></div><noscript>You need to enable JavaScript to run this app.</noscript>
<script>
fetch('/api/article.json').then(r => r.json()).then(a => {
  document.getElementById('app').innerHTML = '<article><h1>' + a.title + '</h1>' +
    a.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article>' +
    '<span class="views" id="views"></span>';
  setTimeout(() => { document.getElementById('views').textContent = a.views + ' views'; }, 50);
});
</script><img src="/big.png"></body></html>"""

PARAGRAPHS = [
    "The council approved the budget on Tuesday, after a long debate about trams, buses "
    "and bike lanes in the city.",
    "Three new tram lines will be built by 2030, the mayor said, and the first opens next spring.",
    "Critics said the plan costs too much and the timeline is far too optimistic for the city.",
]


def article_json(paragraphs: list[str] = PARAGRAPHS, views: int = 1234) -> Route:
    body = json.dumps({"title": "Council budget", "paragraphs": paragraphs, "views": views})
    return Route(body=body, content_type="application/json")


def publish_app(site: LoopbackServer, path: str = "/news/budget") -> str:
    site.set("/api/article.json", article_json())
    site.set("/big.png", Route(body=b"\x89PNG" + b"0" * 1000, content_type="image/png"))
    return site.set(path, APP)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    shared = Browser(BrowserSettings(executable=str(CHROMIUM), pages=2, settle=3.0))
    yield shared
    asyncio.run(shared.aclose())


def render(
    browser: Browser, url: str, policy: FetchPolicy = LOCAL, request: RequestOptions = BROWSER
) -> FetchResult:
    return asyncio.run(browser.render(url, policy, request))


def test_a_script_built_article_is_rendered_with_its_views(
    browser: Browser, site: LoopbackServer
) -> None:
    result = render(browser, publish_app(site))
    assert result.ok, result.message
    extracted = extract_page(result.text, result.final_url, ExtractOptions(), None)
    assert list(extracted.article.paragraphs) == PARAGRAPHS
    assert extracted.article.views == 1234
    assert site.requests_to("/big.png") == []  # images are never loaded
    assert result.bytes > 0


def test_a_page_that_never_settles_is_read_at_the_settle_cap(
    browser: Browser, site: LoopbackServer
) -> None:
    url = site.set(
        "/busy",
        "<html><body><article><h1>Live</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article><script>setInterval(() => fetch('/tick?' + Date.now()), 100);"
        "fetch('/hang');</script></body></html>",
    )
    site.set("/tick", Route(body="{}", content_type="application/json"))
    site.set("/hang", Route(body="{}", delay=15, content_type="application/json"))
    started = time.monotonic()
    result = render(browser, url)
    took = time.monotonic() - started
    assert result.ok, result.message
    assert "Three new tram lines" in result.text
    assert took < LOCAL.total_timeout  # read at the 3 s settle cap, not at the deadline
    ticks = [r for r in site.requests if r.path.startswith("/tick")]
    assert len(ticks) >= 3  # it really never went quiet


def test_a_script_redirect_loop_ends_the_check(browser: Browser, site: LoopbackServer) -> None:
    site.set("/loop-b", "<html><body><script>location.href = '/loop-a';</script></body></html>")
    url = site.set(
        "/loop-a", "<html><body><script>location.href = '/loop-b';</script></body></html>"
    )
    result = render(browser, url)
    assert (result.outcome, result.error) == ("failed", "too_many_redirects")
    assert "moved on more than 5 times" in (result.message or "")
    assert len(site.requests_to("/loop-a")) + len(site.requests_to("/loop-b")) <= 7


@pytest.fixture
def inner() -> Iterator[LoopbackServer]:
    """A server on another loopback address: the "private network" a page must not reach."""
    with LoopbackServer(host="127.0.0.2") as server:
        yield server


STRICT = FetchPolicy(total_timeout=20.0, retries=0)


@pytest.mark.usefixtures("public_loopback")
def test_requests_of_the_page_to_private_addresses_are_refused(
    browser: Browser, site: LoopbackServer, inner: LoopbackServer
) -> None:
    secret = inner.set(
        "/secret", Route(body='{"token": "s3cret"}', content_type="application/json")
    )
    url = site.set(
        "/reaching",
        "<html><body><article><h1>Budget</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + f"</article><iframe src='{secret}'></iframe><script>"
        f"fetch('{secret}').then(r => r.text()).then(t => document.body.append(t));"
        f"new WebSocket('{secret.replace('http', 'ws')}');"
        "</script></body></html>",
    )
    result = render(browser, url, STRICT)
    assert result.ok, result.message
    assert "s3cret" not in result.text
    assert inner.requests == []  # nothing the page tried was ever sent there


@pytest.mark.usefixtures("public_loopback")
def test_a_page_redirected_to_a_private_address_fails_the_check(
    browser: Browser, site: LoopbackServer, inner: LoopbackServer
) -> None:
    private = inner.set("/admin", "<html><body><p>admin</p></body></html>")
    url = site.set("/moved", Route(status=302, headers={"Location": private}))
    result = render(browser, url, STRICT)
    assert (result.outcome, result.error) == ("failed", "private_network")
    assert "127.0.0.2" in (result.message or "") and "loopback" in (result.message or "")
    assert inner.requests == []
    direct = render(browser, private, STRICT)  # the private page itself, named outright
    assert (direct.error, inner.requests) == ("private_network", [])


def test_a_page_loading_more_than_the_cap_fails(browser: Browser, site: LoopbackServer) -> None:
    site.set("/blob.js", Route(body="//" + "x" * 400_000, content_type="text/javascript"))
    url = site.set(
        "/heavy", "<html><body><p>Hello</p><script src='/blob.js'></script></body></html>"
    )
    result = render(browser, url, FetchPolicy(allow_private_networks=True, max_bytes=100_000))
    assert (result.outcome, result.error) == ("failed", "too_large")


def test_a_browser_killed_mid_check_is_a_recorded_failure_and_the_next_check_starts_anew(
    site: LoopbackServer,
) -> None:
    own = Browser(BrowserSettings(executable=str(CHROMIUM), settle=3.0))
    url = publish_app(site, "/news/killed")
    site.set("/api/article.json", Route(body="{}", delay=8, content_type="application/json"))

    async def go() -> tuple[FetchResult, FetchResult]:
        rendering = asyncio.ensure_future(own.render(url, LOCAL, BROWSER))
        while not site.requests_to("/api/article.json"):  # the page is waiting for its data
            await asyncio.sleep(0.05)
        assert own.pid is not None
        os.kill(own.pid, signal.SIGKILL)
        killed = await rendering
        site.set("/api/article.json", article_json())
        return killed, await own.render(url, LOCAL, BROWSER)

    try:
        killed, after = asyncio.run(go())
    finally:
        asyncio.run(own.aclose())
    assert (killed.outcome, killed.error) == ("failed", "browser_crashed")
    assert "browser stopped" in (killed.message or "")
    assert after.ok, after.message
    assert own.launches == 2


def test_a_frozen_browser_is_given_up_at_the_deadline_and_replaced(site: LoopbackServer) -> None:
    own = Browser(BrowserSettings(executable=str(CHROMIUM), settle=1.0))
    url = publish_app(site, "/news/frozen")
    quick = FetchPolicy(allow_private_networks=True, total_timeout=3.0)

    async def go() -> tuple[FetchResult, float, FetchResult]:
        assert (await own.render(url, quick, BROWSER)).ok
        assert own.pid is not None
        os.kill(own.pid, signal.SIGSTOP)  # alive, answering nothing
        started = time.monotonic()
        frozen = await own.render(url, quick, BROWSER)
        took = time.monotonic() - started
        return frozen, took, await own.render(url, LOCAL, BROWSER)

    try:
        frozen, took, after = asyncio.run(go())
    finally:
        asyncio.run(own.aclose())
    assert frozen.outcome == "failed" and frozen.error in ("timeout", "browser_hung")
    assert took < 3.0 + 15  # the deadline, and the time to give up on closing the page
    assert after.ok, after.message
    assert own.launches == 2


def test_headers_cookies_and_user_agent_reach_the_site_and_no_other(
    browser: Browser, site: LoopbackServer
) -> None:
    url = publish_app(site, "/news/members")
    other = site.url("/api/article.json").replace("127.0.0.1", "localhost")
    site.set("/members", APP.replace("/api/article.json", other))
    request = RequestOptions(
        render=Render.BROWSER,
        headers=(("Authorization", "Bearer t0ken"), ("Cookie", "session=abc123; region=eu")),
        user_agent="NewsroomMonitor/2.0",
    )
    result = render(browser, url, request=request)
    assert result.ok, result.message
    page, data = site.requests_to("/news/members")[0], site.requests_to("/api/article.json")[0]
    for seen in (page, data):
        headers = {k.lower(): v for k, v in seen.headers.items()}
        assert headers["authorization"] == "Bearer t0ken"
        assert headers["user-agent"] == "NewsroomMonitor/2.0"
        assert "session=abc123" in headers["cookie"] and "region=eu" in headers["cookie"]
    # The same data from another host: the user agent goes, the credentials do not.
    before = len(site.requests_to("/api/article.json"))
    assert render(browser, site.url("/members"), request=request).ok
    elsewhere = {
        k.lower(): v for k, v in site.requests_to("/api/article.json")[before].headers.items()
    }
    assert elsewhere["user-agent"] == "NewsroomMonitor/2.0"
    assert "authorization" not in elsewhere and "cookie" not in elsewhere


def test_a_rendered_page_goes_through_the_source_proxy(
    browser: Browser, site: LoopbackServer
) -> None:
    url = publish_app(site, "/news/proxied")
    with ForwardProxy(credentials="desk:pa55word") as proxy:
        request = RequestOptions(render=Render.BROWSER, proxy=proxy.url("desk:pa55word"))
        result = render(browser, url, request=request)
        seen = list(proxy.seen)
    assert result.ok, result.message
    assert {s.target for s in seen} >= {url, site.url("/api/article.json")}
    assert {s.credentials for s in seen} == {"desk:pa55word"}
    assert site.requests_to("/news/proxied")


@pytest.mark.parametrize(
    ("scheme", "asked"), [("socks5", ("127.0.0.1", "ipv4")), ("socks5h", ("localhost", "domain"))]
)
def test_a_rendered_page_goes_through_a_socks_proxy(
    browser: Browser, site: LoopbackServer, scheme: str, asked: tuple[str, str]
) -> None:
    # The page's own proxy goes on through the SOCKS one: told the checked address (socks5)
    # or the name (socks5h), with the credentials.
    url = publish_app(site, "/news/socks").replace("127.0.0.1", "localhost")
    with SocksProxy(credentials="desk:pa55word") as proxy:
        request = RequestOptions(
            render=Render.BROWSER, proxy=proxy.url("desk:pa55word", scheme=scheme)
        )
        result = render(browser, url, request=request)
        seen = list(proxy.seen)
    assert result.ok, result.message
    extracted = extract_page(result.text, result.final_url, ExtractOptions(), None)
    assert list(extracted.article.paragraphs) == PARAGRAPHS
    assert {(s.host, s.address_type, s.credentials) for s in seen} == {(*asked, "desk:pa55word")}
    assert len(seen) >= 2  # the page and the data its script loads
    assert site.requests_to("/news/socks") and site.requests_to("/api/article.json")


def test_wrong_socks_credentials_fail_a_rendered_page_in_one_line(
    browser: Browser, site: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = publish_app(site, "/news/socks-refused")
    with caplog.at_level("WARNING"), SocksProxy(credentials="desk:right-one") as proxy:
        request = RequestOptions(render=Render.BROWSER, proxy=proxy.url("desk:wrong-one"))
        result = render(browser, url, request=request)
    assert (result.outcome, result.error) == ("failed", "proxy_error")
    message = result.message or ""
    assert "refused the credentials" in message and "\n" not in message
    assert "wrong-one" not in message
    assert proxy.refused == ["desk:wrong-one"] and proxy.seen == []
    assert site.requests_to("/news/socks-refused") == []
    no_tracebacks(caplog)


@pytest.mark.parametrize("hang_up", ["greeting", "request"])
def test_a_socks_proxy_hanging_up_fails_a_rendered_page_in_one_line(
    browser: Browser, site: LoopbackServer, caplog: pytest.LogCaptureFixture, hang_up: str
) -> None:
    url = publish_app(site, "/news/socks-dropped")
    with caplog.at_level("WARNING"), SocksProxy(hang_up=hang_up) as proxy:
        result = render(
            browser, url, request=RequestOptions(render=Render.BROWSER, proxy=proxy.url())
        )
    assert (result.outcome, result.error) == ("failed", "proxy_error")
    assert "closed the connection during the handshake" in (result.message or "")
    assert site.requests_to("/news/socks-dropped") == []
    no_tracebacks(caplog)


@pytest.mark.usefixtures("public_loopback")
def test_through_a_proxy_on_a_private_address_the_page_still_reaches_no_private_one(
    browser: Browser, site: LoopbackServer, inner: LoopbackServer
) -> None:
    # The proxy (the user's choice) sits on 127.0.0.2; what the page asks for is checked.
    secret = inner.set(
        "/secret", Route(body='{"token": "s3cret"}', content_type="application/json")
    )
    url = site.set(
        "/reaching-by-proxy",
        "<html><body><article><h1>Budget</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + f"</article><script>fetch('{secret}').then(r => r.text())"
        ".then(t => document.body.append(t));</script></body></html>",
    )
    with SocksProxy(host="127.0.0.2") as proxy:
        request = RequestOptions(render=Render.BROWSER, proxy=proxy.url())
        result = render(browser, url, STRICT, request)
        asked = {s.host for s in proxy.seen}
    assert result.ok, result.message
    assert "s3cret" not in result.text
    assert asked == {"127.0.0.1"}  # the page, never the private address
    assert inner.requests == []
