"""`tracker alerts send | list | test` and `tracker subscribe`: the alert side of the CLI."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select

from tracker.alerts.outbox import message_id
from tracker.alerts.render import Section, build_message
from tracker.alerts.rules import MODES, parse_kinds
from tracker.alerts.smtp import send
from tracker.cli.context import database, err, out, settings, writable_database
from tracker.errors import UsageError
from tracker.limits import MAX_ID, check_email
from tracker.models import Alert, Source, Subscription, utcnow
from tracker.significance import parse_significance
from tracker.store import find_source
from tracker.terminal import json_line, one_line

alerts_app = typer.Typer(help="Email alerts: deliver, inspect, test.", no_args_is_help=True)


@alerts_app.command("send")
def send_cmd() -> None:
    """Deliver every due alert now (what `tracker run` does on its own)."""
    from tracker.jobs.alerts import deliver_alerts

    report = deliver_alerts(writable_database(), settings())
    for error in report.errors:
        err.print(f"not sent: {error}", markup=False)
    out.print(f"sent {report.sent}, will retry {report.retrying}, dead {report.dead}")


@alerts_app.command("list")
def list_cmd(
    status: Annotated[str | None, typer.Option(help="pending, sent or dead.")] = None,
    limit: Annotated[int, typer.Option(help="Newest N.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Show the outbox: what was sent, what waits for a retry, what gave up."""
    if not 1 <= limit <= MAX_ID:
        raise UsageError(f"--limit must be from 1 to {MAX_ID}")
    with database().session() as session:
        stmt = select(Alert, Source.url).join(Source, Source.id == Alert.source_id)
        if status:
            stmt = stmt.where(Alert.status == status)
        rows = session.execute(stmt.order_by(Alert.id.desc()).limit(limit)).all()
        items = [
            {
                "id": a.id,
                "recipient": a.recipient,
                "url": url,
                "status": a.status,
                "mode": a.mode,
                "changes": len(a.change_ids),
                "attempts": a.attempts,
                "due_at": a.due_at.isoformat(),
                "next_attempt_at": a.next_attempt_at.isoformat(),
                "sent_at": a.sent_at.isoformat() if a.sent_at else None,
                "last_error": a.last_error,
                "message_id": a.message_id or message_id(a.key),
            }
            for a, url in reversed(rows)
        ]
    if as_json:
        sys.stdout.write(json_line(items) + "\n")
        return
    if not items:
        out.print("The outbox is empty.")
        return
    table = Table("id", "status", "to", "page", "changes", "tries", "last error", box=None)
    for i in items:
        table.add_row(
            str(i["id"]),
            one_line(str(i["status"])),
            one_line(str(i["recipient"])),
            one_line(str(i["url"])),
            str(i["changes"]),
            str(i["attempts"]),
            one_line(str(i["last_error"] or "")[:60]),
        )
    out.print(table)


@alerts_app.command("test")
def test_cmd(email: Annotated[str, typer.Argument(help="Where to send the test mail.")]) -> None:
    """Send a test mail and print the mail server's answer in one line."""
    cfg = settings()
    sample = {
        "kind": "paragraph_edited",
        "summary": "Paragraph 2 edited: three -> four",
        "detail": {
            "old": "Three tram lines will be extended.",
            "new": "Four tram lines will be extended.",
            "diff": [
                ["delete", "Three"],
                ["insert", "Four"],
                ["equal", " tram lines will be extended."],
            ],
        },
    }
    now = utcnow()
    message = build_message(
        [Section("tracker test", "https://example.org/", None, [sample])],
        sender=cfg.alert_from,
        recipient=email,
        msg_id=message_id(f"test:{email}:{now.isoformat()}"),
        templates_dir=cfg.alert_templates_dir,
        now=now,
    )
    answer = send(cfg, message)
    out.print(
        f"{cfg.smtp_host}:{cfg.smtp_port} accepted the test mail to {email}: {answer}", markup=False
    )


def subscribe(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source.")],
    email: Annotated[str, typer.Argument(help="Recipient.")],
    kinds: Annotated[
        list[str] | None,
        typer.Option("--kinds", help="Kinds that alert, comma-separated or repeated; 'all'."),
    ] = None,
    significance: Annotated[
        list[str] | None,
        typer.Option(
            help="Alert only on changes of these significance classes, comma-separated or "
            "repeated (e.g. number,name)."
        ),
    ] = None,
    min_views_delta: Annotated[
        int | None, typer.Option(help="Alert on views only when they moved by this many.")
    ] = None,
    min_views_percent: Annotated[
        float | None, typer.Option(help="...or by this percentage.")
    ] = None,
    digest: Annotated[str, typer.Option(help="immediate, hourly or daily.")] = "immediate",
    digest_hour: Annotated[
        int | None, typer.Option(help="UTC hour of the daily digest (default 8).")
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Unsubscribe instead.")] = False,
) -> None:
    """Subscribe an email to a source's alerts, or change its rules."""
    if digest not in MODES:
        raise UsageError(f"unknown --digest {digest!r}: use one of {', '.join(MODES)}")
    if digest_hour is not None and not 0 <= digest_hour <= 23:
        raise UsageError("--digest-hour must be between 0 and 23")
    if min_views_delta is not None and not 0 <= min_views_delta <= MAX_ID:
        raise UsageError(f"--min-views-delta must be from 0 to {MAX_ID}")
    if min_views_percent is not None and not 0 <= min_views_percent <= 1e6:
        # Also false for NaN, which would compare false with every change.
        raise UsageError("--min-views-percent must be from 0 to 1000000")
    if not remove:
        check_email(email)
    try:
        chosen = parse_kinds(kinds or ())
        classes = parse_significance(significance or ())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with writable_database().session() as session:
        source = find_source(session, url)
        existing = session.scalars(
            select(Subscription).where(
                Subscription.source_id == source.id, Subscription.email == email
            )
        ).first()
        if remove:
            if existing is None:
                raise UsageError(f"{email} is not subscribed to {source.url}")
            session.delete(existing)
            out.print(f"unsubscribed {email} from {source.url}", markup=False)
            return
        sub = existing or Subscription(source_id=source.id, email=email)
        sub.kinds = sorted(chosen) if chosen else None
        sub.significance = sorted(classes) if classes else None
        sub.min_views_delta = min_views_delta
        sub.min_views_percent = min_views_percent
        sub.mode = digest
        sub.digest_hour = digest_hour
        session.add(sub)
        out.print(
            f"{'updated' if existing else 'subscribed'} {email} to {source.url} ({digest})",
            markup=False,
        )
