"""Deliver the alert outbox: claim due alerts, send each through its channel (email, webhook,
Apprise), mark it sent, or retry later with back-off, or dead when the receiver refused."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from tracker.alerts import notify, webhook
from tracker.alerts.channels import Answer, mask_target, unsubscribe_token
from tracker.alerts.outbox import DEAD, Delivery, claim, mark_failed, mark_sent, message_id
from tracker.alerts.render import (
    Section,
    build_message,
    markdown_body,
    subject_of,
)
from tracker.alerts.smtp import send
from tracker.config import Settings
from tracker.db import Database
from tracker.errors import DeliveryError
from tracker.models import Alert, Subscription, utcnow
from tracker.store import query_changes
from tracker.vocabulary import Channel

DIGESTS = {"hourly": "Hourly digest", "daily": "Daily digest"}


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:alerts"


def deliverable(settings: Settings) -> frozenset[str]:
    """The channels this process can deliver: email waits (pending) until a mail server is
    configured, rather than failing towards dead."""
    channels = {Channel.WEBHOOK.value, Channel.APPRISE.value}
    if settings.smtp_host:
        channels.add(Channel.EMAIL.value)
    return frozenset(channels)


def _link(settings: Settings, path: str) -> str | None:
    return f"{settings.base_url.rstrip('/')}/{path}" if settings.base_url else None


@dataclass
class Content:
    """What one delivery says: the changes per source, per alert, and where it goes."""

    sections: list[Section]
    alerts: list[dict[str, Any]]
    subscription: Subscription | None = None


def _content(db: Database, settings: Settings, delivery: Delivery) -> Content:
    """The changes a delivery reports, per source, in the public change-record shape."""
    with db.session() as session:
        alerts = session.scalars(
            select(Alert).where(Alert.id.in_(delivery.alert_ids)).order_by(Alert.id)
        ).all()
        records = query_changes(session, ids=[cid for a in alerts for cid in a.change_ids])
        by_id = {r["id"]: r for r in records}
        sections: dict[int, Section] = {}
        for record in records:
            section = sections.get(record["source_id"])
            if section is None:
                # What the page is called: its name, else its headline (store.display_name).
                section = sections[record["source_id"]] = Section(
                    record["source"],
                    record["url"],
                    _link(settings, f"sources/{record['source_id']}"),
                )
            section.changes.append(record)
        documents = []
        for alert in alerts:
            changes = [by_id[c] for c in alert.change_ids if c in by_id]
            first = changes[0] if changes else None
            documents.append(
                {
                    "id": alert.id,
                    "check_id": alert.check_id,
                    "source": {
                        "id": alert.source_id,
                        "url": first["url"] if first else None,
                        "name": first["source"] if first else None,
                        "link": _link(settings, f"sources/{alert.source_id}"),
                    },
                    "changes": changes,
                }
            )
        ids = {a.subscription_id for a in alerts}
        sub = None
        if len(ids) == 1 and None not in ids:
            sub = session.get(Subscription, ids.pop())
            if sub is not None:
                session.expunge(sub)
        return Content(list(sections.values()), documents, sub)


def _email(settings: Settings, delivery: Delivery, content: Content) -> Answer:
    sub = content.subscription
    unsubscribe = None
    if sub is not None and sub.secret and settings.base_url:
        unsubscribe = _link(settings, f"unsubscribe/{unsubscribe_token(sub.id, sub.secret)}")
    try:
        message = build_message(
            content.sections,
            sender=settings.alert_from,
            recipient=delivery.recipient,
            msg_id=message_id(delivery.key),
            digest=DIGESTS.get(delivery.mode),
            templates_dir=settings.alert_templates_dir,
            unsubscribe=unsubscribe,
            zone=settings.zone,
        )
        return Answer(True, send(settings, message))
    except DeliveryError as exc:
        return Answer(False, str(exc))


def idempotency_key(delivery: Delivery) -> str:
    """A single alert is known by its id; a digest by the ids it gathers."""
    if len(delivery.alert_ids) == 1:
        return str(delivery.alert_ids[0])
    return "digest-" + "-".join(str(i) for i in delivery.alert_ids)


def webhook_document(
    delivery: Delivery, subject: str, alerts: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "event": "digest" if delivery.mode in DIGESTS else "alert",
        "id": idempotency_key(delivery),
        "subject": subject,
        "mode": delivery.mode,
        "alerts": alerts,
    }


def _attempt(db: Database, settings: Settings, delivery: Delivery) -> tuple[Answer, str]:
    """Send one delivery; returns its answer and who it went to, fit to be shown."""
    content = _content(db, settings, delivery)
    if delivery.channel == Channel.EMAIL:
        return _email(settings, delivery, content), delivery.recipient
    sub = content.subscription
    if sub is None or sub.target is None:
        return Answer(False, "the subscription was removed", permanent=True), delivery.channel
    shown = f"{delivery.channel} {mask_target(sub.channel, sub.target)}"
    digest = DIGESTS.get(delivery.mode)
    subject = subject_of(content.sections, digest)
    if delivery.channel == Channel.WEBHOOK:
        document = webhook_document(delivery, subject, content.alerts)
        answer = webhook.post(
            sub.target,
            sub.secret or "",
            document,
            idempotency_key=idempotency_key(delivery),
            settings=settings,
        )
        return answer, shown
    if delivery.channel == Channel.APPRISE:
        body = markdown_body(
            content.sections,
            digest=digest,
            templates_dir=settings.alert_templates_dir,
            zone=settings.zone,
        )
        return notify.send(sub.target, subject, body, timeout=settings.alert_http_timeout), shown
    return Answer(False, f"unknown channel {delivery.channel!r}", permanent=True), shown


def deliver_alerts(
    db: Database, settings: Settings, *, owner: str | None = None, now: bool = False
) -> DeliveryReport:
    """One pass over the outbox. Safe to run in several processes at once.

    `now`: send every due alert whatever its back-off.
    """
    owner = owner or default_owner()
    report = DeliveryReport()
    with db.session() as session:
        deliveries: Sequence[Delivery] = claim(
            session,
            owner,
            now=utcnow(),
            lease_seconds=settings.alert_lease_seconds,
            channels=deliverable(settings),
            ignore_backoff=now,
        )
    for delivery in deliveries:
        answer, shown = _attempt(db, settings, delivery)
        with db.session() as session:
            if answer.delivered:
                mark_sent(
                    session,
                    delivery,
                    now=utcnow(),
                    msg_id=message_id(delivery.key),
                    answer=answer.text,
                )
                report.sent += 1
                continue
            status = mark_failed(
                session,
                delivery,
                answer.text,
                now=utcnow(),
                max_attempts=settings.alert_max_attempts,
                retry_base=settings.alert_retry_base,
                retry_max=settings.alert_retry_max,
                permanent=answer.permanent,
            )
        report.errors.append(f"{shown}: {answer.text}")
        if status == DEAD:
            report.dead += 1
        else:
            report.retrying += 1
    return report


SAMPLE_CHANGE: dict[str, Any] = {
    "id": 0,
    "url": "https://example.org/",
    "source": "tracker test",
    "source_id": 0,
    "version": 2,
    "previous_version": 1,
    "kind": "paragraph_edited",
    "summary": "Paragraph 2 edited: three -> four",
    "detail": {
        "old": "Three tram lines will be extended.",
        "new": "Four tram lines will be extended.",
        "diff": [
            ["delete", "Three"],
            ["insert", "Four"],
            ["equal", " tram lines will be extended."],
        ],
    },
    "detected_at": "2026-01-01T00:00:00+00:00",
}


def send_test(settings: Settings, channel: str, address: str, secret: str | None) -> Answer:
    """A sample alert through any channel, at once, outside the outbox."""
    now = utcnow()
    sections = [Section("tracker test", "https://example.org/", None, [dict(SAMPLE_CHANGE)])]
    key = f"test:{channel}:{address}:{now.isoformat()}"
    if channel == Channel.EMAIL:
        delivery = Delivery(key, address, "immediate", (0,), channel)
        return _email(settings, delivery, Content(sections, []))
    subject = subject_of(sections)
    if channel == Channel.WEBHOOK:
        test_id = f"test-{int(now.timestamp())}"
        document = {
            "event": "test",
            "id": test_id,
            "subject": subject,
            "mode": "immediate",
            "alerts": [{"id": 0, "check_id": None, "source": None, "changes": [SAMPLE_CHANGE]}],
        }
        return webhook.post(
            address, secret or "", document, idempotency_key=test_id, settings=settings
        )
    body = markdown_body(sections, templates_dir=settings.alert_templates_dir)
    return notify.send(address, subject, body, timeout=settings.alert_http_timeout)
