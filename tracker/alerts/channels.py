"""The channels an alert can go through, as plain values: what identifies a subscription, how
its target is shown to people, how its webhooks and unsubscribe links are signed.

A webhook or Apprise URL is a credential (a Slack hook, a bot token in a Telegram URL), so it
is shown masked everywhere: scheme and, for a webhook, host; never the user, path or query.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from tracker.errors import UsageError
from tracker.limits import MAX_URL_LENGTH
from tracker.vocabulary import Channel

SIGNATURE_HEADER = "X-Tracker-Signature"
TIMESTAMP_HEADER = "X-Tracker-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# How far a receiver should trust a timestamp, in seconds (the README's receiver uses it).
REPLAY_WINDOW = 300
MASK = "***"


@dataclass(frozen=True)
class Answer:
    """What one delivery attempt got: delivered or not, the receiver's answer in one line
    (secrets masked), and whether a retry could change it (a 410 will not)."""

    delivered: bool
    text: str
    permanent: bool = False


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def parse_channel(value: str) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        raise UsageError(
            f"unknown channel {value!r}: use one of {', '.join(c.value for c in Channel)}"
        ) from None


def fingerprint(target: str) -> str:
    """Six hex digits that tell two targets apart without saying anything about either."""
    return hashlib.sha256(target.encode()).hexdigest()[:6]


def subscription_key(channel: str, target: str) -> str:
    """A subscription's identity within its source (subscriptions.email): the address for
    email, a digest of the URL for the others, so that subscribing the same URL twice
    updates one subscription and the URL itself is stored in one column only."""
    if channel == Channel.EMAIL:
        return target
    return f"{channel}:{hashlib.sha256(target.encode()).hexdigest()[:32]}"


def mask_target(channel: str, target: str | None) -> str:
    """A target as people may see it: an email address as it is; a URL as its scheme (and a
    webhook's host), with a fingerprint to tell targets apart."""
    if channel == Channel.EMAIL or target is None:
        return target or ""
    parts = urlsplit(target)
    scheme = parts.scheme.lower() if re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*", parts.scheme) else ""
    where = ""
    if channel == Channel.WEBHOOK and parts.hostname:
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:
            port = ""
        where = parts.hostname + port
    return f"{scheme or '?'}://{where}/{MASK} #{fingerprint(target)}"


def secret_parts(target: str | None, secret: str | None = None) -> list[str]:
    """The pieces of a target that must never be shown: the whole URL, its user, password,
    path, query and (for Apprise, where the host is often a token) the host."""
    parts: list[str] = []
    if target:
        parts.append(target)
        split = urlsplit(target)
        pieces = [split.netloc, split.username, split.password, split.path, split.query]
        if split.path:
            pieces.extend(split.path.split("/"))
        if split.query:
            pieces.extend(p.partition("=")[2] for p in split.query.split("&"))
        for piece in pieces:
            if piece and len(piece) >= 4:
                parts.extend({piece, unquote(piece)})
    if secret:
        parts.append(secret)
    # Longest first: a URL is replaced whole before its pieces are.
    return sorted(set(parts), key=len, reverse=True)


def scrub(text: str, hidden: Iterable[str]) -> str:
    """`text` (a receiver's answer, a library's error) with every secret piece masked."""
    for piece in hidden:
        if piece and piece != "/":
            text = text.replace(piece, MASK)
    return text


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of "<timestamp>." and the body, so that a
    captured request cannot be replayed later with a new timestamp."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float, window: float
) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    try:
        when = int(timestamp)
    except ValueError:
        return False
    if abs(now - when) > window:
        return False
    return hmac.compare_digest(sign(secret, when, body), signature)


def unsubscribe_token(subscription_id: int, secret: str) -> str:
    mac = hmac.new(secret.encode(), f"unsubscribe:{subscription_id}".encode(), hashlib.sha256)
    return f"{subscription_id}.{mac.hexdigest()[:32]}"


def token_subscription(token: str) -> int | None:
    """The subscription id a token claims (check it with `token_matches`), or None."""
    head, _, _ = token.partition(".")
    return int(head) if head.isdigit() and len(head) < 11 else None


def token_matches(token: str, subscription_id: int, secret: str | None) -> bool:
    return secret is not None and hmac.compare_digest(
        token.encode(), unsubscribe_token(subscription_id, secret).encode()
    )


def check_webhook_url(url: str, *, allow_http: bool) -> str:
    """A webhook target as given on the command line or a form: https (http only where the
    settings allow it), a host, nothing that could not be a URL. Where it points is judged
    when it is posted to, like a fetch (names can change their addresses)."""
    if len(url) > MAX_URL_LENGTH or any(ord(c) < 33 or c == "\x7f" for c in url):
        raise UsageError("invalid webhook URL: too long or with spaces or control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise UsageError(f"invalid webhook URL {mask_target(Channel.WEBHOOK, url)}: use https://")
    if scheme == "http" and not allow_http:
        raise UsageError(
            "webhooks go over https (set TRACKER_WEBHOOK_ALLOW_HTTP to allow plain http)"
        )
    return url
