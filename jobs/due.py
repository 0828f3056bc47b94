"""Check every source whose next check is due."""

from __future__ import annotations

from collections.abc import Callable

from tracker.config import Settings
from tracker.db import Database
from tracker.pipeline import CheckReport, check_many, due_sources


async def check_due_sources(
    db: Database,
    settings: Settings,
    *,
    on_done: Callable[[CheckReport], None] | None = None,
) -> list[CheckReport]:
    """One pass of the scheduler: check what is due now, concurrently, and report."""
    with db.session() as session:
        targets = due_sources(session)
    if not targets:
        return []
    return await check_many(db, targets, settings, on_done=on_done)
