"""The `tracker` command. Errors are one line on stderr and a non-zero exit, never a traceback.

The alert commands are in `alerts`, the outlets' in `outlets`, export and import in `transfer`;
what all commands share (settings, database, consoles, reading a file) in `context`."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
import typer.core
import typer.main

from tracker import __version__
from tracker.cli import outlets as outlet_commands
from tracker.cli import transfer
from tracker.cli.alerts import alerts_app, subscribe
from tracker.cli.context import (
    State,
    database,
    err,
    out,
    read_only_message,
    read_text,
    settings,
    writable_database,
)
from tracker.errors import ConfigError, DatabaseError, TrackerError, UsageError
from tracker.terminal import aligned, json_line, one_line, printable, safe_json
from tracker.vocabulary import KIND_MEANINGS, OUTCOME_WORDS, PAUSED, Outcome

if TYPE_CHECKING:
    from rich.text import Text

    from tracker.article import ExtractOptions
    from tracker.diff import Change
    from tracker.models import Source
    from tracker.pipeline import CheckReport
    from tracker.request_options import RequestOptions

# Each command imports what it needs when it runs: `tracker --version`, `--help` and `list`
# start without the web (FastAPI, Jinja2), the pipeline, the alert channels (Apprise) or the
# migrations (bench/README.md, "Start-up"; tests/test_cli_startup.py).


class _VocabularyHelp(typer.core.TyperCommand):
    """A command whose help ends with the change vocabulary, built only when help is shown."""

    @property
    def epilog(self) -> str:
        from tracker.report import vocabulary_help

        return vocabulary_help()

    @epilog.setter
    def epilog(self, _value: str | None) -> None:
        pass


app = typer.Typer(
    name="tracker",
    help="Watch article pages and report how they change.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(alerts_app, name="alerts")
app.command("subscribe")(subscribe)


def parse_since(text: str | None) -> dt.datetime | None:
    from tracker.config import parse_since as parse_since_setting

    return parse_since_setting(text, label="--since")


def parse_every(text: str) -> int:
    """An interval given on the command line: a bad one is a usage error (exit 2)."""
    from tracker.config import parse_duration

    try:
        return parse_duration(text)
    except ConfigError as exc:
        raise UsageError(f"--every: {exc}") from None


def _show_version(value: bool) -> None:
    if value:
        out.print(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_show_version
        ),
    ] = False,
) -> None:
    """Watch article pages and report how they change."""


# The request options, shared by add, edit, extract and follow.
_RENDER = typer.Option(
    help="plain (the HTML as served) or browser (run the page's scripts in Chromium)."
)
_WAIT_FOR = typer.Option(help="With --render browser: read the page once this CSS matches.")
_HEADER = typer.Option(
    help="A request header 'Name: value' (repeatable): cookies, authorisation, a referer. "
    "Shown masked."
)
_USER_AGENT = typer.Option(help="The User-Agent to send for this page.")
_PROXY = typer.Option(help="Fetch through this proxy: http://, https:// or socks5://host:port.")
_TZ = typer.Option(
    "--tz",
    help="Show times in this time zone, e.g. Europe/Berlin (default: TRACKER_TIMEZONE, UTC).",
)
_TAG_FILTER = typer.Option("--tag", help="Only the pages that carry this tag.")


def _zone(tz: str | None) -> dt.tzinfo:
    """The time zone of `--tz`, else TRACKER_TIMEZONE's (UTC unless set)."""
    from tracker.timezones import zone_named

    return zone_named(tz) if tz is not None else settings().zone


def _urls_from(urls: list[str], from_: str | None) -> list[str]:
    """The URLs given: as arguments, one a line from a file (`--from FILE`), or from standard
    input (`-`); blank lines and `#` comments are skipped."""
    from tracker.watchlist import read_urls

    given = [u for u in urls if u != "-"]
    files = ([from_] if from_ is not None else []) + (["-"] if "-" in urls else [])
    for name in files:
        given += [u for u in read_urls(read_text(name)) if u]
    if not given:
        raise UsageError("give the URLs to watch, --from FILE, or - to read them from stdin")
    return given


