"""When an article an outlet published is checked again: the age-aware revisit policy.

Pure functions of times, no I/O, so the service, the tests (on a fake clock) and
bench/revisit.py run the very same rule.

The rule: an article's *clock* is the time since it last changed, or since it was published
when it never changed. The next check is due `clock / divisor` after the last one, within the
outlet's bounds (`fastest`, `slowest`), and there are none after `track_for`.

Why the clock restarts at a change: edits come in bursts (a correction is followed by
another within the hour far more often than by one a week later), so a page that just
changed is about as likely to change again as a page just published. diffengine's rule
(due when the time since the last check reaches a fifth of the age) is the same curve with
the clock never reset and no bounds: it spends few fetches on a page being reworked at
day two, and stretches to days between checks of a week-old page, which misses late
corrections by days. bench/revisit.py measures both against a fixed interval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The clock is divided by this: a ninth checks a three-hour-old article every 20 minutes and
# a two-day-old one every five hours. bench/README.md has what it spends and catches next to
# diffengine's rule and a fixed interval, and the divisors that match their budgets.
DEFAULT_DIVISOR = 9.0
DEFAULT_FASTEST = 600  # seconds: first hours of an article, or one that keeps changing
DEFAULT_SLOWEST = 86400  # a week-old article is still looked at daily, for late corrections
DEFAULT_TRACK_FOR = 14 * 86400


@dataclass(frozen=True)
class RevisitBounds:
    """An outlet's limits on how often its articles are checked, in seconds."""

    fastest: float = DEFAULT_FASTEST
    slowest: float = DEFAULT_SLOWEST
    track_for: float = DEFAULT_TRACK_FOR
    divisor: float = DEFAULT_DIVISOR

    def __post_init__(self) -> None:
        if not 0 < self.fastest <= self.slowest:
            raise ValueError("the fastest revisit must be positive and at most the slowest")
        if self.track_for <= 0 or self.divisor <= 0:
            raise ValueError("tracking time and divisor must be positive")


def revisit_interval(age: float, since_change: float | None, bounds: RevisitBounds) -> float:
    """Seconds between two checks of an article `age` seconds old that last changed
    `since_change` seconds ago (None: never since it was first seen)."""
    clock = max(0.0, age)
    if since_change is not None:
        clock = min(clock, max(0.0, since_change))
    return min(bounds.slowest, max(bounds.fastest, clock / bounds.divisor))


def retired(age: float, bounds: RevisitBounds) -> bool:
    """Whether an article of this age is no longer checked (its history stays)."""
    return age >= bounds.track_for


def next_revisit(
    *,
    published: dt.datetime,
    last_checked: dt.datetime | None,
    last_changed: dt.datetime | None,
    now: dt.datetime,
    bounds: RevisitBounds,
) -> dt.datetime | None:
    """When to check an article next, or None once it is retired.

    An article never checked is due now. `published` is when the outlet says it appeared
    (or when tracker first saw it, when the outlet does not say).
    """
    if retired((now - published).total_seconds(), bounds):
        return None
    if last_checked is None:
        return now
    age = (last_checked - published).total_seconds()
    since = (last_checked - last_changed).total_seconds() if last_changed is not None else None
    due = last_checked + dt.timedelta(seconds=revisit_interval(age, since, bounds))
    # A check that would fall after the tracking time is never made: retired by then.
    return due if due < published + dt.timedelta(seconds=bounds.track_for) else None
