"""Polling an outlet: fetch its feed, sitemap or page, read what it lists, and record the new
articles as sources, in one transaction. Every failure is a recorded outcome with one line.

Fetches go through tracker.fetch like a page's (size cap, timeouts, redirects checked hop by
hop, private addresses refused), with the outlet's own validators for a conditional GET and
its own headers, user agent and proxy; never in a browser, whatever its articles ask for.
The URLs an outlet lists are held to the same rules before they become sources: on the
outlet's own site, and not resolving to a private address.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import httpx
from sqlalchemy import select

from tracker.config import Settings
from tracker.db import Database
from tracker.encoding import decode_page
from tracker.fetch import Fetchers, FetchPolicy, FetchResult, fetchers_of, host_refusal
from tracker.models import Outlet, OutletArticle, utcnow
from tracker.outlets.parse import (
    Entry,
    Kind,
    Listing,
    failed,
    off_site,
    parse_feed,
    parse_page,
    parse_sitemap,
)
from tracker.outlets.store import compiled, record_listing
from tracker.outlets.urls import host_of, same_site
from tracker.request_options import RequestOptions
from tracker.schedule import backoff, jitter
from tracker.store import request_of
from tracker.vocabulary import OutletStatus, PollOutcome, Render

# A sitemap index may name 50,000 sitemaps; one poll reads the newest of them only.
MAX_CHILD_SITEMAPS = 20


@dataclass(frozen=True)
class PollReport:
    outlet_id: int
    url: str
    outcome: PollOutcome
    new: tuple[int, ...] = ()  # ids of the sources it added
    known: int = 0
    error: str | None = None
    message: str | None = None

    @property
    def line(self) -> str:
        if self.outcome is PollOutcome.FAILED:
            return f"{self.url}: failed ({self.error}): {self.message}"
        return f"{self.url}: {self.outcome}: {self.message}"


@dataclass(frozen=True)
class _View:
    """What a poll needs to know about an outlet before it fetches."""

    id: int
    url: str
    kind: str
    match: str | None
    exclude: str | None
    etag: str | None
    last_modified: str | None
    track_for_seconds: int
    request: RequestOptions


@dataclass
class _Read:
    fetched: FetchResult
    listing: Listing
    notes: list[str] = field(default_factory=list)


def listing_policy(settings: Settings) -> FetchPolicy:
    return replace(FetchPolicy.from_settings(settings), any_type=True)


def listing_request(request: RequestOptions) -> RequestOptions:
    """An outlet's request options as its own fetches use them: its headers, user agent and
    proxy, but never a browser (`--render browser` is for its articles: a feed or a sitemap
    is data, and a section page is read for the links in its HTML)."""
    return replace(request, render=Render.PLAIN, wait_for=None)


def _charset(content_type: str | None) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return found.group(1) if found else None


def read_listing(
    fetched: FetchResult,
    kind: str,
    base: str,
    settings: Settings,
    *,
    match: str | None = None,
    exclude: str | None = None,
) -> Listing:
    """Parse what a fetch of a listing returned, as the outlet's kind."""
    if kind == Kind.FEED:
        return parse_feed(fetched.body, base)
    if kind == Kind.SITEMAP:
        return parse_sitemap(fetched.body, base, limit=settings.max_body_bytes)
    text, _ = decode_page(fetched.body, _charset(fetched.content_type))
    return parse_page(text, base, match=compiled(match), exclude=compiled(exclude))


async def _read(fetchers: Fetchers, view: _View, settings: Settings, now: dt.datetime) -> _Read:
    policy = listing_policy(settings)
    fetched = await fetchers.fetch(
        view.url,
        view.request,
        policy=policy,
        etag=view.etag,
        last_modified=view.last_modified,
    )
    if not fetched.ok:
        return _Read(fetched, Listing(Kind(view.kind)))
    base = fetched.final_url
    listing = read_listing(
        fetched, view.kind, base, settings, match=view.match, exclude=view.exclude
    )
    read = _Read(fetched, listing)
    if listing.sitemaps:
        await _read_children(fetchers, read, view, settings, now)
    return read


