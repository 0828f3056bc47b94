"""Scale-out on one PostgreSQL: how many checks several workers claim and record, and what
1,000,000 sources cost the database.

    python bench/scale_postgres.py --url postgresql+psycopg://postgres@127.0.0.1:5432/i18_scale
    python bench/scale_postgres.py --url ... --sources 100000 --workers 1 2 --window 10

The database at --url is emptied and migrated. Sources are generated in SQL (no page is
fetched): each on a 5-minute schedule, on one of 100,000 hosts, its next check spread from a
minute ago to four minutes ahead (a fifth of them due, as after a restart; the rest fall due
at the scheduled rate). Each run starts N `tracker run` workers (the real service: claims,
leases, the pipeline's snapshot and its write transaction) whose fetch is a stub that waits
--stub-ms and answers 304 Not Modified, so what is measured is the queue and the writes of a
check whose page did not change (one check row, one source update), not the network.

Printed: per worker count, checks recorded per second over --window seconds (after 3 s of
start-up), the CPU of the workers and of the PostgreSQL server's processes, and the WAL
written per check; the claim query's plan (EXPLAIN ANALYZE) at this size; the size on disk
of each table per row, and from those a source's storage per month at the change rates
given (--versions-per-month, --views-per-month) with the retention settings applied; the
write rate of --sources on a 5-minute schedule.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import logging
import multiprocessing as mp
import os
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

CLAIM_BATCH = 128  # what a worker with TRACKER_CONCURRENCY=64 claims at most (twice that)
ZYTE = Path(__file__).resolve().parents[2] / "shared" / "extraction-bench" / "html"


# ---------------------------------------------------------------------------- the data


def prepare(url: str, sources: int) -> None:
    """An empty, migrated database with `sources` generated sources."""
    from tracker.db import open_database

    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    open_database(url).dispose()  # migrates
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    started = time.perf_counter()
    with engine.connect() as connection:
        connection.execute(
            text(
                """
                INSERT INTO sources (url, interval_seconds, enabled, exclude_selectors, status,
                                     consecutive_failures, created_at, next_check_at)
                SELECT 'http://h' || (g % 100000) || '.example/article/' || g, 300, true,
                       '[]'::jsonb, 'ok', 0, now(),
                       now() + (random() * 300 - 60) * interval '1 second'
                FROM generate_series(1, :n) AS g
                """
            ),
            {"n": sources},
        )
        connection.execute(text("VACUUM ANALYZE sources"))
    engine.dispose()
    print(f"{sources} sources generated in {time.perf_counter() - started:.0f} s")


# ---------------------------------------------------------------------------- the workers


def worker(url: str, seconds: float, stub_ms: float, concurrency: int, out: Any) -> None:
    """One `tracker run` worker (no housekeeping) with a stub fetch, for `seconds`."""
    os.environ.update(
        {
            "TRACKER_DATABASE_URL": url,
            "TRACKER_CONCURRENCY": str(concurrency),
            "TRACKER_PER_HOST_DELAY": "0",
            "TRACKER_POLL_INTERVAL": "0.5",
            "TRACKER_CONFIG": "/nonexistent/tracker.toml",
        }
    )
    from tracker import pipeline
    from tracker.config import Settings
    from tracker.db import open_database
    from tracker.fetch import FetchOutcome, FetchPolicy, FetchResult
    from tracker.jobs.service import Service

    async def stub_fetch(
        client: Any,
        url: str,
        policy: FetchPolicy,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        await asyncio.sleep(stub_ms / 1000)
        return FetchResult(url, url, FetchOutcome.NOT_MODIFIED, status=304, etag='"same"')

    pipeline.fetch = stub_fetch  # type: ignore[assignment]
    # A claim round still running when the next is due is normal here: not worth a line each.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    db = open_database(url, migrate=False)
    service = Service(db, Settings(), housekeeping=False)

    async def run() -> int:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(seconds, stop.set)
        return (await service.run(stop)).checked

    checked = asyncio.run(run())
    db.dispose()
    out.put(checked)


def _proc_cpu(pid: int | str | None) -> float:
    """CPU seconds of a process (user and system), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_cpu() -> float:
    """CPU seconds of every process of the PostgreSQL server on this machine."""
    total = 0.0
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                total += _proc_cpu(comm.parent.name)
        except OSError:
            continue
    return total


