"""Check many sources in several processes, one per core.

One event loop parses and records one page at a time, so a single process keeps one core
busy. Here the sources are split by host (a host's politeness limits still hold, since all its
checks run in one process) and the global request limit is shared out between the processes,
so as many requests are in flight as with one. The processes are forked before any thread or
event loop exists: they start in milliseconds with everything imported, open database
connections of their own (inherited ones are never used), and send each report to the parent
as its check finishes. A process that dies costs the reports of its unfinished checks, which
come back as failed; what it had recorded stays recorded.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Collection, Coroutine, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from tracker.config import Settings
from tracker.db import Database, open_database
from tracker.fetch import preload
from tracker.pipeline import CheckReport, check_many
from tracker.politeness import host_of
from tracker.store import rendered_ids
from tracker.vocabulary import Outcome

__all__ = ["can_fork", "check_in_processes", "run_checks", "split_by_host"]

# Fewer checks than this per process are not worth a process of their own.
MIN_CHECKS_PER_PROCESS = 16

Target = tuple[int, str]


def split_by_host(
    targets: Sequence[Target], parts: int, together: Collection[int] = ()
) -> list[list[Target]]:
    """At most `parts` non-empty groups, each host in one group, sizes as even as hosts allow.

    The hosts of the `together` sources (those rendered in the browser) share one group, so
    that one process starts a browser, not every one of them.
    """
    by_host: dict[str, list[Target]] = {}
    for target in targets:
        by_host.setdefault(host_of(target[1]), []).append(target)
    groups: list[list[Target]] = [[] for _ in range(max(1, parts))]
    if together:
        wanted = set(together)
        for host in [h for h, ts in by_host.items() if any(t[0] in wanted for t in ts)]:
            groups[0].extend(by_host.pop(host))
    # Largest hosts first, each to the smallest group so far: within a host's size of even.
    for host_targets in sorted(by_host.values(), key=len, reverse=True):
        min(groups, key=len).extend(host_targets)
    return [group for group in groups if group]


def can_fork() -> bool:
    """Forking is safe only from a process with no other threads (their locks would be copied
    mid-use), and only where fork is the platform's own way (not macOS or Windows)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def run_checks(
    db: Database,
    targets: list[Target],
    settings: Settings,
    *,
    on_done: Callable[[CheckReport], None] | None = None,
) -> list[CheckReport]:
    """`check_many` on an event loop of its own, Ctrl-C raising KeyboardInterrupt once the
    checks are cancelled.

    asyncio's own Ctrl-C handler cancels the running task inside the signal handler, between
    any two bytecodes: one that lands between a waiter's "not done yet" and its result
    (anyio's streams set their read events so) makes the loop print a traceback for an
    InvalidStateError. Here the signal reaches the loop through its wake-up descriptor and
    the task is cancelled from the loop, between callbacks."""
    return asyncio.run(_interruptible(check_many(db, targets, settings, on_done=on_done)))


