"""Extraction and diff in worker processes: the same results as inline, and a page that kills
its worker costs that page's check, never the service."""

from __future__ import annotations

import asyncio
import copy
import os
import subprocess
import sys

import pytest

from tracker.analysis import (
    DEFAULT_BUDGET,
    Analyzer,
    Extracted,
    ExtractorCrashed,
    PageBudget,
    extract_page,
)
from tracker.article import Article, ExtractOptions
from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import LAYOUTS, SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer
from tracker.diff import Change
from tracker.fetch import FetchPolicy, make_client
from tracker.pipeline import CheckReport, check_one

from .test_pipeline import add, kinds

CRASH_MARK = "<!-- crash the parser -->"


def _pages() -> list[str]:
    states = list(SAMPLE_ARTICLES.values())
    out = []
    for i, layout in enumerate(LAYOUTS):
        state = copy.deepcopy(states[i % len(states)])
        out.append(render(layout, state))
        state.paragraphs[1] += " One more sentence."
        state.paragraphs.append(state.paragraphs[0])
        out.append(render(layout, state))
    return out


def _exit_now(code: int) -> None:
    os._exit(code)  # what a segfault in the parser looks like to the parent


def _extract_or_crash(html: str, url: str | None, options: ExtractOptions) -> Extracted:
    if CRASH_MARK in html:
        os._exit(11)
    return extract_page(html, url, options)


class CrashingAnalyzer(Analyzer):
    """Workers that die on pages carrying CRASH_MARK, as a parser bug would."""

    async def extract(
        self,
        html: str,
        url: str | None,
        options: ExtractOptions,
        budget: PageBudget = DEFAULT_BUDGET,
        utf8: bytes | None = None,
    ) -> Extracted:
        return await self.run(_extract_or_crash, html, url, options)


def test_workers_give_the_inline_results() -> None:
    pages = _pages()

    async def through(analyzer: Analyzer) -> tuple[list[Extracted], list[list[Change]]]:
        extracted = await asyncio.gather(
            *(analyzer.extract(p, "https://example.org/a", ExtractOptions()) for p in pages)
        )
        diffs = await asyncio.gather(
            *(
                analyzer.diff(extracted[i].article, extracted[i + 1].article)
                for i in range(0, len(pages), 2)
            )
        )
        return list(extracted), [list(d) for d in diffs]

    inline = asyncio.run(through(Analyzer(0)))
    with Analyzer(2) as pool:
        pooled = asyncio.run(through(pool))
    assert pooled == inline
    assert all(e.article.paragraphs and e.content_hash for e in inline[0])
    # every edited page yields its edit and its duplicate, in both
    want = {"paragraph_edited", "duplicate_paragraph"}
    assert all({str(c.kind) for c in d} >= want for d in inline[1])


def test_a_dead_worker_raises_for_its_call_and_the_pool_comes_back() -> None:
    async def scenario(analyzer: Analyzer) -> Article:
        with pytest.raises(ExtractorCrashed, match="worker process"):
            await analyzer.run(_exit_now, 3)
        # the next page is handled by a new pool
        extracted = await analyzer.extract(_pages()[0], None, ExtractOptions())
        return extracted.article

    with Analyzer(1) as analyzer:
        article = asyncio.run(scenario(analyzer))
    assert article.paragraphs


def test_inline_analyzer_runs_in_this_process() -> None:
    with Analyzer(0) as analyzer:
        assert asyncio.run(analyzer.run(os.getpid)) == os.getpid()
    with Analyzer(1) as analyzer:
        assert asyncio.run(analyzer.run(os.getpid)) != os.getpid()


def test_a_page_that_kills_the_parser_is_a_failed_check(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    good = [site.set(f"/good/{i}", page) for i, page in enumerate(_pages()[:4])]
    bad = site.set("/bad", _pages()[0].replace("</body>", CRASH_MARK + "</body>"))
    ids = {url: add(db, url) for url in [*good, bad]}

    async def run() -> dict[str, CheckReport]:
        with CrashingAnalyzer(1) as analyzer:
            async with make_client(FetchPolicy.from_settings(settings)) as client:
                reports = await asyncio.gather(
                    *(
                        check_one(db, source_id, client, settings, analyzer=analyzer)
                        for source_id in ids.values()
                    )
                )
        return {r.url: r for r in reports}

    reports = asyncio.run(run())
    crashed = reports[bad]
    assert crashed.outcome == "failed" and crashed.error == "no_article"
    assert "worker process" in (crashed.message or "")
    assert kinds(crashed) == {"extraction_failed": 1}
    # the pages checked beside it were recorded normally
    assert all(reports[url].outcome == "changed" for url in good)


def test_the_pure_steps_import_no_io_code() -> None:
    # A worker process imports this module and what it needs: no HTTP client, no database.
    code = (
        "import sys, tracker.analysis; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'httpx', 'sqlalchemy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_extractor_exception_is_a_failed_check_with_its_reason(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bug in the extractor (here: an exception on one page) is never an empty article
    without a word: the check fails with the reason and the traceback is logged."""
    import tracker.analysis

    real = tracker.extract.extract

    def raising(
        html: str | bytes, *, url: str | None = None, options: ExtractOptions | None = None
    ) -> Article:
        # (a fetched UTF-8 page reaches the extractor as its bytes)
        if CRASH_MARK in (html if isinstance(html, str) else html.decode()):
            raise IndexError("list index out of range")
        return real(html, url=url, options=options)

    monkeypatch.setattr(tracker.analysis, "extract", raising)
    good = site.set("/good", _pages()[0])
    bad = site.set("/bad", _pages()[0].replace("</body>", CRASH_MARK + "</body>"))
    ids = {url: add(db, url) for url in (good, bad)}

    async def run() -> dict[str, CheckReport]:
        async with make_client(FetchPolicy.from_settings(settings)) as client:
            reports = [await check_one(db, i, client, settings) for i in ids.values()]
        return {r.url: r for r in reports}

    with caplog.at_level("ERROR", logger="tracker.analysis"):
        reports = asyncio.run(run())
    crashed = reports[bad]
    assert crashed.outcome == "failed" and crashed.error == "no_article"
    assert crashed.message == "extraction raised IndexError: list index out of range"
    assert kinds(crashed) == {"extraction_failed": 1}
    assert reports[good].outcome == "changed"
    assert any(r.exc_info and "extraction of" in r.getMessage() for r in caplog.records)


def test_extract_page_records_what_extract_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.analysis

    def boom(html: str, **_: object) -> Article:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(tracker.analysis, "extract", boom)
    extracted = extract_page("<p>x</p>", None, ExtractOptions())
    assert extracted.article == Article() and extracted.content_hash is None
    assert extracted.failure == "extraction raised RecursionError: maximum recursion depth exceeded"


def test_extract_page_hashes_the_body_only_when_asked() -> None:
    page = "<html><body><article><p>" + "A sentence of the article, long enough. " * 4
    page += "</p></article></body></html>"
    hashed = extract_page(page, None, ExtractOptions())
    preview = extract_page(page, None, ExtractOptions(), hashed=False)
    assert preview.article == hashed.article and preview.article.paragraphs
    assert hashed.content_hash == hashed.article.content_hash()
    assert preview.content_hash is None
