"""Scale-out: three `tracker run` processes share a few hundred sources on one PostgreSQL.

Every source must be checked on its schedule and never twice within one interval, and every
process must take part. Runs when TRACKER_TEST_POSTGRES_URL is set (.ci/run sets it), on a
database of its own (`<name>_scale`) so that it never collides with the per-test resets.
"""

from __future__ import annotations

import copy
import itertools
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from tracker.db import open_database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer, Route
from tracker.models import Check, Source

from .conftest import POSTGRES_URL, reset_postgres
from .servicetools import ServiceProcess

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="TRACKER_TEST_POSTGRES_URL is not set")

SOURCES = 150
INTERVAL = 12.0  # seconds
START_JITTER = 10.0  # the first checks spread over this long (about 15 checks/s in all)
POLL = 0.5
RUN_FOR = 32.0
# A check is due INTERVAL (+ up to a tenth of it as jitter) after the previous one ended, and
# is claimed within one poll; the rest is slack for a busy two-core machine.
LATEST_GAP = INTERVAL * 1.1 + POLL + 4.0


@pytest.fixture
def scale_database_url() -> Iterator[str]:
    assert POSTGRES_URL is not None
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_scale"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    scale_url = url.set(database=name).render_as_string(hide_password=False)
    reset_postgres(scale_url)
    yield scale_url


def test_three_workers_share_the_sources(scale_database_url: str, tmp_path: Path) -> None:
    html = render("caliber", copy.deepcopy(next(iter(SAMPLE_ARTICLES.values()))))
    route = Route(html)
    db = open_database(scale_database_url)
    with LoopbackServer() as site:
        paths = [f"/article/{i}" for i in range(SOURCES)]
        with db.session() as session:
            for path in paths:
                session.add(
                    Source(
                        url=site.set(path, route),
                        interval_seconds=int(INTERVAL),
                        exclude_selectors=[],
                        enabled=True,
                        status="new",
                        consecutive_failures=0,
                    )
                )
        env = {
            "TRACKER_DATABASE_URL": scale_database_url,
            "TRACKER_START_JITTER": str(START_JITTER),
            "TRACKER_POLL_INTERVAL": str(POLL),
            "TRACKER_CONCURRENCY": "8",
            "TRACKER_PER_HOST_CONCURRENCY": "8",
            "TRACKER_LEASE_SECONDS": "60",
        }
        started = time.time()
        workers = [ServiceProcess("run", tmp_path / f"run{i}.log", env) for i in range(3)]
        try:
            time.sleep(RUN_FOR)
            stopped = time.time()
            results = [w.stop() for w in workers]
        finally:
            for w in workers:
                w.__exit__()
        requests = list(site.requests)

    outputs = [w.output() for w in workers]
    for (code, took), output in zip(results, outputs, strict=True):
        assert code == 0 and took < 10, output
    per_worker = [
        int(m.group(1)) for o in outputs for m in re.finditer(r"stopped after (\d+) checks?", o)
    ]
    assert len(per_worker) == 3 and all(n > 0 for n in per_worker), outputs

    times: dict[str, list[float]] = defaultdict(list)
    for r in requests:
        times[r.path].append(r.at)
    assert set(times) == set(paths)
    late: list[str] = []
    for path in paths:
        seen = sorted(times[path])
        gaps = [b - a for a, b in itertools.pairwise(seen)]
        # never twice within an interval
        assert all(gap >= INTERVAL - 0.05 for gap in gaps), (path, gaps)
        # on schedule: first check within the start spread, then one per interval
        if (
            seen[0] > started + START_JITTER + 8
            or any(gap > LATEST_GAP for gap in gaps)
            or seen[-1] < stopped - LATEST_GAP
        ):
            late.append(f"{path}: {[round(t - started, 1) for t in seen]}")
    assert not late, late[:10]

    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Check)) == len(requests)
        assert sum(per_worker) == len(requests)
        leased = session.scalar(
            select(func.count()).select_from(Source).where(Source.lease_owner.is_not(None))
        )
        assert leased == 0
    db.dispose()


def test_the_scale_benchmark_runs(scale_database_url: str) -> None:
    """bench/scale_postgres.py, briefly: it generates sources, runs a worker, and reports
    (its figures are for bench/README.md, never asserted here)."""
    script = Path(__file__).resolve().parents[1] / "bench" / "scale_postgres.py"
    done = subprocess.run(
        [
            *(sys.executable, str(script), "--url", scale_database_url, "--sources", "2000"),
            *("--workers", "1", "--rounds", "1", "--window", "1", "--stub-ms", "1"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "| workers | checks/s |" in done.stdout
    assert "claim query plan" in done.stdout
