"""End to end on a real loopback site: pages evolve between checks and each step's flags are exact.

Runs on SQLite, and on PostgreSQL too when TRACKER_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import asyncio
import copy
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import LAYOUTS, SAMPLE_ARTICLES, PageState, render
from tracker.demo.server import LoopbackServer
from tracker.models import ChangeRecord, Check, Source, Version, ViewCount
from tracker.pipeline import CheckReport, check_many
from tracker.store import NewSource, add_source, query_changes

from . import seedpage
from .shared import require


def add(db: Database, url: str, **kw: object) -> int:
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url, **kw))  # type: ignore[arg-type]
        return source.id


def check(db: Database, settings: Settings, source_id: int, url: str) -> CheckReport:
    [report] = asyncio.run(check_many(db, [(source_id, url)], settings))
    return report


def kinds(report: CheckReport) -> dict[str, int]:
    return dict(Counter(str(c.kind) for c in report.changes))


def count(db: Database, model: type[Any], source_id: int) -> int:
    with db.session() as session:
        return (
            session.scalar(
                select(func.count()).select_from(model).where(model.source_id == source_id)
            )
            or 0
        )


@dataclass
class Step:
    name: str
    mutate: object  # Callable[[PageState], None]
    want: dict[str, int]
    tick: int = 0
    new_version: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def _edit(s: PageState) -> None:
    words = s.paragraphs[1].split()
    words[3] = words[3] + "ly" if not words[3].endswith("ly") else words[3][:-2]
    s.paragraphs[1] = " ".join(words)


def _add(s: PageState) -> None:
    s.paragraphs.insert(3, "A spokesperson declined to comment on the timetable for the talks.")
    s.views += 56


def _move(s: PageState) -> None:
    s.paragraphs.insert(len(s.paragraphs) - 1, s.paragraphs.pop(0))


def _title(s: PageState) -> None:
    s.title = s.title + " as talks resume"


def _remove(s: PageState) -> None:
    del s.paragraphs[2]
    s.views -= 10


def _duplicate_again(s: PageState) -> None:
    s.paragraphs.append(s.paragraphs[-3])


def _whitespace_only(s: PageState) -> None:
    s.paragraphs[0] = "  " + s.paragraphs[0].replace(" ", "\u00a0", 2) + "\n"


def _noop(s: PageState) -> None:
    return None


STEPS = [
    Step(
        "first check: the baseline flags its duplicated paragraph",
        _noop,
        {"duplicate_paragraph": 1},
        new_version=True,
    ),
    Step("same page again", _noop, {}),
    Step("surroundings only: sidebars, clock, tokens, ads", _noop, {}, tick=1),
    Step("one word edited", _edit, {"paragraph_edited": 1}, tick=2, new_version=True),
    Step(
        "one paragraph added, views up",
        _add,
        {"paragraph_added": 1, "views_changed": 1},
        tick=3,
        new_version=True,
    ),
    Step("surroundings only again", _noop, {}, tick=4),
    Step("one paragraph moved", _move, {"paragraph_moved": 1}, tick=4, new_version=True),
    Step("title changed", _title, {"title_changed": 1}, tick=5, new_version=True),
    Step(
        "one paragraph removed, views down",
        _remove,
        {"paragraph_removed": 1, "views_changed": 1},
        tick=6,
        new_version=True,
    ),
    Step(
        "another paragraph printed twice",
        _duplicate_again,
        {"duplicate_paragraph": 1},
        tick=7,
        new_version=True,
    ),
    Step("whitespace and no-break spaces only", _whitespace_only, {}, tick=8),
]


def _article_with_duplicate() -> PageState:
    for state in SAMPLE_ARTICLES.values():
        if len(set(state.paragraphs)) < len(state.paragraphs):
            return copy.deepcopy(state)
    raise AssertionError("the sample site needs an article that prints a paragraph twice")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_evolving_page_flags_exactly(
    layout: str, db: Database, settings: Settings, site: LoopbackServer
) -> None:
    state = _article_with_duplicate()
    url = site.set(f"/{layout}/story", render(layout, state))
    source_id = add(db, url)
    versions = 0
    for step in STEPS:
        step.mutate(state)  # type: ignore[operator]
        site.set(f"/{layout}/story", render(layout, state, tick=step.tick))
        checks_before = count(db, Check, source_id)
        report = check(db, settings, source_id, url)
        assert kinds(report) == step.want, step.name
        versions += step.new_version
        assert count(db, Version, source_id) == versions, step.name
        assert count(db, Check, source_id) == checks_before + 1, step.name
        assert report.outcome == ("changed" if step.new_version else "unchanged"), step.name

    with db.session() as session:
        records = query_changes(session)
        views = session.scalars(
            select(ViewCount.views).where(ViewCount.source_id == source_id).order_by(ViewCount.id)
        ).all()
    # The time series holds the baseline and each change, never a repeat.
    start = _article_with_duplicate().views
    assert list(views) == [start, start + 56, start + 46]
    down = [r for r in records if r["kind"] == "views_changed"][-1]
    assert down["detail"]["delta"] == -10 and down["detail"]["anomaly"] is True
    edited = next(r for r in records if r["kind"] == "paragraph_edited")
    assert edited["version"] == 2 and edited["previous_version"] == 1
    assert {op for op, _ in edited["detail"]["diff"]} >= {"equal", "delete", "insert"}


def test_unchanged_page_adds_only_a_check_row(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    state = copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))
    url = site.set("/a", render(LAYOUTS[0], state))
    source_id = add(db, url)
    check(db, settings, source_id, url)
    before = {m: count(db, m, source_id) for m in (Version, ViewCount, ChangeRecord, Check)}
    report = check(db, settings, source_id, url)
    after = {m: count(db, m, source_id) for m in (Version, ViewCount, ChangeRecord, Check)}
    assert report.outcome == "unchanged" and report.changes == ()
    assert after[Check] == before[Check] + 1
    assert {m: after[m] for m in (Version, ViewCount, ChangeRecord)} == {
        m: before[m] for m in (Version, ViewCount, ChangeRecord)
    }


def test_the_stored_page_reads_back_with_the_standard_zlib(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    state = copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))
    html = render(LAYOUTS[0], state)
    url = site.set("/stored", html)
    source_id = add(db, url)
    check(db, settings, source_id, url)
    with db.session() as session:
        stored = session.scalars(select(Version.raw_html).where(Version.source_id == source_id))
        [raw] = stored.all()
    assert raw is not None and zlib.decompress(raw).decode("utf-8") == html


def test_views_only_change_makes_no_version(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    state = copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))
    url = site.set("/v", render("newsroom", state))
    source_id = add(db, url)
    check(db, settings, source_id, url)
    state.views += 1000
    site.set("/v", render("newsroom", state, tick=3))
    report = check(db, settings, source_id, url)
    assert kinds(report) == {"views_changed": 1}
    assert report.outcome == "unchanged"
    assert count(db, Version, source_id) == 1
    assert count(db, ViewCount, source_id) == 2


def test_seed_page_first_check(db: Database, settings: Settings, site: LoopbackServer) -> None:
    require(seedpage.SEED_PATH, "the seed page's first check")
    html = seedpage.seed_html()
    assert html is not None
    url = site.set("/analytics/azerbaijan-china", html)
    source_id = add(db, url)
    report = check(db, settings, source_id, url)
    assert kinds(report) == {"duplicate_paragraph": 1}
    assert report.views == 254
    with db.session() as session:
        version = session.scalars(select(Version).where(Version.source_id == source_id)).one()
        assert version.paragraphs == seedpage.seed_blocks()
        body = " ".join(version.paragraphs)
    for chrome in (
        "WHAT ARE YOU LOOKING FOR",
        "Views:",
        "Share it on social media",
        "Caliber.az ©",
        "A+",
        "copy link",
    ):
        assert chrome not in body


def test_source_status_follows_health(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    state = copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))
    url = site.set("/h", render("blog", state))
    source_id = add(db, url)
    check(db, settings, source_id, url)
    with db.session() as session:
        source = session.get(Source, source_id)
        assert source is not None and source.status == "ok" and source.next_check_at is not None


def test_the_extraction_key_covers_the_normaliser_and_the_decoder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to normalize_text or to page decoding re-extracts pages seen before, as a
    change to the extractor does."""
    import selectolax

    import tracker.article
    import tracker.encoding
    from tracker import pipeline

    def key() -> bytes:
        pipeline._extractor_id.cache_clear()
        return pipeline._extractor_id()

    before = key()
    assert key() == before  # (deterministic)
    for module in (tracker.article, tracker.encoding):
        copy = tmp_path / f"{module.__name__}.py"
        copy.write_bytes(Path(module.__file__ or "").read_bytes() + b"\n# changed\n")
        with monkeypatch.context() as m:
            m.setattr(module, "__file__", str(copy))
            assert key() != before
    with monkeypatch.context() as m:
        m.setattr(selectolax, "__version__", "0.0.0")
        assert key() != before
    assert key() == before
