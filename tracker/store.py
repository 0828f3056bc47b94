"""Reading and editing what is stored: sources, versions, changes. Shared by the CLI and the web.

Change records leave here in one public shape (change_json), the same for `tracker changes
--json`, the report and the API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from tracker.article import Article, ExtractOptions
from tracker.config import format_duration
from tracker.errors import ConfigError, UsageError
from tracker.limits import (
    MAX_INTERVAL_SECONDS,
    MAX_NAME_LENGTH,
    MAX_URL_LENGTH,
    check_emails,
    check_regex,
    check_selector,
    check_selectors,
    check_text,
    in_id_range,
    parse_id,
)
from tracker.models import (
    ChangeRecord,
    Check,
    Outlet,
    Source,
    Subscription,
    Version,
    ViewCount,
    utcnow,
)
from tracker.vocabulary import PAUSED, ChangeKind, Channel, SourceStatus

# The schedule's cron reader (APScheduler) and URL validation (httpx) are imported by the
# functions that use them: listing and reading what is stored needs neither.


@dataclass(frozen=True)
class NewSource:
    url: str
    name: str | None = None
    interval_seconds: int = 3600
    cron: str | None = None
    body_selector: str | None = None
    exclude_selectors: tuple[str, ...] = ()
    views_selector: str | None = None
    views_regex: str | None = None
    notify: tuple[str, ...] = ()


def check_overrides(
    *,
    body_selector: str | None = None,
    exclude_selectors: Sequence[str] = (),
    views_selector: str | None = None,
    views_regex: str | None = None,
    notify: Sequence[str] = (),
) -> None:
    """Refuse what extraction would silently ignore (a selector lexbor cannot parse, a regex
    that does not compile or could backtrack for hours) and what could break a mail header."""
    if body_selector:
        check_selector(body_selector, option="body selector")
    check_selectors([s for s in exclude_selectors if s], option="exclude selector")
    if views_selector:
        check_selector(views_selector, option="views selector")
    if views_regex:
        check_regex(views_regex, option="views regex")
    check_emails(notify)


def check_interval(seconds: int) -> int:
    if not 1 <= seconds <= MAX_INTERVAL_SECONDS:
        raise UsageError(f"check interval must be from 1 s to {MAX_INTERVAL_SECONDS} s")
    return seconds


def cron_schedule(expression: str, now: dt.datetime) -> tuple[str, int]:
    """A cron expression (checked, its spacing normalised) and the interval it stands for."""
    from tracker.schedule import check_cron, cron_period

    cron = check_cron(" ".join(expression.split()), now)
    # The interval of a cron source is its period (back-off starts from it), within the
    # bounds of an interval: a yearly cron backs off like a one-year interval.
    return cron, min(int(cron_period(cron, now).total_seconds()), MAX_INTERVAL_SECONDS)


def set_schedule(
    source: Source, *, interval_seconds: int | None = None, cron: str | None = None
) -> None:
    """Give a source a new interval or cron schedule, taking effect at once: its next check
    is worked out again from its last one (a source never checked stays due now), so a
    shorter period is not left waiting behind the old, longer one."""
    from tracker.schedule import next_check_at

    now = utcnow()
    if cron:
        source.cron, source.interval_seconds = cron_schedule(cron, now)
    elif interval_seconds is not None:
        source.cron, source.interval_seconds = None, check_interval(interval_seconds)
    else:
        return
    if source.last_checked_at is None or source.next_check_at is None:
        source.next_check_at = None
        return
    source.next_check_at = max(
        now,
        next_check_at(
            source.interval_seconds,
            source.cron,
            source.last_checked_at,
            source.consecutive_failures,
        ),
    )


def add_source(session: Session, new: NewSource) -> tuple[Source, bool]:
    """Add a source (or return the existing one with that URL); True when it was created."""
    from tracker.urls import validate_url

    try:
        url = validate_url(new.url)
    except ConfigError as exc:  # the caller's input, not the settings
        raise UsageError(str(exc)) from None
    cron, interval = cron_schedule(new.cron, utcnow()) if new.cron else (None, new.interval_seconds)
    check_interval(interval)
    if new.name is not None:
        check_text(new.name, option="name", max_length=MAX_NAME_LENGTH)
    check_overrides(
        body_selector=new.body_selector,
        exclude_selectors=new.exclude_selectors,
        views_selector=new.views_selector,
        views_regex=new.views_regex,
        notify=new.notify,
    )
    existing = lookup_source(session, url)
    if existing is not None:
        return existing, False
    source = Source(
        url=url,
        name=new.name,
        interval_seconds=interval,
        cron=cron,
        body_selector=new.body_selector,
        exclude_selectors=list(new.exclude_selectors),
        views_selector=new.views_selector,
        views_regex=new.views_regex,
        enabled=True,
        status=SourceStatus.NEW.value,
        consecutive_failures=0,
        created_at=utcnow(),
        next_check_at=None,
    )
    source.subscriptions = [Subscription(email=email) for email in dict.fromkeys(new.notify)]
    session.add(source)
    try:
        session.flush()
    except IntegrityError:
        raise UsageError(f"a source with URL {url} already exists") from None
    return source, True


_Watched = TypeVar("_Watched", Source, Outlet)


def lookup_watched(session: Session, model: type[_Watched], ref: str) -> _Watched | None:
    """A source or an outlet by what a user calls it: its URL (as given or normalised), its
    numeric id or its exact name."""
    if len(ref) > MAX_URL_LENGTH or "\x00" in ref:
        # Nothing stored can match, and PostgreSQL refuses NUL in any text it is sent.
        return None
    from tracker.urls import validate_url

    candidates = [ref]
    with contextlib.suppress(ConfigError):  # not a URL: maybe an id or a name
        candidates.append(validate_url(ref))
    found = session.scalars(select(model).where(model.url.in_(candidates))).first()
    found_id = parse_id(ref) if found is None else None
    if found_id is not None:
        found = session.get(model, found_id)
    if found is None:
        found = session.scalars(select(model).where(model.name == ref)).first()
    return found


def lookup_source(session: Session, url_or_id: str) -> Source | None:
    """A source by its URL (as given or normalised), its numeric id or its exact name."""
    return lookup_watched(session, Source, url_or_id)


def find_source(session: Session, url_or_id: str) -> Source:
    """As lookup_source, for a source that must exist: a usage error when there is none."""
    source = lookup_source(session, url_or_id)
    if source is None:
        unusable = len(url_or_id) > MAX_URL_LENGTH or "\x00" in url_or_id
        shown = url_or_id[:100] if unusable else url_or_id
        raise UsageError(f"no source {shown!r}: see `tracker list`")
    return source


def set_enabled(source: Source, enabled: bool) -> None:
    """Pause or resume a source's checks (the history is kept either way); a resumed source
    is due at once."""
    if enabled and not source.enabled:
        source.next_check_at = None
    source.enabled = enabled


def _email_key(email: str) -> str:
    # One rule everywhere: a recipient is the same whatever the case of its address.
    return email.lower()


def _by_email(sub: Subscription) -> bool:
    # Recipients are the email subscriptions; webhooks and Apprise are edited on their own.
    return (sub.channel or Channel.EMAIL) == Channel.EMAIL


def edit_recipients(source: Source, *, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
    """Remove, then add, recipients of a source; adding one it has already does nothing, and
    removing one it does not have is a usage error."""
    have = {_email_key(sub.email): sub for sub in source.subscriptions if _by_email(sub)}
    for email in remove:
        sub = have.pop(_email_key(email), None)
        if sub is None:
            raise UsageError(f"{email} is not a recipient of {source.url}")
        source.subscriptions.remove(sub)
    for email in add:
        if _email_key(email) not in have:
            have[_email_key(email)] = Subscription(email=email)
            source.subscriptions.append(have[_email_key(email)])


def replace_recipients(source: Source, emails: Iterable[str]) -> None:
    """Make `emails` the source's recipients; those it keeps keep their alert rules."""
    wanted: dict[str, str] = {}
    for email in emails:
        wanted.setdefault(_email_key(email), email)
    keep = [
        sub for sub in source.subscriptions if not _by_email(sub) or _email_key(sub.email) in wanted
    ]
    kept = {_email_key(sub.email) for sub in keep if _by_email(sub)}
    source.subscriptions = keep + [
        Subscription(email=email) for key, email in wanted.items() if key not in kept
    ]


