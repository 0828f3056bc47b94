"""`tracker alerts send | list | test | retry` and `tracker subscribe`: the alert side of the
CLI. Webhook and Apprise URLs are credentials: they are shown masked, always."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.context import database, err, out, settings, writable_database
from tracker.errors import DeliveryError, UsageError
from tracker.terminal import json_line, one_line
from tracker.vocabulary import AlertStatus, Channel

if TYPE_CHECKING:
    from tracker.models import Alert, Subscription

# What a command needs is imported when it runs (the alert channels bring Apprise).

alerts_app = typer.Typer(
    help="Alerts by email, webhook or Apprise: deliver, inspect, test, retry.",
    no_args_is_help=True,
)


@alerts_app.command("send")
def send_cmd(
    now: Annotated[
        bool, typer.Option("--now", help="Also the alerts waiting out a retry back-off.")
    ] = False,
) -> None:
    """Deliver every due alert now (what `tracker run` does on its own)."""
    from tracker.jobs.alerts import deliver_alerts

    report = deliver_alerts(writable_database(), settings(), now=now)
    for error in report.errors:
        err.print(one_line(f"not sent: {error}"), markup=False)
    out.print(f"sent {report.sent}, will retry {report.retrying}, dead {report.dead}")


def _shown(alert: Alert, sub: Subscription | None) -> str:
    from tracker.alerts.channels import mask_target

    if alert.channel == Channel.EMAIL:
        return alert.recipient
    return mask_target(alert.channel, sub.target if sub is not None else None) or "(removed)"


@alerts_app.command("list")
def list_cmd(
    status: Annotated[str | None, typer.Option(help="pending, sent or dead.")] = None,
    dead: Annotated[bool, typer.Option("--dead", help="Only dead alerts.")] = False,
    limit: Annotated[int, typer.Option(help="Newest N.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Show the outbox: channel, target (masked), tries, next try and the last answer."""
    from rich.table import Table
    from sqlalchemy import select

    from tracker.alerts.outbox import message_id
    from tracker.limits import MAX_ID
    from tracker.models import Alert, Source, Subscription

    if not 1 <= limit <= MAX_ID:
        raise UsageError(f"--limit must be from 1 to {MAX_ID}")
    if dead:
        status = AlertStatus.DEAD.value
    if status is not None and status not in {s.value for s in AlertStatus}:
        raise UsageError(f"unknown --status {status!r}: use pending, sent or dead")
    with database().session() as session:
        stmt = (
            select(Alert, Source.url, Subscription)
            .join(Source, Source.id == Alert.source_id)
            .outerjoin(Subscription, Subscription.id == Alert.subscription_id)
        )
        if status:
            stmt = stmt.where(Alert.status == status)
        rows = session.execute(stmt.order_by(Alert.id.desc()).limit(limit)).all()
        items = [
            {
                "id": a.id,
                "channel": a.channel,
                "target": _shown(a, sub),
                "recipient": _shown(a, sub),
                "url": url,
                "status": a.status,
                "mode": a.mode,
                "changes": len(a.change_ids),
                "attempts": a.attempts,
                "due_at": a.due_at.isoformat(),
                "next_attempt_at": a.next_attempt_at.isoformat(),
                "sent_at": a.sent_at.isoformat() if a.sent_at else None,
                "last_answer": a.last_answer,
                "last_error": a.last_error,
                "message_id": a.message_id or message_id(a.key),
            }
            for a, url, sub in reversed(rows)
        ]
    if as_json:
        sys.stdout.write(json_line(items) + "\n")
        return
    if not items:
        out.print("The outbox is empty.")
        return
    table = Table(
        "id", "status", "channel", "to", "page", "tries", "next try", "last answer", box=None
    )
    for i in items:
        waiting = i["status"] == AlertStatus.PENDING
        table.add_row(
            str(i["id"]),
            one_line(str(i["status"])),
            one_line(str(i["channel"])),
            one_line(str(i["target"])),
            one_line(str(i["url"])),
            str(i["attempts"]),
            str(i["next_attempt_at"])[:19].replace("T", " ") if waiting else "-",
            one_line(str(i["last_answer"] or i["last_error"] or "")[:60]),
        )
    out.print(table)


@alerts_app.command("retry")
def retry_cmd(
    ids: Annotated[list[int] | None, typer.Argument(help="Ids of dead alerts.")] = None,
    dead: Annotated[bool, typer.Option("--dead", help="Every dead alert.")] = False,
) -> None:
    """Put dead alerts back in the queue, with a fresh count of tries."""
    from tracker.alerts.outbox import requeue
    from tracker.limits import MAX_ID
    from tracker.models import utcnow

    if bool(ids) == dead:
        raise UsageError("give alert ids or --dead (not both)")
    for alert_id in ids or ():
        if not 1 <= alert_id <= MAX_ID:
            raise UsageError(f"no alert {alert_id}")
    with writable_database().session() as session:
        chosen = requeue(session, now=utcnow(), ids=ids or (), all_dead=dead)
        if ids:
            missing = sorted(set(ids) - set(chosen))
            if missing:
                raise UsageError(
                    "not dead (or no such alert): " + ", ".join(str(i) for i in missing)
                )
    out.print(f"requeued {len(chosen)} alert{'s' if len(chosen) != 1 else ''}")


