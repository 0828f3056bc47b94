"""Engine and sessions; the schema is created and migrated (alembic) on first use.

SQLite is the embedded default: WAL so readers never block the writer, a busy timeout so
concurrent writers wait instead of failing, and foreign keys switched on (SQLite leaves them off).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import queue
import re
import threading
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from tracker.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

T = TypeVar("T")

# Any constant works; it only has to be the same for every tracker process on one database.
_PG_MIGRATION_LOCK = 0x7472_6163


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # No journal_mode: switching it is a write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    # Alembic's options interpolate "%": a quoted character in the URL (a password, a SQLite
    # "file:" URI) must reach it doubled.
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; returns the revision now in place."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

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
        path = _sqlite_file(engine)
        if path is not None and _cannot_write(path):
            raise DatabaseError(f"the database is read-only: {path}") from None
        raise DatabaseError(f"cannot reach the database: {_first_line(exc)}") from None


def is_current(engine: Engine) -> bool:
    """Whether the schema is at the newest revision. Every command asks, so the usual answer
    costs one query: alembic (its import and its scripts' loading take longer than most
    commands) decides only when the scripts' own lines do not name one newest revision."""
    head = _head_revision()
    if head is not None:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            stored = connection.execute(text("SELECT version_num FROM alembic_version"))
            return set(stored.scalars()) == {head}
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())


# A script's `revision = "0008"` and `down_revision = "0007"` lines, as alembic writes them.
_REVISION_LINE = re.compile(
    r"^(down_revision|revision)\b[^=\n]*=\s*(?:\"([^\"\n]*)\"|'([^'\n]*)'|None)\s*$", re.M
)


@functools.cache
def _head_revision() -> str | None:
    """The newest revision, read from the migration scripts' lines without running them;
    None when they do not name exactly one (a merge, a script of another shape)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        scripts = sorted((migrations_dir() / "versions").glob("*.py"))
        for path in scripts:
            found: dict[str, str | None] = {}
            for match in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(match.group(1), match.group(2) or match.group(3))
            if "revision" not in found or "down_revision" not in found:
                return None
            revision, parent = found["revision"], found["down_revision"]
            if not revision or revision in revisions:
                return None
            revisions.add(revision)
            if parent is not None:
                parents.add(parent)
    except (OSError, DatabaseError, UnicodeDecodeError):
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


def db_error_line(exc: BaseException) -> str:
    """The driver's own first line for a failed statement or commit ('database or disk is
    full'), without SQLAlchemy's statement, parameters and link."""
    return _first_line(exc)


class BatchWriter:
    """One thread that runs write jobs, several per transaction when they queue up.

    Jobs that arrive while a transaction is being written wait and then go together into the
    next one (see run_batch): one commit and one connection checkout for the batch instead of
    one per job, while the event loop goes on. For a database over the network; SQLite is
    written by a LoopWriter.
    """

    MAX_BATCH = 64

    def __init__(self, engine: Engine, lock: AbstractContextManager[Any] | None = None) -> None:
        self.engine = engine
        # Shared with other processes writing the same SQLite file: they queue on this lock
        # and are woken when it is free, where SQLite's busy handler would sleep and poll.
        self._lock: AbstractContextManager[Any] = lock or contextlib.nullcontext()
        self._queue: queue.SimpleQueue[tuple[Callable[[Connection], Any], Future[Any]] | None]
        self._queue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="tracker-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[Connection], T]) -> Future[T]:
        future: Future[T] = Future()
        self._queue.put((job, future))
        return future

    def close(self) -> None:
        """Finish the queued jobs, then stop the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while len(batch) < self.MAX_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            self._write([(job, fut) for job, fut in batch if fut.set_running_or_notify_cancel()])
            if stop:
                return

    def _write(self, batch: list[tuple[Callable[[Connection], Any], Future[Any]]]) -> None:
        for (_, future), (ok, value) in zip(
            batch, run_batch(self.engine, self._lock, [job for job, _ in batch]), strict=True
        ):
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)


def run_batch(
    engine: Engine, lock: AbstractContextManager[Any], jobs: list[Callable[[Connection], Any]]
) -> list[tuple[bool, Any]]:
    """Run write jobs in one transaction; each job's (True, result) or (False, exception).

    A batch is all or nothing: when any job fails, the batch is rolled back and every job
    runs again in a transaction of its own, so each outcome is the one it would have alone.
    """
    if len(jobs) > 1:
        try:
            with lock, engine.begin() as connection:
                return [(True, job(connection)) for job in jobs]
        except Exception:  # every job runs again alone below
            pass
    outcomes: list[tuple[bool, Any]] = []
    for job in jobs:
        try:
            with lock, engine.begin() as connection:
                result = job(connection)
            # Only here has the COMMIT (on leaving the block) succeeded: a job whose commit
            # fails gets the error alone, never a result as well.
            outcomes.append((True, result))
        except BaseException as exc:  # handed to whoever waits for the job
            outcomes.append((False, exc))
    return outcomes