@app.command()
def add(
    urls: Annotated[
        list[str] | None, typer.Argument(help="Page URL(s) to watch; - reads them from stdin.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="A display name (one URL only).")] = None,
    every: Annotated[str | None, typer.Option(help="Check interval: 30s, 15m, 2h, 1d.")] = None,
    cron: Annotated[
        str | None, typer.Option(help="Check on a cron schedule (UTC), e.g. '*/15 * * * *'.")
    ] = None,
    body_selector: Annotated[
        str | None, typer.Option(help="CSS selector of the article body (overrides detection).")
    ] = None,
    exclude_selector: Annotated[
        list[str] | None, typer.Option(help="CSS selector to drop before extraction (repeatable).")
    ] = None,
    views_selector: Annotated[
        str | None, typer.Option(help="CSS selector of the view counter.")
    ] = None,
    views_regex: Annotated[
        str | None, typer.Option(help="Regex whose first group is the views.")
    ] = None,
    notify: Annotated[list[str] | None, typer.Option(help="Email to alert (repeatable).")] = None,
    render: Annotated[str | None, _RENDER] = None,
    wait_for: Annotated[str | None, _WAIT_FOR] = None,
    header: Annotated[list[str] | None, _HEADER] = None,
    user_agent: Annotated[str | None, _USER_AGENT] = None,
    proxy: Annotated[str | None, _PROXY] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="A tag to file the pages under (repeatable).")
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Read URLs from a file, one a line (# comments skipped)."),
    ] = None,
) -> None:
    """Start watching one or more pages (given, from a file, or from stdin)."""
    from tracker.store import NewSource, add_source

    urls = _urls_from(urls or [], from_)
    if name and len(urls) > 1:
        raise UsageError("--name applies to a single URL")
    if cron is not None and every is not None:
        raise UsageError("use either --every or --cron, not both")
    interval = parse_every(every) if every is not None else settings().default_interval_seconds
    _refuse_unfetchable(urls)
    # Said only once the transaction has committed: with one bad URL among several, none
    # of them is added, and none is reported as added.
    said: list[str] = []
    with writable_database().session() as session:
        for url in urls:
            source, created = add_source(
                session,
                NewSource(
                    url=url,
                    name=name,
                    interval_seconds=interval,
                    cron=cron,
                    body_selector=body_selector,
                    exclude_selectors=tuple(exclude_selector or ()),
                    views_selector=views_selector,
                    views_regex=views_regex,
                    notify=tuple(notify or ()),
                    render=render,
                    wait_for=wait_for,
                    headers=tuple(header or ()),
                    user_agent=user_agent,
                    proxy=proxy,
                    tags=tuple(tag or ()),
                ),
            )
            verb = "added" if created else "already watched"
            said.append(f"{verb}: {source.url} ({_schedule_words(source)}{_tag_words(source)})")
    for line in said:
        out.print(line, markup=False)


def _tag_words(source: Source) -> str:
    return f", tags: {' '.join(source.tags)}" if source.tags else ""


def _refuse_unfetchable(urls: list[str]) -> None:
    """A page every check would refuse (a loopback or private address while those are not
    allowed) is refused now, rather than added to fail at its first check."""
    from tracker.fetch import refused_host, validate_url

    allow = settings().allow_private_networks
    for url in urls:
        try:
            normal = validate_url(url)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        reason = refused_host(normal, allow_private_networks=allow)
        if reason is not None:
            raise UsageError(f"{url}: {reason}")


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    tag: Annotated[str | None, _TAG_FILTER] = None,
    tz: Annotated[str | None, _TZ] = None,
) -> None:
    """List watched pages with their state: each by its name, or its headline when it has
    none."""
    from tracker.store import list_sources, sources_json
    from tracker.timezones import iso_time

    zone = _zone(tz)
    with database().session() as session:
        rows = sources_json(session, list_sources(session, tag=tag))
    if as_json:
        sys.stdout.write(json_line(rows) + "\n")
        return
    if not rows:
        out.print(
            f"No sources tagged {tag!r}."
            if tag
            else "No sources yet: add one with `tracker add URL`."
        )
        return
    tagged = any(r["tags"] for r in rows)
    lines = [["id", "name", "url", "every", "status", "last check", *(["tags"] if tagged else [])]]
    for r in rows:
        last = iso_time(r["last_checked_at"], zone) if r["last_checked_at"] else "never"
        lines.append(
            [
                str(r["id"]),
                one_line(r["label"] if r["label"] != r["url"] else "-"),
                one_line(r["url"]),
                one_line(r["every"]),
                r["status"] if r["enabled"] else PAUSED,
                last,
                *([" ".join(r["tags"])] if tagged else []),
            ]
        )
    for line in aligned(lines):
        typer.echo(line)


@app.command()
def remove(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source.", metavar="SOURCE")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (on a terminal, remove asks).")
    ] = False,
) -> None:
    """Stop watching a page and delete its history."""
    from tracker.store import find_source, labels_of, versions_of

    with writable_database().session() as session:
        source = find_source(session, url)
        if not yes and _interactive():
            label = labels_of(session, [source.id])[source.id]
            versions = _count(len(versions_of(session, source)), "version")
            page = source.url if label == source.url else f"{label} <{source.url}>"
            question = f"Delete {page} and its history ({versions})?"
            if not typer.confirm(one_line(question), default=False):
                out.print(f"kept: {source.url}", markup=False)
                return
        session.delete(source)
        out.print(f"removed: {source.url}", markup=False)


def _interactive() -> bool:
    """Whether someone is there to answer a question (scripts and pipes are never asked)."""
    return sys.stdin.isatty() and out.is_terminal


