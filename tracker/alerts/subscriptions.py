"""Subscribing and unsubscribing, one channel at a time: what `tracker subscribe` and the web
page of a source both do, with the same checks and the same words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.alerts.channels import (
    check_webhook_url,
    mask_target,
    new_secret,
    subscription_key,
)
from tracker.alerts.notify import check_apprise_url
from tracker.alerts.outbox import rules_of
from tracker.alerts.rules import MODES, parse_kinds
from tracker.errors import UsageError
from tracker.limits import MAX_ID, check_email, in_id_range
from tracker.models import Source, Subscription
from tracker.significance import parse_significance
from tracker.vocabulary import Channel

MAX_SECRET_LENGTH = 200


@dataclass(frozen=True)
class Target:
    """Where alerts go: an email address, a webhook URL (with its signing secret) or an
    Apprise URL."""

    channel: Channel
    address: str
    secret: str | None = None

    @property
    def key(self) -> str:
        return subscription_key(self.channel, self.address)

    @property
    def shown(self) -> str:
        return mask_target(self.channel, self.address)


def target_of(
    *,
    email: str | None = None,
    webhook: str | None = None,
    apprise: str | None = None,
    secret: str | None = None,
    allow_http: bool = False,
) -> Target:
    """The one target given, checked; a UsageError for none, several or a bad one."""
    given = [(c, v) for c, v in ((Channel.EMAIL, email), (Channel.WEBHOOK, webhook)) if v]
    if apprise:
        given.append((Channel.APPRISE, apprise))
    if len(given) != 1:
        raise UsageError("give one of: an email address, --webhook URL or --apprise URL")
    channel, address = given[0]
    if secret is not None and channel is not Channel.WEBHOOK:
        raise UsageError("--secret goes with --webhook only")
    if secret is not None and not 16 <= len(secret) <= MAX_SECRET_LENGTH:
        raise UsageError(f"--secret must be 16 to {MAX_SECRET_LENGTH} characters long")
    if channel is Channel.EMAIL:
        check_email(address)
    elif channel is Channel.WEBHOOK:
        check_webhook_url(address, allow_http=allow_http)
    else:
        check_apprise_url(address)
    return Target(channel, address, secret)


def target_for(
    channel: str, address: str, *, secret: str | None = None, allow_http: bool = False
) -> Target:
    """The target a form or the API names by its channel and address, checked as
    `target_of` checks it."""
    if channel not in {c.value for c in Channel}:
        raise UsageError("choose email, webhook or Apprise")
    given: dict[str, str | None] = {c.value: None for c in Channel} | {channel: address}
    return target_of(
        email=given[Channel.EMAIL],
        webhook=given[Channel.WEBHOOK],
        apprise=given[Channel.APPRISE],
        secret=secret,
        allow_http=allow_http,
    )


def stored_target(sub: Subscription) -> Target:
    """Where a stored subscription's alerts go (its secret left out)."""
    channel = Channel(sub.channel)
    return Target(channel, sub.email if channel is Channel.EMAIL else sub.target or "")


@dataclass(frozen=True)
class Rules:
    kinds: list[str] | None = None
    significance: list[str] | None = None
    min_views_delta: int | None = None
    min_views_percent: float | None = None
    mode: str = "immediate"
    digest_hour: int | None = None