def list_sources(session: Session) -> Sequence[Source]:
    return session.scalars(select(Source).order_by(Source.id)).all()


def active_targets(session: Session) -> list[tuple[int, str]]:
    """(id, url) of every source that is not paused, without loading whole sources."""
    rows = session.execute(
        select(Source.id, Source.url).where(Source.enabled.is_(True)).order_by(Source.id)
    )
    return [(source_id, url) for source_id, url in rows]


def labels_of(session: Session, source_ids: Iterable[int]) -> dict[int, str]:
    """What people call each source: the name given to it, else the headline of its latest
    version, else its URL (a page never fetched yet)."""
    ids = list(source_ids)
    latest = (
        select(Version.source_id, func.max(Version.seq).label("seq"))
        .where(Version.source_id.in_(ids))
        .group_by(Version.source_id)
        .subquery()
    )
    titles = dict(
        session.execute(
            select(Version.source_id, Version.title).join(
                latest, (Version.source_id == latest.c.source_id) & (Version.seq == latest.c.seq)
            )
        ).all()
    )
    rows = session.execute(select(Source.id, Source.name, Source.url).where(Source.id.in_(ids)))
    return {i: name or titles.get(i) or url for i, name, url in rows}


def versions_of(session: Session, source: Source) -> Sequence[Version]:
    return session.scalars(
        select(Version).where(Version.source_id == source.id).order_by(Version.seq)
    ).all()


