"""The service: `tracker run` (scheduler, workers and housekeeping) and `tracker worker`.

APScheduler (3.x, AsyncIOScheduler, memory job store) is only the timer: a few jobs with fixed
ids, nothing per source and nothing pickled. The schedule itself lives in the database
(`sources.next_check_at`), and so does the queue: the "claim" job leases due sources
(claim.py) up to the worker's free capacity and starts one asyncio task per source; each
task waits for its host's politeness slot and then runs the pipeline's check_one, which
records the result and releases the lease in one transaction. Any number of workers can run
against one PostgreSQL database; none of them is special except that only `tracker run`
does the housekeeping (pruning, spreading overdue checks at start).

Stopping (SIGTERM or SIGINT): claiming stops at once, checks that have not started are
dropped, checks in flight get `shutdown_grace` seconds to finish, then every lease this
worker still holds is released and the process exits 0. After `kill -9` the leases simply
run out and other workers (or the next start) pick the sources up again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import secrets
import signal
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.exc import DBAPIError

from tracker.analysis import Analyzer
from tracker.config import Settings
from tracker.db import Database, db_error_line
from tracker.fetch import Fetchers, FetchPolicy, make_client
from tracker.jobs.alerts import deliver_alerts
from tracker.jobs.claim import Claim, claim_due, release, spread_due
from tracker.jobs.outlets import claim_outlets, release_outlets, revisit_round
from tracker.jobs.prune import prune
from tracker.jobs.workers import HEARTBEAT_SECONDS, worker_seen, worker_started, worker_stopped
from tracker.models import utcnow
from tracker.outlets.poll import poll_outlet
from tracker.pipeline import NOT_STORED, check_one
from tracker.politeness import Politeness
from tracker.vocabulary import Outcome

log = logging.getLogger("tracker.service")

CLAIM_JOB = "claim"
# A claimed check must start at least this long before its lease could run out mid-fetch.
_START_MARGIN = 2.0
PRUNE_JOB = "prune"
ALERTS_JOB = "alerts"
OUTLETS_JOB = "outlets"
HEARTBEAT_JOB = "heartbeat"
# Outlets are polled, and their articles rescheduled, every this many claim intervals.
_OUTLET_ROUNDS = 5
_REVISIT_SECONDS = 30.0


def worker_name() -> str:
    """host:pid:random, unique per process and readable in `tracker status`."""
    return f"{socket.gethostname()[:120]}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class Stats:
    claimed: int = 0
    checked: int = 0
    changed: int = 0
    failed: int = 0
    dropped: int = 0

    def words(self) -> str:
        """'3 checks: 1 with changes, 0 failed', as the service's last line says it."""
        checks = f"{self.checked} check{'' if self.checked == 1 else 's'}"
        if not self.checked:
            return checks
        return f"{checks}: {self.changed} with changes, {self.failed} failed"


