"""The alert outbox: rows written with the check, claimed with a lease, marked once sent.

An alert is never lost: it is committed together with the changes it reports, a worker that dies
after claiming it only holds it until its lease runs out, and a failed send is retried with
exponential back-off until it is delivered or, after too many attempts, marked dead for a person
to look at (`tracker alerts list`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from tracker.alerts.rules import Rule, merge_rules
from tracker.models import Alert, Subscription
from tracker.vocabulary import AlertStatus, Channel

PENDING, SENT, DEAD = AlertStatus.PENDING, AlertStatus.SENT, AlertStatus.DEAD


def message_id(key: str, domain: str = "tracker.invalid") -> str:
    """A stable Message-ID for an idempotency key: a resend after a crash is a duplicate that
    mail clients recognise and drop."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def rules_of(subscriptions: Iterable[Subscription]) -> list[Rule]:
    return [
        Rule(
            email=s.email,
            kinds=frozenset(s.kinds) if s.kinds else None,
            min_views_delta=s.min_views_delta,
            min_views_percent=s.min_views_percent,
            mode=s.mode or "immediate",
            digest_hour=s.digest_hour,
            significance=frozenset(s.significance) if s.significance else None,
            channel=s.channel or str(Channel.EMAIL),
            subscription_id=s.id,
        )
        for s in subscriptions
    ]


@dataclass(frozen=True)
class Flagged:
    """A change just recorded, as the alert rules read it."""

    id: int
    kind: str
    detail: dict[str, Any]


def alert_rows(
    *,
    source_id: int,
    check_id: int,
    at: dt.datetime,
    flagged: Sequence[Flagged],
    rules: Sequence[Rule],
    global_recipients: Sequence[str],
) -> list[dict[str, Any]]:
    """The outbox rows of one check's changes: one per recipient who wants any of them. The
    caller inserts them in the check's own transaction (no change without its alert)."""
    rows: list[dict[str, Any]] = []
    for rule in merge_rules(rules, global_recipients):
        chosen = [f.id for f in flagged if rule.wants(f.kind, f.detail)]
        if not chosen:
            continue
        rows.append(
            {
                "key": f"check:{check_id}:{rule.email.lower()}",
                "recipient": rule.email,
                "channel": rule.channel,
                "subscription_id": rule.subscription_id,
                "source_id": source_id,
                "check_id": check_id,
                "change_ids": chosen,
                "mode": rule.mode,
                "status": str(AlertStatus.PENDING),
                "due_at": rule.due_at(at),
                "attempts": 0,
                "next_attempt_at": at,
                "created_at": at,
            }
        )
    return rows


@dataclass(frozen=True)
class Delivery:
    """One message to send: a single alert, or every due digest alert of one recipient (of
    one subscription, for the channels whose target is a subscription's own)."""

    key: str
    recipient: str
    mode: str
    alert_ids: tuple[int, ...]
    channel: str = "email"
    subscription_id: int | None = None


