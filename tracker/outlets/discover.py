"""What to follow when someone names an outlet's front page: `tracker follow
https://outlet.example/` finds the feed the page announces, else a sitemap its robots.txt
names, else follows the page itself; the other feeds and sitemaps are offered."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from tracker.config import Settings
from tracker.encoding import decode_page
from tracker.errors import TrackerError
from tracker.fetch import Fetchers, FetchResult, fetchers_of
from tracker.outlets.parse import Kind, discover_feeds, robots_sitemaps, sniff
from tracker.outlets.poll import listing_policy, listing_request
from tracker.request_options import PLAIN, RequestOptions


@dataclass(frozen=True)
class Discovery:
    url: str
    kind: Kind
    offered: tuple[tuple[str, Kind], ...] = ()  # the other feeds and sitemaps found


async def discover(
    client: httpx.AsyncClient | Fetchers,
    url: str,
    settings: Settings,
    request: RequestOptions = PLAIN,
) -> Discovery:
    """The listing to follow for `url`, asked for with the outlet's `request` options (as
    its polls will be); a TrackerError with one line when it cannot be read."""
    async with fetchers_of(client, settings) as fetchers:
        return await _discover(fetchers, url, settings, listing_request(request))


async def _discover(
    fetchers: Fetchers, url: str, settings: Settings, request: RequestOptions
) -> Discovery:
    policy = listing_policy(settings)

    async def fetch(target: str) -> FetchResult:
        return await fetchers.fetch(target, request, policy=policy)

    fetched = await fetch(url)
    if not fetched.ok:
        raise TrackerError(
            f"cannot read {url}: {fetched.message} (give --kind to follow it all the same)"
        )
    kind = sniff(fetched.body, fetched.content_type)
    if kind is Kind.FEED or kind is Kind.SITEMAP:
        return Discovery(fetched.final_url, kind)
    if kind is None:
        raise TrackerError(
            f"{url} is neither a feed, a sitemap nor an HTML page"
            f" ({fetched.content_type or 'no content type'})"
        )
    text, _ = decode_page(fetched.body)
    feeds = [(f, Kind.FEED) for f in discover_feeds(text, fetched.final_url)]
    sitemaps: list[tuple[str, Kind]] = []
    robots = await fetch(urljoin(fetched.final_url, "/robots.txt"))
    if robots.ok:
        body, _ = decode_page(robots.body)
        sitemaps = [(s, Kind.SITEMAP) for s in robots_sitemaps(body, robots.final_url)]
    for candidate, candidate_kind in [*feeds, *sitemaps]:
        # An announced feed that is not one (a dead link, an HTML page) is passed over.
        probe = await fetch(candidate)
        if probe.ok and sniff(probe.body, probe.content_type) is candidate_kind:
            offered = tuple(c for c in [*feeds, *sitemaps] if c[0] != candidate)
            return Discovery(probe.final_url, candidate_kind, offered)
    return Discovery(fetched.final_url, Kind.PAGE, tuple(feeds + sitemaps))
