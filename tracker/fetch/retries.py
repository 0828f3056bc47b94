"""`fetch`: attempts with retries, back-off and one deadline; every failure comes back as data."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import time
from dataclasses import replace

import httpx
from socksio.exceptions import SOCKSError

from tracker.fetch.guard import _Refused
from tracker.fetch.policy import FetchPolicy, FetchResult
from tracker.fetch.read import _Attempt, _attempt, _failed, _Progress
from tracker.request_options import PLAIN, RequestOptions
from tracker.urls import BadURL, parse_url

log = logging.getLogger("tracker.fetch")


# What a proxy says when it turns down tracker's credentials or its way of logging in (httpcore's
# words for SOCKS, the status line of a refused CONNECT): asking again gets the same answer,
# and repeated failed logins may lock the account.
_PROXY_REFUSALS = ("username/password", "NO ACCEPTABLE METHODS", "407")


def _classify(exc: Exception, url: str) -> tuple[str, str, bool]:
    """Map an httpx exception of one attempt to (code, message, retryable)."""
    if isinstance(exc, httpx.ProxyError | SOCKSError):
        # A SOCKSError is socksio's, from a proxy that broke off the handshake (httpcore
        # passes it on as it is).
        detail = str(exc) or type(exc).__name__
        if isinstance(exc, SOCKSError):
            detail = f"the SOCKS proxy broke off the handshake ({detail})"
        refused = any(word in detail for word in _PROXY_REFUSALS)
        return (
            "proxy_error",
            f"the proxy failed the request to {httpx.URL(url).host}: {detail}",
            not refused,
        )
    if isinstance(exc, httpx.TimeoutException):
        what = {
            httpx.ConnectTimeout: "connecting to",
            httpx.ReadTimeout: "waiting for data from",
            httpx.WriteTimeout: "sending the request to",
            httpx.PoolTimeout: "waiting for a free connection to",
        }.get(type(exc), "talking to")
        return "timeout", f"timed out {what} {httpx.URL(url).host}", True
    if isinstance(exc, httpx.DecodingError):
        return "decode_error", f"cannot decode the body: {exc}", False
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid_url", f"invalid URL {url}: {exc}", False
    if isinstance(exc, httpx.ConnectError) and _gaierror(exc):
        return "dns_error", f"cannot resolve host {httpx.URL(url).host}: {exc}", False
    if isinstance(exc, httpx.TransportError):
        # Refused, reset, dropped mid-answer, TLS failure: all "the connection failed".
        detail = str(exc) or type(exc).__name__
        return "connect_error", f"connection to {httpx.URL(url).host} failed: {detail}", True
    raise exc


def _gaierror(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _backoff(policy: FetchPolicy, attempt: int, retry_after: float | None) -> float:
    """Seconds before attempt number `attempt + 1`."""
    if retry_after is not None:
        return min(retry_after, policy.retry_after_cap)
    # Full jitter: a uniform draw below the exponential ceiling, so many sources failing at
    # once do not come back in lockstep.
    ceiling = min(policy.backoff_max, policy.backoff_base * 2 ** (attempt - 1))
    return random.uniform(0.0, max(0.0, ceiling))


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    request: RequestOptions = PLAIN,
) -> FetchResult:
    """Fetch `url` under `policy`; never raises except on cancellation.

    `etag` / `last_modified` are the validators of the last good answer: they are sent as
    If-None-Match / If-Modified-Since, and a 304 comes back as NOT_MODIFIED. `request`: the
    source's headers and user agent (its proxy is the client's, see pool.Clients).
    """
    progress = _Progress(final_url=url)
    result: FetchResult
    deadline = asyncio.timeout(policy.total_timeout)
    try:
        async with deadline:
            result = await _fetch(client, url, policy, etag, last_modified, progress, request)
    except TimeoutError as exc:
        message = (
            f"no complete answer within the total deadline of {policy.total_timeout:g} s"
            if deadline.expired()
            else f"timed out: {exc or type(exc).__name__}"
        )
        result = _failed(progress, url, "timeout", message)
    except Exception as exc:  # fetch never raises: a bug becomes a recorded failure
        log.exception("unexpected error fetching %s", url)
        result = _failed(progress, url, "internal_error", f"{type(exc).__name__}: {exc}")
    return _finish(result, progress)


def _finish(result: FetchResult, progress: _Progress) -> FetchResult:
    return replace(
        result, duration=time.monotonic() - progress.started, attempts=max(1, progress.attempts)
    )


async def _fetch(
    client: httpx.AsyncClient,
    url: str,
    policy: FetchPolicy,
    etag: str | None,
    last_modified: str | None,
    progress: _Progress,
    request: RequestOptions,
) -> FetchResult:
    try:
        parsed = parse_url(url)
    except BadURL as exc:
        return _failed(progress, url, exc.code, exc.message)
    progress.final_url = str(parsed)

    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    # A small loop rather than tenacity: every attempt ends in a value (outcomes are data,
    # not exceptions), and the wait depends on the previous answer's Retry-After and on the
    # deadline shared by all attempts. With tenacity that is retry_if_result + a custom wait +
    # a custom stop + retry_error_callback to hand back the last result: four callbacks
    # spread around what reads here top to bottom.
    deadline = time.monotonic() + policy.total_timeout
    while True:
        progress.attempts += 1
        try:
            outcome = await _attempt(
                client, parsed, policy, headers, bool(headers), progress, url, request
            )
        except _Refused as exc:
            outcome = _Attempt(
                _failed(progress, url, exc.code, exc.message), retryable=exc.retryable
            )
        except (httpx.HTTPError, httpx.InvalidURL, SOCKSError) as exc:
            # InvalidURL is no HTTPError: httpx raises it for a Location it cannot even parse
            # ('HTTP:127.0.0.1/i'), before tracker's own redirect checks see the answer.
            code, message, retryable = _classify(exc, progress.final_url)
            if isinstance(exc, httpx.InvalidURL):
                code, message = "invalid_url", f"redirect to an invalid URL: {exc}"
            outcome = _Attempt(_failed(progress, url, code, message), retryable=retryable)
        if not outcome.retryable or progress.attempts > policy.retries:
            return outcome.result
        delay = _backoff(policy, progress.attempts, outcome.retry_after)
        if delay >= deadline - time.monotonic():
            # Sleeping past the deadline would only turn a precise failure ("HTTP 503")
            # into a vague timeout.
            return outcome.result
        log.debug("retrying %s in %.2f s after %s", url, delay, outcome.result.error)
        await asyncio.sleep(delay)