def version_by_seq(session: Session, source: Source, seq: int) -> Version:
    version = (
        session.scalars(
            select(Version).where(Version.source_id == source.id, Version.seq == seq)
        ).first()
        if in_id_range(seq)
        else None
    )
    if version is None:
        raise UsageError(f"{source.url} has no version {seq}")
    return version


def query_changes(
    session: Session,
    *,
    source: Source | None = None,
    since: dt.datetime | None = None,
    kinds: Sequence[str] = (),
    limit: int | None = None,
    before_id: int | None = None,
    ids: Sequence[int] | None = None,
    significance: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Change records (public shape), oldest first; `before_id` pages back from a record.

    `significance`: only changes that carry at least one of these classes.
    """
    current = aliased(Version)
    previous = aliased(Version)
    stmt = (
        select(ChangeRecord, Source, current.seq, previous.seq)
        .join(Source, Source.id == ChangeRecord.source_id)
        .outerjoin(current, current.id == ChangeRecord.version_id)
        .outerjoin(previous, previous.id == ChangeRecord.previous_version_id)
    )
    if source is not None:
        stmt = stmt.where(ChangeRecord.source_id == source.id)
    if since is not None:
        stmt = stmt.where(ChangeRecord.detected_at >= since)
    if kinds:
        stmt = stmt.where(ChangeRecord.kind.in_(list(kinds)))
    classes = sorted(set(significance))
    if classes:
        stmt = stmt.where(
            or_(*(ChangeRecord.significance.contains(f",{c},", autoescape=True) for c in classes))
        )
    if ids is not None:
        stmt = stmt.where(ChangeRecord.id.in_(list(ids)))
    if before_id is not None:
        stmt = stmt.where(ChangeRecord.id < before_id)
    if limit is not None:
        stmt = stmt.order_by(ChangeRecord.id.desc()).limit(limit)
        rows = list(reversed(session.execute(stmt).all()))
    else:
        rows = list(session.execute(stmt.order_by(ChangeRecord.id)).all())
    return [change_json(rec, src, seq, prev) for rec, src, seq, prev in rows]


def change_json(
    record: ChangeRecord, source: Source, version: int | None, previous: int | None
) -> dict[str, Any]:
    return {
        "id": record.id,
        "url": source.url,
        "source": source.label,
        "source_id": source.id,
        "version": version,
        "previous_version": previous,
        "kind": record.kind,
        "summary": record.summary,
        "detail": record.detail,
        "detected_at": record.detected_at.isoformat(),
    }


def source_status(source: Source) -> str:
    """The status people see: the scraper's health, or "paused" when checks are off."""
    return PAUSED if not source.enabled else source.status


def source_json(source: Source) -> dict[str, Any]:
    """A source in its public shape (`tracker list --json` and the API).

    `every` is what the source follows: its cron expression, or its interval as a duration.
    """

    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": source.id,
        "url": source.url,
        "name": source.name,
        "every": source.cron or format_duration(source.interval_seconds),
        "cron": source.cron,
        "interval_seconds": source.interval_seconds,
        "enabled": source.enabled,
        "status": source.status,
        "consecutive_failures": source.consecutive_failures,
        "last_checked_at": iso(source.last_checked_at),
        "last_changed_at": iso(source.last_changed_at),
        "next_check_at": iso(source.next_check_at),
        "created_at": iso(source.created_at),
        "body_selector": source.body_selector,
        "exclude_selectors": list(source.exclude_selectors or ()),
        "views_selector": source.views_selector,
        "views_regex": source.views_regex,
        "notify": [sub.email for sub in source.subscriptions if _by_email(sub)],
    }


def stored_options(
    body_selector: str | None,
    exclude_selectors: Sequence[str] | None,
    views_selector: str | None,
    views_regex: str | None,
) -> ExtractOptions:
    """The extraction overrides a source's columns ask for."""
    return ExtractOptions(
        body_selector=body_selector,
        exclude_selectors=tuple(exclude_selectors or ()),
        views_selector=views_selector,
        views_regex=views_regex,
    )


