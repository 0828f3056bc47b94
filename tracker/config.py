"""Settings: TRACKER_* environment variables, an optional TOML file, defaults that run anywhere.

Precedence (highest first): environment, the TOML file named by TRACKER_CONFIG (or
`tracker.toml` in the per-user config dir), built-in defaults. The default database is a SQLite
file in the per-user data directory, so a fresh machine needs no server at all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tracker.errors import ConfigError, UsageError
from tracker.fetch import FetchPolicy

APP_NAME = "tracker"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> int:
    """'30s', '15m', '2h', '1d', '1w' or plain seconds -> seconds (> 0)."""
    match = _DURATION.match(text)
    if not match:
        raise ConfigError(f"invalid duration {text!r}: use e.g. 30s, 15m, 2h, 1d")
    value = float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]
    if value < 1:
        raise ConfigError(f"invalid duration {text!r}: must be at least one second")
    return int(value)


def parse_since(text: str | None, *, label: str = "since") -> dt.datetime | None:
    """A point in time: '24h', '7d' (that long ago) or an ISO date/time; empty means none."""
    if not text:
        return None
    try:
        return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=parse_duration(text))
    except ConfigError:
        pass
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"invalid {label} {text!r}: use e.g. 24h, 7d or 2024-07-06T13:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def format_duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{data_dir / 'tracker.db'}"


def _config_file() -> Path:
    explicit = os.environ.get("TRACKER_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "tracker.toml"


class Settings(BaseSettings):
    """Everything an operator can set. Each field is TRACKER_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="TRACKER_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    allow_private_networks: bool = False
    default_interval: str = "1h"

    # Fetching
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    user_agent: str | None = None

    # Checking many sources at once
    concurrency: int = 16
    per_host_concurrency: int = 2
    # Politeness: at least this many seconds between the starts of two requests to one host.
    per_host_delay: float = 1.0
    # Worker processes that extract and diff pages while the event loop fetches. 0 (the
    # default) does it in the service's own process: on two cores that was faster (the hand-off
    # costs more than a page's extraction), and more workers pay off only with cores to spare.
    # Workers also contain a parser crash on a hostile page to that page's check.
    extract_workers: int = Field(default=0, ge=0, le=64)
    # Processes that share a `tracker check` of many sources (split by host); 0: one per core.
    check_processes: int = Field(default=0, ge=0, le=64)

    # The service (`tracker run` / `tracker worker`)
    poll_interval: float = 2.0  # how often a worker looks for due sources
    lease_seconds: int = 300  # a claimed source belongs to its worker this long (crash recovery)
    start_jitter: float = 60.0  # overdue and first checks spread over this many seconds at start
    shutdown_grace: float = 7.0  # in-flight checks get this long to finish after SIGTERM
    retention_days: int = 90  # checks (the audit log) older than this are pruned; 0 keeps all
    raw_html_retention_days: int = 30  # raw HTML of superseded versions; 0 keeps all
    prune_interval: float = 3600.0

    # Scraper health: an article body shorter than this share of the previous one is a
    # broken extraction, not an edit.
    extraction_min_ratio: float = 0.2
    fetch_failure_threshold: int = 3

    # Alerts (delivery arrives with the outbox)
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    # A file holding the password (a Docker/Kubernetes secret); wins over smtp_password.
    smtp_password_file: Path | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = 30.0
    # CA bundle to trust for the mail server (a private CA or a self-signed test server).
    smtp_ca_file: Path | None = None
    alert_from: str = "tracker@localhost"
    # Recipients of every source's alerts, besides each source's own subscribers.
    alert_recipients: Annotated[list[str], NoDecode] = Field(default_factory=list)
    alert_max_attempts: int = 8
    alert_retry_base: float = 60.0
    alert_retry_max: float = 6 * 3600.0
    alert_lease_seconds: int = 300
    # How often `tracker run` delivers the outbox (when an SMTP host is set).
    alert_interval: float = 15.0
    # A folder of Jinja2 templates that override the bundled alert templates by name.
    alert_templates_dir: Path | None = None
    # Where the web report runs, for links in alerts (e.g. https://tracker.example.org).
    base_url: str | None = None

    @field_validator("alert_recipients", mode="before")
    @classmethod
    def _split_recipients(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def smtp_secret(self) -> str | None:
        if self.smtp_password_file is not None:
            try:
                return self.smtp_password_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"cannot read smtp_password_file {self.smtp_password_file}: {exc.strerror}"
                ) from None
        return self.smtp_password

    # Web (`tracker serve`): with a token set, the JSON API and every write need it, and the
    # server may listen on non-loopback addresses.
    api_token: str | None = None

    @field_validator("default_interval")
    @classmethod
    def _check_interval(cls, value: str) -> str:
        parse_duration(value)
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _config_file()
        if path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @cached_property
    def fetch_policy(self) -> FetchPolicy:
        extra: dict[str, Any] = {}
        if self.user_agent:
            extra["user_agent"] = self.user_agent
        return FetchPolicy(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            total_timeout=self.total_timeout,
            max_bytes=self.max_body_bytes,
            max_redirects=self.max_redirects,
            retries=self.retries,
            allow_private_networks=self.allow_private_networks,
            **extra,
        )

    @property
    def default_interval_seconds(self) -> int:
        return parse_duration(self.default_interval)


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and the TOML file; invalid values become a ConfigError."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise ConfigError(f"invalid setting {where}: {first.get('msg')}") from None
    except (OSError, ValueError) as exc:  # unreadable or malformed TOML
        raise ConfigError(f"cannot read settings file {_config_file()}: {exc}") from None
