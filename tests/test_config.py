"""Settings: durations, environment, TOML file, and one-line errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import format_duration, load_settings, parse_duration
from tracker.errors import ConfigError
from tracker.fetch import FetchPolicy


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("15m", 900),
        ("2h", 7200),
        ("1d", 86400),
        ("1w", 604800),
        ("90", 90),
        ("1.5h", 5400),
        (" 10 min ", 600),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "-5m", "0s", "10 parsecs", "h"])
def test_bad_duration_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError, match="invalid duration"):
        parse_duration(text)


def test_format_duration_round_trips() -> None:
    for seconds in (45, 60, 900, 3600, 7200, 86400, 90061):
        assert parse_duration(format_duration(seconds)) == seconds


def test_default_database_is_sqlite_in_user_data_dir(tmp_path: Path) -> None:
    url = load_settings().database_url
    assert url.startswith("sqlite:///") and str(tmp_path / "data") in url


def test_environment_and_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "tracker.toml"
    toml.write_text('concurrency = 4\ndefault_interval = "15m"\nallow_private_networks = true\n')
    monkeypatch.setenv("TRACKER_CONFIG", str(toml))
    monkeypatch.setenv("TRACKER_CONCURRENCY", "7")  # the environment wins over the file
    cfg = load_settings()
    assert cfg.concurrency == 7
    assert cfg.default_interval_seconds == 900
    assert cfg.allow_private_networks is True
    assert FetchPolicy.from_settings(cfg).allow_private_networks is True


def test_a_copy_of_the_settings_fetches_with_its_own_timeouts() -> None:
    cfg = load_settings()
    FetchPolicy.from_settings(cfg)
    quick = cfg.model_copy(update={"read_timeout": 1.0})
    assert FetchPolicy.from_settings(quick).read_timeout == 1.0


def test_invalid_setting_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_CONCURRENCY", "many")
    with pytest.raises(ConfigError, match="invalid setting concurrency") as info:
        load_settings()
    assert "\n" not in str(info.value)


def test_malformed_toml_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "tracker.toml"
    toml.write_text("concurrency = [unclosed\n")
    monkeypatch.setenv("TRACKER_CONFIG", str(toml))
    with pytest.raises(ConfigError, match="cannot read settings file"):
        load_settings()