@alerts_app.command("test")
def test_cmd(
    email: Annotated[
        str | None, typer.Argument(help="An email address to send the test to.")
    ] = None,
    webhook: Annotated[str | None, typer.Option(help="Send the test to this webhook.")] = None,
    apprise: Annotated[str | None, typer.Option(help="...or through this Apprise URL.")] = None,
    secret: Annotated[
        str | None, typer.Option(help="The webhook's signing secret.", show_default=False)
    ] = None,
    subscription: Annotated[
        int | None, typer.Option(help="...or to this subscription's target (its id).")
    ] = None,
) -> None:
    """Send a test alert through any channel and print the receiver's answer in one line."""
    from tracker.alerts.subscriptions import Target, target_of
    from tracker.jobs.alerts import send_test
    from tracker.limits import MAX_ID
    from tracker.models import Subscription

    cfg = settings()
    if subscription is not None:
        if email or webhook or apprise:
            raise UsageError("give a target or --subscription, not both")
        with database().session() as session:
            sub = session.get(Subscription, subscription) if 1 <= subscription <= MAX_ID else None
            if sub is None:
                raise UsageError(f"no subscription {subscription}")
            channel = Channel(sub.channel)
            address = sub.email if channel is Channel.EMAIL else sub.target or ""
            target = Target(channel, address, sub.secret)
    else:
        if email and "://" in email:
            raise UsageError("a URL goes after --webhook or --apprise")
        target = target_of(
            email=email,
            webhook=webhook,
            apprise=apprise,
            secret=secret,
            allow_http=cfg.webhook_allow_http,
        )
    answer = send_test(cfg, target.channel, target.address, target.secret)
    shown = target.address if target.channel is Channel.EMAIL else target.shown
    if not answer.delivered:
        if target.channel is Channel.EMAIL:
            raise DeliveryError(answer.text)
        raise DeliveryError(f"the test to {target.channel} {shown} failed: {answer.text}")
    if target.channel is Channel.EMAIL:
        line = f"{cfg.smtp_host}:{cfg.smtp_port} accepted the test mail to {shown}: {answer.text}"
    else:
        line = f"{target.channel} {shown} accepted the test: {answer.text}"
    out.print(one_line(line), markup=False)


def subscribe(
    url: Annotated[str, typer.Argument(help="URL, id or name of the source.")],
    email: Annotated[str | None, typer.Argument(help="Recipient (or --webhook/--apprise).")] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST each alert as signed JSON to this https URL.")
    ] = None,
    secret: Annotated[
        str | None,
        typer.Option(help="The webhook's signing secret (default: one is made and shown once)."),
    ] = None,
    apprise: Annotated[
        str | None,
        typer.Option(help="Send each alert through this Apprise URL (tgram://, slack://...)."),
    ] = None,
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
    """Subscribe an email, a webhook or an Apprise URL to a source's alerts, or change its
    rules."""
    from tracker.alerts.subscriptions import Target, rules_from, target_of, unsubscribe
    from tracker.alerts.subscriptions import subscribe as add_subscription
    from tracker.store import find_source

    rules = rules_from(
        kinds=kinds or (),
        significance=significance or (),
        min_views_delta=min_views_delta,
        min_views_percent=min_views_percent,
        digest=digest,
        digest_hour=digest_hour,
    )
    if email and "://" in email:
        raise UsageError("a URL goes after --webhook or --apprise")
    if remove:
        # The target as stored, whatever it is now: no need for it to pass today's checks.
        given = [(c, v) for c, v in zip(Channel, (email, webhook, apprise), strict=True) if v]
        if len(given) != 1:
            raise UsageError("give one of: an email address, --webhook URL or --apprise URL")
        target = Target(*given[0])
    else:
        target = target_of(
            email=email,
            webhook=webhook,
            apprise=apprise,
            secret=secret,
            allow_http=settings().webhook_allow_http,
        )
    with writable_database().session() as session:
        source = find_source(session, url)
        shown = (
            target.address
            if target.channel is Channel.EMAIL
            else f"{target.channel} {target.shown}"
        )
        if remove:
            unsubscribe(session, source, target)
            out.print(f"unsubscribed {shown} from {source.url}", markup=False)
            return
        done = add_subscription(session, source, target, rules)
        out.print(
            f"{'subscribed' if done.created else 'updated'} {shown} to {source.url} ({digest})",
            markup=False,
        )
        if done.new_secret:
            out.print(
                f"signing secret (shown once; the receiver checks {'X-Tracker-Signature'} "
                f"with it): {done.new_secret}",
                markup=False,
            )
