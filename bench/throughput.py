"""Throughput: how close `tracker check --all` comes to a plain HTTP client, and what the
service costs at 10,000 sources.

    python bench/throughput.py                      # ceiling + three check cycles, 5 rounds
    python bench/throughput.py --rounds 7 --service 10000 --window 60

A loopback site (its own process, asyncio) serves a few hundred real article pages, each on a
distinct loopback host (127.0.0.2, 127.0.0.3, ...), so per-host politeness never serialises
the run. Each round: a fresh SQLite database, then three cycles of `tracker check --all`
(first sight: every page a new version; unchanged; all changed: every article edited), each
right after a ceiling run of its own (a plain httpx AsyncClient fetching every page with the
same concurrency limit). Figures: checks/s and the ratio to that ceiling, as the median and
range over the rounds.

--service N: N sources on a 5-minute schedule whose next checks are spread over the next five
minutes (the steady state), `tracker run` as a separate process, its CPU time and peak RSS
(with any worker processes it starts) over --window seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import datetime as dt
import io
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

import httpx

from tracker.demo.layouts import LAYOUTS, SAMPLE_ARTICLES, render

# ---------------------------------------------------------------------------- the site


def pages(hosts: int, version: int) -> list[bytes]:
    states = list(SAMPLE_ARTICLES.values())
    out = []
    for i in range(hosts):
        state = copy.deepcopy(states[i % len(states)])
        state.title = f"{state.title} ({i})"
        if version:
            state.paragraphs[0] = state.paragraphs[0] + f" Updated, revision {version}."
        out.append(render(LAYOUTS[i % len(LAYOUTS)], state).encode())
    return out


def serve(hosts: int, port: int, version: Synchronized, ready: mp.Event) -> None:  # type: ignore[type-arg]
    bodies = {v: pages(hosts, v) for v in (0, 1)}
    addresses = [host_of(i) for i in range(hosts)]
    index = {address: i for i, address in enumerate(addresses)}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host_index = index[writer.get_extra_info("sockname")[0]]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
                body = bodies[version.value][host_index % hosts]
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, addresses, port, backlog=1024)
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def host_of(i: int) -> str:
    return f"127.0.0.{2 + i}" if i < 250 else f"127.0.1.{i - 248}"


# ---------------------------------------------------------------------------- measurements


async def ceiling(urls: list[str], concurrency: int) -> float:
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=30) as client:

        async def one(url: str) -> None:
            async with limit:
                (await client.get(url)).raise_for_status()

        await asyncio.gather(*(one(u) for u in urls[: min(20, len(urls))]))  # warm-up
        started = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        return len(urls) / (time.perf_counter() - started)


def check_all(env: dict[str, str]) -> float:
    """`tracker check --all` in this process (no interpreter start-up in the figure)."""
    from tracker import cli
    from tracker.cli import context as cli_context

    # As a new `tracker` process would: settings read from the environment, database opened.
    if cli_context.State.database is not None:
        cli_context.State.database.dispose()
    cli_context.State.settings = cli_context.State.database = None
    os.environ.update(env)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        cli.main(["check", "--all"])  # typer ends with SystemExit(0)
    return time.perf_counter() - started


def cycles(hosts: int, port: int, version: Synchronized, concurrency: int, rounds: int) -> None:  # type: ignore[type-arg]
    """Each round: a fresh database, then each cycle right after a ceiling run of its own, so
    the ratio compares two runs a second apart (this machine's speed drifts by tens of percent
    over a minute). The table shows each figure's median over the rounds and its range."""
    from tracker.db import open_database
    from tracker.store import NewSource, add_source

    urls = [f"http://{host_of(i)}:{port}/article" for i in range(hosts)]
    names = ("first sight", "unchanged", "all changed")
    rates: dict[str, list[float]] = {name: [] for name in names}
    ceilings: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                "TRACKER_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
                "TRACKER_ALLOW_PRIVATE_NETWORKS": "true",
                "TRACKER_CONCURRENCY": str(concurrency),
                "TRACKER_PER_HOST_DELAY": "0",
                "TRACKER_CONFIG": f"{tmp}/absent.toml",
            }
            os.environ.update(env)
            db = open_database(env["TRACKER_DATABASE_URL"])
            with db.session() as session:
                for url in urls:
                    add_source(session, NewSource(url=url))
            db.dispose()
            for name, v in zip(names, (0, 0, 1), strict=True):
                version.value = 0
                top = asyncio.run(ceiling(urls, concurrency))
                version.value = v
                rate = hosts / check_all(env)
                rates[name].append(rate)
                ceilings[name].append(top)
                ratios[name].append(rate / top)

    def spread(values: list[float], fmt: str) -> str:
        return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"

    print(f"{hosts} pages on {hosts} loopback hosts, concurrency {concurrency}, {rounds} rounds")
    print("| cycle | ceiling pages/s | tracker checks/s | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name in names:
        print(
            f"| {name} | {spread(ceilings[name], '.0f')} | {spread(rates[name], '.0f')} | "
            f"{spread(ratios[name], '.2f')} |"
        )


def service(n: int, hosts: int, port: int, window: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/service.db"
        from tracker.db import open_database
        from tracker.models import Source, utcnow

        db = open_database(url)
        now = utcnow()
        with db.session() as session:
            session.add_all(
                Source(
                    url=f"http://{host_of(i % hosts)}:{port}/a/{i}",
                    interval_seconds=300,
                    exclude_selectors=[],
                    enabled=True,
                    status="new",
                    consecutive_failures=0,
                    next_check_at=now + dt.timedelta(seconds=random.uniform(0, 300)),
                )
                for i in range(n)
            )
        db.dispose()
        env = {
            **os.environ,
            "TRACKER_DATABASE_URL": url,
            "TRACKER_ALLOW_PRIVATE_NETWORKS": "true",
            "TRACKER_CONFIG": f"{tmp}/absent.toml",
        }
        proc = subprocess.Popen(
            [sys.executable, "-c", "from tracker.cli import main; main()", "run"],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(5)  # start-up (imports, migrations check) is not the steady state
        ticks = os.sysconf("SC_CLK_TCK")

        def cpu() -> float:
            # The service and any worker processes it started (TRACKER_EXTRACT_WORKERS).
            total = 0.0
            for pid in [proc.pid, *_children(proc.pid)]:
                with contextlib.suppress(OSError):
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    total += (int(fields[11]) + int(fields[12])) / ticks
            return total

        c0, t0 = cpu(), time.monotonic()
        time.sleep(window)
        c1, t1 = cpu(), time.monotonic()
        peak_kb = 0  # summed over the service and its worker processes
        for pid in [proc.pid, *_children(proc.pid)]:
            with contextlib.suppress(OSError, StopIteration):
                status = Path(f"/proc/{pid}/status").read_text()
                line = next(x for x in status.splitlines() if x.startswith("VmHWM"))
                peak_kb += int(line.split()[1])
        proc.terminate()
        proc.wait(timeout=15)
        db = open_database(url)
        from sqlalchemy import func, select

        from tracker.models import Check

        with db.session() as session:
            checks = session.scalar(select(func.count()).select_from(Check))
        db.dispose()
        print(
            f"service  {n} sources every 5 min, {window:g} s window: "
            f"CPU {100 * (c1 - c0) / (t1 - t0):.1f}% of one core, "
            f"peak RSS {peak_kb / 1024:.0f} MB, "
            f"{checks} checks ({checks / (t1 - t0 + 5):.1f}/s; expected {n / 300:.1f}/s)"
        )


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *_children(int(child))]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=300, help="pages, one per loopback host")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the three cycles")
    parser.add_argument(
        "--service", type=int, default=0, help="also run N sources under `tracker run`"
    )
    parser.add_argument("--window", type=float, default=60.0, help="seconds to measure the service")
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()

    version: Synchronized = mp.Value("i", 0)  # type: ignore[type-arg]
    ready = mp.Event()
    site = mp.Process(target=serve, args=(args.hosts, args.port, version, ready), daemon=True)
    site.start()
    if not ready.wait(30):
        raise SystemExit("the loopback site did not start")
    try:
        cycles(args.hosts, args.port, version, args.concurrency, args.rounds)
        if args.service:
            version.value = 0
            service(args.service, args.hosts, args.port, args.window)
    finally:
        site.terminate()


if __name__ == "__main__":
    main()