class LoopWriter:
    """Write jobs run in the event loop's own thread: the jobs submitted during one turn of
    the loop are written in one transaction at the start of the next.

    For SQLite, whose statements run in this process and take microseconds: a writer thread
    beside the loop spends more on handing the interpreter lock back and forth (every
    statement releases it and must wait to get it back) than the loop gains from not
    waiting, and in a check run that cost was half the throughput. A database over the
    network is written from a BatchWriter thread instead, so the loop never waits on it.
    A LoopWriter serves the one event loop its jobs are submitted from. While another
    connection holds SQLite's write lock (a claim or a prune on a thread, another process),
    the loop waits for it, where a thread would have: those transactions are short.
    """

    def __init__(self, engine: Engine, lock: AbstractContextManager[Any] | None = None) -> None:
        self.engine = engine
        self._lock: AbstractContextManager[Any] = lock or contextlib.nullcontext()
        self._pending: list[tuple[Callable[[Connection], Any], asyncio.Future[Any]]] = []
        self._scheduled = False

    def submit(self, job: Callable[[Connection], T]) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._pending.append((job, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._flush)
        return future

    def _flush(self) -> None:
        self._scheduled = False
        # A job whose check was cancelled while it waited is not written, as on the thread.
        batch = [
            (job, fut) for job, fut in self._pending[: BatchWriter.MAX_BATCH] if not fut.done()
        ]
        del self._pending[: BatchWriter.MAX_BATCH]
        if self._pending:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)
        if not batch:
            return
        for (_, future), (ok, value) in zip(
            batch, run_batch(self.engine, self._lock, [job for job, _ in batch]), strict=True
        ):
            if future.done():
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    # Opened read-only because the file or its folder cannot be written: reads work, and a
    # write fails with "the database is read-only".
    read_only: bool = False
    # Held around every write transaction; see BatchWriter.
    write_lock: AbstractContextManager[Any] | None = field(default=None, repr=False)
    _writer: BatchWriter | None = field(default=None, init=False, repr=False)
    _writer_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _loop_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopWriter] = field(
        default_factory=weakref.WeakKeyDictionary, init=False, repr=False
    )

    async def run_write(self, job: Callable[[Connection], T]) -> T:
        """Run `job` in a write transaction, batched with the writes of other checks: in the
        event loop's thread for SQLite (LoopWriter), on the writer thread otherwise."""
        if self.engine.dialect.name == "sqlite":
            loop = asyncio.get_running_loop()
            writer = self._loop_writers.get(loop)
            if writer is None:  # one per event loop: its jobs are flushed by that loop
                writer = self._loop_writers[loop] = LoopWriter(self.engine, self.write_lock)
            return await writer.submit(job)
        return await asyncio.wrap_future(self.write(job))

    def write(self, job: Callable[[Connection], T]) -> Future[T]:
        """Run `job` in a write transaction on the writer thread; see BatchWriter."""
        with self._writer_lock:
            if self._writer is None:
                self._writer = BatchWriter(self.engine, self.write_lock)
            return self._writer.submit(job)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        with self._writer_lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()
        self.engine.dispose()


def _sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _cannot_write(path: Path) -> bool:
    """The file exists but it, or its folder (where SQLite keeps its WAL and journal), cannot
    be written: a read-only mount, or permissions. access() answers for the real user, and
    says EROFS even to root."""
    if not path.is_file():
        return False
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def _read_only_engine(path: Path, *, immutable: bool) -> Engine:
    # mode=ro shares SQLite's locks with writers elsewhere; immutable=1 opens a WAL file whose
    # shared-memory file cannot be created beside it, and is right only when nothing can write
    # the file, which is why it is the second choice.
    query = {"mode": "ro", "uri": "true"} | ({"immutable": "1"} if immutable else {})
    url = URL.create("sqlite", database=f"file:{path.resolve().as_posix()}", query=query)
    engine = create_engine(
        url, connect_args={"timeout": 30}, poolclass=QueuePool, pool_size=20, max_overflow=20
    )
    event.listen(engine, "connect", _sqlite_read_pragmas)
    return engine


def _open_read_only(path: Path) -> Engine:
    """A read-only engine on `path` whose schema is current, or a DatabaseError."""
    last: BaseException | None = None
    for immutable in (False, True):
        engine = _read_only_engine(path, immutable=immutable)
        try:
            current = is_current(engine)
        except DBAPIError as exc:
            engine.dispose()
            last = exc
            continue
        if not current:
            engine.dispose()
            raise DatabaseError(
                f"the database is read-only and its schema is older than this tracker: {path}"
            )
        return engine
    assert last is not None
    raise DatabaseError(f"cannot read the read-only database {path}: {_first_line(last)}")


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Engine + session factory; migrates the schema first when it is behind.

    A SQLite file that cannot be written is opened read-only (when its schema is current):
    the read commands work on it, and writes fail with "the database is read-only".
    """
    engine = create_db_engine(url)
    try:
        if migrate and not is_current(engine):
            upgrade(engine)
    except (OperationalError, DatabaseError) as exc:
        path = _sqlite_file(engine)
        if path is None or not _cannot_write(path):
            if isinstance(exc, DatabaseError):
                raise
            raise DatabaseError(f"cannot reach the database: {_first_line(exc)}") from None
        engine.dispose()
        ro = _open_read_only(path)
        return Database(ro, sessionmaker(ro, expire_on_commit=False), read_only=True)
    except DBAPIError as exc:  # it answers, but not as a database: a corrupted file
        raise DatabaseError(f"cannot use the database: {_first_line(exc)}") from None
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
