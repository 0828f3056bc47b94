"""What every `tracker` command shares: the settings, the database and the two consoles.

A module of its own so that the command modules (this package's `__init__` and `alerts`)
share it without importing one another.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import DatabaseError, UsageError
from tracker.terminal import SafeConsole

if TYPE_CHECKING:
    # The settings (pydantic) and the database (SQLAlchemy) are loaded by the first command
    # that asks for them: `tracker --version` and `--help` need neither.
    from tracker.config import Settings
    from tracker.db import Database

# Safe consoles: page text (titles, paragraphs, names) never reaches a terminal as controls.
out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


class State:
    settings: Settings | None = None
    database: Database | None = None


def settings() -> Settings:
    if State.settings is None:
        from tracker.config import load_settings

        State.settings = load_settings()
    return State.settings


def database() -> Database:
    if State.database is None:
        from tracker.db import open_database

        State.database = open_database(settings().database_url)
    return State.database


def writable_database() -> Database:
    """The database, for a command that writes: refused at once when it could only be opened
    read-only, before anything is fetched or said to be done."""
    db = database()
    if db.read_only:
        raise DatabaseError(read_only_message(db))
    return db


def read_only_message(db: Database | None) -> str:
    where = db.engine.url.database if db is not None else None
    path = where.removeprefix("file:") if where else None
    return f"the database is read-only: {path}" if path else "the database is read-only"


def read_text(name: str) -> str:
    """A file's text (UTF-8, a byte order mark dropped), or standard input's for `-`; a file
    that cannot be read is a usage error."""
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot read {name}: {reason}") from None
