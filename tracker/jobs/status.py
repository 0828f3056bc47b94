"""What the service is doing, from the database alone: `tracker status`.

Every figure comes from the sources table and the checks audit log, so it reads the same
whichever machine asks and however many workers are running.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.jobs.workers import workers_status
from tracker.models import Check, Outlet, OutletArticle, Source, utcnow
from tracker.vocabulary import FAILING_STATUSES, OutletArticleState, OutletStatus


def service_status(session: Session, *, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    hour_ago = now - dt.timedelta(hours=1)
    leased = Source.lease_until.is_not(None) & (Source.lease_until >= now)
    due = (
        Source.enabled.is_(True)
        & or_(Source.next_check_at.is_(None), Source.next_check_at <= now)
        & ~leased
    )

    def count(*where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(Source).where(*where)) or 0)

    by_status = dict(
        session.execute(
            select(Source.status, func.count())
            .where(Source.enabled.is_(True))
            .group_by(Source.status)
        ).all()
    )
    checks_hour = int(
        session.scalar(select(func.count()).select_from(Check).where(Check.started_at >= hour_ago))
        or 0
    )
    outcomes = dict(
        session.execute(
            select(Check.outcome, func.count())
            .where(Check.started_at >= hour_ago)
            .group_by(Check.outcome)
        ).all()
    )
    last_check = session.scalar(select(func.max(Check.finished_at)))
    next_check = session.scalar(
        select(func.min(Source.next_check_at)).where(Source.enabled.is_(True), ~leased)
    )
    workers = sorted(
        owner
        for owner in session.scalars(select(Source.lease_owner).where(leased).distinct())
        if owner
    )
    return {
        "sources": count(),
        "enabled": count(Source.enabled.is_(True)),
        "paused": count(Source.enabled.is_(False)),
        "due": count(due),
        "leased": count(leased),
        "failing": count(Source.enabled.is_(True), Source.status.in_(FAILING_STATUSES)),
        "by_status": {str(k): int(v) for k, v in by_status.items()},
        "last_check_at": _iso(last_check),
        "next_check_at": _iso(next_check),
        "checks_last_hour": checks_hour,
        "checks_per_minute": round(checks_hour / 60, 2),
        "outcomes_last_hour": {str(k): int(v) for k, v in outcomes.items()},
        "active_workers": workers,
        "outlets": outlet_status(session, now),
        # The workers heard from lately (a service is running when there is one).
        "service": workers_status(session, now),
        "now": now.isoformat(),
    }


def outlet_status(session: Session, now: dt.datetime) -> dict[str, Any]:
    """The outlets' polls: how many are followed, due, flagged or failing, and the last poll."""

    def count(*where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(Outlet).where(*where)) or 0)

    last = session.execute(
        select(Outlet.url, Outlet.last_polled_at, Outlet.last_outcome, Outlet.last_message)
        .where(Outlet.last_polled_at.is_not(None))
        .order_by(Outlet.last_polled_at.desc())
        .limit(1)
    ).first()
    tracked = session.scalar(
        select(func.count()).select_from(OutletArticle).where(OutletArticle.state == OutletArticleState.TRACKED)
    )
    return {
        "outlets": count(),
        "enabled": count(Outlet.enabled.is_(True)),
        "due": count(
            Outlet.enabled.is_(True),
            or_(Outlet.next_poll_at.is_(None), Outlet.next_poll_at <= now),
        ),
        "flagged": count(Outlet.status == OutletStatus.FLAGGED),
        "failing": count(Outlet.status == OutletStatus.FAILING),
        "tracked_articles": int(tracked or 0),
        "last_poll": None
        if last is None
        else {
            "url": last[0],
            "at": _iso(last[1]),
            "outcome": last[2],
            "message": last[3],
        },
    }


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite aggregates come back untyped
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return str(value.astimezone(dt.UTC).isoformat())
