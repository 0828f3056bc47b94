"""With a token configured, what only its holders may see: subscribers' addresses and the
metrics. And a feed whose links and ids never come from the request's Host header."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import httpx
import pytest

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.server import LoopbackServer
from tracker.pipeline import check_many
from tracker.store import NewSource, add_source
from tracker.web.security import HEADERS

from .webserver import WebServer

TOKEN = "a-long-enough-api-token"
SECRET = "reporter.private@example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
PAGE = "<html><body><article><h1>Head</h1>" + "<p>A paragraph of the article.</p>" * 5


@pytest.fixture
def source_id(db: Database, settings: Settings, site: LoopbackServer) -> int:
    url = site.set("/a", PAGE)
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url, notify=(SECRET,)))
        sid = source.id
    [report] = asyncio.run(check_many(db, [(sid, url)], settings))
    assert report.changes  # the first sight: something for the feeds
    return sid


@pytest.fixture
def guarded(settings: Settings, db: Database, source_id: int) -> Iterator[httpx.Client]:
    with (
        WebServer(settings.model_copy(update={"api_token": TOKEN}), db) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        yield client


def _headers_ok(response: httpx.Response) -> bool:
    return all(response.headers.get(k) == v for k, v in HEADERS.items())


def test_anonymous_visitors_do_not_see_subscribers(guarded: httpx.Client, source_id: int) -> None:
    anonymous = guarded.get(f"/sources/{source_id}")
    assert anonymous.status_code == 200 and SECRET not in anonymous.text
    assert "1 address get" in anonymous.text  # that someone is subscribed is not hidden
    bearer = guarded.get(f"/sources/{source_id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert SECRET in bearer.text


def test_logged_in_visitors_see_subscribers(guarded: httpx.Client, source_id: int) -> None:
    form = guarded.get("/login")
    csrf = guarded.cookies["tracker_csrf"]
    assert form.status_code == 200
    login = guarded.post("/login", data={"token": TOKEN, "csrf_token": csrf})
    assert login.status_code == 303
    assert SECRET in guarded.get(f"/sources/{source_id}").text


def test_without_a_token_the_page_shows_subscribers(
    settings: Settings, db: Database, source_id: int
) -> None:
    with WebServer(settings, db) as server:
        assert SECRET in httpx.get(f"{server.url}/sources/{source_id}").text


def test_metrics_need_the_token(guarded: httpx.Client) -> None:
    anonymous = guarded.get("/metrics")
    assert anonymous.status_code == 401 and _headers_ok(anonymous)
    assert "tracker_checks_total" not in anonymous.text
    wrong = guarded.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    scraper = guarded.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scraper.status_code == 200 and "tracker_checks_total" in scraper.text


@pytest.mark.parametrize("path", ["/feed.atom", "/sources/{id}/feed.atom"])
def test_a_hostile_host_header_never_reaches_the_feed(
    guarded: httpx.Client, source_id: int, path: str
) -> None:
    response = guarded.get(path.format(id=source_id), headers={"Host": "evil.example"})
    assert response.status_code == 200, response.text
    assert b"evil.example" not in response.content
    feed = ET.fromstring(response.content)
    entries = feed.iter(f"{ATOM}entry")
    ids = [feed.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) > 1 and all(i and i.startswith("tag:localhost,") for i in ids), ids
    hrefs = [link.get("href", "") for link in feed.iter(f"{ATOM}link")]
    # Relative to the feed's own address, which is where the reader fetched it from.
    assert hrefs and all(h.startswith(("/feed.atom", "/sources/", "/changes")) for h in hrefs)


def test_a_configured_base_url_makes_the_links(
    settings: Settings, db: Database, source_id: int
) -> None:
    configured = settings.model_copy(
        update={"api_token": TOKEN, "base_url": "https://news.example.org/tracker"}
    )
    with WebServer(configured, db) as server:
        response = httpx.get(f"{server.url}/feed.atom", headers={"Host": "evil.example"})
    feed = ET.fromstring(response.content)
    assert b"evil.example" not in response.content
    assert feed.findtext(f"{ATOM}id") == "https://news.example.org/tracker/feed.atom"
    hrefs = [link.get("href", "") for link in feed.iter(f"{ATOM}link")]
    assert all(h.startswith("https://news.example.org/tracker/") for h in hrefs)
