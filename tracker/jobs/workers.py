"""The service's processes as the database knows them: each `tracker run` or `tracker worker`
says when it starts, that it is alive (every HEARTBEAT_SECONDS) and when it stops, so that
`tracker status`, from any machine, can say whether a service is running."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from tracker.db import Database
from tracker.models import Worker, utcnow

HEARTBEAT_SECONDS = 30.0
# A worker not heard from for this long is taken for gone (killed, or its machine down).
ALIVE_WITHIN = dt.timedelta(seconds=3 * HEARTBEAT_SECONDS)
# How long a stopped or vanished worker is remembered ("last seen 3 days ago").
REMEMBERED = dt.timedelta(days=30)


def worker_started(db: Database, owner: str, *, housekeeping: bool) -> None:
    now = utcnow()
    with db.session() as session:
        session.execute(
            delete(Worker).where(or_(Worker.seen_at < now - REMEMBERED, Worker.owner == owner))
        )
        session.add(Worker(owner=owner, housekeeping=housekeeping, started_at=now, seen_at=now))


def worker_seen(db: Database, owner: str, *, housekeeping: bool) -> None:
    """The heartbeat; a row lost meanwhile (pruned by hand, a restored database) comes back."""
    now = utcnow()
    with db.session() as session:
        done = session.execute(
            update(Worker).where(Worker.owner == owner).values(seen_at=now, stopped_at=None)
        )
        if not getattr(done, "rowcount", 1):
            session.add(Worker(owner=owner, housekeeping=housekeeping, started_at=now, seen_at=now))


def worker_stopped(db: Database, owner: str) -> None:
    now = utcnow()
    with db.session() as session:
        session.execute(
            update(Worker).where(Worker.owner == owner).values(seen_at=now, stopped_at=now)
        )


def workers_status(session: Session, now: dt.datetime) -> dict[str, Any]:
    """The workers running now (heard from within ALIVE_WITHIN, not stopped) and when any
    worker was last heard from."""
    rows = session.scalars(select(Worker).order_by(Worker.started_at, Worker.id)).all()
    running = [
        {
            "owner": w.owner,
            "housekeeping": w.housekeeping,
            "started_at": w.started_at.isoformat(),
            "seen_at": w.seen_at.isoformat(),
        }
        for w in rows
        if w.stopped_at is None and now - w.seen_at <= ALIVE_WITHIN
    ]
    last = max((w.seen_at for w in rows), default=None)
    return {"running": running, "last_seen_at": last.isoformat() if last else None}
