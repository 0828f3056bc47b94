"""Bad input: every failure is a recorded outcome with a clear reason, never a crash."""

from __future__ import annotations

import copy
import gzip

import pytest
from sqlalchemy import select

from tracker.config import Settings, load_settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer, Request, Route
from tracker.errors import UsageError
from tracker.models import Check, Source
from tracker.store import NewSource, add_source

from .proxies import SocksProxy
from .test_fetch import no_tracebacks
from .test_pipeline import add, check, kinds


def last_check(db: Database, source_id: int) -> Check:
    with db.session() as session:
        row = session.scalars(
            select(Check).where(Check.source_id == source_id).order_by(Check.id.desc())
        ).first()
        assert row is not None
        return row


def page() -> str:
    return render("caliber", copy.deepcopy(next(iter(SAMPLE_ARTICLES.values()))))


@pytest.mark.parametrize(
    ("route", "error", "message_part"),
    [
        (Route("gone", status=404), "http_404", "404"),
        (Route("gone", status=410), "http_410", "410"),
        (Route(b"%PDF-1.4 binary", content_type="application/pdf"), "not_html", "application/pdf"),
        (Route(""), "empty_body", "empty"),
        (Route("   \n  "), "empty_body", "empty"),
    ],
)
def test_http_failures_are_recorded(
    route: Route,
    error: str,
    message_part: str,
    db: Database,
    settings: Settings,
    site: LoopbackServer,
) -> None:
    url = site.set("/bad", route)
    source_id = add(db, url)
    report = check(db, settings, source_id, url)
    row = last_check(db, source_id)
    assert (report.outcome, row.outcome, row.error) == ("failed", "failed", error)
    assert row.message and message_part in row.message and "\n" not in row.message


