"""Budgets of one page: a page nested too deep is refused before parsing, a large page is
extracted off the event loop while other checks go on, and a long article rewritten almost
entirely is one change, not a quadratic diff and a row per paragraph."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

import tracker.analysis as analysis
import tracker.diff
import tracker.extract
from tracker.config import Settings
from tracker.db import Database
from tracker.demo.server import LoopbackServer
from tracker.models import ChangeRecord, Check
from tracker.pipeline import CheckReport, check_many
from tracker.store import NewSource, add_source

ARTICLE = "<h1>Head</h1>" + "".join(
    f"<p>Paragraph {i} of an ordinary article, with enough words to count.</p>" for i in range(8)
)


def _add(db: Database, url: str) -> int:
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url))
        return source.id


def _check(db: Database, settings: Settings, *ids_urls: tuple[int, str]) -> list[CheckReport]:
    return asyncio.run(check_many(db, list(ids_urls), settings))


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the pages the extractor was given."""
    seen: list[int] = []
    real = tracker.extract.extract

    def counting(html: str | bytes, **kwargs: Any) -> Any:
        seen.append(len(html))
        return real(html, **kwargs)

    monkeypatch.setattr(analysis, "extract", counting)
    return seen


# --------------------------------------------------------------------------- depth


def test_a_page_too_deep_is_recorded_without_parsing_it(
    db: Database, settings: Settings, site: LoopbackServer, extractions: list[int]
) -> None:
    levels = 30_000  # lexbor: about 3 s to parse; 100,000 levels took 57 s
    url = site.set("/deep", "<html><body>" + "<div>" * levels + ARTICLE + "</div>" * levels)
    sid = _add(db, url)
    [report] = _check(db, settings, (sid, url))
    assert report.error == "too_deep", report
    assert report.message and "too deep to parse" in report.message
    assert "\n" not in report.message and "1000" in report.message
    assert extractions == []  # refused by the scan, never handed to the parser
    with db.session() as session:
        check = session.scalars(select(Check).where(Check.source_id == sid)).one()
        assert check.error == "too_deep"
        kinds = session.scalars(select(ChangeRecord.kind)).all()
        assert kinds == ["extraction_failed"]  # the page's health flag, as for no article


