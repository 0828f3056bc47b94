"""A database that is not one (corrupted, or some other file) is one clear line and exit 1
from every command, in a real `tracker` process: no traceback, no exit 70, no link."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def _tracker(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DATABASE_URL"] = f"sqlite:///{db}"
    env["TRACKER_CONFIG"] = str(db.parent / "absent.toml")
    env["TRACKER_ALLOW_PRIVATE_NETWORKS"] = "true"  # the page is on loopback
    code = "import sys; from tracker.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, timeout=120
    )


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(20_000))


def _bad_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8_000))


def _torn_pages(path: Path) -> None:
    assert _tracker(path, "add", "http://127.0.0.1:9/a").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # every page but the header's
        data[start : start + 64] = os.urandom(64)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_random_bytes, _bad_header, _torn_pages])
@pytest.mark.parametrize("command", [["list"], ["check", "--all"], ["changes"]])
def test_a_corrupted_database_is_one_line(
    tmp_path: Path, damage: object, command: list[str]
) -> None:
    db = tmp_path / "tracker.db"
    damage(db)  # type: ignore[operator]
    result = _tracker(db, *command)
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: error: "), result.stderr
    assert "internal error" not in result.stderr and "sqlalche.me" not in result.stderr
