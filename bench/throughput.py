"""Throughput: how close `tracker check --all` comes to a plain HTTP client, and what the
service costs at 10,000 sources.

    python bench/throughput.py                      # ceiling + three check cycles, 5 rounds
    python bench/throughput.py --rounds 7 --service 10000 --window 60
    python bench/throughput.py --pages real --rounds 5 --steps   # real-size pages, CPU per step

A loopback site (its own process, asyncio) serves a few hundred real article pages, each on a
distinct loopback host (127.0.0.2, 127.0.0.3, ...), so per-host politeness never serialises
the run. Each round: a fresh SQLite database, then three cycles of `tracker check --all`
(first sight: every page a new version; unchanged; all changed: every article edited), each
right after a ceiling run of its own (a plain httpx AsyncClient fetching every page with the
same concurrency limit). Figures: checks/s and the ratio to that ceiling, as the median and
range over the rounds.

--pages real: the Zyte benchmark's pages (../shared/extraction-bench/html, 181 pages of about
180 KB, read from there at start-up) at their real size, 400 hosts and concurrency 64 unless
told otherwise; "all changed" edits one word of each article's first paragraph.

--steps: after the rounds, one more round in one process (TRACKER_CHECK_PROCESSES=1) with the
pipeline's steps wrapped in CPU timers, printed per check for each cycle.

--service N: N sources on a 5-minute schedule whose next checks are spread over the next five
minutes (the steady state), `tracker run` as a separate process, its CPU time and peak RSS
(with any worker processes it starts) over --window seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import copy
import datetime as dt
import gc
import gzip
import io
import multiprocessing as mp
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

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


ZYTE = Path(__file__).resolve().parents[2] / "shared" / "extraction-bench" / "html"
_WORD = re.compile(r"[^\W\d_]{4,}")


def real_pages(hosts: int) -> tuple[dict[int, list[bytes]], bytes]:
    """The Zyte pages as served (each host one page, in name order, round robin), and the
    content type they are served with. The changed version edits one word of the article's
    first paragraph (as the extractor reads it): the first word of four letters or more
    whose surrounding words occur once in the page's bytes."""
    from tracker.extract import extract

    files = sorted(ZYTE.glob("*.html.gz"))
    if not files:
        raise SystemExit(f"no pages in {ZYTE}")
    originals = [gzip.decompress(f.read_bytes()) for f in files]
    edited = []
    missed = 0
    for data in originals:
        changed = _edit_first_paragraph(data, extract(data).paragraphs)
        if changed is None:
            missed += 1
            changed = data
        edited.append(changed)
    if missed:
        print(f"{missed} of {len(originals)} pages: no word of the first paragraph found")
    all_utf8 = all(_is_utf8(d) for d in originals + edited)
    content_type = b"text/html; charset=utf-8" if all_utf8 else b"text/html"
    return {
        0: [originals[i % len(originals)] for i in range(hosts)],
        1: [edited[i % len(edited)] for i in range(hosts)],
    }, content_type


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _edit_first_paragraph(data: bytes, paragraphs: Sequence[str]) -> bytes | None:
    """One word of the first paragraph edited: where the page's bytes hold it once with a
    neighbour (or alone), there; else everywhere the page repeats it with its neighbour (a
    description or JSON-LD copy of the paragraph changes with it, as on a real site)."""
    if not paragraphs:
        return None
    text = paragraphs[0]
    words = list(_WORD.finditer(text))
    everywhere = None
    for i, word in enumerate(words):
        spans = [(word.start(), word.end())]
        if i + 1 < len(words):
            spans.insert(0, (word.start(), words[i + 1].end()))
        if i > 0:
            spans.insert(0, (words[i - 1].start(), word.end()))
        for start, end in spans:
            snippet = text[start:end].encode()
            count = data.count(snippet)
            edit = snippet.replace(word.group().encode(), b"revised", 1)
            if count == 1:
                return data.replace(snippet, edit, 1)
            if count and everywhere is None and end - start > word.end() - word.start():
                everywhere = (snippet, edit)
    return data.replace(*everywhere) if everywhere else None


