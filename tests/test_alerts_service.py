"""An edit to a watched page reaches the subscriber's inbox through `tracker run`, unaided."""

from __future__ import annotations

import copy
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from tracker.alerts.subscriptions import Rules, Target, subscribe
from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer
from tracker.store import NewSource, add_source
from tracker.vocabulary import Channel

from .receivers import Receiver, ReceiverServer
from .servicetools import ServiceProcess, wait_for
from .test_alerts import Inbox, free_port


def test_edit_reaches_the_inbox_through_the_service(
    db: Database, settings: Settings, site: LoopbackServer, tmp_path: Path
) -> None:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    state = copy.deepcopy(list(SAMPLE_ARTICLES.values())[1])
    url = site.set("/watched", render("blog", state))
    with db.session() as session:
        add_source(
            session,
            NewSource(
                url=url, name="Garden blog", interval_seconds=1, notify=("reader@example.org",)
            ),
        )
    env = {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(controller.port),
        "TRACKER_ALERT_INTERVAL": "0.3",
    }
    try:
        with ServiceProcess("run", tmp_path / "run.log", env) as service:
            wait_for(lambda: len(site.requests_to("/watched")) >= 1, 30, "the first check")
            state.paragraphs[0] = state.paragraphs[0].rstrip(".") + ", the gardener wrote."
            site.set("/watched", render("blog", state, tick=1))
            wait_for(lambda: inbox.messages, 30, "the alert email")
            code, _ = service.stop()
            assert code == 0, service.output()
    finally:
        controller.stop()
    [message] = inbox.messages
    assert message["To"] == "reader@example.org"
    assert message["Subject"] == "[tracker] Garden blog - 1 paragraph edited"
    text = message.get_body(("plain",))
    assert text is not None and "the gardener wrote." in text.get_content()


def test_edit_reaches_email_webhook_and_apprise_once_each_across_an_outage(
    db: Database, settings: Settings, site: LoopbackServer, tmp_path: Path
) -> None:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    secret = "a-long-webhook-signing-secret-0123456789"
    state = copy.deepcopy(list(SAMPLE_ARTICLES.values())[1])
    url = site.set("/everywhere", render("blog", state))
    with ReceiverServer(Receiver(secret=secret)) as hook, ReceiverServer(Receiver()) as push:
        with db.session() as session:
            source, _ = add_source(
                session,
                NewSource(
                    url=url, name="Garden blog", interval_seconds=1, notify=("reader@example.org",)
                ),
            )
            subscribe(session, source, Target(Channel.WEBHOOK, hook.url, secret), Rules())
            apprise_url = f"json://127.0.0.1:{push.port}/push/t0ken"
            subscribe(session, source, Target(Channel.APPRISE, apprise_url), Rules())
        hook.script = [500, 503]  # down for the first two tries
        push.script = [500]
        env = {
            "TRACKER_SMTP_HOST": "127.0.0.1",
            "TRACKER_SMTP_PORT": str(controller.port),
            "TRACKER_ALERT_INTERVAL": "0.3",
            "TRACKER_ALERT_RETRY_BASE": "0.2",
            "TRACKER_WEBHOOK_ALLOW_HTTP": "true",
        }
        try:
            with ServiceProcess("run", tmp_path / "run.log", env) as service:
                wait_for(lambda: len(site.requests_to("/everywhere")) >= 1, 30, "the first check")
                state.paragraphs[0] = state.paragraphs[0].rstrip(".") + ", the gardener wrote."
                site.set("/everywhere", render("blog", state, tick=1))

                def arrived() -> bool:
                    return bool(inbox.messages and hook.delivered() and len(push.got) >= 2)

                wait_for(arrived, 30, "the alert on every channel")
                time.sleep(1.0)  # anything sent twice would arrive meanwhile
                code, _ = service.stop()
                assert code == 0, service.output()
                log = service.output()
        finally:
            controller.stop()
    assert len(inbox.messages) == 1
    assert len(hook.delivered()) == 1 and len(hook.got) == 3
    [delivered] = hook.delivered()
    [entry] = delivered.document["alerts"]
    assert "the gardener wrote." in str(entry["changes"])
    assert [r.document["title"] for r in push.got[1:]] == [
        "[tracker] Garden blog - 1 paragraph edited"
    ]
    assert "HTTP 500" in log and secret not in log
    assert "/hook/" not in log and "t0ken" not in log
