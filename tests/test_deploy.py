"""The compose file and the Dockerfile only use real `tracker` commands and real settings.

No Docker engine runs here, so the files are parsed and checked against the CLI and Settings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
import yaml

from tracker.cli import app
from tracker.config import Settings

ROOT = Path(__file__).resolve().parents[1]
# Read by the settings loader itself rather than a field.
SPECIAL = {"TRACKER_CONFIG"}


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def is_command(args: list[str]) -> bool:
    """Whether `tracker ARGS...` names a real (sub)command."""
    # typer carries its own copy of click, so groups are recognised by what they have.
    command: Any = typer.main.get_command(app)
    words = [a for a in args if not a.startswith("-")]
    while hasattr(command, "commands"):
        if not words:
            return False
        command = command.commands.get(words.pop(0))
        if command is None:
            return False
    return True


def is_setting(name: str) -> bool:
    return name in SPECIAL or (
        name.startswith("TRACKER_") and name[len("TRACKER_") :].lower() in Settings.model_fields
    )


def tracker_services() -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in compose()["services"].items() if "build" in svc}


def test_compose_has_the_production_services() -> None:
    services = compose()["services"]
    assert {"postgres", "tracker", "worker", "migrate"} <= set(services)
    assert any("mailpit" in str(s.get("image", "")) for s in services.values())
    assert tracker_services()["tracker"]["command"] == ["run"]
    assert tracker_services()["worker"]["command"] == ["worker"]
    assert tracker_services()["migrate"]["command"] == ["db", "upgrade"]


def test_every_command_is_a_tracker_command() -> None:
    for name, service in tracker_services().items():
        command = service.get("command")
        assert isinstance(command, list), f"{name}: command must be a list"
        assert is_command(command), f"{name}: `tracker {' '.join(command)}` is no command"
    assert not is_command(["serve-forever"]) and not is_command(["db"])


def test_every_tracker_variable_is_a_setting() -> None:
    seen = set()
    for name, service in tracker_services().items():
        env = service.get("environment") or {}
        assert isinstance(env, dict), f"{name}: environment as a mapping"
        for key in env:
            if key.startswith("TRACKER_"):
                seen.add(key)
                assert is_setting(key), f"{name}: {key} is not a setting"
    assert "TRACKER_DATABASE_URL" in seen
    assert not is_setting("TRACKER_DATABASE")


def test_dockerfile_uses_real_commands_and_settings() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r'^ENTRYPOINT \["tracker"\]', text, re.MULTILINE)
    cmd = re.search(r"^CMD (\[.*\])", text, re.MULTILINE)
    assert cmd is not None and is_command(yaml.safe_load(cmd.group(1)))
    for key in re.findall(r"\b(TRACKER_[A-Z_]+)=", text):
        assert is_setting(key), key


def test_the_browser_service_serves_the_rendered_pages() -> None:
    services = compose()["services"]
    browser = services["browser"]
    assert "chromium" in browser["image"] and ":" in browser["image"]  # a pinned image
    token = browser["environment"]["TOKEN"]
    for name, service in tracker_services().items():
        if name == "migrate":
            continue
        url = service["environment"]["TRACKER_BROWSER_URL"]
        assert url.startswith("ws://browser:3000"), name
        assert f"token={token}" in url, name  # the same token on both ends
        assert "browser" in service["depends_on"], name
        assert is_setting("TRACKER_BROWSER_URL") and is_setting("TRACKER_BROWSER_PAGES")
    assert "ports" not in browser  # reachable from the tracker services only
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "[postgres,browser]" in dockerfile  # Playwright is in the image
