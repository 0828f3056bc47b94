"""The web pages in a real browser: headless Chromium (Debian's package) driven by Playwright.

The server is uvicorn in a thread on a loopback port, the data comes from the real pipeline
checking pages on a loopback site. Screenshots go to tests/artifacts/screenshots/ (ignored by
git; TRACKER_TEST_SCREENSHOTS names another folder) for people to look at, at desktop and at
phone width. Outside CI a machine without /usr/bin/chromium skips these tests; under CI (CI
set) they must run, and .ci/run installs the browser.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tracker.config import Settings, load_settings
from tracker.db import open_database
from tracker.demo.server import LoopbackServer
from tracker.web import create_app

from .chromium import ARGS, CHROMIUM, require_chromium
from .webdata import IMG, SCRIPT, WebData, populate

SHOTS = Path(
    os.environ.get("TRACKER_TEST_SCREENSHOTS")
    or Path(__file__).resolve().parent / "artifacts" / "screenshots"
)

require_chromium()

from playwright.sync_api import Page, ViewportSize, sync_playwright  # noqa: E402


class _Server:
    def __init__(self, settings: Settings, token: str | None = None) -> None:
        self.settings = settings
        self.db = open_database(settings.database_url)
        app = create_app(settings, database=self.db)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> _Server:
        self.thread.start()
        while not self.server.started:  # readiness, not a timing assertion
            if not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        self.db.dispose()


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[_Server, WebData]]:
    monkeypatch.setenv("TRACKER_ALLOW_PRIVATE_NETWORKS", "true")
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        retries=0,
        connect_timeout=2.0,
        read_timeout=2.0,
        total_timeout=5.0,
    )
    with LoopbackServer() as site:
        db = open_database(settings.database_url)
        data = populate(db, settings, site)
        db.dispose()
        with _Server(settings) as server:
            yield server, data


@pytest.fixture
def page() -> Iterator[tuple[Page, list[str]]]:
    """A browser page; the list collects every dialog and console error it meets."""
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        p = context.new_page()

        def on_dialog(dialog: Any) -> None:
            problems.append(f"dialog: {dialog.message}")
            dialog.dismiss()

        p.on("dialog", on_dialog)
        p.on(
            "console",
            lambda msg: (
                problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
            ),
        )
        p.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        try:
            yield p, problems
        finally:
            context.close()
            browser.close()


def shot(p: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_dashboard_source_and_diff(
    served: tuple[_Server, WebData], page: tuple[Page, list[str]]
) -> None:
    server, data = served
    p, problems = page

    p.goto(server.url + "/")
    assert p.locator("h1").inner_text() == "Watched pages"
    rows = p.locator("table.sources tbody tr")
    assert rows.count() == 5
    for label in ("OK", "Gone", "Extraction failed", "Paused", "Not checked yet"):
        if label != "Not checked yet":
            assert p.locator("table.sources .status", has_text=label).count() >= 1, label
    assert p.locator("svg.spark").count() >= 2
    shot(p, "1-dashboard")

    p.get_by_role("link", name="Harbour rail story").click()
    assert (
        "Harbour towns bet on rail links" in p.locator("h1").inner_text()
        or p.locator("h1").inner_text() == "Harbour rail story"
    )
    assert p.locator("svg.chart circle.dot").count() >= 3
    assert p.locator("ol.timeline > li").count() >= 6
    assert p.locator("table.log tbody tr").count() == 6
    shot(p, "2-source")

    p.get_by_role("link", name="What changed last").click()
    assert "between version 5 and version 6" in p.locator("h1").inner_text()
    assert p.locator(".para.row-removed").count() == 1
    shot(p, "3-diff-latest")

    # Any two versions: the whole story from the first look to the latest.
    p.select_option("select[name=from]", "1")  # the page submits the picker on change
    p.wait_for_url("**from=1**")
    assert "between version 1 and version 6" in p.locator("h1").inner_text()
    assert p.locator(".para.row-edited").count() >= 1
    assert p.locator(".para.row-added").count() == 1
    assert p.locator(".para.dup").count() == 2
    assert p.locator(".title-row.changed").count() == 1
    shot(p, "4-diff-inline")

    p.get_by_role("link", name="Side by side").click()
    assert p.locator("table.sbs tbody tr").count() > 5
    assert p.locator("table.sbs del").count() >= 1 and p.locator("table.sbs ins").count() >= 1
    shot(p, "5-diff-side-by-side")

    p.goto(f"{server.url}/sources/{data.story}/diff?from=3&to=4")
    assert p.locator(".para.row-moved").count() == 1
    assert "moved to ¶11" in p.locator(".para.row-moved_away").inner_text()
    assert p.locator("article .tag-moved").first.inner_text().startswith("moved from")
    shot(p, "6-diff-moved")

    p.goto(server.url + "/changes")
    assert p.locator("ul.feedlist > li").count() >= 10
    shot(p, "7-changes")

    # Writing from the page: "Check now" runs the pipeline and says what it found.
    p.goto(f"{server.url}/sources/{data.story}")
    p.get_by_role("button", name="Check now").click()
    assert "Checked just now" in p.locator(".flash").inner_text()

    assert problems == []


def test_hostile_text_stays_text_in_the_browser(
    served: tuple[_Server, WebData], page: tuple[Page, list[str]]
) -> None:
    server, data = served
    p, problems = page
    for path in (
        "/",
        f"/sources/{data.hostile}",
        f"/sources/{data.hostile}/diff",
        f"/sources/{data.hostile}/diff?mode=side",
        f"/sources/{data.hostile}/diff?from=0&to=1",
        f"/changes?source={data.hostile}",
    ):
        p.goto(server.url + path)
        body = p.locator("body").inner_text()
        assert SCRIPT in body or IMG in body, path
        assert p.locator("main script, main img").count() == 0, path
    shot(p, "8-hostile-changes")
    p.goto(f"{server.url}/sources/{data.hostile}/diff")
    shot(p, "9-hostile-diff")
    assert problems == []


# --------------------------------------------------------------------------------------------
# A phone's width, the reader's time zone, the forms of a source's page

PHONE: ViewportSize = {"width": 390, "height": 844}
ZONE = "Asia/Tokyo"  # +09:00 all year: the expected text never depends on the date


@pytest.fixture
def phone() -> Iterator[tuple[Any, list[str]]]:
    """A browser context as wide as a phone, in another time zone than UTC."""
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            viewport=PHONE, timezone_id=ZONE, is_mobile=True, has_touch=True
        )
        context.on("page", lambda p: p.on("pageerror", lambda e: problems.append(str(e))))
        try:
            yield context, problems
        finally:
            context.close()
            browser.close()


def _follow_an_outlet(server: _Server, data: WebData) -> int:
    """An outlet with articles, polled by the real pipeline, for the outlets' pages."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from tracker.fetch import FetchPolicy, make_client
    from tracker.outlets.poll import poll_outlet
    from tracker.outlets.store import NewOutlet, add_outlet

    from .outletsite import Outlet as OutletSite

    news = OutletSite(data.site)
    for n in range(3):
        news.publish(n)
    settings = server.settings
    with server.db.session() as session:
        outlet, _ = add_outlet(
            session,
            NewOutlet(url=news.url("/feed.xml"), kind="feed", name="City Post, every story"),
        )
        outlet_id = outlet.id

    async def poll() -> None:
        async with make_client(FetchPolicy.from_settings(settings)) as client:
            await poll_outlet(server.db, outlet_id, client, settings)

    # Playwright's own loop runs in this thread: the poll gets a thread of its own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, poll()).result(timeout=60)
    return outlet_id


