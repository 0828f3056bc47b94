"""Reading and editing what is stored: sources, versions, changes. Shared by the CLI and the web.

Change records leave here in one public shape (change_json), the same for `tracker changes
--json`, the report and the API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
    check_tag,
    check_tags,
    check_text,
    in_id_range,
    parse_id,
)
from tracker.models import (
    ChangeRecord,
    Check,
    Outlet,
    Source,
    SourceTag,
    Subscription,
    Version,
    ViewCount,
    utcnow,
)
from tracker.request_options import (
    MASK,
    RequestOptions,
    check_proxy,
    check_render,
    check_user_agent,
    check_wait_for,
    masked_headers,
    masked_proxy,
    parse_headers,
    stored_headers,
)
from tracker.significance import significance_weight
from tracker.vocabulary import (
    FAILING_STATUSES,
    HEALTH_KINDS,
    KIND_PROMINENCE,
    PAUSED,
    ChangeKind,
    Channel,
    Render,
    SourceStatus,
)

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
    # Request options (tracker.request_options); headers as 'Name: value' lines.
    render: str | None = None
    wait_for: str | None = None
    headers: tuple[str, ...] = ()
    user_agent: str | None = None
    proxy: str | None = None
    tags: tuple[str, ...] = ()


# The columns of the request options, on sources and outlets alike.
REQUEST_COLUMNS = ("render", "wait_for", "request_headers", "user_agent", "proxy")


def request_columns(
    *,
    render: str | None = None,
    wait_for: str | None = None,
    headers: Sequence[str] | None = None,
    user_agent: str | None = None,
    proxy: str | None = None,
) -> dict[str, Any]:
    """The checked column values of the request options given (None: not given, so left as
    they are; an empty value clears one; headers replace the list, none given clears it)."""
    values: dict[str, Any] = {}
    if render is not None:
        values["render"] = None if check_render(render) is Render.PLAIN else Render.BROWSER.value
    if wait_for is not None:
        values["wait_for"] = check_wait_for(wait_for) if wait_for.strip() else None
    if headers is not None:
        pairs = parse_headers(headers)
        values["request_headers"] = [list(pair) for pair in pairs] or None
    if user_agent is not None:
        values["user_agent"] = check_user_agent(user_agent) or None
    if proxy is not None:
        values["proxy"] = check_proxy(proxy) if proxy.strip() else None
    return values


def header_lines(stored: object) -> tuple[str, ...]:
    """Stored headers as the 'Name: value' lines they were given as."""
    return tuple(f"{name}: {value}" for name, value in stored_headers(stored))


def stored_request(
    render: str | None,
    wait_for: str | None,
    headers: object,
    user_agent: str | None,
    proxy: str | None,
) -> RequestOptions:
    """The request options a source's (or an outlet's) columns ask for."""
    return RequestOptions(
        headers=stored_headers(headers),
        user_agent=user_agent,
        proxy=proxy,
        render=Render.BROWSER if render == Render.BROWSER else Render.PLAIN,
        wait_for=wait_for,
    )


def request_of(watched: Source | Outlet) -> RequestOptions:
    return stored_request(
        watched.render, watched.wait_for, watched.request_headers, watched.user_agent, watched.proxy
    )


def request_json(watched: Source | Outlet) -> dict[str, Any]:
    """The request options in a public shape: header values and proxy credentials masked."""
    return {
        "render": watched.render or Render.PLAIN.value,
        "wait_for": watched.wait_for,
        "headers": masked_headers(stored_headers(watched.request_headers)),
        "user_agent": watched.user_agent,
        "proxy": masked_proxy(watched.proxy),
    }


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
    request = request_columns(
        render=new.render,
        wait_for=new.wait_for,
        headers=new.headers,
        user_agent=new.user_agent,
        proxy=new.proxy,
    )
    tags = check_tags(new.tags)
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
        **request,
    )
    source.subscriptions = [Subscription(email=email) for email in dict.fromkeys(new.notify)]
    source.tag_links = [SourceTag(tag=tag) for tag in tags]
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


@dataclass(frozen=True)
class SourceEdit:
    """A change to a source's settings, as the API's PATCH and the source's web form ask for
    it: None leaves a setting as it is, an empty string or list clears it.

    `notify` replaces the email recipients (other channels are left alone); a schedule is an
    interval or a cron expression, not both."""

    name: str | None = None
    interval_seconds: int | None = None
    cron: str | None = None
    body_selector: str | None = None
    exclude_selectors: Sequence[str] | None = None
    views_selector: str | None = None
    views_regex: str | None = None
    notify: Sequence[str] | None = None
    enabled: bool | None = None
    tags: Sequence[str] | None = None  # (replace the source's tags)
    # the request options' checked column values (see `request_columns`), set as given
    request: Mapping[str, Any] = field(default_factory=dict)


def _schedule_differs(source: Source, edit: SourceEdit) -> bool:
    if edit.cron:
        return " ".join(edit.cron.split()) != source.cron
    if edit.interval_seconds is not None:
        return source.cron is not None or edit.interval_seconds != source.interval_seconds
    return False


def edit_source(source: Source, edit: SourceEdit) -> None:
    """Apply `edit`: all of it, or nothing (a UsageError names the first thing wrong).

    A new schedule takes effect at once (set_schedule); giving the schedule a source already
    has leaves its next check where it was."""
    if edit.interval_seconds is not None and edit.cron:
        raise UsageError("use either an interval or a cron schedule, not both")
    if edit.name:
        check_text(edit.name, option="name", max_length=MAX_NAME_LENGTH)
    excludes = None if edit.exclude_selectors is None else [s for s in edit.exclude_selectors if s]
    check_overrides(
        body_selector=edit.body_selector or None,
        exclude_selectors=excludes or (),
        views_selector=edit.views_selector or None,
        views_regex=edit.views_regex or None,
        notify=edit.notify or (),
    )
    if edit.interval_seconds is not None:
        check_interval(edit.interval_seconds)
    if edit.cron:
        cron_schedule(edit.cron, utcnow())  # refused before anything is changed
    tags = None if edit.tags is None else check_tags(edit.tags)
    if _schedule_differs(source, edit):
        set_schedule(source, interval_seconds=edit.interval_seconds, cron=edit.cron or None)
    if edit.enabled is not None:
        set_enabled(source, edit.enabled)
    for attr in ("name", "body_selector", "views_selector", "views_regex"):
        value: str | None = getattr(edit, attr)
        if value is not None:
            setattr(source, attr, value or None)
    if excludes is not None:
        source.exclude_selectors = excludes
    if edit.notify is not None:
        replace_recipients(source, edit.notify)
    if tags is not None:
        replace_tags(source, tags)
    for column, value in edit.request.items():
        setattr(source, column, value)


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


def list_sources(session: Session, *, tag: str | None = None) -> Sequence[Source]:
    stmt = select(Source).order_by(Source.id)
    if tag is not None:
        stmt = stmt.where(Source.id.in_(tagged(tag)))
    return session.scalars(stmt).all()


def tagged(tag: str) -> Any:
    """The ids of the sources that carry `tag` (a subquery for `Source.id.in_`)."""
    return select(SourceTag.source_id).where(SourceTag.tag == check_tag(tag))


def set_tags(source: Source, *, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
    """Remove, then add, tags of a source; removing one it does not carry is a usage error."""
    have = {link.tag: link for link in source.tag_links}
    for tag in remove:
        link = have.pop(check_tag(tag), None)
        if link is None:
            raise UsageError(f"{source.url} has no tag {tag!r}")
        source.tag_links.remove(link)
    replace_tags(source, [*have, *add])


def replace_tags(source: Source, tags: Iterable[str]) -> None:
    """Make `tags` the source's tags (checked; at most MAX_TAGS)."""
    wanted = check_tags(tags)
    keep = [link for link in source.tag_links if link.tag in wanted]
    kept = {link.tag for link in keep}
    source.tag_links = keep + [SourceTag(tag=tag) for tag in wanted if tag not in kept]


