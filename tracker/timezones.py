"""Times as people read them: in the time zone they chose (`--tz`, TRACKER_TIMEZONE; UTC
unless set) and relative to now ("2 minutes ago"). Stored times stay UTC everywhere."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import UsageError


def zone_named(name: str | None) -> dt.tzinfo:
    """The time zone of an IANA name (`Europe/Berlin`), UTC for none; a UsageError else."""
    if not name or name.strip().upper() in ("UTC", "Z"):
        return dt.UTC
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # (OSError: a name too long for a file)
        shown = repr(name[:60])
        raise UsageError(
            f"unknown time zone {shown}: use a name like Europe/Berlin or America/New_York, or UTC"
        ) from None


def local(when: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(zone)


def clock(when: dt.datetime, zone: dt.tzinfo, *, seconds: bool = True) -> str:
    """`2026-12-02 10:20:38` in `zone` (the stored time is UTC)."""
    return local(when, zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def zone_name(zone: dt.tzinfo, at: dt.datetime) -> str:
    """What the zone is called at that moment: `UTC`, `CET`, `CEST`, `EST`."""
    return local(at, zone).tzname() or str(zone)


def iso_time(text: str, zone: dt.tzinfo) -> str:
    """A stored ISO time (UTC) as `2026-12-02 10:20:38` in `zone`."""
    return clock(dt.datetime.fromisoformat(text), zone)


def ago(when: dt.datetime, now: dt.datetime) -> str:
    """'just now', '2 minutes ago', 'in 3 hours', '5 days ago'."""
    seconds = (now - when).total_seconds()
    later = seconds < 0
    seconds = abs(seconds)
    if seconds < 5:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size:
            count = int(seconds // size)
            span = f"{count} {unit}{'' if count == 1 else 's'}"
            return f"in {span}" if later else f"{span} ago"
    return "just now"


def when_words(when: dt.datetime, now: dt.datetime, zone: dt.tzinfo) -> str:
    """'2 minutes ago (10:20 UTC)': how long ago, and the time of day in `zone`; the date
    too when it is not today's there."""
    here, today = local(when, zone), local(now, zone)
    shown = here.strftime("%H:%M" if here.date() == today.date() else "%Y-%m-%d %H:%M")
    return f"{ago(when, now)} ({shown} {zone_name(zone, when)})"