@dataclass
class Service:
    db: Database
    settings: Settings
    housekeeping: bool = True
    owner: str = field(default_factory=worker_name)
    stats: Stats = field(default_factory=Stats)

    def __post_init__(self) -> None:
        # Claimed but unfinished checks; twice the global limit keeps every slot busy while
        # some claimed checks wait for their host.
        self.capacity = max(1, self.settings.concurrency * 2)
        self._tasks: set[asyncio.Task[None]] = set()
        self._running: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._freed = asyncio.Event()
        self._claim_lock = asyncio.Lock()
        self._client: httpx.AsyncClient | None = None
        self._fetchers: Fetchers | None = None
        # Pages are extracted and diffed in worker processes while this loop fetches.
        self._analyzer = Analyzer(self.settings.extract_workers)
        self._polite = Politeness.from_settings(self.settings)
        # When the database stopped answering (loop time), while it does not: an outage is
        # one line when it starts and one when it ends, not a traceback per claim and check.
        self._outage_since: float | None = None
        self._next_revisit = 0.0
        # A check must be able to finish (its fetch bounded by total_timeout) within the lease.
        self.lease_seconds = max(
            float(self.settings.lease_seconds), self.settings.total_timeout + 2 * _START_MARGIN
        )

    # ------------------------------------------------------------------ jobs

    async def claim_round(self) -> None:
        """Claim due sources while there is capacity, for at most about one poll interval."""
        loop = asyncio.get_running_loop()
        until = loop.time() + self.settings.poll_interval * 0.8
        async with self._claim_lock:
            while not self._stopping and loop.time() < until:
                free = self.capacity - len(self._tasks)
                if free <= 0:
                    self._freed.clear()
                    try:
                        await asyncio.wait_for(self._freed.wait(), until - loop.time())
                    except TimeoutError:
                        return
                    continue
                deadline = loop.time() + self.lease_seconds
                try:
                    claims = await asyncio.to_thread(
                        claim_due, self.db, self.owner, free, _seconds(self.lease_seconds)
                    )
                except DBAPIError as exc:
                    self._database_down(db_error_line(exc))
                    return
                self._database_up()
                self.stats.claimed += len(claims)
                for claim in claims:
                    task = asyncio.create_task(self._check(claim, deadline))
                    self._tasks.add(task)
                    task.add_done_callback(self._done)
                if len(claims) < free:
                    return  # nothing more is due right now

    def _database_down(self, reason: str) -> None:
        if self._outage_since is None:
            self._outage_since = asyncio.get_running_loop().time()
            log.warning("database outage: %s; checks wait until it answers again", reason)

    def _database_up(self) -> None:
        if self._outage_since is not None:
            down = asyncio.get_running_loop().time() - self._outage_since
            self._outage_since = None
            log.warning("database recovered after %.0f s; checks go on", down)

    async def heartbeat_job(self) -> None:
        """Say in the database that this worker is alive (`tracker status` reads it)."""
        try:
            await asyncio.to_thread(
                worker_seen, self.db, self.owner, housekeeping=self.housekeeping
            )
        except DBAPIError as exc:
            self._database_down(db_error_line(exc))

    async def prune_job(self) -> None:
        try:
            pruned = await asyncio.to_thread(prune, self.db, self.settings)
        except DBAPIError as exc:
            self._database_down(db_error_line(exc))
            return
        if pruned.checks or pruned.raw_html:
            log.info(
                "pruned %d old checks and the raw HTML of %d versions",
                pruned.checks,
                pruned.raw_html,
            )

    async def alerts_job(self) -> None:
        """Deliver the alert outbox; leases make it safe in every worker at once."""
        try:
            report = await asyncio.to_thread(deliver_alerts, self.db, self.settings)
        except DBAPIError as exc:
            self._database_down(db_error_line(exc))
            return
        if report.sent or report.errors:
            log.info(
                "alerts: %d sent, %d to retry, %d dead", report.sent, report.retrying, report.dead
            )
        for error in report.errors:
            log.warning("alert not sent: %s", error)

    async def outlets_job(self) -> None:
        """Poll the due outlets (new articles become sources, due at once), then apply the
        revisit policy to the articles outlets led to."""
        assert self._fetchers is not None
        try:
            claims = await asyncio.to_thread(
                claim_outlets, self.db, self.owner, 8, _seconds(self.lease_seconds)
            )
            for outlet_id, url in claims:
                if self._stopping:
                    break
                async with self._polite.slot(url):
                    report = await poll_outlet(
                        self.db, outlet_id, self._fetchers, self.settings, lease_owner=self.owner
                    )
                log.info("outlet %s", report.line)
            # Rescheduling every tracked article is the housekeeper's: one process does it,
            # at most every _REVISIT_SECONDS (well within the fastest revisit of 10 minutes;
            # between rounds the pipeline schedules with the interval the last round set).
            loop = asyncio.get_running_loop()
            if self.housekeeping and not self._stopping and loop.time() >= self._next_revisit:
                self._next_revisit = loop.time() + _REVISIT_SECONDS
                revisited = await asyncio.to_thread(revisit_round, self.db)
                if revisited.retired or revisited.merged:
                    log.info(
                        "outlet articles: %d retired, %d merged into the source of the same "
                        "article",
                        revisited.retired,
                        revisited.merged,
                    )
        except DBAPIError as exc:
            self._database_down(db_error_line(exc))

    # ------------------------------------------------------------------ checks

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._running.discard(task)
        self._freed.set()

    @contextlib.asynccontextmanager
    async def _slot(self, claim: Claim) -> AsyncIterator[None]:
        """A page of the browser first, then the host's slot alone, for a rendered page (the
        global request limit is the plain checks'); the request slot for the others."""
        assert self._fetchers is not None
        if claim.browser:
            async with self._fetchers.page_slot(), self._polite.slot(claim.url, shared=False):
                yield
        else:
            async with self._polite.slot(claim.url):
                yield

    async def _check(self, claim: Claim, deadline: float) -> None:
        assert self._client is not None
        loop = asyncio.get_running_loop()
        async with self._slot(claim):
            if self._stopping:
                return
            # A check must end before its lease does, or another worker could start the same
            # source meanwhile: a source that waited too long for its host is handed back.
            if loop.time() + self.settings.total_timeout + _START_MARGIN > deadline:
                self.stats.dropped += 1
                try:
                    await asyncio.to_thread(release, self.db, self.owner, [claim.source_id])
                except DBAPIError as exc:  # its lease runs out instead
                    self._database_down(db_error_line(exc))
                return
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                report = await check_one(
                    self.db,
                    claim.source_id,
                    self._client,
                    self.settings,
                    lease_owner=self.owner,
                    analyzer=self._analyzer,
                    fetchers=self._fetchers,
                )
            except DBAPIError as exc:  # the database went away: the lease runs out
                self._database_down(db_error_line(exc))
                self.stats.failed += 1
                return
            except Exception:  # a bug: the lease runs out
                log.exception("check of %s failed", claim.url)
                self.stats.failed += 1
                return
        if report.error == NOT_STORED:  # fetched, but the database did not take it
            self._database_down(report.message or NOT_STORED)
            self.stats.failed += 1
            return
        self.stats.checked += 1
        if report.outcome == Outcome.FAILED:
            self.stats.failed += 1
            log.info("%s: failed (%s): %s", report.url, report.error, report.message)
        elif report.changes:
            self.stats.changed += 1
            log.info(
                "%s: v%s %s: %s",
                report.url,
                report.version,
                report.outcome,
                "; ".join(c.summary for c in report.changes),
            )
        else:
            log.debug("%s: %s", report.url, report.outcome)

    # ------------------------------------------------------------------ lifecycle

    async def run(self, stop: asyncio.Event | None = None) -> Stats:
        """Run until `stop` is set (by default: until SIGTERM or SIGINT)."""
        loop = asyncio.get_running_loop()
        if stop is None:
            stop = asyncio.Event()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
        log.info(
            "worker %s started (%s, concurrency %d, per host %d)",
            self.owner,
            "with housekeeping" if self.housekeeping else "checks only",
            self.settings.concurrency,
            self.settings.per_host_concurrency,
        )
        try:
            await asyncio.to_thread(
                worker_started, self.db, self.owner, housekeeping=self.housekeeping
            )
        except DBAPIError as exc:  # the heartbeat writes it once the database answers
            self._database_down(db_error_line(exc))
        async with (
            make_client(FetchPolicy.from_settings(self.settings)) as client,
            Fetchers(self.settings, client) as fetchers,
        ):
            self._client, self._fetchers = client, fetchers
            if self.housekeeping:
                spread = await asyncio.to_thread(
                    spread_due,
                    self.db,
                    self.settings.start_jitter,
                    overdue_by=self.settings.poll_interval * 2,
                    rate=float(self.settings.concurrency),
                )
                if spread:
                    log.info("spread the next checks of %d overdue or new sources", spread)
            scheduler = AsyncIOScheduler(timezone="UTC")
            scheduler.add_job(
                self.claim_round,
                "interval",
                seconds=self.settings.poll_interval,
                id=CLAIM_JOB,
                next_run_time=utcnow(),
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
            )
            if self.housekeeping:
                scheduler.add_job(
                    self.prune_job,
                    "interval",
                    seconds=self.settings.prune_interval,
                    id=PRUNE_JOB,
                    next_run_time=utcnow(),
                    max_instances=1,
                    coalesce=True,
                )
            scheduler.add_job(
                self.outlets_job,
                "interval",
                seconds=self.settings.poll_interval * _OUTLET_ROUNDS,
                id=OUTLETS_JOB,
                next_run_time=utcnow(),
                max_instances=1,
                coalesce=True,
            )
            scheduler.add_job(
                self.heartbeat_job,
                "interval",
                seconds=HEARTBEAT_SECONDS,
                id=HEARTBEAT_JOB,
                max_instances=1,
                coalesce=True,
            )
            # Always: webhooks and Apprise need no mail server (email alerts wait for one).
            scheduler.add_job(
                self.alerts_job,
                "interval",
                seconds=self.settings.alert_interval,
                id=ALERTS_JOB,
                next_run_time=utcnow(),
                max_instances=1,
                coalesce=True,
            )
            scheduler.start()
            try:
                await stop.wait()
            finally:
                # Paused, not shut down, while draining: shutting down cancels a claim round
                # whose claim then commits on its thread after the leases were released.
                scheduler.pause()
                await self._drain()
                scheduler.shutdown(wait=False)
                await asyncio.to_thread(self._analyzer.close)
        try:
            await asyncio.to_thread(worker_stopped, self.db, self.owner)
        except DBAPIError as exc:  # its heartbeat simply stops: it reads as gone soon after
            log.warning("not marked as stopped: %s", db_error_line(exc))
        log.info("worker %s stopped after %s", self.owner, self.stats.words())
        return self.stats

    async def _drain(self) -> None:
        self._stopping = True
        self._freed.set()
        async with self._claim_lock:  # a claim in progress finishes, then no more
            pass
        waiting = self._tasks - self._running
        for task in waiting:
            task.cancel()
        if self._running:
            log.info(
                "waiting up to %g s for %d checks", self.settings.shutdown_grace, len(self._running)
            )
            await asyncio.wait(set(self._running), timeout=self.settings.shutdown_grace)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        try:
            released = await asyncio.to_thread(release, self.db, self.owner)
            await asyncio.to_thread(release_outlets, self.db, self.owner)
        except DBAPIError as exc:  # the leases run out instead
            log.warning("leases not released: %s", db_error_line(exc))
            return
        if released:
            log.info("released %d leases", released)


def _seconds(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=value)


def serve(db: Database, settings: Settings, *, housekeeping: bool = True) -> Stats:
    """Run the service in this process until SIGTERM/SIGINT; returns what it did."""
    return asyncio.run(Service(db, settings, housekeeping=housekeeping).run())