def tag_counts(session: Session) -> list[tuple[str, int]]:
    """Every tag in use and how many sources carry it, by name."""
    rows = session.execute(
        select(SourceTag.tag, func.count()).group_by(SourceTag.tag).order_by(SourceTag.tag)
    )
    return [(tag, int(count)) for tag, count in rows]


def active_targets(session: Session) -> list[tuple[int, str]]:
    """(id, url) of every source that is not paused, without loading whole sources."""
    rows = session.execute(
        select(Source.id, Source.url).where(Source.enabled.is_(True)).order_by(Source.id)
    )
    return [(source_id, url) for source_id, url in rows]


def rendered_ids(session: Session, source_ids: Iterable[int]) -> set[int]:
    """Which of these sources are rendered in the browser."""
    ids = list(source_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 10_000):  # within every database's parameter limit
        found.update(
            session.scalars(
                select(Source.id).where(
                    Source.id.in_(ids[start : start + 10_000]),
                    Source.render == Render.BROWSER.value,
                )
            )
        )
    return found


def display_name(name: str | None, headline: str | None, url: str) -> str:
    """What people call a source, everywhere it is shown: the name given to it, else the
    headline of its latest version, else its URL (a page never read yet)."""
    return name or " ".join((headline or "").split()) or url


def headlines_of(session: Session, source_ids: Iterable[int]) -> dict[int, str]:
    """The headline of each source's latest version (sources without one are left out)."""
    ids = list(set(source_ids))
    if not ids:
        return {}
    latest = (
        select(Version.source_id, func.max(Version.seq).label("seq"))
        .where(Version.source_id.in_(ids))
        .group_by(Version.source_id)
        .subquery()
    )
    rows = session.execute(
        select(Version.source_id, Version.title).join(
            latest, (Version.source_id == latest.c.source_id) & (Version.seq == latest.c.seq)
        )
    )
    return {source_id: title for source_id, title in rows if title and title.strip()}