def rules_from(
    *,
    kinds: Sequence[str] = (),
    significance: Sequence[str] = (),
    min_views_delta: int | None = None,
    min_views_percent: float | None = None,
    digest: str = "immediate",
    digest_hour: int | None = None,
) -> Rules:
    """Alert rules as given on the command line or a form; a UsageError for a bad one."""
    if digest not in MODES:
        raise UsageError(f"unknown --digest {digest!r}: use one of {', '.join(MODES)}")
    if digest_hour is not None and not 0 <= digest_hour <= 23:
        raise UsageError("--digest-hour must be between 0 and 23")
    if min_views_delta is not None and not 0 <= min_views_delta <= MAX_ID:
        raise UsageError(f"--min-views-delta must be from 0 to {MAX_ID}")
    if min_views_percent is not None and not 0 <= min_views_percent <= 1e6:
        # Also false for NaN, which would compare false with every change.
        raise UsageError("--min-views-percent must be from 0 to 1000000")
    try:
        chosen = parse_kinds(kinds)
        classes = parse_significance(significance)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return Rules(
        kinds=sorted(chosen) if chosen else None,
        significance=sorted(classes) if classes else None,
        min_views_delta=min_views_delta,
        min_views_percent=min_views_percent,
        mode=digest,
        digest_hour=digest_hour,
    )


def rule_args(sub: Subscription) -> dict[str, Any]:
    """A subscription's rules as `rules_from` takes them, to change some and keep the rest."""
    return {
        "kinds": list(sub.kinds or ()),
        "significance": list(sub.significance or ()),
        "min_views_delta": sub.min_views_delta,
        "min_views_percent": sub.min_views_percent,
        "digest": sub.mode or "immediate",
        "digest_hour": sub.digest_hour,
    }


def subscription_by_id(session: Session, source_id: int, sub_id: int) -> Subscription | None:
    """Subscription `sub_id` when it belongs to source `source_id`."""
    sub = session.get(Subscription, sub_id) if in_id_range(sub_id) else None
    return sub if sub is not None and sub.source_id == source_id else None


def find_subscription(session: Session, source: Source, target: Target) -> Subscription | None:
    return session.scalars(
        select(Subscription).where(
            Subscription.source_id == source.id, Subscription.email == target.key
        )
    ).first()


@dataclass(frozen=True)
class Subscribed:
    subscription: Subscription
    created: bool
    # A signing secret made for a new webhook: shown once, for the receiver to keep.
    new_secret: str | None = None


def subscribe(session: Session, source: Source, target: Target, rules: Rules) -> Subscribed:
    """Subscribe `target` to `source` with `rules`, or change the rules of its subscription
    (a webhook keeps its secret unless a new one is given)."""
    existing = find_subscription(session, source, target)
    sub = existing or Subscription(source_id=source.id, email=target.key)
    made: str | None = None
    sub.channel = target.channel.value
    sub.target = None if target.channel is Channel.EMAIL else target.address
    if target.secret is not None:
        sub.secret = target.secret
    elif not sub.secret:
        sub.secret = new_secret()
        made = sub.secret if target.channel is Channel.WEBHOOK else None
    sub.kinds = rules.kinds
    sub.significance = rules.significance
    sub.min_views_delta = rules.min_views_delta
    sub.min_views_percent = rules.min_views_percent
    sub.mode = rules.mode
    sub.digest_hour = rules.digest_hour
    session.add(sub)
    session.flush()
    return Subscribed(sub, existing is None, made)


def unsubscribe(session: Session, source: Source, target: Target) -> None:
    sub = find_subscription(session, source, target)
    if sub is None:
        raise UsageError(f"{target.shown} is not subscribed to {source.url}")
    session.delete(sub)


def shown_target(sub: Subscription) -> str:
    return mask_target(sub.channel, sub.email if sub.channel == Channel.EMAIL else sub.target)


def subscription_json(sub: Subscription) -> dict[str, Any]:
    """A subscription as people and the API see it: its target masked, its secret absent,
    its rules described and (as `rule_args`, what the API takes back) one by one."""
    [rule] = rules_of([sub])
    args = rule_args(sub)
    return (
        {
            "id": sub.id,
            "source_id": sub.source_id,
            "channel": sub.channel,
            "target": shown_target(sub),
            "rules": rule.describe(),
            "mode": sub.mode,
            "created_at": sub.created_at.isoformat() if sub.created_at else None,
        }
        | args
        | {"kinds": sub.kinds, "significance": sub.significance}
    )
