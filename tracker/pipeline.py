"""Check a source: fetch -> extract -> compare -> persist, the writes in one transaction.

The network and the parsing happen outside any transaction; everything a check writes (the
check row, a new version, its changes, a view observation, the source's new state) is committed
together or not at all, so a crash never leaves half a version behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import httpx
import selectolax
import xxhash
from isal import isal_zlib
from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from tracker import __version__
from tracker import article as article_module
from tracker import encoding as encoding_module
from tracker import extract as extract_module
from tracker import metadata as metadata_module
from tracker.alerts.outbox import Flagged, alert_rows, rules_of
from tracker.analysis import (
    INLINE,
    MIN_CHECKS_FOR_WORKERS,
    Analyzer,
    ExtractorCrashed,
    PageBudget,
)
from tracker.article import Article, ExtractOptions
from tracker.config import Settings
from tracker.dates import date_changes, published_change
from tracker.db import Database, db_error_line
from tracker.diff import Change, ChangeKind, diff_views
from tracker.extract import extract
from tracker.fetch import Fetchers, FetchOutcome, FetchPolicy, FetchResult, make_client
from tracker.headlines import HISTORY_DEPTH, fold_rotation
from tracker.health import SourceState, failed_fetch, recovered
from tracker.models import (
    Alert,
    ChangeRecord,
    Check,
    Source,
    Subscription,
    Version,
    ViewCount,
    utcnow,
)
from tracker.politeness import Politeness
from tracker.request_options import PLAIN, RequestOptions
from tracker.schedule import next_check_at, schedule_problem
from tracker.scripted import looks_script_built
from tracker.significance import significance_key
from tracker.store import stored_article, stored_options, stored_request
from tracker.vocabulary import HEALTH_KINDS, Outcome, SourceStatus

T = TypeVar("T")


@dataclass(frozen=True)
class CheckReport:
    """What one check did, for the CLI and the service log."""

    source_id: int
    url: str
    outcome: str
    changes: tuple[Change, ...] = ()
    version: int | None = None
    error: str | None = None
    message: str | None = None
    views: int | None = None

    @property
    def stored(self) -> bool:
        """False when the check's own transaction failed: nothing of it is in the database."""
        return self.error != NOT_STORED


# CheckReport.error of a check whose write did not commit.
NOT_STORED = "not_stored"


@dataclass
class _Snapshot:
    """What a check needs to know about a source before it fetches.

    Of the latest version only its id, number and hash: its text is read (before the write
    transaction, see _analyze) only when the new article's hash differs, i.e. when there is a
    diff to make.
    """

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    options: ExtractOptions
    latest_id: int | None = None
    latest_seq: int = 0
    latest_hash: str | None = None
    last_views: int | None = None
    body_hash: str | None = None
    interval_seconds: int = 3600
    cron: str | None = None
    latest_meta: dict[str, Any] | None = None  # the latest version's dates and metadata
    request: RequestOptions = PLAIN


@dataclass(frozen=True)
class _Analysis:
    """What the pure steps made of a fetched page, before anything is written.

    `previous` (the latest version's text) is read and `changes` computed only when the
    article's text differs from the latest version's; `crashed` says why there is no article.
    """

    article: Article
    content_hash: str | None
    previous: Article | None = None
    changes: tuple[Change, ...] | None = None
    crashed: str | None = None
    error: str | None = None  # the check's error code when not the default no_article
    hint: str = ""  # said after why there is no article (how the page might yield one)


@dataclass
class _CheckState:
    """The check row being recorded, before it is inserted."""

    finished_at: dt.datetime
    outcome: Outcome = Outcome.FAILED
    error: str | None = None
    message: str | None = None


# Core statements (no ORM unit of work): a check is a handful of rows, and the ORM's
# bookkeeping for them cost more CPU than fetching and extracting the page.
_S = cast(Table, Source.__table__)
_V = cast(Table, Version.__table__)
_VC = cast(Table, ViewCount.__table__)
_CHECKS = cast(Table, Check.__table__)
_CHANGES = cast(Table, ChangeRecord.__table__)
_SUBS = cast(Table, Subscription.__table__)

