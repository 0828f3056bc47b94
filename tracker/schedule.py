"""When a source is checked next: its interval or cron expression, back-off and jitter.

Cron expressions are the classic five fields (minute hour day month weekday), evaluated in UTC
by APScheduler's CronTrigger. A failing source backs off exponentially from its normal period,
capped, and returns to its normal schedule with the first success (the pipeline resets the
failure count). A little jitter on every next check keeps sources that were added together from
firing in the same second forever.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

from apscheduler.triggers.cron import CronTrigger

from tracker.errors import UsageError
from tracker.limits import MAX_INTERVAL_SECONDS

# Failing sources are retried later and later, but never less often than this.
MAX_BACKOFF = dt.timedelta(hours=6)
# The jitter added to a next check: a tenth of the period, at most this much.
MAX_JITTER = dt.timedelta(seconds=30)


@functools.lru_cache(maxsize=1024)
def cron_trigger(expression: str) -> CronTrigger:
    """A CronTrigger for a five-field crontab expression, or a UsageError saying why not."""
    try:
        return CronTrigger.from_crontab(expression, timezone=dt.UTC)
    except (ValueError, TypeError) as exc:
        raise UsageError(
            f"invalid cron expression {expression!r}: {exc} (use five fields, e.g. '*/15 * * * *')"
        ) from None


def check_cron(expression: str, now: dt.datetime) -> str:
    """A cron expression that parses and fires at least once more; a UsageError otherwise."""
    trigger = cron_trigger(expression)
    if trigger.get_next_fire_time(None, now) is None:
        raise UsageError(f"cron expression {expression!r} never fires (e.g. a 31st of February)")
    return expression


def schedule_problem(interval_seconds: int, cron: str | None, now: dt.datetime) -> str | None:
    """Why a stored schedule cannot be followed (a row written before its bounds were
    enforced, or by hand), or None. Such a source is skipped with this reason."""
    if cron:
        try:
            check_cron(cron, now)
        except UsageError as exc:
            return str(exc)
        return None
    if not 1 <= interval_seconds <= MAX_INTERVAL_SECONDS:
        return (
            f"check interval of {interval_seconds} s is outside 1 s to {MAX_INTERVAL_SECONDS} s:"
            " set a new one with `tracker edit --every`"
        )
    return None


def next_fire(expression: str, after: dt.datetime) -> dt.datetime:
    """The first fire time of `expression` strictly after `after`."""
    trigger = cron_trigger(expression)
    # CronTrigger may answer `now` itself when it falls on a fire time; one second later never.
    fire: dt.datetime | None = trigger.get_next_fire_time(None, after + dt.timedelta(seconds=1))
    if fire is None:  # an expression that never fires again (e.g. a past year)
        return after + MAX_BACKOFF
    return fire.astimezone(dt.UTC)


def cron_period(expression: str, now: dt.datetime) -> dt.timedelta:
    """The gap between the next two fire times: the 'interval' of a cron schedule."""
    first = next_fire(expression, now)
    return max(next_fire(expression, first) - first, dt.timedelta(seconds=1))


def period(interval_seconds: int, cron: str | None, now: dt.datetime) -> dt.timedelta:
    """The normal gap between two checks. Total: a stored schedule that cannot be followed
    (see schedule_problem) gets the longest interval rather than an exception."""
    if cron:
        try:
            return cron_period(cron, now)
        except UsageError:
            return dt.timedelta(seconds=MAX_INTERVAL_SECONDS)
    return dt.timedelta(seconds=min(max(1, interval_seconds), MAX_INTERVAL_SECONDS))


def backoff(normal: dt.timedelta, failures: int) -> dt.timedelta:
    """The delay after `failures` consecutive failures: doubling from the normal period, capped
    at MAX_BACKOFF (or at the normal period when that is already longer)."""
    if failures <= 0:
        return normal
    return min(normal * (1 << min(failures - 1, 16)), max(normal, MAX_BACKOFF))


def jitter(normal: dt.timedelta) -> dt.timedelta:
    return dt.timedelta(
        seconds=random.uniform(0, min(MAX_JITTER.total_seconds(), normal.total_seconds() / 10))
    )


def next_check_at(
    interval_seconds: int, cron: str | None, now: dt.datetime, failures: int = 0
) -> dt.datetime:
    """When to check a source next, `now` being the end of its last check."""
    if not cron and not 1 <= interval_seconds <= MAX_INTERVAL_SECONDS:
        # A bad row (see schedule_problem) is looked at, and reported, again every few hours:
        # soon after someone fixes it, and never in a tight loop.
        return now + MAX_BACKOFF + jitter(MAX_BACKOFF)
    normal = period(interval_seconds, cron, now)
    if cron:
        try:
            if failures:
                # Back off, then fall on the cron grid again.
                return next_fire(cron, now + backoff(normal, failures)) + jitter(normal)
            return next_fire(cron, now) + jitter(normal)
        except UsageError:  # a stored expression that no longer parses: see schedule_problem
            pass
    return now + backoff(normal, failures) + jitter(normal)
