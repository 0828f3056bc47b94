"""Outlets in the database: following, finding, the articles they listed becoming sources,
the revisit schedule applied to those sources, and one source per article.

Shared by the CLI, the service and the web. Everything here runs inside the caller's
session (one transaction), and none of it does I/O beyond the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.config import format_duration
from tracker.errors import ConfigError, UsageError
from tracker.limits import (
    MAX_INTERVAL_SECONDS,
    MAX_NAME_LENGTH,
    check_regex,
    check_text,
)
from tracker.models import (
    ChangeRecord,
    Check,
    Outlet,
    OutletArticle,
    Source,
    Version,
    utcnow,
)
from tracker.outlets.parse import Entry, Kind
from tracker.outlets.policy import RevisitBounds, next_revisit, retired, revisit_interval
from tracker.outlets.urls import normalise, same_site
from tracker.request_options import RequestOptions
from tracker.store import (
    NewSource,
    add_source,
    check_overrides,
    header_lines,
    lookup_watched,
    request_columns,
    request_json,
    stored_request,
)
from tracker.urls import validate_url
from tracker.vocabulary import PAUSED, Outcome, OutletArticleState, OutletStatus

KINDS = tuple(k.value for k in Kind)


@dataclass(frozen=True)
class NewOutlet:
    url: str
    kind: str
    name: str | None = None
    match: str | None = None
    exclude: str | None = None
    interval_seconds: int = 600
    track_for_seconds: int = 14 * 86400
    fastest_seconds: int = 600
    slowest_seconds: int = 86400
    notify: tuple[str, ...] = ()
    body_selector: str | None = None
    exclude_selectors: tuple[str, ...] = ()
    # Request options given to its articles (see tracker.request_options)
    render: str | None = None
    wait_for: str | None = None
    headers: tuple[str, ...] = ()
    user_agent: str | None = None
    proxy: str | None = None

    def request_columns(self) -> dict[str, Any]:
        return request_columns(
            render=self.render,
            wait_for=self.wait_for,
            headers=self.headers,
            user_agent=self.user_agent,
            proxy=self.proxy,
        )

    def request(self) -> RequestOptions:
        """The request options given, checked (a UsageError says what is wrong)."""
        columns = self.request_columns()
        return stored_request(
            columns.get("render"),
            columns.get("wait_for"),
            columns.get("request_headers"),
            columns.get("user_agent"),
            columns.get("proxy"),
        )


def _check_seconds(value: int, option: str) -> int:
    if not 1 <= value <= MAX_INTERVAL_SECONDS:
        raise UsageError(f"{option} must be from 1 s to {MAX_INTERVAL_SECONDS} s")
    return value


def check_outlet(new: NewOutlet) -> str:
    """Refuse what an outlet cannot be followed with; returns its normalised URL."""
    try:
        url = validate_url(new.url)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if new.kind not in KINDS:
        raise UsageError(f"unknown kind {new.kind!r}: use one of {', '.join(KINDS)}")
    if new.name is not None:
        check_text(new.name, option="--name", max_length=MAX_NAME_LENGTH)
    for option, pattern in (("--match", new.match), ("--exclude", new.exclude)):
        if pattern:
            check_regex(pattern, option=option)
    _check_seconds(new.interval_seconds, "--every")
    _check_seconds(new.track_for_seconds, "--track-for")
    _check_seconds(new.fastest_seconds, "--fastest")
    _check_seconds(new.slowest_seconds, "--slowest")
    if new.fastest_seconds > new.slowest_seconds:
        raise UsageError("--fastest must not be longer than --slowest")
    check_overrides(
        body_selector=new.body_selector,
        exclude_selectors=new.exclude_selectors,
        notify=new.notify,
    )
    new.request_columns()
    return url


def add_outlet(session: Session, new: NewOutlet) -> tuple[Outlet, bool]:
    """Follow an outlet (or return the one followed at that URL); True when created."""
    url = check_outlet(new)
    existing = session.scalars(select(Outlet).where(Outlet.url == url)).first()
    if existing is not None:
        return existing, False
    outlet = Outlet(
        url=url,
        name=new.name,
        kind=new.kind,
        match=new.match or None,
        exclude=new.exclude or None,
        interval_seconds=new.interval_seconds,
        track_for_seconds=new.track_for_seconds,
        fastest_seconds=new.fastest_seconds,
        slowest_seconds=new.slowest_seconds,
        notify=list(dict.fromkeys(new.notify)),
        body_selector=new.body_selector,
        exclude_selectors=list(new.exclude_selectors),
        enabled=True,
        status=OutletStatus.NEW,
        polls=0,
        consecutive_failures=0,
        created_at=utcnow(),
        **new.request_columns(),
    )
    session.add(outlet)
    session.flush()
    return outlet, True


def lookup_outlet(session: Session, ref: str) -> Outlet | None:
    """An outlet by its URL (as given or normalised), its numeric id or its exact name."""
    return lookup_watched(session, Outlet, ref)


def find_outlet(session: Session, ref: str) -> Outlet:
    """As lookup_outlet, for an outlet that must exist: a usage error when there is none."""
    outlet = lookup_outlet(session, ref)
    if outlet is None:
        raise UsageError(f"no outlet {ref[:100]!r}: see `tracker outlets`")
    return outlet


def set_outlet_enabled(outlet: Outlet, enabled: bool) -> None:
    """Pause or resume an outlet's polls (its articles stay watched either way); a resumed
    outlet is due at once, and resuming a flagged one clears its flag: it was reviewed."""
    outlet.enabled = enabled
    if enabled:
        outlet.next_poll_at = None
        if outlet.status == OutletStatus.FLAGGED:
            outlet.status, outlet.flag = OutletStatus.OK, None


def compiled(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


# --------------------------------------------------------------------------- listings


@dataclass
class Intake:
    """What one poll's entries did: how many became sources, were known, were skipped."""

    new: list[int] = field(default_factory=list)  # source ids
    known: int = 0
    old: int = 0  # published before the tracking window
    baseline: int = 0  # recorded as seen, not followed
    skipped: int = 0  # filtered out by --match/--exclude or unusable
    flooded: bool = False
    backlog: int = 0  # older entries of a first poll beyond the flood cap, kept as seen