def serve(
    hosts: int,
    port: int,
    version: Synchronized,  # type: ignore[type-arg]
    ready: mp.Event,  # type: ignore[valid-type]
    bodies: dict[int, list[bytes]] | None = None,
    content_type: bytes = b"text/html; charset=utf-8",
) -> None:
    if bodies is None:
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
                    b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"\r\n"
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
    # (and what the process holds at its start frozen, as the console script freezes it:
    # kept from the collector for the run)
    gc.freeze()
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            cli.main(["check", "--all"])  # typer ends with SystemExit(0)
        return time.perf_counter() - started
    finally:
        gc.unfreeze()


def fresh_database(tmp: str, urls: list[str], concurrency: int) -> dict[str, str]:
    from tracker.db import open_database
    from tracker.store import NewSource, add_source

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
    return env


CYCLES = (("first sight", 0), ("unchanged", 0), ("all changed", 1))


def cycles(hosts: int, port: int, version: Synchronized, concurrency: int, rounds: int) -> None:  # type: ignore[type-arg]
    """Each round: a fresh database, then each cycle right after a ceiling run of its own, so
    the ratio compares two runs a second apart (this machine's speed drifts by tens of percent
    over a minute). The table shows each figure's median over the rounds and its range."""
    urls = [f"http://{host_of(i)}:{port}/article" for i in range(hosts)]
    names = [name for name, _ in CYCLES]
    rates: dict[str, list[float]] = {name: [] for name in names}
    ceilings: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            env = fresh_database(tmp, urls, concurrency)
            for name, v in CYCLES:
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


# ---------------------------------------------------------------------------- CPU per step

STEPS = (
    "decode",
    "hash",
    "depth scan",
    "parse",
    "extract",
    "diff",
    "compress",
    "write",
    "fetch and the rest",
)


