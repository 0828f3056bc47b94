"""An edit to a watched page reaches the subscriber's inbox through `tracker run`, unaided."""

from __future__ import annotations

import copy
from pathlib import Path

from aiosmtpd.controller import Controller

from tracker.config import Settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, render
from tracker.demo.server import LoopbackServer
from tracker.store import NewSource, add_source

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
