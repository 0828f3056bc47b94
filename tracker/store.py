"""Reading and editing what is stored: sources, versions, changes. Shared by the CLI and the web.

Change records leave here in one public shape (change_json), the same for `tracker changes
--json`, the report and the API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from tracker.errors import ConfigError, UsageError
from tracker.fetch import validate_url
from tracker.models import ChangeRecord, Source, Subscription, Version, utcnow


@dataclass(frozen=True)
class NewSource:
    url: str
    name: str | None = None
    interval_seconds: int = 3600
    body_selector: str | None = None
    exclude_selectors: tuple[str, ...] = ()
    views_selector: str | None = None
    views_regex: str | None = None
    notify: tuple[str, ...] = ()


def add_source(session: Session, new: NewSource) -> tuple[Source, bool]:
    """Add a source (or return the existing one with that URL); True when it was created."""
    url = validate_url(new.url)
    existing = find_source(session, url, required=False)
    if existing is not None:
        return existing, False
    source = Source(
        url=url,
        name=new.name,
        interval_seconds=new.interval_seconds,
        body_selector=new.body_selector,
        exclude_selectors=list(new.exclude_selectors),
        views_selector=new.views_selector,
        views_regex=new.views_regex,
        enabled=True,
        status="new",
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


def find_source(session: Session, url_or_id: str, *, required: bool = True) -> Source | None:
    """A source by its URL (as given or normalised), its numeric id or its exact name."""
    candidates = [url_or_id]
    with contextlib.suppress(ConfigError):  # not a URL: maybe an id or a name
        candidates.append(validate_url(url_or_id))
    source = session.scalars(select(Source).where(Source.url.in_(candidates))).first()
    if source is None and url_or_id.isdigit():
        source = session.get(Source, int(url_or_id))
    if source is None:
        source = session.scalars(select(Source).where(Source.name == url_or_id)).first()
    if source is None and required:
        raise UsageError(f"no source {url_or_id!r}: see `tracker list`")
    return source


def list_sources(session: Session) -> Sequence[Source]:
    return session.scalars(select(Source).order_by(Source.id)).all()


def versions_of(session: Session, source: Source) -> Sequence[Version]:
    return session.scalars(
        select(Version).where(Version.source_id == source.id).order_by(Version.seq)
    ).all()


def version_by_seq(session: Session, source: Source, seq: int) -> Version:
    version = session.scalars(
        select(Version).where(Version.source_id == source.id, Version.seq == seq)
    ).first()
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
) -> list[dict[str, Any]]:
    """Change records (public shape), oldest first."""
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