def record_listing(
    session: Session,
    outlet: Outlet,
    entries: Sequence[Entry],
    *,
    now: dt.datetime,
    flood_cap: int,
    first_poll: bool,
) -> Intake:
    """Make sources of the entries an outlet listed that it had not listed before.

    On a page's first poll every link is a baseline (it was there before tracker looked),
    and likewise undated sitemap entries (a sitemap without dates lists the whole archive).
    More new URLs than `flood_cap` in one listing flags and pauses the outlet: they are kept
    as seen, and none becomes a source. A first poll lists a backlog, not a flood: its
    `flood_cap` newest entries are followed and the older ones kept as seen.
    """
    intake = Intake()
    window = now - dt.timedelta(seconds=outlet.track_for_seconds)
    match, exclude = compiled(outlet.match), compiled(outlet.exclude)
    known = set(
        session.scalars(select(OutletArticle.url).where(OutletArticle.outlet_id == outlet.id))
    )
    fresh: dict[str, Entry] = {}
    for entry in entries:
        url = normalise(entry.url)
        if url is None:
            intake.skipped += 1
            continue
        if url in known or url in fresh:
            intake.known += 1
            continue
        if outlet.kind != Kind.PAGE and (
            (match is not None and not match.search(url))
            or (exclude is not None and exclude.search(url))
        ):
            intake.skipped += 1
            continue
        if entry.published is not None and entry.published < window:
            intake.old += 1
            continue
        fresh[url] = entry
    baseline_only = first_poll and outlet.kind == Kind.PAGE
    backlog: set[str] = set()
    if first_poll and len(fresh) > flood_cap and not baseline_only:
        newest = sorted(fresh, key=lambda u: fresh[u].published or window, reverse=True)
        backlog = set(newest[flood_cap:])
    elif len(fresh) > flood_cap and not baseline_only:
        intake.flooded = True
        outlet.enabled = False
        outlet.status = OutletStatus.FLAGGED
        outlet.flag = (
            f"{len(fresh)} new URLs in one poll (more than {flood_cap}): paused for review;"
            " they are kept as seen, and `tracker resume --outlet` goes on from here"
        )
    for url, entry in fresh.items():
        undated_archive = first_poll and outlet.kind == Kind.SITEMAP and entry.published is None
        if baseline_only or intake.flooded or undated_archive or url in backlog:
            session.add(_link(outlet, url, entry, now, state=OutletArticleState.BASELINE))
            if url in backlog:
                intake.backlog += 1
            else:
                intake.baseline += 1
            continue
        source_id, adopted = _source_for(session, outlet, url, entry)
        if source_id is None:
            intake.skipped += 1
            continue
        link = _link(outlet, url, entry, now, state=OutletArticleState.TRACKED)
        link.source_id, link.adopted = source_id, adopted
        session.add(link)
        intake.new.append(source_id)
    session.flush()
    return intake