def _sample(engine: Engine, procs: list[Any]) -> tuple[int, int, float, float, float]:
    """Checks recorded, WAL position, PostgreSQL's CPU, the workers' CPU, the time."""
    with engine.connect() as connection:
        checks = connection.scalar(text("SELECT count(*) FROM checks"))
        wal = connection.scalar(text("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"))
    workers = sum(_proc_cpu(p.pid) for p in procs)
    return int(checks or 0), int(wal or 0), _postgres_cpu(), workers, time.monotonic()


def run_workers(
    engine: Engine, url: str, count: int, window: float, stub_ms: float, concurrency: int
) -> dict[str, float]:
    context = mp.get_context("spawn")
    out = context.Queue()
    warmup = 3.0
    procs = [
        context.Process(target=worker, args=(url, warmup + window, stub_ms, concurrency, out))
        for _ in range(count)
    ]
    for proc in procs:
        proc.start()
    time.sleep(warmup)
    checks0, wal0, pg0, workers0, t0 = _sample(engine, procs)
    time.sleep(window)
    checks1, wal1, pg1, workers1, t1 = _sample(engine, procs)
    for _ in procs:
        out.get(timeout=120)
    for proc in procs:
        proc.join(timeout=60)
    checks = checks1 - checks0
    return {
        "checks/s": checks / (t1 - t0),
        "worker CPU %": 100 * (workers1 - workers0) / (t1 - t0),
        "PostgreSQL CPU %": 100 * (pg1 - pg0) / (t1 - t0),
        "WAL bytes/check": (wal1 - wal0) / max(1, checks),
    }


# ---------------------------------------------------------------------------- the plan


def claim_plan(engine: Engine) -> str:
    """EXPLAIN ANALYZE of the statements claim_due runs, at this size (rolled back)."""
    from tracker.jobs import claim
    from tracker.models import Source, utcnow

    now = utcnow()
    if hasattr(claim, "claim_reads"):
        reads = [read.limit(CLAIM_BATCH) for read in claim.claim_reads(now)]
    else:  # one read in the claim's order (before migration 0008)
        reads = [
            claim.select(Source.id, Source.url)
            .where(*claim._due(now))
            .order_by(Source.next_check_at.asc().nulls_first(), Source.id)
            .limit(CLAIM_BATCH)
        ]
    plans = []
    with engine.connect() as connection:
        for read in reads:
            stmt = read.with_for_update(skip_locked=True)
            sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
            connection.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}"))  # warm
            plans += connection.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")).scalars()
        connection.rollback()
    return "\n".join(plans)


# ---------------------------------------------------------------------------- storage


