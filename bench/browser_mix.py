"""Rendered pages beside plain ones: does `tracker check --all` keep the plain checks at their
usual speed while the browser renders, and what does a rendered check cost?

    python bench/browser_mix.py                        # 500 plain + 50 rendered, 3 rounds
    python bench/browser_mix.py --plain 500 --browser 50 --rounds 5

A loopback site (a process of its own) serves article pages on 20 loopback hosts and pages
built by their scripts (the article arrives as JSON after load, the view counter is filled by a
script) on 5 more. Each round, on a fresh SQLite database each time, runs what `tracker check
--all` runs (parallel.check_in_processes, the settings' processes and limits):

  plain      the plain sources alone
  mixed      the plain and the rendered sources in the same run
  rendered   the rendered sources alone

and prints the plain checks' speed in the mixed run as a ratio of their speed alone (the time
until the last plain check was recorded), and for the rendered checks their wall time and the
CPU time of tracker's processes, the driver and Chromium per check (not the site's: it is
served by a process of its own). Ratios and per-check costs, medians and ranges over the
rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from tracker.config import Settings, load_settings
from tracker.db import Database, open_database
from tracker.parallel import check_in_processes
from tracker.pipeline import CheckReport
from tracker.store import NewSource, add_source

PLAIN_HOSTS = [f"127.0.0.{n}" for n in range(10, 30)]
BROWSER_HOSTS = [f"127.0.0.{n}" for n in range(40, 45)]

SITE = r"""
import json, sys, time
from tracker.demo.server import LoopbackServer, Route
plain, browser = int(sys.argv[1]), int(sys.argv[2])
plain_hosts, browser_hosts = json.loads(sys.argv[3]), json.loads(sys.argv[4])
TEXT = ("The council approved the budget on Tuesday after a long debate about trams, buses "
        "and bike lanes, and the mayor promised the first new line by next spring. ")
APP = ('<!DOCTYPE html><html><head><title>App</title></head><body><div id="app"></div>'
       "<script>fetch('/data/N.json').then(r => r.json()).then(a => {"
       "document.getElementById('app').innerHTML = '<article><h1>' + a.title + '</h1>' + "
       "a.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article>' + "
       "'<span class=\"views\" id=\"v\"></span>';"
       "setTimeout(() => { document.getElementById('v').textContent = a.views + ' views'; }, 20);"
       "});</script></body></html>")
servers, urls = [], {"plain": [], "browser": []}
for hosts, count, kind in ((plain_hosts, plain, "plain"), (browser_hosts, browser, "browser")):
    for i, host in enumerate(hosts):
        server = LoopbackServer(host=host).start()
        servers.append(server)
        for n in range(i, count, len(hosts)):
            if kind == "plain":
                body = ("<html><head><title>Story %d</title></head><body><nav>Home</nav><article>"
                        "<h1>Story %d</h1>" % (n, n)
                        + "".join("<p>%s(%d.%d)</p>" % (TEXT * 2, n, k) for k in range(8))
                        + "</article><footer>About</footer></body></html>")
                urls["plain"].append(server.set("/news/%d" % n, body))
            else:
                data = {"title": "Rendered %d" % n, "views": 1000 + n,
                        "paragraphs": [TEXT * 2 + "(%d.%d)" % (n, k) for k in range(8)]}
                server.set("/data/%d.json" % n, Route(body=json.dumps(data),
                                                       content_type="application/json"))
                urls["browser"].append(server.set("/app/%d" % n, APP.replace("N", str(n))))
print(json.dumps(urls), flush=True)
sys.stdin.read()
"""


def cpu_seconds() -> float:
    """CPU time of this process and of every process it started and waited for: the check
    processes, the browser's driver and Chromium (closed, and so counted, with each run)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def fresh(settings: Settings, urls: list[str], browser: set[str]) -> list[tuple[int, str]]:
    db = open_database(settings.database_url)
    try:
        with db.session() as session:
            targets = []
            for url in urls:
                render = "browser" if url in browser else None
                source, _ = add_source(session, NewSource(url=url, render=render))
                targets.append((source.id, url))
    finally:
        db.dispose()
    return targets


def run(settings: Settings, urls: list[str], browser: set[str]) -> dict[str, float]:
    """One run of check --all over `urls`: when the last plain and the last rendered check
    were recorded, and the CPU time spent (see cpu_seconds)."""
    targets = fresh(settings, urls, browser)
    kinds = {source_id: url in browser for source_id, url in targets}
    last = {True: 0.0, False: 0.0}
    failed: list[CheckReport] = []
    started = time.monotonic()

    def done(report: CheckReport) -> None:
        last[kinds[report.source_id]] = time.monotonic() - started
        if report.outcome != "changed":
            failed.append(report)

    cpu = cpu_seconds()
    db: Database = open_database(settings.database_url)
    try:
        check_in_processes(settings, targets, db=db, on_done=done)
    finally:
        db.dispose()
    if failed:
        raise SystemExit(f"{len(failed)} checks did not store a version: {failed[0].message}")
    return {
        "plain": last[False],
        "browser": last[True],
        "cpu": cpu_seconds() - cpu,
    }


def spread(values: list[float], show: Callable[[float], str]) -> str:
    return f"{show(statistics.median(values))} ({show(min(values))}-{show(max(values))})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plain", type=int, default=500)
    parser.add_argument("--browser", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    site = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SITE,
            str(args.plain),
            str(args.browser),
            json.dumps(PLAIN_HOSTS),
            json.dumps(BROWSER_HOSTS),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert site.stdout is not None
        urls = json.loads(site.stdout.readline())
        plain, rendered = urls["plain"], urls["browser"]
        ratios: list[float] = []
        walls: list[float] = []
        cpus: list[float] = []
        alone: list[float] = []
        for round_ in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                results = {}
                for name, run_urls in (
                    ("plain", plain),
                    ("mixed", plain + rendered),
                    ("rendered", rendered),
                ):
                    settings = load_settings(
                        database_url=f"sqlite:///{tmp}/{name}.db",
                        allow_private_networks=True,
                        retries=0,
                        per_host_delay=0.0,
                    )
                    results[name] = run(settings, run_urls, set(rendered))
            ratio = results["plain"]["plain"] / results["mixed"]["plain"]
            ratios.append(ratio)
            alone.append(len(plain) / results["plain"]["plain"])
            walls.append(results["rendered"]["browser"] / len(rendered))
            cpus.append(results["rendered"]["cpu"] / len(rendered))
            print(
                f"round {round_ + 1}: plain checks in the mixed run at {ratio:.2f} of their "
                f"speed alone; rendered alone {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU "
                "per check",
                flush=True,
            )
        pages = load_settings().browser_pages
        print(
            f"\n{len(plain)} plain + {len(rendered)} rendered sources, {args.rounds} rounds, "
            f"{os.cpu_count()} cores, TRACKER_BROWSER_PAGES={pages}"
        )
        print(f"plain checks alone:            {spread(alone, lambda v: f'{v:.0f}/s')}")
        print(f"plain speed beside the browser: {spread(ratios, lambda v: f'{v:.2f}')} of alone")
        print(f"rendered check, wall time:      {spread(walls, lambda v: f'{v:.2f} s')}")
        print(f"rendered check, CPU:            {spread(cpus, lambda v: f'{v:.2f} s')}")
    finally:
        site.kill()


if __name__ == "__main__":
    main()