_LATEST_SEQ = (
    select(func.max(_V.c.seq)).where(_V.c.source_id == _S.c.id).correlate(_S).scalar_subquery()
)
_LAST_VIEWS = (
    select(_VC.c.views)
    .where(_VC.c.source_id == _S.c.id)
    .order_by(_VC.c.observed_at.desc(), _VC.c.id.desc())
    .limit(1)
    .correlate(_S)
    .scalar_subquery()
)
# One statement: the source, its latest version's id/seq/hash, its last view count.
_SNAPSHOT = (
    select(
        _S.c.url,
        _S.c.etag,
        _S.c.last_modified,
        _S.c.body_selector,
        _S.c.exclude_selectors,
        _S.c.views_selector,
        _S.c.views_regex,
        _V.c.id,
        _V.c.seq,
        _V.c.content_hash,
        _LAST_VIEWS,
        _S.c.body_hash,
        _S.c.interval_seconds,
        _S.c.cron,
        _V.c.meta,
        _S.c.render,
        _S.c.wait_for,
        _S.c.request_headers,
        _S.c.user_agent,
        _S.c.proxy,
    )
    .select_from(_S.outerjoin(_V, (_V.c.source_id == _S.c.id) & (_V.c.seq == _LATEST_SEQ)))
    .where(_S.c.id == bindparam("source_id"))
)
# Locked for the rest of the transaction on PostgreSQL (SQLite holds the write lock anyway).
_SOURCE_FOR_UPDATE = (
    select(
        _S.c.id,
        _S.c.url,
        _S.c.interval_seconds,
        _S.c.cron,
        _S.c.status,
        _S.c.consecutive_failures,
        _S.c.etag,
        _S.c.last_modified,
        _S.c.lease_owner,
    )
    .where(_S.c.id == bindparam("source_id"))
    .with_for_update()
)
# Statements built once: SQLAlchemy then computes each one's cache key only once.
_INSERT_VERSION = insert(_V).returning(_V.c.id)
_INSERT_CHECK = insert(_CHECKS).returning(_CHECKS.c.id)
_INSERT_CHANGES = insert(_CHANGES).returning(_CHANGES.c.id, sort_by_parameter_order=True)
_INSERT_VIEWS = insert(_VC)
_UPDATE_SOURCE = update(_S).where(_S.c.id == bindparam("source_id_"))
_PREVIOUS = select(_V.c.title, _V.c.paragraphs, _V.c.meta).where(_V.c.id == bindparam("version_id"))
_SUBSCRIBED = select(_SUBS.c.id).where(_SUBS.c.source_id == bindparam("source_id")).limit(1)
_INSERT_ALERTS = insert(cast(Table, Alert.__table__))


def _snapshot(connection: Connection, source_id: int) -> _Snapshot | None:
    row = connection.execute(_SNAPSHOT, {"source_id": source_id}).first()
    if row is None:
        return None
    (url, etag, modified, body, exclude, views_sel, views_re, v_id, v_seq, v_hash, views, bh) = row[
        :12
    ]
    interval, cron, latest_meta = row[12:15]
    return _Snapshot(
        id=source_id,
        url=url,
        etag=etag,
        last_modified=modified,
        options=stored_options(body, exclude, views_sel, views_re),
        latest_id=v_id,
        latest_seq=v_seq or 0,
        latest_hash=v_hash,
        last_views=views,
        body_hash=bh,
        interval_seconds=interval,
        cron=cron,
        latest_meta=latest_meta,
        request=stored_request(*row[15:20]),
    )


