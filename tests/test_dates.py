"""Rewritten dates and silent updates: a published time that moves is one
published_date_changed; an edit made while the page's modified time and "Updated" note stayed
as they were is marked silent. On the sample layouts and on a real page edited in its own
markup, each served by a loopback server and checked by the real pipeline."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from tests.test_alerts import parts
from tests.test_cli import run
from tests.test_editors import PARAS, REAL_PAGE, TITLE, bench_page, edit_markup, step
from tracker.alerts.render import Section, build_message
from tracker.article import Article
from tracker.config import Settings
from tracker.dates import date_changes, instant, published_change, silence
from tracker.db import Database
from tracker.demo.layouts import LAYOUTS, PageState, render
from tracker.demo.server import LoopbackServer
from tracker.diff import ChangeKind, diff_articles
from tracker.extract import extract
from tracker.web.app import create_app
from tracker.web.feed import ATOM as ATOM_NS
from tracker.web.feed import EDIT_SCHEME, SIGNIFICANCE_SCHEME

ATOM = "{" + ATOM_NS + "}"

# The real page's published and modified times, as its metadata and JSON-LD state them.
REAL_PUBLISHED = "2018-04-09T16:02:25+00:00"
REAL_MODIFIED = "2018-04-09T16:05:27+00:00"

PUBLISHED = "2024-07-06T13:15:00+04:00"
MODIFIED = "2024-07-07T09:00:00+04:00"


def page(paragraphs: list[str], *, published: str = PUBLISHED, modified: str = "") -> PageState:
    return PageState(
        title=TITLE, paragraphs=list(paragraphs), views=100, published=published, modified=modified
    )


def kinds(flags: list[dict[str, object]]) -> list[object]:
    return [f["kind"] for f in flags]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_backdated_page(
    layout: str, settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/b", render(layout, page(PARAS)))
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "check", url)[0] == 0

    # The same text, published a week earlier: one flag, and a version that keeps the date.
    earlier = "2024-06-29T13:15:00+04:00"
    flags = step(capsys, site, "/b", layout, page(PARAS, published=earlier), 1)
    assert kinds(flags) == ["published_date_changed"]
    assert flags[0]["detail"] == {"old": PUBLISHED, "new": earlier, "backdated": True}
    assert flags[0]["version"] == 2 and flags[0]["previous_version"] == 1

    # Nothing moves on the next checks, whatever the chrome does.
    for tick in (2, 3):
        assert step(capsys, site, "/b", layout, page(PARAS, published=earlier), tick) == []
    # The same time in another zone has not moved.
    same = "2024-06-29T09:15:00+00:00"
    assert step(capsys, site, "/b", layout, page(PARAS, published=same), 4) == []

    # Re-dated forward together with an edit: the date flag after the headline's place, then
    # the edit (which states no modified time, so it is neither silent nor announced).
    edited = list(PARAS)
    edited[1] = edited[1].replace("three tram lines", "four tram lines")
    later = "2024-07-08T08:00:00+04:00"
    flags = step(capsys, site, "/b", layout, page(edited, published=later), 5)
    assert kinds(flags) == ["published_date_changed", "paragraph_edited"]
    assert flags[0]["detail"]["backdated"] is False
    assert "silent" not in flags[1]["detail"]

    code, out, _ = run(capsys, "history", url)
    assert code == 0 and "published_date_changed" in out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_silent_update_and_an_announced_update(
    layout: str, settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/u", render(layout, page(PARAS, modified=MODIFIED)))
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "check", url)[0] == 0

    # A figure changed while the page still says it was last updated at MODIFIED: silent.
    quiet = list(PARAS)
    quiet[2] = quiet[2].replace("40 million", "45 million")
    flags = step(capsys, site, "/u", layout, page(quiet, modified=MODIFIED), 1)
    assert kinds(flags) == ["paragraph_edited"]
    assert flags[0]["detail"]["silent"] is True
    assert flags[0]["detail"]["significance"] == ["number"]

    # A sentence added with the modified time moved on: announced.
    loud = list(quiet)
    loud[4] = loud[4] + " The tender closes in March."
    later = "2024-07-08T10:30:00+04:00"
    flags = step(capsys, site, "/u", layout, page(loud, modified=later), 2)
    assert kinds(flags) == ["paragraph_edited"]
    assert flags[0]["detail"]["silent"] is False

    # A modified time that moves on its own changes no text: no flag, no version.
    for tick, stamp in ((3, later), (4, "2024-07-09T10:30:00+04:00")):
        assert step(capsys, site, "/u", layout, page(loud, modified=stamp), tick) == []


def test_the_silent_marker_in_the_change_line(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.set("/w", render("caliber", page(PARAS, modified=MODIFIED)))
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "check", url)[0] == 0
    quiet = list(PARAS)
    quiet[0] = quiet[0].replace("close", "narrow")
    [flag] = step(capsys, site, "/w", "caliber", page(quiet, modified=MODIFIED), 1)
    assert flag["detail"]["silent"] is True
    code, out, _ = run(capsys, "changes")
    assert code == 0 and "silent" in out


def restamp(html: str, old: str, new: str) -> str:
    """A date changed in every place the page states it (its meta tags and its JSON-LD)."""
    assert html.count(old) >= 2, old
    return html.replace(old, new)


def test_a_real_page_backdated_then_updated_silently_then_openly(
    settings: Settings, site: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    original = bench_page(REAL_PAGE)
    url = site.set("/real", original)
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "check", url)[0] == 0

    def publish(html: str) -> list[dict[str, Any]]:
        before = max((r["id"] for r in _all(capsys)), default=0)
        site.set("/real", html)
        assert run(capsys, "check", url)[0] == 0
        return [r for r in _all(capsys) if r["id"] > before]

    # Backdated in its metadata and its JSON-LD alike.
    backdated = restamp(original, REAL_PUBLISHED, "2018-03-01T09:00:00+00:00")
    flags = publish(backdated)
    assert kinds(flags) == ["published_date_changed"]
    assert flags[0]["detail"]["backdated"] is True

    # A figure edited, the modified time left as it was.
    silent = edit_markup(backdated, ("outstanding 350 partners", "outstanding 300 partners"))
    flags = publish(silent)
    assert kinds(flags) == ["paragraph_edited"]
    assert flags[0]["detail"]["silent"] is True

    # Another edit, with the modified time moved in every place the page states it.
    announced = restamp(
        edit_markup(silent, ("Inspired and humbled!", "Inspired, and humbled!")),
        REAL_MODIFIED,
        "2018-04-10T08:00:00+00:00",
    )
    flags = publish(announced)
    assert kinds(flags) == ["paragraph_edited"]
    assert flags[0]["detail"]["silent"] is False
    assert flags[0]["detail"]["significance"] == ["punctuation"]

    assert publish(announced) == []


def _all(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "changes", "--json", "--oldest-first")
    assert code == 0, err
    records: list[dict[str, Any]] = json.loads(out)
    return records


def test_the_real_page_extracts_its_dates() -> None:
    article = extract(bench_page(REAL_PAGE), url="https://example.com/a")
    assert (article.published, article.published_from, article.modified) == (
        REAL_PUBLISHED,
        "metadata",
        REAL_MODIFIED,
    )


# ---------------------------------------------------------------------------------------
# The pure rules


def article(**dates: str | None) -> Article:
    return Article(TITLE, tuple(PARAS), **dates)  # type: ignore[arg-type]


def test_a_first_time_element_is_never_compared() -> None:
    # A page without a published time in its metadata takes its first <time>, which may be
    # a clock: it moving is no re-dating.
    old = article(published="2024-07-06T13:15:00", published_from="time")
    new = article(published="2024-07-06T13:16:00", published_from="time")
    assert published_change(old, new) is None
    trusted = article(published="2024-07-06T13:15:00", published_from="metadata")
    assert published_change(trusted, new) is None
    # (nor is a metadata time against a version that had only a <time>)
    assert published_change(old, article(published=PUBLISHED, published_from="metadata")) is None


def test_a_version_stored_before_the_source_of_its_time_was_recorded() -> None:
    legacy = article(published="2024-07-06T13:15:00+04:00")
    moved = published_change(
        legacy, article(published=PUBLISHED[:11] + "10:00:00+04:00", published_from="metadata")
    )
    assert moved is not None and moved.detail["backdated"] is True
    assert (
        published_change(legacy, article(published="2024-07-06T10:00:00", published_from="time"))
        is None
    )


def test_a_visible_updated_note_counts_like_the_modified_time() -> None:
    old = article(updated="Updated 7 July 2024 09:00")
    assert silence(old, article(updated="Updated 7 July 2024 09:00")) is True
    assert silence(old, article(updated="Updated 8 July 2024 10:00")) is False
    assert silence(old, article(updated="Updated 7 July 2024 09:00", modified=MODIFIED)) is False
    assert silence(article(), article()) is None


def test_unreadable_dates_are_compared_as_text() -> None:
    assert instant("yesterday") == "yesterday"
    assert instant(" 2024-07-06T09:15:00Z ") == dt.datetime(2024, 7, 6, 9, 15, tzinfo=dt.UTC)
    old = article(published="last spring", published_from="metadata")
    new = article(published="this spring", published_from="metadata")
    moved = published_change(old, new)
    assert moved is not None and moved.detail["backdated"] is None


zones = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC)
)


@given(moments, zones, zones, st.booleans(), st.data())
def test_dates_that_do_not_move_never_add_a_flag(
    when: dt.datetime, zone_a: dt.tzinfo, zone_b: dt.tzinfo, edit: bool, data: st.DataObject
) -> None:
    # The same published and modified times, however the page prints them: no new flag,
    # and an edit (if any) is silent, never more than that.
    published_a, published_b = when.astimezone(zone_a), when.astimezone(zone_b)
    modified = data.draw(st.one_of(st.none(), moments.map(dt.datetime.isoformat)))
    old = Article(
        TITLE,
        tuple(PARAS),
        published=published_a.isoformat(),
        published_from="metadata",
        modified=modified,
    )
    paragraphs = list(PARAS)
    if edit:
        paragraphs[1] = paragraphs[1].replace("three", "four")
    new = Article(
        TITLE,
        tuple(paragraphs),
        published=published_b.isoformat().replace("+00:00", "Z"),
        published_from="metadata",
        modified=modified,
    )
    plain = diff_articles(old, new)
    dated = date_changes(old, new, plain)
    assert [c.kind for c in dated] == [c.kind for c in plain]
    assert all(
        c.detail.get("silent", None) is (True if modified else None)
        for c in dated
        if c.kind is ChangeKind.PARAGRAPH_EDITED
    )


@given(moments, moments)
def test_a_moved_published_time_is_exactly_one_flag(a: dt.datetime, b: dt.datetime) -> None:
    old = article(published=a.isoformat(), published_from="metadata")
    new = article(published=b.isoformat(), published_from="metadata")
    dated = date_changes(old, new, diff_articles(old, new))
    assert [c.kind for c in dated] == ([] if a == b else [ChangeKind.PUBLISHED_DATE_CHANGED])
    if a != b:
        assert dated[0].detail["backdated"] is (b < a)


# ---------------------------------------------------------------------------------------
# Everywhere: the change line, --help, the API schema, the feed, the source page, the email


def test_dates_and_silence_everywhere(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = site.set("/e", render("caliber", page(PARAS, modified=MODIFIED)))
    assert run(capsys, "add", url)[0] == 0
    code, _, err = run(capsys, "subscribe", url, "desk@example.org", "--significance", "number")
    assert code == 0, err
    assert run(capsys, "check", url)[0] == 0
    quiet = list(PARAS)
    quiet[2] = quiet[2].replace("40 million", "45 million")
    flags = step(capsys, site, "/e", "caliber", page(quiet, modified=MODIFIED), 1)
    assert kinds(flags) == ["paragraph_edited"] and flags[0]["detail"]["silent"] is True
    earlier = "2024-06-29T13:15:00+04:00"
    redated = page(quiet, published=earlier, modified=MODIFIED)
    flags = step(capsys, site, "/e", "caliber", redated, 2)
    assert kinds(flags) == ["published_date_changed"]

    code, out, _ = run(capsys, "changes", "--oldest-first")
    assert code == 0
    edited, moved = out.splitlines()
    assert "[number] (silent" in edited and "Published date moved back" in moved
    code, out, _ = run(capsys, "changes", "--help")
    assert code == 0 and "published_date_changed" in out
    code, out, _ = run(capsys, "changes", "--kind", "published_date_changed", "--json")
    assert code == 0 and [r["kind"] for r in json.loads(out)] == ["published_date_changed"]

    with TestClient(create_app(settings, database=db)) as client:
        schema = json.dumps(client.get("/api/openapi.json").json())
        assert "published_date_changed" in schema and "`silent`" in schema
        feed = ET.fromstring(client.get("/feed.atom").content)
        categories = [
            [(c.get("scheme"), c.get("term")) for c in e.findall(f"{ATOM}category")]
            for e in feed.findall(f"{ATOM}entry")
        ]
        assert categories == [
            [(None, "published_date_changed")],
            [
                (None, "paragraph_edited"),
                (SIGNIFICANCE_SCHEME, "number"),
                (EDIT_SCHEME, "silent"),
            ],
        ]
        source_id = flags[0]["source_id"]
        source_html = client.get(f"/sources/{source_id}").text
        assert "desk@example.org" in source_html
        assert "only edits that are number; at once" in source_html
        assert "Modified</dt><dd>2024-07-07T09:00:00+04:00" in source_html
        changes_html = client.get("/changes").text
        assert 'class="silent"' in changes_html and "(backdated)" in changes_html

    records = _all(capsys)
    section = Section(source="Meridian Post", url=url, link=None, changes=records)
    message = build_message(
        [section], sender="t@example.org", recipient="desk@example.org", msg_id="<1@x>"
    )
    assert "published date changed" in str(message["Subject"])
    text, html = parts(message)
    assert "silent edit: the page's modified time" in text
    assert f"before: {PUBLISHED}" in text and f"after:  {earlier} (backdated)" in text
    assert "Silent edit:" in html and "backdated" in html
