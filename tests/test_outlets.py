"""Following outlets end to end, on a loopback outlet that publishes and edits between polls:
new articles become sources once each across feed, sitemap and page; the revisit schedule on
a fake clock; retirement; an edit flagged, alerted and shown on the web; bad input recorded."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.server import LoopbackServer, Request, Route
from tracker.fetch import FetchPolicy, make_client
from tracker.jobs.claim import claim_due
from tracker.jobs.outlets import claim_outlets, poll_due, revisit_round
from tracker.models import Alert, Outlet, OutletArticle, Source, utcnow
from tracker.outlets.poll import PollReport, poll_outlet
from tracker.outlets.store import NewOutlet, add_outlet
from tracker.web.app import create_app

from .outletsite import XML
from .outletsite import Outlet as Site
from .proxies import SocksProxy
from .servicetools import ServiceProcess, wait_for
from .test_alerts import Inbox, free_port
from .test_cli import records, run


@pytest.fixture
def outlet(site: LoopbackServer) -> Site:
    news = Site(site)
    for n in range(3):
        news.publish(n)
    return news


def follow(db: Database, url: str, kind: str, **kw: object) -> int:
    with db.session() as session:
        o, _ = add_outlet(session, NewOutlet(url=url, kind=kind, **kw))  # type: ignore[arg-type]
        return o.id


def poll(db: Database, settings: Settings, outlet_id: int) -> PollReport:
    async def go() -> PollReport:
        async with make_client(FetchPolicy.from_settings(settings)) as client:
            return await poll_outlet(db, outlet_id, client, settings)

    return asyncio.run(go())


def sources(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {s.url: s.id for s in session.scalars(select(Source))}


def links(db: Database, outlet_id: int) -> list[OutletArticle]:
    with db.session() as session:
        rows = session.scalars(
            select(OutletArticle).where(OutletArticle.outlet_id == outlet_id)
        ).all()
        session.expunge_all()
        return list(rows)


def test_new_articles_become_sources_exactly_once_across_feed_sitemap_and_page(
    db: Database, settings: Settings, outlet: Site
) -> None:
    feed = follow(db, outlet.url("/feed.xml"), "feed")
    index = follow(db, outlet.url("/sitemap.xml"), "sitemap")
    front = follow(db, outlet.url("/"), "page")

    first = {i: poll(db, settings, i) for i in (feed, index, front)}
    assert all(r.outcome == "ok" for r in first.values()), first
    # Feed and sitemap entries in the tracking window count from the first poll; links on a
    # page's first poll were there before tracker looked.
    assert len(first[feed].new) == 3 and set(first[index].new) == set(first[feed].new)
    assert first[front].new == () and "3 seen before the first poll" in str(first[front].message)
    watched = sources(db)
    assert sorted(watched) == sorted(outlet.url("/news/" + s.slug) for s in outlet.stories)

    outlet.publish(3)
    outlet.publish(4)
    second = {i: poll(db, settings, i) for i in (front, index, feed)}
    assert len(second[front].new) == 2
    assert set(second[front].new) == set(second[index].new) == set(second[feed].new)
    assert len(sources(db)) == 5  # one source per article, whoever listed it
    for i in (feed, index):
        assert {link.source_id for link in links(db, i)} == set(sources(db).values())
    assert poll(db, settings, feed).new == ()


def test_follow_a_front_page_finds_its_feed_and_an_edit_is_flagged_alerted_and_shown(
    settings: Settings, db: Database, outlet: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "follow", outlet.url("/"), "--notify", "desk@example.org")
    assert code == 0, err
    assert f"following: {outlet.url('/feed.xml')} (feed" in out
    assert f"also found: {outlet.url('/sitemap.xml')} (sitemap)" in out
    assert "ok: 3 new, 0 known" in out

    story = outlet.publish(3)
    code, out, _ = run(capsys, "poll", "--all")
    assert code == 0 and "ok: 1 new, 3 known" in out
    url = outlet.url("/news/" + story.slug)
    assert run(capsys, "check", "--all")[0] == 0

    outlet.edit(story, 1, "Under the plan, four tram lines will be extended to the north.")
    code, out, _ = run(capsys, "check", url)
    assert code == 0 and "Paragraph 2 edited" in out, out
    [edit] = [r for r in records(capsys) if r["kind"] == "paragraph_edited"]
    assert edit["url"] == url
    with db.session() as session:
        alerts = session.scalars(select(Alert)).all()
        assert [a.recipient for a in alerts] == ["desk@example.org"]
        assert alerts[0].change_ids == [edit["id"]]
        outlet_id = session.scalars(select(Outlet.id)).one()

    client = TestClient(create_app(settings, database=db))
    page = client.get(f"/outlets/{outlet_id}")
    assert page.status_code == 200 and story.title in page.text
    assert page.text.index(story.title) < page.text.index(outlet.stories[0].title)  # newest first
    feed = client.get(f"/outlets/{outlet_id}/feed.atom")
    assert feed.status_code == 200 and "Paragraph 2 edited" in feed.text
    api = client.get(f"/api/outlets/{outlet_id}/articles").json()
    assert [a["changes"] for a in api if a["url"] == url] == [1]
    assert "/api/outlets/{outlet_id}/articles" in client.get("/api/openapi.json").json()["paths"]

    code, out, _ = run(capsys, "report", "--outlet", str(outlet_id), "--format", "json")
    assert code == 0 and [s["url"] for s in json.loads(out)["sources"]] == [url]
    code, out, _ = run(capsys, "outlets", "--json")
    [listed] = json.loads(out)
    assert listed["articles"] == 4 and listed["last_outcome"] == "ok"
    code, out, _ = run(capsys, "status")
    assert code == 0 and "4 articles tracked" in out
    assert run(capsys, "pause", "--outlet", str(outlet_id))[0] == 0
    assert run(capsys, "outlets", "--json")[1].count('"status": "paused"') == 1
    assert run(capsys, "resume", outlet.url("/feed.xml"))[0] == 0
    assert run(capsys, "unfollow", str(outlet_id))[0] == 0
    assert len(sources(db)) == 4  # the articles stay watched


def test_revisit_schedule_on_a_fake_clock_and_retirement_stops_checks(
    db: Database, settings: Settings, outlet: Site
) -> None:
    feed = follow(db, outlet.url("/feed.xml"), "feed", track_for_seconds=3 * 86400)
    [story_id, *_] = poll(db, settings, feed).new
    t0 = utcnow()
    with db.session() as session:
        link = session.scalars(
            select(OutletArticle).where(OutletArticle.source_id == story_id)
        ).one()
        link.published_at = t0
        source = session.get(Source, story_id)
        assert source is not None
        source.last_checked_at = t0 + dt.timedelta(hours=3)

    def due_after(now: dt.datetime) -> dt.timedelta:
        revisit_round(db, now)
        with db.session() as session:
            s = session.get(Source, story_id)
            assert s is not None and s.next_check_at is not None and s.last_checked_at
            return s.next_check_at - s.last_checked_at

    # Three hours old and never changed: a ninth of its age is 20 minutes.
    assert due_after(t0 + dt.timedelta(hours=3)) == dt.timedelta(minutes=20)
    with db.session() as session:
        source = session.get(Source, story_id)
        assert source is not None
        source.last_checked_at = t0 + dt.timedelta(days=2)
    # Two days old: a ninth of two days.
    assert due_after(t0 + dt.timedelta(days=2)) == dt.timedelta(days=2) / 9

    revisit_round(db, t0 + dt.timedelta(days=3, seconds=1))
    with db.session() as session:
        source = session.get(Source, story_id)
        assert source is not None and not source.enabled
        link = session.scalars(
            select(OutletArticle).where(OutletArticle.source_id == story_id)
        ).one()
        assert link.state == "retired"
    later = t0 + dt.timedelta(days=30)
    claimed = {c.source_id for c in claim_due(db, "w", 100, dt.timedelta(minutes=5), now=later)}
    assert story_id not in claimed


def test_a_change_keeps_an_article_hot(db: Database, settings: Settings, outlet: Site) -> None:
    from tracker.models import Version

    feed = follow(db, outlet.url("/feed.xml"), "feed")
    [story_id, *_] = poll(db, settings, feed).new
    t0 = utcnow()
    with db.session() as session:
        session.scalars(
            select(OutletArticle).where(OutletArticle.source_id == story_id)
        ).one().published_at = t0 - dt.timedelta(days=2)
        source = session.get(Source, story_id)
        assert source is not None
        source.last_checked_at = t0
        for seq in (1, 2):
            session.add(Version(source_id=story_id, seq=seq, content_hash=str(seq), fetched_at=t0))
    revisit_round(db, t0)
    with db.session() as session:
        source = session.get(Source, story_id)
        assert source is not None and source.next_check_at == t0 + dt.timedelta(minutes=10)


def test_bad_input_is_a_recorded_outcome_with_one_line(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    bomb = (
        "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'>"
        "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;'>]>"
        "<rss><channel><item><link>http://x/&c;</link></item></channel></rss>"
    )
    index = "".join(
        f"<sitemap><loc>{site.url(f'/s/{i}.xml')}</loc></sitemap>" for i in range(10_000)
    )
    cases: dict[str, tuple[str, Route | str, str]] = {
        "/html-feed": ("feed", "<html><body><p>Hello</p></body></html>", "not_a_feed"),
        "/bomb": ("feed", Route(bomb, content_type=XML), "xml_entities"),
        "/broken": ("sitemap", Route("<urlset><url><loc>", content_type=XML), "malformed"),
        "/huge.xml": (
            "sitemap",
            Route(b"<urlset>" + b" " * 2_100_000, content_type=XML),
            "too_large",
        ),
        "/huge.xml.gz": (
            "sitemap",
            Route(gzip.compress(b"<urlset>" + b" " * 2_100_000), content_type="application/gzip"),
            "too_large",
        ),
        "/empty-page": ("page", "<html><body><a href='/about'>About</a></body></html>", "no_links"),
        "/index.xml": (
            "sitemap",
            Route(f"<sitemapindex>{index}</sitemapindex>", content_type=XML),
            "sitemaps_failed",
        ),
    }
    settings = settings.model_copy(update={"max_body_bytes": 2_000_000})
    for path, (kind, route, code) in cases.items():
        site.set(path, route)
        report = poll(db, settings, follow(db, site.url(path), kind))
        assert (report.outcome, report.error) == ("failed", code), (path, report)
        assert report.message and "\n" not in report.message
    # Of 10,000 sitemaps only the newest 20 were asked for (they 404 here).
    assert "none of the 20 sitemaps read (of 10000 in the index)" in str(report.message)
    assert sum(1 for r in site.requests if r.path.startswith("/s/")) == 20

    elsewhere = (
        "<rss><channel><item><link>http://10.1.2.3/news/a-private-story-here</link></item>"
        "<item><link>https://elsewhere.example/news/another-story-here</link></item>"
        "</channel></rss>"
    )
    site.set("/elsewhere", Route(elsewhere, content_type=XML))
    report = poll(db, settings, follow(db, site.url("/elsewhere"), "feed"))
    assert report.outcome == "ok" and report.new == ()
    assert "2 link(s) to other sites skipped" in str(report.message)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 0


def test_a_flood_of_new_urls_flags_and_pauses_the_outlet(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    def feed(n: int) -> Route:
        items = "".join(
            f"<item><link>{site.url(f'/news/flood-story-number-{i}')}</link></item>"
            for i in range(n)
        )
        return Route(f"<rss><channel>{items}</channel></rss>", content_type=XML)

    capped = settings.model_copy(update={"outlet_flood_cap": 25})
    site.set("/backlog", feed(30))
    backlog = poll(db, capped, follow(db, site.url("/backlog"), "feed"))
    assert backlog.outcome == "ok" and len(backlog.new) == 25  # a first poll is no flood
    assert "5 older ones held back" in str(backlog.message)
    for source_id in backlog.new:
        with db.session() as session:
            session.delete(session.get(Source, source_id))

    site.set("/feed", feed(2))
    outlet_id = follow(db, site.url("/feed"), "feed")
    assert len(poll(db, settings, outlet_id).new) == 2
    site.set("/feed", feed(40))
    report = poll(db, capped, outlet_id)
    assert report.outcome == "flagged" and "38 new URLs" in str(report.message)
    with db.session() as session:
        o = session.get(Outlet, outlet_id)
        assert o is not None and not o.enabled and o.status == "flagged"
        assert session.scalar(select(func.count()).select_from(Source)) == 2
    assert claim_outlets(db, "w", 10, dt.timedelta(minutes=1)) == []


def test_service_polls_outlets_and_checks_their_articles(
    db: Database, settings: Settings, outlet: Site
) -> None:
    follow(db, outlet.url("/feed.xml"), "feed")

    async def go() -> list[PollReport]:
        async with make_client(FetchPolicy.from_settings(settings)) as client:
            return await poll_due(db, client, settings, "worker-1")

    [report] = asyncio.run(go())
    assert len(report.new) == 3
    assert asyncio.run(go()) == []  # polled: not due again for ten minutes
    due = claim_due(db, "worker-1", 10, dt.timedelta(minutes=5))
    assert {c.source_id for c in due} == set(report.new)


def test_redirects_and_canonical_links_make_one_source_per_article(
    db: Database, settings: Settings, outlet: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    story = outlet.stories[0]
    outlet.site.set(
        "/amp/one-story-under-two-names",
        outlet.article(story).replace("<title>", "<title>AMP "),
    )
    items = (
        f"<item><link>{outlet.url('/amp/one-story-under-two-names')}</link></item>"
        f"<item><link>{outlet.url('/news/' + story.slug)}</link></item>"
    )
    outlet.site.set("/two.xml", Route(f"<rss><channel>{items}</channel></rss>", content_type=XML))
    outlet_id = follow(db, outlet.url("/two.xml"), "feed")
    assert len(poll(db, settings, outlet_id).new) == 2
    assert run(capsys, "check", "--all")[0] == 0
    report = revisit_round(db)
    assert report.merged == 1
    assert list(sources(db)) == [outlet.url("/news/" + story.slug)]
    assert {link.source_id for link in links(db, outlet_id)} == set(sources(db).values())
    # Listed again under either name, it is known.
    assert poll(db, settings, outlet_id).new == ()


def test_the_service_follows_an_outlet_and_an_edit_reaches_the_inbox(
    db: Database, settings: Settings, outlet: Site, tmp_path: Path
) -> None:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    follow(
        db,
        outlet.url("/feed.xml"),
        "feed",
        interval_seconds=1,
        fastest_seconds=1,
        slowest_seconds=2,
        notify=("desk@example.org",),
    )
    env = {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(controller.port),
        "TRACKER_ALERT_INTERVAL": "0.3",
    }
    first, *_ = outlet.stories
    try:
        with ServiceProcess("run", tmp_path / "run.log", env) as service:
            wait_for(lambda: outlet.site.requests_to(f"/news/{first.slug}"), 30, "a first check")
            late = outlet.publish(7)
            wait_for(lambda: outlet.site.requests_to(f"/news/{late.slug}"), 30, "the new article")
            outlet.edit(late, 0, late.paragraphs[0].replace("Tuesday", "Wednesday"))
            wait_for(lambda: inbox.messages, 30, "the alert email")
            code, _ = service.stop()
            assert code == 0, service.output()
    finally:
        controller.stop()
    [message] = inbox.messages
    assert message["To"] == "desk@example.org"
    assert "1 paragraph edited" in str(message["Subject"])
    assert len(sources(db)) == 4


def test_a_source_added_by_hand_is_adopted_and_the_api_follows_outlets(
    db: Database, settings: Settings, outlet: Site
) -> None:
    from tracker.store import NewSource, add_source

    first = outlet.url("/news/" + outlet.stories[0].slug)
    with db.session() as session:
        mine, _ = add_source(session, NewSource(url=first, name="Mine", interval_seconds=60))
        mine_id = mine.id
    client = TestClient(create_app(settings, database=db))
    made = client.post("/api/outlets", json={"url": outlet.url("/feed.xml"), "kind": "feed"})
    assert made.status_code == 201, made.text
    outlet_id = made.json()["id"]
    assert client.post("/api/outlets", json={"url": outlet.url("/feed.xml")}).status_code == 409
    polled = client.post(f"/api/outlets/{outlet_id}/poll").json()
    assert polled["outcome"] == "ok" and len(polled["new_sources"]) == 3
    assert mine_id in polled["new_sources"]
    [adopted] = [link for link in links(db, outlet_id) if link.source_id == mine_id]
    assert adopted.adopted
    with db.session() as session:
        kept = session.get(Source, mine_id)
        assert kept is not None
        kept.last_checked_at = utcnow()
    revisit_round(db)
    with db.session() as session:
        kept = session.get(Source, mine_id)
        assert kept is not None and kept.name == "Mine" and kept.interval_seconds == 60
    paused = client.patch(f"/api/outlets/{outlet_id}", json={"enabled": False}).json()
    assert paused["status"] == "paused"
    detected = client.post("/api/outlets", json={"url": outlet.url("/")})
    assert detected.status_code == 409  # the front page leads to the feed already followed
    assert client.get("/outlets").status_code == 200
    assert client.delete(f"/api/outlets/{outlet_id}").status_code == 204
    assert client.get(f"/outlets/{outlet_id}").status_code == 404


def test_a_feed_is_polled_with_its_own_conditional_get(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    items = f"<item><link>{site.url('/news/a-story-in-a-feed')}</link></item>"
    site.set(
        "/feed", Route(f"<rss><channel>{items}</channel></rss>", content_type=XML, etag='"v1"')
    )
    outlet_id = follow(db, site.url("/feed"), "feed")
    assert len(poll(db, settings, outlet_id).new) == 1
    again = poll(db, settings, outlet_id)
    assert again.outcome == "not_modified"
    assert site.requests_to("/feed")[-1].headers.get("If-None-Match") == '"v1"'


def test_links_resolving_to_private_addresses_are_refused(settings: Settings) -> None:
    from tracker.outlets.parse import Entry
    from tracker.outlets.poll import _screen

    strict = settings.model_copy(update={"allow_private_networks": False})
    notes: list[str] = []
    entries = [
        Entry("http://127.0.0.1:8080/news/a-story-on-loopback"),
        Entry("http://localhost/news/another-story-here"),
    ]
    kept = asyncio.run(_screen(entries, "http://127.0.0.1/", strict, notes))
    assert kept == []
    assert any("loopback address" in note for note in notes), notes
    assert asyncio.run(_screen(entries[:1], "http://127.0.0.1/", settings, [])) == entries[:1]


def test_the_follow_and_unfollow_forms(db: Database, settings: Settings, outlet: Site) -> None:
    from .test_web import csrf

    client = TestClient(create_app(settings, database=db))
    token = csrf(client)
    assert (
        client.post("/outlets", data={"url": outlet.url("/"), "csrf_token": "x"}).status_code == 403
    )
    made = client.post(
        "/outlets", data={"url": outlet.url("/"), "csrf_token": token}, follow_redirects=False
    )
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert outlet.url("/feed.xml") in page.text and outlet.stories[2].title in page.text
    outlet_id = made.headers["location"].rsplit("/", 1)[1]
    gone = client.post(f"/outlets/{outlet_id}/unfollow", data={"csrf_token": token})
    assert gone.status_code == 200 and "No outlets are followed yet" in gone.text


MEMBER = "member=9f8e7d6c; region=eu"


def _member(request: Request) -> bool:
    return request.headers.get("Cookie") == MEMBER


def test_an_outlet_is_read_with_its_own_headers_and_user_agent(
    db: Database, settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    news = Site(site, admits=_member)
    for n in range(2):
        news.publish(n)
    # Without the cookie the members' feed says no: a recorded poll failure.
    code, out, err = run(capsys, "follow", news.url("/feed.xml"), "--kind", "feed")
    assert code == 0 and "failed (http_403)" in out, out + err
    assert run(capsys, "unfollow", news.url("/feed.xml"))[0] == 0

    # With it, the front page leads to the feed (found with the cookie too) and it is read.
    given = ["--header", f"Cookie: {MEMBER}", "--user-agent", "NewsroomMonitor/2.0"]
    code, out, err = run(capsys, "follow", news.url("/"), *given)
    assert code == 0, err
    assert f"following: {news.url('/feed.xml')} (feed" in out and "ok: 2 new" in out, out
    news.publish(2)
    code, out, _ = run(capsys, "poll", "--all")
    assert code == 0 and "ok: 1 new, 2 known" in out, out
    read = [r for r in site.requests if r.path in ("/", "/feed.xml")]
    with_cookie = [r for r in read if _member(r)]
    assert len(with_cookie) >= 3  # the front page, the feed, the feed again
    assert {r.headers.get("User-Agent") for r in with_cookie} == {"NewsroomMonitor/2.0"}
    assert MEMBER not in run(capsys, "outlets", "--json")[1]


def test_an_outlet_is_polled_through_its_proxy(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    # Its name is one only the proxy resolves: the feed can be read through the proxy alone.
    news = Site(site, host="news.internal")
    for n in range(2):
        news.publish(n)
    with SocksProxy(credentials="desk:pa55word", names={"news.internal": "127.0.0.1"}) as proxy:
        via = proxy.url("desk:pa55word", scheme="socks5h")
        proxied = follow(db, news.url("/feed.xml"), "feed", proxy=via)
        direct = follow(db, news.url("/news-sitemap.xml"), "sitemap")

        async def go() -> list[PollReport]:
            # The service's way: a plain client, the outlets' proxies made around it.
            async with make_client(FetchPolicy.from_settings(settings)) as client:
                return await poll_due(db, client, settings, "worker-1")

        reports = {r.outlet_id: r for r in asyncio.run(go())}
        seen = list(proxy.seen)
    assert (reports[proxied].outcome, len(reports[proxied].new)) == ("ok", 2), reports
    assert (reports[direct].outcome, reports[direct].error) == ("failed", "dns_error")
    assert {(s.host, s.address_type, s.credentials) for s in seen} == {
        ("news.internal", "domain", "desk:pa55word")
    }
    assert len(site.requests_to("/feed.xml")) == 1
    with db.session() as session:
        articles = session.scalars(select(Source)).all()
        assert len(articles) == 2 and {a.proxy for a in articles} == {via}
