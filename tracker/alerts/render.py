"""Alert emails: a subject that summarises, a text part and an HTML part that show each change.

Templates are Jinja2 files (`alert.txt.j2`, `alert.html.j2`) that an operator can override by
putting files of the same name in `alert_templates_dir`. Page text is always escaped in HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

from tracker.report import ops_of
from tracker.timezones import clock, zone_name
from tracker.vocabulary import PARAGRAPH_VERBS, ChangeKind


@dataclass
class Section:
    """The changes of one source in one email."""

    source: str
    url: str
    link: str | None
    changes: list[dict[str, Any]] = field(default_factory=list)


def environment(templates_dir: Path | None) -> Environment:
    loaders: list[Any] = []
    if templates_dir is not None:
        loaders.append(FileSystemLoader(str(templates_dir)))
    loaders.append(PackageLoader("tracker", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Templates name the kinds as `kind.PARAGRAPH_EDITED`, never as strings of their own.
    env.globals["kind"] = ChangeKind
    env.filters["md"] = markdown_text
    return env


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~-])")


def markdown_text(value: object) -> str:
    """Page text inside Markdown: its characters mean nothing there (a headline cannot make
    a link or a heading in a chat message)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(value).split()))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summarize(changes: Sequence[dict[str, Any]]) -> str:
    """'2 paragraphs edited, 1 added, views 254 -> 310': the gist for a subject line."""
    counts = Counter(c["kind"] for c in changes)
    parts: list[str] = []
    if counts[ChangeKind.TITLE_CHANGED]:
        parts.append("title changed")
    if counts[ChangeKind.HEADLINE_ROTATION]:
        parts.append("headlines rotating")
    if counts[ChangeKind.PUBLISHED_DATE_CHANGED]:
        parts.append("published date changed")
    for kind, verb in PARAGRAPH_VERBS.items():
        if counts[kind]:
            noun = "paragraph" if counts[kind] == 1 else "paragraphs"
            parts.append(f"{counts[kind]} {noun} {verb}")
    if counts[ChangeKind.DUPLICATE_PARAGRAPH]:
        parts.append(
            _plural(
                counts[ChangeKind.DUPLICATE_PARAGRAPH],
                "duplicated paragraph",
                "duplicated paragraphs",
            )
        )
    views = [c for c in changes if c["kind"] == ChangeKind.VIEWS_CHANGED]
    if views:
        parts.append(f"views {views[0]['detail'].get('old')} -> {views[-1]['detail'].get('new')}")
    if counts[ChangeKind.SOURCE_GONE]:
        parts.append("page gone")
    if counts[ChangeKind.EXTRACTION_FAILED]:
        parts.append("no article found")
    for c in changes:
        if c["kind"] == ChangeKind.FETCH_FAILED:
            parts.append("fetching recovered" if c["detail"].get("recovered") else "fetching fails")
    return ", ".join(parts) or _plural(len(changes), "change", "changes")


def _until(now: dt.datetime, zone: dt.tzinfo) -> str:
    """A digest's end as its readers' clocks show it (TRACKER_TIMEZONE): `2026-12-02 09:00
    CET`."""
    return f"{clock(now, zone, seconds=False)} {zone_name(zone, now)}"


def subject_of(sections: Sequence[Section], digest: str | None = None) -> str:
    """The line that sums an alert up: an email's subject, a chat message's title."""
    all_changes = [c for s in sections for c in s.changes]
    if digest is None and len(sections) == 1:
        return f"[tracker] {sections[0].source} - {summarize(all_changes)}"
    return (
        f"[tracker] {digest or 'Digest'}: {_plural(len(all_changes), 'change', 'changes')} "
        f"on {_plural(len(sections), 'page', 'pages')}"
    )


def markdown_body(
    sections: Sequence[Section],
    *,
    digest: str | None = None,
    templates_dir: Path | None = None,
    now: dt.datetime | None = None,
    zone: dt.tzinfo = dt.UTC,
) -> str:
    """A short message for chat and push services: the change list and the report's link."""
    now = now or dt.datetime.now(dt.UTC)
    context = {
        "sections": sections,
        "digest": digest,
        "now": now,
        "until": _until(now, zone),
        "summarize": summarize,
    }
    return environment(templates_dir).get_template("alert.md.j2").render(context).strip()


def build_message(
    sections: Sequence[Section],
    *,
    sender: str,
    recipient: str,
    msg_id: str,
    digest: str | None = None,
    templates_dir: Path | None = None,
    now: dt.datetime | None = None,
    unsubscribe: str | None = None,
    zone: dt.tzinfo = dt.UTC,
) -> EmailMessage:
    """One multipart (text + HTML) email for one check of a source, or a digest of several.

    `unsubscribe`: the one-click link that ends this recipient's subscription (RFC 8058).
    """
    now = now or dt.datetime.now(dt.UTC)
    subject = subject_of(sections, digest)
    env = environment(templates_dir)
    context = {
        "sections": sections,
        "subject": subject,
        "digest": digest,
        "now": now,
        "until": _until(now, zone),
        "ops_of": ops_of,
        "summarize": summarize,
        "unsubscribe": unsubscribe,
    }
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(now)
    message["Message-ID"] = msg_id
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # quoted-printable: paragraphs are long lines, and SMTP refuses lines over 998 bytes
    message.set_content(env.get_template("alert.txt.j2").render(context), cte="quoted-printable")
    message.add_alternative(
        env.get_template("alert.html.j2").render(context), subtype="html", cte="quoted-printable"
    )
    return message
