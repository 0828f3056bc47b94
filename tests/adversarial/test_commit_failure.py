"""A write that did not commit is never reported as done.

First the batch writer itself, with a real COMMIT that fails (SQLite checks a deferred foreign
key only at COMMIT), then the whole of `tracker check --all` on a disk that fills up: a 4 MB
tmpfs, mounted where the machine allows it."""

from __future__ import annotations

import contextlib
import copy
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, select, text

from tracker.db import open_database, run_batch
from tracker.demo.layouts import SAMPLE_ARTICLES, PageState, render
from tracker.demo.server import LoopbackServer
from tracker.models import Version
from tracker.store import NewSource, add_source


def _fine(connection: Connection) -> str:
    connection.execute(text("INSERT INTO sources_probe (n) VALUES (1)"))
    return "fine"


def _fails_at_commit(connection: Connection) -> str:
    # Accepted now, refused by the COMMIT: the job itself returns normally.
    connection.execute(text("PRAGMA defer_foreign_keys = ON"))
    connection.execute(text("INSERT INTO probe_child (parent) VALUES (12345)"))
    return "looks stored"


def test_a_job_whose_commit_fails_gets_only_its_error(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'batch.db'}")
    try:
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE sources_probe (n INTEGER)"))
            connection.execute(text("CREATE TABLE probe_parent (id INTEGER PRIMARY KEY)"))
            connection.execute(
                text("CREATE TABLE probe_child (parent INTEGER REFERENCES probe_parent(id))")
            )
        jobs: list[Callable[[Connection], Any]] = [_fine, _fails_at_commit, _fine]
        outcomes = run_batch(db.engine, contextlib.nullcontext(), jobs)
        assert len(outcomes) == len(jobs)
        assert [ok for ok, _ in outcomes] == [True, False, True]
        assert "FOREIGN KEY" in str(outcomes[1][1])
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM probe_child")).scalar() == 0
            assert connection.execute(text("SELECT count(*) FROM sources_probe")).scalar() == 2
    finally:
        db.dispose()


# ------------------------------------------------------------------ a full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the disk-full test runs where it can)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _words(seed: int, count: int) -> str:
    rng = random.Random(seed)  # incompressible enough that the raw HTML takes room
    return " ".join(
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
        for _ in range(count)
    )


def _article(seed: int, extra: int) -> str:
    state: PageState = copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))
    state.paragraphs.extend(_words(seed * 1000 + i, 120) + "." for i in range(extra))
    return render("caliber", state)


def test_check_all_on_a_full_disk_says_so_and_reports_nothing_unstored(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{small_disk / 'tracker.db'}"
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": url,
        "TRACKER_ALLOW_PRIVATE_NETWORKS": "true",
        "TRACKER_RETRIES": "0",
        "TRACKER_CHECK_PROCESSES": "1",
    }
    with LoopbackServer() as site:
        urls = [site.set(f"/t{i}", _article(i, 2)) for i in range(8)]
        db = open_database(url)
        with db.session() as session:
            for u in urls:
                add_source(session, NewSource(url=u))
        db.dispose()
        tracker = [sys.executable, "-c", "from tracker.cli import main; main()"]
        first = subprocess.run(
            [*tracker, "check", "--all"], env=env, capture_output=True, text=True
        )
        assert first.returncode == 0, first.stderr
        # Every page grows far beyond what is left of the disk.
        for i in range(8):
            site.set(f"/t{i}", _article(100 + i, 60))
        filler = small_disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
        # Room to open the database and start writing, not to write it all: the disk fills
        # up during the run.
        os.truncate(filler, max(0, filler.stat().st_size - 256 * 1024))
        second = subprocess.run(
            [*tracker, "check", "--all"], env=env, capture_output=True, text=True
        )
        filler.unlink()

    assert second.returncode not in (0, 70), (second.stdout, second.stderr)
    assert "Traceback" not in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1, second.stderr
    assert "full" in second.stderr, second.stderr
    # One line per page (the lines of its changes are indented under it): none twice, none
    # lost. Every page has the same headline, so stored versions are counted, not named.
    lines = [line for line in second.stdout.splitlines() if line and not line.startswith(" ")]
    assert len(lines) == 8, second.stdout
    db = open_database(url)
    try:
        with db.session() as session:
            stored = session.scalars(select(Version.seq).where(Version.seq == 2)).all()
    finally:
        db.dispose()
    said = [line for line in lines if ": version 2 stored" in line]
    assert len(said) == len(stored), (said, stored)  # said to be stored: it is
    assert all("not stored" in line for line in lines if line not in said), lines
    assert any("not stored" in line for line in lines)