def stored_article(title: str, paragraphs: Sequence[str], meta: dict[str, Any] | None) -> Article:
    """The Article a stored version holds (its metadata lives in the version's meta)."""
    meta = meta or {}
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        views=meta.get("views"),
        published=meta.get("published"),
        modified=meta.get("modified"),
        author=meta.get("author"),
        language=meta.get("language"),
        canonical_url=meta.get("canonical_url"),
        site_name=meta.get("site_name"),
        updated=meta.get("updated"),
        published_from=meta.get("published_from"),
    )


def article_of(version: Version) -> Article:
    return stored_article(version.title, version.paragraphs, version.meta)


def latest_version(session: Session, source_id: int) -> Version | None:
    return session.scalars(
        select(Version).where(Version.source_id == source_id).order_by(Version.seq.desc()).limit(1)
    ).first()


@dataclass(frozen=True)
class SourceOverview:
    """One dashboard row: a source, its recent activity and its view-count series."""

    source: Source
    status: str
    changes_24h: int
    changes_7d: int
    last_change_at: dt.datetime | None
    last_change_summary: str | None
    views: list[tuple[dt.datetime, int]]


def source_overviews(
    session: Session,
    *,
    now: dt.datetime | None = None,
    status: str | None = None,
    search: str | None = None,
) -> list[SourceOverview]:
    """Every source (optionally one status, or matching `search` in name/URL) with activity."""
    now = now or utcnow()
    day, week = now - dt.timedelta(days=1), now - dt.timedelta(days=7)
    stmt = select(Source).order_by(Source.id)
    # No name or URL holds a NUL (PostgreSQL would refuse the whole query over one).
    search = search.replace("\x00", "") if search else search
    if search:
        pattern = f"%{search.strip().lower()}%"
        stmt = stmt.where(
            or_(func.lower(Source.url).like(pattern), func.lower(Source.name).like(pattern))
        )
    sources = [s for s in session.scalars(stmt).all() if not status or source_status(s) == status]
    if not sources:
        return []
    ids = [s.id for s in sources]
    counts = {
        row[0]: (int(row[1] or 0), int(row[2] or 0))
        for row in session.execute(
            select(
                ChangeRecord.source_id,
                func.sum(case((ChangeRecord.detected_at >= day, 1), else_=0)),
                func.count(),
            )
            .where(ChangeRecord.source_id.in_(ids), ChangeRecord.detected_at >= week)
            .group_by(ChangeRecord.source_id)
        ).all()
    }
    # The last change shown is the last one about the text or health: view counts move all
    # the time and would hide it (they have their own column).
    last: dict[int, ChangeRecord] = {}
    for views in (False, True):
        last_ids = (
            select(func.max(ChangeRecord.id))
            .where(ChangeRecord.source_id.in_([i for i in ids if i not in last]))
            .where((ChangeRecord.kind == str(ChangeKind.VIEWS_CHANGED)) == views)
            .group_by(ChangeRecord.source_id)
        )
        for rec in session.scalars(
            select(ChangeRecord).where(ChangeRecord.id.in_(last_ids.scalar_subquery()))
        ).all():
            last[rec.source_id] = rec
    series = view_series(session, ids)
    return [
        SourceOverview(
            source=s,
            status=source_status(s),
            changes_24h=counts.get(s.id, (0, 0))[0],
            changes_7d=counts.get(s.id, (0, 0))[1],
            last_change_at=last[s.id].detected_at if s.id in last else None,
            last_change_summary=last[s.id].summary if s.id in last else None,
            views=series.get(s.id, []),
        )
        for s in sources
    ]


def view_series(
    session: Session, source_ids: Sequence[int], *, since: dt.datetime | None = None
) -> dict[int, list[tuple[dt.datetime, int]]]:
    """View-count observations per source, oldest first (a row only when the count moved)."""
    stmt = select(ViewCount.source_id, ViewCount.observed_at, ViewCount.views).where(
        ViewCount.source_id.in_(list(source_ids))
    )
    if since is not None:
        stmt = stmt.where(ViewCount.observed_at >= since)
    out: dict[int, list[tuple[dt.datetime, int]]] = {}
    for source_id, observed_at, views in session.execute(
        stmt.order_by(ViewCount.observed_at, ViewCount.id)
    ).all():
        out.setdefault(source_id, []).append((observed_at, views))
    return out


def checks_of(session: Session, source: Source, *, limit: int = 50) -> Sequence[Check]:
    """The newest attempts to check a source, newest first: the audit log."""
    return session.scalars(
        select(Check)
        .where(Check.source_id == source.id)
        .order_by(Check.started_at.desc(), Check.id.desc())
        .limit(limit)
    ).all()
