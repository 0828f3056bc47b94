"""A SQLite database that cannot be written (a read-only mount) still answers the read
commands, and every write command says so in one line, in real `tracker` processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.demo.server import LoopbackServer


def _tracker(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DATABASE_URL"] = f"sqlite:///{db}"
    env["TRACKER_CONFIG"] = str(db.parent / "absent.toml")
    env["TRACKER_ALLOW_PRIVATE_NETWORKS"] = "true"
    env["TRACKER_RETRIES"] = "0"
    env["TRACKER_PER_HOST_DELAY"] = "0"
    code = "import sys; from tracker.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, timeout=120
    )


def _mount(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *argv], capture_output=True, text=True, timeout=30)


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of our own: root ignores file modes, not a read-only mount."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    where = tmp_path / "mnt"
    where.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(where))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def _article(paragraph: str) -> str:
    body = "".join(
        f"<p>Paragraph {i} of a report on the harbour works, long enough to be article text "
        "rather than a caption or a link under a photograph.</p>"
        for i in range(6)
    )
    return (
        "<html><head><title>Harbour works</title></head><body><article>"
        f"<h1>Harbour works</h1>{body}<p>{paragraph} It is long enough to count.</p>"
        "</article></body></html>"
    )


def test_read_commands_work_on_a_read_only_database(
    mount_point: Path, site: LoopbackServer
) -> None:
    db = mount_point / "tracker.db"
    url = site.set("/a", _article("The first version of the last paragraph."))
    assert _tracker(db, "add", url, "--name", "watched").returncode == 0
    assert _tracker(db, "check", "--all").returncode == 0
    site.set("/a", _article("The second version, edited, of the last paragraph."))
    second = _tracker(db, "check", "--all")
    assert second.returncode == 0 and "version 2 stored" in second.stdout, second
    remounted = _mount("-o", "remount,ro", str(mount_point))
    if remounted.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {remounted.stderr.strip()}")
    assert not os.access(mount_point, os.W_OK)

    reads = {
        ("list",): "watched",
        ("changes",): "second version",
        ("history", "1"): "version 2",
        ("report",): "watched",
        ("diff", "1"): "second version",
        ("status",): "last check",
    }
    for argv, expected in reads.items():
        result = _tracker(db, *argv)
        assert result.returncode == 0, (argv, result.stderr)
        assert expected in result.stdout, (argv, result.stdout)
        assert result.stderr == "", (argv, result.stderr)

    requests = len(site.requests_to("/a"))
    writes = [
        ("add", site.url("/b")),
        ("check", "--all"),
        ("pause", "1"),
        ("remove", "1"),
        ("edit", "1", "--every", "2h"),
        ("subscribe", "1", "reader@example.org"),
        ("db", "upgrade"),
        ("run",),
    ]
    for argv in writes:
        result = _tracker(db, *argv)
        assert result.returncode == 1, (argv, result.returncode, result.stderr)
        assert result.stdout == "", (argv, result.stdout)
        assert result.stderr.splitlines() == [f"tracker: error: the database is read-only: {db}"]
    assert len(site.requests_to("/a")) == requests  # refused before fetching anything