def _link(outlet: Outlet, url: str, entry: Entry, now: dt.datetime, *, state: str) -> OutletArticle:
    published = entry.published if entry.published is not None and entry.published <= now else now
    return OutletArticle(
        outlet_id=outlet.id,
        url=url,
        title=entry.title[:1000] if entry.title else None,
        published_at=published,
        first_seen_at=now,
        state=state,
        adopted=False,
    )


def _source_for(
    session: Session, outlet: Outlet, url: str, entry: Entry
) -> tuple[int | None, bool]:
    """The source an article URL is: one another outlet led to (under this URL, or one it
    redirected or pointed its canonical link to), one added by hand, or a new one with the
    outlet's settings. Returns (source id, whether the source existed before any outlet)."""
    other = session.execute(
        select(OutletArticle.source_id, OutletArticle.adopted)
        .where(OutletArticle.url == url, OutletArticle.source_id.is_not(None))
        .limit(1)
    ).first()
    if other is not None:
        return other[0], bool(other[1])
    try:
        source, created = add_source(
            session,
            NewSource(
                url=url,
                interval_seconds=outlet.fastest_seconds,
                body_selector=outlet.body_selector,
                exclude_selectors=tuple(outlet.exclude_selectors or ()),
                notify=tuple(outlet.notify or ()),
                render=outlet.render,
                wait_for=outlet.wait_for,
                headers=header_lines(outlet.request_headers),
                user_agent=outlet.user_agent,
                proxy=outlet.proxy,
            ),
        )
    except (UsageError, ConfigError):
        return None, False
    if created:
        source.name = _name(entry.title)
    return source.id, not created


def _name(title: str | None) -> str | None:
    if not title:
        return None
    text = " ".join(title.split())[:MAX_NAME_LENGTH]
    try:
        return check_text(text, option="name", max_length=MAX_NAME_LENGTH) or None
    except UsageError:
        return None


# --------------------------------------------------------------------------- revisits


@dataclass(frozen=True)
class RevisitReport:
    rescheduled: int = 0
    retired: int = 0
    merged: int = 0


def _last_edits(session: Session, source_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """When each source last changed after its first version (the first is no change)."""
    ids = list(source_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Version.source_id, func.max(Version.fetched_at))
        .where(Version.source_id.in_(ids), Version.seq > 1)
        .group_by(Version.source_id)
    ).all()
    return {int(sid): _aware(when) for sid, when in rows if when is not None}


