"""The watch list as a file: `tracker export` and `tracker import`, `tracker add --from`.

Three formats: JSON (everything that defines each source, `store.source_definition`: a round
trip loses nothing), a plain list of URLs (one a line; `#` comments and blank lines skipped)
and OPML (each page an `<outline type="link">` with its name and its tags as categories).
OPML is read with defusedxml, which refuses entity declarations instead of expanding them.
A file that cannot be read is one line naming where it went wrong (a UsageError: exit 2),
and nothing of it is imported.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from tracker.alerts.subscriptions import Target, rules_from, subscribe, target_of
from tracker.errors import ConfigError, UsageError
from tracker.fetch import refused_host
from tracker.models import Source, Subscription
from tracker.store import (
    check_definition_value,
    define_source,
    definition_keys,
    lookup_source,
    source_definition,
)
from tracker.terminal import one_line
from tracker.vocabulary import Channel

FORMATS = ("json", "urls", "opml")
# What the JSON format says it is, so that another JSON file is not taken for a watch list.
JSON_KIND = "tracker-watchlist"
JSON_VERSION = 1


# --------------------------------------------------------------------------------------------
# Writing


def render(definitions: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """The watch list in `fmt`: definitions as store.source_definition gives them."""
    if fmt == "json":
        document = {"format": JSON_KIND, "version": JSON_VERSION, "sources": list(definitions)}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "urls":
        return "".join(f"{d['url']}\n" for d in definitions)
    if fmt == "opml":
        return _opml(definitions)
    raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _opml(definitions: Sequence[Mapping[str, Any]]) -> str:
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = "tracker: watched pages"
    body = ET.SubElement(opml, "body")
    for d in definitions:
        attrs = {"type": "link", "text": d.get("name") or d["url"], "url": d["url"]}
        if d.get("tags"):
            # OPML's categories: comma-separated, each a path from the root.
            attrs["category"] = ",".join(f"/{tag}" for tag in d["tags"])
        ET.SubElement(body, "outline", attrs)
    ET.indent(opml)
    return ET.tostring(opml, encoding="unicode", xml_declaration=True) + "\n"


# --------------------------------------------------------------------------------------------
# Reading


def detect_format(name: str | None, text: str) -> str:
    """The format of a file, by its name's ending, else by its first character."""
    ending = (name or "").lower().rpartition(".")[2]
    by_name = {"json": "json", "opml": "opml", "xml": "opml", "txt": "urls", "list": "urls"}
    if ending in by_name and name and "." in name:
        return by_name[ending]
    start = text.lstrip("\ufeff \t\r\n")[:1]
    return {"{": "json", "[": "json", "<": "opml"}.get(start, "urls")


def read_urls(text: str) -> list[str]:
    """URLs one a line; blank lines and `#` comments (whole lines, or after a URL) skipped."""
    urls: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if len(line.split()) > 1:
            raise UsageError(f"line {number}: one URL a line, not {one_line(line)[:80]!r}")
        urls.append(line)
    return urls


@dataclass
class Parsed:
    """What a file holds: source definitions, and what was left out of it, said."""

    definitions: list[dict[str, Any]]
    left_out: list[str] = field(default_factory=list)


