"""Handing a message to the mail server: plain, STARTTLS or implicit TLS, with login."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY

from tracker.config import Settings
from tracker.errors import DeliveryError


def _tls_context(settings: Settings) -> ssl.SSLContext:
    cafile = str(settings.smtp_ca_file) if settings.smtp_ca_file else None
    return ssl.create_default_context(cafile=cafile)


def _reply(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(message.split())}"


def send(settings: Settings, message: EmailMessage) -> str:
    """Send one message; returns the server's answer to it, e.g. '250 OK queued as 4F2A'.

    Raises DeliveryError with one line saying what went wrong (the caller keeps the alert).
    """
    if not settings.smtp_host:
        raise DeliveryError("no mail server configured: set TRACKER_SMTP_HOST")
    sender = str(message["From"])
    recipient = str(message["To"])
    host, port, timeout = settings.smtp_host, settings.smtp_port, settings.smtp_timeout
    try:
        smtp: smtplib.SMTP
        if settings.smtp_ssl:
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=_tls_context(settings))
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if settings.smtp_starttls and not settings.smtp_ssl:
                smtp.starttls(context=_tls_context(settings))
                smtp.ehlo()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_secret or "")
            # mail/rcpt/data one by one: sendmail() would hide the server's answer to DATA
            code, text = smtp.mail(sender)
            if code != 250:
                raise DeliveryError(f"server refused sender {sender}: {_reply(code, text)}")
            code, text = smtp.rcpt(recipient)
            if code not in (250, 251):
                raise DeliveryError(f"server refused recipient {recipient}: {_reply(code, text)}")
            # bytes go out as they are: they must already have SMTP's CRLF line ends
            code, text = smtp.data(message.as_bytes(policy=SMTP_POLICY))
            if code != 250:
                raise DeliveryError(f"server refused the message: {_reply(code, text)}")
            return _reply(code, text)
    except DeliveryError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            f"login refused by {host}:{port}: {_reply(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(
            f"{host}:{port} answered {_reply(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"mail server {host}:{port}: {exc}") from None
    except ssl.SSLError as exc:
        raise DeliveryError(f"TLS with {host}:{port} failed: {exc.reason or exc}") from None
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise DeliveryError(f"cannot reach mail server {host}:{port}: {reason}") from None