class StepTimer:
    """CPU time (time.thread_time) per pipeline step, exclusive of the steps nested in it
    (compressing a body happens inside the write transaction, for instance)."""

    def __init__(self) -> None:
        self.cpu: collections.Counter[str] = collections.Counter()
        self.extra = 0.0  # the timer's own parses, not part of a check
        self._nested = threading.local()

    def timed(self, step: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            stack = self._nested.__dict__.setdefault("stack", [])
            stack.append(0.0)
            started = time.thread_time()
            try:
                return func(*args, **kwargs)
            finally:
                took = time.thread_time() - started
                inner = stack.pop()
                self.cpu[step] += took - inner
                if stack:
                    stack[-1] += took

        return wrapper

    def extract(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """The extractor, with lexbor's parse of the same input timed beside it (the parse
        happens inside the extractor, which is compiled and not wrapped)."""
        from selectolax.lexbor import LexborHTMLParser

        timed = self.timed("extract", func)

        def wrapper(html: str | bytes, *args: Any, **kwargs: Any) -> Any:
            result = timed(html, *args, **kwargs)
            started = time.thread_time()
            LexborHTMLParser(html)
            took = time.thread_time() - started
            self.cpu["parse"] += took
            self.cpu["extract"] -= took
            self.extra += took
            return result

        return wrapper

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        import tracker.db
        from tracker import analysis, article, pipeline
        from tracker.fetch import read

        decode = "decode_body" if hasattr(read, "decode_body") else "decode_page"
        patches: list[tuple[Any, str, Any]] = [
            (read, decode, self.timed("decode", getattr(read, decode))),
            (pipeline, "body_key", self.timed("hash", pipeline.body_key)),
            (article.Article, "content_hash", self.timed("hash", article.Article.content_hash)),
            (analysis, "parse_cost", self.timed("depth scan", analysis.parse_cost)),
            (analysis, "extract", self.extract(analysis.extract)),
            (analysis, "diff_articles", self.timed("diff", analysis.diff_articles)),
            (tracker.db, "run_batch", self.timed("write", tracker.db.run_batch)),
        ]
        for module in (pipeline, read):
            for name, value in vars(module).items():
                compressor = getattr(value, "__name__", None) == "compress"
                if name in ("zlib", "zlib_ng", "isal_zlib") or compressor:
                    patches.append((module, name, self._compressor(value)))
        saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
        for owner, name, value in patches:
            setattr(owner, name, value)
        try:
            yield
        finally:
            for owner, name, value in saved:
                setattr(owner, name, value)

    def _compressor(self, zlib_or_compress: Any) -> Any:
        if callable(zlib_or_compress):
            return self.timed("compress", zlib_or_compress)

        class Zlib:
            def __getattr__(self, name: str) -> Any:
                return getattr(zlib_or_compress, name)

        shim = Zlib()
        shim.compress = self.timed("compress", zlib_or_compress.compress)  # type: ignore[attr-defined]
        return shim


def steps(hosts: int, port: int, version: Synchronized, concurrency: int) -> None:  # type: ignore[type-arg]
    """One round in one process with every step timed: CPU ms per check, per cycle."""
    urls = [f"http://{host_of(i)}:{port}/article" for i in range(hosts)]
    rows = []
    version.value = 0
    started = time.process_time()
    asyncio.run(ceiling(urls, concurrency))
    plain = 1000 * (time.process_time() - started) / (hosts + min(20, hosts))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**fresh_database(tmp, urls, concurrency), "TRACKER_CHECK_PROCESSES": "1"}
        for name, v in CYCLES:
            version.value = v
            timer = StepTimer()
            with timer.installed():
                started = time.process_time()
                check_all(env)
                total = time.process_time() - started - timer.extra
            rest = total - sum(timer.cpu.values())
            per = {step: 1000 * timer.cpu[step] / hosts for step in STEPS[:-1]}
            per[STEPS[-1]] = 1000 * rest / hosts
            rows.append((name, 1000 * total / hosts, per))
    print(f"CPU ms per check, one process (TRACKER_CHECK_PROCESSES=1), {hosts} checks a cycle;")
    print(f"the plain client's CPU per page in the same run: {plain:.2f} ms")
    print("| cycle | total | " + " | ".join(STEPS) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in STEPS) + " |")
    for name, total, per in rows:
        print(f"| {name} | {total:.2f} | " + " | ".join(f"{per[s]:.2f}" for s in STEPS) + " |")
    os.environ.pop("TRACKER_CHECK_PROCESSES", None)


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
    parser.add_argument("--pages", choices=("sample", "real"), default="sample")
    parser.add_argument(
        "--hosts", type=int, help="pages, one per loopback host (300 sample, 400 real)"
    )
    parser.add_argument("--concurrency", type=int, help="16 for sample pages, 64 for real ones")
    parser.add_argument("--steps", action="store_true", help="also the CPU per step")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the three cycles")
    parser.add_argument(
        "--service", type=int, default=0, help="also run N sources under `tracker run`"
    )
    parser.add_argument("--window", type=float, default=60.0, help="seconds to measure the service")
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()
    real = args.pages == "real"
    hosts = args.hosts or (400 if real else 300)
    concurrency = args.concurrency or (64 if real else 16)
    bodies, content_type = real_pages(hosts) if real else (None, b"text/html; charset=utf-8")

    version: Synchronized = mp.Value("i", 0)  # type: ignore[type-arg]
    ready = mp.Event()
    site = mp.Process(
        target=serve,
        args=(hosts, args.port, version, ready, bodies, content_type),
        daemon=True,
    )
    site.start()
    if not ready.wait(30):
        raise SystemExit("the loopback site did not start")
    try:
        if args.rounds:
            cycles(hosts, args.port, version, concurrency, args.rounds)
        if args.steps:
            steps(hosts, args.port, version, concurrency)
        if args.service:
            version.value = 0
            service(args.service, hosts, args.port, args.window)
    finally:
        site.terminate()


if __name__ == "__main__":
    main()
