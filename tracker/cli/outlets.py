"""`tracker follow`, `outlets`, `unfollow` and `poll`: the outlets' side of the CLI.
(`tracker pause --outlet` and `resume --outlet` live with the sources' pause and resume.)"""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.context import database, out, settings, writable_database
from tracker.errors import ConfigError, UsageError
from tracker.terminal import json_line, one_line

if TYPE_CHECKING:
    from tracker.config import Settings
    from tracker.db import Database
    from tracker.outlets.discover import Discovery
    from tracker.outlets.poll import PollReport
    from tracker.outlets.store import NewOutlet

# What a command needs is imported when it runs (polling brings the fetcher and the parsers).


def _seconds(text: str | None, option: str, default: int) -> int:
    from tracker.config import parse_duration

    if text is None:
        return default
    try:
        return parse_duration(text)
    except ConfigError as exc:
        raise UsageError(f"{option}: {exc}") from None


def follow(
    url: Annotated[str, typer.Argument(help="A feed, sitemap, or section or front page.")],
    name: Annotated[str | None, typer.Option(help="A display name.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="feed, sitemap or page (detected when not given).")
    ] = None,
    match: Annotated[
        str | None, typer.Option(help="Only article URLs this regex finds something in.")
    ] = None,
    exclude: Annotated[
        str | None, typer.Option(help="Leave out article URLs this regex finds something in.")
    ] = None,
    track_for: Annotated[
        str | None, typer.Option(help="How long each article is checked: 14d (default).")
    ] = None,
    every: Annotated[
        str | None, typer.Option(help="How often the outlet is polled: 10m (default), 30s, 1h.")
    ] = None,
    fastest: Annotated[
        str | None, typer.Option(help="Articles are checked at most this often: 10m.")
    ] = None,
    slowest: Annotated[
        str | None, typer.Option(help="...and at least this often while tracked: 1d.")
    ] = None,
    notify: Annotated[
        list[str] | None, typer.Option(help="Email alerted about its articles (repeatable).")
    ] = None,
    body_selector: Annotated[
        str | None, typer.Option(help="CSS selector of its articles' body.")
    ] = None,
    exclude_selector: Annotated[
        list[str] | None, typer.Option(help="CSS selector to drop from its articles.")
    ] = None,
    no_poll: Annotated[
        bool, typer.Option("--no-poll", help="Do not poll it now (the service will).")
    ] = False,
    render: Annotated[
        str | None, typer.Option(help="How its articles are read: plain or browser.")
    ] = None,
    wait_for: Annotated[
        str | None, typer.Option(help="CSS the browser waits for in its articles.")
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option(help="A header 'Name: value' for its articles (repeatable; shown masked)."),
    ] = None,
    user_agent: Annotated[str | None, typer.Option(help="The User-Agent for its articles.")] = None,
    proxy: Annotated[str | None, typer.Option(help="A proxy for its articles.")] = None,
) -> None:
    """Follow an outlet: the articles it publishes become sources by themselves."""
    import asyncio

    from tracker.config import format_duration
    from tracker.outlets.parse import Kind
    from tracker.outlets.policy import DEFAULT_FASTEST, DEFAULT_SLOWEST, DEFAULT_TRACK_FOR
    from tracker.outlets.store import KINDS, NewOutlet, add_outlet, check_outlet

    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}")
    interval = _seconds(every, "--every", 600)
    new = NewOutlet(
        url=url,
        kind=kind or Kind.PAGE,
        name=name,
        match=match,
        exclude=exclude,
        interval_seconds=interval,
        track_for_seconds=_seconds(track_for, "--track-for", DEFAULT_TRACK_FOR),
        fastest_seconds=_seconds(fastest, "--fastest", min(DEFAULT_FASTEST, interval)),
        slowest_seconds=_seconds(slowest, "--slowest", DEFAULT_SLOWEST),
        notify=tuple(notify or ()),
        body_selector=body_selector,
        exclude_selectors=tuple(exclude_selector or ()),
        render=render,
        wait_for=wait_for,
        headers=tuple(header or ()),
        user_agent=user_agent,
        proxy=proxy,
    )
    db: Database = writable_database()
    check_outlet(new)  # every option is checked before anything is fetched
    found: Discovery | None = None
    if kind is None:
        found = asyncio.run(_discover(new, settings()))
        new = dataclasses.replace(new, url=found.url, kind=found.kind)
    with db.session() as session:
        outlet, created = add_outlet(session, new)
        outlet_id = outlet.id
        said = (
            f"{'following' if created else 'already followed'}: {outlet.url} ({outlet.kind}, "
            f"polled every {format_duration(outlet.interval_seconds)}, articles tracked for "
            f"{format_duration(outlet.track_for_seconds)})"
        )
    out.print(said, markup=False)
    for other, other_kind in found.offered if found else ():
        out.print(f"  also found: {other} ({other_kind}): tracker follow {other}", markup=False)
    if created and not no_poll:
        [report] = asyncio.run(_poll([outlet_id], settings(), db))
        typer.echo(one_line(report.line))