def labels_of(session: Session, source_ids: Iterable[int]) -> dict[int, str]:
    """What people call each source (display_name), by id."""
    ids = list(set(source_ids))
    if not ids:
        return {}
    titles = headlines_of(session, ids)
    rows = session.execute(select(Source.id, Source.name, Source.url).where(Source.id.in_(ids)))
    return {i: display_name(name, titles.get(i), url) for i, name, url in rows}


def label_of(session: Session, source: Source) -> str:
    """What people call `source` (display_name)."""
    return display_name(source.name, headlines_of(session, [source.id]).get(source.id), source.url)


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
    tag: str | None = None,
) -> list[dict[str, Any]]:
    """Change records (public shape), oldest first; `before_id` pages back from a record.

    `significance`: only changes that carry at least one of these classes; `tag`: only
    changes of the sources that carry this tag.
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
    if tag is not None:
        stmt = stmt.where(ChangeRecord.source_id.in_(tagged(tag)))
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
    labels = labels_of(session, {src.id for _, src, _, _ in rows})
    return [
        change_json(rec, src, seq, prev, label=labels.get(src.id)) for rec, src, seq, prev in rows
    ]


def change_json(
    record: ChangeRecord,
    source: Source,
    version: int | None,
    previous: int | None,
    *,
    label: str | None = None,
) -> dict[str, Any]:
    """A change record in its public shape; `source` is what people call the page (its
    display_name: pass `label`), `url` its address."""
    return {
        "id": record.id,
        "url": source.url,
        "source": label or display_name(source.name, None, source.url),
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


def source_json(source: Source, *, headline: str | None = None) -> dict[str, Any]:
    """A source in its public shape (`tracker list --json` and the API).

    `every` is what the source follows: its cron expression, or its interval as a duration.
    `label` is what people call it (display_name, with the latest version's `headline`;
    sources_json looks those up).
    """

    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": source.id,
        "url": source.url,
        "name": source.name,
        "label": display_name(source.name, headline, source.url),
        "headline": headline,
        "tags": source.tags,
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
        **request_json(source),
    }


def sources_json(session: Session, sources: Sequence[Source]) -> list[dict[str, Any]]:
    """source_json of each source, with its headline."""
    titles = headlines_of(session, [s.id for s in sources])
    return [source_json(s, headline=titles.get(s.id)) for s in sources]


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
    label: str = ""
    tags: tuple[str, ...] = ()
    # Every change of the check that made the last change, summed up.
    last_check: CheckGist | None = None


@dataclass(frozen=True)
class CheckGist:
    """One line for the changes of one check: its most telling change and how many more.

    `past`: the line is about a failure the page has recovered from since."""

    lead: str
    more: int
    kinds: tuple[str, ...]
    summaries: tuple[str, ...]
    past: bool = False


_PROMINENCE = {str(kind): rank for rank, kind in enumerate(KIND_PROMINENCE)}


def _prominence(record: ChangeRecord) -> tuple[int, int, int]:
    rank = _PROMINENCE.get(record.kind, len(_PROMINENCE))
    return rank, -significance_weight(record.detail or {}), record.id


def check_gist(records: Sequence[ChangeRecord], *, failing: bool) -> CheckGist | None:
    """The changes one check made, most telling first (KIND_PROMINENCE, then the weight of an
    edit's significance): "Headline changed ... + 3 more". View counts count only when the
    check changed nothing else. A health flag of a page that is no longer failing is past."""
    if not records:
        return None
    shown = [r for r in records if r.kind != ChangeKind.VIEWS_CHANGED] or list(records)
    ordered = sorted(shown, key=_prominence)
    lead = ordered[0]
    past = lead.kind in HEALTH_KINDS and not failing and not (lead.detail or {}).get("recovered")
    return CheckGist(
        lead=f"Recovered after: {lead.summary}" if past else lead.summary,
        more=len(ordered) - 1,
        kinds=tuple(dict.fromkeys(r.kind for r in ordered)),
        summaries=tuple(r.summary for r in ordered),
        past=past,
    )


def _last_checks(session: Session, last: dict[int, ChangeRecord]) -> dict[int, list[ChangeRecord]]:
    """The changes of the check that made each source's last change (a check's changes share
    its end as their time; the check's row itself may be pruned already)."""
    if not last:
        return {}
    wanted = {(rec.source_id, rec.detected_at) for rec in last.values()}
    found: dict[int, list[ChangeRecord]] = {}
    rows = session.scalars(
        select(ChangeRecord)
        .where(ChangeRecord.source_id.in_(list(last)))
        .where(ChangeRecord.detected_at.in_({when for _, when in wanted}))
        .order_by(ChangeRecord.id)
    )
    for rec in rows:
        if (rec.source_id, rec.detected_at) in wanted:
            found.setdefault(rec.source_id, []).append(rec)
    return found


def source_overviews(
    session: Session,
    *,
    now: dt.datetime | None = None,
    status: str | None = None,
    search: str | None = None,
    tag: str | None = None,
) -> list[SourceOverview]:
    """Every source (optionally one status, one tag, or matching `search` in name/URL) with
    activity."""
    now = now or utcnow()
    day, week = now - dt.timedelta(days=1), now - dt.timedelta(days=7)
    stmt = select(Source).order_by(Source.id)
    if tag is not None:
        stmt = stmt.where(Source.id.in_(tagged(tag)))
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
    of_check = _last_checks(session, last)
    labels = labels_of(session, ids)
    tags: dict[int, list[str]] = {}
    for source_id, name in session.execute(
        select(SourceTag.source_id, SourceTag.tag)
        .where(SourceTag.source_id.in_(ids))
        .order_by(SourceTag.tag)
    ):
        tags.setdefault(source_id, []).append(name)
    return [
        SourceOverview(
            source=s,
            status=source_status(s),
            changes_24h=counts.get(s.id, (0, 0))[0],
            changes_7d=counts.get(s.id, (0, 0))[1],
            last_change_at=last[s.id].detected_at if s.id in last else None,
            last_change_summary=last[s.id].summary if s.id in last else None,
            views=series.get(s.id, []),
            last_check=check_gist(of_check.get(s.id, []), failing=s.status in FAILING_STATUSES),
            label=labels.get(s.id, s.url),
            tags=tuple(tags.get(s.id, ())),
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


# --------------------------------------------------------------------------------------------
# Definitions: what a source is, as `tracker export` writes it and `tracker import` reads it.
#
# Every column is the source's definition except these, which say what happened to it (its
# checks, health, leases and conditional-GET validators): so a setting added later is
# exported and imported without a change here.
_SOURCE_STATE = frozenset(
    {
        "id",
        "etag",
        "last_modified",
        "body_hash",
        "next_check_at",
        "lease_owner",
        "lease_until",
        "status",
        "consecutive_failures",
        "last_checked_at",
        "last_changed_at",
        "created_at",
    }
)
# A subscription is its channel, its address (an email, or the webhook or Apprise URL that
# `target` holds and `email` digests) and its rules; its id and creation are not.
_SUBSCRIPTION_STATE = frozenset({"id", "source_id", "created_at", "email", "target", "channel"})


_Model = type[Source] | type[Subscription]


def _definition_columns(model: _Model, state: frozenset[str]) -> list[str]:
    return [attr.key for attr in model.__mapper__.column_attrs if attr.key not in state]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


def subscription_definition(sub: Subscription) -> dict[str, Any]:
    """A subscription's channel, address and rules (its secret included: an export of
    webhooks and Apprise URLs is a file of credentials)."""
    channel = sub.channel or Channel.EMAIL.value
    address = sub.email if channel == Channel.EMAIL else sub.target
    definition: dict[str, Any] = {"channel": channel, "address": address}
    for key in _definition_columns(Subscription, _SUBSCRIPTION_STATE):
        definition[key] = _plain(getattr(sub, key))
    return definition


def source_definition(source: Source, *, secrets: bool = True) -> dict[str, Any]:
    """Everything that defines a source, as plain JSON values: its URL, name, schedule,
    extraction overrides, request options, whether it is paused, its tags and its
    subscriptions. What `tracker export` writes, and `define_source` reads back.

    `secrets` False: header values and a proxy's credentials masked, as everywhere they are
    shown (a file made so cannot give them back: `define_source` refuses masked values)."""
    definition = {
        key: _plain(getattr(source, key)) for key in _definition_columns(Source, _SOURCE_STATE)
    }
    if not secrets:
        headers = stored_headers(source.request_headers)
        if headers:
            definition["request_headers"] = [[name, MASK] for name, _ in headers]
        definition["proxy"] = masked_proxy(source.proxy)
    definition["tags"] = source.tags
    definition["subscriptions"] = [
        subscription_definition(sub) for sub in sorted(source.subscriptions, key=_sub_order)
    ]
    return definition


def _sub_order(sub: Subscription) -> tuple[str, str]:
    return (sub.channel or Channel.EMAIL.value, sub.email)


def definition_keys() -> tuple[frozenset[str], frozenset[str]]:
    """The keys a source's and a subscription's definitions may have."""
    source = frozenset(_definition_columns(Source, _SOURCE_STATE)) | {"tags", "subscriptions"}
    sub = frozenset(_definition_columns(Subscription, _SUBSCRIPTION_STATE))
    return source, sub | {"channel", "address"}


def check_definition_value(model: _Model, key: str, value: Any) -> None:
    """A UsageError when `value` cannot be a `key` column of `model` (from a file: JSON's
    types, checked before anything is written)."""
    column = model.__mapper__.columns[key]
    if value is None:
        if column.nullable:
            return
        raise UsageError(f"{key}: a value is needed")
    try:
        expected: type = column.type.python_type
    except NotImplementedError:
        return
    if expected is dict:  # JSON columns hold lists or objects
        expected = list if isinstance(value, list) else dict
    fits = isinstance(value, expected) and (expected is bool or not isinstance(value, bool))
    if expected is float:
        fits = isinstance(value, int | float) and not isinstance(value, bool)
    if not fits:
        words = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}
        raise UsageError(f"{key}: expected {words.get(expected, 'a list')}, not {value!r:.40}")


def _request_definition(given: Mapping[str, Any]) -> dict[str, Any]:
    """The checked request option columns of a definition (those it has)."""
    lines: list[str] | None = None
    if "request_headers" in given:
        pairs = given["request_headers"] or []
        if not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in pairs
        ):
            raise UsageError("request_headers: expected a list of [name, value] pairs")
        if any(value == MASK for _, value in pairs):
            raise UsageError(
                "request_headers: the values are masked (export with --with-secrets to move them)"
            )
        lines = [f"{name}: {value}" for name, value in pairs]
    proxy = given.get("proxy")
    if isinstance(proxy, str) and f"{MASK}@" in proxy:
        raise UsageError("proxy: its credentials are masked (export with --with-secrets)")

    def text(key: str) -> str | None:
        return (given[key] or "") if key in given else None

    return request_columns(
        render=(given["render"] or Render.PLAIN.value) if "render" in given else None,
        wait_for=text("wait_for"),
        headers=lines,
        user_agent=text("user_agent"),
        proxy=text("proxy"),
    )


def define_source(
    session: Session,
    definition: Mapping[str, Any],
    *,
    default_interval: int,
    update: bool,
) -> tuple[Source, str]:
    """Add the source a definition describes, or (with `update`) make the watched source of
    that URL what it says: the keys it has replace what is stored, the others stay. Returns
    the source and "added", "updated" or "skipped" (watched already, not updated).
    Subscriptions are the caller's (they are checked by the alert channels)."""
    fields = {k: v for k, v in definition.items() if k not in ("tags", "subscriptions")}
    for key, value in fields.items():
        check_definition_value(Source, key, value)
    # The request options are held to the rules `add` and `edit` hold them to.
    request = _request_definition({k: fields.pop(k) for k in REQUEST_COLUMNS if k in fields})
    url = fields.pop("url", None)
    if not isinstance(url, str):
        raise UsageError("url: a URL is needed")
    existing = lookup_source(session, url)
    if existing is not None and not update:
        return existing, "skipped"
    name = fields.pop("name", existing.name if existing else None)
    if name is not None:
        check_text(name, option="name", max_length=MAX_NAME_LENGTH)
    cron = fields.pop("cron", existing.cron if existing else None)
    interval = fields.pop("interval_seconds", None)
    if existing is None:
        source, _ = add_source(
            session,
            NewSource(
                url=url,
                name=name,
                interval_seconds=interval if interval is not None else default_interval,
                cron=cron,
                body_selector=fields.pop("body_selector", None),
                exclude_selectors=tuple(fields.pop("exclude_selectors", None) or ()),
                views_selector=fields.pop("views_selector", None),
                views_regex=fields.pop("views_regex", None),
            ),
        )
        outcome = "added"
    else:
        source, outcome = existing, "updated"
        check_overrides(
            body_selector=fields.get("body_selector"),
            exclude_selectors=fields.get("exclude_selectors") or (),
            views_selector=fields.get("views_selector"),
            views_regex=fields.get("views_regex"),
        )
        source.name = name
        if cron:
            set_schedule(source, cron=cron)
        else:
            set_schedule(source, interval_seconds=interval or source.interval_seconds)
    if cron and interval is not None:
        # A cron source's interval is its period as worked out when it was set: the one in
        # the file, not today's (a weekday cron's gap depends on the day it is asked).
        source.interval_seconds = check_interval(interval)
    enabled = fields.pop("enabled", None)
    if enabled is not None:
        set_enabled(source, enabled)
    for key, value in fields.items():
        setattr(source, key, _plain(value))
    for key, value in request.items():
        setattr(source, key, value)
    if "tags" in definition:
        given = definition["tags"]
        if not isinstance(given, list) or not all(isinstance(t, str) for t in given):
            raise UsageError("tags: expected a list of tags")
        replace_tags(source, given)
    session.flush()
    return source, outcome
