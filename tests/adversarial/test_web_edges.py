"""Hostile requests to a real server: each of the review's 500s is now a 4xx, every response
(errors included, and a genuine 500) carries the security headers, and generated query
strings and bodies never get a 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz
from hypothesis import strategies as st
from sqlalchemy import select, text

from tracker.config import Settings
from tracker.db import Database
from tracker.limits import MAX_INTERVAL_SECONDS
from tracker.models import Source
from tracker.store import NewSource, add_source
from tracker.web.security import HEADERS

from .webserver import WebServer

NINES = "9" * 400


@pytest.fixture
def web(settings: Settings, db: Database) -> Iterator[httpx.Client]:
    with db.session() as session:
        add_source(session, NewSource(url="http://127.0.0.1:9/article"))
    with WebServer(settings, db) as server, httpx.Client(base_url=server.url) as client:
        yield client


def assert_answered(response: httpx.Response, *, statuses: range = range(400, 500)) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    missing = [name for name in HEADERS if response.headers.get(name) != HEADERS[name]]
    assert not missing, (response.status_code, missing)


GETS = [
    "/sources/9223372036854775808",
    "/sources/-1",
    "/api/sources/-9223372036854775809",
    "/api/sources/99999999999999999999999/versions",
    "/api/sources/1/versions/99999999999999999999",
    "/api/sources/1/diff?from=99999999999999999999",
    "/api/sources/1/diff?to=-99999999999999999999",
    "/sources/1/diff?to=99999999999999999999",
    "/sources/99999999999999999999/feed.atom",
    "/api/changes?before=99999999999999999999",
    "/api/changes?before=-99999999999999999999",
    "/api/changes?source=99999999999999999999",
    "/api/changes?source=%C2%B2",
    "/api/changes?source=%00",
    "/api/changes?since=99999999999w",
    f"/api/changes?since={NINES}",
    "/api/changes?since=0001-01-01T00:00%2B01:00",
    "/changes?source=99999999999999999999",
    "/changes?before=99999999999999999999",
    "/changes?since=99999999999w",
    "/changes?since=%00",
    "/?q=%00",
]


@pytest.mark.parametrize("path", GETS)
def test_review_requests_are_4xx_with_headers(web: httpx.Client, path: str) -> None:
    # A search for a NUL simply finds nothing.
    assert_answered(web.get(path), statuses=range(200, 201) if "q=" in path else range(400, 500))


@pytest.mark.parametrize("every", ["99999999999w", "3000000d", NINES, "0s", "-1h"])
def test_an_unbounded_every_is_refused_by_the_api(web: httpx.Client, every: str) -> None:
    body = {"url": "http://127.0.0.1:9/new", "every": every}
    assert_answered(web.post("/api/sources", json=body))
    assert_answered(web.patch("/api/sources/1", json={"every": every}))
    assert web.get("/api/sources/1").json()["interval_seconds"] <= MAX_INTERVAL_SECONDS
    assert [s["url"] for s in web.get("/api/sources").json()] == ["http://127.0.0.1:9/article"]


@pytest.mark.parametrize(
    "extra",
    [
        {"body_selector": "div[[["},
        {"views_selector": "p >"},
        {"views_regex": "(("},
        {"views_regex": "(a+)+$"},
        {"exclude_selectors": ["nav"] * 1_000_000},
        {"exclude_selectors": ["x" * 100_000]},
        {"notify": ["x@example.org\nBcc: victim@example.org"]},
        {"notify": [f"r{i}@example.org" for i in range(10_000)]},
        {"name": "evil\x1b[2J"},
    ],
    ids=lambda e: next(iter(e)),
)
def test_invalid_overrides_are_refused_by_the_api(
    web: httpx.Client, extra: dict[str, object]
) -> None:
    assert_answered(web.post("/api/sources", json={"url": "http://127.0.0.1:9/new", **extra}))
    assert_answered(web.patch("/api/sources/1", json=extra))
    source = web.get("/api/sources/1").json()
    assert source["body_selector"] is None and source["views_regex"] is None
    assert source["exclude_selectors"] == [] and source["notify"] == []


def test_the_form_refuses_an_unbounded_every(web: httpx.Client) -> None:
    page = web.get("/")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = web.post(
        "/sources",
        data={"url": "http://127.0.0.1:9/form", "every": "99999999999w", "csrf_token": token},
    )
    assert_answered(response)


def test_a_real_500_still_carries_the_security_headers(web: httpx.Client, db: Database) -> None:
    with db.engine.begin() as connection:  # the database loses a table under the server
        cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""
        connection.execute(text("DROP TABLE changes" + cascade))
    response = web.get("/api/changes")
    assert_answered(response, statuses=range(500, 501))
    assert "Traceback" not in response.text


QUERY_VALUE = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(max_size=60),
    st.sampled_from(["99999999999w", NINES, "24h", "0001-01-01", "9999-12-31T23:59-01:00"]),
)


@fuzz(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/api/changes", "/changes", "/feed.atom", "/"]),
    params=st.dictionaries(
        st.sampled_from(["before", "since", "source", "limit", "kind", "status", "q"]),
        QUERY_VALUE,
        max_size=4,
    ),
)
def test_any_query_string_is_answered_below_500(
    web: httpx.Client, path: str, params: dict[str, str]
) -> None:
    response = web.get(path, params=params)
    assert_answered(response, statuses=range(200, 500))


@fuzz(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    segment=st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str), st.text()),
    suffix=st.sampled_from(["", "/versions", "/checks", "/views", "/diff", "/feed.atom"]),
    api=st.booleans(),
)
def test_any_source_path_is_answered_below_500(
    web: httpx.Client, segment: str, suffix: str, api: bool
) -> None:
    prefix = "/api/sources/" if api else "/sources/"
    if (suffix == "/feed.atom" and api) or (
        suffix in ("/versions", "/checks", "/views") and not api
    ):
        suffix = ""
    response = web.get(prefix + quote(segment, safe="") + suffix)
    assert_answered(response, statuses=range(200, 500))


BODY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@fuzz(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.fixed_dictionaries(
        {"url": st.sampled_from(["http://127.0.0.1:9/fuzz", "http://127.0.0.1:9/article"])},
        optional={
            k: BODY_VALUE | st.text(max_size=40)
            for k in (
                "name",
                "every",
                "body_selector",
                "exclude_selectors",
                "views_selector",
                "views_regex",
                "notify",
                "enabled",
            )
        },
    )
)
def test_any_source_body_is_stored_sanely_or_refused(
    web: httpx.Client, db: Database, body: dict[str, object]
) -> None:
    created = web.post("/api/sources", content=json.dumps(body))
    assert_answered(created, statuses=range(200, 500))
    patched = web.patch("/api/sources/1", content=json.dumps(body))
    assert_answered(patched, statuses=range(200, 500))
    with db.session() as session:
        for source in session.scalars(select(Source)):
            assert 1 <= source.interval_seconds <= MAX_INTERVAL_SECONDS
            if source.url.endswith("/fuzz"):
                session.delete(source)


def test_a_refusal_repeats_little_of_a_huge_input(web: httpx.Client) -> None:
    """A refused list of a million selectors or a text of a megabyte is not encoded back into
    the answer whole (the echo cost seconds of CPU a request)."""
    for extra in ({"exclude_selectors": ["nav"] * 100_000}, {"name": "x" * 1_000_000}):
        response = web.post("/api/sources", json={"url": "http://127.0.0.1:9/big", **extra})
        assert_answered(response)
        assert len(response.content) < 10_000, len(response.content)
