"""Webhook and Apprise alerts on the outbox, against real receivers on loopback: signed,
delivered exactly once across outages, dead on a final refusal, steerable from the CLI, and
their URLs and secrets never shown."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tracker.alerts.channels import (
    MASK,
    mask_target,
    sign,
    token_matches,
    unsubscribe_token,
    verify,
)
from tracker.alerts.subscriptions import Rules, Target, subscribe
from tracker.config import Settings, load_settings
from tracker.db import Database
from tracker.demo.layouts import SAMPLE_ARTICLES, PageState, render
from tracker.demo.server import LoopbackServer
from tracker.jobs.alerts import deliver_alerts
from tracker.models import Alert, Subscription
from tracker.store import NewSource, add_source, query_changes
from tracker.vocabulary import Channel

from .receivers import Receiver, ReceiverServer
from .test_alerts import check

SECRET = "a-long-webhook-signing-secret-0123456789"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with ReceiverServer(Receiver(secret=SECRET)) as r:
        yield r


def channel_settings(**extra: Any) -> Settings:
    values: dict[str, Any] = {
        "alert_retry_base": 0.0,
        "alert_http_timeout": 3.0,
        "webhook_allow_http": True,
        "allow_private_networks": True,
    }
    return load_settings(**(values | extra))


def sample() -> PageState:
    return copy.deepcopy(next(iter(SAMPLE_ARTICLES.values())))


def watch_with(db: Database, url: str, target: Target, mode: str = "immediate") -> int:
    with db.session() as session:
        source, _ = add_source(session, NewSource(url=url, name="Harbour Daily"))
        subscribe(session, source, target, Rules(mode=mode))
        return source.id


def edit(site: LoopbackServer, path: str, state: PageState, text: str, tick: int = 1) -> None:
    state.paragraphs.append(text)
    site.set(path, render("caliber", state, tick=tick))


def test_webhook_is_signed_and_carries_the_change_records(
    db: Database, settings: Settings, site: LoopbackServer, receiver: Receiver
) -> None:
    cfg = channel_settings()
    state = sample()
    url = site.set("/w", render("caliber", state))
    source_id = watch_with(db, url, Target(Channel.WEBHOOK, receiver.url, SECRET))
    check(db, cfg, source_id, url)
    edit(site, "/w", state, "The harbour master confirmed the new schedule.")
    check(db, cfg, source_id, url)
    report = deliver_alerts(db, cfg)
    assert (report.sent, report.retrying, report.dead) == (2, 0, 0)
    assert deliver_alerts(db, cfg).sent == 0
    assert len(receiver.got) == 2 and all(r.verified for r in receiver.got)
    last = receiver.got[-1]
    with db.session() as session:
        alert = session.scalars(select(Alert).order_by(Alert.id.desc())).first()
        assert alert is not None
        assert last.headers["idempotency-key"] == str(alert.id)
        records = query_changes(session, ids=alert.change_ids)
        assert alert.last_answer == "HTTP 200: thanks"
    document = last.document
    assert document["event"] == "alert" and document["id"] == str(alert.id)
    [entry] = document["alerts"]
    assert entry["changes"] == records  # exactly as `tracker changes --json` has them
    assert entry["source"]["url"] == url and entry["check_id"] == alert.check_id
    assert document["subject"].startswith("[tracker] Harbour Daily - ")
    # Replayed a minute later with its old signature, it is refused by the receiver's window.
    stale = str(int(time.time()) - 600)
    assert not verify(
        SECRET, stale, last.body, sign(SECRET, int(stale), last.body), now=time.time(), window=300
    )


def test_webhook_outage_then_delivered_exactly_once(
    db: Database, settings: Settings, site: LoopbackServer, receiver: Receiver
) -> None:
    cfg = channel_settings(alert_max_attempts=10)
    receiver.script = [500, 500, 500]
    url = site.set("/o", render("caliber", sample()))
    source_id = watch_with(db, url, Target(Channel.WEBHOOK, receiver.url, SECRET))
    check(db, cfg, source_id, url)
    for _ in range(3):
        report = deliver_alerts(db, cfg)
        assert (report.sent, report.retrying) == (0, 1)
        assert "HTTP 500" in report.errors[0]
    assert deliver_alerts(db, cfg).sent == 1
    assert deliver_alerts(db, cfg).sent == 0
    assert len(receiver.delivered()) == 1 and len(receiver.got) == 4
    with db.session() as session:
        [alert] = session.scalars(select(Alert)).all()
        assert (alert.status, alert.attempts) == ("sent", 4)


def test_webhook_410_is_dead_at_once_with_the_answer_kept(
    db: Database, settings: Settings, site: LoopbackServer, receiver: Receiver
) -> None:
    cfg = channel_settings()
    receiver.status = 410
    url = site.set("/g", render("caliber", sample()))
    source_id = watch_with(db, url, Target(Channel.WEBHOOK, receiver.url, SECRET))
    check(db, cfg, source_id, url)
    report = deliver_alerts(db, cfg)
    assert (report.sent, report.retrying, report.dead) == (0, 0, 1)
    with db.session() as session:
        [alert] = session.scalars(select(Alert)).all()
        assert alert.status == "dead" and alert.last_answer == "HTTP 410: gone for good"
    assert "s3cr3t-path-token" not in report.errors[0]


def test_a_hanging_webhook_is_retried_then_dead_after_the_cap(
    db: Database, settings: Settings, site: LoopbackServer, receiver: Receiver
) -> None:
    cfg = channel_settings(alert_http_timeout=0.5, alert_max_attempts=2)
    receiver.hang = 2.0
    url = site.set("/h", render("caliber", sample()))
    source_id = watch_with(db, url, Target(Channel.WEBHOOK, receiver.url, SECRET))
    check(db, cfg, source_id, url)
    started = time.monotonic()
    first = deliver_alerts(db, cfg)
    assert time.monotonic() - started < 2.0
    assert first.retrying == 1 and "no answer within 0.5 s" in first.errors[0]
    assert deliver_alerts(db, cfg).dead == 1


def test_webhook_targets_obey_the_private_network_rule(
    db: Database, settings: Settings, site: LoopbackServer, receiver: Receiver
) -> None:
    cfg = channel_settings()
    url = site.set("/p", render("caliber", sample()))
    source_id = watch_with(db, url, Target(Channel.WEBHOOK, receiver.url, SECRET))
    check(db, cfg, source_id, url)
    report = deliver_alerts(db, channel_settings(allow_private_networks=False))
    assert report.dead == 1 and "refusing to post to 127.0.0.1" in report.errors[0]
    assert receiver.got == []


def test_apprise_json_receiver_gets_title_and_markdown_list(
    db: Database, settings: Settings, site: LoopbackServer, receiver: Receiver
) -> None:
    cfg = channel_settings(base_url="https://tracker.example.org")
    state = sample()
    url = site.set("/a", render("caliber", state))
    target = f"json://127.0.0.1:{receiver.port}/push/t0ken-in-path"
    source_id = watch_with(db, url, Target(Channel.APPRISE, target))
    check(db, cfg, source_id, url)
    edit(site, "/a", state, "A *starred* [linked] paragraph.")
    receiver.script = [503]
    first = deliver_alerts(db, cfg)
    assert first.retrying == 1 and "t0ken-in-path" not in first.errors[0]
    assert deliver_alerts(db, cfg).sent == 1
    check(db, cfg, source_id, url)
    assert deliver_alerts(db, cfg).sent == 1
    message = receiver.got[-1].document
    assert message["title"].startswith("[tracker] Harbour Daily - 1 paragraph added")
    assert "A \\*starred\\* \\[linked\\] paragraph." in message["message"]
    assert f"(https://tracker.example.org/sources/{source_id})" in message["message"]
    assert receiver.got[-1].path == "/push/t0ken-in-path"


@pytest.mark.parametrize(
    ("scheme", "path", "secret_part"),
    [("ntfy", "/", "tracker-alerts"), ("gotify", "/message", "AppT0ken")],
)
def test_apprise_push_services_get_one_message_each_across_an_outage(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    receiver: Receiver,
    scheme: str,
    path: str,
    secret_part: str,
) -> None:
    """Self-hosted push services (ntfy, Gotify) on loopback: one message per alert, after a
    failed attempt, with the subject as its title; the topic or token never in an error."""
    cfg = channel_settings()
    state = sample()
    url = site.set(f"/{scheme}", render("caliber", state))
    target = f"{scheme}://127.0.0.1:{receiver.port}/{secret_part}"
    source_id = watch_with(db, url, Target(Channel.APPRISE, target))
    check(db, cfg, source_id, url)
    deliver_alerts(db, cfg)  # (the sample page prints a paragraph twice from the start)
    receiver.got.clear()
    edit(site, f"/{scheme}", state, "A paragraph the push service hears about.")
    receiver.script = [503]
    check(db, cfg, source_id, url)
    first = deliver_alerts(db, cfg)
    assert first.retrying == 1 and secret_part not in first.errors[0]
    assert deliver_alerts(db, cfg).sent == 1
    assert deliver_alerts(db, cfg).sent == 0
    (message,) = [r for r in receiver.got if r.path == path][1:]
    assert message.document["title"].startswith("[tracker] Harbour Daily - 1 paragraph added")
    assert "A paragraph the push service hears about." in message.document["message"]
    if scheme == "ntfy":
        assert message.document["topic"] == secret_part
    else:
        assert message.headers["x-gotify-key"] == secret_part


def test_killed_mid_delivery_loses_nothing(
    db: Database, settings: Settings, site: LoopbackServer, receiver: Receiver
) -> None:
    cfg = channel_settings(alert_lease_seconds=1)
    url = site.set("/k", render("caliber", sample()))
    source_id = watch_with(db, url, Target(Channel.WEBHOOK, receiver.url, SECRET))
    check(db, cfg, source_id, url)
    receiver.hang = 5.0
    script = (
        "from tracker.config import load_settings\n"
        "from tracker.db import open_database\n"
        "from tracker.jobs.alerts import deliver_alerts\n"
        f"db = open_database({settings.database_url!r})\n"
        "deliver_alerts(db, load_settings(alert_lease_seconds=1, webhook_allow_http=True,"
        " allow_private_networks=True, alert_http_timeout=30))\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not receiver.arrived and time.monotonic() < deadline:  # the POST is in flight
        time.sleep(0.05)
    worker.kill()
    assert worker.wait(timeout=30) == -9
    receiver.hang = 0.0
    time.sleep(1.2)  # its lease runs out
    assert deliver_alerts(db, cfg).sent == 1
    with db.session() as session:
        [alert] = session.scalars(select(Alert)).all()
        assert alert.status == "sent"
    # The killed worker's request may still have reached the receiver: the idempotency key
    # (the alert's id) is how it keeps one.
    time.sleep(0.5)
    assert len(receiver.delivered()) == 1
    assert {r.headers["idempotency-key"] for r in receiver.got} == {str(alert.id)}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from tracker.cli import main

    with pytest.raises(SystemExit) as info:
        main(args)
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out + captured.err


def test_cli_subscribe_list_test_retry_and_send_now_never_show_secrets(
    db: Database,
    settings: Settings,
    site: LoopbackServer,
    receiver: Receiver,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRACKER_WEBHOOK_ALLOW_HTTP", "true")
    monkeypatch.setenv("TRACKER_ALERT_RETRY_BASE", "3600")
    monkeypatch.setenv("TRACKER_ALERT_MAX_ATTEMPTS", "2")
    state = sample()
    url = site.set("/c", render("caliber", state))
    apprise_url = f"json://127.0.0.1:{receiver.port}/push/t0ken-in-path"
    outputs: list[str] = []

    def run(*args: str, code: int = 0) -> str:
        got, text = _run(list(args), capsys)
        assert got == code, text
        outputs.append(text)
        return text

    run("add", url, "--name", "Harbour Daily")
    said = run("subscribe", url, "--webhook", receiver.url, "--secret", SECRET)
    assert "subscribed webhook http://127.0.0.1:" in said
    run("subscribe", url, "--apprise", apprise_url, "--digest", "immediate")
    made = run("subscribe", url, "--webhook", receiver.url + "-2")
    assert "signing secret (shown once" in made
    outputs.pop()  # the one place a made secret is meant to be shown
    run("subscribe", url, "--webhook", "ftp://x", code=2)
    run("subscribe", url, "me@example.org", "--webhook", receiver.url, code=2)
    run("subscribe", url, "--apprise", "nosuchservice://abc", code=2)
    assert "tested" not in run("alerts", "test", "--webhook", receiver.url, "--secret", SECRET)
    assert receiver.got[-1].verified and receiver.got[-1].document["event"] == "test"
    line = run("alerts", "test", "--apprise", apprise_url)
    assert "accepted" in line and len(line.strip().splitlines()) == 1
    receiver.status = 500
    failed = run("alerts", "test", "--webhook", receiver.url, "--secret", SECRET, code=1)
    assert failed.startswith("tracker: error: the test to webhook") and "HTTP 500" in failed
    run("subscribe", url, "--webhook", receiver.url + "-2", "--remove")

    run("check", url)
    sent = run("alerts", "send")
    assert "sent 0, will retry 2" in sent
    assert "will retry 0" in run("alerts", "send")  # backing off: nothing tried
    receiver.status = 200
    assert "sent 2" in run("alerts", "send", "--now")
    assert "apprise" in run("alerts", "list")
    listed = json.loads(run("alerts", "list", "--json"))
    assert [(i["channel"], i["status"]) for i in listed] == [
        ("apprise", "sent"),
        ("webhook", "sent"),
    ]
    assert listed[1]["last_answer"] == "HTTP 200: thanks"
    assert listed[0]["last_answer"] == "json accepted the message"

    receiver.status = 410
    monkeypatch.setenv("TRACKER_ALERT_RETRY_BASE", "0")
    edit(site, "/c", state, "The ferry timetable changes again next week.", tick=5)
    run("check", url)
    run("alerts", "send")
    dead = run("alerts", "list", "--dead", "--json")
    assert '"status": "dead"' in dead and "gone for good" in dead
    receiver.status = 200
    run("alerts", "retry", code=2)
    run("alerts", "retry", "999", code=2)
    assert "requeued" in run("alerts", "retry", "--dead")
    assert "sent" in run("alerts", "send")
    run("alerts", "list", "--json")
    run("list", "--json")
    for text in outputs:
        assert SECRET not in text and "s3cr3t-path-token" not in text
        assert "t0ken-in-path" not in text


def test_email_carries_one_click_unsubscribe_that_removes_that_subscription(
    db: Database, settings: Settings
) -> None:
    from fastapi.testclient import TestClient

    from tracker.web.app import create_app

    with db.session() as session:
        source, _ = add_source(
            session, NewSource(url="https://news.example.org/a", notify=("a@example.org",))
        )
        [sub] = source.subscriptions
        sub_id, secret = sub.id, sub.secret
        assert secret
    token = unsubscribe_token(sub_id, secret)
    client = TestClient(create_app(settings, database=db), base_url="http://127.0.0.1")
    assert client.get(f"/unsubscribe/{sub_id}.{'0' * 32}").status_code == 404
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and "a@example.org" in page.text
    with db.session() as session:
        assert session.get(Subscription, sub_id) is not None  # a GET never unsubscribes
    done = client.post(f"/unsubscribe/{token}", content=b"List-Unsubscribe=One-Click")
    assert done.status_code == 200 and "no more alerts" in done.text
    with db.session() as session:
        assert session.get(Subscription, sub_id) is None
    assert client.post(f"/unsubscribe/{token}").status_code == 404


def test_alert_email_has_list_unsubscribe_headers(
    db: Database, settings: Settings, site: LoopbackServer
) -> None:
    from aiosmtpd.controller import Controller

    from .test_alerts import Inbox, free_port, mail_settings

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        cfg = mail_settings(controller.port, base_url="https://tracker.example.org/")
        url = site.set("/u", render("caliber", sample()))
        with db.session() as session:
            source, _ = add_source(session, NewSource(url=url, notify=("a@example.org",)))
            source_id = source.id
            [sub] = source.subscriptions
            token = unsubscribe_token(sub.id, sub.secret or "")
        check(db, cfg, source_id, url)
        assert deliver_alerts(db, cfg).sent == 1
    finally:
        controller.stop()
    [message] = inbox.messages
    link = f"https://tracker.example.org/unsubscribe/{token}"
    assert str(message["List-Unsubscribe"]).strip() == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",))
    assert text is not None and link in text.get_content()


def test_web_adds_tests_and_removes_subscriptions_masked(
    db: Database, settings: Settings, receiver: Receiver
) -> None:
    from fastapi.testclient import TestClient

    from tracker.web.app import create_app

    cfg = channel_settings(database_url=settings.database_url)
    with db.session() as session:
        source, _ = add_source(session, NewSource(url="https://news.example.org/w"))
        source_id = source.id
    client = TestClient(create_app(cfg, database=db), base_url="http://127.0.0.1")
    client.get("/")
    csrf = client.cookies.get("tracker_csrf")
    form = {"csrf_token": csrf, "channel": "webhook", "target": receiver.url}
    made = client.post(f"/sources/{source_id}/subscriptions", data=form)
    assert made.status_code == 200 and "shown this once" in made.text
    assert "s3cr3t-path-token" not in made.text
    apprise_url = f"json://127.0.0.1:{receiver.port}/push/t0ken-in-path"
    form = {"csrf_token": csrf, "channel": "apprise", "target": apprise_url, "digest": "hourly"}
    assert client.post(f"/sources/{source_id}/subscriptions", data=form).status_code == 200
    bad = {"csrf_token": csrf, "channel": "webhook", "target": "ftp://x"}
    assert client.post(f"/sources/{source_id}/subscriptions", data=bad).status_code == 400
    page = client.get(f"/sources/{source_id}")
    assert "hourly digest" in page.text and "/push/" not in page.text
    with db.session() as session:
        subs = session.scalars(select(Subscription).order_by(Subscription.id)).all()
        ids = [s.id for s in subs]
    tested = client.post(
        f"/sources/{source_id}/subscriptions/{ids[1]}/test", data={"csrf_token": csrf}
    )
    assert tested.status_code == 200 and "accepted" in tested.text
    gone = client.post(
        f"/sources/{source_id}/subscriptions/{ids[0]}/remove", data={"csrf_token": csrf}
    )
    assert gone.status_code == 200
    for text in (page.text, tested.text, client.get(f"/api/sources/{source_id}").text):
        assert "s3cr3t-path-token" not in text and "t0ken-in-path" not in text
    with db.session() as session:
        assert [s.id for s in session.scalars(select(Subscription))] == ids[1:]


secret_piece = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=8, max_size=40
)


@given(token=secret_piece, host=st.sampled_from(["hooks.example.org", "127.0.0.1", "x.io"]))
def test_masked_targets_never_hold_the_secret_parts(token: str, host: str) -> None:
    for channel, url in (
        (Channel.WEBHOOK, f"https://{host}/services/{token}"),
        (Channel.WEBHOOK, f"https://user:{token}@{host}/hook?key={token}"),
        (Channel.APPRISE, f"tgram://{token}/12345"),
        (Channel.APPRISE, f"ntfys://user:{token}@{host}/topic"),
    ):
        shown = mask_target(channel, url)
        assert token not in shown and MASK in shown
        assert mask_target(channel, url) == shown  # stable: the same target, the same mark


@given(secret=secret_piece, body=st.binary(max_size=200), stamp=st.integers(0, 2**40))
def test_signatures_verify_only_the_exact_body_and_time(
    secret: str, body: bytes, stamp: int
) -> None:
    signature = sign(secret, stamp, body)
    assert verify(secret, str(stamp), body, signature, now=stamp, window=300)
    assert not verify(secret, str(stamp), body + b" ", signature, now=stamp, window=300)
    assert not verify(secret, str(stamp + 1), body, signature, now=stamp, window=300)
    assert not verify(secret + "x", str(stamp), body, signature, now=stamp, window=300)
    assert not verify(secret, str(stamp), body, signature, now=stamp + 301, window=300)


@given(sub_id=st.integers(1, 2**31 - 1), secret=secret_piece)
def test_unsubscribe_tokens_belong_to_one_subscription(sub_id: int, secret: str) -> None:
    token = unsubscribe_token(sub_id, secret)
    assert token_matches(token, sub_id, secret)
    assert not token_matches(token, sub_id, secret + "x")
    assert not token_matches(unsubscribe_token(sub_id + 1, secret), sub_id, secret)