@app.command()
def edit(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source.")],
    name: Annotated[str | None, typer.Option(help="A new display name.")] = None,
    every: Annotated[str | None, typer.Option(help="A new check interval: 30s, 15m, 2h.")] = None,
    cron: Annotated[
        str | None, typer.Option(help="A new cron schedule (UTC), e.g. '*/15 * * * *'.")
    ] = None,
    body_selector: Annotated[str | None, typer.Option(help="CSS of the body ('' clears).")] = None,
    exclude_selector: Annotated[
        list[str] | None,
        typer.Option(
            help="CSS to drop before extraction (repeatable; replaces the list, '' clears)."
        ),
    ] = None,
    views_selector: Annotated[str | None, typer.Option(help="CSS of the views.")] = None,
    views_regex: Annotated[str | None, typer.Option(help="Regex of the views.")] = None,
    notify: Annotated[list[str] | None, typer.Option(help="Add a recipient (repeatable).")] = None,
    unnotify: Annotated[
        list[str] | None, typer.Option(help="Remove a recipient (repeatable).")
    ] = None,
    render: Annotated[str | None, _RENDER] = None,
    wait_for: Annotated[
        str | None, typer.Option(help="CSS the browser waits for ('' clears).")
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option(help="A request header 'Name: value' (repeatable; replaces them, '' clears)."),
    ] = None,
    user_agent: Annotated[str | None, typer.Option(help="The User-Agent ('' clears).")] = None,
    proxy: Annotated[str | None, typer.Option(help="A proxy URL ('' clears).")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Add a tag (repeatable).")] = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove a tag (repeatable).")] = None,
) -> None:
    """Change a watched page's settings, recipients and tags (see also `tracker subscribe`).

    A new schedule takes effect at once."""
    from tracker.limits import MAX_NAME_LENGTH, check_text
    from tracker.store import (
        check_overrides,
        edit_recipients,
        find_source,
        request_columns,
        set_schedule,
        set_tags,
    )

    if cron is not None and every is not None:
        raise UsageError("use either --every or --cron, not both")
    interval = parse_every(every) if every is not None else None
    excludes = [s for s in exclude_selector or () if s] if exclude_selector is not None else None
    with writable_database().session() as session:
        source = find_source(session, url)
        check_overrides(
            body_selector=body_selector,
            exclude_selectors=excludes or (),
            views_selector=views_selector,
            views_regex=views_regex,
            notify=notify or (),
        )
        request = request_columns(
            render=render,
            wait_for=wait_for,
            headers=header,
            user_agent=user_agent,
            proxy=proxy,
        )
        for column, value in request.items():
            setattr(source, column, value)
        if name is not None:
            source.name = check_text(name, option="--name", max_length=MAX_NAME_LENGTH) or None
        set_schedule(source, interval_seconds=interval, cron=cron)
        if excludes is not None:
            source.exclude_selectors = excludes
        for attr, value in (
            ("body_selector", body_selector),
            ("views_selector", views_selector),
            ("views_regex", views_regex),
        ):
            if value is not None:
                setattr(source, attr, value or None)
        edit_recipients(source, add=notify or (), remove=unnotify or ())
        set_tags(source, add=tag or (), remove=untag or ())
        recipients = ", ".join(s.email for s in source.subscriptions) or "none"
        out.print(
            f"updated: {source.url} ({_schedule_words(source)}, recipients: {recipients}"
            f"{_tag_words(source)})",
            markup=False,
        )


def _schedule_words(source: Source) -> str:
    from tracker.config import format_duration

    return (
        f"cron {source.cron}"
        if source.cron
        else f"every {format_duration(source.interval_seconds)}"
    )


def _set_enabled(url: str, enabled: bool, *, outlet: bool = False) -> None:
    from tracker.store import find_source, set_enabled

    # A name that is no source but an outlet's means the outlet; --outlet says so outright.
    if outlet or (not _is_source(url) and outlet_commands.is_outlet(url)):
        out.print(outlet_commands.switch_outlet(url, enabled), markup=False)
        return
    with writable_database().session() as session:
        source = find_source(session, url)
        set_enabled(source, enabled)
        out.print(f"{'resumed' if enabled else 'paused'}: {source.url}")


def _is_source(url: str) -> bool:
    from tracker.store import lookup_source

    with database().session() as session:
        return lookup_source(session, url) is not None


_OUTLET_FLAG = typer.Option("--outlet", help="Name an outlet (see `tracker outlets`).")


@app.command()
def pause(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source (or outlet).")],
    outlet: Annotated[bool, _OUTLET_FLAG] = False,
) -> None:
    """Pause checks of a page, or polls of an outlet (history is kept)."""
    _set_enabled(url, False, outlet=outlet)


@app.command()
def resume(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source (or outlet).")],
    outlet: Annotated[bool, _OUTLET_FLAG] = False,
) -> None:
    """Resume checks of a paused page, or polls of a paused or flagged outlet."""
    _set_enabled(url, True, outlet=outlet)


