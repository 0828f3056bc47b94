"""Prometheus metrics read from the database at scrape time.

The checks are made by `tracker run` workers (maybe several processes, maybe on other
machines), so in-process counters would see only this process. The database holds the truth:
the checks table is the audit log, the sources table is the queue.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tracker.db import Database
from tracker.models import Alert, ChangeRecord, Check, Source, utcnow
from tracker.vocabulary import PAUSED, AlertStatus

DURATION_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def alerts_pending(session: Session) -> int:
    """Alerts in the outbox not yet delivered nor given up."""
    stmt = select(func.count()).select_from(Alert).where(Alert.status == AlertStatus.PENDING)
    return int(session.scalar(stmt) or 0)


class DatabaseCollector(Collector):
    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[Metric]:
        with self.db.session() as session:
            yield from self._checks(session)
            yield from self._sources(session)
            changes = CounterMetricFamily(
                "tracker_changes", "Changes flagged, by kind.", labels=["kind"]
            )
            for kind, count in session.execute(
                select(ChangeRecord.kind, func.count()).group_by(ChangeRecord.kind)
            ).all():
                changes.add_metric([kind], count)
            yield changes
        with self.db.session() as session:  # its own transaction: a failure must not leak
            pending = GaugeMetricFamily(
                "tracker_alerts_pending", "Alerts waiting in the outbox to be delivered."
            )
            pending.add_metric([], alerts_pending(session))
            yield pending

    def _checks(self, session: Session) -> Iterator[Metric]:
        outcomes = CounterMetricFamily(
            "tracker_checks", "Checks made, by outcome.", labels=["outcome"]
        )
        for outcome, count in session.execute(
            select(Check.outcome, func.count()).group_by(Check.outcome)
        ).all():
            outcomes.add_metric([outcome], count)
        yield outcomes

        columns = [
            func.sum(case((Check.duration <= bound, 1), else_=0)) for bound in DURATION_BUCKETS
        ]
        row = session.execute(
            select(func.count(Check.duration), func.sum(Check.duration), *columns)
        ).one()
        total, seconds = int(row[0] or 0), float(row[1] or 0.0)
        buckets = [
            (str(bound), int(value or 0))
            for bound, value in zip(DURATION_BUCKETS, row[2:], strict=True)
        ]
        histogram = HistogramMetricFamily(
            "tracker_check_duration_seconds", "Time one check took (fetch and retries)."
        )
        histogram.add_metric([], [*buckets, ("+Inf", total)], seconds)
        yield histogram

    def _sources(self, session: Session) -> Iterator[Metric]:
        now = utcnow()
        due = session.scalar(
            select(func.count())
            .select_from(Source)
            .where(Source.enabled.is_(True))
            .where((Source.next_check_at.is_(None)) | (Source.next_check_at <= now))
        )
        queue = GaugeMetricFamily("tracker_queue_depth", "Sources due for a check now.")
        queue.add_metric([], int(due or 0))
        yield queue
        by_status: dict[str, int] = {}
        for status, enabled, count in session.execute(
            select(Source.status, Source.enabled, func.count()).group_by(
                Source.status, Source.enabled
            )
        ).all():
            shown = status if enabled else PAUSED
            by_status[shown] = by_status.get(shown, 0) + count
        sources = GaugeMetricFamily(
            "tracker_sources", "Watched sources, by status.", labels=["status"]
        )
        for status, count in sorted(by_status.items()):
            sources.add_metric([status], count)
        yield sources


def registry_for(db: Database) -> CollectorRegistry:
    """A registry of its own per application (tests build many apps in one process)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(db))
    return registry