def _aware(value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite aggregates come back as text
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def revisit(session: Session, *, now: dt.datetime | None = None) -> RevisitReport:
    """Apply the revisit policy to every article an outlet led to: its next check, its
    interval (what the pipeline schedules with until the next round), and retirement.

    A source several outlets listed follows the most generous of their bounds. A source
    added by hand keeps its own schedule and is never paused by retirement (someone asked
    to watch it); nor is one paused by hand re-enabled. A failing source keeps the
    pipeline's back-off.
    """
    now = now or utcnow()
    rows = session.execute(
        select(OutletArticle, Outlet, Source)
        .join(Outlet, Outlet.id == OutletArticle.outlet_id)
        .join(Source, Source.id == OutletArticle.source_id)
        .where(OutletArticle.state == OutletArticleState.TRACKED)
        .order_by(OutletArticle.source_id)
    ).all()
    by_source: dict[int, list[tuple[OutletArticle, Outlet]]] = {}
    sources: dict[int, Source] = {}
    for link, outlet, source in rows:
        by_source.setdefault(source.id, []).append((link, outlet))
        sources[source.id] = source
    edits = _last_edits(session, sources)
    rescheduled = retired_count = 0
    for source_id, links in by_source.items():
        source = sources[source_id]
        published = min(link.published_at for link, _ in links)
        bounds = RevisitBounds(
            fastest=float(min(o.fastest_seconds for _, o in links)),
            slowest=float(max(o.slowest_seconds for _, o in links)),
            track_for=float(max(o.track_for_seconds for _, o in links)),
        )
        if retired((now - published).total_seconds(), bounds):
            for link, _ in links:
                link.state, link.retired_at = OutletArticleState.RETIRED, now
            adopted = any(link.adopted for link, _ in links) or _hand_added(session, source_id)
            if not adopted and source.enabled:
                source.enabled = False
                source.next_check_at = None
            retired_count += 1
            continue
        if not source.enabled or source.last_checked_at is None:
            continue
        if any(link.adopted for link, _ in links):
            continue  # watched before an outlet listed it: its own schedule stands
        if source.consecutive_failures:
            continue  # the pipeline's back-off holds until it works again
        last_edit = edits.get(source_id)
        due = next_revisit(
            published=published,
            last_checked=source.last_checked_at,
            last_changed=last_edit,
            now=now,
            bounds=bounds,
        )
        age = (source.last_checked_at - published).total_seconds()
        since = (source.last_checked_at - last_edit).total_seconds() if last_edit else None
        interval = max(1, min(MAX_INTERVAL_SECONDS, round(revisit_interval(age, since, bounds))))
        changed = False
        if source.interval_seconds != interval and not source.cron:
            source.interval_seconds = interval
            changed = True
        if due is not None and (
            source.next_check_at is None or abs((source.next_check_at - due).total_seconds()) > 1
        ):
            source.next_check_at = due
            changed = True
        rescheduled += changed
    merged = reconcile(session)
    session.flush()
    return RevisitReport(rescheduled=rescheduled, retired=retired_count, merged=merged)


def _hand_added(session: Session, source_id: int) -> bool:
    """Whether a source is linked to an outlet only as adopted (it existed before)."""
    return bool(
        session.scalar(
            select(func.count())
            .select_from(OutletArticle)
            .where(OutletArticle.source_id == source_id, OutletArticle.adopted.is_(True))
        )
    )


def reconcile(session: Session) -> int:
    """One article, one source: a source an outlet created whose first fetch redirected, or
    whose page names another canonical URL on its site, takes that URL; when another source
    already has it, the outlets' links move to that one and the duplicate goes.

    Looked at once per link, after the source's first check."""
    unsettled = session.execute(
        select(OutletArticle, Source)
        .join(Source, Source.id == OutletArticle.source_id)
        .where(OutletArticle.settled.is_(False), Source.last_checked_at.is_not(None))
    ).all()
    rows: dict[int, Source] = {}
    for link, source in unsettled:
        link.settled = True
        if not link.adopted and link.state == OutletArticleState.TRACKED:
            rows[source.id] = source
    merged = 0
    for source in rows.values():
        target = _settled_url(session, source)
        if target is None or target == source.url:
            continue
        other = session.scalars(select(Source).where(Source.url == target)).first()
        if other is None:
            via = session.execute(
                select(OutletArticle.source_id).where(
                    OutletArticle.url == target,
                    OutletArticle.source_id.is_not(None),
                    OutletArticle.source_id != source.id,
                )
            ).first()
            other = session.get(Source, via[0]) if via is not None else None
        if other is None:
            source.url = target
            continue
        links = session.scalars(
            select(OutletArticle).where(OutletArticle.source_id == source.id)
        ).all()
        for link in links:
            link.source_id = other.id
        session.flush()
        session.delete(source)
        merged += 1
    return merged


def _settled_url(session: Session, source: Source) -> str | None:
    """Where a source's article really lives: its canonical link on the same site, else the
    URL its last fetch ended at."""
    version = session.scalars(
        select(Version).where(Version.source_id == source.id).order_by(Version.seq.desc())
    ).first()
    canonical = version.meta.get("canonical_url") if version is not None else None
    if isinstance(canonical, str):
        url = normalise(canonical, source.url)
        if url is not None and same_site(url, source.url):
            return url
    final = session.scalar(
        select(Check.final_url)
        .where(Check.source_id == source.id, Check.outcome != Outcome.FAILED)
        .order_by(Check.id.desc())
        .limit(1)
    )
    return normalise(final) if final else None


# --------------------------------------------------------------------------- reading


def outlet_json(outlet: Outlet, found: int = 0, tracked: int = 0) -> dict[str, Any]:
    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": outlet.id,
        "url": outlet.url,
        "name": outlet.name,
        "kind": outlet.kind,
        "match": outlet.match,
        "exclude": outlet.exclude,
        "every": format_duration(outlet.interval_seconds),
        "track_for": format_duration(outlet.track_for_seconds),
        "fastest": format_duration(outlet.fastest_seconds),
        "slowest": format_duration(outlet.slowest_seconds),
        "enabled": outlet.enabled,
        "status": PAUSED if not outlet.enabled and not outlet.flag else outlet.status,
        "flag": outlet.flag,
        "articles": found,
        "tracked": tracked,
        "polls": outlet.polls,
        "last_polled_at": iso(outlet.last_polled_at),
        "last_outcome": outlet.last_outcome,
        "last_error": outlet.last_error,
        "last_message": outlet.last_message,
        "next_poll_at": iso(outlet.next_poll_at),
        "notify": list(outlet.notify or ()),
        "created_at": iso(outlet.created_at),
        **request_json(outlet),
    }