def _report_lines(report: CheckReport, label: str) -> list[tuple[str, Text | None]]:
    """A check in words: a line saying what it found, then one line per change, each edit
    with its word diff under it."""
    from tracker.diff import word_diff
    from tracker.report import marked_inline

    if report.outcome == Outcome.FAILED:
        failed = OUTCOME_WORDS[Outcome.FAILED]
        return [(f"{label}: {failed}: {report.message} ({report.error})", None)]
    if report.outcome == Outcome.CHANGED:
        head = f"{label}: version {report.version} stored"
        head += " (the first)" if report.version == 1 else ""
    else:
        head = f"{label}: {OUTCOME_WORDS[report.outcome]}"
    if report.changes:
        head += f", {_count(len(report.changes), 'change')} flagged"
    lines: list[tuple[str, Text | None]] = [(head, None)]
    for change in report.changes:
        lines.append((f"  {change.kind:<22} {change.summary}", None))
        d = change.detail
        if isinstance(d.get("old"), str) and isinstance(d.get("new"), str):
            ops = word_diff(one_line(d["old"]), one_line(str(d["new"])))
            lines.append(("    ", marked_inline(ops, colour=_colour())))
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@app.command()
def check(
    urls: Annotated[
        list[str] | None, typer.Argument(help="Sources to check now.", metavar="SOURCE")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every active source now.")] = False,
) -> None:
    """Check pages now, print what changed, and exit."""
    from tracker.store import active_targets, find_source, labels_of

    if not urls and not all_:
        raise UsageError("name the sources to check, or use --all")
    with writable_database().session() as session:
        if all_:
            targets = active_targets(session)
        else:
            found = [find_source(session, u) for u in urls or []]
            targets = [(s.id, s.url) for s in found if s is not None]
    if not targets:
        out.print("Nothing to check.")
        return
    reports = _run_checks(targets)
    with database().session() as session:
        labels = labels_of(session, [r.source_id for r in reports])
    for report in reports:
        for text, marked in _report_lines(report, labels.get(report.source_id, report.url)):
            if marked is None:
                # Plain lines: page text in a summary ("[1]", "[b]") is not console markup,
                # and rich's rendering would cost more than the check of an unchanged page.
                typer.echo(one_line(text))
            else:
                out.print(text, end="")
                out.print(marked)
    lost = [r for r in reports if not r.stored]
    if lost:
        # Every other outcome is the page's doing and exits 0; a check that could not be
        # written is this machine's problem, and a script must not take it for done.
        raise DatabaseError(
            f"{len(lost)} of {len(reports)} checks could not be stored: {lost[0].message}"
        )


def _run_checks(targets: list[tuple[int, str]]) -> list[CheckReport]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tracker.parallel import check_in_processes

    # A check someone asked for runs now: the per-host concurrency limit still bounds the
    # load on each site, but the scheduler's pause between two requests to a host is skipped.
    db, cfg = writable_database(), settings().model_copy(update={"per_host_delay": 0.0})
    if not err.is_terminal or len(targets) < 2:
        return check_in_processes(cfg, targets, db=db)
    # Refreshed by hand, not by rich's thread: the check processes are forked from this one,
    # which must have no other thread then.
    with Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        auto_refresh=False,
    ) as progress:
        task = progress.add_task("check", total=len(targets))

        shown = 0.0

        def advance(_report: CheckReport) -> None:
            nonlocal shown
            progress.advance(task)
            if time.monotonic() - shown > 0.1:  # ten frames a second at most
                progress.refresh()
                shown = time.monotonic()

        return check_in_processes(cfg, targets, db=db, on_done=advance)