async def _read_children(
    fetchers: Fetchers, read: _Read, view: _View, settings: Settings, now: dt.datetime
) -> None:
    """The newest sitemaps of an index, read in turn: those changed within the tracking
    window (by their lastmod), or undated, at most MAX_CHILD_SITEMAPS."""
    window = now - dt.timedelta(seconds=view.track_for_seconds)
    children = [c for c in read.listing.sitemaps if c.published is None or c.published >= window]
    children.sort(key=lambda c: c.published or now, reverse=True)
    total = len(read.listing.sitemaps)
    if len(children) > MAX_CHILD_SITEMAPS:
        read.notes.append(f"the index lists {total} sitemaps: read the {MAX_CHILD_SITEMAPS} newest")
    entries: list[Entry] = []
    failures: list[str] = []
    policy = listing_policy(settings)
    for child in children[:MAX_CHILD_SITEMAPS]:
        if not same_site(child.url, view.url):
            failures.append(f"{child.url}: on another site")
            continue
        fetched = await fetchers.fetch(child.url, view.request, policy=policy)
        if not fetched.ok:
            failures.append(f"{child.url}: {fetched.message}")
            continue
        listing = parse_sitemap(fetched.body, fetched.final_url, limit=settings.max_body_bytes)
        if not listing.ok:
            failures.append(f"{child.url}: {listing.message}")
        elif listing.sitemaps:
            failures.append(f"{child.url}: an index inside an index, not followed")
        entries.extend(listing.entries)
    if failures:
        read.notes.append(f"{len(failures)} sitemap(s) unread ({failures[0]})")
    tried = len(children[:MAX_CHILD_SITEMAPS])
    if children and not entries and len(failures) == tried:
        read.listing = failed(
            Kind.SITEMAP,
            "sitemaps_failed",
            f"none of the {tried} sitemaps read (of {total} in the index) could be used:"
            f" {failures[0]}",
        )
        return
    read.listing = Listing(Kind.SITEMAP, entries=tuple(entries))


async def _screen(
    entries: Sequence[Entry], base: str, settings: Settings, notes: list[str]
) -> list[Entry]:
    """The entries that may become sources: on the outlet's site, and (unless private
    networks are allowed) on hosts that resolve to public addresses only."""
    kept, elsewhere = off_site(entries, base)
    if elsewhere:
        notes.append(f"{elsewhere} link(s) to other sites skipped")
    if settings.allow_private_networks or not kept:
        return kept
    refused: dict[str, str | None] = {}
    for entry in kept:
        host = host_of(entry.url)
        if host not in refused:
            refused[host] = await host_refusal(entry.url, FetchPolicy.from_settings(settings))
    bad = [e for e in kept if refused[host_of(e.url)] is not None]
    if bad:
        reason = refused[host_of(bad[0].url)]
        notes.append(f"{len(bad)} link(s) refused ({reason})")
    return [e for e in kept if refused[host_of(e.url)] is None]


async def poll_outlet(
    db: Database,
    outlet_id: int,
    client: httpx.AsyncClient | Fetchers,
    settings: Settings,
    *,
    lease_owner: str | None = None,
    now: dt.datetime | None = None,
) -> PollReport:
    """Poll one outlet now and record what it listed; never raises for what a site does.
    `client`: the run's fetchers (their clients per proxy shared by every poll), or a plain
    client to make them around."""
    view = await asyncio.to_thread(_view, db, outlet_id)
    if view is None:
        return PollReport(outlet_id, "", PollOutcome.REMOVED, message="the outlet was unfollowed")
    started = now or utcnow()
    async with fetchers_of(client, settings) as fetchers:
        read = await _read(fetchers, view, settings, started)
    entries: list[Entry] = []
    if read.fetched.ok and read.listing.ok:
        entries = await _screen(read.listing.entries, read.fetched.final_url, settings, read.notes)
    return await asyncio.to_thread(
        _record, db, view, read, entries, settings, lease_owner, now or utcnow()
    )


