"""Chat and push messages through Apprise: one URL reaches Slack, Telegram, Discord, Matrix,
Teams, ntfy, Gotify, Pushover and a hundred more.

The body is Markdown: Apprise hands it as it is to the services that render it and converts it
to plain text (or HTML) for the others. Whatever Apprise logs or answers is masked before it is
kept, since its URLs carry tokens.
"""

from __future__ import annotations

import logging

import apprise

from tracker.alerts.channels import Answer, scrub, secret_parts
from tracker.errors import UsageError
from tracker.terminal import one_line

# Apprise's own log lines can name the whole URL they failed on (a token in it). What matters
# of them reaches the outbox through log_callback, masked; the lines themselves go nowhere.
_LOG = logging.getLogger(apprise.LOGGER_NAME)
_LOG.propagate = False
_LOG.addHandler(logging.NullHandler())


def check_apprise_url(url: str) -> str:
    """An Apprise URL that names a service Apprise knows, with what that service needs."""
    if len(url) > 4096 or any(ord(c) < 32 or c == "\x7f" for c in url):
        raise UsageError("invalid Apprise URL: too long or with control characters")
    if apprise.Apprise.instantiate(url) is None:
        scheme = url.partition("://")[0][:20] if "://" in url else ""
        named = f"{scheme}:// " if scheme else ""
        raise UsageError(
            f"not an Apprise URL tracker can use: {named}unknown or incomplete "
            "(see https://github.com/caronc/apprise/wiki)"
        )
    return url


def send(url: str, title: str, body: str, *, timeout: float) -> Answer:
    """Send one message; never raises for what the service does."""
    hidden = secret_parts(url)
    service = apprise.Apprise()
    if not service.add(url):
        return Answer(False, "not an Apprise URL tracker can use", permanent=True)
    said: list[str] = []
    try:
        result = service.notify(
            body=body,
            title=title,
            body_format=apprise.NotifyFormat.MARKDOWN,
            timeout=timeout,
            log_callback=lambda entry, _plugin: said.append(f"{entry.level}:{entry.message}"),
        )
    except Exception as exc:  # a plugin's bug must not stop the outbox
        return Answer(False, one_line(scrub(f"Apprise failed: {exc}", hidden))[:500])
    delivered = bool(result)
    problems = [line for line in said if not line.startswith(("DEBUG:", "INFO:"))]
    words = [line.partition(":")[2] for line in (problems if not delivered else said)]
    scheme = url.partition("://")[0].lower()
    if delivered:
        text = f"{scheme} accepted the message" + (f": {words[-1]}" if words else "")
    elif int(result.status) == int(apprise.AppriseResultStatus.TIMEOUT):
        text = f"{scheme}: no answer within {timeout:g} s"
    else:
        text = f"{scheme} refused or could not be reached: " + (words[-1] if words else "no reason")
    return Answer(delivered, one_line(scrub(text, hidden))[:500])