@app.command(cls=_VocabularyHelp)
def changes(
    url: Annotated[str | None, typer.Option("--url", help="Only this source.")] = None,
    since: Annotated[str | None, typer.Option(help="Only since: 24h, 7d or an ISO time.")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help="Only these kinds, comma-separated or repeated (see the list below)."),
    ] = None,
    significance: Annotated[
        list[str] | None,
        typer.Option(
            help="Only changes of these significance classes, comma-separated or repeated "
            "(e.g. number,name,quote)."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the newest N.")] = None,
    tag: Annotated[str | None, _TAG_FILTER] = None,
    oldest_first: Annotated[
        bool, typer.Option("--oldest-first", help="Oldest first (the default is newest first).")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON array of change records, in the same order.")
    ] = False,
    tz: Annotated[str | None, _TZ] = None,
) -> None:
    """Show flagged changes, newest first (as the web's /changes): each page by its name, or
    its headline when it has none."""
    from tracker.limits import MAX_ID
    from tracker.report import render_changes_text
    from tracker.significance import parse_significance
    from tracker.store import find_source, query_changes

    zone = _zone(tz)
    if limit is not None and not 1 <= limit <= MAX_ID:
        raise UsageError(f"--limit must be from 1 to {MAX_ID}")
    kinds = _parse_kinds(kind or ())
    try:
        classes = parse_significance(significance or ())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with database().session() as session:
        source = find_source(session, url) if url else None
        records = query_changes(
            session,
            source=source,
            since=parse_since(since),
            kinds=kinds,
            limit=limit,
            significance=classes or (),
            tag=tag,
        )
    if not oldest_first:
        records.reverse()
    if as_json:
        sys.stdout.write(json_line(records) + "\n")
    else:
        out.print(printable(render_changes_text(records, zone=zone)), markup=False)


def _parse_kinds(given: Iterable[str]) -> list[str]:
    """Change kinds, comma-separated or repeated; one that does not exist is a usage error
    (it would match nothing, and "No changes." would read as an answer)."""
    kinds = [k.strip() for item in given for k in item.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KIND_MEANINGS]
    if unknown:
        raise UsageError(
            f"unknown change kind {unknown[0]!r}: use one of {', '.join(map(str, KIND_MEANINGS))}"
        )
    return kinds


@app.command()
def history(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    tz: Annotated[str | None, _TZ] = None,
) -> None:
    """Show the versions of a page and what changed in each."""
    from tracker.report import change_line
    from tracker.store import find_source, label_of, query_changes, versions_of
    from tracker.timezones import iso_time

    zone = _zone(tz)
    with database().session() as session:
        source = find_source(session, url)
        label = label_of(session, source)
        records = query_changes(session, source=source)
        rows: list[dict[str, Any]] = [
            {
                "version": v.seq,
                "fetched_at": v.fetched_at.isoformat(),
                "title": v.title,
                "paragraphs": len(v.paragraphs),
                "changes": [r for r in records if r["version"] == v.seq],
            }
            for v in versions_of(session, source)
        ]
        health = [r for r in records if r["version"] is None]
    if as_json:
        document = {"url": source.url, "source": label, "versions": rows, "health": health}
        sys.stdout.write(json_line(document) + "\n")
        return
    # What the page is called (its name, else its headline), then where it is.
    out.print(one_line(label), markup=False)
    if label != source.url:
        out.print(one_line(source.url), markup=False)
    if not rows:
        out.print("No versions yet: run `tracker check`.")
    for row in rows:
        out.print(
            f"\nversion {row['version']}  {iso_time(row['fetched_at'], zone)}  "
            f"{_count(row['paragraphs'], 'paragraph')}  {one_line(row['title'])}",
            markup=False,
        )
        for rec in row["changes"]:
            out.print(f"  {rec['kind']}: {one_line(rec['summary'])}", markup=False)
    if health:
        out.print("")
    for rec in health:
        out.print(one_line(change_line(rec, zone=zone)), markup=False)


@app.command()
def diff(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source.")],
    from_: Annotated[
        int | None, typer.Option("--from", help="Older version (default: to-1).")
    ] = None,
    to: Annotated[int | None, typer.Option("--to", help="Newer version (default: latest).")] = None,
) -> None:
    """Show a word-level diff between two versions of a page."""
    from tracker.diff import diff_articles
    from tracker.store import article_of, find_source, label_of, version_by_seq, versions_of

    with database().session() as session:
        source = find_source(session, url)
        versions = versions_of(session, source)
        if not versions:
            raise UsageError(f"{source.url} has no versions yet: run `tracker check`")
        new = version_by_seq(session, source, to) if to else versions[-1]
        old_seq = from_ if from_ is not None else new.seq - 1
        old = version_by_seq(session, source, old_seq) if old_seq >= 1 else None
        found = diff_articles(article_of(old) if old else None, article_of(new))
        label = label_of(session, source)
    out.print(f"{one_line(label)}: version {old.seq if old else '-'} -> {new.seq}", markup=False)
    if not found:
        out.print("No differences in title or text.")
    for change in found:
        _print_change(change)


def _colour() -> bool:
    return out.is_terminal and out.color_system is not None and not out.no_color


def _print_change(change: Change) -> None:
    from tracker.diff import word_diff
    from tracker.report import marked_inline, marked_paragraph

    out.print(f"\n[bold]{change.kind}[/bold]  ", end="")
    out.print(one_line(change.summary), markup=False)
    d = change.detail
    if "old" in d and "new" in d and isinstance(d["old"], str):
        ops = word_diff(one_line(d["old"]), one_line(str(d["new"])))
        out.print(marked_inline(ops, colour=_colour()))
    elif isinstance(d.get("text"), str):
        out.print(marked_paragraph(one_line(d["text"]), change.kind, colour=_colour()))


@app.command()
def report(
    since: Annotated[str, typer.Option(help="Period: 24h, 7d or an ISO time.")] = "24h",
    fmt: Annotated[str, typer.Option("--format", help="text, markdown, html or json.")] = "text",
    url: Annotated[str | None, typer.Option("--url", help="Only this source.")] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Only the articles of this outlet.")
    ] = None,
    tag: Annotated[str | None, _TAG_FILTER] = None,
    tz: Annotated[str | None, _TZ] = None,
) -> None:
    """A change report for a period, per source, with the diffs."""
    from tracker.outlets.store import find_outlet, source_ids_of
    from tracker.report import FORMATS, render_report
    from tracker.store import find_source, query_changes

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    zone = _zone(tz)
    start = parse_since(since)
    assert start is not None
    with database().session() as session:
        source = find_source(session, url) if url else None
        records = query_changes(session, source=source, since=start, tag=tag)
        if outlet is not None:
            found = find_outlet(session, outlet)
            articles = set(source_ids_of(session, found))
            records = [r for r in records if r["source_id"] in articles]
    rendered = render_report(records, since=start, fmt=fmt, zone=zone)
    sys.stdout.write(safe_json(rendered) if fmt == "json" else printable(rendered))


