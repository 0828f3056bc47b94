"""The browser fetcher: a page rendered by headless Chromium (driven by Playwright), for the
sources whose text or view counter only scripts build (`--render browser`).

Chromium is the one found on the PATH (or `TRACKER_BROWSER_EXECUTABLE`), launched when the
first page needs it, or a remote one reached over CDP (`TRACKER_BROWSER_URL`). Playwright runs
on a thread of its own with its own event loop: the checks' loop only waits for a finished
page, so the plain checks go on at their own speed while pages render.

Every page gets a fresh browser context (no cookies, storage or cache from another check) and
the same rules as a plain fetch for every connection the page makes: they all go through a
proxy of the page's own (`egress`), which resolves each name, refuses private addresses,
connects only to the addresses it checked, goes on through the source's own proxy if it has
one, and counts the bytes against the size cap. The page is given up at the total deadline.
Images, media and fonts are never requested, and service workers are blocked.

Outcomes are data, as for `fetch`: the result's `error` is one of the fetch codes
(`private_network`, `timeout`, `too_large`, `too_many_redirects`, `http_<code>`, `not_html`,
`empty_body`...) or one of the browser's own:

    browser_unavailable   no Playwright, no Chromium, or the remote browser does not answer
    browser_crashed       the browser died or dropped the connection during the check
    browser_hung          the browser did not answer within the deadline; it was killed
    wait_for_timeout      the source's --wait-for selector did not appear in time
    browser_error         the browser refused the page for another reason (said in the message)

After a crash or a hang the next check starts a new browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from tracker.config import Settings
from tracker.fetch.egress import Egress
from tracker.fetch.guard import refusal
from tracker.fetch.policy import FetchOutcome, FetchPolicy, FetchResult
from tracker.request_options import PLAIN, RequestOptions, same_site

if TYPE_CHECKING:  # Playwright is optional (the `browser` extra); imported when first used.
    from playwright.async_api import (
        Browser as PlaywrightBrowser,
    )
    from playwright.async_api import (
        BrowserContext,
        Page,
        Playwright,
        Request,
        Route,
    )

log = logging.getLogger("tracker.fetch.browser")

# What a page never needs to show its text.
BLOCKED_TYPES = frozenset({"image", "media", "font"})
# Chromium's names, in the order they are looked for on the PATH.
EXECUTABLES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
ARGS = (
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--mute-audio",
    "--dns-prefetch-disable",
    # WebRTC could reach addresses the routing never sees.
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
)
# A browser that has not answered this long after the check's deadline is hung.
HANG_GRACE = 10.0
# Closing a context or a browser that takes longer than this means the browser is stuck.
CLOSE_TIMEOUT = 5.0
_LAUNCH_MS = 30_000
# How Playwright says the browser went away under a call (before its disconnected event).
_GONE = ("has been closed", "Target crashed", "Browser closed", "Connection closed", "crashed")


@dataclass(frozen=True)
class BrowserSettings:
    executable: str | None = None
    url: str | None = None
    pages: int = 2
    settle: float = 10.0
    egress_host: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> BrowserSettings:
        return cls(
            executable=settings.browser_executable,
            url=settings.browser_url,
            pages=settings.browser_pages,
            settle=settings.browser_settle,
            egress_host=settings.browser_egress_host,
        )

    def egress_address(self) -> tuple[str, str]:
        """(address to listen on, address the browser is told): loopback for a browser
        launched here; for a remote one, this host's address unless one is given."""
        if self.egress_host:
            return self.egress_host, self.egress_host
        if not self.url:
            return "127.0.0.1", "127.0.0.1"
        try:
            own = socket.gethostbyname(socket.gethostname())
        except OSError:
            own = "127.0.0.1"
        return own, own


class _Unavailable(Exception):
    """No browser can be had (said in the message)."""


@dataclass(eq=False)
class _PageState:
    """What the routing and the events saw of one page; the first failure ends the check."""

    url: str
    policy: FetchPolicy
    request: RequestOptions
    stopped: asyncio.Event = field(default_factory=asyncio.Event)
    failure: tuple[str, str] | None = None
    navigations: int = 0
    egress: Egress | None = None

    @property
    def bytes(self) -> int:
        return self.egress.bytes if self.egress is not None else 0

    def fail(self, code: str, message: str) -> None:
        if self.failure is None:
            self.failure = (code, " ".join(message.split()))
        self.stopped.set()


