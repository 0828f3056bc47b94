"""Webhooks: one signed JSON document per alert or digest, POSTed to the subscriber's URL.

The request is made under the fetch rules (no private or loopback address unless the settings
allow it, checked before connecting and again on the connected peer, no redirects followed),
and its outcome is data: a 2xx is delivered, a 4xx other than 408 and 429 is final, anything
else (a 5xx, a timeout, a refused connection) is worth a retry.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import replace
from typing import Any

import httpx

from tracker.alerts.channels import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Answer,
    scrub,
    secret_parts,
    sign,
)
from tracker.config import Settings
from tracker.fetch import FetchPolicy, make_client
from tracker.fetch.guard import peer_refusal, refusal
from tracker.terminal import one_line

# Enough of an answer to say why it was refused; the rest is not read.
ANSWER_BYTES = 2000
RETRYABLE_4XX = frozenset({408, 429})


def policy_of(settings: Settings) -> FetchPolicy:
    timeout = settings.alert_http_timeout
    return replace(
        FetchPolicy.from_settings(settings),
        connect_timeout=timeout,
        read_timeout=timeout,
        total_timeout=timeout,
        retries=0,
    )


def encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def headers_for(secret: str, body: bytes, idempotency_key: str, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "*/*",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        IDEMPOTENCY_HEADER: idempotency_key,
    }


def judge(status: int, text: str) -> Answer:
    """A receiver's HTTP answer as a delivery outcome."""
    line = f"HTTP {status}" + (f": {text}" if text else "")
    if 200 <= status < 300:
        return Answer(True, line)
    final = 400 <= status < 500 and status not in RETRYABLE_4XX
    return Answer(False, line, permanent=final)


async def _post(url: str, body: bytes, headers: dict[str, str], policy: FetchPolicy) -> Answer:
    try:
        target = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return Answer(False, "invalid webhook URL", permanent=True)
    refused = await refusal(target, policy)
    if refused is not None:
        _code, message, retryable = refused
        return Answer(False, message.replace("fetch", "post to"), permanent=not retryable)
    async with (
        make_client(policy) as client,
        client.stream("POST", target, content=body, headers=headers) as response,
    ):
        peer = peer_refusal(response, policy)
        if peer is not None:
            return Answer(False, peer.replace("fetch", "post to"), permanent=True)
        chunk = b""
        async for part in response.aiter_raw():
            chunk += part
            if len(chunk) >= ANSWER_BYTES:
                break
        text = " ".join(chunk[:ANSWER_BYTES].decode("utf-8", "replace").split())
        return judge(response.status_code, text)


def post(
    url: str,
    secret: str,
    document: dict[str, Any],
    *,
    idempotency_key: str,
    settings: Settings,
    timestamp: int | None = None,
) -> Answer:
    """POST `document` to `url`, signed with `secret`; never raises for what the network or
    the receiver does. The answer's text never holds the URL or the secret."""
    body = encode(document)
    headers = headers_for(secret, body, idempotency_key, timestamp or int(time.time()))
    policy = policy_of(settings)
    try:
        answer = asyncio.run(
            asyncio.wait_for(_post(url, body, headers, policy), policy.total_timeout)
        )
    except TimeoutError:
        answer = Answer(False, f"no answer within {policy.total_timeout:g} s")
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        answer = Answer(False, f"cannot reach the webhook: {reason}")
    except OSError as exc:
        answer = Answer(False, f"cannot reach the webhook: {exc.strerror or exc}")
    hidden = secret_parts(url, secret)
    return Answer(answer.delivered, one_line(scrub(answer.text, hidden))[:500], answer.permanent)