async def _interruptible(work: Coroutine[Any, Any, list[CheckReport]]) -> list[CheckReport]:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    interrupted = False

    def interrupt() -> None:
        nonlocal interrupted
        interrupted = True
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, interrupt)
    except (ValueError, RuntimeError, NotImplementedError):  # not the main thread, or no Unix
        return await work
    try:
        return await work
    except asyncio.CancelledError:
        if interrupted:
            raise KeyboardInterrupt from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def processes_for(settings: Settings, checks: int) -> int:
    wanted = settings.check_processes or (os.cpu_count() or 1)
    return max(1, min(wanted, checks // MIN_CHECKS_PER_PROCESS))


def check_in_processes(
    settings: Settings,
    targets: Sequence[Target],
    *,
    db: Database,
    processes: int | None = None,
    on_done: Callable[[CheckReport], None] | None = None,
) -> list[CheckReport]:
    """Check `targets` (id, url) and return their reports in the same order.

    `db` is used when the checks run in this process; forked processes open their own.
    """
    count = processes if processes is not None else processes_for(settings, len(targets))
    # Never more processes than requests may be in flight: each gets at least one.
    count = min(count, max(1, settings.concurrency))
    parts = [list(targets)]
    if can_fork():
        rendered: set[int] = set()
        if count > 1:
            with db.session() as session:
                rendered = rendered_ids(session, [source_id for source_id, _ in targets])
        parts = split_by_host(targets, count, rendered)
    if len(parts) <= 1:
        return run_checks(db, list(targets), settings, on_done=on_done)

    share = settings.model_copy(update={"concurrency": settings.concurrency // len(parts)})
    preload()  # inherited by every process instead of loaded by each
    context = multiprocessing.get_context("fork")
    # SQLite takes one writer at a time: the processes take turns on a lock of their own.
    lock = context.Lock() if db.engine.dialect.name == "sqlite" else None
    readers: dict[Connection, list[Target]] = {}
    children = []
    # What exists now is shared with the processes until written to; a collection in a
    # process would touch (and so copy) all of it, so the collector leaves it alone there.
    # (What the console script froze at its start stays frozen here too.)
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    parent = os.getpid()
    try:
        for part in parts:
            reader, writer = context.Pipe(duplex=False)
            # The read ends a child inherits are closed in it, so that when this process dies
            # the pipes have no reader left and a child's next report fails instead of blocking.
            inherited = [*readers, reader]
            child = context.Process(
                target=_child, args=(writer, share, part, lock, parent, inherited), daemon=True
            )
            child.start()
            writer.close()  # the child's end: EOF on `reader` once the child is gone
            readers[reader] = part
            children.append(child)
    finally:
        if not frozen_before:
            gc.unfreeze()

    pipes = list(readers)
    done: dict[int, collections.deque[CheckReport]] = collections.defaultdict(collections.deque)
    why: dict[Connection, str] = {}

    def finish(report: CheckReport) -> None:
        done[report.source_id].append(report)
        if on_done is not None:
            on_done(report)

    try:
        while readers:
            for ready in wait(list(readers)):
                assert isinstance(ready, Connection)
                try:
                    message = ready.recv()
                except EOFError:
                    # Gone without saying it finished: whatever it had not reported failed.
                    reason = why.get(ready, "the process checking this source died")
                    for report in _unfinished(readers.pop(ready), done, reason):
                        finish(report)
                    continue
                if message is None:  # finished
                    readers.pop(ready)
                elif isinstance(message, str):  # it gave up, and says why
                    why[ready] = message
                else:
                    finish(message)
    finally:
        for pipe in pipes:
            pipe.close()
        # Normally they have all finished; after Ctrl-C or an error here, each gets a moment
        # to end its transaction (an interrupted one is rolled back, never half-written).
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.terminate()
                child.join()
    return [done[source_id].popleft() for source_id, _ in targets]


def _unfinished(
    part: list[Target], done: dict[int, collections.deque[CheckReport]], reason: str
) -> list[CheckReport]:
    seen = collections.Counter({source_id: len(reports) for source_id, reports in done.items()})
    missing = []
    for source_id, url in part:
        if seen[source_id] > 0:
            seen[source_id] -= 1
            continue
        missing.append(
            CheckReport(
                source_id,
                url,
                Outcome.FAILED,
                error="internal_error",
                message=f"not checked: {reason}",
            )
        )
    return missing


# From <linux/prctl.h>: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """End this process when `parent` dies (a `kill -9` of `tracker check` must not leave
    it checking on its own). Each check is one transaction, so being killed loses nothing."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)


def _child(
    writer: Connection,
    settings: Settings,
    part: list[Target],
    lock: Any,
    parent: int,
    inherited: list[Connection],
) -> None:
    _die_with_parent(parent)
    for reader in inherited:
        reader.close()
    send: Callable[[Any], None] = writer.send
    try:
        db = open_database(settings.database_url, migrate=False)
        db.write_lock = lock
        try:
            run_checks(db, part, settings, on_done=send)
        finally:
            db.dispose()
        send(None)
    except KeyboardInterrupt:  # Ctrl-C reaches every process: the parent says so, once
        pass
    except BrokenPipeError:  # the parent is gone: nobody is left to report to
        pass
    except Exception as exc:  # the database went away, or a bug: one line, not a traceback
        send(
            f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        )
    finally:
        writer.close()