def test_gone_is_flagged_once_per_episode(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/g", page())
    source_id = add(db, url)
    assert check(db, settings, source_id, url).outcome == "changed"
    site.set("/g", Route("gone", status=404))
    assert kinds(check(db, settings, source_id, url)) == {"source_gone": 1}
    assert kinds(check(db, settings, source_id, url)) == {}
    site.set("/g", page())
    assert kinds(check(db, settings, source_id, url)) == {}  # back, with the same text
    site.set("/g", Route("gone", status=410))
    assert kinds(check(db, settings, source_id, url)) == {"source_gone": 1}


def test_500_then_recovery_and_fetch_failed_episode(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/flaky", page())
    source_id = add(db, url)
    check(db, settings, source_id, url)
    site.set("/flaky", Route("oops", status=500))
    flags = [kinds(check(db, settings, source_id, url)) for _ in range(4)]
    # threshold 3: flagged on the third failure, and only once
    assert flags == [{}, {}, {"fetch_failed": 1}, {}]
    assert last_check(db, source_id).error == "http_500"
    with db.session() as session:
        source = session.get(Source, source_id)
        assert source is not None
        assert (source.status, source.consecutive_failures) == ("failing", 4)
    site.set("/flaky", page())
    report = check(db, settings, source_id, url)
    assert kinds(report) == {"fetch_failed": 1}
    assert report.changes[0].detail["recovered"] is True
    assert report.outcome == "unchanged"


def test_500_once_then_ok_is_retried_within_the_check(
    db: Database, site: LoopbackServer, settings: Settings
) -> None:
    calls = []

    def flaky(request: Request) -> Route:
        calls.append(request)
        return Route("oops", status=500) if len(calls) == 1 else Route(page())

    url = site.set("/retry", flaky)
    source_id = add(db, url)
    patient = load_settings(retries=2)
    report = check(db, patient, source_id, url)
    assert report.outcome == "changed"
    assert last_check(db, source_id).attempts == 2


def test_timeout(db: Database, site: LoopbackServer, settings: Settings) -> None:
    url = site.set("/slow", Route(page(), delay=1.5))
    source_id = add(db, url)
    impatient = load_settings(read_timeout=0.3, total_timeout=1.0, retries=0)
    report = check(db, impatient, source_id, url)
    assert (report.outcome, report.error) == ("failed", "timeout")


def test_oversized_body(db: Database, site: LoopbackServer, settings: Settings) -> None:
    big = "<html><body>" + "<p>" + "word " * 50_000 + "</p>" * 10 + "</body></html>"
    url = site.set("/big", Route(gzip.compress(big.encode()), headers={"Content-Encoding": "gzip"}))
    source_id = add(db, url)
    small = load_settings(max_body_bytes=100_000, retries=0)
    report = check(db, small, source_id, url)
    assert (report.outcome, report.error) == ("failed", "too_large")


def test_redirect_loop(db: Database, site: LoopbackServer, settings: Settings) -> None:
    site.set("/a", Route(status=302, headers={"Location": "/b"}))
    site.set("/b", Route(status=302, headers={"Location": "/a"}))
    source_id = add(db, site.url("/a"))
    report = check(db, settings, source_id, site.url("/a"))
    assert (report.outcome, report.error) == ("failed", "too_many_redirects")


@pytest.mark.parametrize(
    "url",
    ["not a url", "file:///etc/passwd", "ftp://example.com/x", "http://", "javascript:alert(1)"],
)
def test_invalid_and_non_http_urls_are_refused(db: Database, url: str) -> None:
    with db.session() as session, pytest.raises(UsageError) as info:
        add_source(session, NewSource(url=url))
    assert "\n" not in str(info.value)


def test_loopback_refused_when_private_networks_disallowed(
    db: Database, site: LoopbackServer
) -> None:
    url = site.set("/private", page())
    source_id = add(db, url)
    strict = load_settings(allow_private_networks=False)
    report = check(db, strict, source_id, url)
    assert (report.outcome, report.error) == ("failed", "private_network")
    assert "127.0.0.1" in (report.message or "")
    assert site.requests_to("/private") == []  # refused before any request was sent


def test_broken_html_still_yields_the_article(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    broken = (
        "<html><head><title>Harbour reopens | Port News</title><body><div><article>"
        "<h1>Harbour reopens<p>The harbour reopened on Monday after three weeks of repairs "
        "to the northern breakwater, the port authority said.<p>Fishing boats were the first "
        "to return, followed by the ferry to the islands later in the afternoon.<div><p>"
        "Repairs cost less than expected, according to the authority's figures.</article"
    )
    url = site.set("/broken", broken)
    source_id = add(db, url)
    report = check(db, settings, source_id, url)
    assert report.outcome == "changed"
    with db.session() as session:
        from tracker.models import Version

        version = session.scalars(select(Version).where(Version.source_id == source_id)).one()
        assert any("breakwater" in p for p in version.paragraphs)


def test_legacy_encoding(db: Database, settings: Settings, site: LoopbackServer) -> None:
    text = (
        "Городской совет утвердил новый план развития транспорта после долгого обсуждения "
        "во вторник вечером."
    )
    html = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
        "<title>План транспорта</title></head><body><article><h1>План транспорта</h1>"
        f"<p>{text}</p><p>{text.replace('вторник', 'среду')}</p>"
        "<p>Просмотров: 1 254</p></article></body></html>"
    )
    url = site.set("/cp1251", Route(html.encode("cp1251"), content_type="text/html"))
    source_id = add(db, url)
    report = check(db, settings, source_id, url)
    assert report.outcome == "changed"
    with db.session() as session:
        from tracker.models import Version

        version = session.scalars(select(Version).where(Version.source_id == source_id)).one()
        assert version.paragraphs[0] == text
        assert version.title == "План транспорта"


def test_page_without_article_is_extraction_failed_once(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/layout", page())
    source_id = add(db, url)
    check(db, settings, source_id, url)
    empty = "<html><body><nav><a href='/'>Home</a></nav><footer>© Site</footer></body></html>"
    site.set("/layout", empty)
    first = check(db, settings, source_id, url)
    assert kinds(first) == {"extraction_failed": 1}
    assert (first.outcome, first.error) == ("failed", "no_article")
    assert kinds(check(db, settings, source_id, url)) == {}
    site.set("/layout", page())
    back = check(db, settings, source_id, url)
    assert kinds(back) == {} and back.outcome == "unchanged"  # the article itself never changed


def test_conditional_get_304_costs_no_extraction(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/etag", Route(page(), etag='"v1"'))
    source_id = add(db, url)
    assert check(db, settings, source_id, url).outcome == "changed"
    report = check(db, settings, source_id, url)
    assert report.outcome == "not_modified" and report.changes == ()
    assert site.requests_to("/etag")[-1].headers.get("If-None-Match") == '"v1"'
    assert last_check(db, source_id).outcome == "not_modified"


def test_a_proxy_refusing_the_credentials_is_a_recorded_line(
    db: Database, settings: Settings, site: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = site.set("/members", page())
    with caplog.at_level("WARNING"), SocksProxy(credentials="desk:right-one") as proxy:
        source_id = add(db, url, proxy=proxy.url("desk:wrong-one"))
        report = check(db, settings, source_id, url)
    row = last_check(db, source_id)
    assert (report.outcome, row.outcome, row.error) == ("failed", "failed", "proxy_error")
    assert row.message and "username/password" in row.message and "\n" not in row.message
    assert "wrong-one" not in row.message
    assert site.requests_to("/members") == []
    no_tracebacks(caplog)
