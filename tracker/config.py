"""Settings: TRACKER_* environment variables, an optional TOML file, defaults that run anywhere.

Precedence (highest first): environment, the TOML file named by TRACKER_CONFIG (or
`tracker.toml` in the per-user config dir), built-in defaults. The default database is a SQLite
file in the per-user data directory, so a fresh machine needs no server at all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
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
from tracker.limits import MAX_INTERVAL_SECONDS, MAX_SINCE_SECONDS

APP_NAME = "tracker"
_DAY = 86400.0

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str, *, maximum: int = MAX_INTERVAL_SECONDS) -> int:
    """'30s', '15m', '2h', '1d', '1w' or plain seconds -> seconds, from 1 to `maximum`."""
    match = _DURATION.match(text)
    if not match:
        raise ConfigError(f"invalid duration {text!r}: use e.g. 30s, 15m, 2h, 1d")
    # A float, so 400 nines become infinity: compared, never converted to an int unbounded.
    value = float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]
    if value < 1:
        raise ConfigError(f"invalid duration {text!r}: must be at least one second")
    if value > maximum:
        raise ConfigError(f"invalid duration {text!r}: at most {format_duration(maximum)}")
    return int(value)


def parse_since(text: str | None, *, label: str = "since") -> dt.datetime | None:
    """A point in time: '24h', '7d' (that long ago) or an ISO date/time; empty means none."""
    if not text:
        return None
    if _DURATION.match(text):
        try:
            ago = parse_duration(text, maximum=MAX_SINCE_SECONDS)
        except ConfigError as exc:
            raise UsageError(f"invalid {label} {text!r}: {str(exc).rpartition(': ')[2]}") from None
        return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=ago)
    try:
        when = dt.datetime.fromisoformat(text)
        # Stored times are UTC: a time near year 1 or 9999 in another zone has no UTC twin.
        return when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        raise UsageError(
            f"invalid {label} {text!r}: use e.g. 24h, 7d or 2024-07-06T13:00"
        ) from None


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

    # Infinity and NaN are never a useful timeout, delay or ratio; they only break arithmetic.
    model_config = SettingsConfigDict(env_prefix="TRACKER_", extra="ignore", allow_inf_nan=False)

    database_url: str = Field(default_factory=default_database_url)
    allow_private_networks: bool = False
    default_interval: str = "1h"

    # Fetching
    # Every number below is bounded: a value beyond its bound would overflow a date or a
    # timer somewhere in the service long after it was set, so it is refused at start.
    connect_timeout: float = Field(default=10.0, gt=0, le=_DAY)
    read_timeout: float = Field(default=20.0, gt=0, le=_DAY)
    total_timeout: float = Field(default=60.0, gt=0, le=_DAY)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=2**31)
    max_redirects: int = Field(default=5, ge=0, le=50)
    retries: int = Field(default=2, ge=0, le=20)
    user_agent: str | None = None
    # Proxy settings from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) are
    # ignored unless this is set: a service should not change behaviour with the shell it was
    # started from. A source's own --proxy wins over them.
    trust_env: bool = False

    # The browser that renders the sources with `--render browser`: Chromium found on the PATH
    # (or this executable), or a remote one over CDP (a ws:// or http:// endpoint).
    browser_executable: str | None = None
    browser_url: str | None = None
    # The address a remote browser reaches this process at: every connection of a rendered
    # page goes through a proxy of tracker's (see tracker/fetch/egress.py). By default this
    # host's own address when the browser is remote, loopback when it is launched here.
    browser_egress_host: str | None = None
    # Pages rendered at once (each in a fresh browser context); more wait for a free one.
    browser_pages: int = Field(default=2, ge=1, le=64)
    # How long a page may go on loading after its HTML arrived before it is read as it stands
    # (load, then no network activity; a page that never settles is read at the cap).
    browser_settle: float = Field(default=10.0, gt=0, le=600)

    # Checking many sources at once
    concurrency: int = Field(default=16, ge=1, le=10_000)
    per_host_concurrency: int = Field(default=2, ge=1, le=1000)
    # Politeness: at least this many seconds between the starts of two requests to one host.
    per_host_delay: float = Field(default=1.0, ge=0, le=_DAY)
    # Worker processes that extract and diff pages while the event loop fetches. 0 (the
    # default) does it in the service's own process, which was faster on two cores
    # (bench/README.md); workers pay off with cores to spare, and they contain a parser crash
    # on a hostile page to that page's check.
    extract_workers: int = Field(default=0, ge=0, le=64)
    # Processes that share a `tracker check` of many sources (split by host); 0: one per core.
    check_processes: int = Field(default=0, ge=0, le=64)

    # The service (`tracker run` / `tracker worker`)
    # How often a worker looks for due sources.
    poll_interval: float = Field(default=2.0, gt=0, le=_DAY)
    # A claimed source belongs to its worker this long (crash recovery).
    lease_seconds: int = Field(default=300, ge=1, le=7 * 86400)
    # Overdue and first checks are spread over this many seconds at start.
    start_jitter: float = Field(default=60.0, ge=0, le=_DAY)
    # In-flight checks get this long to finish after SIGTERM.
    shutdown_grace: float = Field(default=7.0, ge=0, le=_DAY)
    # Checks (the audit log) older than this are pruned; 0 keeps all.
    retention_days: int = Field(default=90, ge=0, le=100 * 365)
    # Raw HTML of superseded versions; 0 keeps all.
    raw_html_retention_days: int = Field(default=30, ge=0, le=100 * 365)
    # How often `tracker run` prunes.
    prune_interval: float = Field(default=3600.0, gt=0, le=_DAY * 7)

    # Scraper health: an article body shorter than this share of the previous one is a
    # broken extraction, not an edit.
    extraction_min_ratio: float = Field(default=0.2, ge=0, le=1)
    # Budgets of one page (see analysis.PageBudget): a page whose elements nest deeper is not
    # parsed (real pages stay under 100 levels; lexbor's time grows with the square of it),
    # and an edit leaving fewer than half of more than this many paragraphs as they were is
    # one `article_rewritten` change, not one row per paragraph from a quadratic diff.
    max_page_depth: int = Field(default=1000, ge=10, le=100_000)
    rewrite_paragraphs: int = Field(default=1000, ge=10, le=1_000_000)
    fetch_failure_threshold: int = Field(default=3, ge=1, le=10_000)
    # An outlet listing more new URLs than this in one poll is paused for review.
    outlet_flood_cap: int = Field(default=500, ge=1, le=1_000_000)

    # Alerts: the mail server, the outbox's retries and leases, the templates
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    # A file holding the password (a Docker/Kubernetes secret); wins over smtp_password.
    smtp_password_file: Path | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = Field(default=30.0, gt=0, le=_DAY)
    # CA bundle to trust for the mail server (a private CA or a self-signed test server).
    smtp_ca_file: Path | None = None
    alert_from: str = "tracker@localhost"
    # Recipients of every source's alerts, besides each source's own subscribers.
    alert_recipients: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Tries before an alert is dead; the back-off between them doubles from retry_base up to
    # retry_max (with jitter).
    alert_max_attempts: int = Field(default=8, ge=1, le=1000)
    alert_retry_base: float = Field(default=60.0, ge=0, le=_DAY)
    alert_retry_max: float = Field(default=6 * 3600.0, ge=0, le=30 * _DAY)
    # Alerts claimed for delivery belong to that process this long (crash recovery).
    alert_lease_seconds: int = Field(default=300, ge=1, le=86400)
    # How often `tracker run` delivers the outbox (when an SMTP host is set).
    alert_interval: float = Field(default=15.0, gt=0, le=_DAY)
    # A folder of Jinja2 templates that override the bundled alert templates by name.
    alert_templates_dir: Path | None = None
    # Where the web report runs, for links in alerts (e.g. https://tracker.example.org).
    base_url: str | None = None
    # Webhook and Apprise deliveries: how long one may take, and whether a webhook may go
    # over plain http (its body and signature are then readable on the way).
    alert_http_timeout: float = Field(default=15.0, gt=0, le=3600)
    webhook_allow_http: bool = False
    # The time zone of the times the CLI, reports and alert emails show (an IANA name such
    # as Europe/Berlin); stored times are UTC whatever it is.
    timezone: str = "UTC"

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

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        from tracker.timezones import zone_named

        try:
            zone_named(value)
        except UsageError as exc:
            raise UsageError(f"TRACKER_TIMEZONE: {exc}") from None
        return value

    @property
    def zone(self) -> dt.tzinfo:
        """The time zone times are shown in (TRACKER_TIMEZONE)."""
        from tracker.timezones import zone_named

        return zone_named(self.timezone)

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