@app.command("extract")
def extract_cmd(
    inputs: Annotated[list[str], typer.Argument(help="HTML files or http(s) URLs.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per input per line.")
    ] = False,
    body_selector: Annotated[str | None, typer.Option(help="CSS selector of the body.")] = None,
    exclude_selector: Annotated[list[str] | None, typer.Option(help="CSS to drop.")] = None,
    render: Annotated[str | None, _RENDER] = None,
    wait_for: Annotated[str | None, _WAIT_FOR] = None,
    header: Annotated[list[str] | None, _HEADER] = None,
    user_agent: Annotated[str | None, _USER_AGENT] = None,
    proxy: Annotated[str | None, _PROXY] = None,
) -> None:
    """Extract the article from files or URLs (nothing is stored); with --render browser, a
    URL is read as a check of a source with that option would read it."""
    import asyncio

    from tracker.article import ExtractOptions

    options = ExtractOptions(
        body_selector=body_selector, exclude_selectors=tuple(exclude_selector or ())
    )
    request: RequestOptions | None = None
    # Files alone need neither the request options nor the fetchers (whose imports are most
    # of the command's start-up).
    asked = (render, wait_for, header, user_agent, proxy)
    if any(_is_url(item) for item in inputs) or any(value is not None for value in asked):
        from tracker.store import REQUEST_COLUMNS, request_columns, stored_request

        columns = request_columns(
            render=render, wait_for=wait_for, headers=header, user_agent=user_agent, proxy=proxy
        )
        request = stored_request(*(columns.get(column) for column in REQUEST_COLUMNS))
    # A file that is not there is a mistake in the command (exit 2, said last, after the
    # record of every input); a page that cannot be fetched or read is the page's doing.
    unreadable: list[str] = []
    results = asyncio.run(_extract_all(inputs, options, request, unreadable))
    for item, result in zip(inputs, results, strict=True):
        if as_json:
            sys.stdout.write(json_line(result) + "\n")
            continue
        if "error" in result and item in unreadable:
            continue
        if "error" in result:
            err.print(one_line(f"{item}: {result['error']}"), markup=False)
            continue
        out.print(f"# {one_line(result['title'])}", markup=False)
        meta = ", ".join(
            f"{k}: {result[k]}"
            for k in ("views", "published", "modified", "author")
            if result.get(k) is not None
        )
        if meta:
            out.print(meta, markup=False)
        for paragraph in result["paragraphs"]:
            out.print(f"\n{one_line(paragraph)}", markup=False)
        out.print()
    if unreadable:
        raise UsageError(f"cannot read {', '.join(unreadable)}: no such file or not readable")


# What reading a file raises when the command named no readable file (a mistake in it),
# not when the file's own reading failed.
_NOT_A_READABLE_FILE = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError)


def _is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


async def _extract_all(
    inputs: list[str],
    options: ExtractOptions,
    request: RequestOptions | None,
    unreadable: list[str],
) -> list[dict[str, Any]]:
    """Each input's record; the files that are not there, or not readable files, are also
    added to `unreadable` (found by reading them: a test before each read, with resolving
    the path, cost a twentieth of an extraction)."""
    import contextlib

    from tracker.analysis import PageBudget, extract_page

    cfg = settings()
    results: list[dict[str, Any]] = []
    # A page from the network is hostile input: one nested too deep for the parser is
    # refused, as in a check. A file is the user's own page, read as it is (the depth scan
    # costs about a third of an extraction).
    guarded = PageBudget(max_depth=cfg.max_page_depth)
    async with contextlib.AsyncExitStack() as stack:
        fetchers = None
        for item in inputs:
            html: str | bytes
            budget: PageBudget | None = None
            if _is_url(item):
                from tracker.fetch import Fetchers, FetchOutcome

                assert request is not None  # (built for every command given a URL)
                if fetchers is None:
                    fetchers = await stack.enter_async_context(Fetchers(cfg))
                budget = guarded
                fetched = await fetchers.fetch(item, request)
                if fetched.outcome is not FetchOutcome.OK:
                    results.append({"input": item, "error": fetched.message or fetched.error})
                    continue
                html, url = fetched.text, fetched.final_url
            else:
                path = Path(item)
                try:
                    # (the bytes themselves: extraction reads them as a browser would)
                    html = _page_bytes(path.read_bytes(), cfg.max_body_bytes)
                    # (absolute, not resolved: the link a file's relative links are read
                    # against needs no walk through the file system's symbolic links)
                    url = Path(os.path.abspath(path)).as_uri()
                except OSError as exc:
                    if isinstance(exc, _NOT_A_READABLE_FILE):
                        unreadable.append(item)
                    results.append({"input": item, "error": f"cannot read: {exc.strerror}"})
                    continue
                except ValueError as exc:
                    results.append({"input": item, "error": str(exc)})
                    continue
            extracted = extract_page(html, url, options, budget, hashed=False)
            if extracted.failure is not None:
                results.append({"input": item, "error": extracted.failure})
                continue
            results.append({"input": item, **extracted.article.to_json()})
    return results


def _page_bytes(data: bytes, limit: int) -> bytes:
    """A saved page's bytes, gunzipped when the file is gzip-compressed (pages are often
    kept as .html.gz), never more than `limit` bytes of it decoded."""
    import zlib

    # (ISA-L inflates a page in two fifths of zlib's time)
    from isal import isal_zlib

    if not data.startswith(b"\x1f\x8b"):
        return data
    # (ISA-L's stubs give its error class as an instance of Exception)
    errors: tuple[type[Exception], ...] = (zlib.error, cast("type[Exception]", isal_zlib.error))
    inflate = isal_zlib.decompressobj(wbits=31)
    try:
        out = inflate.decompress(data, limit + 1)
    except errors as exc:
        raise ValueError(f"cannot decompress: {exc}") from None
    if len(out) <= limit and not inflate.eof:
        raise ValueError("cannot decompress: the gzip data is truncated")
    if len(out) > limit:
        raise ValueError(f"too large: over {limit} bytes decompressed")
    return out


