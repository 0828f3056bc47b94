"""`tracker demo`: a sample news site on loopback whose articles keep changing, watched live.

Everything is real: the site is an HTTP server on 127.0.0.1, every round goes through fetch ->
extract -> diff -> store on a SQLite database of its own (so the demo never mixes its sample
sources into the user's real database), and what is printed is read back from that database.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from rich.console import Console

from tracker.config import APP_NAME, load_settings
from tracker.db import open_database
from tracker.demo.layouts import LAYOUTS, SAMPLE_ARTICLES, PageState, render
from tracker.demo.server import LoopbackServer
from tracker.diff import word_diff
from tracker.parallel import run_checks
from tracker.report import marked_inline
from tracker.store import NewSource, add_source, query_changes
from tracker.timezones import iso_time
from tracker.vocabulary import ChangeKind

# Words the demo's editor swaps in: a corrected figure, a sharper verb, a new name.
_EDITS = [
    ("several", "three"),
    ("significant", "notable"),
    ("will", "is expected to"),
    ("said", "stated"),
    ("new", "revised"),
    ("the", "the new"),
]
_ADDITIONS = [
    "Update: officials confirmed the figures in a statement released later the same day.",
    "Correction: an earlier version of this article misstated the date of the meeting.",
    "Editor's note: this article was updated with comments from both delegations.",
]


# What the editor did in a round that left the article's text alone.
_QUIET = "views and surroundings only"


@dataclass
class _Page:
    path: str
    layout: str
    state: PageState
    tick: int = 0


def _edit_paragraph(state: PageState, rng: random.Random) -> str:
    candidates = [i for i, p in enumerate(state.paragraphs) if len(p.split()) > 8]
    index = rng.choice(candidates)
    text = state.paragraphs[index]
    for old, new in rng.sample(_EDITS, len(_EDITS)):
        if f" {old} " in text:
            state.paragraphs[index] = text.replace(f" {old} ", f" {new} ", 1)
            return f"edit paragraph {index + 1}"
    state.paragraphs[index] = text.rstrip(".") + ", officials said."
    return f"edit paragraph {index + 1}"


def _mutate(page: _Page, round_no: int, rng: random.Random) -> str:
    """Change the article the way newsrooms do; returns what the editor did."""
    state = page.state
    page.tick += 1  # the surroundings (clock, sidebars, tokens) change every round anyway
    state.views += rng.randint(3, 60)
    action = ["edit", "views", "add", "duplicate", "move", "title", "remove", "noise"][
        (round_no + LAYOUTS.index(page.layout) * 3) % 8
    ]
    if action == "edit":
        return _edit_paragraph(state, rng)
    if action == "add":
        state.paragraphs.insert(rng.randint(1, len(state.paragraphs)), rng.choice(_ADDITIONS))
        return "add a paragraph"
    if action == "duplicate":
        index = rng.randrange(len(state.paragraphs))
        state.paragraphs.insert(
            rng.randint(index + 1, len(state.paragraphs)), state.paragraphs[index]
        )
        return "print a paragraph twice"
    if action == "move" and len(state.paragraphs) > 3:
        state.paragraphs.insert(len(state.paragraphs) - 1, state.paragraphs.pop(1))
        return "move a paragraph"
    if action == "title":
        state.title = (
            state.title + " (updated)"
            if not state.title.endswith(")")
            else state.title.rsplit(" (", 1)[0]
        )
        return "change the headline"
    if action == "remove" and len(state.paragraphs) > 4:
        state.paragraphs.pop(rng.randrange(2, len(state.paragraphs)))
        return "remove a paragraph"
    return _QUIET


def demo_database_url() -> str:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name("demo.db-wal"), path.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def run_demo(*, interval: float = 4.0, steps: int = 0, console: Console | None = None) -> None:
    console = console or Console()
    rng = random.Random(254)
    # Its own loopback site: no politeness delay between the articles it serves.
    settings = load_settings(
        database_url=demo_database_url(), allow_private_networks=True, per_host_delay=0
    )
    db = open_database(settings.database_url)
    pages = [
        _Page(f"/{layout}/{slug}", layout, copy.deepcopy(state))
        for layout, (slug, state) in zip(LAYOUTS, SAMPLE_ARTICLES.items(), strict=False)
    ]
    with LoopbackServer() as site:
        with db.session() as session:
            targets = []
            for page in pages:
                site.set(page.path, render(page.layout, page.state, tick=page.tick))
                source, _ = add_source(
                    session, NewSource(url=site.url(page.path), name=page.state.title)
                )
                targets.append((source.id, source.url))
        console.print(
            f"[bold]tracker demo[/bold]: a sample news site is running at {site.base_url}"
        )
        for page in pages:
            console.print(f"  watching {site.url(page.path)}  ({page.layout} layout)")
        console.print(f"  database: {settings.database_url}")
        console.print(
            "Articles are edited every few seconds; each change is printed as it is "
            "flagged. Press Ctrl-C to stop.\n"
        )
        seen = 0
        round_no = 0
        try:
            while True:
                if round_no:
                    for page in pages:
                        did = _mutate(page, round_no, rng)
                        site.set(page.path, render(page.layout, page.state, tick=page.tick))
                        if did != _QUIET:
                            console.print(f"[dim]editor: {page.layout} page: {did}[/dim]")
                run_checks(db, targets, settings)
                with db.session() as session:
                    records = [r for r in query_changes(session) if r["id"] > seen]
                seen = max([seen, *(int(rec["id"]) for rec in records)])
                # View counts tick on every page every round: counted, not told one by one,
                # so that the edits stand out.
                views = [r for r in records if r["kind"] == ChangeKind.VIEWS_CHANGED]
                for rec in records:
                    if rec["kind"] != ChangeKind.VIEWS_CHANGED:
                        _print_record(console, rec, settings.zone)
                if views:
                    console.print(f"[dim]views_changed on {_pages(len(views))}[/dim]")
                if not records:
                    console.print("[dim]checked: nothing changed in the articles[/dim]")
                round_no += 1
                if steps and round_no >= steps:
                    break
                # the pause sets the pace of the edits
                time.sleep(max(interval, 1.2))
        except KeyboardInterrupt:
            console.print("\nstopped.")
        finally:
            db.dispose()


def _pages(n: int) -> str:
    return f"{n} page{'' if n == 1 else 's'}"


def _print_record(console: Console, rec: dict[str, object], zone: dt.tzinfo) -> None:
    when = iso_time(str(rec["detected_at"]), zone)[11:19]
    console.print(f"{when} [bold cyan]{rec['kind']}[/bold cyan] {rec['source']}: ", end="")
    console.print(str(rec["summary"]), markup=False)
    detail = rec["detail"]
    if (
        isinstance(detail, dict)
        and isinstance(detail.get("old"), str)
        and isinstance(detail.get("new"), str)
        and rec["kind"] == "paragraph_edited"
    ):
        colour = console.is_terminal and console.color_system is not None and not console.no_color
        console.print(marked_inline(word_diff(detail["old"], detail["new"]), colour=colour))
