"""A row the edges would refuse today, already in the database (written by an older release,
by hand, or by another tool): `check --all` and `tracker run` skip it with the reason recorded
and go on checking everything else. Before, one such row made both exit 70, on every restart."""

from __future__ import annotations

import copy
import signal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer
from tracker.models import Check, Source, Version
from tracker.store import NewSource, add_source

from ..servicetools import ServiceProcess, wait_for
from .contract import run_cli

# (interval_seconds, cron) as stored. The huge intervals were what `--every 99999999999w`
# and `--every 3000000d` stored; PostgreSQL's 32-bit column could never hold them.
BAD_EVERYWHERE = [(3600, "not a cron"), (3600, "* * 31 2 *"), (0, None), (-5, None)]
BAD_ON_SQLITE = [(6047999999395200, None), (259200000000, None)]


def page() -> str:
    return render("caliber", copy.deepcopy(next(iter(SAMPLE_ARTICLES.values()))))


def plant(db: Database, site: LoopbackServer) -> tuple[int, list[int]]:
    """One good source and the bad rows, each on a page that would check fine."""
    bad_rows = BAD_EVERYWHERE + (BAD_ON_SQLITE if db.engine.dialect.name == "sqlite" else [])
    with db.session() as session:
        good, _ = add_source(session, NewSource(url=site.set("/good", page())))
        bad = [
            add_source(session, NewSource(url=site.set(f"/bad/{i}", page())))[0]
            for i in range(len(bad_rows))
        ]
        session.flush()
        ids = (good.id, [s.id for s in bad])
    with db.engine.begin() as connection:  # behind the edges' back, as an old release could
        for source_id, (interval, cron) in zip(ids[1], bad_rows, strict=True):
            connection.execute(
                update(Source)
                .where(Source.id == source_id)
                .values(interval_seconds=interval, cron=cron)
            )
    return ids


def recorded(db: Database, source_id: int) -> list[tuple[str, str | None, str | None]]:
    with db.session() as session:
        return [
            (c.outcome, c.error, c.message)
            for c in session.scalars(select(Check).where(Check.source_id == source_id))
        ]


def versions(db: Database, source_id: int) -> int:
    with db.session() as session:
        return len(session.scalars(select(Version).where(Version.source_id == source_id)).all())


def test_check_all_skips_a_bad_row_and_checks_the_rest(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    good, bad = plant(db, site)
    code, out, err = run_cli("check", "--all")
    assert code == 0, err
    assert versions(db, good) == 1
    for source_id in bad:
        [(outcome, error, message)] = recorded(db, source_id)
        assert (outcome, error) == ("failed", "invalid_schedule"), message
        assert message and ("interval" in message or "cron" in message)
        assert versions(db, source_id) == 0
    assert out.count("invalid_schedule") == len(bad)
    assert not [r for r in site.requests if r.path.startswith("/bad/")]  # skipped, not fetched
    code, out, err = run_cli("list")
    assert code == 0 and "Traceback" not in err


def test_the_service_survives_a_bad_row(
    db: Database, settings: Settings, site: LoopbackServer, tmp_path: Path
) -> None:
    good, bad = plant(db, site)
    for attempt in (1, 2):  # and again after a restart
        log = tmp_path / f"run{attempt}.log"
        with ServiceProcess("run", log, {"TRACKER_DATABASE_URL": settings.database_url}) as svc:

            def all_checked(times: int = attempt, svc: ServiceProcess = svc) -> bool:
                return (
                    all(len(recorded(db, i)) >= times for i in [good, *bad])
                    or svc.proc.poll() is not None
                )

            wait_for(all_checked, 30, "a check of every source")
            assert svc.proc.poll() is None, svc.output()
            code, _ = svc.stop(signal.SIGTERM)
        assert code == 0, svc.output()
        assert "Traceback" not in svc.output(), svc.output()
        assert versions(db, good) == 1
        for source_id in bad:
            assert {error for _, error, _ in recorded(db, source_id)} == {"invalid_schedule"}
        with db.engine.begin() as connection:  # due again at once, bad rows included
            connection.execute(update(Source).values(next_check_at=None))


@pytest.mark.parametrize("every", ["99999999999w", "3000000d", "9" * 400])
def test_the_api_and_cli_never_store_such_a_row(settings: Settings, every: str) -> None:
    code, _, err = run_cli("add", "http://127.0.0.1:9/x", "--every", every)
    assert code == 2 and "at most" in err
