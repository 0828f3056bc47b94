"""A source's request options: checked where they come in, stored as given, and shown masked
wherever people or programs read them (the CLI, the API, the web page, outlets, messages)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_cli import run
from tracker.config import Settings
from tracker.db import Database, open_database
from tracker.demo.server import LoopbackServer
from tracker.errors import UsageError
from tracker.fetch.pool import environment_proxy
from tracker.models import Outlet, Source
from tracker.request_options import (
    MASK,
    RequestOptions,
    check_proxy,
    masked_headers,
    masked_proxy,
    parse_header,
    parse_headers,
    same_site,
    scrubbed,
)
from tracker.scripted import looks_script_built
from tracker.web import create_app

COOKIE = "session=9f8e7d6c5b4a; paywall=subscriber"
TOKEN = "Bearer eyJhbGciOi.secret-part"
PROXY = "http://desk:pr0xy-pass@proxy.example:3128"


# --------------------------------------------------------------------------- parsing


def test_headers_are_parsed_as_given() -> None:
    assert parse_header("Cookie: a=1; b=2") == ("Cookie", "a=1; b=2")
    assert parse_header("X-Empty:") == ("X-Empty", "")
    assert parse_header("Referer:   https://news.example/  ") == (
        "Referer",
        "https://news.example/",
    )
    assert parse_headers(["Accept-Language: de", "", "X-A: 1"]) == (
        ("Accept-Language", "de"),
        ("X-A", "1"),
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("no colon", "expected 'Name: value'"),
        (": value", "expected 'Name: value'"),
        ("Bad Name: x", "not a valid header name"),
        ("X-A: one\r\nX-Injected: two", "line break"),
        ("Host: evil.example", "cannot be set per source"),
        ("Accept-Encoding: br", "cannot be set per source"),
        ("User-Agent: x", "use --user-agent"),
        ("Content-Length: 5", "cannot be set per source"),
    ],
)
def test_bad_headers_are_refused_with_the_reason(line: str, reason: str) -> None:
    with pytest.raises(UsageError, match=reason):
        parse_header(line)


@pytest.mark.parametrize(
    "url", ["ftp://proxy:21", "proxy.example:3128", "http://", "http://p:99999", "http://p/x"]
)
def test_bad_proxies_are_refused(url: str) -> None:
    with pytest.raises(UsageError, match="--proxy"):
        check_proxy(url)


def test_proxies_of_each_scheme_are_accepted() -> None:
    for url in ("http://p:3128", "https://p", "socks5://u:pw@p:1080", "socks5h://p:1080"):
        assert check_proxy(url) == url


# --------------------------------------------------------------------------- masking

_values = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=3, max_size=40
).filter(lambda v: v.strip() == v and MASK not in v)


@given(name=st.from_regex(r"X-[A-Za-z0-9-]{1,20}", fullmatch=True), value=_values)
def test_masked_headers_never_show_a_value(name: str, value: str) -> None:
    (shown,) = masked_headers([(name, value)])
    assert shown == f"{name}: {MASK}"
    assert value not in shown.split(": ", 1)[1]


@given(user=st.from_regex(r"[a-z]{3,10}", fullmatch=True), password=_values)
def test_masked_proxies_never_show_credentials(user: str, password: str) -> None:
    url = f"socks5://{user}:{password}@proxy.example:1080"
    shown = masked_proxy(url)
    assert shown == f"socks5://{MASK}@proxy.example:1080"


def test_messages_are_scrubbed_of_every_secret() -> None:
    options = RequestOptions(headers=(("Authorization", TOKEN),), proxy=PROXY)
    line = scrubbed(f"proxy {PROXY} said no to {TOKEN}", options)
    assert TOKEN not in line and "pr0xy-pass" not in line and "desk" not in line


def test_headers_go_to_the_site_and_its_www_only() -> None:
    assert same_site("example.com", "www.example.com")
    assert same_site("WWW.Example.com.", "example.com")
    assert not same_site("example.com", "cdn.example.net")
    assert not same_site("example.com", "evil-example.com")


def test_environment_proxies_follow_no_proxy() -> None:
    env = {"http": "proxy.internal:3128", "https": "http://secure:3129", "no": "skip.example"}
    assert environment_proxy(httpx.URL("http://a.example/"), env) == "http://proxy.internal:3128"
    assert environment_proxy(httpx.URL("https://a.example/"), env) == "http://secure:3129"
    assert environment_proxy(httpx.URL("http://skip.example/x"), env) is None
    assert environment_proxy(httpx.URL("http://a.example/"), {"all": "socks5://s:1"}) == (
        "socks5://s:1"
    )
    assert environment_proxy(httpx.URL("http://a.example/"), {}) is None


# --------------------------------------------------------------------------- the hint

APP_SHELLS = [
    '<html><body><div id="root"></div><script src="/static/js/main.js"></script></body></html>',
    "<html><body><app-root></app-root><script src=main.js></script></body></html>",
    '<html><body><div id="__next"><div class="spinner">Loading…</div></div>'
    '<script id="__NEXT_DATA__" type="application/json">{}</script></body></html>',
    "<html><body><noscript>You need to enable JavaScript to run this app.</noscript>"
    '<div class="x"></div><script>boot()</script></body></html>',
]
NOT_APPS = [
    '<html><body><div id="app"></div></body></html>',  # no script: nothing to render
    '<html><body><div id="app"><article>'
    + "<p>A real paragraph of an article that a server rendered, long enough.</p>" * 5
    + "</article></div><script src=x.js></script></body></html>",
    "<html><body><p>Short.</p><script>track()</script></body></html>",  # no app root
]


@pytest.mark.parametrize("html", APP_SHELLS)
def test_script_app_shells_are_recognised(html: str) -> None:
    assert looks_script_built(html)


@pytest.mark.parametrize("html", NOT_APPS)
def test_other_pages_are_not_taken_for_app_shells(html: str) -> None:
    assert not looks_script_built(html)


# --------------------------------------------------------------------------- CLI


def _stored(settings: Settings) -> Source:
    db = open_database(settings.database_url)
    try:
        with db.session() as session:
            source = session.get(Source, 1)
            assert source is not None
            session.expunge(source)
            return source
    finally:
        db.dispose()


def _add_with_options(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, _out, err = run(
        capsys,
        "add",
        url,
        "--render",
        "browser",
        "--wait-for",
        "article p",
        "--header",
        f"Cookie: {COOKIE}",
        "--header",
        f"Authorization: {TOKEN}",
        "--user-agent",
        "NewsroomMonitor/2.0",
        "--proxy",
        PROXY,
    )
    assert code == 0, err


def test_cli_stores_options_as_given_and_shows_them_masked(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/a", "<html></html>")
    _add_with_options(capsys, url)
    stored = _stored(settings)
    assert stored.request_headers == [["Cookie", COOKIE], ["Authorization", TOKEN]]
    assert (stored.render, stored.wait_for, stored.proxy) == ("browser", "article p", PROXY)
    _code, out, _ = run(capsys, "list", "--json")
    [shown] = json.loads(out)
    assert shown["headers"] == ["Cookie: ***", "Authorization: ***"]
    assert shown["proxy"] == "http://***@proxy.example:3128"
    assert (shown["render"], shown["wait_for"], shown["user_agent"]) == (
        "browser",
        "article p",
        "NewsroomMonitor/2.0",
    )
    for secret in ("9f8e7d6c5b4a", "secret-part", "pr0xy-pass"):
        assert secret not in out
    assert all(secret not in run(capsys, "list")[1] for secret in ("9f8e7d6c5b4a", "pr0xy"))


def test_cli_edit_replaces_and_clears_options(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/a", "<html></html>")
    _add_with_options(capsys, url)
    assert run(capsys, "edit", url, "--header", "Referer: https://news.example/")[0] == 0
    assert _stored(settings).request_headers == [["Referer", "https://news.example/"]]
    code, _, err = run(
        capsys, "edit", url, "--render", "plain", "--header", "", "--proxy", "", "--wait-for", ""
    )
    assert code == 0, err
    cleared = _stored(settings)
    assert (cleared.render, cleared.request_headers, cleared.proxy, cleared.wait_for) == (
        None,
        None,
        None,
        None,
    )
    assert cleared.user_agent == "NewsroomMonitor/2.0"  # not named: kept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--header", "Host: x"], "--header: Host cannot be set per source"),
        (["--render", "chrome"], "--render: 'chrome' is not one of plain, browser"),
        (["--proxy", "ftp://p"], "--proxy: the scheme must be one of"),
        (["--wait-for", "p[["], "--wait-for selector"),
    ],
)
def test_cli_refuses_bad_options_in_one_line(
    settings: Settings,
    site: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, out, err = run(capsys, "add", site.url("/a"), *args)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


# --------------------------------------------------------------------------- API and web


@pytest.fixture
def client(db: Database, settings: Settings) -> Iterator[object]:
    from fastapi.testclient import TestClient

    with TestClient(create_app(settings, database=db)) as c:
        yield c


def test_api_and_web_page_show_options_masked(
    client: object, site: LoopbackServer, settings: Settings
) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    url = site.set("/a", "<html></html>")
    made = client.post(
        "/api/sources",
        json={
            "url": url,
            "render": "browser",
            "headers": [f"Cookie: {COOKIE}"],
            "proxy": PROXY,
            "user_agent": "NewsroomMonitor/2.0",
        },
    )
    assert made.status_code == 201, made.text
    for answer in (made, client.get("/api/sources/1"), client.get("/api/sources")):
        assert "9f8e7d6c5b4a" not in answer.text and "pr0xy-pass" not in answer.text
    assert made.json()["headers"] == ["Cookie: ***"]
    assert made.json()["render"] == "browser"
    page = client.get("/sources/1").text
    assert "rendered in a browser" in page and "Cookie: ***" in page
    assert "9f8e7d6c5b4a" not in page and "pr0xy-pass" not in page
    patched = client.patch(
        "/api/sources/1", json={"headers": [f"Authorization: {TOKEN}"], "proxy": None}
    )
    assert patched.status_code == 200 and patched.json()["headers"] == ["Authorization: ***"]
    assert patched.json()["proxy"] is None and "secret-part" not in patched.text
    stored = _stored(settings)
    assert stored.request_headers == [["Authorization", TOKEN]] and stored.proxy is None
    bad = client.patch("/api/sources/1", json={"headers": ["Host: x"]})
    assert bad.status_code in (400, 422) and "Host" in bad.text


def test_outlet_options_go_to_its_articles_and_show_masked(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    site.set(
        "/news/2026/city-council-budget",
        "<html><body><h1>Budget</h1><p>" + "The council met. " * 30 + "</p></body></html>",
    )
    feed = site.set(
        "/feed.xml",
        "<?xml version='1.0'?><rss version='2.0'><channel><title>N</title>"
        f"<item><title>Budget</title><link>{site.url('/news/2026/city-council-budget')}</link>"
        "</item></channel></rss>",
    )
    code, _, err = run(
        capsys,
        "follow",
        feed,
        "--kind",
        "feed",
        "--render",
        "browser",
        "--header",
        f"Cookie: {COOKIE}",
        "--no-poll",
    )
    assert code == 0, err
    code, out, _ = run(capsys, "outlets", "--json")
    [shown] = json.loads(out)
    assert shown["render"] == "browser" and shown["headers"] == ["Cookie: ***"]
    assert "9f8e7d6c5b4a" not in out
    db = open_database(settings.database_url)
    try:
        with db.session() as session:
            outlet = session.get(Outlet, 1)
            assert outlet is not None and outlet.request_headers == [["Cookie", COOKIE]]
    finally:
        db.dispose()
    # The poll itself is plain; the article it found is a source rendered in the browser.
    assert run(capsys, "poll", feed)[0] == 0
    article = _stored(settings)
    assert article.render == "browser"
    assert article.request_headers == [["Cookie", COOKIE]]
