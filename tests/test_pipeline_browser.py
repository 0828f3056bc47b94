"""Checks of a page built by its scripts: a plain check says to render it in a browser, a
rendered check stores the article and its views, and an edit of the data it loads is flagged
like any edit."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.server import LoopbackServer
from tracker.jobs.claim import claim_due
from tracker.models import Source
from tracker.pipeline import check_many
from tracker.store import NewSource, add_source

from .chromium import CHROMIUM, require_chromium
from .test_fetch_browser import PARAGRAPHS, article_json, publish_app

require_chromium()


@pytest.fixture
def browser_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"browser_executable": str(CHROMIUM), "browser_settle": 3.0, "total_timeout": 20.0}
    )


def add(db: Database, url: str, render: str | None = None) -> int:
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url, render=render))
        return source.id


def test_a_script_built_page_plain_then_rendered(
    db: Database, browser_settings: Settings, site: LoopbackServer
) -> None:
    url = publish_app(site)
    source_id = add(db, url)
    [plain] = asyncio.run(check_many(db, [(source_id, url)], browser_settings))
    assert (plain.outcome, plain.error) == ("failed", "no_article")
    assert "try `tracker edit SOURCE --render browser`" in (plain.message or "")
    [flag] = plain.changes
    assert flag.kind == "extraction_failed" and "--render browser" in flag.summary

    with db.session() as session:
        source = session.get(Source, source_id)
        assert source is not None
        source.render = "browser"
    [rendered] = asyncio.run(check_many(db, [(source_id, url)], browser_settings))
    assert (rendered.outcome, rendered.version, rendered.views) == ("changed", 1, 1234), (
        rendered.message
    )

    edited = [*PARAGRAPHS]
    edited[1] = edited[1].replace("Three new tram lines", "Four new tram lines")
    site.set("/api/article.json", article_json(edited, views=1500))
    [after] = asyncio.run(check_many(db, [(source_id, url)], browser_settings))
    kinds = sorted(str(c.kind) for c in after.changes)
    assert (after.outcome, after.version) == ("changed", 2)
    assert kinds == ["paragraph_edited", "views_changed"]
    edit = next(c for c in after.changes if c.kind == "paragraph_edited")
    assert (edit.detail["old"], edit.detail["new"]) == (PARAGRAPHS[1], edited[1])


def test_a_rendered_page_is_not_given_the_hint(
    db: Database, browser_settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/empty-app", '<html><body><div id="app"></div><script>1</script></body></html>')
    source_id = add(db, url, render="browser")
    [report] = asyncio.run(check_many(db, [(source_id, url)], browser_settings))
    assert report.error == "no_article"
    assert report.message == "the page yielded no article body"


def test_rendered_and_plain_checks_share_a_run(
    db: Database, browser_settings: Settings, site: LoopbackServer
) -> None:
    app = publish_app(site)
    pages = [
        site.set(
            f"/plain/{n}",
            "<html><body><article>"
            + "".join(f"<p>{p} ({n})</p>" for p in PARAGRAPHS)
            + "</article></body></html>",
        )
        for n in range(5)
    ]
    targets = [(add(db, app, render="browser"), app)] + [(add(db, u), u) for u in pages]
    reports = asyncio.run(check_many(db, targets, browser_settings))
    assert [r.outcome for r in reports] == ["changed"] * 6, [r.message for r in reports]
    assert reports[0].views == 1234


def test_extract_previews_a_rendered_page(
    browser_settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_cli import run

    url = publish_app(site, "/news/preview")
    code, out, err = run(capsys, "extract", url, "--render", "browser", "--json")
    assert code == 0, err
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["paragraphs"] == PARAGRAPHS and record["views"] == 1234
    code, out, _ = run(capsys, "extract", url, "--json")  # plain: the empty shell
    assert "error" in json.loads(out) or json.loads(out)["paragraphs"] == []


def test_claims_say_which_sources_render(db: Database, site: LoopbackServer) -> None:
    plain = add(db, site.url("/plain"))
    rendered = add(db, site.url("/rendered"), render="browser")
    claims = claim_due(db, "worker-1", 10, dt.timedelta(minutes=5))
    assert {(c.source_id, c.browser) for c in claims} == {(plain, False), (rendered, True)}