# The browser's thread, and so the driver and Chromium it starts (they inherit it), run at a
# lower CPU priority than the plain checks: on a busy machine rendering waits, checks do not.
NICENESS = 10


def _run_niced(loop: asyncio.AbstractEventLoop) -> None:
    with contextlib.suppress(OSError, AttributeError):
        thread = threading.get_native_id()
        os.setpriority(
            os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + NICENESS)
        )
    loop.run_forever()


def find_executable(configured: str | None) -> str | None:
    """The Chromium to launch: the configured one, else the first on the PATH."""
    if configured:
        return shutil.which(configured) or (configured if os.path.isfile(configured) else None)
    return next((found for name in EXECUTABLES if (found := shutil.which(name))), None)


def _given_up(url: str, started: float, error: str, message: str) -> FetchResult:
    """A check the browser's side gave up on before the page had a state of its own."""
    return FetchResult(
        url=url,
        final_url=url,
        outcome=FetchOutcome.FAILED,
        duration=time.monotonic() - started,
        error=error,
        message=message,
    )


def _result(
    state: _PageState, started: float, *, error: str | None = None, message: str | None = None
) -> FetchResult:
    return FetchResult(
        url=state.url,
        final_url=state.url,
        outcome=FetchOutcome.FAILED,
        bytes=state.bytes,
        duration=time.monotonic() - started,
        error=error,
        message=message,
    )