def article_counts(session: Session) -> dict[int, tuple[int, int]]:
    """Per outlet: (articles that became sources, of which still tracked)."""
    rows = session.execute(
        select(OutletArticle.outlet_id, OutletArticle.state, func.count())
        .where(OutletArticle.source_id.is_not(None))
        .group_by(OutletArticle.outlet_id, OutletArticle.state)
    ).all()
    counts: dict[int, tuple[int, int]] = {}
    for outlet_id, state, n in rows:
        found, tracked = counts.get(outlet_id, (0, 0))
        counts[outlet_id] = (
            found + int(n),
            tracked + (int(n) if state == OutletArticleState.TRACKED else 0),
        )
    return counts


def list_outlets(session: Session) -> list[dict[str, Any]]:
    counts = article_counts(session)
    return [
        outlet_json(o, *counts.get(o.id, (0, 0)))
        for o in session.scalars(select(Outlet).order_by(Outlet.id)).all()
    ]


@dataclass(frozen=True)
class ArticleRow:
    source: Source
    link: OutletArticle
    changes: int


def articles_of(session: Session, outlet: Outlet, *, limit: int = 500) -> list[ArticleRow]:
    """An outlet's articles, newest first, with how many changes each has had."""
    rows = session.execute(
        select(OutletArticle, Source)
        .join(Source, Source.id == OutletArticle.source_id)
        .where(OutletArticle.outlet_id == outlet.id)
        .order_by(OutletArticle.published_at.desc(), OutletArticle.id.desc())
        .limit(limit)
    ).all()
    ids = [source.id for _, source in rows]
    counts = dict(
        session.execute(
            select(ChangeRecord.source_id, func.count())
            .where(ChangeRecord.source_id.in_(ids), ChangeRecord.version_id.is_not(None))
            .where(ChangeRecord.kind != "views_changed")
            .group_by(ChangeRecord.source_id)
        ).all()
        if ids
        else []
    )
    return [ArticleRow(source, link, int(counts.get(source.id, 0))) for link, source in rows]


def source_ids_of(session: Session, outlet: Outlet) -> list[int]:
    return [
        i
        for i in session.scalars(
            select(OutletArticle.source_id).where(
                OutletArticle.outlet_id == outlet.id, OutletArticle.source_id.is_not(None)
            )
        )
        if i is not None
    ]


def unfollow(session: Session, outlet: Outlet, *, remove_articles: bool = False) -> int:
    """Stop following an outlet. Its articles stay watched as sources (with their history)
    unless `remove_articles`, which removes those no other outlet listed and nobody added
    by hand. Returns how many sources were removed."""
    removed = 0
    if remove_articles:
        for link in session.scalars(
            select(OutletArticle).where(
                OutletArticle.outlet_id == outlet.id,
                OutletArticle.source_id.is_not(None),
                OutletArticle.adopted.is_(False),
            )
        ).all():
            others = session.scalar(
                select(func.count())
                .select_from(OutletArticle)
                .where(
                    OutletArticle.source_id == link.source_id,
                    OutletArticle.outlet_id != outlet.id,
                )
            )
            source = session.get(Source, link.source_id) if not others else None
            if source is not None:
                session.delete(source)
                removed += 1
    session.delete(outlet)
    session.flush()
    return removed
