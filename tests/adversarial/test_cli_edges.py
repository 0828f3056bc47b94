"""Hostile command lines: every case of the review, then generated ones. Each is refused with
one line and exit 2, never accepted and never exit 70; what is accepted stays in bounds."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz
from hypothesis import strategies as st
from sqlalchemy import select

from tracker.config import Settings
from tracker.db import open_database
from tracker.limits import MAX_INTERVAL_SECONDS
from tracker.models import Source

from .contract import assert_clean_refusal, run_cli

URL = "http://127.0.0.1:9/article"
NINES = "9" * 400

REFUSED = [
    ("add", URL, "--every", "99999999999w"),
    ("add", URL, "--every", "3000000d"),
    ("add", URL, "--every", NINES),
    ("add", URL, "--every", "0s"),
    ("add", URL, "--cron", "* * 31 2 *"),
    ("add", URL, "--body-selector", "div[[["),
    ("add", URL, "--exclude-selector", "p >"),
    ("add", URL, "--views-selector", ":nth-child("),
    ("add", URL, "--views-regex", "(("),
    ("add", URL, "--views-regex", "(a+)+$"),
    ("add", URL, "--notify", "x@example.org\nBcc: victim@example.org"),
    ("add", URL, "--name", "evil\x1b]0;PWNED\x07"),
    ("remove", "999999999999999999999"),
    ("remove", "²"),
    ("check", "99999999999999999999"),
    ("history", "-9223372036854775809"),
    ("changes", "--since", "99999999999w"),
    ("changes", "--since", NINES),
    ("changes", "--since", "0001-01-01T00:00+01:00"),
    ("changes", "--since", "9999-12-31T23:59:59-01:00"),
    ("changes", "--limit", "99999999999999999999"),
    ("changes", "--limit", "-1"),
    ("report", "--since", "99999999999w"),
    ("diff", "1", "--to", "99999999999999999999"),
]


@pytest.mark.parametrize("argv", REFUSED, ids=lambda a: " ".join(a)[:60])
def test_review_cases_are_refused_with_one_line(settings: Settings, argv: tuple[str, ...]) -> None:
    if argv[0] == "diff":
        assert run_cli("add", URL)[0] == 0
    code, out, err = run_cli(*argv)
    assert_clean_refusal(code, err)
    assert "added" not in out


def test_edit_refuses_what_add_refuses(settings: Settings) -> None:
    assert run_cli("add", URL, "--every", "1h")[0] == 0
    for extra in (
        ("--every", "99999999999w"),
        ("--body-selector", "div[[["),
        ("--views-regex", "(a+)+$"),
        ("--notify", "a@example.org\r\nBcc: b@example.org"),
    ):
        code, _, err = run_cli("edit", URL, *extra)
        assert_clean_refusal(code, err)
    code, out, _ = run_cli("list", "--json")
    (row,) = json.loads(out)
    assert row["every"] == "1h" and row["notify"] == []


def test_subscribe_refuses_a_header_in_the_address(settings: Settings) -> None:
    assert run_cli("add", URL)[0] == 0
    code, _, err = run_cli("subscribe", URL, "x@example.org\nBcc: victim@example.org")
    assert_clean_refusal(code, err)
    code, _, err = run_cli("subscribe", URL, "x@example.org", "--min-views-percent", "nan")
    assert_clean_refusal(code, err)


def test_a_rolled_back_add_reports_nothing_added(settings: Settings) -> None:
    code, out, err = run_cli("add", URL, "http://[::1")
    assert code != 0 and "added" not in out, (out, err)
    assert run_cli("list", "--json")[1].strip() == "[]"


# ------------------------------------------------------------------ generated

DURATION = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda n, unit: f"{n}{unit}",
        st.one_of(st.integers(min_value=-(10**30), max_value=10**30), st.floats()),
        st.sampled_from(["", "s", "sec", "m", "min", "h", "d", "w", "y", " d"]),
    ),
)


@fuzz(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(every=DURATION)
def test_any_every_is_stored_in_bounds_or_refused(settings: Settings, every: str) -> None:
    code, _, err = run_cli("add", URL, "--every", every)
    if code == 0:
        db = open_database(settings.database_url)
        try:
            with db.session() as session:
                source = session.scalars(select(Source)).one()
                assert 1 <= source.interval_seconds <= MAX_INTERVAL_SECONDS
                session.delete(source)
        finally:
            db.dispose()
    else:
        assert_clean_refusal(code, err)


@fuzz(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(since=st.one_of(DURATION, st.datetimes().map(str), st.text(max_size=40)))
def test_any_since_is_a_time_or_refused(settings: Settings, since: str) -> None:
    code, _, err = run_cli("changes", "--since", since, "--json")
    if code != 0:
        assert_clean_refusal(code, err)


@fuzz(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ref=st.one_of(
        st.integers().map(str),
        st.text(max_size=50),
        st.text(alphabet="0123456789²³١٢", min_size=1, max_size=30),
    ),
    command=st.sampled_from(["remove", "check", "history", "diff", "pause"]),
)
def test_any_source_reference_is_found_or_refused(
    settings: Settings, ref: str, command: str
) -> None:
    if ref.startswith("-"):
        ref = "--" if ref == "-" else ref  # an option-looking word is typer's usage error
    code, _, err = run_cli(command, "--", ref) if ref.startswith("-") else run_cli(command, ref)
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err, err
