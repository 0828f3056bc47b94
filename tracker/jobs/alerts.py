"""Deliver the alert outbox: claim due alerts, send each email, mark it sent or retry later."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from tracker.alerts.outbox import DEAD, Delivery, claim, mark_failed, mark_sent, message_id
from tracker.alerts.render import Section, build_message, source_label
from tracker.alerts.smtp import send
from tracker.config import Settings
from tracker.db import Database
from tracker.errors import DeliveryError
from tracker.models import Alert, Source, utcnow
from tracker.store import latest_version, query_changes


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:alerts"


def _sections(db: Database, settings: Settings, delivery: Delivery) -> list[Section]:
    """The changes an email reports, per source, in the public change-record shape."""
    with db.session() as session:
        alerts = session.scalars(select(Alert).where(Alert.id.in_(delivery.alert_ids))).all()
        records = query_changes(session, ids=[cid for a in alerts for cid in a.change_ids])
        sections: dict[int, Section] = {}
        for record in records:
            section = sections.get(record["source_id"])
            if section is None:
                source = session.get(Source, record["source_id"])
                assert source is not None
                latest = latest_version(session, source.id)
                site = (latest.meta or {}).get("site_name") if latest else None
                link = (
                    f"{settings.base_url.rstrip('/')}/sources/{source.id}"
                    if settings.base_url
                    else None
                )
                section = sections[source.id] = Section(
                    source_label(source.name, site, source.url), source.url, link
                )
            section.changes.append(record)
        return list(sections.values())


def deliver_alerts(db: Database, settings: Settings, *, owner: str | None = None) -> DeliveryReport:
    """One pass over the outbox. Safe to run in several processes at once."""
    owner = owner or default_owner()
    report = DeliveryReport()
    with db.session() as session:
        deliveries: Sequence[Delivery] = claim(
            session, owner, now=utcnow(), lease_seconds=settings.alert_lease_seconds
        )
    for delivery in deliveries:
        digest = {"hourly": "Hourly digest", "daily": "Daily digest"}.get(delivery.mode)
        msg_id = message_id(delivery.key)
        try:
            sections = _sections(db, settings, delivery)
            message = build_message(
                sections,
                sender=settings.alert_from,
                recipient=delivery.recipient,
                msg_id=msg_id,
                digest=digest,
                templates_dir=settings.alert_templates_dir,
            )
            send(settings, message)
        except DeliveryError as exc:
            with db.session() as session:
                status = mark_failed(
                    session,
                    delivery,
                    str(exc),
                    now=utcnow(),
                    max_attempts=settings.alert_max_attempts,
                    retry_base=settings.alert_retry_base,
                    retry_max=settings.alert_retry_max,
                )
            report.errors.append(f"{delivery.recipient}: {exc}")
            if status == DEAD:
                report.dead += 1
            else:
                report.retrying += 1
            continue
        with db.session() as session:
            mark_sent(session, delivery, now=utcnow(), msg_id=msg_id)
        report.sent += 1
    return report
