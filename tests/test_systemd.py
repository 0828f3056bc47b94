"""The systemd units in deploy/systemd run real `tracker` commands with real settings, as their
own user, with the SQLite file in their state directory and systemd's hardening on; and
`systemd-analyze verify` accepts them where the machine has it."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_deploy import is_command, is_setting

UNITS = Path(__file__).resolve().parents[1] / "deploy" / "systemd"


def unit(name: str) -> dict[str, list[tuple[str, str]]]:
    """A unit file's sections, each a list of (key, value) in order (keys may repeat)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for line in (UNITS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        key, sep, value = line.partition("=")
        assert current is not None and sep, f"{name}: {line!r} outside a section or not KEY=VALUE"
        current.append((key.strip(), value.strip()))
    return sections


def values(section: list[tuple[str, str]], key: str) -> list[str]:
    return [v for k, v in section if k == key]


def one(section: list[tuple[str, str]], key: str) -> str:
    [value] = values(section, key)
    return value


def environment(section: list[tuple[str, str]]) -> dict[str, str]:
    pairs = [p for v in values(section, "Environment") for p in shlex.split(v)]
    return dict(p.split("=", 1) for p in pairs)


@pytest.mark.parametrize(
    ("name", "command"),
    [("tracker.service", ["run"]), ("tracker-web.service", ["serve"])],
)
def test_units_run_tracker_hardened_with_their_state_directory(
    name: str, command: list[str]
) -> None:
    sections = unit(name)
    assert set(sections) == {"Unit", "Service", "Install"}
    service = sections["Service"]
    binary, *args = shlex.split(one(service, "ExecStart"))
    assert Path(binary).is_absolute() and Path(binary).name == "tracker"
    assert args[: len(command)] == command and is_command(args)

    # Its own user, and a state directory for the SQLite file.
    assert one(service, "User") == one(service, "Group") == "tracker"
    assert values(service, "DynamicUser") in ([], ["no"])  # a user of its own, made once
    state = one(service, "StateDirectory")
    env = environment(service)
    assert env["TRACKER_DATABASE_URL"] == f"sqlite:///%S/{state}/tracker.db"  # %S: /var/lib
    assert env["HOME"] == f"%S/{state}"
    assert all(is_setting(key) for key in env if key.startswith("TRACKER_"))
    # Secrets from an optional file that only root reads.
    [secrets] = values(service, "EnvironmentFile")
    assert secrets.startswith("-/etc/")

    for key, value in [
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("NoNewPrivileges", "yes"),
        ("PrivateTmp", "yes"),
        ("Restart", "on-failure"),
        ("CapabilityBoundingSet", ""),
    ]:
        assert one(service, key) == value, key
    assert one(sections["Install"], "WantedBy") == "multi-user.target"


def test_both_units_share_the_user_and_the_database() -> None:
    run, web = unit("tracker.service")["Service"], unit("tracker-web.service")["Service"]
    for key in ("User", "StateDirectory", "EnvironmentFile"):
        assert values(run, key) == values(web, key), key
    assert environment(run) == environment(web)
    assert "tracker.service" in one(unit("tracker-web.service")["Unit"], "After").split()


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        # A tool of the machine's, not of the project's: without it there is nothing to ask.
        pytest.skip("systemd-analyze is not installed on this machine")
    # The units name tracker where the README installs it; here, the one under test.
    tracker = shutil.which("tracker") or str(Path(sys.executable).with_name("tracker"))
    for path in UNITS.glob("*.service"):
        text = path.read_text(encoding="utf-8").replace("/opt/tracker/bin/tracker", tracker)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", *sorted(str(p) for p in tmp_path.glob("*.service"))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
