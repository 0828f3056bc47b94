"""The pure parts of following outlets: URL normalisation and the revisit policy (with
property-based tests of their invariants), and the readers of feeds, sitemaps and pages."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.outlets.parse import (
    Kind,
    discover_feeds,
    looks_like_article,
    parse_feed,
    parse_page,
    parse_sitemap,
    robots_sitemaps,
    sniff,
)
from tracker.outlets.policy import RevisitBounds, next_revisit, revisit_interval
from tracker.outlets.urls import normalise, same_site

BASE = "https://news.example.com/"

# --------------------------------------------------------------------------- URLs


def test_tracking_parameters_and_fragments_are_dropped() -> None:
    url = "HTTPS://News.Example.com:443/a/story-one?id=5&utm_source=x&fbclid=1&gclid=2#comments"
    assert normalise(url) == "https://news.example.com/a/story-one?id=5"
    assert normalise("/a/b?x=1&y=2", BASE) == "https://news.example.com/a/b?x=1&y=2"
    assert normalise("mailto:desk@example.com") is None
    assert normalise("javascript:void(0)") is None
    assert normalise("https://bad host/") is None


def test_same_site() -> None:
    assert same_site("https://feeds.example.com/rss", "https://www.example.com/a")
    assert same_site("https://www.bbc.co.uk/a", "https://feeds.bbc.co.uk/b")
    assert not same_site("https://example.com/", "https://example.org/")
    assert not same_site("https://other.co.uk/", "https://bbc.co.uk/")
    assert not same_site("http://10.0.0.1/", "http://127.0.0.1/")


segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
query_key = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
tracking = st.sampled_from(["utm_source", "utm_campaign", "fbclid", "gclid", "mc_eid", "_ga"])


@given(
    host=st.sampled_from(["example.com", "www.example.org", "News.Example.NET"]),
    path=st.lists(segment, max_size=4),
    query=st.lists(st.tuples(query_key, segment), max_size=3),
    noise=st.lists(st.tuples(tracking, segment), max_size=3),
    fragment=st.one_of(st.none(), segment),
)
def test_normalising_is_idempotent_and_ignores_tracking(
    host: str,
    path: list[str],
    query: list[tuple[str, str]],
    noise: list[tuple[str, str]],
    fragment: str | None,
) -> None:
    query = [(k, v) for k, v in query if not k.startswith("utm")]
    clean = (
        f"https://{host}/"
        + "/".join(path)
        + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    )
    noisy = (
        clean + ("&" if query else "?") + "&".join(f"{k}={v}" for k, v in noise) if noise else clean
    )
    if fragment is not None:
        noisy += "#" + fragment
    once = normalise(noisy)
    assert once is not None
    assert normalise(once) == once
    assert once == normalise(clean)
    assert "#" not in once and "utm_" not in once and "fbclid" not in once


# --------------------------------------------------------------------------- policy

seconds = st.floats(min_value=0, max_value=60 * 86400, allow_nan=False)
bounds_st = st.builds(
    lambda fastest, span, track: RevisitBounds(
        fastest=fastest, slowest=fastest * span, track_for=track
    ),
    st.floats(min_value=1, max_value=7200),
    st.floats(min_value=1, max_value=500),
    st.floats(min_value=3600, max_value=60 * 86400),
)


@given(age=seconds, since=st.one_of(st.none(), seconds), bounds=bounds_st)
def test_interval_stays_within_the_outlets_bounds(
    age: float, since: float | None, bounds: RevisitBounds
) -> None:
    interval = revisit_interval(age, since, bounds)
    assert bounds.fastest <= interval <= bounds.slowest


@given(a=seconds, b=seconds, bounds=bounds_st)
def test_older_articles_are_never_checked_more_often(
    a: float, b: float, bounds: RevisitBounds
) -> None:
    young, old = sorted((a, b))
    assert revisit_interval(young, None, bounds) <= revisit_interval(old, None, bounds)


@given(age=seconds, since=seconds, bounds=bounds_st)
def test_a_change_never_slows_checks_down(age: float, since: float, bounds: RevisitBounds) -> None:
    assert revisit_interval(age, since, bounds) <= revisit_interval(age, None, bounds)


@given(age=seconds, checked_ago=seconds, bounds=bounds_st)
def test_no_check_after_the_tracking_time_and_none_in_the_past(
    age: float, checked_ago: float, bounds: RevisitBounds
) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    published = now - dt.timedelta(seconds=age)
    last = now - dt.timedelta(seconds=min(checked_ago, age))
    due = next_revisit(
        published=published, last_checked=last, last_changed=None, now=now, bounds=bounds
    )
    if (now - published).total_seconds() >= bounds.track_for:
        assert due is None
    if due is not None:
        assert due > last
        assert due <= published + dt.timedelta(seconds=bounds.track_for)


def test_bounds_are_checked() -> None:
    with pytest.raises(ValueError):
        RevisitBounds(fastest=600, slowest=60)


# --------------------------------------------------------------------------- readers

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://news.example.com/a/story-one?utm_source=rss</link>
<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate></item>
<item><title>Two</title><link>/a/story-two</link></item></channel></rss>"""


