"""The database is the queue: due sources are claimed with a lease, checked, and released.

A claim marks sources with the worker's name (`lease_owner`) and a deadline (`lease_until`)
in one short transaction. On PostgreSQL the candidate rows are locked with
`FOR UPDATE SKIP LOCKED`, so several workers claiming at the same moment each get different
sources and never wait for one another. On SQLite the transaction starts with
`BEGIN IMMEDIATE`, which takes the database's write lock before the SELECT: two processes on
one SQLite file claim one after the other instead of both reading the same due rows.

A source stays leased until its check is recorded (the pipeline clears the lease in the same
transaction) or until the lease runs out: a worker that died leaves leases behind, and they
are claimed again once `lease_until` has passed. Nothing is lost by a crash, since each
check's writes are one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Select, bindparam, or_, select, update

from tracker.db import Database
from tracker.models import Source, utcnow
from tracker.schedule import period
from tracker.vocabulary import Render


@dataclass(frozen=True)
class Claim:
    source_id: int
    url: str
    lease_until: dt.datetime
    browser: bool = False  # rendered in the browser: waits for a page, not a request slot


@contextmanager
def write_transaction(db: Database) -> Iterator[Connection]:
    """A transaction that holds the write lock from its first statement on SQLite.

    pysqlite opens its transactions lazily and as DEFERRED, so a SELECT followed by an UPDATE
    could interleave with another process doing the same. Issuing BEGIN IMMEDIATE ourselves
    (the driver then sees a transaction in progress and adds no BEGIN of its own) makes the
    claim atomic; busy_timeout makes a second claimer wait for the first instead of failing.
    """
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()


def _due(now: dt.datetime) -> list[ColumnElement[bool]]:
    return [
        Source.enabled.is_(True),
        or_(Source.next_check_at.is_(None), Source.next_check_at <= now),
        or_(Source.lease_until.is_(None), Source.lease_until < now),
    ]


def claim_reads(now: dt.datetime) -> tuple[Select[int, str, str | None], ...]:
    """The claim's reads, in order: the never-checked sources, then the due ones."""
    free = or_(Source.lease_until.is_(None), Source.lease_until < now)
    return (
        select(Source.id, Source.url, Source.render)
        .where(Source.enabled.is_(True), Source.next_check_at.is_(None), free)
        .order_by(Source.id),
        select(Source.id, Source.url, Source.render)
        .where(Source.enabled.is_(True), Source.next_check_at <= now, free)
        .order_by(Source.next_check_at, Source.id),
    )


def claim_due(
    db: Database,
    owner: str,
    limit: int,
    lease: dt.timedelta,
    *,
    now: dt.datetime | None = None,
) -> list[Claim]:
    """Lease up to `limit` due sources to `owner`: never-checked ones first, then the longest
    overdue.

    Two reads, each a range of the index in the claim's order (ix_sources_due) that stops at
    the batch's size: one `next_check_at IS NULL OR next_check_at <= now` read would make
    the database sort every due source for each claim, a quarter of a second at 1,000,000
    sources.
    """
    if limit <= 0:
        return []
    now = now or utcnow()
    until = now + lease
    with write_transaction(db) as connection:
        rows: list[tuple[int, str, str | None]] = []
        for read in claim_reads(now):
            stmt = read.limit(limit - len(rows))
            if connection.dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            rows += [(row[0], row[1], row[2]) for row in connection.execute(stmt)]
            if len(rows) >= limit:
                break
        if not rows:
            return []
        ids = [row[0] for row in rows]
        connection.execute(
            update(Source).where(Source.id.in_(ids)).values(lease_owner=owner, lease_until=until)
        )
    return [Claim(row[0], row[1], until, row[2] == Render.BROWSER) for row in rows]


def release(db: Database, owner: str, source_ids: Sequence[int] | None = None) -> int:
    """Give up `owner`'s leases (all of them, or those of `source_ids`); returns how many."""
    with write_transaction(db) as connection:
        stmt = (
            update(Source)
            .where(Source.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )
        if source_ids is not None:
            stmt = stmt.where(Source.id.in_(list(source_ids)))
        return connection.execute(stmt).rowcount


def spread_due(
    db: Database,
    window: float,
    *,
    now: dt.datetime | None = None,
    overdue_by: float = 0.0,
    rate: float | None = None,
) -> int:
    """Spread the first checks and the checks that piled up while no service ran.

    Every due, unleased source that was never checked or is overdue by more than `overdue_by`
    seconds gets a next check at a uniformly random moment within `window` seconds (never
    later than one of its own periods), so a restart does not fire hundreds of checks in the
    same second. With `rate` (checks per second the worker can start), a handful of sources
    is spread over a correspondingly short time instead of the whole window. Returns how many
    sources were moved.
    """
    if window <= 0:
        return 0
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=overdue_by)
    with write_transaction(db) as connection:
        stmt = select(Source.id, Source.interval_seconds, Source.cron).where(*_due(cutoff))
        if connection.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = connection.execute(stmt).all()
        if not rows:
            return 0
        if rate:
            window = min(window, max(1.0, len(rows) / rate))
        params = []
        for source_id, interval, cron in rows:
            span = min(window, period(interval, cron, now).total_seconds())
            when = now + dt.timedelta(seconds=random.uniform(0, span))
            params.append({"b_id": source_id, "b_next": when})
        connection.execute(
            update(Source.__table__)  # type: ignore[arg-type]
            .where(Source.__table__.c.id == bindparam("b_id"))
            .values(next_check_at=bindparam("b_next")),
            params,
        )
    return len(rows)
