"""`tracker check` over several processes: every source checked once, a host's checks in one
process, reports in order, and a process that dies or gives up costs only its own checks."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import LAYOUTS, SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer, Route
from tracker.models import Check, Version
from tracker.parallel import can_fork, check_in_processes, split_by_host
from tracker.politeness import host_of
from tracker.store import labels_of, list_sources

from .test_pipeline import add

HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")

targets_strategy = st.lists(
    st.tuples(st.integers(1, 50), st.sampled_from([f"http://h{i}.example/p" for i in range(7)])),
    max_size=60,
)


@given(targets_strategy, st.integers(1, 5))
def test_split_keeps_hosts_together_and_loses_nothing(
    targets: list[tuple[int, str]], parts: int
) -> None:
    groups = split_by_host(targets, parts)
    assert sorted(t for g in groups for t in g) == sorted(targets)
    assert len(groups) <= parts and all(groups)
    hosts = [{host_of(url) for _, url in group} for group in groups]
    assert all(a.isdisjoint(b) for i, a in enumerate(hosts) for b in hosts[i + 1 :])


def test_split_balances_hosts() -> None:
    targets = [(i, f"http://h{i % 4}.example/{i}") for i in range(40)]
    assert sorted(len(g) for g in split_by_host(targets, 2)) == [20, 20]
    # one big host cannot be split: it stays whole
    lopsided = [(i, "http://big.example/x") for i in range(30)] + [(99, "http://small.example/")]
    assert sorted(len(g) for g in split_by_host(lopsided, 3)) == [1, 30]


@pytest.fixture
def sites() -> Iterator[list[LoopbackServer]]:
    servers = [LoopbackServer(host).start() for host in HOSTS]
    yield servers
    for server in servers:
        server.stop()


def _publish(sites: list[LoopbackServer], per_site: int) -> list[str]:
    states = list(SAMPLE_ARTICLES.values())
    urls = []
    for s, server in enumerate(sites):
        for i in range(per_site):
            state = states[(s + i) % len(states)]
            urls.append(server.set(f"/a{i}", render(LAYOUTS[i % len(LAYOUTS)], state)))
    return urls


def _run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The check from a fresh single-threaded process (this one has server threads)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("concurrency", "processes"),
    [("16", 2), ("1", 1)],  # never more processes than requests allowed in flight
)
def test_check_all_in_two_processes_checks_every_source_once(
    db: Database,
    settings: Settings,
    sites: list[LoopbackServer],
    concurrency: str,
    processes: int,
) -> None:
    urls = _publish(sites, 12)
    for url in urls:
        add(db, url)
    script = """
        import json, os
        from tracker import parallel
        split = parallel.split_by_host
        seen = []
        def spy(targets, parts, *rest):
            groups = split(targets, parts, *rest)
            seen.append(len(groups))
            return groups
        parallel.split_by_host = spy
        from tracker.cli import main
        try:
            main(["check", "--all"])
        except SystemExit as exc:
            assert not exc.code, exc.code
        print(json.dumps({"processes": seen}))
    """
    done = _run(script, {"TRACKER_CHECK_PROCESSES": "2", "TRACKER_CONCURRENCY": concurrency})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert json.loads(lines[-1]) == {"processes": [processes]}
    # one line per source, in the order of the sources (each named by its headline), each
    # a new version; the lines of its changes are indented under it
    heads = [line for line in lines[:-1] if not line.startswith(" ")]
    with db.session() as session:
        ids = [s.id for s in list_sources(session)]
        labels = labels_of(session, ids)
    assert [line.partition(": version")[0] for line in heads] == [labels[i] for i in ids]
    assert all(": version 1 stored" in line for line in heads)
    for server in sites:
        assert collections.Counter(r.path for r in server.requests) == {
            f"/a{i}": 1 for i in range(12)
        }
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Check)) == len(urls)
        assert session.scalar(select(func.count()).select_from(Version)) == len(urls)


def test_what_the_console_script_froze_stays_frozen(
    db: Database, settings: Settings, sites: list[LoopbackServer]
) -> None:
    """The console script freezes what its start built (the collector never walks it again);
    forking the processes freezes what exists then and must not thaw that afterwards."""
    for url in _publish(sites, 12):
        add(db, url)
    script = """
        import gc, json
        from tracker.cli import main
        gc.freeze()  # (as the console script does before it runs a command)
        frozen = gc.get_freeze_count()
        try:
            main(["check", "--all"])
        except SystemExit as exc:
            assert not exc.code, exc.code
        print(json.dumps({"frozen": frozen, "after": gc.get_freeze_count()}))
    """
    done = _run(script, {"TRACKER_CHECK_PROCESSES": "2", "TRACKER_CONCURRENCY": "16"})
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["frozen"] > 0 and counts["after"] >= counts["frozen"], counts


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        ("os._exit(9)", "not checked: the process checking this source died"),
        (
            "raise RuntimeError('database went away\\nsecond line')",
            "not checked: RuntimeError: database went away",
        ),
    ],
)
def test_a_process_that_dies_costs_only_its_own_checks(
    db: Database, settings: Settings, sites: list[LoopbackServer], failure: str, reason: str
) -> None:
    urls = _publish(sites, 10)
    ids = [add(db, url) for url in urls]
    script = f"""
        import json, os
        from tracker import parallel
        from tracker.config import load_settings
        from tracker.db import open_database
        real = parallel.check_many
        async def check_many(db, part, settings, on_done=None):
            if any("127.0.0.3" in url for _, url in part):
                {failure}
            return await real(db, part, settings, on_done=on_done)
        parallel.check_many = check_many
        settings = load_settings()
        targets = {json.dumps([[i, u] for i, u in zip(ids, urls, strict=True)])}
        reports = parallel.check_in_processes(
            settings, [tuple(t) for t in targets], db=open_database(settings.database_url),
            processes=3,
        )
        print(json.dumps([[r.url, r.outcome, r.message] for r in reports]))
    """
    done = _run(script, {})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    reports = json.loads(done.stdout.strip().splitlines()[-1])
    assert [url for url, _, _ in reports] == urls
    for url, outcome, message in reports:
        if "127.0.0.3" in url:
            assert (outcome, message) == ("failed", reason)
        else:
            assert outcome == "changed"
    # nothing was recorded for the sources it never checked; the others were
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Check)) == 20
    assert sites[1].requests == []


def test_with_threads_running_the_checks_stay_in_this_process(
    db: Database, settings: Settings, sites: list[LoopbackServer]
) -> None:
    # This test process runs server threads: forking it is unsafe, so nothing is forked.
    assert not can_fork()
    urls = _publish(sites, 2)
    targets = [(add(db, url), url) for url in urls]
    reports = check_in_processes(settings, targets, db=db, processes=3)
    assert [(r.url, r.outcome) for r in reports] == [(u, "changed") for u in urls]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_ctrl_c_stops_every_process_quietly(
    db: Database, settings: Settings, sites: list[LoopbackServer], processes: str
) -> None:
    states = list(SAMPLE_ARTICLES.values())
    urls = []
    for s, server in enumerate(sites):
        for i in range(12):
            page = render(LAYOUTS[i % len(LAYOUTS)], states[(s + i) % len(states)])
            # the first pages answer at once, the rest take long enough to be interrupted
            urls.append(server.set(f"/slow{i}", Route(page, delay=0.0 if i < 2 else 3.0)))
    for url in urls:
        add(db, url)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tracker.cli import main; main(['check', '--all'])"],
        env={**os.environ, "TRACKER_CHECK_PROCESSES": processes},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 20
    while sum(len(s.requests) for s in sites) < 12 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    _out, err = proc.communicate(timeout=30)
    # the command line's own answer to Ctrl-C (exit 130), and no process prints a traceback
    assert proc.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, err
    # what was recorded is whole: every check that made a version has it
    with db.session() as session:
        checks = session.scalars(select(Check)).all()
        versions = session.scalar(select(func.count()).select_from(Version))
    assert 0 < len(checks) < len(urls)
    assert versions == sum(1 for c in checks if c.version_id is not None)


def test_rendered_sources_share_one_group_with_their_hosts() -> None:
    targets = [(i, f"http://h{i % 6}.example/{i}") for i in range(60)]
    rendered = {2, 3}  # on hosts h2 and h3
    groups = split_by_host(targets, 3, rendered)
    holding = [g for g in groups if any(t[0] in rendered for t in g)]
    assert len(holding) == 1  # one process starts the browser
    hosts_of = [{url.split("/")[2] for _, url in g} for g in groups]
    assert {"h2.example", "h3.example"} <= hosts_of[0]
    assert sorted(t for g in groups for t in g) == sorted(targets)
    assert all(len(a & b) == 0 for i, a in enumerate(hosts_of) for b in hosts_of[i + 1 :])
