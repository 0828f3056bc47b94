"""Batched writes: several jobs in one transaction, each outcome as if it had run alone."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import cast

import pytest
from sqlalchemy import Connection, Table, insert, select

from tracker.db import BatchWriter, Database, LoopWriter, run_batch
from tracker.models import Source

_S = cast(Table, Source.__table__)


def _add(url: str, fail: bool = False) -> Callable[[Connection], str]:
    def job(connection: Connection) -> str:
        connection.execute(
            insert(_S).values(
                url=url,
                interval_seconds=60,
                exclude_selectors=[],
                enabled=True,
                status="new",
                consecutive_failures=0,
            )
        )
        if fail:
            raise ValueError(f"job for {url} fails")
        return url

    return job


def _urls(db: Database) -> list[str]:
    with db.engine.connect() as connection:
        return sorted(connection.execute(select(_S.c.url)).scalars())


def test_a_failing_job_costs_only_itself(db: Database) -> None:
    jobs = [_add("http://a/1"), _add("http://a/2", fail=True), _add("http://a/3")]
    outcomes = run_batch(db.engine, contextlib.nullcontext(), jobs)
    assert [ok for ok, _ in outcomes] == [True, False, True]
    assert isinstance(outcomes[1][1], ValueError)
    # the failed job's row was rolled back with it; the others are written once each
    assert _urls(db) == ["http://a/1", "http://a/3"]


def test_a_job_that_breaks_the_batch_reruns_the_others_alone(db: Database) -> None:
    # the duplicate URL fails at the database (unique), not in Python
    outcomes = run_batch(
        db.engine,
        contextlib.nullcontext(),
        [_add("http://b/1"), _add("http://b/1"), _add("http://b/2")],
    )
    assert [ok for ok, _ in outcomes] == [True, False, True]
    assert _urls(db) == ["http://b/1", "http://b/2"]


def test_loop_writer_commits_one_turns_jobs_together(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    real = run_batch

    def counting(engine: object, lock: object, jobs: list[object]) -> object:
        batches.append(len(jobs))
        return real(engine, lock, jobs)  # type: ignore[arg-type]

    monkeypatch.setattr("tracker.db.run_batch", counting)
    writer = LoopWriter(db.engine)

    async def main() -> list[object]:
        first = await asyncio.gather(*(writer.submit(_add(f"http://c/{i}")) for i in range(5)))
        later = await writer.submit(_add("http://c/later"))
        failed = writer.submit(_add("http://c/bad", fail=True))
        with pytest.raises(ValueError, match="fails"):
            await failed
        return [*first, later]

    results = asyncio.run(main())
    assert results == [*(f"http://c/{i}" for i in range(5)), "http://c/later"]
    assert batches == [5, 1, 1]
    assert len(_urls(db)) == 6


def test_loop_writer_skips_a_cancelled_job(db: Database) -> None:
    writer = LoopWriter(db.engine)

    async def main() -> None:
        doomed = writer.submit(_add("http://d/cancelled"))
        kept = writer.submit(_add("http://d/kept"))
        doomed.cancel()
        await kept

    asyncio.run(main())
    assert _urls(db) == ["http://d/kept"]


def test_batch_writer_runs_jobs_on_its_thread(db: Database) -> None:
    writer = BatchWriter(db.engine)
    threads: list[int] = []

    def job(connection: Connection) -> int:
        threads.append(threading.get_ident())
        return 1

    futures = [writer.submit(job) for _ in range(3)]
    assert [f.result(timeout=10) for f in futures] == [1, 1, 1]
    writer.close()
    # One thread of the writer's own ran them all (whatever it is called).
    assert len(set(threads)) == 1
    assert threads[0] != threading.get_ident()


def test_run_write_uses_the_loop_on_sqlite_and_a_thread_elsewhere(db: Database) -> None:
    seen: list[int] = []

    def job(connection: Connection) -> None:
        seen.append(threading.get_ident())

    asyncio.run(db.run_write(job))
    on_sqlite = db.engine.dialect.name == "sqlite"
    assert (seen == [threading.get_ident()]) is on_sqlite


def test_run_write_serves_each_event_loop_on_its_own(db: Database) -> None:
    # One loop after another (as every `asyncio.run` makes), and two at once in two threads.
    assert asyncio.run(db.run_write(_add("http://e/first"))) == "http://e/first"
    assert asyncio.run(db.run_write(_add("http://e/second"))) == "http://e/second"

    def in_thread(i: int) -> None:
        async def many() -> None:
            await asyncio.gather(*(db.run_write(_add(f"http://e/t{i}/{n}")) for n in range(20)))

        asyncio.run(many())

    threads = [threading.Thread(target=in_thread, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(_urls(db)) == 42
