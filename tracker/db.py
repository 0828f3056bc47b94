"""Engine and sessions; the schema is created and migrated (alembic) on first use.

SQLite is the embedded default: WAL so readers never block the writer, a busy timeout so
concurrent writers wait instead of failing, and foreign keys switched on (SQLite leaves them off).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tracker.errors import DatabaseError

# Any constant works; it only has to be the same for every tracker process on one database.
_PG_MIGRATION_LOCK = 0x7472_6163


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"invalid database URL {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # A pool (not a new connection per session): opening SQLite and setting its pragmas
        # costs more than a whole unchanged check.
        engine = create_engine(parsed, connect_args={"timeout": 30}, pool_size=20, max_overflow=20)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DatabaseError(
            f"no driver for {parsed.drivername}: {exc}. For PostgreSQL install tracker[postgres] "
            "and use postgresql+psycopg://user@host:5432/db"
        ) from None


def migrations_dir() -> Path:
    """The alembic scripts: shipped inside the package by a wheel, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_alembic", here.parent / "alembic"):
        if (candidate / "env.py").is_file():
            return candidate
    raise DatabaseError(f"database migrations not found next to {here}: reinstall tracker")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; returns the revision now in place."""
    cfg = alembic_config(engine)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Several workers may start at once: one migrates, the others wait.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK}
                )
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise DatabaseError(f"cannot reach the database: {_first_line(exc)}") from None


def is_current(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    _writer: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)
    _writer_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def writer(self) -> ThreadPoolExecutor:
        """The threads that record checks, off the event loop.

        SQLite has one writer at a time: a single thread takes the transactions one after the
        other instead of several threads waiting on the file lock (busy_timeout sleeps) and on
        the GIL. PostgreSQL writes concurrently, so a few threads overlap its round trips.
        """
        with self._writer_lock:
            if self._writer is None:
                workers = 1 if self.engine.dialect.name == "sqlite" else 4
                self._writer = ThreadPoolExecutor(workers, thread_name_prefix="tracker-writer")
            return self._writer

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        with self._writer_lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.shutdown(wait=True)
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Engine + session factory; migrates the schema first when it is behind."""
    engine = create_db_engine(url)
    try:
        if migrate and not is_current(engine):
            upgrade(engine)
    except OperationalError as exc:
        raise DatabaseError(f"cannot reach the database: {_first_line(exc)}") from None
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