def read(text: str, fmt: str) -> Parsed:
    """The definitions a file holds, or a UsageError naming what is wrong and where."""
    if fmt == "urls":
        return Parsed([{"url": url} for url in read_urls(text)])
    if fmt == "json":
        return Parsed(_read_json(text))
    if fmt == "opml":
        return _read_opml(text)
    raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _read_json(text: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(document, dict):
        if document.get("format") not in (None, JSON_KIND):
            raise UsageError(f"not a tracker watch list: format {document.get('format')!r}")
        if document.get("version", JSON_VERSION) != JSON_VERSION:
            raise UsageError(f"watch list version {document.get('version')!r} is not one we read")
        items = document.get("sources")
    else:
        items = document
    if not isinstance(items, list):
        raise UsageError('not a tracker watch list: expected {"sources": [...]} or a list')
    source_keys, _ = definition_keys()
    definitions: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        where = f"sources[{index}]"
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise UsageError(f"{where}: expected a URL or an object with a url")
        unknown = sorted(set(item) - source_keys)
        if unknown:
            raise UsageError(f"{where}: unknown field {one_line(unknown[0])[:60]!r}")
        definitions.append(item)
    return definitions


def _read_opml(text: str) -> Parsed:
    # defusedxml: a document that declares entities is refused, never expanded.
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(text.lstrip("\ufeff"))
    except DefusedXmlException:
        raise UsageError("not OPML: the document declares XML entities (refused)") from None
    except ET.ParseError as exc:
        raise UsageError(f"not OPML: {exc}") from None
    if root.tag != "opml" or root.find("body") is None:
        raise UsageError(f"not OPML: the document is <{one_line(str(root.tag))[:40]}>")
    parsed = Parsed([])
    skipped = 0
    for outline in root.iter("outline"):
        url = outline.get("url") or outline.get("htmlUrl")
        if not url:
            # A folder (its outlines are read too), or a feed without its page's address.
            skipped += 0 if len(outline) else 1
            continue
        definition: dict[str, Any] = {"url": url.strip()}
        name = (outline.get("title") or outline.get("text") or "").strip()
        if name and name != definition["url"]:
            definition["name"] = name
        tags = [
            part.strip().rstrip("/").rpartition("/")[2]
            for part in (outline.get("category") or "").split(",")
        ]
        if any(tags):
            definition["tags"] = [tag for tag in tags if tag]
        parsed.definitions.append(definition)
    if skipped:
        parsed.left_out.append(
            f"{skipped} outline{'s' if skipped != 1 else ''} without a page address "
            "(a feed: follow it with `tracker follow FEED`)"
        )
    return parsed


# --------------------------------------------------------------------------------------------
# Importing


@dataclass
class Imported:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def words(self, *, update: bool) -> str:
        parts = [f"{self.added} added"]
        if update:
            parts.append(f"{self.updated} updated")
            if self.unchanged:
                parts.append(f"{self.unchanged} unchanged")
        elif self.skipped:
            parts.append(
                f"{self.skipped} skipped (already watched; --update makes them as the file says)"
            )
        return ", ".join(parts)


def import_definitions(
    session: Session,
    definitions: Iterable[Mapping[str, Any]],
    *,
    default_interval: int,
    update: bool,
    allow_private_networks: bool,
    allow_http_webhooks: bool,
) -> Imported:
    """Add (or with `update`, make as they say) the sources of a watch list, in the caller's
    transaction: a definition that cannot be used stops the whole import with a UsageError
    naming it, and the caller's rollback leaves the database as it was."""
    done = Imported()
    seen: set[int] = set()
    for index, definition in enumerate(definitions):
        url = str(definition.get("url", ""))
        try:
            outcome = _import_one(
                session,
                definition,
                seen,
                default_interval=default_interval,
                update=update,
                allow_private_networks=allow_private_networks,
                allow_http_webhooks=allow_http_webhooks,
            )
        except UsageError as exc:
            raise UsageError(f"source {index + 1} ({one_line(url)[:100]}): {exc}") from None
        setattr(done, outcome, getattr(done, outcome) + 1)
    return done


def _import_one(
    session: Session,
    definition: Mapping[str, Any],
    seen: set[int],
    *,
    default_interval: int,
    update: bool,
    allow_private_networks: bool,
    allow_http_webhooks: bool,
) -> str:
    from tracker.urls import validate_url

    url = definition.get("url")
    if not isinstance(url, str):
        raise UsageError("url: a URL is needed")
    try:
        reason = refused_host(validate_url(url), allow_private_networks=allow_private_networks)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if reason is not None:
        raise UsageError(reason)
    existing = lookup_source(session, url)
    if existing is not None and existing.id in seen:
        return "skipped"  # the same page twice in one file: the first one counts
    subs = definition.get("subscriptions")
    targets = None if subs is None else _targets(subs, allow_http=allow_http_webhooks)
    before = source_definition(existing) if existing is not None and update else None
    source, outcome = define_source(
        session, definition, default_interval=default_interval, update=update
    )
    seen.add(source.id)
    if outcome == "skipped":
        return outcome
    if targets is not None:
        _replace_subscriptions(session, source, targets)
    if before is not None and source_definition(source) == before:
        return "unchanged"
    return outcome


@dataclass(frozen=True)
class _Wanted:
    target: Target
    rules: Any
    extra: dict[str, Any]


_RULE_KEYS = frozenset(
    {
        "channel",
        "address",
        "secret",
        "kinds",
        "significance",
        "min_views_delta",
        "min_views_percent",
        "mode",
        "digest_hour",
    }
)


def _targets(subs: Any, *, allow_http: bool) -> list[_Wanted]:
    """The subscriptions of a definition, each checked as `tracker subscribe` checks it."""
    if not isinstance(subs, list):
        raise UsageError("subscriptions: expected a list")
    _, sub_keys = definition_keys()
    wanted: list[_Wanted] = []
    for index, sub in enumerate(subs):
        where = f"subscriptions[{index}]"
        if not isinstance(sub, dict) or not isinstance(sub.get("address"), str):
            raise UsageError(f"{where}: expected an object with a channel and an address")
        unknown = sorted(set(sub) - sub_keys)
        if unknown:
            raise UsageError(f"{where}: unknown field {one_line(unknown[0])[:60]!r}")
        try:
            for key, value in sub.items():
                if key not in ("channel", "address"):
                    check_definition_value(Subscription, key, value)
            wanted.append(_wanted(sub, allow_http=allow_http))
        except UsageError as exc:
            raise UsageError(f"{where}: {exc}") from None
    return wanted


def _wanted(sub: Mapping[str, Any], *, allow_http: bool) -> _Wanted:
    channel = sub.get("channel") or Channel.EMAIL.value
    if channel not in {c.value for c in Channel}:
        raise UsageError(f"unknown channel {one_line(str(channel))[:40]!r}")
    address = sub["address"]
    checked = target_of(
        email=address if channel == Channel.EMAIL else None,
        webhook=address if channel == Channel.WEBHOOK else None,
        apprise=address if channel == Channel.APPRISE else None,
        allow_http=allow_http,
    )
    secret = sub.get("secret")
    if secret is not None and not 16 <= len(secret) <= 200:
        raise UsageError("secret: 16 to 200 characters")
    rules = rules_from(
        kinds=sub.get("kinds") or (),
        significance=sub.get("significance") or (),
        min_views_delta=sub.get("min_views_delta"),
        min_views_percent=sub.get("min_views_percent"),
        digest=sub.get("mode") or "immediate",
        digest_hour=sub.get("digest_hour"),
    )
    extra = {k: v for k, v in sub.items() if k not in _RULE_KEYS}
    return _Wanted(Target(checked.channel, checked.address, secret), rules, extra)


def _replace_subscriptions(session: Session, source: Source, wanted: list[_Wanted]) -> None:
    """Make `wanted` the source's subscriptions: the others go, and those it keeps keep
    their secrets unless the file gives one."""
    keys = {w.target.key for w in wanted}
    for sub in list(source.subscriptions):
        if sub.email not in keys:
            source.subscriptions.remove(sub)
    session.flush()
    for w in wanted:
        done = subscribe(session, source, w.target, w.rules)
        for key, value in w.extra.items():
            setattr(done.subscription, key, value)
    session.flush()
    session.refresh(source, ["subscriptions"])