def test_every_page_fits_a_phone(
    served: tuple[_Server, WebData], phone: tuple[Any, list[str]]
) -> None:
    server, data = served
    context, problems = phone
    outlet = _follow_an_outlet(server, data)
    p = context.new_page()
    pages = {
        "dashboard": "/",
        "source": f"/sources/{data.story}",
        "source-gone": f"/sources/{data.gone}",
        "source-hostile": f"/sources/{data.hostile}",
        "changes": "/changes",
        "changes-views": "/changes?views=show",
        "diff-inline": f"/sources/{data.story}/diff?from=1&to=6",
        "diff-side": f"/sources/{data.story}/diff?from=1&to=6&mode=side",
        "diff-moved": f"/sources/{data.story}/diff?from=3&to=4&mode=side",
        "outlets": "/outlets",
        "outlet": f"/outlets/{outlet}",
        "not-found": "/no/such/page",
    }
    for name, path in pages.items():
        p.goto(server.url + path)
        width = p.evaluate("document.documentElement.scrollWidth")
        wide = p.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
            " > 391).slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + "
            "Math.round(e.getBoundingClientRect().right))"
        )
        assert width <= PHONE["width"], (path, width, wide)
        shot(p, f"phone-{name}")
    # Each card of the dashboard labels its cells; the header's links all show.
    p.goto(server.url + "/")
    assert p.locator("table.sources thead").is_hidden()
    assert p.locator("table.sources td[data-label='Last change']").first.is_visible()
    for link in ("Pages", "Outlets", "Changes", "API"):
        box = p.get_by_role("link", name=link, exact=True).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], link
    # The source's forms opened: still nothing wider than the screen.
    p.goto(f"{server.url}/sources/{data.story}")
    p.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert p.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(p, "phone-source-forms")
    assert problems == []