class Browser:
    """One browser for many checks, at most `pages` rendering at once, each in a fresh
    context. `render` may be awaited from any event loop; the browser lives on its own."""

    def __init__(self, settings: BrowserSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # Owned by the browser's loop:
        self._playwright: Playwright | None = None
        self._browser: PlaywrightBrowser | None = None
        self._slots: asyncio.Semaphore | None = None
        self._launching: asyncio.Lock | None = None
        self._pages: set[_PageState] = set()
        # The launched browser's process, to kill it when it hangs (None for a remote one).
        self.pid: int | None = None
        self.launches = 0

    # ------------------------------------------------------------------ the caller's side

    async def render(
        self, url: str, policy: FetchPolicy, request: RequestOptions = PLAIN
    ) -> FetchResult:
        """The page at `url` as the browser builds it; never raises but on cancellation."""
        started = time.monotonic()
        loop = self._start()
        future = asyncio.run_coroutine_threadsafe(self._render(url, policy, request), loop)
        waiting = asyncio.wrap_future(future)
        # The slot wait happens in the browser's loop; the deadline counts from the page's
        # start there, so a page is given up only well after its own deadline.
        try:
            return await asyncio.wait_for(waiting, policy.total_timeout * 2 + HANG_GRACE)
        except Exception as exc:
            if not isinstance(exc, TimeoutError):  # a bug: a recorded failure, as in fetch
                log.exception("unexpected error rendering %s", url)
                return _given_up(
                    url, started, "internal_error", f"{type(exc).__name__}: {_first_line(exc)}"
                )
            self.kill()
            return _given_up(
                url,
                started,
                "browser_hung",
                f"the browser did not answer within {policy.total_timeout:g} s of the "
                "page's deadline; it was stopped and the next check starts a new one",
            )

    def kill(self) -> None:
        """Stop a hung or crashed browser process; the next page launches a new one."""
        pid, self.pid = self.pid, None
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._forget)

    async def aclose(self) -> None:
        """Close the browser and stop its thread (waits at most a few seconds)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        closing = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        try:
            await asyncio.wait_for(asyncio.wrap_future(closing), CLOSE_TIMEOUT * 2)
        except (TimeoutError, Exception):  # a stuck browser: its process goes with a kill
            self.kill()
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, CLOSE_TIMEOUT)
        if not thread.is_alive():
            loop.close()

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=_run_niced, args=(loop,), name="tracker-browser", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    # ------------------------------------------------------------------ the browser's loop

    def _forget(self) -> None:
        browser, self._browser = self._browser, None
        for state in list(self._pages):
            state.fail("browser_crashed", "the browser stopped during the check")
        if browser is not None:
            task = asyncio.ensure_future(self._close_quietly(browser.close()))
            task.add_done_callback(lambda _: None)

    async def _close_quietly(self, closing: Awaitable[Any]) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(closing, CLOSE_TIMEOUT)

    def _disconnected(self, browser: PlaywrightBrowser) -> None:
        if self._browser is browser:
            log.warning("the browser stopped (pid %s); the next page starts a new one", self.pid)
            self._browser, self.pid = None, None
            for state in list(self._pages):
                state.fail("browser_crashed", "the browser stopped during the check")

    async def _shutdown(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            await self._close_quietly(browser.close())
        playwright, self._playwright = self._playwright, None
        if playwright is not None:
            await self._close_quietly(playwright.stop())

    async def _ensure_browser(self) -> PlaywrightBrowser:
        if self._launching is None:
            self._launching = asyncio.Lock()
        async with self._launching:
            browser = self._browser
            if browser is not None and browser.is_connected():
                return browser
            try:
                from playwright.async_api import async_playwright
            except ImportError:
                raise _Unavailable(
                    "rendering in a browser needs Playwright: "
                    "pip install 'article-change-tracker[browser]'"
                ) from None
            if self._playwright is None:
                self._playwright = await async_playwright().start()
            browser = await self._connect(self._playwright)
            browser.on("disconnected", self._disconnected)
            self._browser = browser
            self.launches += 1
            return browser

    async def _connect(self, playwright: Playwright) -> PlaywrightBrowser:
        from playwright.async_api import Error as PlaywrightError

        remote = self.settings.url
        if remote:
            try:
                return await playwright.chromium.connect_over_cdp(remote, timeout=_LAUNCH_MS)
            except PlaywrightError as exc:
                where = urlsplit(remote)
                raise _Unavailable(
                    f"cannot reach the browser at {where.scheme}://{where.hostname}"
                    f"{':' + str(where.port) if where.port else ''}: {_first_line(exc)}"
                ) from None
        executable = find_executable(self.settings.executable)
        if executable is None:
            wanted = self.settings.executable or " or ".join(EXECUTABLES[:2])
            raise _Unavailable(
                f"no browser to render with: {wanted} not found (install chromium, or set "
                "TRACKER_BROWSER_EXECUTABLE or TRACKER_BROWSER_URL)"
            )
        try:
            browser = await playwright.chromium.launch(
                executable_path=executable, args=list(ARGS), headless=True, timeout=_LAUNCH_MS
            )
        except PlaywrightError as exc:
            raise _Unavailable(f"cannot start {executable}: {_first_line(exc)}") from None
        self.pid = await _browser_pid(browser)
        log.info("browser started: %s %s (pid %s)", executable, browser.version, self.pid)
        return browser

    async def _render(self, url: str, policy: FetchPolicy, request: RequestOptions) -> FetchResult:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.settings.pages)
        async with self._slots:
            state = _PageState(url, policy, request)
            started = time.monotonic()
            try:
                browser = await self._ensure_browser()
            except _Unavailable as exc:
                return _result(state, started, error="browser_unavailable", message=str(exc))
            self._pages.add(state)
            try:
                return await self._in_context(browser, state, started)
            finally:
                self._pages.discard(state)

    async def _in_context(
        self, browser: PlaywrightBrowser, state: _PageState, started: float
    ) -> FetchResult:
        from playwright.async_api import Error as PlaywrightError

        bind, advertise = self.settings.egress_address()
        egress = Egress(
            state.policy,
            upstream=state.request.proxy,
            bind=bind,
            advertise=advertise,
            on_exceeded=lambda size: state.fail(
                "too_large", f"the page loaded more than {state.policy.max_bytes} bytes"
            ),
        )
        state.egress = egress
        context: BrowserContext | None = None
        work: asyncio.Future[FetchResult] | None = None
        try:
            async with asyncio.timeout(state.policy.total_timeout):
                await egress.start()
                context = await browser.new_context(**_context_options(state, egress))
                work = asyncio.ensure_future(self._load(context, state, started))
                stop = asyncio.ensure_future(state.stopped.wait())
                try:
                    await asyncio.wait({work, stop}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    stop.cancel()
                if state.failure is not None:
                    return _result(state, started, error=state.failure[0], message=state.failure[1])
                return work.result()
        except TimeoutError:
            if context is None:  # not even a page could be opened: the browser is stuck
                self.kill()
                return _result(
                    state,
                    started,
                    error="browser_hung",
                    message=f"the browser did not open a page within "
                    f"{state.policy.total_timeout:g} s; it was stopped and the next check "
                    "starts a new one",
                )
            return _result(
                state,
                started,
                error="timeout",
                message=f"the page did not render within the total deadline of "
                f"{state.policy.total_timeout:g} s",
            )
        except PlaywrightError as exc:
            return self._failed(browser, state, started, exc)
        finally:
            if work is not None and not work.done():
                work.cancel()
                with contextlib.suppress(BaseException):
                    await work
            if context is not None:
                try:
                    await asyncio.wait_for(context.close(), CLOSE_TIMEOUT)
                except TimeoutError:
                    log.warning("the browser does not close a page: stopping it")
                    self.kill()
                except PlaywrightError:
                    pass
            await egress.close()

    def _failed(
        self, browser: PlaywrightBrowser, state: _PageState, started: float, exc: Exception
    ) -> FetchResult:
        """What a Playwright error during a page means for its check."""
        if state.failure is not None:  # the browser died, or the page broke a rule
            return _result(state, started, error=state.failure[0], message=state.failure[1])
        if not browser.is_connected() or any(word in str(exc) for word in _GONE):
            return _result(
                state,
                started,
                error="browser_crashed",
                message=f"the browser stopped during the check: {_first_line(exc)}",
            )
        text = _first_line(exc)
        refused = state.egress.refusals if state.egress is not None else []
        if refused:  # the page (or a redirect of it) went where it may not
            return _result(state, started, error=refused[0].code, message=refused[0].message)
        proxied = state.egress.proxy_failures if state.egress is not None else []
        if proxied:  # the source's proxy turned the page down: the browser saw only a 502
            return _result(state, started, error=proxied[0].code, message=proxied[0].message)
        if "ERR_TOO_MANY_REDIRECTS" in text:
            return _result(state, started, error="too_many_redirects", message="too many redirects")
        if "ERR_NAME_NOT_RESOLVED" in text:
            return _result(state, started, error="dns_error", message=text)
        if "ERR_CONNECTION" in text or "ERR_TUNNEL" in text or "ERR_EMPTY_RESPONSE" in text:
            return _result(state, started, error="connect_error", message=text)
        return _result(state, started, error="browser_error", message=text)

    async def _load(
        self, context: BrowserContext, state: _PageState, started: float
    ) -> FetchResult:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        host = urlsplit(state.url).hostname or ""
        cookies = _cookies(state.request, state.url)
        if cookies:
            await context.add_cookies(cookies)  # type: ignore[arg-type]
        await context.route("**/*", lambda route, request: _route(route, request, state, host))
        page = await context.new_page()

        def left() -> float:
            return max(0.0, state.policy.total_timeout - (time.monotonic() - started))

        response = await page.goto(state.url, wait_until="commit", timeout=left() * 1000)
        if response is None:
            return _result(state, started, error="browser_error", message="no answer to the page")
        status = response.status
        content_type = response.headers.get("content-type")
        egress = state.egress
        assert egress is not None
        hostname = urlsplit(response.url).hostname
        refused = [r for r in [*egress.refusals, *egress.proxy_failures] if r.host == hostname]
        if refused:  # a redirect to where it may not go, or the source's proxy said no
            return _result(state, started, error=refused[0].code, message=refused[0].message)
        if not 200 <= status < 300:
            failed = _result(
                state,
                started,
                error=f"http_{status}",
                message=f"HTTP {status} {response.status_text}".rstrip(),
            )
            return replace(failed, status=status, final_url=response.url)
        media = (content_type or "text/html").split(";", 1)[0].strip().lower()
        if media not in ("text/html", "application/xhtml+xml"):
            return _result(
                state, started, error="not_html", message=f"content type {media} is not HTML"
            )
        settle = min(self.settings.settle, left())
        settle_until = time.monotonic() + settle
        for load_state in ("load", "networkidle"):
            try:
                await page.wait_for_load_state(
                    load_state, timeout=max(1.0, settle_until - time.monotonic()) * 1000
                )
            except PlaywrightTimeout:
                break  # read as it stands: a page that never settles is not a failure
        if state.request.wait_for:
            try:
                await page.wait_for_selector(
                    state.request.wait_for, state="attached", timeout=max(1.0, left()) * 1000
                )
            except PlaywrightTimeout:
                return _result(
                    state,
                    started,
                    error="wait_for_timeout",
                    message=f"{state.request.wait_for} did not appear within "
                    f"{state.policy.total_timeout:g} s",
                )
        html = await _content(page, left)
        size = len(html.encode("utf-8", "surrogatepass"))
        if size > state.policy.max_bytes:
            return _result(
                state,
                started,
                error="too_large",
                message=f"the rendered page exceeds the {state.policy.max_bytes} bytes limit",
            )
        if not html.strip():
            return _result(state, started, error="empty_body", message="the page body is empty")
        return FetchResult(
            url=state.url,
            final_url=page.url,
            outcome=FetchOutcome.OK,
            status=status,
            text=html,
            content_type=content_type,
            encoding="utf-8",
            bytes=size,
            duration=time.monotonic() - started,
            utf8=html.encode("utf-8", "surrogatepass"),
        )


def _context_options(state: _PageState, egress: Egress) -> dict[str, Any]:
    return {
        "service_workers": "block",
        "accept_downloads": False,
        "java_script_enabled": True,
        "viewport": {"width": 1280, "height": 900},
        "user_agent": state.request.user_agent or state.policy.user_agent,
        "proxy": {
            "server": egress.server,
            # Chromium sends loopback addresses around a proxy unless told not to.
            "bypass": "<-loopback>",
            "username": egress.username,
            "password": egress.password,
        },
    }


def _cookies(request: RequestOptions, url: str) -> list[dict[str, Any]]:
    """The source's Cookie header as cookies of the page's own host (a browser sends a Cookie
    header only from its cookie store)."""
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}/"  # the whole site, not the page's folder
    cookies = []
    for name, value in request.headers:
        if name.lower() != "cookie":
            continue
        for pair in value.split(";"):
            key, eq, val = pair.strip().partition("=")
            if eq and key:
                cookies.append({"name": key, "value": val, "url": root})
    return cookies


async def _route(route: Route, request: Request, state: _PageState, host: str) -> None:
    """Every request the page makes (not the hops of a redirect: the egress sees those):
    images, media and fonts are not loaded, a move of the page itself is checked at once and
    counted, and requests to the page's own site carry the source's headers."""
    try:
        if request.resource_type in BLOCKED_TYPES:
            await route.abort("blockedbyclient")
            return
        url = request.url
        target = httpx.URL(url)
        if request.is_navigation_request() and request.frame.parent_frame is None:
            refused = await refusal(target, state.policy)
            if refused is not None:
                state.fail(refused[0], refused[1])
                await route.abort("blockedbyclient")
                return
            state.navigations += 1
            if state.navigations > state.policy.max_redirects + 1:
                state.fail(
                    "too_many_redirects",
                    f"the page moved on more than {state.policy.max_redirects} times "
                    f"(by redirects or its scripts), last to {url}",
                )
                await route.abort("blockedbyclient")
                return
        extra = dict(h for h in state.request.headers if h[0].lower() != "cookie")
        if extra and same_site(host, target.host):
            await route.continue_(headers={**request.headers, **extra})
        else:
            await route.continue_()
    except Exception as exc:  # the page went away meanwhile, or the URL is no http(s) one
        log.debug("routing %s: %s", request.url, _first_line(exc))
        with contextlib.suppress(Exception):
            await route.abort("blockedbyclient")


async def _content(page: Page, left: Callable[[], float]) -> str:
    """The DOM as HTML; a page navigating at that moment (a script moving it on) is read
    once the next document is there."""
    from playwright.async_api import Error as PlaywrightError

    for _ in range(5):
        try:
            return await page.content()
        except PlaywrightError as exc:
            if "navigating" not in str(exc):
                raise
            with contextlib.suppress(PlaywrightError):
                await page.wait_for_load_state("domcontentloaded", timeout=max(1.0, left()) * 1000)
    return await page.content()


async def _browser_pid(browser: PlaywrightBrowser) -> int | None:
    try:
        session = await browser.new_browser_cdp_session()
        info = await session.send("SystemInfo.getProcessInfo")
        await session.detach()
    except Exception:
        return None
    for process in info.get("processInfo", []):
        if process.get("type") == "browser":
            return int(process["id"])
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