def test_rss_atom_json_feed() -> None:
    feed = parse_feed(RSS, BASE + "feed")
    assert [e.url for e in feed.entries] == [
        "https://news.example.com/a/story-one",
        "https://news.example.com/a/story-two",
    ]
    assert feed.entries[0].published == dt.datetime(2021, 9, 6, 16, 45, tzinfo=dt.UTC)
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>x</title>'
        b'<link href="https://news.example.com/b/1234567"/><id>x</id>'
        b"<updated>2024-01-01T10:00:00Z</updated></entry></feed>"
    )
    assert [e.url for e in parse_feed(atom, BASE).entries] == ["https://news.example.com/b/1234567"]
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>t</title></channel>'
        b'<item rdf:about="https://news.example.com/c/old-style-story"><title>t</title>'
        b"<link>https://news.example.com/c/old-style-story</link></item></rdf:RDF>"
    )
    assert len(parse_feed(rdf, BASE).entries) == 1
    jf = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": ['
        b'{"id": "1", "url": "https://news.example.com/d/json-story-here",'
        b' "date_published": "2024-05-01T10:00:00+02:00"}]}'
    )
    assert sniff(jf) is Kind.FEED
    [entry] = parse_feed(jf, BASE).entries
    assert entry.published == dt.datetime(2024, 5, 1, 8, tzinfo=dt.UTC)


def test_feed_failures_are_data() -> None:
    assert parse_feed(b"<html><body>x</body></html>", BASE).failure == "not_a_feed"
    assert parse_feed(b'{"a": 1}', BASE).failure == "not_a_feed"
    assert parse_feed(b"{", BASE).failure == "malformed"
    assert parse_feed(b"/etc/passwd", BASE).failure == "malformed"  # never opened as a file
    bomb = b'<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><rss><channel/></rss>'
    assert parse_feed(bomb, BASE).failure == "xml_entities"
    external = b'<!DOCTYPE r [<!ENTITY a SYSTEM "file:///etc/passwd">]><rss>&a;</rss>'
    assert parse_feed(external, BASE).failure == "xml_entities"


NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/a/news-story</loc><news:news><news:publication>
<news:name>N</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-05-01T10:00:00+02:00</news:publication_date>
<news:title>Title</news:title></news:news></url>
<url><loc>https://news.example.com/a/plain</loc><lastmod>2024-05-02</lastmod></url>
</urlset>"""


def test_sitemaps_plain_gzipped_news_and_index() -> None:
    for data in (NEWS, gzip.compress(NEWS)):
        assert sniff(data) is Kind.SITEMAP
        listing = parse_sitemap(data, BASE, limit=1_000_000)
        assert [(e.url, e.published) for e in listing.entries] == [
            ("https://news.example.com/a/news-story", dt.datetime(2024, 5, 1, 8, tzinfo=dt.UTC)),
            ("https://news.example.com/a/plain", dt.datetime(2024, 5, 2, tzinfo=dt.UTC)),
        ]
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
        b"<loc>https://news.example.com/s1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>"
        b"</sitemapindex>"
    )
    assert [s.url for s in parse_sitemap(index, BASE, limit=10_000).sitemaps] == [
        "https://news.example.com/s1.xml"
    ]
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    assert parse_sitemap(bomb, BASE, limit=1_000_000).failure == "too_large"
    assert parse_sitemap(b"<feed/>", BASE, limit=100).failure == "not_a_sitemap"
    assert parse_sitemap(b"<urlset><url>", BASE, limit=100).failure == "malformed"


FRONT = """<html><head>
<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom">
</head><body>
<nav><a href="/news/a-navigation-story-link">Nav</a></nav>
<main>
<a href="/news/2024/05/01/council-approves-plan?utm_medium=x">Council approves plan</a>
<a href="/article/1234567">Numbered</a>
<a href="/about">About</a><a href="/tag/politics-and-more">Tag</a>
<a href="https://elsewhere.example/news/some-other-story">Elsewhere</a>
<a href="/img/photo-of-the-day.jpg">Photo</a>
</main></body></html>"""


def test_front_page_links_and_discovery() -> None:
    listing = parse_page(FRONT, BASE)
    assert [e.url for e in listing.entries] == [
        "https://news.example.com/news/2024/05/01/council-approves-plan",
        "https://news.example.com/article/1234567",
    ]
    import re

    only = parse_page(FRONT, BASE, match=re.compile(r"/article/"))
    assert [e.url for e in only.entries] == ["https://news.example.com/article/1234567"]
    assert parse_page("<p>no links</p>", BASE).failure == "no_links"
    assert discover_feeds(FRONT, BASE) == [
        "https://news.example.com/feed.xml",
        "https://news.example.com/atom",
        "https://news.example.com/comments/feed",
    ]
    robots = "User-agent: *\nSitemap: /sitemap.xml\nsitemap: https://news.example.com/news.xml"
    assert robots_sitemaps(robots, BASE) == [
        "https://news.example.com/news.xml",
        "https://news.example.com/sitemap.xml",
    ]
    assert looks_like_article("https://x.com/world/2024/05/01/a")
    assert not looks_like_article("https://x.com/category/world-news-today")


@given(st.binary(max_size=2000))
def test_readers_never_raise_on_any_bytes(data: bytes) -> None:
    for listing in (
        parse_feed(data, BASE),
        parse_sitemap(data, BASE, limit=10_000),
        parse_page(data.decode("utf-8", "replace"), BASE),
    ):
        assert listing.ok or (listing.failure and listing.message and "\n" not in listing.message)
    sniff(data)


@given(st.text(max_size=300))
def test_normalise_never_raises(text: str) -> None:
    url = normalise(text, BASE)
    assert url is None or normalise(url) == url
