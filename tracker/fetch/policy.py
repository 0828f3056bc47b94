"""What a fetch may do (FetchPolicy) and what it saw (FetchResult): plain data, no I/O."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tracker import __version__
from tracker.config import Settings


@dataclass(frozen=True)
class FetchPolicy:
    """How patient, how greedy and how trusting one fetch may be."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # wall clock for the whole fetch: DNS, retries, slow bodies
    max_bytes: int = 10 * 1024 * 1024  # cap on the DECODED body (after gzip/br/deflate)
    max_redirects: int = 5
    retries: int = 2  # extra attempts on connection errors, timeouts, 5xx and 429
    backoff_base: float = 0.5  # exponential backoff with full jitter between attempts
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0  # a Retry-After longer than this is cut down to it
    allow_private_networks: bool = False
    user_agent: str = f"tracker/{__version__} (self-hosted article change monitor)"
    # Feeds and sitemaps: any content type is read (within max_bytes) and the decoded bytes
    # are kept in FetchResult.body, since their parsers want bytes, not a page's text.
    any_type: bool = False
    # Requests go through a proxy: the address connected to is the proxy's, so only the
    # target's host is checked against the private-network rule (see guard._check_peer).
    via_proxy: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        """The policy the settings ask for; made anew on each call, so that a copy of the
        settings with other timeouts (`model_copy(update=...)`) fetches with its own."""
        extra: dict[str, Any] = {}
        if settings.user_agent:
            extra["user_agent"] = settings.user_agent
        return cls(
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            total_timeout=settings.total_timeout,
            max_bytes=settings.max_body_bytes,
            max_redirects=settings.max_redirects,
            retries=settings.retries,
            allow_private_networks=settings.allow_private_networks,
            **extra,
        )


class FetchOutcome(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


@dataclass(frozen=True)
class FetchResult:
    """What one fetch saw. `text` is only filled for OK; `error`/`message` only for FAILED."""

    url: str
    final_url: str
    outcome: FetchOutcome
    status: int | None = None
    text: str = ""
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    bytes: int = 0  # decoded body size
    # `text` in UTF-8 when the page came so (its own bytes, not a copy): what the parser
    # and the stored page take instead of encoding the text again. None otherwise.
    utf8: builtins.bytes | None = None  # (`bytes` here is the field above)
    duration: float = 0.0
    attempts: int = 1
    error: str | None = None
    message: str | None = None
    body: builtins.bytes = b""  # the decoded body, only with FetchPolicy.any_type

    @property
    def ok(self) -> bool:
        return self.outcome is FetchOutcome.OK

    @property
    def not_modified(self) -> bool:
        return self.outcome is FetchOutcome.NOT_MODIFIED

    @property
    def gone(self) -> bool:
        """The server says the page no longer exists (the pipeline flags source_gone)."""
        return self.outcome is FetchOutcome.FAILED and self.status in (404, 410)
