"""Rotating headlines: one entry (and one alert) per rotation episode."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import PageState, render
from tracker.demo.server import LoopbackServer
from tracker.diff import Change, ChangeKind
from tracker.headlines import fold_rotation
from tracker.models import Alert, ChangeRecord
from tracker.pipeline import check_many
from tracker.store import NewSource, add_source

PARAS = [
    "The city council approved the tram extension on Tuesday after a long debate.",
    "Under the plan, three tram lines will be extended to the northern districts.",
]
A, B, C = "Council approves tram plan", "Trams to reach the north", "A close vote for the trams"


def title_change(old: str, new: str) -> Change:
    return Change(ChangeKind.TITLE_CHANGED, f"{old} -> {new}", {"old": old, "new": new})


def test_a_new_headline_is_a_title_change() -> None:
    changes = [title_change(A, B)]
    assert fold_rotation(changes, [A], None) == changes
    assert fold_rotation(changes, [C, A], None) == changes


def test_a_headline_that_returns_starts_a_rotation() -> None:
    [rotation] = fold_rotation([title_change(C, A)], [A, B, C], None)
    assert rotation.kind is ChangeKind.HEADLINE_ROTATION
    assert rotation.detail["headlines"] == [A, B, C]
    assert rotation.summary.startswith("Headlines rotating (3 in play): ")


def test_moves_within_the_episode_are_not_flagged_but_a_new_headline_is() -> None:
    other = Change(ChangeKind.PARAGRAPH_ADDED, "added", {"text": "x", "index": 2})
    assert fold_rotation([title_change(A, B), other], [A, B, C, A], [A, B, C]) == [other]
    fresh = [title_change(A, "An entirely new headline")]
    assert fold_rotation(fresh, [A, B, C, A], [A, B, C]) == fresh


def test_three_headlines_rotating_over_ten_checks(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    url = site.set("/r", render("caliber", PageState(A, list(PARAS))))
    with db.session() as session:
        source, _ = add_source(
            session, NewSource(url=url, name="Rotating", notify=("desk@example.org",))
        )
        source_id = source.id
    for tick, title in enumerate([A, B, C, A, B, C, A, B, C, A]):
        site.set("/r", render("caliber", PageState(title, list(PARAS)), tick=tick))
        asyncio.run(check_many(db, [(source_id, url)], settings))
    with db.session() as session:
        flags = [
            (r.kind, r.detail.get("new"))
            for r in session.scalars(select(ChangeRecord).order_by(ChangeRecord.id))
        ]
        alerts = session.scalars(select(Alert)).all()
    # The first two headlines are new when they appear; the return of the first is the
    # rotation, and the rest of it is that one entry.
    assert flags == [
        ("title_changed", B),
        ("title_changed", C),
        ("headline_rotation", A),
    ]
    assert len(alerts) == 3
    # A headline never seen before ends the episode; a return after it starts a new one.
    for tick, title in enumerate(["Tram plan: what changes", A], start=10):
        site.set("/r", render("caliber", PageState(title, list(PARAS)), tick=tick))
        asyncio.run(check_many(db, [(source_id, url)], settings))
    with db.session() as session:
        last = session.scalars(select(ChangeRecord).order_by(ChangeRecord.id)).all()[-2:]
    assert [r.kind for r in last] == ["title_changed", "headline_rotation"]
    assert last[1].detail["headlines"] == [A, "Tram plan: what changes"]
