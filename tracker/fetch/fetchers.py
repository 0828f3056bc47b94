"""What a run of checks fetches with: the shared client, a client per proxy, and the browser,
each made when a source first needs it and closed together at the end of the run."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from types import TracebackType

import httpx

from tracker.config import Settings
from tracker.fetch.browser import Browser, BrowserSettings
from tracker.fetch.policy import FetchPolicy, FetchResult
from tracker.fetch.pool import Clients, make_client
from tracker.fetch.retries import fetch
from tracker.request_options import PLAIN, RequestOptions, scrubbed


class Fetchers:
    """Fetches a source's page as its request options say: a plain GET (through its proxy,
    or the environment's with `TRACKER_TRUST_ENV`) or a page rendered by the browser.

    `client`: a client the caller owns (kept open); without one a client is made here.
    """

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None) -> None:
        self.policy = FetchPolicy.from_settings(settings)
        self._own_client = client is None
        self.clients = Clients(
            self.policy, client or make_client(self.policy), trust_env=settings.trust_env
        )
        self._browser_settings = BrowserSettings.from_settings(settings)
        self._browser: Browser | None = None
        self._pages: asyncio.Semaphore | None = None

    @property
    def browser(self) -> Browser:
        if self._browser is None:
            self._browser = Browser(self._browser_settings)
        return self._browser

    @contextlib.asynccontextmanager
    async def page_slot(self) -> AsyncIterator[None]:
        """One of the browser's pages, waited for before anything else a check holds: a check
        waiting for the browser never keeps a request slot from a plain check."""
        if self._pages is None:
            self._pages = asyncio.Semaphore(self._browser_settings.pages)
        async with self._pages:
            yield

    async def fetch(
        self,
        url: str,
        request: RequestOptions = PLAIN,
        *,
        policy: FetchPolicy | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """The page at `url`; never raises but on cancellation. Messages never hold the
        source's header values or proxy credentials."""
        policy = policy or self.policy
        proxy = self.clients.proxy_for(url, request.proxy)
        if proxy:
            policy = replace(policy, via_proxy=True)
        if request.browser:
            result = await self.browser.render(url, policy, replace(request, proxy=proxy))
        else:
            client = self.clients.get(proxy)
            result = await fetch(
                client, url, policy, etag=etag, last_modified=last_modified, request=request
            )
        if result.message and (request.headers or proxy):
            result = replace(
                result, message=scrubbed(result.message, replace(request, proxy=proxy))
            )
        return result

    async def aclose(self) -> None:
        await self.clients.aclose()
        if self._own_client:
            await self.clients.client.aclose()
        if self._browser is not None:
            await self._browser.aclose()

    async def __aenter__(self) -> Fetchers:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


@contextlib.asynccontextmanager
async def fetchers_of(
    given: httpx.AsyncClient | Fetchers, settings: Settings
) -> AsyncIterator[Fetchers]:
    """`given` itself, or, for a caller holding only a client, fetchers around that client
    (kept open; the clients made for proxies are closed at the end)."""
    if isinstance(given, Fetchers):
        yield given
        return
    async with Fetchers(settings, given) as fetchers:
        yield fetchers
