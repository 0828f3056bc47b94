"""Email alerts end to end against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import copy
import email
import os
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from tracker.alerts.smtp import send
from tracker.config import Settings, load_settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, PageState, render
from tracker.demo.server import LoopbackServer
from tracker.errors import DeliveryError
from tracker.jobs.alerts import deliver_alerts
from tracker.models import Alert, Subscription
from tracker.pipeline import check_many
from tracker.store import NewSource, add_source


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK queued as test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def mail_settings(port: int, **extra: Any) -> Settings:
    return load_settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_timeout=5,
        alert_from="tracker@example.org",
        alert_retry_base=0.0,
        **extra,
    )


def sample() -> PageState:
    return copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))


def watch(db: Database, url: str, *emails: str, **rule: Any) -> int:
    with db.session() as session:
        source, _ = add_source(
            session, NewSource(url=url, name="Harbour Daily", notify=tuple(emails))
        )
        for sub in source.subscriptions:
            for key, value in rule.items():
                setattr(sub, key, value)
        return source.id


def check(db: Database, settings: Settings, source_id: int, url: str) -> None:
    asyncio.run(check_many(db, [(source_id, url)], settings))


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_one_email_per_changed_check_with_both_parts(
    db: Database, settings: Settings, site: LoopbackServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    cfg = mail_settings(port)
    state = sample()
    url = site.set("/a", render("caliber", state))
    source_id = watch(db, url, "reader@example.org", kinds=None, min_views_delta=1)
    check(db, cfg, source_id, url)  # baseline: one duplicated paragraph
    assert deliver_alerts(db, cfg).sent == 1
    old_views = state.views
    state.paragraphs[1] = state.paragraphs[1].replace(" ", " really ", 1)
    state.paragraphs[2] = state.paragraphs[2] + " Officials confirmed it."
    state.views += 56
    site.set("/a", render("caliber", state, tick=1))
    check(db, cfg, source_id, url)
    check(db, cfg, source_id, url)  # unchanged: no alert
    report = deliver_alerts(db, cfg)
    assert (report.sent, report.retrying, report.dead) == (1, 0, 0)
    assert len(inbox.messages) == 2
    message = inbox.messages[-1]
    assert message["Subject"] == (
        f"[tracker] Harbour Daily - 2 paragraphs edited, views {old_views} -> {old_views + 56}"
    )
    assert message["To"] == "reader@example.org"
    assert message["Message-ID"].endswith("@tracker.invalid>")
    text, html = parts(message)
    assert "Officials confirmed it." in text and "{+ Officials confirmed it.+}" in text
    assert "<ins" in html and "Officials confirmed it." in html
    assert url in text and url in html
    assert deliver_alerts(db, cfg).sent == 0  # nothing twice


def test_hostile_page_text_is_escaped(
    db: Database, settings: Settings, site: LoopbackServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    cfg = mail_settings(port)
    state = sample()
    url = site.set("/x", render("blog", state))
    source_id = watch(db, url, "reader@example.org")
    check(db, cfg, source_id, url)
    state.paragraphs.insert(
        1, "Click <script>alert('x')</script> and <img src=x onerror=alert(1)> now"
    )
    site.set("/x", render("blog", state))
    check(db, cfg, source_id, url)
    deliver_alerts(db, cfg)
    _, html = parts(inbox.messages[-1])
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_rules_choose_kinds_and_view_thresholds(
    db: Database, settings: Settings, site: LoopbackServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    cfg = mail_settings(port)
    state = sample()
    url = site.set("/r", render("newsroom", state))
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url, name="Rules"))
        source.subscriptions = [
            Subscription(email="default@example.org"),  # everything but views
            Subscription(email="titles@example.org", kinds=["title_changed"]),
            Subscription(email="views@example.org", kinds=["views_changed"], min_views_delta=100),
            Subscription(email="pct@example.org", min_views_percent=50.0),
        ]
        source_id = source.id
    check(db, cfg, source_id, url)
    deliver_alerts(db, cfg)
    inbox.messages.clear()

    state.views += 10  # small view change: only a percentage rule could want it, and it doesn't
    site.set("/r", render("newsroom", state, tick=1))
    check(db, cfg, source_id, url)
    assert deliver_alerts(db, cfg).sent == 0

    state.views += state.views  # doubled: both view rules fire
    site.set("/r", render("newsroom", state, tick=2))
    check(db, cfg, source_id, url)
    deliver_alerts(db, cfg)
    assert sorted(m["To"] for m in inbox.messages) == ["pct@example.org", "views@example.org"]
    inbox.messages.clear()

    state.title += " (updated)"
    site.set("/r", render("newsroom", state, tick=3))
    check(db, cfg, source_id, url)
    deliver_alerts(db, cfg)
    assert sorted(m["To"] for m in inbox.messages) == [
        "default@example.org",
        "pct@example.org",
        "titles@example.org",
    ]


def test_digest_groups_many_checks_into_one_email(
    db: Database, settings: Settings, site: LoopbackServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    cfg = mail_settings(port)
    states = [sample(), copy.deepcopy(list(SAMPLE_ARTICLES.values())[1])]
    ids = []
    for i, state in enumerate(states):
        url = site.set(f"/d{i}", render("caliber", state))
        ids.append((watch(db, url, "digest@example.org", mode="hourly"), url))
    for source_id, url in ids:
        check(db, cfg, source_id, url)  # baselines
    for round_no in range(3):
        for i, state in enumerate(states):
            state.paragraphs.append(f"Update {round_no}: the council published new figures today.")
            site.set(f"/d{i}", render("caliber", state, tick=round_no))
        for source_id, url in ids:
            check(db, cfg, source_id, url)
    assert deliver_alerts(db, cfg).sent == 0  # not due before the end of the hour
    with db.session() as session:
        pending = session.scalars(select(Alert).where(Alert.status == "pending")).all()
        # one per check that changed something: 3 rounds x 2 pages, plus the baseline of the
        # page that prints a paragraph twice
        assert len(pending) == 7
        for alert in pending:  # let the hour end
            alert.due_at = alert.due_at.replace(year=2000)
    report = deliver_alerts(db, cfg)
    assert report.sent == 1 and len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["Subject"].startswith("[tracker] Hourly digest:")
    text, _ = parts(message)
    for round_no in range(3):
        assert text.count(f'added: "Update {round_no}:') == 2
    assert deliver_alerts(db, cfg).sent == 0


def test_smtp_down_then_back_delivers_each_alert_exactly_once(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    port = free_port()
    cfg = mail_settings(port)
    state = sample()
    url = site.set("/down", render("caliber", state))
    source_id = watch(db, url, "a@example.org", "b@example.org")
    check(db, cfg, source_id, url)
    state.paragraphs.append("A late paragraph that every subscriber must hear about.")
    site.set("/down", render("caliber", state))
    check(db, cfg, source_id, url)

    down = deliver_alerts(db, cfg)  # nothing listens on the port
    assert (down.sent, down.retrying) == (0, 4)
    assert "cannot reach mail server" in down.errors[0]
    with db.session() as session:
        alerts = session.scalars(select(Alert)).all()
        assert {a.status for a in alerts} == {"pending"} and {a.attempts for a in alerts} == {1}

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert deliver_alerts(db, cfg).sent == 4
        assert deliver_alerts(db, cfg).sent == 0
    finally:
        controller.stop()
    assert sorted(m["To"] for m in inbox.messages) == ["a@example.org"] * 2 + ["b@example.org"] * 2
    assert len({m["Message-ID"] for m in inbox.messages}) == 4


def test_alerts_die_after_the_attempt_cap(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    cfg = mail_settings(free_port(), alert_max_attempts=2)
    url = site.set("/dead", render("blog", sample()))
    source_id = watch(db, url, "a@example.org")
    check(db, cfg, source_id, url)
    assert deliver_alerts(db, cfg).retrying == 1
    assert deliver_alerts(db, cfg).dead == 1
    assert deliver_alerts(db, cfg).dead == 0
    with db.session() as session:
        [alert] = session.scalars(select(Alert)).all()
        assert alert.status == "dead" and alert.last_error


def test_killed_after_claiming_loses_nothing(
    db: Database, settings: Settings, site: LoopbackServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    cfg = mail_settings(port, alert_lease_seconds=1)
    url = site.set("/k", render("caliber", sample()))
    source_id = watch(db, url, "a@example.org")
    check(db, cfg, source_id, url)
    script = (
        "import os, signal\n"
        "from tracker.alerts.outbox import claim\n"
        "from tracker.db import open_database\n"
        "from tracker.models import utcnow\n"
        f"db = open_database({settings.database_url!r})\n"
        "with db.session() as s:\n"
        "    assert claim(s, 'doomed-worker', now=utcnow(), lease_seconds=1)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert result.returncode == -9
    with db.session() as session:
        [alert] = session.scalars(select(Alert)).all()
        assert alert.lease_owner == "doomed-worker" and alert.status == "pending"
    assert deliver_alerts(db, cfg).sent == 0  # still leased to the dead worker
    import time

    time.sleep(1.2)
    assert deliver_alerts(db, cfg).sent == 1
    assert len(inbox.messages) == 1


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_ctx)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))

    def authenticate(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"tracker",
            b"s3cret",
        )
        return AuthResult(success=ok, handled=False)

    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_ctx,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=authenticate,
    )
    controller.start()
    yield inbox, controller.port, ca_file
    controller.stop()


def _test_message(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "tracker@example.org", to, "hi"
    message.set_content("hello")
    return message


def test_starttls_and_login(tls_server: tuple[Inbox, int, Path], tmp_path: Path) -> None:
    inbox, port, ca_file = tls_server
    secret = tmp_path / "password"
    secret.write_text("s3cret\n")
    cfg = mail_settings(
        port,
        smtp_starttls=True,
        smtp_username="tracker",
        smtp_password_file=secret,
        smtp_ca_file=ca_file,
    )
    assert send(cfg, _test_message("a@example.org")).startswith("250")
    assert len(inbox.messages) == 1

    wrong = mail_settings(
        port,
        smtp_starttls=True,
        smtp_username="tracker",
        smtp_password="nope",
        smtp_ca_file=ca_file,
    )
    with pytest.raises(DeliveryError, match="login refused"):
        send(wrong, _test_message("a@example.org"))
    plain = mail_settings(port, smtp_username="tracker", smtp_password="s3cret")
    with pytest.raises(DeliveryError):  # the server insists on STARTTLS first
        send(plain, _test_message("a@example.org"))
    untrusted = mail_settings(
        port, smtp_starttls=True, smtp_username="tracker", smtp_password="s3cret"
    )
    with pytest.raises(DeliveryError, match="TLS"):
        send(untrusted, _test_message("a@example.org"))
    assert len(inbox.messages) == 1


def test_alerts_test_command_reports_the_answer(
    settings: Settings,
    smtp: tuple[Inbox, int],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker.cli import main

    inbox, port = smtp
    monkeypatch.setenv("TRACKER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TRACKER_SMTP_PORT", str(port))
    with pytest.raises(SystemExit) as info:
        main(["alerts", "test", "me@example.org"])
    assert info.value.code in (0, None)
    out = capsys.readouterr().out.strip()
    assert out.endswith("250 OK queued as test") and len(out.splitlines()) == 1
    assert inbox.messages[0]["To"] == "me@example.org"

    monkeypatch.setenv("TRACKER_SMTP_PORT", str(free_port()))
    with pytest.raises(SystemExit) as info:
        main(["alerts", "test", "me@example.org"])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("tracker: error: cannot reach mail server") and "\n" not in err


def test_unchanged_env_never_touches_real_servers() -> None:
    assert not os.environ.get("TRACKER_SMTP_HOST")


def test_an_unnamed_page_goes_by_its_headline_and_digests_by_the_chosen_clock(
    db: Database, settings: Settings, site: LoopbackServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    cfg = mail_settings(port, timezone="Asia/Tokyo")
    state = sample()
    url = site.set("/unnamed", render("caliber", state))
    with db.session() as session:
        source, _ = add_source(
            session, NewSource(url=url, notify=("now@example.org", "later@example.org"))
        )
        source_id = source.id
        for sub in source.subscriptions:
            sub.mode = "hourly" if sub.email.startswith("later") else "immediate"
    check(db, cfg, source_id, url)
    state.paragraphs[1] = state.paragraphs[1] + " Officials confirmed it."
    site.set("/unnamed", render("caliber", state, tick=1))
    check(db, cfg, source_id, url)
    with db.session() as session:
        for alert in session.scalars(select(Alert).where(Alert.mode == "hourly")):
            alert.due_at = alert.due_at.replace(year=2000)  # the hour is over
    deliver_alerts(db, cfg)
    subjects = sorted(str(m["Subject"]) for m in inbox.messages)
    assert f"[tracker] {state.title} - 1 paragraph edited" in subjects
    [digest] = [m for m in inbox.messages if str(m["Subject"]).startswith("[tracker] Hourly")]
    text, html = parts(digest)
    [until] = [line for line in text.splitlines() if " of changes up to " in line]
    assert until.startswith("Hourly digest of changes up to 20") and until.endswith(" JST.")
    assert f"{state.title}" in text and " JST.</p>" in html
