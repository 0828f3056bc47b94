"""The outlets' side of the service: poll the outlets that are due, and apply the revisit
policy to the articles they led to.

Outlets are claimed with a lease like sources (tracker/jobs/claim.py), so any number of workers can
share them; the revisit round is idempotent (it sets each article's next check from its
history), so running it in several workers at once only repeats the same writes.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
from sqlalchemy import or_, select, update

from tracker.jobs.claim import write_transaction
from tracker.config import Settings
from tracker.db import Database
from tracker.models import Outlet, utcnow
from tracker.outlets.poll import PollReport, poll_outlet
from tracker.outlets.store import RevisitReport, revisit


def claim_outlets(
    db: Database,
    owner: str,
    limit: int,
    lease: dt.timedelta,
    *,
    now: dt.datetime | None = None,
) -> list[tuple[int, str]]:
    """Lease up to `limit` due outlets to `owner`: (id, url), the longest overdue first."""
    now = now or utcnow()
    with write_transaction(db) as connection:
        stmt = (
            select(Outlet.id, Outlet.url)
            .where(
                Outlet.enabled.is_(True),
                or_(Outlet.next_poll_at.is_(None), Outlet.next_poll_at <= now),
                or_(Outlet.lease_until.is_(None), Outlet.lease_until < now),
            )
            .order_by(Outlet.next_poll_at.asc().nulls_first(), Outlet.id)
            .limit(limit)
        )
        if connection.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = [(int(r[0]), str(r[1])) for r in connection.execute(stmt).all()]
        if rows:
            connection.execute(
                update(Outlet)
                .where(Outlet.id.in_([r[0] for r in rows]))
                .values(lease_owner=owner, lease_until=now + lease)
            )
    return rows


def release_outlets(db: Database, owner: str) -> int:
    """Give up `owner`'s outlet leases (a stopping worker), so others poll them at once."""
    with write_transaction(db) as connection:
        return connection.execute(
            update(Outlet)
            .where(Outlet.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        ).rowcount


def revisit_round(db: Database, now: dt.datetime | None = None) -> RevisitReport:
    with db.session() as session:
        return revisit(session, now=now)


async def poll_due(
    db: Database,
    client: httpx.AsyncClient,
    settings: Settings,
    owner: str,
    *,
    limit: int = 8,
    lease: dt.timedelta | None = None,
) -> list[PollReport]:
    """Claim the due outlets and poll them one after another (an outlet is one request, or a
    few for a sitemap index: polls are rare next to the checks of their articles)."""
    lease = lease or dt.timedelta(seconds=settings.lease_seconds)
    claims = await asyncio.to_thread(claim_outlets, db, owner, limit, lease)
    reports = []
    for outlet_id, _url in claims:
        reports.append(await poll_outlet(db, outlet_id, client, settings, lease_owner=owner))
    return reports
