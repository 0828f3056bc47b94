"""The JSON API of a source's subscriptions: create, list, read, change the rules of and end
email, webhook and Apprise subscriptions, with the checks of `tracker subscribe` and the web
forms, secrets shown once and targets masked. Nothing is delivered here."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tracker.config import Settings
from tracker.db import Database
from tracker.models import Subscription
from tracker.store import NewSource, add_source
from tracker.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WEBHOOK = "https://hooks.example.org/tracker/abc?key=hush"
APPRISE = "ntfys://ntfy.sh/newsroom-edits-4711"
TARGETS = {"email": "desk@example.org", "webhook": WEBHOOK, "apprise": APPRISE}


@pytest.fixture
def source_id(db: Database) -> int:
    with db.session() as session:
        source, _ = add_source(
            session, NewSource(url="https://example.com/news/1", interval_seconds=3600)
        )
        session.flush()
        return source.id


@pytest.fixture
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database=db)) as c:
        yield c


def one_line(response: Any) -> str:
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail, response.text
    return detail


@pytest.mark.parametrize("channel", ["email", "webhook", "apprise"])
def test_create_list_patch_delete_each_channel(
    client: TestClient, source_id: int, channel: str
) -> None:
    base = f"/api/sources/{source_id}/subscriptions"
    assert client.get(base).json() == []
    made = client.post(
        base,
        json={
            "channel": channel,
            "target": TARGETS[channel],
            "kinds": ["title_changed", "paragraph_edited"],
            "digest": "daily",
            "digest_hour": 7,
        },
    )
    assert made.status_code == 201, made.text
    body = made.json()
    sub_id = body["id"]
    assert (body["channel"], body["kinds"], body["digest"], body["digest_hour"]) == (
        channel,
        ["paragraph_edited", "title_changed"],
        "daily",
        7,
    )
    assert "daily digest at 07:00 UTC" in body["rules"]
    if channel == "email":
        assert body["target"] == "desk@example.org" and body["secret"] is None
    else:
        assert TARGETS[channel] not in body["target"] and "#" in body["target"]
    assert (body["secret"] is not None) == (channel == "webhook")

    listed = client.get(base).json()
    assert [s["id"] for s in listed] == [sub_id]
    assert client.get(f"{base}/{sub_id}").json() == listed[0]
    assert {k: v for k, v in body.items() if k != "secret"} == listed[0]

    patched = client.patch(
        f"{base}/{sub_id}", json={"kinds": None, "min_views_percent": 20, "digest": "hourly"}
    )
    assert patched.status_code == 200, patched.text
    rules = patched.json()
    assert (rules["kinds"], rules["min_views_percent"], rules["digest"]) == (None, 20, "hourly")
    assert rules["digest_hour"] == 7  # not sent: kept
    assert rules["target"] == listed[0]["target"] and rules["id"] == sub_id
    assert client.get(f"{base}/{sub_id}").json() == rules

    assert client.delete(f"{base}/{sub_id}").status_code == 204
    assert client.get(base).json() == []
    for method in ("get", "patch", "delete"):
        gone = client.request(method, f"{base}/{sub_id}", json={} if method == "patch" else None)
        assert gone.status_code == 404 and one_line(gone)


def test_webhook_secret_is_shown_once_and_is_the_one_that_signs(
    client: TestClient, db: Database, source_id: int
) -> None:
    base = f"/api/sources/{source_id}/subscriptions"
    made = client.post(base, json={"channel": "webhook", "address": WEBHOOK}).json()
    with db.session() as session:
        stored = session.get(Subscription, made["id"])
        assert stored is not None
        assert made["secret"] == stored.secret and len(made["secret"]) >= 16
    for shown in (client.get(base).text, client.get(f"{base}/{made['id']}").text):
        assert made["secret"] not in shown and WEBHOOK not in shown and "hush" not in shown
    patched = client.patch(f"{base}/{made['id']}", json={"digest": "hourly"}).text
    assert made["secret"] not in patched

    own = "a-secret-of-my-own-choosing"
    given_secret = client.post(
        base,
        json={"channel": "webhook", "target": "https://hooks.example.org/other", "secret": own},
    ).json()
    assert given_secret["secret"] == own
    assert own not in client.get(base).text


def test_apprise_url_is_masked_and_email_shown_in_full(client: TestClient, source_id: int) -> None:
    base = f"/api/sources/{source_id}/subscriptions"
    apprise = client.post(base, json={"channel": "apprise", "target": APPRISE}).json()
    assert apprise["target"].startswith("ntfys://") and "newsroom" not in apprise["target"]
    assert apprise["secret"] is None
    client.post(base, json={"channel": "email", "target": "desk@example.org"})
    text = client.get(base).text
    assert "newsroom-edits" not in text and "desk@example.org" in text


def test_a_target_subscribed_twice_is_a_conflict(client: TestClient, source_id: int) -> None:
    base = f"/api/sources/{source_id}/subscriptions"
    first = client.post(base, json={"channel": "webhook", "target": WEBHOOK}).json()
    again = client.post(base, json={"channel": "webhook", "target": WEBHOOK, "digest": "daily"})
    assert again.status_code == 409
    assert one_line(again) == f"already subscribed as subscription {first['id']}"
    assert [s["digest"] for s in client.get(base).json()] == ["immediate"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"channel": "pigeon", "target": "x"}, 400, "choose email, webhook or Apprise"),
        ({"channel": "email", "target": "not an address"}, 400, "invalid email address"),
        ({"channel": "webhook", "target": "http://hooks.example.org/x"}, 400, "over https"),
        ({"channel": "webhook", "target": "ftp://hooks.example.org/x"}, 400, "use https://"),
        ({"channel": "apprise", "target": "nosuch://thing"}, 400, "not an Apprise URL"),
        ({"channel": "email", "target": "a@example.org", "secret": "s" * 20}, 400, "--secret"),
        ({"channel": "webhook", "target": WEBHOOK, "secret": "short"}, 400, "16 to 200"),
        ({"channel": "email", "target": "a@example.org", "kinds": ["nope"]}, 400, "unknown"),
        ({"channel": "email", "target": "a@example.org", "digest": "weekly"}, 400, "--digest"),
        ({"channel": "email", "target": "a@example.org", "digest_hour": 24}, 400, "0 and 23"),
        ({"channel": "email", "target": "a@example.org", "min_views_delta": -1}, 400, "from 0"),
        ({"channel": "email", "target": "a@example.org", "significance": ["x"]}, 400, "x"),
    ],
)
def test_refused_input_gets_one_line(
    client: TestClient, source_id: int, body: dict[str, Any], status: int, words: str
) -> None:
    base = f"/api/sources/{source_id}/subscriptions"
    answer = client.post(base, json=body)
    assert answer.status_code == status
    assert words in one_line(answer)
    assert client.get(base).json() == []


def test_shape_errors_and_unknown_ids(client: TestClient, source_id: int) -> None:
    base = f"/api/sources/{source_id}/subscriptions"
    assert client.post(base, json={"channel": "email"}).status_code == 422
    typo = client.post(base, json={"channel": "email", "target": "a@example.org", "kind": []})
    assert typo.status_code == 422  # a misspelt rule is refused, not dropped
    assert client.get("/api/sources/999/subscriptions").status_code == 404
    missing = client.post(
        "/api/sources/999/subscriptions", json={"channel": "email", "target": "a@example.org"}
    )
    assert missing.status_code == 404 and one_line(missing)
    assert client.get(f"{base}/99999999999999999999").status_code in (404, 422)
    made = client.post(base, json={"channel": "email", "target": "a@example.org"}).json()
    with_bad_hour = client.patch(f"{base}/{made['id']}", json={"digest_hour": -3})
    assert with_bad_hour.status_code == 400 and "0 and 23" in one_line(with_bad_hour)
    # A subscription is reached through its own source only.
    assert client.get(f"/api/sources/{source_id + 1}/subscriptions/{made['id']}").status_code == 404


def test_the_token_guards_subscriptions(db: Database, settings: Settings, source_id: int) -> None:
    guarded = settings.model_copy(update={"api_token": "s3cret-token"})
    base = f"/api/sources/{source_id}/subscriptions"
    new = {"channel": "email", "target": "desk@example.org"}
    with TestClient(create_app(guarded, database=db)) as client:
        assert client.get(base).status_code == 401
        assert client.post(base, json=new).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert client.post(base, json=new, headers=wrong).status_code == 401
        auth = {"Authorization": "Bearer s3cret-token"}
        made = client.post(base, json=new, headers=auth)
        assert made.status_code == 201
        sub = f"{base}/{made.json()['id']}"
        assert client.get(sub).status_code == 401
        assert client.patch(sub, json={"digest": "hourly"}).status_code == 401
        assert client.delete(sub).status_code == 401
        assert client.get(sub, headers=auth).json()["digest"] == "immediate"
        assert client.delete(sub, headers=auth).status_code == 204


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
_fields = st.sampled_from(
    [
        "channel",
        "target",
        "address",
        "secret",
        "kinds",
        "significance",
        "min_views_delta",
        "min_views_percent",
        "digest",
        "digest_hour",
    ]
)
_values = (
    _json
    | st.sampled_from(["email", "webhook", "apprise", WEBHOOK, APPRISE, "a@example.org", "all"])
    | st.lists(st.sampled_from(["all", "title_changed", "number", "x"]), max_size=3)
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
)
_bodies = _json | st.dictionaries(_fields, _values, max_size=10)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=_bodies)
def test_no_json_body_gets_a_500(client: TestClient, source_id: int, body: Any) -> None:
    base = f"/api/sources/{source_id}/subscriptions"
    client.post(base, json={"channel": "email", "target": "kept@example.org"})
    # Python's json writes NaN and Infinity, which a careless client may send too.
    sent, as_json = json.dumps(body), {"Content-Type": "application/json"}
    made = client.post(base, content=sent, headers=as_json)
    assert made.status_code in (201, 400, 409, 422), made.text
    if made.status_code in (400, 409):
        one_line(made)
    subs = client.get(base).json()
    patched = client.patch(f"{base}/{subs[0]['id']}", content=sent, headers=as_json)
    assert patched.status_code in (200, 400, 422), patched.text
    if patched.status_code == 400:
        one_line(patched)