def _view(db: Database, outlet_id: int) -> _View | None:
    with db.session() as session:
        o = session.get(Outlet, outlet_id)
        if o is None:
            return None
        return _View(
            o.id,
            o.url,
            o.kind,
            o.match,
            o.exclude,
            o.etag,
            o.last_modified,
            o.track_for_seconds,
            listing_request(request_of(o)),
        )


def _record(
    db: Database,
    view: _View,
    read: _Read,
    entries: list[Entry],
    settings: Settings,
    lease_owner: str | None,
    now: dt.datetime,
) -> PollReport:
    with db.session() as session:
        outlet = session.get(Outlet, view.id, with_for_update=True)
        if outlet is None:
            return PollReport(
                view.id, view.url, PollOutcome.REMOVED, message="the outlet was unfollowed"
            )
        outlet.polls += 1
        outlet.last_polled_at = now
        if lease_owner is not None and outlet.lease_owner == lease_owner:
            outlet.lease_owner, outlet.lease_until = None, None
        period = dt.timedelta(seconds=outlet.interval_seconds)
        fetched, listing = read.fetched, read.listing
        if (not fetched.ok and not fetched.not_modified) or not listing.ok:
            error = fetched.error if not fetched.ok else listing.failure
            message = fetched.message if not fetched.ok else listing.message
            outlet.consecutive_failures += 1
            if outlet.consecutive_failures >= settings.fetch_failure_threshold:
                outlet.status = OutletStatus.FAILING if outlet.enabled else outlet.status
            outlet.last_outcome, outlet.last_error = PollOutcome.FAILED, error
            outlet.last_message = message
            outlet.next_poll_at = (
                now + backoff(period, outlet.consecutive_failures) + jitter(period)
            )
            return PollReport(
                outlet.id, outlet.url, PollOutcome.FAILED, error=error, message=message
            )
        outlet.consecutive_failures = 0
        outlet.next_poll_at = now + period + jitter(period)
        outlet.etag, outlet.last_modified = fetched.etag, fetched.last_modified
        outlet.last_error = None
        if fetched.not_modified:
            outlet.last_outcome = PollOutcome.NOT_MODIFIED
            outlet.last_message = "not modified since the last poll"
            if outlet.status in (OutletStatus.NEW, OutletStatus.FAILING):
                outlet.status = OutletStatus.OK
            return PollReport(
                outlet.id, outlet.url, PollOutcome.NOT_MODIFIED, message=outlet.last_message
            )
        first = outlet.status == OutletStatus.NEW and not session.scalar(
            select(OutletArticle.id).where(OutletArticle.outlet_id == outlet.id).limit(1)
        )
        intake = record_listing(
            session,
            outlet,
            entries,
            now=now,
            flood_cap=settings.outlet_flood_cap,
            first_poll=first,
        )
        parts = [f"{len(intake.new)} new", f"{intake.known} known"]
        if intake.old:
            parts.append(f"{intake.old} older than the tracking window")
        if intake.baseline:
            parts.append(
                f"{intake.baseline} seen before the first poll"
                if not intake.flooded
                else f"{intake.baseline} held back"
            )
        if intake.backlog:
            parts.append(f"{intake.backlog} older ones held back (a first poll follows the newest)")
        if intake.skipped:
            parts.append(f"{intake.skipped} filtered out")
        message = ", ".join(parts + read.notes)
        if intake.flooded:
            outlet.last_outcome, outlet.last_message = (
                PollOutcome.FLAGGED,
                f"{outlet.flag} ({message})",
            )
            return PollReport(
                outlet.id,
                outlet.url,
                PollOutcome.FLAGGED,
                known=intake.known,
                message=outlet.last_message,
            )
        if outlet.status != OutletStatus.FLAGGED:
            outlet.status = OutletStatus.OK
        outlet.last_outcome, outlet.last_message = PollOutcome.OK, message
        return PollReport(
            outlet.id,
            outlet.url,
            PollOutcome.OK,
            new=tuple(intake.new),
            known=intake.known,
            message=message,
        )