def storage(engine: Engine, url: str, versions: float, views: float) -> None:
    """Bytes per row of each table as stored here (indexes and TOAST included), measured by
    writing sample rows: versions with a real page's raw HTML, compressed as the pipeline
    does, and changes as a one-word edit records them."""
    from isal import isal_zlib  # as the pipeline compresses raw HTML

    from tracker.db import open_database
    from tracker.extract import extract
    from tracker.models import ChangeRecord, Version, ViewCount

    pages = sorted(ZYTE.glob("*.html.gz"))[:50]
    db = open_database(url, migrate=False)
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT id FROM sources ORDER BY id LIMIT 2000")).scalars()
        ids = list(ids)

    def size(table: str) -> int:
        with engine.connect() as connection:
            return int(connection.scalar(text(f"SELECT pg_total_relation_size('{table}')")))

    before = {t: size(t) for t in ("versions", "changes", "view_counts", "checks", "sources")}
    with engine.connect() as connection:
        check_rows = connection.scalar(text("SELECT count(*) FROM checks"))
    sample_versions = 0
    with db.session() as session:
        for i, source_id in enumerate(ids):
            data = gzip.decompress(pages[i % len(pages)].read_bytes())
            article = extract(data)
            meta = {k: v for k, v in article.to_json().items() if k not in ("title", "paragraphs")}
            session.add(
                Version(
                    source_id=source_id,
                    seq=1_000_000 + i,
                    content_hash=article.content_hash(),
                    title=article.title,
                    paragraphs=list(article.paragraphs),
                    meta=meta,
                    raw_html=isal_zlib.compress(data, 1),
                )
            )
            sample_versions += 1
            session.add(
                ChangeRecord(
                    source_id=source_id,
                    kind="paragraph_edited",
                    summary="Paragraph 1 edited: word -> revised",
                    detail={
                        "old": article.paragraphs[0] if article.paragraphs else "",
                        "new": article.paragraphs[0] if article.paragraphs else "",
                        "diff": [["equal", "x" * 200], ["delete", "word"], ["insert", "revised"]],
                        "index": 0,
                        "significance": [],
                    },
                    significance=None,
                )
            )
            for k in range(5):
                session.add(ViewCount(source_id=source_id, views=1000 + k))
    db.dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE versions, changes, view_counts"))
    after = {t: size(t) for t in before}
    per_version = (after["versions"] - before["versions"]) / sample_versions
    with engine.connect() as connection:
        raw = connection.scalar(
            text("SELECT avg(octet_length(raw_html)) FROM versions WHERE raw_html IS NOT NULL")
        )
    per_version_without_raw = per_version - float(raw)
    per_change = (after["changes"] - before["changes"]) / sample_versions
    per_view = (after["view_counts"] - before["view_counts"]) / (5 * sample_versions)
    per_check = after["checks"] / max(1, check_rows)
    sources = int(_scalar(engine, "SELECT count(*) FROM sources"))
    per_source = after["sources"] / sources
    month_checks = 30 * 24 * 12  # a 5-minute schedule
    print("\nStorage as measured here (bytes per row, indexes and TOAST included):")
    print(f"  source {per_source:.0f}, check {per_check:.0f}, version {per_version:.0f}")
    print(f"  (of which raw HTML {float(raw):.0f}), change {per_change:.0f}, view {per_view:.0f}")
    print(
        f"A source on a 5-minute schedule, {versions:g} versions and {views:g} view counts a "
        "month (a change row per version):"
    )
    for retention, raw_days in ((90, 30), (7, 30), (2, 7)):
        checks_kept = month_checks * retention / 30
        raw_kept = min(versions * raw_days / 30, versions) + 1  # the latest always keeps it
        first_month = (
            per_source
            + checks_kept * per_check
            + versions * (per_version_without_raw + per_change)
            + raw_kept * float(raw)
            + views * per_view
        )
        growth = versions * (per_version_without_raw + per_change) + views * per_view
        print(
            f"  retention {retention} d of checks, {raw_days} d of raw HTML: "
            f"{first_month / 1e6:.2f} MB at steady state, then +{growth / 1e3:.0f} KB a month"
            f" (1M sources: {first_month / 1e3:.0f} GB, +{growth / 1e3:.0f} GB a month)"
        )


def _scalar(engine: Engine, sql: str) -> Any:
    with engine.connect() as connection:
        return connection.scalar(text(sql))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="a PostgreSQL database to empty and use")
    parser.add_argument("--sources", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the worker counts")
    parser.add_argument("--window", type=float, default=15.0, help="seconds measured per run")
    parser.add_argument("--stub-ms", type=float, default=20.0, help="the stub fetch's time")
    parser.add_argument("--concurrency", type=int, default=64, help="checks in flight a worker")
    parser.add_argument("--versions-per-month", type=float, default=4.0)
    parser.add_argument("--views-per-month", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="reuse the sources already there")
    args = parser.parse_args()

    engine = create_engine(args.url)
    if not args.keep:
        prepare(args.url, args.sources)
    print(f"\n{_scalar(engine, 'SELECT count(*) FROM sources')} sources; claim query plan:")
    print(claim_plan(engine))
    results: dict[int, list[dict[str, float]]] = {n: [] for n in args.workers}
    for _ in range(args.rounds):
        for n in args.workers:
            results[n].append(
                run_workers(engine, args.url, n, args.window, args.stub_ms, args.concurrency)
            )
    print(
        f"\n{args.rounds} rounds of {args.window:g} s, stub fetch {args.stub_ms:g} ms, "
        f"concurrency {args.concurrency} a worker; median (range)"
    )
    keys = list(next(iter(results.values()))[0])
    print("| workers | " + " | ".join(keys) + " |")
    print("| ---: | " + " | ".join("---:" for _ in keys) + " |")
    for n, runs in results.items():
        cells = []
        for key in keys:
            values = [r[key] for r in runs]
            cells.append(f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})")
        print(f"| {n} | " + " | ".join(cells) + " |")
    print("\nclaim query plan after the runs:")
    print(claim_plan(engine))
    storage(engine, args.url, args.versions_per_month, args.views_per_month)
    rate = args.sources / 300
    print(
        f"\n{args.sources} sources every 5 minutes: {rate:.0f} checks/s, each a check row and a "
        f"source update ({2 * rate:.0f} rows written a second) plus versions and changes."
    )
    engine.dispose()


if __name__ == "__main__":
    main()