def claim(
    session: Session,
    owner: str,
    *,
    now: dt.datetime,
    lease_seconds: int,
    limit: int = 200,
    channels: Collection[str] | None = None,
    ignore_backoff: bool = False,
) -> list[Delivery]:
    """Lease the due alerts to `owner` and group them into deliveries.

    The conditional UPDATE is the lock: of two workers racing for a row, only the one whose
    UPDATE still sees it unleased gets it, on SQLite and PostgreSQL alike.

    `channels`: only alerts of these channels (the others wait, e.g. email while no mail
    server is configured). `ignore_backoff`: due alerts go now, whatever their retry time
    (a person who just fixed their receiver should not wait for it).
    """
    due = (
        (Alert.status == PENDING)
        & (Alert.due_at <= now)
        & or_(Alert.lease_until.is_(None), Alert.lease_until < now)
    )
    if not ignore_backoff:
        due = due & (Alert.next_attempt_at <= now)
    if channels is not None:
        due = due & Alert.channel.in_(sorted(channels))
    ids = list(session.scalars(select(Alert.id).where(due).order_by(Alert.id).limit(limit)))
    if not ids:
        return []
    until = now + dt.timedelta(seconds=lease_seconds)
    session.execute(
        update(Alert)
        .where(Alert.id.in_(ids) & due)
        .values(lease_owner=owner, lease_until=until)
        .execution_options(synchronize_session=False)
    )
    mine = session.scalars(
        select(Alert)
        .where(Alert.id.in_(ids), Alert.lease_owner == owner, Alert.lease_until == until)
        .order_by(Alert.id)
    ).all()
    deliveries: list[Delivery] = []
    digests: dict[tuple[str, str, int | None, str, dt.datetime], list[int]] = {}
    for alert in mine:
        if alert.mode == "immediate":
            deliveries.append(
                Delivery(
                    alert.key,
                    alert.recipient,
                    alert.mode,
                    (alert.id,),
                    alert.channel,
                    alert.subscription_id,
                )
            )
            continue
        # One digest email per address across sources; a webhook or Apprise target is its
        # subscription's own (with its own secret), so its digest is per subscription.
        by_sub = None if alert.channel == Channel.EMAIL else alert.subscription_id
        group = (alert.channel, alert.recipient.lower(), by_sub, alert.mode, alert.due_at)
        digests.setdefault(group, []).append(alert.id)
    for (channel, recipient, by_sub, mode, due_at), group_ids in digests.items():
        key = f"digest:{mode}:{recipient}:{due_at.isoformat()}"
        deliveries.append(Delivery(key, recipient, mode, tuple(group_ids), channel, by_sub))
    return deliveries


def mark_sent(
    session: Session,
    delivery: Delivery,
    *,
    now: dt.datetime,
    msg_id: str,
    answer: str | None = None,
) -> None:
    session.execute(
        update(Alert)
        .where(Alert.id.in_(delivery.alert_ids))
        .values(
            status=SENT,
            sent_at=now,
            message_id=msg_id,
            lease_owner=None,
            lease_until=None,
            attempts=Alert.attempts + 1,
            last_error=None,
            last_answer=answer[:2000] if answer else None,
        )
        .execution_options(synchronize_session=False)
    )


def mark_failed(
    session: Session,
    delivery: Delivery,
    error: str,
    *,
    now: dt.datetime,
    max_attempts: int,
    retry_base: float,
    retry_max: float,
    permanent: bool = False,
) -> str:
    """Record a failed attempt; returns the new status (pending for a retry, or dead).

    `permanent`: the receiver refused for good (a 410, a 403): dead at once, answer kept.
    """
    status = PENDING
    for alert in session.scalars(select(Alert).where(Alert.id.in_(delivery.alert_ids))):
        alert.attempts += 1
        alert.last_error = alert.last_answer = error[:2000]
        alert.lease_owner = alert.lease_until = None
        if permanent or alert.attempts >= max_attempts:
            alert.status = status = DEAD
        else:
            # exponential back-off with full jitter, so a mail server coming back is not
            # hit by every queued alert in the same second
            delay = min(retry_max, retry_base * 2 ** (alert.attempts - 1))
            alert.next_attempt_at = now + dt.timedelta(seconds=random.uniform(delay / 2, delay))
    return status


def requeue(
    session: Session, *, now: dt.datetime, ids: Sequence[int] = (), all_dead: bool = False
) -> list[int]:
    """Put dead alerts back in the queue, due now with a fresh count of attempts; returns the
    ids requeued. Sent and pending alerts are left as they are."""
    stmt = select(Alert.id).where(Alert.status == DEAD)
    if not all_dead:
        stmt = stmt.where(Alert.id.in_(list(ids)))
    chosen = list(session.scalars(stmt.order_by(Alert.id)))
    if chosen:
        session.execute(
            update(Alert)
            .where(Alert.id.in_(chosen))
            .values(
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                lease_owner=None,
                lease_until=None,
            )
            .execution_options(synchronize_session=False)
        )
    return chosen
