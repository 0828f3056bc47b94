"""Times as people read them: relative to now, in the zone they chose."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.errors import UsageError
from tracker.timezones import ago, clock, when_words, zone_named


def test_relative_times() -> None:
    now = dt.datetime(2026, 12, 2, 9, 20, 38, tzinfo=dt.UTC)
    assert ago(now, now) == "just now"
    assert ago(now - dt.timedelta(seconds=1, milliseconds=1), now) == "just now"
    assert ago(now - dt.timedelta(seconds=30), now) == "30 seconds ago"
    assert ago(now - dt.timedelta(seconds=61), now) == "1 minute ago"
    assert ago(now - dt.timedelta(minutes=125), now) == "2 hours ago"
    assert ago(now - dt.timedelta(days=3, hours=5), now) == "3 days ago"
    assert ago(now + dt.timedelta(minutes=58), now) == "in 58 minutes"
    berlin = zone_named("Europe/Berlin")
    earlier = now - dt.timedelta(minutes=2)
    assert when_words(earlier, now, berlin) == "2 minutes ago (10:18 CET)"
    assert when_words(now - dt.timedelta(days=2), now, dt.UTC) == (
        "2 days ago (2026-11-30 09:20 UTC)"
    )
    summer = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert when_words(summer, summer, berlin) == "just now (14:00 CEST)"


def test_zone_names() -> None:
    assert zone_named("utc") is dt.UTC and zone_named(None) is dt.UTC and zone_named("") is dt.UTC
    winter = dt.datetime(2026, 1, 15, 23, 30, tzinfo=dt.UTC)
    assert clock(winter, zone_named("America/New_York")) == "2026-01-15 18:30:00"
    assert clock(winter, zone_named("Asia/Kolkata"), seconds=False) == "2026-01-16 05:00"
    for bad in ("Mars/Olympus", "../../etc/passwd", "Europe/", "x" * 300):
        with pytest.raises(UsageError, match="unknown time zone"):
            zone_named(bad)
