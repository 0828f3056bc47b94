"""Data for the web tests, made by the real pipeline: pages on a loopback site, checked as
they change. One well-behaved article that goes through every kind of edit, one whose text is
hostile HTML, one that disappears, one that stops yielding an article, and one paused."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, PageState, render
from tracker.demo.server import LoopbackServer, Route
from tracker.models import Source
from tracker.pipeline import CheckReport, check_many
from tracker.store import NewSource, add_source

SCRIPT = '<script>alert("pwned")</script>'
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = f"Breaking {IMG} news"
HOSTILE_PARAGRAPHS = [
    f"The statement was pasted verbatim: {SCRIPT} and nobody noticed for an hour.",
    f"A reader then posted {IMG} in the comments, which the editor copied into the story.",
    "The rest of this article is ordinary prose about a council meeting and its budget vote, "
    "long enough to count as the article body on every layout the site uses.",
    "Officials said the vote would take place next week after a second reading of the plan.",
]


@dataclass
class WebData:
    site: LoopbackServer
    story: int
    hostile: int
    gone: int
    broken: int
    paused: int


def _add(db: Database, url: str, name: str | None, notify: tuple[str, ...] = ()) -> int:
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url, name=name, notify=notify))
        return source.id


def _check(db: Database, settings: Settings, source_id: int, url: str) -> CheckReport:
    [report] = asyncio.run(check_many(db, [(source_id, url)], settings))
    return report


def populate(db: Database, settings: Settings, site: LoopbackServer) -> WebData:
    # 1. An article that is edited, grows, has a paragraph moved, a new headline, loses one.
    state = copy.deepcopy(SAMPLE_ARTICLES["harbour-rail"])
    url = site.set("/news/harbour", render("caliber", state))
    story = _add(db, url, "Harbour rail story", ("editor@example.org",))
    steps: list[tuple[str, object]] = [
        ("baseline", None),
        ("edit", lambda s: s.paragraphs.__setitem__(0, s.paragraphs[0].replace("Three", "Four"))),
        (
            "add",
            lambda s: s.paragraphs.insert(
                3, "A spokesperson declined to comment on the timetable for the talks."
            ),
        ),
        ("move", lambda s: s.paragraphs.insert(len(s.paragraphs) - 1, s.paragraphs.pop(0))),
        ("title", lambda s: setattr(s, "title", s.title + " as talks resume")),
        ("remove", lambda s: s.paragraphs.__delitem__(5)),
    ]
    for tick, (_name, mutate) in enumerate(steps):
        if mutate is not None:
            mutate(state)  # type: ignore[operator]
        state.views += 37 * tick
        site.set("/news/harbour", render("caliber", state, tick=tick))
        _check(db, settings, story, url)

    # 2. Hostile text: the page's own paragraphs and headline contain markup as text.
    bad = PageState(title=HOSTILE_TITLE, paragraphs=list(HOSTILE_PARAGRAPHS), views=10)
    bad_url = site.set("/news/hostile", render("blog", bad))
    hostile = _add(db, bad_url, None)
    _check(db, settings, hostile, bad_url)
    bad.paragraphs[0] = bad.paragraphs[0].replace("an hour", f"an hour {IMG}")
    bad.paragraphs.append(f"Update: {SCRIPT}")
    bad.views = 25
    site.set("/news/hostile", render("blog", bad, tick=1))
    _check(db, settings, hostile, bad_url)

    # 3. A page that is deleted.
    gone_state = copy.deepcopy(SAMPLE_ARTICLES["orchard-frost"])
    gone_url = site.set("/blog/orchard", render("blog", gone_state))
    gone = _add(db, gone_url, "Orchard diary")
    _check(db, settings, gone, gone_url)
    site.set("/blog/orchard", Route("<h1>Not found</h1>", status=404))
    _check(db, settings, gone, gone_url)

    # 4. A page whose layout changed so that no article is found any more.
    lib_state = copy.deepcopy(SAMPLE_ARTICLES["stadtbibliothek"])
    lib_url = site.set("/kultur/bibliothek", render("newsroom", lib_state))
    broken = _add(db, lib_url, "Stadtbibliothek")
    _check(db, settings, broken, lib_url)
    site.set("/kultur/bibliothek", "<html><body><nav>Home</nav><p>Cookies?</p></body></html>")
    _check(db, settings, broken, lib_url)

    # 5. A paused page, never checked.
    paused_url = site.set("/news/paused", render("newsroom", copy.deepcopy(state)))
    paused = _add(db, paused_url, "Paused page")
    with db.session() as session:
        source = session.get(Source, paused)
        assert source is not None
        source.enabled = False
    return WebData(site, story, hostile, gone, broken, paused)
