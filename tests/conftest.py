"""Shared fixtures: real loopback servers, a fresh database per test (SQLite, and PostgreSQL
when TRACKER_TEST_POSTGRES_URL is set), and settings that never touch the user's files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tracker.config import Settings, load_settings
from tracker.db import Database, open_database
from tracker.demo.server import LoopbackServer
from tracker.fetch import guard

from .shared import SHARED

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def pytest_sessionstart(session: pytest.Session) -> None:
    # Tests that read ../shared skip without it on a developer's machine; under CI every one
    # of them must run, so a missing ../shared stops the run before any of them skips.
    if os.environ.get("CI") and not SHARED.is_dir():
        raise pytest.UsageError(f"{SHARED} is not there: under CI the tests that read it must run")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's settings or writes into their data directory."""
    for name in list(os.environ):
        if name.startswith("TRACKER_") and name != "TRACKER_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("NO_COLOR", "1")


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        assert POSTGRES_URL is not None
        reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def settings(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("TRACKER_DATABASE_URL", database_url)
    monkeypatch.setenv("TRACKER_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("TRACKER_RETRIES", "0")
    monkeypatch.setenv("TRACKER_PER_HOST_DELAY", "0")
    return load_settings(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = open_database(settings.database_url)
    yield database
    database.dispose()


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def public_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 counts as public (the test site stands in for the internet); every other
    private address, 127.0.0.2 and the rest of loopback included, is refused as usual."""
    forbidden = guard._forbidden
    monkeypatch.setattr(
        guard, "_forbidden", lambda address: None if address == "127.0.0.1" else forbidden(address)
    )
