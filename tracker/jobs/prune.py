"""Housekeeping: keep the audit log and the stored raw HTML within their retention periods.

Checks older than `retention_days` are deleted (changes and view counts keep their own rows;
their link to the check becomes NULL). The raw HTML of versions older than
`raw_html_retention_days` is dropped, except for each source's latest version, whose HTML is
what a re-extraction would start from. Versions, changes and view counts are never pruned:
they are the history people read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from tracker.config import Settings
from tracker.db import Database
from tracker.models import Check, Version, utcnow


@dataclass(frozen=True)
class Pruned:
    checks: int
    raw_html: int


# Checks deleted per transaction. A large queue writes millions of check rows a day (1,000,000
# sources on a 5-minute schedule: 288 million), and one DELETE of a day of them would hold
# its locks and its WAL for as long as it takes; batches keep each transaction short.
PRUNE_BATCH = 10_000


def prune(db: Database, settings: Settings, *, now: dt.datetime | None = None) -> Pruned:
    now = now or utcnow()
    checks = raw_html = 0
    if settings.retention_days > 0:
        cutoff = now - dt.timedelta(days=settings.retention_days)
        while True:
            with db.session() as session:
                batch = (
                    select(Check.id).where(Check.started_at < cutoff).limit(PRUNE_BATCH)
                ).scalar_subquery()
                deleted: int = session.execute(delete(Check).where(Check.id.in_(batch))).rowcount  # type: ignore[attr-defined]
            checks += deleted
            if deleted < PRUNE_BATCH:
                break
    with db.session() as session:
        if settings.raw_html_retention_days > 0:
            cutoff = now - dt.timedelta(days=settings.raw_html_retention_days)
            latest = select(func.max(Version.id)).group_by(Version.source_id)
            raw_html = session.execute(
                update(Version)
                .where(
                    Version.raw_html.is_not(None),
                    Version.fetched_at < cutoff,
                    Version.id.not_in(latest),
                )
                .values(raw_html=None)
                .execution_options(synchronize_session=False)
            ).rowcount  # type: ignore[attr-defined]
    return Pruned(checks, raw_html)
