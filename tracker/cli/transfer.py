"""`tracker export` and `tracker import`: the watch list to a file and back (the formats are
tracker/watchlist.py's; what a source is, store.source_definition)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from tracker.cli.context import database, out, read_text, settings, writable_database
from tracker.errors import UsageError

_FORMAT_HELP = "json (everything), urls (one a line) or opml."


def export(
    fmt: Annotated[str, typer.Option("--format", help=_FORMAT_HELP)] = "json",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only the pages that carry this tag.")] = None,
    with_secrets: Annotated[
        bool,
        typer.Option(
            "--with-secrets",
            help="Write request header values and proxy credentials as stored (masked "
            "otherwise; a masked file cannot give them back).",
        ),
    ] = False,
) -> None:
    """Write the watch list: each page's URL, name, schedule, selectors and overrides, request
    options, tags, paused state and subscriptions (JSON; a list of URLs or OPML say less)."""
    from tracker.store import list_sources, source_definition
    from tracker.watchlist import FORMATS, render

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    with database().session() as session:
        sources = list_sources(session, tag=tag)
        text = render([source_definition(s, secrets=with_secrets) for s in sources], fmt)
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    # Webhook and Apprise URLs and signing secrets are credentials: the file is the owner's.
    try:
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def import_(
    file: Annotated[str, typer.Argument(help="A watch list file, or - for stdin.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="json, urls or opml (default: from the name or content)."),
    ] = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help="Make pages already watched as the file says (default: skip them)."
        ),
    ] = False,
) -> None:
    """Add the pages of a watch list (written by `tracker export`, a list of URLs, or OPML).
    A page already watched is skipped, or with --update made as the file says; a file that
    cannot be read is refused whole."""
    from tracker.watchlist import FORMATS, detect_format, import_definitions, read

    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    text = read_text(file)
    name = None if file == "-" else file
    chosen = fmt or detect_format(name, text)
    try:
        parsed = read(text, chosen)
    except UsageError as exc:
        raise UsageError(f"{name or 'stdin'}: {exc}") from None
    cfg = settings()
    with writable_database().session() as session:
        done = import_definitions(
            session,
            parsed.definitions,
            default_interval=cfg.default_interval_seconds,
            update=update,
            allow_private_networks=cfg.allow_private_networks,
            allow_http_webhooks=cfg.webhook_allow_http,
        )
    said = f"imported {name or 'stdin'}: {done.words(update=update)}"
    out.print(said, markup=False)
    for note in parsed.left_out:
        out.print(f"  left out: {note}", markup=False)