def test_the_depth_limit_is_a_setting(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/d", "<html><body>" + "<section>" * 60 + ARTICLE + "</section>" * 60)
    sid = _add(db, url)
    [report] = _check(db, settings.model_copy(update={"max_page_depth": 50}), (sid, url))
    assert report.error == "too_deep" and "50 levels" in (report.message or "")
    [report] = _check(db, settings, (sid, url))
    assert report.outcome == "changed", report


def test_a_page_that_has_the_parser_reopen_elements_is_recorded_without_parsing(
    db: Database, settings: Settings, site: LoopbackServer, extractions: list[int]
) -> None:
    # 24 KB: 500 formatting elements opened in a paragraph, then 5,000 paragraphs, each of
    # which the parser fills with all 500 again (2.5 million elements, 820 MB; 0.7 s)
    formatting = "".join(f"<b id={i}>" for i in range(500))
    url = site.set("/reopen", "<html><body>" + ARTICLE + "<p>" + formatting + "<p>x" * 5000)
    sid = _add(db, url)
    [report] = _check(db, settings, (sid, url))
    assert report.error == "too_costly", report
    assert report.message and "open elements again more than 10000 times" in report.message
    assert extractions == []


def test_a_tag_of_many_attributes_is_recorded_without_parsing(
    db: Database, settings: Settings, site: LoopbackServer, extractions: list[int]
) -> None:
    # 500 KB: one tag of 60,000 attributes (the parser: 8 s, in the square of their number)
    attributes = " ".join(f"data-a{i}=x" for i in range(60_000))
    url = site.set("/attributes", f"<html><body><div {attributes}>" + ARTICLE + "</div>")
    sid = _add(db, url)
    [report] = _check(db, settings, (sid, url))
    assert report.error == "too_costly", report
    assert report.message == "a page too costly to parse: a tag of it has more than 1000 attributes"
    assert extractions == []


# --------------------------------------------------------------------------- the event loop

HEAVY = 256 * 1024  # characters: a page this large is extracted off the event loop


def test_a_heavy_page_leaves_the_event_loop_to_the_others(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    light = [(_add(db, site.set(f"/l{i}", ARTICLE)), site.url(f"/l{i}")) for i in range(12)]
    big = ARTICLE + "<p>More of a long article, and then some more words.</p>" * 6000
    assert len(big) > HEAVY
    heavy = (_add(db, site.set("/heavy", big)), site.url("/heavy"))
    others_done = threading.Event()
    real = tracker.extract.extract

    def slow_when_heavy(html: str | bytes, **kwargs: Any) -> Any:
        if len(html) > HEAVY:
            # Stands for a page that takes long to parse: it ends when the others are done
            # (or after a while, so that a blocked event loop fails the test, not hangs it).
            others_done.wait(timeout=10)
        return real(html, **kwargs)

    monkeypatch.setattr(analysis, "extract", slow_when_heavy)
    order: list[int] = []

    def done(report: CheckReport) -> None:
        order.append(report.source_id)
        if len(order) == len(light):
            others_done.set()

    reports = asyncio.run(check_many(db, [heavy, *light], settings, on_done=done))
    assert all(r.outcome == "changed" for r in reports), reports
    assert order[-1] == heavy[0], order  # every light page finished while the heavy one parsed
    assert analysis.PageBudget().thread_chars <= HEAVY  # "heavy" as the service sees it


# --------------------------------------------------------------------------- rewrites


def _long_article(words: str, count: int) -> str:
    return "<html><body><article><h1>A long record</h1>" + "".join(
        f"<p>Entry {i}: {words} for the record of this very long page.</p>" for i in range(count)
    )


def test_a_rewrite_of_a_long_article_is_one_change(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    diffs: list[int] = []
    real_diff = tracker.diff.diff_articles

    def counting_diff(previous: Any, article: Any) -> Any:
        diffs.append(len(article.paragraphs))
        return real_diff(previous, article)

    monkeypatch.setattr(analysis, "diff_articles", counting_diff)
    url = site.set("/long", _long_article("the first words", 3000))
    sid = _add(db, url)
    _check(db, settings, (sid, url))
    site.set("/long", _long_article("entirely other wording", 3000))
    [report] = _check(db, settings, (sid, url))
    assert report.outcome == "changed" and report.version == 2
    assert [str(c.kind) for c in report.changes] == ["article_rewritten"]
    detail = report.changes[0].detail
    assert detail["old_paragraphs"] == detail["new_paragraphs"] == 3000
    assert detail["unchanged_paragraphs"] == 0
    assert diffs == [3000]  # the first sight only: the rewrite was never aligned
    with db.session() as session:
        rows = session.scalar(
            select(func.count())
            .select_from(ChangeRecord)
            .where(ChangeRecord.version_id.isnot(None))
        )
        kinds = session.scalars(select(ChangeRecord.kind).order_by(ChangeRecord.id)).all()
    assert kinds[-1] == "article_rewritten" and rows is not None and rows <= 2


def test_an_edit_of_a_long_article_is_still_diffed(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/long", _long_article("the first words", 1500))
    sid = _add(db, url)
    _check(db, settings, (sid, url))
    page = _long_article("the first words", 1500).replace("Entry 7:", "Entry seven:")
    site.set("/long", page)
    [report] = _check(db, settings, (sid, url))
    assert [str(c.kind) for c in report.changes] == ["paragraph_edited"]


@given(
    old=st.lists(st.sampled_from("abcdefgh"), max_size=40),
    new=st.lists(st.sampled_from("abcdefgh"), max_size=40),
)
def test_a_rewrite_is_named_only_when_most_of_a_long_article_changed(
    old: list[str], new: list[str]
) -> None:
    from tracker.article import Article

    budget = analysis.PageBudget(rewrite_paragraphs=10)
    summary = analysis.rewrite_summary(
        Article(paragraphs=tuple(old)), Article(paragraphs=tuple(new)), budget
    )
    kept = sum(min(old.count(p), new.count(p)) for p in set(old))
    longer = max(len(old), len(new))
    assert (summary is not None) == (longer > 10 and 2 * kept < longer)
    if summary is not None:
        assert summary.detail["unchanged_paragraphs"] == kept
