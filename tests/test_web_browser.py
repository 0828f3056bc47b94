"""The web pages in a real browser: headless Chromium (Debian's package) driven by Playwright.

The server is uvicorn in a thread on a loopback port, the data comes from the real pipeline
checking pages on a loopback site. Screenshots go to tests/artifacts/screenshots/ (ignored by
git) for people to look at. Outside CI a machine without /usr/bin/chromium skips these tests;
under CI (CI set) they must run, and .ci/run installs the browser.
"""

from __future__ import annotations

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

SHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"

require_chromium()

from playwright.sync_api import Page, sync_playwright  # noqa: E402


class _Server:
    def __init__(self, settings: Settings, token: str | None = None) -> None:
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
