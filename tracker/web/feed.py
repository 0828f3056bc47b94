"""Atom feeds of change records (RFC 4287), built with ElementTree so every text is escaped."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

ATOM = "http://www.w3.org/2005/Atom"
# Category schemes: tracker's own names, not addresses anything is served at.
SIGNIFICANCE_SCHEME = "tag:tracker,2024:significance"
EDIT_SCHEME = "tag:tracker,2024:edit"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def entry_id(base_url: str, change_id: int | str) -> str:
    """A permanent id: a tag URI (RFC 4151) naming this tracker's host (`localhost` without
    a configured base URL) and the change, or the feed's path for a feed."""
    host = urlsplit(base_url).hostname or "localhost"
    what = f"change/{change_id}" if isinstance(change_id, int) else change_id
    return f"tag:{host},2024:tracker/{what}"


def atom_feed(
    records: Sequence[dict[str, Any]],
    *,
    title: str,
    feed_url: str,
    page_url: str,
    base_url: str,
    link_of: Callable[[dict[str, Any]], str],
    content_of: Callable[[dict[str, Any]], str],
    updated: dt.datetime,
    feed_id: str | None = None,
) -> bytes:
    """The feed document; `records` newest first, in the public change-record shape.

    `feed_id` defaults to `feed_url`, which must then be absolute."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", feed_id or feed_url)
    _sub(feed, "title", title)
    _sub(feed, "updated", (records[0]["detected_at"] if records else updated.isoformat()))
    _sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=page_url, type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", "tracker")
    _sub(feed, "generator", "tracker")
    for rec in records:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(base_url, rec["id"]))
        _sub(entry, "title", f"{rec['source']}: {rec['summary']}")
        _sub(entry, "updated", rec["detected_at"])
        _sub(entry, "published", rec["detected_at"])
        _sub(entry, "link", rel="alternate", href=link_of(rec), type="text/html")
        _sub(entry, "category", term=rec["kind"])
        detail = rec.get("detail") or {}
        # The kind of edit and its silence as categories of their own scheme, so a feed
        # reader can filter on them as tracker changes --significance does.
        for name in detail.get("significance") or []:
            _sub(entry, "category", term=str(name), scheme=SIGNIFICANCE_SCHEME, label=str(name))
        if detail.get("silent") is True:
            _sub(entry, "category", term="silent", scheme=EDIT_SCHEME, label="silent edit")
        _sub(entry, "summary", rec["summary"], type="text")
        _sub(entry, "content", content_of(rec), type="html")
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
