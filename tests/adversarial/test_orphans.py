"""`kill -9` of `tracker check --all` while its forked processes check: they end with it,
rather than checking on alone and then blocking forever on a pipe nobody reads."""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer, Route
from tracker.parallel import MIN_CHECKS_PER_PROCESS
from tracker.store import NewSource, add_source

from ..servicetools import wait_for

HOSTS = ("127.0.0.2", "127.0.0.3")


def children_of(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rpartition(")")[2].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.fixture
def slow_sites() -> Iterator[list[LoopbackServer]]:
    servers = [LoopbackServer(host).start() for host in HOSTS]
    yield servers
    for server in servers:
        server.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked checks are Linux-only")
def test_children_end_when_check_all_is_killed(
    settings: Settings, db: Database, slow_sites: list[LoopbackServer], tmp_path: Path
) -> None:
    body = render("caliber", copy.deepcopy(next(iter(SAMPLE_ARTICLES.values()))))
    with db.session() as session:
        for site in slow_sites:
            for i in range(MIN_CHECKS_PER_PROCESS):
                url = site.set(f"/slow/{i}", Route(body, delay=1.0))
                add_source(session, NewSource(url=url))
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": settings.database_url,
        "TRACKER_CHECK_PROCESSES": "2",
        "TRACKER_PER_HOST_CONCURRENCY": "1",
        "TRACKER_READ_TIMEOUT": "5",
    }
    parent = subprocess.Popen(
        [sys.executable, "-c", "from tracker.cli import main; main()", "check", "--all"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    try:
        wait_for(lambda: len(children_of(parent.pid)) >= 2, 30, "two checking processes")
        wait_for(lambda: any(s.requests for s in slow_sites), 30, "the first requests")
        children[:] = children_of(parent.pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        wait_for(lambda: not any(alive(c) for c in children), 15, "the children to end")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for child in children:  # orphans of a failed run do not outlive the test
            if alive(child):
                os.kill(child, signal.SIGKILL)
