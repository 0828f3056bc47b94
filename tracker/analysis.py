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
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from tracker.article import Article, ExtractOptions
from tracker.diff import Change, diff_articles
from tracker.errors import TrackerError
from tracker.extract import extract

__all__ = [
    "Analyzer",
    "Extracted",
    "ExtractorCrashed",
    "extract_page",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

# Fewer checks than this run inline: starting a worker process costs more than it saves.
MIN_CHECKS_FOR_WORKERS = 24


class ExtractorCrashed(TrackerError):
    """A worker process died while handling a page (twice, so it was that page)."""


@dataclass(frozen=True)
class Extracted:
    article: Article
    content_hash: str | None  # None when the page yielded no article body
    failure: str | None = None  # why extraction raised, when it did (the article is empty)


def extract_page(html: str | bytes, url: str | None, options: ExtractOptions) -> Extracted:
    """Extract a page for a check. An exception of the extractor (a bug, never the page's
    fault) is logged with its traceback and becomes the check's failure, not an empty
    article nobody hears of."""
    try:
        article = extract(html, url=url, options=options)
    except Exception as exc:
        log.exception("extraction of %s raised", url)
        return Extracted(Article(), None, failure=f"extraction raised {type(exc).__name__}: {exc}")
    return Extracted(article, article.content_hash() if article.paragraphs else None)


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

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        if self.workers == 0:
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

    async def extract(self, html: str, url: str | None, options: ExtractOptions) -> Extracted:
        return await self.run(extract_page, html, url, options)

    async def diff(self, previous: Article | None, article: Article) -> Sequence[Change]:
        return await self.run(diff_articles, previous, article)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


INLINE = Analyzer(0)