async def _discover(new: NewOutlet, config: Settings) -> Discovery:
    from tracker.fetch import Fetchers
    from tracker.outlets.discover import discover

    async with Fetchers(config) as fetchers:
        return await discover(fetchers, new.url, config, new.request())


async def _poll(ids: list[int], config: Settings, db: Database) -> list[PollReport]:
    from tracker.fetch import Fetchers
    from tracker.outlets.poll import poll_outlet

    async with Fetchers(config) as fetchers:
        return [await poll_outlet(db, i, fetchers, config) for i in ids]


def outlets(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """List followed outlets: articles found, last poll and what it saw."""
    from rich.table import Table

    from tracker.outlets.store import list_outlets

    with database().session() as session:
        rows = list_outlets(session)
    if as_json:
        sys.stdout.write(json_line(rows) + "\n")
        return
    if not rows:
        out.print("No outlets yet: follow one with `tracker follow URL`.")
        return
    table = Table("id", "url", "kind", "status", "articles", "tracked", "last poll", box=None)
    for r in rows:
        last = (r["last_polled_at"] or "never")[:19].replace("T", " ")
        if r["last_outcome"]:
            last += f" {r['last_outcome']}: {r['last_message'] or ''}"
        table.add_row(
            str(r["id"]),
            one_line(r["name"] or r["url"]),
            r["kind"],
            r["status"],
            str(r["articles"]),
            str(r["tracked"]),
            one_line(last),
        )
    out.print(table)


def unfollow_cmd(
    outlet: Annotated[str, typer.Argument(help="URL, id or name of the outlet.")],
    remove_articles: Annotated[
        bool,
        typer.Option(
            "--remove-articles", help="Also remove the sources it added (and their history)."
        ),
    ] = False,
) -> None:
    """Stop following an outlet; its articles stay watched unless --remove-articles."""
    from tracker.outlets.store import find_outlet, unfollow

    with writable_database().session() as session:
        found = find_outlet(session, outlet)
        url = found.url
        removed = unfollow(session, found, remove_articles=remove_articles)
    extra = f" and {removed} of its articles" if remove_articles else ""
    out.print(f"unfollowed: {url}{extra}", markup=False)


def poll(
    refs: Annotated[list[str] | None, typer.Argument(help="Outlets to poll now.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Poll every active outlet now.")] = False,
) -> None:
    """Poll outlets now (new articles become sources), print what each listed, and exit."""
    import asyncio

    from sqlalchemy import select

    from tracker.models import Outlet
    from tracker.outlets.store import find_outlet

    if not refs and not all_:
        raise UsageError("name the outlets to poll, or use --all")
    db: Database = writable_database()
    with db.session() as session:
        if all_:
            ids = list(
                session.scalars(
                    select(Outlet.id).where(Outlet.enabled.is_(True)).order_by(Outlet.id)
                )
            )
        else:
            ids = [find_outlet(session, r).id for r in refs or []]
    if not ids:
        out.print("Nothing to poll.")
        return
    for report in asyncio.run(_poll(ids, settings(), db)):
        typer.echo(one_line(report.line))


def switch_outlet(ref: str, enabled: bool) -> str:
    """`tracker pause --outlet` and `resume --outlet`: what was done, in one line."""
    from tracker.outlets.store import find_outlet, set_outlet_enabled

    with writable_database().session() as session:
        outlet = find_outlet(session, ref)
        set_outlet_enabled(outlet, enabled)
        return f"{'resumed' if enabled else 'paused'} outlet: {outlet.url}"


def is_outlet(ref: str) -> bool:
    from tracker.outlets.store import lookup_outlet

    with database().session() as session:
        return lookup_outlet(session, ref) is not None
