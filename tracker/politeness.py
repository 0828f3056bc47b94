"""Politeness: how hard checks may hit the web, overall and per host."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tracker.config import Settings


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass
class Politeness:
    """How hard checks may hit the web: a global limit, and per host a limit on concurrent
    requests and a minimum delay between the starts of two requests.

    The host slot is taken before the global one, so checks waiting for a busy host never hold
    a global slot that a check of another host could use. `backlog` bounds the checks whose
    page has arrived but is not recorded yet (twice the request limit).
    """

    concurrency: int
    per_host: int
    per_host_delay: float
    _global: asyncio.Semaphore = field(init=False)
    backlog: asyncio.Semaphore = field(init=False)
    _hosts: dict[str, asyncio.Semaphore] = field(init=False, default_factory=dict)
    _next_start: dict[str, float] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._global = asyncio.Semaphore(max(1, self.concurrency))
        self.backlog = asyncio.Semaphore(2 * max(1, self.concurrency))

    @classmethod
    def from_settings(cls, settings: Settings) -> Politeness:
        return cls(settings.concurrency, settings.per_host_concurrency, settings.per_host_delay)

    @contextlib.asynccontextmanager
    async def slot(self, url: str, *, shared: bool = True) -> AsyncIterator[None]:
        """A request slot for `url`'s host. `shared=False`: the host's limits only, not the
        global one (a page rendered in the browser is bounded by the browser's own pages)."""
        host = host_of(url)
        gate = self._hosts.setdefault(host, asyncio.Semaphore(max(1, self.per_host)))
        async with gate:
            if self.per_host_delay > 0:
                # Book the next start time before sleeping (no await in between), so two
                # waiters for one host never pick the same moment.
                loop = asyncio.get_running_loop()
                now = loop.time()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self.per_host_delay
                if start > now:
                    await asyncio.sleep(start - now)
            if not shared:
                yield
                return
            async with self._global:
                yield
