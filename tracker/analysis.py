"""The CPU-bound, pure steps of a check (extraction and diff), inline or in worker processes.

The event loop of a check run does what an HTTP client does plus the bookkeeping; parsing a
page and comparing two versions are pure functions over values, so they can run in worker
processes while the loop goes on fetching (`TRACKER_EXTRACT_WORKERS`). Besides using other
cores, workers keep a parser crash on a hostile page from taking the service down with it (and
from doing so again each time the page is claimed): it costs a worker process, and the check
records what happened.

This module imports only the pure modules, so a worker process starts quickly.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from tracker.article import Article, ExtractOptions
from tracker.depth import parse_cost
from tracker.diff import Change, ChangeKind, diff_articles
from tracker.encoding import page_input
from tracker.errors import TrackerError
from tracker.extract import extract

__all__ = [
    "Analyzer",
    "Extracted",
    "ExtractorCrashed",
    "PageBudget",
    "extract_page",
    "parse_cost",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

# Fewer checks than this run inline: starting a worker process costs more than it saves.
MIN_CHECKS_FOR_WORKERS = 24


class ExtractorCrashed(TrackerError):
    """A worker process died while handling a page (twice, so it was that page)."""


@dataclass(frozen=True)
class PageBudget:
    """What one page may cost to analyse (settings: TRACKER_MAX_PAGE_DEPTH and the others
    in the README's table of limits)."""

    # Deeper pages are refused before parsing: lexbor's parse time grows with the square of
    # the depth (10,000 levels 0.15 s, 40,000 levels 6 s); real pages stay under 100.
    max_depth: int = 1000
    # So are pages whose misnested formatting tags would have the parser open elements again
    # more often than this (a 24 KB page of them made 2.5 million elements: 0.7 s, 820 MB;
    # none of the benchmarks' 311 real pages makes one), and pages with a tag of more
    # attributes than this (the parser's time grows with the square of their number: 40,000
    # take 3.5 s; real tags have tens).
    max_reopened: int = 10_000
    max_attributes: int = 1000
    # Pages larger than this (characters) are extracted off the event loop, and articles of
    # more paragraphs than this diffed off it (see Analyzer.run).
    thread_chars: int = 256 * 1024
    thread_paragraphs: int = 1000
    # An edit of an article this long (paragraphs, the longer version) that keeps fewer than
    # half of them as they were is summarised as one change (see rewrite_summary).
    rewrite_paragraphs: int = 1000


DEFAULT_BUDGET = PageBudget()


@dataclass(frozen=True)
class Extracted:
    article: Article
    content_hash: str | None  # None when the page yielded no article body (or none was asked)
    failure: str | None = None  # why extraction raised, when it did (the article is empty)
    error: str | None = None  # the check's error code for a page refused before extraction


def too_deep(depth: int, budget: PageBudget) -> Extracted:
    reason = (
        f"a page too deep to parse: its elements nest more than {budget.max_depth} "
        "levels deep (TRACKER_MAX_PAGE_DEPTH)"
    )
    return Extracted(Article(), None, failure=reason, error="too_deep")


def too_costly(reason: str) -> Extracted:
    return Extracted(
        Article(), None, failure=f"a page too costly to parse: {reason}", error="too_costly"
    )


def extract_page(
    html: str | bytes,
    url: str | None,
    options: ExtractOptions,
    budget: PageBudget | None = DEFAULT_BUDGET,
    utf8: bytes | None = None,
    *,
    hashed: bool = True,
) -> Extracted:
    """Extract a page for a check. A page nested deeper than the budget, or that would cost
    the parser more than its size in other ways, is refused before parsing (budget None: no
    depth scan, for a page that is the user's own file, see `tracker extract`). An exception
    of the extractor (a bug, never the page's fault) is logged with its traceback and
    becomes the check's failure, not an empty article nobody hears of.

    `utf8`: the text of `html` in UTF-8, as fetched. The parser reads those bytes itself,
    sparing it the text's encoding, when the extractor would read them as UTF-8 too (else
    their `<meta>` could name another charset than the one the text was decoded in).

    `hashed`: whether the content hash is wanted (a check compares it with the last
    version's; a preview shows the article only, and the hash is a tenth of its cost)."""
    if budget is not None:
        text = html if isinstance(html, str) else html.decode("utf-8", "replace")
        cost = parse_cost(text, budget.max_depth, budget.max_reopened, budget.max_attributes)
        if cost.depth > budget.max_depth:
            return too_deep(cost.depth, budget)
        if cost.reopened > budget.max_reopened:
            return too_costly(
                "its misnested formatting tags would have the parser open elements again "
                f"more than {budget.max_reopened} times"
            )
        if cost.attributes > budget.max_attributes:
            return too_costly(f"a tag of it has more than {budget.max_attributes} attributes")
    if utf8 is not None and isinstance(page_input(utf8), bytes):
        html = utf8
    try:
        article = extract(html, url=url, options=options)
    except Exception as exc:
        log.exception("extraction of %s raised", url)
        return Extracted(Article(), None, failure=f"extraction raised {type(exc).__name__}: {exc}")
    return Extracted(article, article.content_hash() if hashed and article.paragraphs else None)


def rewrite_summary(
    previous: Article | None, article: Article, budget: PageBudget = DEFAULT_BUDGET
) -> Change | None:
    """One change for an edit that rewrote most of a long article, or None for the diff to
    describe it. Aligning two long versions that share few paragraphs costs the square of
    their length (50,000 paragraphs: minutes) and would store a row per paragraph; counting
    the paragraphs they share costs one pass."""
    if previous is None:
        return None
    old, new = previous.paragraphs, article.paragraphs
    longer = max(len(old), len(new))
    if longer <= budget.rewrite_paragraphs:
        return None
    kept = sum((Counter(old) & Counter(new)).values())
    if 2 * kept >= longer:
        return None
    return Change(
        ChangeKind.ARTICLE_REWRITTEN,
        f"Article rewritten: {kept} of {len(old)} paragraphs unchanged, {len(new)} paragraphs now",
        {
            "old_paragraphs": len(old),
            "new_paragraphs": len(new),
            "unchanged_paragraphs": kept,
            "old_title": previous.title,
            "new_title": article.title,
        },
    )


def _ignore_stop_signals() -> None:
    # Ctrl-C and a service manager signal the whole process group; the parent decides when
    # its workers stop (after in-flight checks finish), so they must not die before it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Analyzer:
    """Runs pure functions inline (workers == 0) or in a pool of worker processes.

    The pool starts on first use. When a worker dies, the pool is replaced and each call that
    was in flight on it is tried once more in a process of its own: the other pages go
    through, and the page that kills a worker twice raises ExtractorCrashed for its check alone.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(0, workers)
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = self._new_pool(self.workers)
        return self._pool

    @staticmethod
    def _new_pool(workers: int) -> ProcessPoolExecutor:
        # spawn: the service has threads (scheduler, database writer); forking them is
        # unsafe, and a fresh interpreter holds no database connections or sockets.
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_ignore_stop_signals,
        )

    async def run(self, func: Callable[..., T], *args: Any, heavy: bool = False) -> T:
        """`func(*args)`, in a worker process when there are workers; else inline, or in a
        thread when `heavy`, so that one large page leaves the event loop to the other checks
        (lexbor parses without the GIL; the Python steps share it, in slices)."""
        if self.workers == 0:
            if heavy:
                return await asyncio.to_thread(func, *args)
            return func(*args)
        loop = asyncio.get_running_loop()
        pool = self._executor()
        try:
            return await loop.run_in_executor(pool, func, *args)
        except BrokenProcessPool:
            if self._pool is pool:
                log.warning("a worker process died; starting a new pool")
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
        # Every call that was in flight on the broken pool gets here, and each is tried again
        # in a process of its own: only the call that kills that one too is given up.
        alone = self._new_pool(1)
        try:
            return await loop.run_in_executor(alone, func, *args)
        except BrokenProcessPool:
            raise ExtractorCrashed("the worker process handling this page died") from None
        finally:
            alone.shutdown(wait=False)

    async def extract(
        self,
        html: str,
        url: str | None,
        options: ExtractOptions,
        budget: PageBudget = DEFAULT_BUDGET,
        utf8: bytes | None = None,
    ) -> Extracted:
        heavy = len(html) > budget.thread_chars
        return await self.run(extract_page, html, url, options, budget, utf8, heavy=heavy)

    async def diff(
        self, previous: Article | None, article: Article, budget: PageBudget = DEFAULT_BUDGET
    ) -> Sequence[Change]:
        summary = rewrite_summary(previous, article, budget)
        if summary is not None:
            return (summary,)
        heavy = max(len(article.paragraphs), len(previous.paragraphs) if previous else 0) > (
            budget.thread_paragraphs
        )
        return await self.run(diff_articles, previous, article, heavy=heavy)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


INLINE = Analyzer(0)
