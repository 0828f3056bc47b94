"""Source operations of tracker/store.py: editing a source (all of an edit or none of it, a
schedule change at once) and the one line that sums up a check's changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.db import Database
from tracker.errors import UsageError
from tracker.models import ChangeRecord, Source, Subscription, utcnow
from tracker.store import (
    NewSource,
    SourceEdit,
    add_source,
    check_gist,
    edit_source,
    source_json,
)
from tracker.vocabulary import HEALTH_KINDS, KIND_PROMINENCE, ChangeKind


def _source(db: Database, **kw: Any) -> int:
    with db.session() as session:
        source, _ = add_source(session, NewSource(url="https://news.example.org/a", **kw))
        return source.id


def _edit(db: Database, source_id: int, edit: SourceEdit) -> dict[str, Any]:
    with db.session() as session:
        source = session.get(Source, source_id)
        assert source is not None
        edit_source(source, edit)
        session.flush()
        return source_json(source)


def test_an_edit_changes_what_it_names_and_clears_what_is_empty(db: Database) -> None:
    sid = _source(
        db, name="Old", body_selector="article", views_selector="span.v", notify=("a@x.org",)
    )
    after = _edit(
        db,
        sid,
        SourceEdit(
            name="New name",
            interval_seconds=1800,
            exclude_selectors=[".ad", "", "aside"],
            views_selector="",
            notify=["b@x.org"],
        ),
    )
    assert (after["name"], after["every"], after["cron"]) == ("New name", "30m", None)
    assert after["body_selector"] == "article"  # not named: kept
    assert after["views_selector"] is None  # "": cleared
    assert after["exclude_selectors"] == [".ad", "aside"]
    assert after["notify"] == ["b@x.org"]
    cron = _edit(db, sid, SourceEdit(cron="*/15  6-22 * * *", name=""))
    assert (cron["cron"], cron["every"], cron["name"]) == (
        "*/15 6-22 * * *",
        "*/15 6-22 * * *",
        None,
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (SourceEdit(name="Fine", interval_seconds=60, cron="* * * * *"), "not both"),
        (SourceEdit(name="Fine", cron="61 * * * *"), "cron"),
        (SourceEdit(name="Fine", body_selector="div["), "body selector"),
        (SourceEdit(name="Fine", exclude_selectors=["ok", "p:::"]), "exclude selector"),
        (SourceEdit(name="Fine", views_regex="(a+)+$"), "views regex"),
        (SourceEdit(name="x" * 301), "name"),
        (SourceEdit(name="Fine", interval_seconds=0), "interval"),
        (SourceEdit(name="Fine", notify=["not-an-address"]), "not-an-address"),
    ],
)
def test_a_refused_edit_changes_nothing(db: Database, edit: SourceEdit, message: str) -> None:
    sid = _source(db, name="Kept", body_selector="article")
    before = _edit(db, sid, SourceEdit())
    with db.session() as session:  # committed: the edit must leave nothing half-done
        source = session.get(Source, sid)
        assert source is not None
        with pytest.raises(UsageError, match=message):
            edit_source(source, edit)
    assert _edit(db, sid, SourceEdit()) == before


def test_a_schedule_edit_takes_effect_at_once_and_the_same_one_moves_nothing(
    db: Database,
) -> None:
    sid = _source(db, interval_seconds=3600)
    checked = utcnow() - dt.timedelta(minutes=5)
    with db.session() as session:
        source = session.get(Source, sid)
        assert source is not None
        source.last_checked_at = checked
        source.next_check_at = checked + dt.timedelta(hours=1)
    same = _edit(db, sid, SourceEdit(interval_seconds=3600, name="Only the name"))
    assert dt.datetime.fromisoformat(same["next_check_at"]) == checked + dt.timedelta(hours=1)
    shorter = _edit(db, sid, SourceEdit(interval_seconds=60))
    # Due now: a minute after a check five minutes ago (never before the edit itself).
    assert dt.datetime.fromisoformat(shorter["next_check_at"]) - utcnow() < dt.timedelta(seconds=5)


def test_recipients_replace_email_only(db: Database) -> None:
    sid = _source(db, notify=("a@x.org",))
    with db.session() as session:
        session.add(Subscription(source_id=sid, email="webhook:abc", channel="webhook"))
    after = _edit(db, sid, SourceEdit(notify=[]))
    assert after["notify"] == []
    with db.session() as session:
        source = session.get(Source, sid)
        assert source is not None
        assert [s.channel for s in source.subscriptions] == ["webhook"]


# --------------------------------------------------------------------------------------------
# A check's changes in one line


def _record(n: int, kind: ChangeKind, **detail: Any) -> ChangeRecord:
    return ChangeRecord(
        id=n, source_id=1, kind=str(kind), summary=f"{kind} #{n}", detail=dict(detail)
    )


def test_the_headline_change_leads_whatever_came_first() -> None:
    records = [
        _record(1, ChangeKind.PARAGRAPH_ADDED),
        _record(2, ChangeKind.PARAGRAPH_EDITED, significance=["wording"]),
        _record(3, ChangeKind.PARAGRAPH_EDITED, significance=["typo", "number"]),
        _record(4, ChangeKind.TITLE_CHANGED),
        _record(5, ChangeKind.VIEWS_CHANGED, old=1, new=2, delta=1),
    ]
    gist = check_gist(records, failing=False)
    assert gist is not None
    assert (gist.lead, gist.more, gist.past) == ("title_changed #4", 3, False)
    # An edited figure before a reworded sentence; the view count is left out of the count.
    assert gist.summaries[1:3] == ("paragraph_edited #3", "paragraph_edited #2")
    views_only = check_gist([records[4]], failing=False)
    assert views_only is not None and (views_only.lead, views_only.more) == (
        "views_changed #5",
        0,
    )
    assert check_gist([], failing=False) is None


def test_a_failure_reads_as_past_once_the_page_recovered() -> None:
    gone = [_record(1, ChangeKind.SOURCE_GONE)]
    now_failing = check_gist(gone, failing=True)
    assert now_failing is not None and not now_failing.past
    assert now_failing.lead == "source_gone #1"
    recovered = check_gist(gone, failing=False)
    assert recovered is not None and recovered.past
    assert recovered.lead == "Recovered after: source_gone #1"
    # A recovery flag is about the recovery itself: not past.
    back = check_gist([_record(2, ChangeKind.FETCH_FAILED, recovered=True)], failing=False)
    assert back is not None and not back.past


KINDS = st.sampled_from(list(ChangeKind))
CLASSES = st.lists(
    st.sampled_from(["typo", "punctuation", "number", "name", "quote", "wording"]), max_size=3
)


@given(st.lists(st.tuples(KINDS, CLASSES), min_size=1, max_size=12), st.booleans())
def test_the_lead_is_never_outranked(
    kinds: list[tuple[ChangeKind, list[str]]], failing: bool
) -> None:
    records = [_record(i + 1, k, significance=c) for i, (k, c) in enumerate(kinds)]
    gist = check_gist(records, failing=failing)
    assert gist is not None
    rank = {k: i for i, k in enumerate(KIND_PROMINENCE)}
    counted = [r for r in records if r.kind != ChangeKind.VIEWS_CHANGED] or records
    assert gist.more == len(counted) - 1
    assert len(gist.summaries) == len(counted)
    lead = next(r for r in counted if gist.lead.endswith(r.summary))
    assert rank[ChangeKind(lead.kind)] == min(rank[ChangeKind(r.kind)] for r in counted)
    assert gist.past == (lead.kind in HEALTH_KINDS and not failing)
