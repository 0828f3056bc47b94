"""Edits as editors make them, end to end: splits and merges on the sample layouts, what kind
of edit it was in `tracker changes`, the API, the web and alert rules."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.test_alerts import Inbox, free_port, mail_settings, parts
from tests.test_cli import run
from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import LAYOUTS, PageState, render
from tracker.demo.server import LoopbackServer
from tracker.jobs.alerts import deliver_alerts
from tracker.models import Alert
from tracker.pipeline import check_many
from tracker.store import NewSource, add_source
from tracker.web.app import create_app

from .shared import SHARED, require

BENCH = SHARED / "extraction-bench" / "html"
# A real article (a company blog's interview, WordPress markup) whose metadata and JSON-LD
# state its published and modified times.
REAL_PAGE = "4648a420af9984d45b76a4afedf4f74965f8a2e0bf1c69bd3da2dc189020f3c9"


def bench_page(name: str) -> str:
    """A page of ../shared/extraction-bench: under CI its absence fails the test."""
    path = require(BENCH / f"{name}.html.gz", "the real-page fixtures")
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def edit_markup(html: str, *replacements: tuple[str, str]) -> str:
    """The page edited in its own markup: each text must be there, once."""
    for old, new in replacements:
        assert html.count(old) == 1, old
        html = html.replace(old, new)
    return html


TITLE = "Council approves the tram extension"
PARAS = [
    "The city council approved the tram extension on Tuesday after a long debate with the "
    "opposition. The vote was close.",
    "Under the plan, three tram lines will be extended to the northern districts by the end "
    "of next year.",
    "Mayor Anna Berg said the work would cost 40 million euros and create hundreds of jobs.",
    "The old tracks on the main avenue will be replaced with new rails.",
    "Construction is expected to begin next spring, pending the final tender.",
    "“We have waited for this line for twenty years,” said a resident of the northern district.",
]


def state(paragraphs: list[str], title: str = TITLE) -> PageState:
    return PageState(title=title, paragraphs=list(paragraphs), views=100)


def new_records(capsys: pytest.CaptureFixture[str], after: int, *extra: str) -> list[Any]:
    code, out, err = run(capsys, "changes", "--json", "--oldest-first", *extra)
    assert code == 0, err
    return [r for r in json.loads(out) if r["id"] > after]


def last_id(capsys: pytest.CaptureFixture[str]) -> int:
    return max((r["id"] for r in new_records(capsys, 0)), default=0)


def step(
    capsys: pytest.CaptureFixture[str],
    site: LoopbackServer,
    path: str,
    layout: str,
    page: PageState,
    tick: int,
) -> list[Any]:
    """Publish the page, check it, and return the flags this check raised."""
    before = last_id(capsys)
    url = site.set(path, render(layout, page, tick=tick))
    code, _, err = run(capsys, "check", url)
    assert code == 0, err
    return new_records(capsys, before)


ISSUE_EDIT = [
    "The city council approved the tram extension on Tuesday after a long debate with the "
    "opposition.",
    "The vote was close.",
    PARAS[1],
    PARAS[2],
    PARAS[3] + " " + PARAS[4],
    PARAS[5],
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_split_and_merge_on_the_sample_layouts(
    layout: str, settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/a", render(layout, state(PARAS)))
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "check", url)[0] == 0

    # Same words, new boundaries: one split and one merge, nothing else.
    flags = step(capsys, site, "/a", layout, state(ISSUE_EDIT), 1)
    assert [f["kind"] for f in flags] == ["paragraph_split", "paragraph_merged"]
    split, merge = (f["detail"] for f in flags)
    assert split["old_indexes"] == [0] and split["new_indexes"] == [0, 1]
    assert merge["old_indexes"] == [3, 4] and merge["new_indexes"] == [4]
    assert not split["edited"] and not merge["edited"]

    # Back, with a figure changed on the way: one merge showing the edit, one split.
    back = list(PARAS)
    back[0] = back[0].replace("Tuesday", "Wednesday")
    flags = step(capsys, site, "/a", layout, state(back), 2)
    assert [f["kind"] for f in flags] == ["paragraph_merged", "paragraph_split"]
    assert flags[0]["detail"]["edited"] is True
    assert flags[0]["detail"]["significance"] == ["number"]
    assert "[-Tuesday-]{+Wednesday+}" in flags[0]["detail"]["inline"]


def test_significance_filters_in_the_cli_the_api_and_the_web(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = site.set("/s", render("newsroom", state(PARAS)))
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "check", url)[0] == 0
    # One edit per check, each kept in the next version.
    edits = [
        ("typo", 1, "districts", "distrcts"),
        ("number", 2, "40 million", "45 million"),
        ("name", 2, "Anna Berg", "Anna Lind"),
        ("quote", 5, "have waited", "have hoped"),
        ("punctuation", 3, "main avenue", "main avenue,"),
        ("sentence_added", 4, "final tender.", "final tender. The tender closes in March."),
        ("wording", 0, "after a long debate", "following a lengthy debate"),
    ]
    page = list(PARAS)
    for tick, (expected, k, before, after) in enumerate(edits, start=1):
        page[k] = page[k].replace(before, after)
        [flag] = step(capsys, site, "/s", "newsroom", state(page), tick)
        assert flag["kind"] == "paragraph_edited"
        assert flag["detail"]["significance"] == [expected], page[k]

    code, out, _ = run(capsys, "changes", "--json", "--significance", "number,name,quote")
    assert code == 0
    found = json.loads(out)
    assert sorted(r["detail"]["significance"][0] for r in found) == ["name", "number", "quote"]
    code, out, _ = run(capsys, "changes", "--significance", "typo")
    assert code == 0 and "[typo]" in out and out.count("paragraph_edited") == 1
    code, _, err = run(capsys, "changes", "--significance", "figure")
    assert code == 2 and "unknown significance 'figure'" in err

    with TestClient(create_app(settings, database=db)) as client:
        api = client.get(
            "/api/changes", params=[("significance", "number"), ("kind", "paragraph_edited")]
        )
        assert api.status_code == 200
        assert [r["detail"]["significance"] for r in api.json()] == [["number"]]
        assert client.get("/api/changes", params={"significance": "figure"}).status_code == 422
        schema = client.get("/api/openapi.json").json()
        assert "paragraph_split" in json.dumps(schema) and "sentence_added" in json.dumps(schema)
        page_html = client.get("/changes", params={"significance": "quote"}).text
        assert page_html.count('id="change-') == 1 and "have hoped" in page_html
        assert 'class="sig sig-quote"' in page_html


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_an_alert_rule_on_significance_gets_only_those_changes(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
    smtp: tuple[Inbox, int],
) -> None:
    inbox, port = smtp
    url = site.set("/alert", render("caliber", state(PARAS)))
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url, name="Harbour Daily"))
        source_id = source.id
    code, _, err = run(
        capsys, "subscribe", url, "figures@example.org", "--significance", "number,name"
    )
    assert code == 0, err
    code, _, err = run(capsys, "subscribe", url, "all@example.org")
    assert code == 0, err
    code, _, err = run(capsys, "subscribe", url, "x@example.org", "--significance", "size")
    assert code == 2 and "unknown significance" in err

    cfg = mail_settings(port)

    def check(page: list[str], tick: int) -> None:
        site.set("/alert", render("caliber", state(page), tick=tick))
        asyncio.run(check_many(db, [(source_id, url)], cfg))

    check(PARAS, 0)
    typo = list(PARAS)
    typo[1] = typo[1].replace("districts", "distrcts")
    check(typo, 1)
    figure = list(typo)
    figure[2] = figure[2].replace("40 million", "45 million")
    check(figure, 2)
    with db.session() as session:
        alerts = session.scalars(select(Alert).order_by(Alert.id)).all()
        by_recipient = [(a.recipient, len(a.change_ids)) for a in alerts]
    assert by_recipient == [
        ("all@example.org", 1),
        ("all@example.org", 1),
        ("figures@example.org", 1),
    ]
    assert deliver_alerts(db, cfg).sent == 3
    figures = [m for m in inbox.messages if m["To"] == "figures@example.org"]
    text, html = parts(figures[0])
    assert "kind of edit: number" in text and "45 million" in text
    assert "Kind of edit:" in html and ">number<" in html


def test_the_diff_viewer_shows_a_split_as_one_paragraph_becoming_two() -> None:
    from tracker.article import Article
    from tracker.diff import diff_articles
    from tracker.web.diffview import build_rows

    changes = diff_articles(Article(TITLE, tuple(PARAS)), Article(TITLE, tuple(ISSUE_EDIT)))
    rows = build_rows(PARAS, ISSUE_EDIT, changes)
    shown = [(r.kind, r.old_index, r.new_index, r.part) for r in rows]
    assert shown == [
        ("split", 0, 0, (1, 2)),
        ("split", None, 1, (2, 2)),
        ("same", 1, 2, None),
        ("same", 2, 3, None),
        ("merged", 3, 4, None),
        ("same", 5, 5, None),
    ]
    assert rows[0].old_text == PARAS[0] and rows[4].regrouped == [3, 4]


def test_splits_merges_and_significance_on_a_real_page(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    html = bench_page(REAL_PAGE)
    url = site.set("/real", html)
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "check", url)[0] == 0

    def publish(*replacements: tuple[str, str]) -> list[Any]:
        nonlocal html
        html = edit_markup(html, *replacements)
        before = last_id(capsys)
        site.set("/real", html)
        code, _, err = run(capsys, "check", url)
        assert code == 0, err
        return new_records(capsys, before)

    # Two paragraphs merged, every word the same: one merge and nothing else.
    [merge] = publish(("President and CEO.</p>\n<p>We’ve asked", "President and CEO. We’ve asked"))
    assert merge["kind"] == "paragraph_merged"
    assert (merge["detail"]["old_indexes"], merge["detail"]["new_indexes"]) == ([0, 1], [0])
    assert merge["detail"]["edited"] is False and "significance" not in merge["detail"]

    # An answer split after its first sentence.
    [split] = publish(("A: Inspired and humbled! To be", "A: Inspired and humbled!</p><p>To be"))
    assert split["kind"] == "paragraph_split"
    assert (split["detail"]["old_indexes"], split["detail"]["new_indexes"]) == ([3], [3, 4])
    assert split["detail"]["edited"] is False

    # The merge undone with a word changed on the way: one split that shows the edit.
    whole = "CEO. We’ve asked him to share some insights into the business of Experience and "
    tail = "what’s next on the horizon for the company.</p>"
    [resplit] = publish((whole + tail, whole.replace(" We’ve", "</p><p>We’ve now") + tail))
    assert resplit["kind"] == "paragraph_split" and resplit["detail"]["edited"] is True
    assert resplit["detail"]["new_indexes"] == [0, 1]
    assert "{+now +}" in resplit["detail"]["inline"]

    # Each kind of edit alone, in the page's own markup.
    for expected, replacement in (
        (["number"], ("outstanding 350 partners", "outstanding 400 partners")),
        (["typo"], ("is tremendous.", "is tremendos.")),
        (["name"], ("by using Steven Covey’s", "by using Peter Drucker’s")),
        (["quote"], ("“Put first things first”", "“Put the first things first”")),
        (["punctuation"], ("Inspired and humbled!</p>", "Inspired and humbled.</p>")),
    ):
        [flag] = publish(replacement)
        assert (flag["kind"], flag["detail"]["significance"]) == ("paragraph_edited", expected)
        # The page's modified time did not move: every one of these was a silent edit.
        assert flag["detail"]["silent"] is True

    # Mixed: a figure and a name in one paragraph.
    [mixed] = publish(
        ("outstanding 400 partners", "outstanding 420 partners in Denver"),
    )
    assert mixed["detail"]["significance"] == ["number", "name"]