@app.command()
def run() -> None:
    """The service: check due sources on their schedules, and housekeeping, until SIGTERM."""
    _serve(housekeeping=True)


@app.command()
def worker() -> None:
    """A worker: like `run` without housekeeping; start several against one PostgreSQL."""
    _serve(housekeeping=False)


def _serve(*, housekeeping: bool) -> None:
    import logging

    from tracker.jobs.service import serve

    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    # The scheduler's own lines (job added, job ran) say nothing an operator needs.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    serve(writable_database(), settings(), housekeeping=housekeeping)


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    tz: Annotated[str | None, _TZ] = None,
) -> None:
    """Whether the service is running, and what it is doing: sources due and failing, the
    last and next checks, the checks of the last hour."""
    from tracker.jobs.status import service_status

    zone = _zone(tz)
    with database().session() as session:
        info = service_status(session)
    if as_json:
        sys.stdout.write(json.dumps(info) + "\n")
        return
    for label, value in _status_lines(info, zone):
        out.print(f"{label:<11} {one_line(value)}", markup=False)


def _status_lines(info: dict[str, Any], zone: dt.tzinfo) -> list[tuple[str, str]]:
    """`tracker status` in words: times relative to now, with the time of day in `zone`."""
    from tracker.timezones import when_words
    from tracker.vocabulary import OUTCOME_COUNTS

    now = dt.datetime.fromisoformat(info["now"])

    def when(value: str | None, none: str) -> str:
        return when_words(dt.datetime.fromisoformat(value), now, zone) if value else none

    hour = info["outcomes_last_hour"]
    outcomes = ", ".join(f"{hour[k]} {OUTCOME_COUNTS.get(k, k)}" for k in sorted(hour))
    lines = [
        ("service", _service_words(info["service"], now, zone)),
        ("sources", f"{info['sources']} ({info['enabled']} active, {info['paused']} paused)"),
        ("due now", str(info["due"])),
        ("checking", f"{info['leased']} now" if info["leased"] else "nothing right now"),
        ("failing", str(info["failing"])),
        ("last check", when(info["last_check_at"], "never")),
        (
            "next check",
            f"now ({info['due']} due)" if info["due"] else when(info["next_check_at"], "none due"),
        ),
        (
            "last hour",
            f"{_count(info['checks_last_hour'], 'check')}"
            + (f" ({info['checks_per_minute']:g} a minute): {outcomes}" if outcomes else ""),
        ),
    ]
    outlets = info["outlets"]
    if outlets["outlets"]:
        last = outlets["last_poll"]
        lines += [
            (
                "outlets",
                f"{outlets['outlets']} ({outlets['enabled']} active, {outlets['due']} due, "
                f"{outlets['flagged']} flagged, {outlets['failing']} failing), "
                f"{outlets['tracked_articles']} articles tracked",
            ),
            (
                "last poll",
                f"{when(last['at'], 'never')} {last['url']}: {last['outcome']}: {last['message']}"
                if last
                else "never",
            ),
        ]
    return lines


def _service_words(service: dict[str, Any], now: dt.datetime, zone: dt.tzinfo) -> str:
    """Whether a service runs: the workers heard from lately, else when one last was."""
    from tracker.timezones import ago, when_words

    running = service["running"]
    if running:
        keeper = sum(1 for w in running if w["housekeeping"])
        kinds = "with housekeeping" if keeper else "checks only"
        seen = max(dt.datetime.fromisoformat(w["seen_at"]) for w in running)
        since = min(dt.datetime.fromisoformat(w["started_at"]) for w in running)
        return (
            f"running: {_count(len(running), 'worker')} ({kinds}), started "
            f"{when_words(since, now, zone)}, heard from {ago(seen, now)}"
        )
    if service["last_seen_at"]:
        last = dt.datetime.fromisoformat(service["last_seen_at"])
        return f"not running (last seen {when_words(last, now, zone)}): start it with `tracker run`"
    return "not running: start it with `tracker run`"


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version."""
    from tracker.db import create_db_engine, upgrade

    engine = create_db_engine(settings().database_url)
    try:
        revision = upgrade(engine)
    finally:
        engine.dispose()
    out.print(f"database at revision {revision}: {engine.url.render_as_string()}", markup=False)


@app.command()
def demo(
    interval: Annotated[float, typer.Option(help="Seconds between edits and checks.")] = 4.0,
    steps: Annotated[int, typer.Option(help="Stop after N rounds (0: until Ctrl-C).")] = 0,
) -> None:
    """Serve a sample news site on loopback whose articles change, and watch it live."""
    from tracker.demo.run import run_demo

    run_demo(interval=interval, steps=steps, console=out)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web report, Atom feeds and JSON API (a non-loopback host needs a token)."""
    from tracker.web.serve import serve as serve_web

    serve_web(settings(), host=host, port=port)