def test_the_dashboard_at_desktop_width_keeps_its_table(
    served: tuple[_Server, WebData], page: tuple[Page, list[str]]
) -> None:
    server, data = served
    p, problems = page
    p.goto(server.url + "/")
    assert p.locator("table.sources thead").is_visible()
    assert p.evaluate("document.documentElement.scrollWidth") <= 1280
    row = p.locator("table.sources tbody tr", has_text="Orchard diary")
    assert row.locator(".gist").inner_text().startswith("Page is gone: HTTP 404")
    p.goto(server.url + "/changes?views=show")
    assert p.locator(".trend-up").count() >= 1
    shot(p, "desktop-changes-views")
    p.goto(f"{server.url}/sources/{data.story}")
    p.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    shot(p, "desktop-source-forms")
    assert problems == []


def test_times_are_shown_in_the_readers_time_zone(
    served: tuple[_Server, WebData], phone: tuple[Any, list[str]]
) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    server, data = served
    context, problems = phone
    p = context.new_page()
    p.goto(server.url + "/changes")
    stamp = p.locator("time[data-tz=text]").first
    when = dt.datetime.fromisoformat(stamp.get_attribute("datetime") or "")
    local = when.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M:%S")
    assert when.utcoffset() == dt.timedelta(0) and local != when.strftime("%Y-%m-%d %H:%M:%S")
    text = stamp.inner_text()
    assert text.startswith(local) and not text.endswith("UTC"), (text, local)
    assert ZONE in p.locator("#time-zone").inner_text()
    shot(p, "phone-changes-local-times")

    p.goto(f"{server.url}/sources/{data.story}/diff?from=1&to=6")
    option = p.locator("select[name=to] option[selected]")
    seen = dt.datetime.fromisoformat(option.get_attribute("data-tz-time") or "")
    assert seen.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M") in option.inner_text()
    p.goto(f"{server.url}/sources/{data.story}")
    relative = p.locator("time[data-tz=title]").first
    moment = dt.datetime.fromisoformat(relative.get_attribute("datetime") or "")
    title = relative.get_attribute("title") or ""
    assert title.startswith(moment.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M:%S"))
    assert problems == []

    # Without the script the UTC text stays, and says it is UTC.
    assert context.browser is not None
    without = context.browser.new_context(timezone_id=ZONE, java_script_enabled=False)
    plain = without.new_page()
    plain.goto(server.url + "/changes")
    assert plain.locator("time[data-tz=text]").first.inner_text() == (
        when.strftime("%Y-%m-%d %H:%M:%S") + " UTC"
    )
    assert plain.locator("#time-zone").inner_text() == "times are UTC"
    without.close()


def test_a_page_added_and_edited_in_the_browser(
    served: tuple[_Server, WebData], page: tuple[Page, list[str]]
) -> None:
    from tracker.demo.layouts import SAMPLE_ARTICLES, render

    server, data = served
    p, problems = page
    url = data.site.set("/news/added", render("blog", SAMPLE_ARTICLES["orchard-frost"]))
    p.goto(server.url + "/")
    p.fill("input[name=url]", url)
    p.get_by_role("button", name="Watch").click()
    assert "checked it for a first look" in p.locator(".flash").inner_text()
    assert "a new version was stored" in p.locator(".flash").inner_text()
    assert p.locator("ol.timeline > li").count() == 1  # the first look, already there

    p.get_by_role("link", name="Settings").click()
    p.locator("details.settings > summary").click()
    p.fill("input[name=name]", "Orchard frost, added here")
    p.fill("input[name=every]", "")
    p.fill("input[name=cron]", "61 * * * *")
    p.get_by_role("button", name="Save settings").click()
    alert = p.locator("#settings [role=alert]")
    assert "invalid cron expression" in alert.inner_text()
    assert p.evaluate("window.scrollY") > 0  # the page opens at the form and its problem
    assert p.locator("input[name=name]").input_value() == "Orchard frost, added here"
    shot(p, "10-settings-refused")
    # The browser logs the form's 400 answer; nothing else went wrong.
    assert [m for m in problems if "status of 400" not in m] == [] and len(problems) == 1
    problems.clear()
    p.fill("input[name=cron]", "*/20 6-22 * * *")
    p.fill("textarea[name=exclude_selectors]", ".newsletter\naside")
    p.get_by_role("button", name="Save settings").click()
    assert "Saved" in p.locator(".flash").inner_text()
    assert p.locator("h1").inner_text() == "Orchard frost, added here"
    assert "*/20 6-22 * * *" in p.locator(".card", has_text="Schedule").inner_text()
    shot(p, "11-settings-saved")

    p.get_by_label("Address or URL").fill("desk@example.org")
    p.locator("#subscribe details > summary").click()
    p.locator("#subscribe").get_by_label("Headline changed").check()
    p.locator("#subscribe").get_by_role("button", name="Subscribe").click()
    assert "Subscribed" in p.locator(".flash").inner_text()
    assert "(title_changed; at once)" in p.locator("ul.subs").inner_text()
    assert problems == []
