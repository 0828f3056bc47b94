"""The scraper's health rules: how fetch failures, a gone page and recoveries move a source's
status, and which of them raise a flag (one per episode). Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.config import Settings
from tracker.diff import Change
from tracker.fetch import FetchResult
from tracker.vocabulary import ChangeKind, SourceStatus


@dataclass
class SourceState:
    """The columns of a source that recording a check reads and changes."""

    id: int
    url: str
    interval_seconds: int
    cron: str | None
    status: str
    consecutive_failures: int
    etag: str | None
    last_modified: str | None
    lease_owner: str | None


def failed_fetch(source: SourceState, result: FetchResult, settings: Settings) -> list[Change]:
    """Book-keeping for a failed fetch; returns the health flags it raised (one per episode)."""
    changes: list[Change] = []
    source.consecutive_failures += 1
    if result.status in (404, 410):
        if source.status != SourceStatus.GONE:
            changes.append(
                Change(
                    ChangeKind.SOURCE_GONE,
                    f"Page is gone: HTTP {result.status}",
                    {"status": result.status, "message": result.message},
                )
            )
        source.status = SourceStatus.GONE
    else:
        if source.consecutive_failures == settings.fetch_failure_threshold:
            changes.append(
                Change(
                    ChangeKind.FETCH_FAILED,
                    f"Fetching failed {source.consecutive_failures} times in a row: "
                    f"{result.message}",
                    {
                        "failures": source.consecutive_failures,
                        "error": result.error,
                        "message": result.message,
                        "recovered": False,
                    },
                )
            )
        # A page that has never been fetched is not "new" once it failed: nothing shows it
        # works. One that worked before is given a few tries before it is called failing.
        if (
            source.consecutive_failures >= settings.fetch_failure_threshold
            or source.status == SourceStatus.NEW
        ):
            source.status = SourceStatus.FAILING
    return changes


def recovered(source: SourceState, settings: Settings) -> list[Change]:
    """Book-keeping for a fetch that worked; returns the recovery flag when it ends an episode."""
    failures = source.consecutive_failures
    source.consecutive_failures = 0
    if failures >= settings.fetch_failure_threshold and source.status == SourceStatus.FAILING:
        return [
            Change(
                ChangeKind.FETCH_FAILED,
                f"Fetching recovered after {failures} failures",
                {"failures": failures, "recovered": True},
            )
        ]
    return []
