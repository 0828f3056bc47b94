"""Schedules: intervals and cron, exponential capped back-off with recovery, jitter, claims."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import itertools
import threading
import zlib
from collections import Counter

import pytest
from sqlalchemy import func, select, update

import tracker.extract
from tracker import analysis, pipeline
from tracker.config import Settings, load_settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer, Route
from tracker.errors import UsageError
from tracker.jobs.claim import claim_due, release, spread_due
from tracker.jobs.prune import prune
from tracker.jobs.status import service_status
from tracker.models import Check, Source, Version, utcnow
from tracker.schedule import MAX_BACKOFF, backoff, next_check_at, next_fire

from .test_pipeline import add, check, kinds

NOW = dt.datetime(2026, 3, 2, 10, 7, 12, tzinfo=dt.UTC)


def page(cut: int = 0) -> str:
    state = copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))
    if cut:
        state.paragraphs = state.paragraphs[:cut]
        state.paragraphs[0] = state.paragraphs[0][:40]
    return render("caliber", state)


def add_many(db: Database, n: int, **values: object) -> list[int]:
    with db.session() as session:
        start = session.scalar(select(func.count()).select_from(Source)) or 0
        sources = []
        for i in range(start, start + n):
            fields: dict[str, object] = {
                "url": f"http://127.0.0.1:9/s/{i}",
                "interval_seconds": 600,
                "exclude_selectors": [],
                "enabled": True,
                "status": "new",
                "consecutive_failures": 0,
            }
            fields.update(values)
            sources.append(Source(**fields))
        session.add_all(sources)
        session.flush()
        return [s.id for s in sources]


# ---------------------------------------------------------------------------- pure schedule


def test_interval_schedule_has_bounded_jitter() -> None:
    times = [next_check_at(600, None, NOW) - NOW for _ in range(200)]
    assert all(dt.timedelta(seconds=600) <= t <= dt.timedelta(seconds=630) for t in times)
    assert len(set(times)) > 150  # really spread, not one value


def test_cron_schedule_falls_on_the_grid() -> None:
    assert next_fire("*/15 * * * *", NOW) == NOW.replace(minute=15, second=0)
    # exactly on a fire time: the next one, never "now" again
    on_grid = NOW.replace(minute=15, second=0)
    assert next_fire("*/15 * * * *", on_grid) == on_grid.replace(minute=30)
    nxt = next_check_at(0, "*/15 * * * *", NOW)
    assert NOW.replace(minute=15, second=0) <= nxt <= NOW.replace(minute=15, second=30)


def test_cron_back_off_lands_on_the_grid_again() -> None:
    # hourly at minute 0; the 4th failure backs off 8 hours (capped at 6 h) from the period
    nxt = next_check_at(0, "0 * * * *", NOW, failures=4)
    assert nxt - NOW >= MAX_BACKOFF
    assert nxt.replace(second=0, microsecond=0).minute == 0


def test_invalid_cron_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="cron"):
        next_fire("every day", NOW)


def test_backoff_doubles_and_is_capped() -> None:
    minute = dt.timedelta(minutes=1)
    assert [backoff(minute, n) for n in range(5)] == [
        minute,
        minute,
        2 * minute,
        4 * minute,
        8 * minute,
    ]
    assert backoff(minute, 30) == MAX_BACKOFF
    day = dt.timedelta(days=1)
    assert backoff(day, 5) == day  # never more often than the normal schedule


# ------------------------------------------------------------------------ back-off, real site


def _gap(db: Database, source_id: int) -> float:
    with db.session() as session:
        source = session.get(Source, source_id)
        assert source and source.next_check_at and source.last_checked_at
        return (source.next_check_at - source.last_checked_at).total_seconds()


def test_failing_source_backs_off_and_recovers(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/flaky", Route("down", status=503))
    source_id = add(db, url, interval_seconds=60)
    gaps = []
    flags = []
    for _ in range(5):
        report = check(db, settings, source_id, url)
        gaps.append(_gap(db, source_id))
        flags.append(kinds(report))
    # 60 s, then doubling; each with at most 6 s of jitter (a tenth of the period)
    for gap, want in zip(gaps, [60, 120, 240, 480, 960], strict=True):
        assert want <= gap <= want + 6.5
    assert flags[2] == {"fetch_failed": 1} and all(f == {} for f in flags[:2] + flags[3:])
    site.set("/flaky", page())
    report = check(db, settings, source_id, url)
    # the recovery record (the first version's baseline flags come with it)
    recovered = [c for c in report.changes if c.kind == "fetch_failed"]
    assert len(recovered) == 1 and recovered[0].detail["recovered"] is True
    assert 60 <= _gap(db, source_id) <= 66.5  # back on its normal schedule
    with db.session() as session:
        assert session.get(Source, source_id).consecutive_failures == 0  # type: ignore[union-attr]


def test_extraction_failed_when_body_shrinks(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/layout", page())
    source_id = add(db, url)
    check(db, settings, source_id, url)
    site.set("/layout", page(cut=1))  # a sliver of the article is left: the layout changed
    report = check(db, settings, source_id, url)
    assert kinds(report) == {"extraction_failed": 1}
    assert "shrank" in (report.message or "")
    assert kinds(check(db, settings, source_id, url)) == {}  # once per episode


def test_304_costs_no_extraction(
    db: Database, settings: Settings, site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.set("/etag", Route(page(), etag='"v1"'))
    source_id = add(db, url)
    calls = Counter[str]()
    real = tracker.extract.extract

    def counting(*args: object, **kw: object) -> object:
        calls["extract"] += 1
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "extract", counting)
    assert check(db, settings, source_id, url).outcome == "changed"
    assert calls["extract"] == 1
    assert check(db, settings, source_id, url).outcome == "not_modified"
    assert calls["extract"] == 1


def test_identical_body_costs_no_extraction(
    db: Database, settings: Settings, site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.set("/same", page())
    source_id = add(db, url)
    calls = Counter[str]()
    real = tracker.extract.extract

    def counting(*args: object, **kw: object) -> object:
        calls["extract"] += 1
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "extract", counting)
    first = check(db, settings, source_id, url)
    assert first.outcome == "changed"
    assert calls["extract"] == 1
    again = check(db, settings, source_id, url)
    assert (again.outcome, again.changes, again.version) == ("unchanged", (), first.version)
    assert again.views == first.views
    assert calls["extract"] == 1
    # another body, even with the same article, is extracted again
    site.set("/same", page() + "\n<!-- rendered again -->")
    assert check(db, settings, source_id, url).outcome == "unchanged"
    assert calls["extract"] == 2
    # and so is the same body once the source's extraction options change
    with db.session() as session:
        source = session.get(Source, source_id)
        assert source is not None
        source.exclude_selectors = ["aside"]
    check(db, settings, source_id, url)
    assert calls["extract"] == 3
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Check)) == 4


# ---------------------------------------------------------------------------- claims and leases


def test_claims_are_exclusive_and_expired_leases_are_claimed_again(db: Database) -> None:
    ids = add_many(db, 10)
    lease = dt.timedelta(seconds=60)
    first = claim_due(db, "a", 4, lease)
    second = claim_due(db, "b", 100, lease)
    assert len(first) == 4 and len(second) == 6
    assert not {c.source_id for c in first} & {c.source_id for c in second}
    assert claim_due(db, "c", 100, lease) == []
    # worker "a" dies; after its lease ran out its sources are due again, the others not
    later = utcnow() + lease + dt.timedelta(seconds=1)
    with db.session() as session:
        session.execute(
            update(Source)
            .where(Source.lease_owner == "b")
            .values(next_check_at=later + dt.timedelta(hours=1), lease_owner=None, lease_until=None)
        )
    again = claim_due(db, "c", 100, lease, now=later)
    assert sorted(c.source_id for c in again) == sorted(c.source_id for c in first)
    assert release(db, "c") == 4
    assert release(db, "a") == 0
    assert set(ids) >= {c.source_id for c in again}


def test_concurrent_claims_never_overlap(db: Database) -> None:
    add_many(db, 200)
    results: dict[str, list[int]] = {}
    barrier = threading.Barrier(4)

    def worker(name: str) -> None:
        barrier.wait()
        got: list[int] = []
        while batch := claim_due(db, name, 7, dt.timedelta(seconds=60)):
            got.extend(c.source_id for c in batch)
        results[name] = got

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [i for got in results.values() for i in got]
    assert len(claimed) == 200 and len(set(claimed)) == 200


def test_disabled_and_future_sources_are_not_claimed(db: Database) -> None:
    add_many(db, 3, enabled=False)
    add_many(db, 3, next_check_at=utcnow() + dt.timedelta(minutes=5))
    assert claim_due(db, "a", 100, dt.timedelta(seconds=60)) == []


def test_start_jitter_spreads_due_sources(db: Database) -> None:
    add_many(db, 300)
    now = utcnow()
    assert spread_due(db, 60, now=now) == 300
    with db.session() as session:
        due = list(session.scalars(select(Source.next_check_at)))
        offsets = [(t - now).total_seconds() for t in due if t is not None]
        assert len(offsets) == len(due)
    assert all(0 <= o <= 60 for o in offsets)
    buckets = Counter(int(o // 10) for o in offsets)
    assert len(buckets) == 6 and min(buckets.values()) >= 20  # ~50 each, never all at once
    # already spread: a second pass (another worker starting) moves nothing
    assert spread_due(db, 60, now=now) == 0


def test_spread_is_short_for_a_few_sources(db: Database) -> None:
    add_many(db, 4)
    now = utcnow()
    spread_due(db, 60, now=now, rate=16)
    with db.session() as session:
        due = list(session.scalars(select(Source.next_check_at)))
        offsets = [(t - now).total_seconds() for t in due if t is not None]
        assert len(offsets) == len(due)
    assert all(0 <= o <= 1 for o in offsets)


# ---------------------------------------------------------------------------- housekeeping, status


def test_prune_keeps_history_and_the_latest_html(db: Database) -> None:
    [source_id] = add_many(db, 1)
    old = utcnow() - dt.timedelta(days=100)
    with db.session() as session:
        for seq in (1, 2):
            session.add(
                Version(
                    source_id=source_id,
                    seq=seq,
                    content_hash=str(seq),
                    title="t",
                    paragraphs=["p"],
                    meta={},
                    fetched_at=old,
                    raw_html=zlib.compress(b"<p>p</p>"),
                )
            )
        session.add(Check(source_id=source_id, started_at=old, outcome="changed", attempts=1))
        session.add(
            Check(source_id=source_id, started_at=utcnow(), outcome="unchanged", attempts=1)
        )
    pruned = prune(db, load_settings(database_url="sqlite://"))
    assert (pruned.checks, pruned.raw_html) == (1, 1)
    with db.session() as session:
        html = dict(session.execute(select(Version.seq, Version.raw_html)).all())
        assert html[1] is None and html[2] is not None
        assert session.scalar(select(Check.outcome)) == "unchanged"


def test_status_counts(db: Database) -> None:
    add_many(db, 3)
    add_many(db, 2, next_check_at=utcnow() + dt.timedelta(hours=1), status="failing")
    claim_due(db, "w1", 1, dt.timedelta(seconds=60))
    with db.session() as session:
        info = service_status(session)
    assert (info["sources"], info["due"], info["leased"], info["failing"]) == (5, 2, 1, 2)
    assert info["active_workers"] == ["w1"]
    assert info["checks_last_hour"] == 0 and info["last_check_at"] is None


def test_check_many_keeps_a_delay_between_requests_to_one_host(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    urls = [site.set(f"/p{i}", page()) for i in range(4)]
    ids = [add(db, u) for u in urls]
    polite = settings.model_copy(update={"per_host_delay": 0.3, "per_host_concurrency": 4})
    asyncio.run(pipeline.check_many(db, list(zip(ids, urls, strict=True)), polite))
    starts = sorted(r.at for r in site.requests)
    # Seen by the server, so the first request's connection set-up shortens the first gap.
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(starts))


def test_check_many_holds_request_slots_for_the_request_only(
    db: Database, settings: Settings, site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Recording is held up: requests go on (the slots are free once a page has arrived),
    # but no more than twice the request limit of fetched pages wait to be recorded.
    urls = [site.set(f"/b{i}", page()) for i in range(12)]
    ids = [add(db, u) for u in urls]
    limited = settings.model_copy(update={"concurrency": 2, "per_host_delay": 0})
    real = pipeline._record
    waiting = 0
    most = 0

    async def slow_record(*args: object, **kw: object) -> pipeline.CheckReport:
        nonlocal waiting, most
        waiting += 1
        most = max(most, waiting)
        await asyncio.sleep(0.2)  # a slow database
        waiting -= 1
        return await real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_record", slow_record)
    reports = asyncio.run(pipeline.check_many(db, list(zip(ids, urls, strict=True)), limited))
    assert [r.outcome for r in reports] == ["changed"] * 12
    assert most == 4  # fetching went on while recording waited, up to the backlog bound