# The watch list to a file and back (tracker/watchlist.py).
app.command("export")(transfer.export)
app.command("import")(transfer.import_)

# Outlets: their articles become sources by themselves (tracker/outlets).
app.command("follow")(outlet_commands.follow)
app.command("outlets")(outlet_commands.outlets)
app.command("unfollow")(outlet_commands.unfollow_cmd)
app.command("poll")(outlet_commands.poll)


# click's usage errors, from whichever click typer uses (recent typers carry their own copy).
_CLICK_ERROR: type[Any] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


# What each option's or argument's value is, as help shows it (typer would show the Python
# type: `<str>`, `<list[str]>`).
_METAVARS = {
    "urls": "URL",
    "url": "SOURCE",
    "inputs": "FILE_OR_URL",
    "email": "EMAIL",
    "every": "DURATION",
    "cron": "'MIN HOUR DAY MONTH WEEKDAY'",
    "body_selector": "CSS",
    "exclude_selector": "CSS",
    "views_selector": "CSS",
    "views_regex": "REGEX",
    "notify": "EMAIL",
    "unnotify": "EMAIL",
    "name": "NAME",
    "since": "WHEN",
    "kind": "KIND[,KIND...]",
    "kinds": "KIND[,KIND...]",
    "significance": "CLASS[,CLASS...]",
    "fmt": "FORMAT",
    "host": "ADDRESS",
    "port": "PORT",
    "interval": "SECONDS",
    "status": "STATUS",
    "digest": "MODE",
    "digest_hour": "HOUR",
    "min_views_percent": "PERCENT",
    "render": "plain|browser",
    "wait_for": "CSS",
    "header": "'NAME: VALUE'",
    "user_agent": "TEXT",
    "proxy": "URL",
    "tz": "ZONE",
    "tag": "TAG",
    "untag": "TAG",
    "from_": "FILE",
    "output": "FILE",
    "file": "FILE",
}


def _readable_help(command: Any) -> None:
    """Give every parameter of `command` and its subcommands a metavar people read, and a
    usage line like git's: `tracker add [OPTIONS] URL...`."""
    for sub in getattr(command, "commands", {}).values():
        _readable_help(sub)
    helper = command.get_help_option(typer.Context(command))
    for param in [*command.params, *([helper] if helper is not None else [])]:
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.metavar is None:
            param.metavar = _METAVARS.get(param.name, "N")
        if param.param_type_name == "argument":
            usage = param.metavar + ("..." if param.nargs != 1 else "")
            usage = usage if param.required else f"[{usage}]"
            # Instance attributes: typer offers no other way to set these two.
            param._usage_display_name = lambda usage=usage: usage
            param.display_type_rich = lambda ctx: None


@functools.cache
def _command():  # type: ignore[no-untyped-def]  # click's Command, of typer's own click
    # Built once per process: typer reads every command's signature to build it (about 25 ms,
    # paid again by each call of main() from the same process otherwise).
    command = typer.main.get_command(app)
    _readable_help(command)
    return command


def _is_statement_failure(exc: BaseException) -> bool:
    # Only a command that opened the database can have had SQLAlchemy raise.
    dbapi = sys.modules.get("sqlalchemy.exc")
    return dbapi is not None and isinstance(exc, dbapi.DBAPIError)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one clear line on stderr for every error, never a traceback."""
    State.settings = None
    State.database = None
    if argv is None:
        # A process of its own (the console script): what its imports built lives until it
        # exits. Out of the collector's sight, it is not walked again by every collection
        # that the objects of a long run (many pages extracted, a service's checks) set off.
        gc.freeze()
    try:
        # Not standalone: usage errors come back here to be said in one line, like ours.
        code = _command().main(args=argv, prog_name="tracker", standalone_mode=False)
        # Always an exit, as in standalone mode, so callers of main() see one either way.
        sys.exit(code if isinstance(code, int) else 0)
    except _CLICK_ERROR as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            out.print(ctx.get_help(), markup=False, highlight=False)  # a bare group: its help
        else:
            where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            message = " ".join(exc.format_message().split())
            err.print(f"tracker: error: {message}{where}", markup=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("interrupted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except TrackerError as exc:
        err.print(f"tracker: error: {one_line(str(exc))}", markup=False)
        sys.exit(2 if isinstance(exc, UsageError) else 1)
    except Exception as exc:
        if _is_statement_failure(exc):
            from tracker.db import db_error_line

            if "readonly database" in db_error_line(exc):  # SQLite's words for it
                err.print(f"tracker: error: {read_only_message(State.database)}", markup=False)
                sys.exit(1)
            # The database failed a statement (a file corrupted after it was opened, a server
            # gone): the machine's problem, said in the driver's words without SQLAlchemy's
            # link.
            line = one_line(db_error_line(exc))
            err.print(f"tracker: error: database error: {line}", markup=False)
            sys.exit(1)
        # A bug: say what it was on one line, keep the trace out of it.
        err.print(
            f"tracker: internal error: {type(exc).__name__}: {one_line(str(exc))}", markup=False
        )
        sys.exit(70)
    finally:
        if State.database is not None:
            State.database.dispose()
