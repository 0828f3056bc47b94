"""The service as real processes: schedules, signals, and a worker killed with kill -9."""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

import tracker.jobs.claim
from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer, Route
from tracker.models import Check, Source

from .servicetools import ServiceProcess, wait_for
from .test_pipeline import add


def page() -> str:
    return render("caliber", copy.deepcopy(next(iter(SAMPLE_ARTICLES.values()))))


def checks_of(db: Database, source_id: int) -> int:
    with db.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(Check).where(Check.source_id == source_id)
            )
            or 0
        )


def leases(db: Database) -> list[tuple[int, str | None]]:
    with db.session() as session:
        return [
            (row[0], row[1])
            for row in session.execute(
                select(Source.id, Source.lease_owner).where(Source.lease_owner.is_not(None))
            )
        ]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_run_checks_on_schedule_and_stops_cleanly(
    sig: int, db: Database, settings: Settings, site: LoopbackServer, tmp_path: Path
) -> None:
    fast = [add(db, site.set(f"/fast/{i}", page()), interval_seconds=2) for i in range(3)]
    slow_url = site.set("/slow", Route(page(), delay=1.5))
    slow = add(db, slow_url, interval_seconds=3600)
    with ServiceProcess("run", tmp_path / "run.log", {}) as service:
        wait_for(
            lambda: all(len(site.requests_to(f"/fast/{i}")) >= 2 for i in range(3)),
            30,
            "two checks of each 2-second source",
        )
        # The slow page: signal while its check is in flight; the check must still land.
        site.set("/slow", Route(page(), delay=1.5))
        with db.session() as session:
            source = session.get(Source, slow)
            assert source is not None
            source.next_check_at = None
        wait_for(lambda: len(site.requests_to("/slow")) >= 2, 15, "the slow page's second check")
        code, took = service.stop(sig)
        output = service.output()
    assert code == 0, output
    assert took < 10
    assert re.search(r"stopped after \d+ checks?: \d+ with changes, \d+ failed", output)
    assert "Traceback" not in output
    assert checks_of(db, slow) == len(site.requests_to("/slow")) == 2  # in flight, finished
    assert leases(db) == []
    for source_id, i in zip(fast, range(3), strict=True):
        times = [r.at for r in site.requests_to(f"/fast/{i}")]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert all(gap >= 1.95 for gap in gaps), gaps  # never twice within its interval
        assert checks_of(db, source_id) == len(times)


def test_killed_worker_leaves_a_lease_that_expires(
    db: Database, settings: Settings, site: LoopbackServer, tmp_path: Path
) -> None:
    url = site.set("/slow", Route(page(), delay=1.5))
    source_id = add(db, url, interval_seconds=3600)
    env = {
        "TRACKER_LEASE_SECONDS": "6",
        "TRACKER_TOTAL_TIMEOUT": "2",
        "TRACKER_READ_TIMEOUT": "2",
    }
    with ServiceProcess("worker", tmp_path / "a.log", env) as first:
        wait_for(lambda: site.requests_to("/slow"), 20, "the first worker's request")
        first.kill()  # kill -9, mid-check
    [(leased_id, owner)] = leases(db)
    assert leased_id == source_id and owner and str(first.pid) in owner
    assert checks_of(db, source_id) == 0  # nothing half-written
    with db.session() as session:
        source = session.get(Source, source_id)
        assert source is not None and source.lease_until is not None
        lease_until = source.lease_until.timestamp()

    with ServiceProcess("worker", tmp_path / "b.log", env) as second:
        wait_for(lambda: len(site.requests_to("/slow")) >= 2, 20, "the check after the lease")
        wait_for(lambda: checks_of(db, source_id) == 1, 10, "the second worker's check")
        code, _ = second.stop()
    assert code == 0, second.output()
    retry = site.requests_to("/slow")[1].at
    assert retry >= lease_until - 0.2  # not before the dead worker's lease ran out
    assert len(site.requests_to("/slow")) == 2
    assert leases(db) == []


def test_status_reports_the_service(
    db: Database, settings: Settings, site: LoopbackServer, tmp_path: Path
) -> None:
    add(db, site.set("/a", page()), interval_seconds=3600)
    add(db, site.set("/gone", Route("no", status=404)), interval_seconds=3600)
    with ServiceProcess("run", tmp_path / "run.log", {}) as service:
        wait_for(lambda: len(site.requests) >= 2, 20, "both checks")
        time.sleep(0.3)
        assert service.stop()[0] == 0
    result = subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()", "status", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["sources"] == 2 and info["due"] == 0 and info["leased"] == 0
    assert info["failing"] == 1 and info["checks_last_hour"] == 2
    assert info["last_check_at"] is not None and info["checks_per_minute"] == pytest.approx(
        2 / 60, abs=0.01
    )


def test_stopping_during_a_claim_leaves_no_lease(
    db: Database, settings: Settings, site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The claim is slow (a busy database): the service is told to stop while it is in
    # flight, and must release what that claim leased once it has committed.
    from tracker.jobs import service as service_module

    for i in range(5):
        add(db, site.set(f"/c{i}", page()))
    real = tracker.jobs.claim.claim_due
    in_claim = threading.Event()

    def slow_claim(*args: object, **kw: object) -> object:
        in_claim.set()
        time.sleep(0.5)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(service_module, "claim_due", slow_claim)

    async def run() -> None:
        stop = asyncio.Event()
        quick = settings.model_copy(update={"poll_interval": 0.1, "start_jitter": 0})
        service = service_module.Service(db, quick)
        task = asyncio.create_task(service.run(stop))
        await asyncio.to_thread(in_claim.wait, 10)
        stop.set()
        await task

    asyncio.run(run())
    assert leases(db) == []
