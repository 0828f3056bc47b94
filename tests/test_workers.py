"""Whether a service is running, as the database knows it: workers say when they start, that
they are alive and when they stop; `tracker status` says it in words."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from tests.servicetools import ServiceProcess, wait_for
from tests.test_cli import run
from tracker.config import Settings
from tracker.db import Database
from tracker.jobs.workers import worker_seen, worker_started, worker_stopped
from tracker.models import Worker, utcnow

EMPTY_STATUS = [
    "service     not running: start it with `tracker run`",
    "sources     0 (0 active, 0 paused)",
    "due now     0",
    "checking    nothing right now",
    "failing     0",
    "last check  never",
    "next check  none due",
    "last hour   0 checks",
]


def _status(capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    code, out, err = run(capsys, "status", *extra)
    assert (code, err) == (0, ""), err
    return out.splitlines()


def test_status_of_an_empty_database_in_words(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _status(capsys) == EMPTY_STATUS


def test_status_says_whether_a_worker_is_alive(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    worker_started(db, "host:1:aaa", housekeeping=True)
    service = _status(capsys)[0]
    assert re.fullmatch(
        r"service     running: 1 worker \(with housekeeping\), started just now "
        r"\(\d\d:\d\d UTC\), heard from just now",
        service,
    ), service
    worker_started(db, "host:2:bbb", housekeeping=False)
    assert _status(capsys)[0].startswith("service     running: 2 workers (with housekeeping)")

    worker_stopped(db, "host:1:aaa")
    with db.session() as session:  # the other one has not been heard from for 5 minutes
        session.execute(
            update(Worker)
            .where(Worker.owner == "host:2:bbb")
            .values(seen_at=utcnow() - dt.timedelta(minutes=5))
        )
    assert re.fullmatch(
        r"service     not running \(last seen just now \(\d\d:\d\d UTC\)\): "
        r"start it with `tracker run`",
        _status(capsys)[0],
    )
    # A heartbeat brings a worker back, even one whose row went missing.
    with db.session() as session:
        session.execute(delete(Worker))
    worker_seen(db, "host:2:bbb", housekeeping=False)
    assert _status(capsys)[0].startswith("service     running: 1 worker (checks only)")

    info = json.loads(run(capsys, "status", "--json")[1])
    assert [w["owner"] for w in info["service"]["running"]] == ["host:2:bbb"]
    # --json only grew: every key it had is still there.
    assert {
        "sources",
        "enabled",
        "paused",
        "due",
        "leased",
        "failing",
        "by_status",
        "last_check_at",
        "next_check_at",
        "checks_last_hour",
        "checks_per_minute",
        "outcomes_last_hour",
        "active_workers",
        "outlets",
        "now",
    } <= set(info)


def test_a_running_service_is_seen_and_its_stop_is_recorded(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    def status() -> str:
        done = subprocess.run(
            [sys.executable, "-c", "from tracker.cli import main; main()", "status"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[0]

    with ServiceProcess("run", tmp_path / "run.log", {}) as service:
        wait_for(lambda: status().startswith("service     running: 1 worker"), 20, "a worker")
        assert service.stop()[0] == 0
    assert status().startswith("service     not running (last seen just now (")
    with db.session() as session:
        [worker] = session.scalars(select(Worker)).all()
        assert worker.housekeeping and worker.stopped_at is not None