@functools.cache
def _extractor_id() -> bytes:
    """Identifies the extraction code: the extractor, its metadata reader, the text
    normaliser, page decoding and the parser's version, so that a change to any of them
    re-extracts the pages it saw."""
    digest = hashlib.sha256(selectolax.__version__.encode())
    for module in (extract_module, metadata_module, article_module, encoding_module):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(f"{module.__name__} {__version__}".encode())
    return digest.digest()


def body_key(result: FetchResult, options: ExtractOptions) -> str:
    """What decides an extraction: the page body, its URL, the source's options, the code.

    A fast hash rather than a cryptographic one: the key only spares re-extracting a page
    whose body is the one last extracted, and whoever could make two bodies collide is the
    page's author, who can serve either page anyway. Keys of an earlier hash never match,
    so each source is extracted once more after an upgrade, with the same article.
    """
    digest = xxhash.xxh3_128(_extractor_id())
    digest.update(f"{extract.__module__}.{extract.__qualname__}".encode())
    digest.update(repr((result.final_url, options)).encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(_utf8(result))
    return digest.hexdigest()


def _utf8(result: FetchResult) -> bytes:
    """The page's text in UTF-8: the bytes as they came when the page was UTF-8."""
    if result.utf8 is not None:
        return result.utf8
    return result.text.encode("utf-8", "surrogatepass")


def _previous_article(connection: Connection, version_id: int) -> Article:
    title, paragraphs, meta = connection.execute(_PREVIOUS, {"version_id": version_id}).one()
    return stored_article(title, paragraphs, meta)


def _next_check(source: SourceState, now: dt.datetime, failures: int) -> dt.datetime:
    # Interval or cron, exponential capped back-off while failing, and a little jitter.
    return next_check_at(source.interval_seconds, source.cron, now, failures)


def _persist(
    connection: Connection,
    snap: _Snapshot,
    result: FetchResult,
    analysis: _Analysis | None,
    started: dt.datetime,
    settings: Settings,
    lease_owner: str | None = None,
    body: str | None = None,
) -> CheckReport:
    """Record one check in the caller's write transaction (see Database.write)."""
    now = utcnow()
    row = connection.execute(_SOURCE_FOR_UPDATE, {"source_id": snap.id}).first()
    if row is None:  # removed while we were fetching
        return CheckReport(
            snap.id,
            snap.url,
            Outcome.FAILED,
            error="removed",
            message="source was removed during the check",
        )
    source = SourceState(*row)
    check = _CheckState(finished_at=now)
    changes: list[Change] = []
    version: dict[str, Any] | None = None
    views: int | None = None
    body_hash: str | None = None

    if result.outcome is FetchOutcome.FAILED:
        check.error, check.message = result.error, result.message
        changes = failed_fetch(source, result, settings)
    elif result.outcome is FetchOutcome.NOT_MODIFIED:
        check.outcome = Outcome.NOT_MODIFIED
        changes = recovered(source, settings)
        if source.status in (SourceStatus.FAILING, SourceStatus.GONE, SourceStatus.NEW):
            source.status = SourceStatus.OK
    elif analysis is None:
        changes, views = _same_body(source, check, snap, result, settings)
    else:
        changes, version, views = _compare(source, check, snap, analysis, result, settings)
        if check.outcome != Outcome.FAILED and (views is not None or snap.last_views is None):
            # The views this body yields can be told from the last observation later on.
            body_hash = body

    version_id: int | None = None
    if version is not None:
        version_id = connection.execute(_INSERT_VERSION, version).scalar_one()
    check_id = connection.execute(
        _INSERT_CHECK,
        {
            "source_id": source.id,
            "started_at": started,
            "finished_at": now,
            "outcome": str(check.outcome),
            "http_status": result.status,
            "bytes": result.bytes,
            "duration": result.duration,
            "attempts": result.attempts,
            "error": check.error,
            "message": check.message,
            "final_url": result.final_url,
            "version_id": version_id,
        },
    ).scalar_one()
    values: dict[str, Any] = {
        "last_checked_at": now,
        "next_check_at": _next_check(source, now, source.consecutive_failures),
        "consecutive_failures": source.consecutive_failures,
        "status": str(source.status),
        "etag": source.etag,
        "last_modified": source.last_modified,
    }
    if lease_owner is not None and source.lease_owner == lease_owner:
        # Released with the result: the source is free for whoever finds it due next.
        values["lease_owner"], values["lease_until"] = None, None
    if version_id is not None:
        values["last_changed_at"] = now
    if analysis is not None:
        values["body_hash"] = body_hash
    connection.execute(_UPDATE_SOURCE, {"source_id_": source.id, **values})
    if views is not None and views != snap.last_views:
        connection.execute(
            _INSERT_VIEWS,
            {"source_id": source.id, "check_id": check_id, "observed_at": now, "views": views},
        )
    if changes:
        _record_changes(connection, source, check_id, check, changes, version_id, snap, settings)
    return CheckReport(
        source.id,
        source.url,
        check.outcome,
        tuple(changes),
        version=version["seq"] if version else snap.latest_seq or None,
        error=check.error,
        message=check.message,
        views=views,
    )


def _record_changes(
    connection: Connection,
    source: SourceState,
    check_id: int,
    check: _CheckState,
    changes: list[Change],
    version_id: int | None,
    snap: _Snapshot,
    settings: Settings,
) -> None:
    """The change rows, and their alerts in the outbox: no change without its alert."""
    rows = []
    for change in changes:
        is_health = change.kind in HEALTH_KINDS
        rows.append(
            {
                "source_id": source.id,
                "check_id": check_id,
                "version_id": None if is_health else (version_id or snap.latest_id),
                "previous_version_id": None if is_health or version_id is None else snap.latest_id,
                "kind": str(change.kind),
                "summary": change.summary,
                "detail": change.detail,
                "detected_at": check.finished_at,
                "significance": significance_key(change.detail),
            }
        )
    # One statement for all of a check's changes (a first sight or an edit makes several).
    ids = connection.execute(_INSERT_CHANGES, rows).scalars().all()
    if not settings.alert_recipients and (
        connection.execute(_SUBSCRIBED, {"source_id": source.id}).first() is None
    ):
        return  # nobody to alert
    with Session(bind=connection) as session:
        rules = rules_of(
            session.scalars(
                select(Subscription)
                .where(Subscription.source_id == source.id)
                .order_by(Subscription.email, Subscription.id)
            )
        )
    alerts = alert_rows(
        source_id=source.id,
        check_id=check_id,
        at=check.finished_at,
        flagged=[Flagged(i, str(c.kind), c.detail) for i, c in zip(ids, changes, strict=True)],
        rules=rules,
        global_recipients=settings.alert_recipients,
    )
    if alerts:
        connection.execute(_INSERT_ALERTS, alerts)


def _same_body(
    source: SourceState,
    check: _CheckState,
    snap: _Snapshot,
    result: FetchResult,
    settings: Settings,
) -> tuple[list[Change], int | None]:
    """The page is byte for byte the one that last extracted cleanly (same URL, options and
    extractor): the same article as the latest version, with the views last observed."""
    changes = recovered(source, settings)
    source.etag, source.last_modified = result.etag, result.last_modified
    source.status = SourceStatus.OK
    check.outcome = Outcome.UNCHANGED
    return changes, snap.last_views


def _compare(
    source: SourceState,
    check: _CheckState,
    snap: _Snapshot,
    analysis: _Analysis,
    result: FetchResult,
    settings: Settings,
) -> tuple[list[Change], dict[str, Any] | None, int | None]:
    """Decide what an extracted article means: new version, same text, or a broken scraper."""
    changes = recovered(source, settings)
    source.etag, source.last_modified = result.etag, result.last_modified
    article, content_hash, previous = analysis.article, analysis.content_hash, analysis.previous
    broken = (
        analysis.crashed is not None
        or not article.paragraphs
        or (
            previous is not None
            and previous.text_length > 0
            and article.text_length < previous.text_length * settings.extraction_min_ratio
        )
    )
    if broken:
        check.outcome = Outcome.FAILED
        check.error = analysis.error or "no_article"
        if analysis.crashed is not None:
            check.message = analysis.crashed
        elif article.paragraphs and previous is not None:
            check.message = (
                f"article body shrank to {article.text_length} of {previous.text_length} characters"
            )
        else:
            check.message = "the page yielded no article body" + analysis.hint
        if source.status != SourceStatus.EXTRACTION_FAILED:
            changes.append(
                Change(
                    ChangeKind.EXTRACTION_FAILED,
                    f"Extraction failed: {check.message}",
                    {
                        "paragraphs": len(article.paragraphs),
                        "characters": article.text_length,
                        "previous_characters": previous.text_length if previous else None,
                    },
                )
            )
        source.status = SourceStatus.EXTRACTION_FAILED
        # Keep the conditional-GET validators from the last good page: a 304 must not hide
        # the broken layout from the next check.
        source.etag, source.last_modified = snap.etag, snap.last_modified
        return changes, None, None

    source.status = SourceStatus.OK
    version: dict[str, Any] | None = None
    if content_hash == snap.latest_hash and not analysis.changes:
        check.outcome = Outcome.UNCHANGED
    else:
        check.outcome = Outcome.CHANGED
        assert analysis.changes is not None  # computed whenever the text differs
        changes.extend(analysis.changes)
        version = {
            "source_id": source.id,
            "seq": snap.latest_seq + 1,
            "content_hash": content_hash,
            "title": article.title,
            "paragraphs": list(article.paragraphs),
            "meta": {
                k: v for k, v in article.to_json().items() if k not in ("title", "paragraphs")
            },
            "fetched_at": check.finished_at,
            # Level 1: a higher level costs more time than extracting the page for little
            # space (bench/README.md, "Raw HTML at zlib level 1").
            "raw_html": isal_zlib.compress(_utf8(result), 1) if result.text else None,
        }
    # The first observation is the baseline, never a change.
    if snap.latest_id is not None or snap.last_views is not None:
        view_change = diff_views(snap.last_views, article.views)
        if view_change is not None:
            changes.append(view_change)
    return changes, version, article.views


async def _read(db: Database, query: Callable[[Connection, int], T], key: int) -> T:
    """A read of a check: in the event loop's thread on SQLite, where it takes microseconds
    (see db.LoopWriter); on a thread for a database over the network, whose round trip would
    otherwise hold up every other check of the loop (on PostgreSQL a worker recorded about
    as many checks a second as it made these round trips)."""

    def run() -> T:
        with db.engine.connect() as connection:
            return query(connection, key)

    if db.engine.dialect.name == "sqlite":
        return run()
    return await asyncio.to_thread(run)


async def check_one(
    db: Database,
    source_id: int,
    client: httpx.AsyncClient,
    settings: Settings,
    *,
    lease_owner: str | None = None,
    analyzer: Analyzer = INLINE,
    polite: Politeness | None = None,
    fetchers: Fetchers | None = None,
) -> CheckReport:
    """Check one source now. Never raises for anything the page or the network does.

    `analyzer`: where extraction and diff run (inline, or a pool of worker processes).

    `polite`: held around the request alone, so reading the source, parsing and recording
    never keep a request slot from another check (the caller may hold its own slot instead).
    A page rendered in the browser waits for one of the browser's pages first, then for its
    host's slot alone: the global request limit is the plain checks'.

    `fetchers`: the run's clients and browser (see tracker.fetch.Fetchers); without them a
    source that needs a proxy or the browser gets its own for this check, beside `client`.

    `lease_owner`: the worker that claimed the source; its lease is released in the same
    transaction that records the result.
    """
    snap = await _read(db, _snapshot, source_id)
    if snap is None:
        return CheckReport(
            source_id,
            "",
            Outcome.FAILED,
            error="unknown_source",
            message=f"no source with id {source_id}",
        )
    problem = schedule_problem(snap.interval_seconds, snap.cron, utcnow())
    if problem is not None:
        # Not fetched: the row is recorded as skipped, with the reason, and looked at again
        # later (schedule.next_check_at), so one bad row never stops the others.
        started = utcnow()
        skipped = FetchResult(
            snap.url, snap.url, FetchOutcome.FAILED, error="invalid_schedule", message=problem
        )
        return await _record(db, snap, skipped, started, settings, lease_owner, analyzer)
    async with contextlib.AsyncExitStack() as recording:
        if fetchers is None:
            fetchers = await recording.enter_async_context(Fetchers(settings, client))
        async with _fetch_slot(fetchers, polite, snap):
            if polite is not None:
                # Held until the check is recorded: fetched pages never pile up in memory.
                await recording.enter_async_context(polite.backlog)
            started = utcnow()
            result = await fetchers.fetch(
                snap.url,
                snap.request,
                policy=FetchPolicy.from_settings(settings),
                etag=snap.etag,
                last_modified=snap.last_modified,
            )
        report = await _record(db, snap, result, started, settings, lease_owner, analyzer)
    return report


@contextlib.asynccontextmanager
async def _fetch_slot(
    fetchers: Fetchers, polite: Politeness | None, snap: _Snapshot
) -> AsyncIterator[None]:
    if polite is None:
        yield
    elif snap.request.browser:
        async with fetchers.page_slot(), polite.slot(snap.url, shared=False):
            yield
    else:
        async with polite.slot(snap.url):
            yield


async def _record(
    db: Database,
    snap: _Snapshot,
    result: FetchResult,
    started: dt.datetime,
    settings: Settings,
    lease_owner: str | None,
    analyzer: Analyzer,
) -> CheckReport:
    """Analyse a fetched page and write the check."""
    analysis = None
    key = body_key(result, snap.options) if result.outcome is FetchOutcome.OK else None
    if key is not None and (key != snap.body_hash or snap.latest_id is None):
        budget = PageBudget(
            max_depth=settings.max_page_depth, rewrite_paragraphs=settings.rewrite_paragraphs
        )
        analysis = await _analyze(db, snap, result, analyzer, budget)
    # Checks that finish together are committed together (see Database.run_write).
    try:
        return await db.run_write(
            functools.partial(
                _persist,
                snap=snap,
                result=result,
                analysis=analysis,
                started=started,
                settings=settings,
                lease_owner=lease_owner,
                body=key,
            )
        )
    except IntegrityError:
        # Another worker stored the same source's next version first: its result stands.
        return CheckReport(
            snap.id,
            snap.url,
            Outcome.FAILED,
            error="conflict",
            message="another check of this source finished first",
        )
    except DBAPIError as exc:
        # The transaction did not commit (a full disk, a lost connection): nothing of this
        # check is stored, and the report says so instead of what the page showed.
        return CheckReport(
            snap.id,
            snap.url,
            Outcome.FAILED,
            error=NOT_STORED,
            message=f"not stored: {db_error_line(exc)}",
        )


async def _analyze(
    db: Database, snap: _Snapshot, result: FetchResult, analyzer: Analyzer, budget: PageBudget
) -> _Analysis:
    """Extract the page and, when its text is not the latest version's, diff the two (or
    summarise a rewrite of a long article, see analysis.rewrite_summary)."""
    analysis = await _analyze_page(db, snap, result, analyzer, budget)
    if not analysis.article.paragraphs and analysis.crashed is None:
        analysis = dataclasses.replace(analysis, hint=_render_hint(snap, result))
    return analysis


async def _analyze_page(
    db: Database, snap: _Snapshot, result: FetchResult, analyzer: Analyzer, budget: PageBudget
) -> _Analysis:
    try:
        extracted = await analyzer.extract(
            result.text, result.final_url, snap.options, budget, result.utf8
        )
        if extracted.failure is not None:
            return _Analysis(Article(), None, crashed=extracted.failure, error=extracted.error)
        article, content_hash = extracted.article, extracted.content_hash
        # The same hash is the same normalised text as the latest version: nothing to
        # compare, so the latest text is only read when it differs.
        if content_hash == snap.latest_hash:
            # The same text with its publication time moved is a version of its own.
            latest = stored_article("", (), snap.latest_meta)
            redated = published_change(latest, article)
            return _Analysis(article, content_hash, changes=(redated,) if redated else None)
        previous = None
        if snap.latest_id is not None:
            # Read outside the write transaction: if another worker stores a newer version
            # meanwhile, inserting ours (the snapshot's seq + 1) fails and the check says so.
            previous = await _read(db, _previous_article, snap.latest_id)
        changes = (
            tuple(await analyzer.diff(previous, article, budget)) if article.paragraphs else ()
        )
        if any(c.kind is ChangeKind.TITLE_CHANGED for c in changes):
            changes = _rotations(db, snap.id, changes)
        if previous is not None:
            changes = tuple(date_changes(previous, article, changes))
        return _Analysis(article, content_hash, previous, changes)
    except ExtractorCrashed as exc:
        return _Analysis(Article(), None, crashed=f"{exc} (a page that crashes the parser)")


def _render_hint(snap: _Snapshot, result: FetchResult) -> str:
    """Why a plain fetch may have found nothing: the page is built by its scripts."""
    if snap.request.browser or not looks_script_built(result.text):
        return ""
    return (
        "; it looks built by scripts in the browser (an app root, scripts and almost no "
        "text): try `tracker edit SOURCE --render browser`"
    )


def _rotations(db: Database, source_id: int, changes: tuple[Change, ...]) -> tuple[Change, ...]:
    """A title change read against the page's earlier headlines (see tracker.headlines)."""
    with db.engine.connect() as connection:
        earlier = connection.execute(
            select(_V.c.title)
            .where(_V.c.source_id == source_id)
            .order_by(_V.c.seq.desc())
            .limit(HISTORY_DEPTH)
        ).scalars()
        titles = list(earlier)[::-1]
        last = connection.execute(
            select(_CHANGES.c.kind, _CHANGES.c.detail)
            .where(
                _CHANGES.c.source_id == source_id,
                _CHANGES.c.kind.in_(
                    [str(ChangeKind.TITLE_CHANGED), str(ChangeKind.HEADLINE_ROTATION)]
                ),
            )
            .order_by(_CHANGES.c.id.desc())
            .limit(1)
        ).first()
    episode = None
    if last is not None and last.kind == ChangeKind.HEADLINE_ROTATION:
        episode = [str(h) for h in (last.detail or {}).get("headlines", [])]
    return tuple(fold_rotation(changes, titles, episode))


async def check_many(
    db: Database,
    sources: Iterable[tuple[int, str]],
    settings: Settings,
    *,
    on_done: Callable[[CheckReport], None] | None = None,
) -> list[CheckReport]:
    """Check (id, url) pairs concurrently: a global limit, a per-host limit and delay.

    The limits hold for the requests (see check_one's `polite`).
    """
    polite = Politeness.from_settings(settings)
    items = list(sources)
    workers = settings.extract_workers if len(items) >= MIN_CHECKS_FOR_WORKERS else 0

    with Analyzer(workers) as analyzer:
        async with (
            make_client(FetchPolicy.from_settings(settings)) as client,
            Fetchers(settings, client) as fetchers,
        ):

            async def one(source_id: int, url: str) -> CheckReport:
                report = await check_one(
                    db,
                    source_id,
                    client,
                    settings,
                    analyzer=analyzer,
                    polite=polite,
                    fetchers=fetchers,
                )
                if on_done is not None:
                    on_done(report)
                return report

            return list(await asyncio.gather(*(one(i, u) for i, u in items)))
